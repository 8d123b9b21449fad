"""Pages: upload a workbook from the browser — always a dry run first, its report in Thai, then
the confirmed load.

The file goes through the one loader ``POST /load`` uses (``loaders.load.load_files``, with the
same options). Between the dry run and the confirm its bytes wait on the server, under the system
temp folder in a folder named by a random token, for an hour at most; the confirm loads exactly
those bytes, unless the store changed meanwhile, when it runs the dry run again instead of
loading blindly.
The refused rows are the loaders' own refused-rows files (``loaders.quarantine.write_report``),
each cell that a spreadsheet would run as a formula defused first.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
import secrets
import shutil
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Request, Response, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import FileResponse

from phakhee.api.deps import Settings, Store
from phakhee.api.routers.web.common import TAG, Lang, form_key_ok, page
from phakhee.graph.errors import InvalidInput
from phakhee.graph.store import GraphStore
from phakhee.loaders.load import LoadReport, load_files
from phakhee.loaders.quarantine import write_report
from phakhee.loaders.sheets import NODE_SHEETS, TIE_SHEETS
from phakhee.loaders.sync import Scope, parse_scope
from phakhee.loaders.template_writer import write_template
from phakhee.viz.web import catalogue
from phakhee.viz.web.catalogue import Lang as LangCode
from phakhee.viz.web.links import PATHS
from phakhee.viz.web.words import KIND, N_

router = APIRouter(tags=[TAG], include_in_schema=False)

UPLOADS = Path(tempfile.gettempdir()) / "phakhee-uploads"
"""Where uploads wait for their confirm: one folder per token."""
KEEP_S = 3600
"""How long an upload waits for its confirm (and its refused rows for their download)."""
TOKEN = r"^[A-Za-z0-9_-]{32,64}$"
"""What a token looks like (``secrets.token_urlsafe(32)``)."""
SUFFIXES = frozenset({".xlsx", ".csv", ".zip", ".json"})
"""The kinds of file the loader reads, by suffix; the form offers the first two."""
SHOWN = 200
"""How many refused rows, and nodes a sync would remove, the report lists (the rest counted)."""
FIX_FILE = r"^refused(\.[a-z_]{1,40})?\.csv$"
"""The refused-rows files an upload's folder may hand out."""
FORMULA = ("=", "+", "-", "@", "\t", "\r")
"""What a cell may not begin with in a CSV we hand out: a spreadsheet would run it."""
SHEETS = {s.name: s for s in (*NODE_SHEETS, *TIE_SHEETS)}
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


# -- the report, as the page shows it ----------------------------------------------------------


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
    refused_sheets: list[tuple[str, int]]
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
    for pattern, message in _PATTERNS:
        found = pattern.match(error)
        if found:
            values = found.groupdict()
            if "column" in values:
                values["column"] = _column_label(sheet, values["column"])
            return Reason(catalogue.gettext(lang, message, **values), error, True, names)
    return Reason(error, error, False, names)


def _counts(lang: LangCode, report: LoadReport) -> list[Count]:
    """One line per kind and the sheets it came from; a sheet's refused rows on the line of the
    kind it is the sheet of (a sheet whose every row was refused gets a line of its own)."""
    refused = Counter(q.sheet for q in report.quarantined if q.row)
    lines: list[Count] = []
    placed: set[str] = set()
    for kind in (*report.results, *(k for k in report.parsed if k not in report.results)):
        sheets = sorted(report.sheets.get(kind, set()))
        result = report.results.get(kind)
        own = [s for s in sheets if _sheet_kind(s) == kind or len(sheets) == 1]
        lines.append(
            Count(
                ", ".join(sheet_label(s) for s in sheets),
                kind_label(lang, kind),
                result.created if result else 0,
                result.updated if result else 0,
                result.unchanged if result else 0,
                sum(refused[s] for s in own if s not in placed),
            )
        )
        placed.update(own)
    for sheet, n in refused.items():
        if sheet not in placed:
            kind = _sheet_kind(sheet)
            lines.append(
                Count(sheet_label(sheet), kind_label(lang, kind) if kind else "", 0, 0, 0, n)
            )
    return lines


def _sheet_kind(sheet: str) -> str:
    """The kind of node or tie a template sheet is for, or ''."""
    known = SHEETS.get(sheet)
    kind = known and (known.node or known.tie)
    return kind.value if kind else ""


