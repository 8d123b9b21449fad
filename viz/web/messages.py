"""Keep the Thai catalogue whole: every message the pages say, extracted with Babel from the
templates and the page code, has its Thai, and the catalogue holds nothing no page says.

    python -m phakhee.viz.web.messages --check       # exit 1, naming them, if any is missing
    python -m phakhee.viz.web.messages --missing     # the untranslated ones, as a .po to fill in
    python -m phakhee.viz.web.messages --merge F.po  # take the Thai filled in F.po into the catalogue
    python -m phakhee.viz.web.messages --prune       # drop what no page says any more

The catalogue is written sorted and without source lines, so two people adding messages at once
touch different lines; a merge holds a lock on it while it reads and writes.
"""

from __future__ import annotations

import argparse
import fcntl
import io
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[2]
"""The repository (the messages are extracted from its source files)."""
SOURCES = ("viz/web", "api/routers/web")
"""Where the pages' messages are written."""
METHODS = [
    ("**/templates/**.html", "jinja2", {"extensions": "jinja2.ext.i18n", "trim_blocks": "true"}),
    ("**.py", "python", {}),
]
THAI = ROOT / "viz/web/locale/th/LC_MESSAGES/messages.po"


def _method_map() -> tuple[list[tuple[str, str]], dict[str, dict[str, str]]]:
    return [(p, m) for p, m, _ in METHODS], {p: o for p, _, o in METHODS if o}


def said() -> dict[str, list[str]]:
    """Every message the pages say, with where (``path:line``)."""
    found: dict[str, list[str]] = {}
    method_map, options = _method_map()
    keywords = {"_": None, "gettext": (2,), "N_": None, "ngettext": (1, 2)}
    for folder in SOURCES:
        for path, line, message, _comments, _ctx in extract_from_dir(
            ROOT / folder, method_map, options, keywords=keywords
        ):
            for m in message if isinstance(message, tuple) else (message,):
                if m:
                    found.setdefault(m, []).append(f"{folder}/{path}:{line}")
    return found


def _read() -> Catalog:
    with THAI.open("rb") as f:
        return read_po(f, locale="th_TH")


def _write(catalog: Catalog) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, no_location=True, omit_header=False, sort_output=True)
    THAI.write_bytes(buffer.getvalue())


def problems() -> Iterator[str]:
    """What is wrong with the Thai catalogue: messages without Thai, and Thai for none."""
    catalog = _read()
    messages = said()
    for m, where in sorted(messages.items()):
        entry = catalog.get(m)
        if entry is None or not entry.string:
            yield f"no Thai for {m!r} ({where[0]})"
    for entry in catalog:
        if entry.id and entry.id not in messages:
            yield f"no page says {entry.id!r} (--prune drops it)"


def missing() -> str:
    """The messages without Thai, as a .po to fill in and ``--merge``."""
    catalog = _read()
    out = Catalog(locale="th_TH")
    for m, where in sorted(said().items()):
        entry = catalog.get(m)
        if entry is None or not entry.string:
            out.add(
                m, "", locations=[(w.rsplit(":", 1)[0], int(w.rsplit(":", 1)[1])) for w in where]
            )
    buffer = io.BytesIO()
    write_po(buffer, out, width=0, omit_header=True)
    return buffer.getvalue().decode("utf-8")


def merge(filled: Path) -> int:
    """Take every filled-in Thai of ``filled`` into the catalogue (under a lock); how many."""
    with filled.open("rb") as f:
        given = read_po(f, locale="th_TH")
    with (THAI.parent / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        catalog = _read()
        n = 0
        for entry in given:
            if entry.id and entry.string:
                catalog.add(entry.id, entry.string)
                n += 1
        _write(catalog)
    return n


def prune() -> int:
    """Drop the Thai of messages no page says; how many."""
    messages = said()
    with (THAI.parent / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        catalog = _read()
        gone = [e.id for e in catalog if e.id and e.id not in messages]
        for m in gone:
            del catalog[m]
        _write(catalog)
    return len(gone)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--check", action="store_true")
    group.add_argument("--missing", action="store_true")
    group.add_argument("--merge", type=Path, metavar="FILE")
    group.add_argument("--prune", action="store_true")
    args = parser.parse_args(argv)
    if args.check:
        wrong = list(problems())
        print("\n".join(wrong) or "the Thai catalogue is whole")
        return 1 if wrong else 0
    if args.missing:
        sys.stdout.write(missing())
    elif args.merge:
        print(f"{merge(args.merge)} messages taken")
    else:
        print(f"{prune()} messages dropped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
