"""What every export says about itself: when, graph version, scope, redaction, program version.

A redacted export names the fields it withheld (``withheld_fields``), so that loading it back
leaves those fields as they are stored (``loaders.load``) instead of reading them as empty.
An export of everything, a region or a province says how much of it the network's work reaches
(``district_coverage``: districts with work / all districts, ``queries.analytics.coverage``), and
a province's names its districts without work (``districts_without_work``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, version

import networkx as nx

from phakhee.queries.analytics.coverage import COUNTRY, coverage, district_name


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
    district_coverage: str | None = None
    """``with work/all`` districts of the export's place (``6/15``); None for a topic or ego."""
    districts_without_work: tuple[str, ...] | None = None
    """A province export's districts without work, by Thai name."""

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


def coverage_fields(graph: nx.MultiDiGraph, scope: object) -> dict[str, object]:
    """The coverage an export of ``graph`` in ``scope`` (a ``Scope``) carries in its metadata:
    ``district_coverage`` for everything, a region or a province; the province's districts
    without work too. Empty for a topic or an ego network."""
    kind, place = getattr(scope, "kind", "all"), getattr(scope, "id", "")
    if kind not in ("all", "province", "region"):
        return {}
    reach = coverage(graph).get(COUNTRY if kind == "all" else place)
    if reach is None:
        return {}
    out: dict[str, object] = {"district_coverage": f"{reach.with_work}/{reach.districts}"}
    if kind == "province":
        out["districts_without_work"] = tuple(district_name(d) for d in reach.without)
    return out
