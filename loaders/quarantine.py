"""Rows that did not land, each with where it was and why, written back as CSV to fix and reload."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Quarantined:
    """One refused row: file, sheet, row number, the column at fault, a plain reason, and its cells."""

    file: str
    sheet: str
    row: int
    column: str
    error: str
    values: dict[str, str] = field(default_factory=dict)


def naming(column: str, message: str) -> str:
    """A refusal as one statement that names its column once: ``message`` as it is when it
    begins with the column ("person 'X' is not in this load"), else "COLUMN: message"."""
    if not column or re.match(rf"{re.escape(column)}\b", message):
        return message
    return f"{column}: {message}"


def write_report(rows: list[Quarantined], path: Path) -> list[Path]:
    """The report at ``path`` (every refused row), and beside it one CSV per sheet to fix and reload.

    The per-sheet files (``<stem>.<sheet>.csv``) keep the sheet's own columns plus ``error``, so
    after fixing the cells they load again as that sheet (the ``error`` column is ignored).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    written = [path]
    with path.open("w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow(["file", "sheet", "row", "column", "error"])
        for q in rows:
            w.writerow([q.file, q.sheet, q.row, q.column, q.error])
    by_sheet: dict[str, list[Quarantined]] = defaultdict(list)
    for q in rows:
        by_sheet[q.sheet].append(q)
    for sheet, items in sorted(by_sheet.items()):
        columns = list(dict.fromkeys(k for q in items for k in q.values))
        target = path.with_name(f"{path.stem}.{sheet}.csv")
        with target.open("w", newline="", encoding="utf-8-sig") as f:
            w = csv.writer(f)
            w.writerow([*columns, "error"])
            for q in items:
                w.writerow(
                    [
                        *(q.values.get(c, "") for c in columns),
                        f"row {q.row}: {naming(q.column, q.error)}",
                    ]
                )
        written.append(target)
    return written
