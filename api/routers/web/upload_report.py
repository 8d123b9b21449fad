"""The upload pages' report: what a load or dry run did, as the report page shows it in the
reader's language.

A loader's ``LoadReport`` becomes a ``Report``: one line per kind with the sheets it came from
(created, updated, unchanged, refused), each refused row with its sheet and column by the
template's Thai names and its reason in Thai where the catalogue has the loaders' words for it
(the English beside it otherwise), and what a load with a scope would remove.

It lives under ``api/routers/web/`` because the catalogue's messages are extracted from there
(``viz.web.messages``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from phakhee.api.routers.web import policy_words
from phakhee.loaders.load import LoadReport
from phakhee.loaders.quarantine import Quarantined
from phakhee.loaders.sheets import NODE_SHEETS, TIE_SHEETS
from phakhee.viz.web import catalogue
from phakhee.viz.web.catalogue import Lang as LangCode
from phakhee.viz.web.links import PATHS
from phakhee.viz.web.words import KIND, N_

SHOWN = 200
"""How many refused rows, and nodes a sync would remove, the report lists (the rest counted)."""
SHEETS = {s.name: s for s in (*NODE_SHEETS, *TIE_SHEETS)}
"""The template's sheets by name, for their Thai titles and columns."""
TIES: dict[str, str] = {
    "member_of": N_("team membership"),
    "located_in": N_("location (province or region)"),
    "works_on": N_("work on a topic"),
    "has_skill": N_("skill"),
    "authored": N_("authorship"),
    "about": N_("about a topic"),
    "partners_with": N_("partnership"),
    "liaises_with": N_("liaison with a partner"),
    "attended": N_("attendance"),
    "held_by": N_("host of an event"),
    "presented_at": N_("presentation at an event"),
    "knows": N_("acquaintance"),
    "assessed": N_("assessment of a team"),
}
"""Each kind of tie, as the report names what a sheet gave."""


@dataclass(frozen=True, slots=True)
class Count:
    """One line of the report's table: what one sheet (or several) gave of one kind."""

    sheet: str
    kind: str
    created: int
    updated: int
    unchanged: int
    refused: int


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a row was refused, in the reader's language; ``english`` is the loader's own words,
    ``translated`` whether the Thai says all of it; ``names`` what it may have meant."""

    text: str
    english: str
    translated: bool
    names: list[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class RefusedRow:
    """A refused row: where it was, the column at fault, its name cell, why."""

    sheet: str
    row: int
    column: str
    name: str
    reason: Reason


@dataclass(frozen=True, slots=True)
class Removal:
    """A node a load with a scope would remove (or only unlocate from the scope)."""

    id: str
    kind: str
    name: str
    unlocate: bool
    ties: int


@dataclass(frozen=True, slots=True)
class Report:
    """Everything the report page shows of one load or dry run."""

    written: bool
    counts: list[Count]
    refused: list[RefusedRow]
    refused_total: int
    examples: int
    scope: str
    removals: list[Removal]
    removals_total: int
    blocked: bool
    removed_nodes: int
    removed_ties: int


def kind_label(lang: LangCode, kind: str) -> str:
    """A kind of node or tie, as the report names it."""
    message = KIND.get(kind) or TIES.get(kind)
    return catalogue.gettext(lang, message) if message else kind


def sheet_label(sheet: str) -> str:
    """A sheet by the template's Thai title and its name (``บุคคล (people)``), or its name."""
    known = SHEETS.get(sheet)
    return f"{known.thai} ({sheet})" if known else sheet


def _column_label(sheet: str, column: str) -> str:
    """A column by the template's Thai name and its key (``จังหวัด (province)``), or its key."""
    known = SHEETS.get(sheet)
    for c in known.columns if known else ():
        if c.key == column:
            return f"{c.thai} ({c.key})"
    return column


_NAMED = re.compile(r"'([^']*)' \(([a-z_]+:[^)\s]+)\)")
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(?P<column>[\w ]+): required$"), N_("%(column)s must be filled in")),
    (
        re.compile(r"^required columns missing: (?P<value>.+)$"),
        N_("The sheet lacks the columns that must be filled in: %(value)s"),
    ),
    (
        re.compile(
            r"^(?:province: )?province '(?P<value>.*)' is not one of Thailand's 77 provinces"
        ),
        N_("'%(value)s' is not one of Thailand's 77 provinces"),
    ),
    (
        re.compile(r"^(?:region: )?region '(?P<value>.*)' is not one of: "),
        N_("'%(value)s' is not one of the regions"),
    ),
    (
        re.compile(r"^(?:[\w ]+: )?'(?P<value>.*)' names more than one "),
        N_("'%(value)s' names more than one entry; type its id instead"),
    ),
    (
        re.compile(
            r"^(?:[\w ]+: )?(?:[\w, ]+ )?'(?P<value>.*)' is not in this load nor in the graph"
        ),
        N_("'%(value)s' is neither in this file nor in the network"),
    ),
    (
        re.compile(r"^(?:[\w ]+: )?no [\w, ]+ '(?P<value>.*?)'(?:;|: |$)"),
        N_("'%(value)s' is neither in this file nor in the network"),
    ),
    (
        re.compile(r"^(?:[\w ]+: )?'(?P<value>.*)' is not a date"),
        N_("'%(value)s' is not a date (type it as 5/3/2567 or 5 มี.ค. 2567)"),
    ),
    (
        re.compile(r"^(?:[\w ]+: )?a year alone \((?P<value>[^)]*)\) is not enough here"),
        N_("A year alone (%(value)s) is not enough here: type the day too"),
    ),
    (
        re.compile(r"^(?:[\w ]+: )?'(?P<value>.*)' is not a number"),
        N_("'%(value)s' is not a number"),
    ),
    (
        re.compile(r"^(?:[\w ]+: )?'(?P<value>.*)' is not yes or no"),
        N_("'%(value)s' is not yes or no (ใช่ / ไม่ใช่)"),
    ),
    (
        re.compile(r"^(?:[\w ]+: )?[\w ]+ '(?P<value>.*)' is not one of"),
        N_("'%(value)s' is not one of the values this column takes"),
    ),
    (
        re.compile(r"^(?P<value>\S+(?: and \S+)?) does not exist$"),
        N_("%(value)s is not in the network"),
    ),
]
"""The loaders' reasons (plain English statements) that have their words in the catalogue; any
other is shown in English under a heading in the reader's language."""