def view(lang: LangCode, report: LoadReport) -> Report:
    """``report`` as the report page shows it in ``lang``."""
    rows = [q for q in report.quarantined if q.row]
    found = report.not_in_file
    removals = [
        Removal(a.id, kind_label(lang, a.kind), a.name, a.action == "unlocate", a.ties)
        for a in found.nodes[:SHOWN]
    ]
    return Report(
        written=report.written,
        counts=_counts(lang, report),
        refused=[
            RefusedRow(
                sheet_label(q.sheet),
                q.row,
                _column_label(q.sheet, q.column),
                q.values.get("name", ""),
                reason(lang, q.sheet, q.column, q.error),
            )
            for q in rows[:SHOWN]
        ],
        refused_total=len(rows),
        refused_sheets=sorted(Counter(q.sheet for q in rows).items()),
        examples=sum(len(f.examples) for f in report.files),
        scope=found.scope,
        removals=removals,
        removals_total=len(found.nodes),
        blocked=bool(found.blocked),
        removed_nodes=found.removed_nodes,
        removed_ties=found.removed_ties,
    )


# -- the upload as it waits for its confirm -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Upload:
    """An upload waiting for its confirm: its folder, the file's own name, the scope typed (if
    any) and the store's version when its dry run ran."""

    token: str
    name: str
    scope: str
    version: int

    @property
    def folder(self) -> Path:
        return UPLOADS / self.token

    @property
    def path(self) -> Path:
        """The bytes, under the file's own name (a CSV file's name is the sheet it is), in a
        folder of their own (no name they have can be taken for the report's files)."""
        return self.folder / "file" / self.name

    def save(self) -> None:
        meta = {"name": self.name, "scope": self.scope, "version": self.version}
        (self.folder / "upload.json").write_text(json.dumps(meta), "utf-8")

    @classmethod
    def open(cls, token: str) -> Upload | None:
        """The upload ``token`` names, or None when there is none (or it waited too long)."""
        meta = UPLOADS / token / "upload.json"
        if not re.match(TOKEN, token) or not meta.is_file() or _age(meta) > KEEP_S:
            return None
        data = json.loads(meta.read_text("utf-8"))
        return cls(token, data["name"], data["scope"], data["version"])


def _age(path: Path) -> float:
    return time.time() - path.stat().st_mtime


def sweep() -> None:
    """Delete every upload older than ``KEEP_S``."""
    if not UPLOADS.is_dir():
        return
    for folder in UPLOADS.iterdir():
        try:
            if _age(folder) > KEEP_S:
                shutil.rmtree(folder, ignore_errors=True)
        except FileNotFoundError:
            continue


def defused(text: str) -> str:
    """``text`` as a CSV cell a spreadsheet shows and never runs: a leading ``'`` before = + - @."""
    return "'" + text if text.startswith(FORMULA) else text


def write_refused(upload: Upload, report: LoadReport) -> None:
    """The loaders' refused-rows files for ``report`` in the upload's folder (the file named by
    its own name, every cell defused), replacing those of an earlier run."""
    for old in upload.folder.glob("refused*.csv"):
        old.unlink()
    rows = [
        dataclasses.replace(
            q,
            file=defused(_named(upload, q.file)),
            sheet=defused(q.sheet),
            column=defused(q.column),
            error=defused(_named(upload, q.error)),
            values={k: defused(v) for k, v in q.values.items()},
        )
        for q in report.quarantined
    ]
    if rows:
        write_report(rows, upload.folder / "refused.csv")


def _named(upload: Upload, text: str) -> str:
    """``text`` naming the file by its own name, not the folder it waits in."""
    return text.replace(str(upload.path), upload.name)


def run(store: GraphStore, upload: Upload, *, dry_run: bool) -> tuple[LoadReport, int]:
    """The load of the upload's bytes, as ``POST /load`` runs it (a scope removes on a real
    load); the report and the store's version it started from. Raises InvalidInput when nothing
    in the file could be read (the file itself is refused)."""
    scope = parse_place(upload.scope) if upload.scope else None
    version = store.version()
    report = load_files(
        store, [upload.path], dry_run=dry_run, sync=scope, yes=scope is not None and not dry_run
    )
    if not report.parsed and report.quarantined and all(not q.row for q in report.quarantined):
        raise InvalidInput(_named(upload, report.quarantined[0].error), field="file")
    write_refused(upload, report)
    return report, version


def parse_place(text: str) -> Scope:
    """The scope a typed province or region names (``น่าน``, ``ภาคเหนือ``, ``province=nan``)."""
    if "=" in text:
        return parse_scope(text)
    try:
        return parse_scope(f"province={text}")
    except InvalidInput as first:
        try:
            return parse_scope(f"region={text}")
        except InvalidInput:
            raise first from None


# -- the pages ----------------------------------------------------------------------------------


def _form(
    request: Request, lang: LangCode, status: int = 200, problem: Reason | None = None, **ctx: Any
) -> Response:
    ctx.setdefault("scope", "")
    return page(request, lang, "upload.html", status, problem=problem, **ctx)


def _said(lang: LangCode, message: str, english: str = "") -> Reason:
    return Reason(catalogue.gettext(lang, message), english, True, [])


