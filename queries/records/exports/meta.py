"""What every export says about itself: when, graph version, scope, redaction, program version.

A redacted export names the fields it withheld (``withheld_fields``), so that loading it back
leaves those fields as they are stored (``loaders.load``) instead of reading them as empty.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, version


@cache
def program_version() -> str:
    """phakhee's installed version (``0+unknown`` when run from a bare checkout)."""
    try:
        return version("phakhee")
    except PackageNotFoundError:
        return "0+unknown"


@dataclass(frozen=True, slots=True)
class ExportMeta:
    """The metadata an export carries in its own header (or beside it, in a zip)."""

    format: str
    graph_version: int
    scope: str = "all"
    redacted: bool = True
    exported_at: str = ""
    program: str = "phakhee"
    program_version: str = ""
    snapshot: str | None = None
    withheld_fields: tuple[str, ...] | None = None
    """The fields left out of every node (the privacy gate's personal fields) when redacted."""

    @classmethod
    def now(cls, format: str, graph_version: int, **kw: object) -> ExportMeta:
        """Metadata stamped with the current time (UTC) and this program's version."""
        stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        return cls(
            format,
            graph_version,
            exported_at=stamp,
            program_version=program_version(),
            **kw,  # type: ignore[arg-type]
        )

    def as_dict(self) -> dict[str, object]:
        """Plain data, for JSON headers and metadata sheets (lists as lists)."""
        return {
            k: list(v) if isinstance(v, tuple) else v
            for k, v in asdict(self).items()
            if v is not None
        }

    def line(self) -> str:
        """One line for comments and descriptions."""
        return "; ".join(f"{k}={text(v)}" for k, v in self.as_dict().items())


def text(value: object) -> str:
    """A metadata value as text: a list joined with commas."""
    return ",".join(map(str, value)) if isinstance(value, list) else str(value)