def reason(lang: LangCode, sheet: str, column: str, error: str) -> Reason:
    """The loaders' ``error`` for a row of ``sheet`` in the reader's language, with the names its
    "did you mean" (or "names more than one") offers, each ``(node id, name)``."""
    offered = error.partition("did you mean ")[2] or (
        error.partition(" names more than one ")[2] if "; use the id" in error else ""
    )
    names = [(i, n) for n, i in _NAMED.findall(offered) if i.partition(":")[0] in PATHS]
    if error in policy_words.REASONS:  # a row outside the places the uploader may change
        return Reason(policy_words.said(lang, error), error, True, [])
    for pattern, message in _PATTERNS:
        found = pattern.match(error)
        if found:
            values = found.groupdict()
            if "column" in values:
                values["column"] = _column_label(sheet, values["column"])
            return Reason(catalogue.gettext(lang, message, **values), error, True, names)
    return Reason(error, error, False, names)


def said(lang: LangCode, message: str, english: str = "") -> Reason:
    """A reason the upload page itself gives (a wrong key, a file too large), in ``lang``, with
    the loader's own words (``english``) if it passes them on."""
    return Reason(catalogue.gettext(lang, message), english, True, [])


def view(lang: LangCode, report: LoadReport) -> Report:
    """``report`` as the report page shows it in ``lang``."""
    rows = [q for q in report.quarantined if q.row]
    found = report.not_in_file
    return Report(
        written=report.written,
        counts=_counts(lang, report),
        refused=[_refused_row(lang, q) for q in rows[:SHOWN]],
        refused_total=len(rows),
        examples=sum(len(f.examples) for f in report.files),
        scope=found.scope,
        removals=[
            Removal(a.id, kind_label(lang, a.kind), a.name, a.action == "unlocate", a.ties)
            for a in found.nodes[:SHOWN]
        ],
        removals_total=len(found.nodes),
        blocked=bool(found.blocked),
        removed_nodes=found.removed_nodes,
        removed_ties=found.removed_ties,
    )


def _refused_row(lang: LangCode, q: Quarantined) -> RefusedRow:
    """A refused row as the report lists it: sheet and column by their Thai names, its name
    cell, why in ``lang``."""
    return RefusedRow(
        sheet_label(q.sheet),
        q.row,
        _column_label(q.sheet, q.column),
        q.values.get("name", ""),
        reason(lang, q.sheet, q.column, q.error),
    )


def _counts(lang: LangCode, report: LoadReport) -> list[Count]:
    """One line per kind and the sheets it came from; a sheet's refused rows on the line of the
    kind it is the sheet of (a sheet whose every row was refused gets a line of its own)."""
    refused = Counter(q.sheet for q in report.quarantined if q.row)
    lines: list[Count] = []
    placed: set[str] = set()
    for kind in (*report.results, *(k for k in report.parsed if k not in report.results)):
        sheets = sorted(report.sheets.get(kind, set()))
        own = [s for s in sheets if _sheet_kind(s) == kind or len(sheets) == 1]
        lines.append(
            _kind_line(lang, report, kind, sheets, sum(refused[s] for s in own if s not in placed))
        )
        placed.update(own)
    for sheet, n in refused.items():
        if sheet not in placed:
            kind = _sheet_kind(sheet)
            lines.append(
                Count(sheet_label(sheet), kind_label(lang, kind) if kind else "", 0, 0, 0, n)
            )
    return lines


def _kind_line(
    lang: LangCode, report: LoadReport, kind: str, sheets: list[str], refused: int
) -> Count:
    """The line of ``kind``: the sheets it came from, what the load did (or would do) with it."""
    result = report.results.get(kind)
    return Count(
        ", ".join(sheet_label(s) for s in sheets),
        kind_label(lang, kind),
        result.created if result else 0,
        result.updated if result else 0,
        result.unchanged if result else 0,
        refused,
    )


def _sheet_kind(sheet: str) -> str:
    """The kind of node or tie a template sheet is for, or ''."""
    known = SHEETS.get(sheet)
    kind = known and (known.node or known.tie)
    return kind.value if kind else ""