def _report(
    request: Request, lang: LangCode, upload: Upload, report: LoadReport, **ctx: Any
) -> Response:
    refused = sorted(
        p.name for p in upload.folder.glob("refused.*.csv") if re.match(FIX_FILE, p.name)
    )
    ctx.setdefault("changed", False)
    return page(
        request,
        lang,
        "upload_report.html",
        report=view(lang, report),
        upload=upload,
        fix_files=[(name.removeprefix("refused.").removesuffix(".csv"), name) for name in refused],
        **ctx,
    )


@router.get("/upload")
def upload_form(request: Request, lang: Lang) -> Response:
    """The form: a workbook or CSV file, the write key, and the blank template to download."""
    return _form(request, lang)


@router.get("/upload/template.xlsx")
def template() -> Response:
    """The blank template workbook (its sheets, headers, an example row, instructions)."""
    return Response(
        _template_bytes(),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={
            "Content-Disposition": 'attachment; filename="phakhee-template.xlsx"',
            "X-Content-Type-Options": "nosniff",
        },
    )


@functools.cache
def _template_bytes() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        return write_template(Path(folder) / "template.xlsx").read_bytes()


@router.post("/upload")
def upload(
    request: Request,
    lang: Lang,
    store: Store,
    settings: Settings,
    file: Annotated[UploadFile, File()],
    key: Annotated[str, Form(max_length=200)] = "",
    scope: Annotated[str, Form(max_length=120)] = "",
) -> Response:
    """Keep the file under a new token and show its dry run: what it would create, update and
    leave, each refused row and why, and what its scope would remove."""
    scope = scope.strip()
    if not form_key_ok(key):
        wrong = _said(lang, N_("That write key is not right; nothing was read."))
        return _form(request, lang, 401, wrong, scope=scope)
    name = Path(file.filename or "").name
    if Path(name).suffix.lower() not in SUFFIXES:
        return _form(
            request, lang, 422, _said(lang, N_("Choose an .xlsx or .csv file.")), scope=scope
        )
    if scope:
        try:
            parse_place(scope)
        except InvalidInput as e:
            return _form(request, lang, 200, reason(lang, "", "", str(e)), scope=scope)
    sweep()
    token = secrets.token_urlsafe(32)
    waiting = Upload(token, name, scope, 0)
    UPLOADS.mkdir(mode=0o700, exist_ok=True)
    waiting.path.parent.mkdir(mode=0o700, parents=True)
    limit, size = settings.max_upload_mb * 2**20, 0
    with waiting.path.open("wb") as out:
        while chunk := file.file.read(2**20):
            size += len(chunk)
            if size > limit:
                shutil.rmtree(waiting.folder, ignore_errors=True)
                return _form(request, lang, 413, _said(lang, N_("The file is too large")))
            out.write(chunk)
    return _dry_run(request, lang, store, waiting)


def _dry_run(
    request: Request, lang: LangCode, store: GraphStore, waiting: Upload, **ctx: Any
) -> Response:
    try:
        report, version = run(store, waiting, dry_run=True)
    except InvalidInput as e:
        shutil.rmtree(waiting.folder, ignore_errors=True)
        unread = _said(lang, N_("This file could not be read."), str(e))
        return _form(request, lang, 422, unread, scope=waiting.scope)
    waiting = dataclasses.replace(waiting, version=version)
    waiting.save()
    return _report(request, lang, waiting, report, **ctx)


@router.post("/upload/confirm")
def confirm(
    request: Request,
    lang: Lang,
    store: Store,
    token: Annotated[str, Form(max_length=100)],
    key: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Load the dry run's bytes for real and show what it did; if the store changed since the
    dry run, run the dry run again and show its new report instead."""
    if not form_key_ok(key):
        return _form(
            request, lang, 401, _said(lang, N_("That write key is not right; nothing was read."))
        )
    waiting = Upload.open(token)
    if waiting is None:
        gone = _said(
            lang, N_("That upload is no longer kept (an hour at most); please upload it again.")
        )
        return _form(request, lang, 404, gone)
    if store.version() != waiting.version:
        return _dry_run(request, lang, store, waiting, changed=True)
    report, _ = run(store, waiting, dry_run=False)
    waiting.path.unlink(missing_ok=True)
    (waiting.folder / "upload.json").unlink(missing_ok=True)
    return _report(request, lang, waiting, report)


@router.get("/upload/{token}/{name}")
def refused_file(
    token: Annotated[str, PathParam(pattern=TOKEN)],
    name: Annotated[str, PathParam(pattern=FIX_FILE)],
) -> Response:
    """The refused rows of an upload as CSV (UTF-8 with BOM, for Excel): every row with its sheet,
    row and reason (``refused.csv``), or one sheet's rows with their cells, to fix and upload
    again (``refused.SHEET.csv``)."""
    path = UPLOADS / token / name
    if not path.is_file() or _age(path) > KEEP_S:
        raise HTTPException(404, "no such refused rows (they are kept an hour)")
    return FileResponse(
        path,
        media_type="text/csv; charset=utf-8",
        filename=name,
        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"},
    )
