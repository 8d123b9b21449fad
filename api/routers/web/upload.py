"""Pages: upload a workbook from the browser — always a dry run first, its report in Thai, then
the confirmed load.

The file goes through the one loader ``POST /load`` uses, and waits on the server between its
dry run and its confirm for an hour at most (``api.uploads``); the confirm loads exactly those
bytes, unless the store changed meanwhile, when it runs the dry run again instead of loading
blindly. The report page shows ``upload_report.view`` of what the loader said.
"""

from __future__ import annotations

import dataclasses
import functools
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Request, Response, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import FileResponse

from phakhee.api.deps import Asker, CurrentVersion, Settings, Store, author_of
from phakhee.api.routers.web import policy_words
from phakhee.api.routers.web.common import TAG, Lang, check_csrf, form_principal, page
from phakhee.api.routers.web.upload_report import Reason, reason, said, view
from phakhee.api.uploads import (
    FIX_FILE,
    SUFFIXES,
    TOKEN,
    Upload,
    claim,
    keep,
    owns,
    parse_place,
    refused_file,
    run_load,
    screen_of,
)
from phakhee.graph.access import Principal
from phakhee.graph.audit import acting_as
from phakhee.graph.errors import Forbidden, InvalidInput, SignInNeeded
from phakhee.graph.store import GraphStore
from phakhee.loaders.load import LoadReport, Screen
from phakhee.loaders.template_writer import write_template
from phakhee.queries.cache import GraphVersion
from phakhee.viz.web.catalogue import Lang as LangCode
from phakhee.viz.web.words import N_

router = APIRouter(tags=[TAG], include_in_schema=False)

WRONG_KEY = N_("That write key is not right; nothing was read.")


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


@router.post("/upload")
def upload(
    request: Request,
    lang: Lang,
    store: Store,
    gv: CurrentVersion,
    settings: Settings,
    file: Annotated[UploadFile, File()],
    key: Annotated[str, Form(max_length=200)] = "",
    scope: Annotated[str, Form(max_length=120)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Keep the file under a new token and show its dry run: what it would create, update and
    leave, each refused row and why (rows outside the uploader's provinces too), and what its
    scope would remove."""
    check_csrf(request, csrf)
    scope, name = scope.strip(), Path(file.filename or "").name
    asker = form_principal(request, key)
    refused = _refusal(lang, name, scope)
    screen = refused or _screen(lang, asker, gv, scope)
    if isinstance(screen, tuple):
        return _form(request, lang, *screen, scope=scope)
    waiting = keep(name, scope, file.file, settings.max_upload_mb * 2**20)
    if waiting is None:
        return _form(request, lang, 413, said(lang, N_("The file is too large")))
    claim(waiting, asker, request)
    return _dry_run(request, lang, store, waiting, screen)


@router.post("/upload/confirm")
def confirm(
    request: Request,
    lang: Lang,
    store: Store,
    gv: CurrentVersion,
    token: Annotated[str, Form(max_length=100)],
    key: Annotated[str, Form(max_length=200)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Load the dry run's bytes for real and show what it did; if the store changed since the
    dry run, run the dry run again and show its new report instead. Only the uploader (or an
    administrator) confirms, and the rows the policy refuses them stay refused."""
    check_csrf(request, csrf)
    asker = form_principal(request, key)
    waiting = Upload.open(token) if owns(token, asker, request) else None
    screen = _screen(lang, asker, gv, waiting.scope if waiting else "")
    if isinstance(screen, tuple):
        return _form(request, lang, *screen)
    if waiting is None:
        gone = N_("That upload is no longer kept (an hour at most); please upload it again.")
        return _form(request, lang, 404, said(lang, gone))
    if store.version() != waiting.version:
        return _dry_run(request, lang, store, waiting, screen, changed=True)
    with acting_as(author_of(request, asker, "upload", waiting.token)):
        report, _ = run_load(store, waiting, dry_run=False, screen=screen)
    waiting.loaded()
    return _report(request, lang, waiting, report)


@router.get("/upload/{token}/{name}")
def refused_rows(
    request: Request,
    asker: Asker,
    token: Annotated[str, PathParam(pattern=TOKEN)],
    name: Annotated[str, PathParam(pattern=FIX_FILE)],
) -> Response:
    """The refused rows of an upload as CSV (UTF-8 with BOM, for Excel): every row with its sheet,
    row and reason (``refused.csv``), or one sheet's rows with their cells, to fix and upload
    again (``refused.SHEET.csv``). Their cells hold contacts: only for the account or browser
    that uploaded, or an administrator (anyone else is told there are none)."""
    path = refused_file(token, name) if owns(token, asker, request) else None
    if path is None:
        raise HTTPException(404, "no such refused rows (they are kept an hour)")
    return FileResponse(
        path,
        media_type="text/csv; charset=utf-8",
        filename=name,
        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"},
    )


def _screen(
    lang: LangCode, asker: Principal, gv: GraphVersion, scope: str
) -> Screen | tuple[int, Reason] | None:
    """What ``asker`` may upload (``uploads.screen_of``: None for everything), or why they may
    upload nothing here, with its status: a wrong key (401), the policy's reason (403)."""
    try:
        return screen_of(asker, gv, parse_place(scope) if scope else None)
    except SignInNeeded:
        return 401, said(lang, WRONG_KEY)
    except Forbidden as e:
        return 403, Reason(policy_words.said(lang, e.reason), e.reason, True, [])


def _refusal(lang: LangCode, name: str, scope: str) -> tuple[int, Reason] | None:
    """Why the form is answered before anything is kept (a file of a kind the loader does not
    read, a scope that is no place), with its status; None if it is not."""
    if Path(name).suffix.lower() not in SUFFIXES:
        return 422, said(lang, N_("Choose an .xlsx or .csv file."))
    if scope:
        try:
            parse_place(scope)
        except InvalidInput as e:
            return 200, reason(lang, "", "", str(e))  # "did you mean": the form, kept filled
    return None


def _dry_run(
    request: Request,
    lang: LangCode,
    store: GraphStore,
    waiting: Upload,
    screen: Screen | None,
    **ctx: Any,
) -> Response:
    """The dry run of ``waiting`` as its report page (``screen`` refusing the rows the uploader
    may not write), the upload kept at the store's version it read; the form again, the upload
    discarded, when the file cannot be read at all."""
    try:
        report, version = run_load(store, waiting, dry_run=True, screen=screen)
    except InvalidInput as e:
        waiting.discard()
        unread = said(lang, N_("This file could not be read."), str(e))
        return _form(request, lang, 422, unread, scope=waiting.scope)
    waiting = dataclasses.replace(waiting, version=version)
    waiting.save()
    return _report(request, lang, waiting, report, **ctx)


def _form(
    request: Request, lang: LangCode, status: int = 200, problem: Reason | None = None, **ctx: Any
) -> Response:
    """The upload form, with ``problem`` said above it."""
    ctx.setdefault("scope", "")
    return page(request, lang, "upload.html", status, problem=problem, **ctx)


def _report(
    request: Request, lang: LangCode, upload: Upload, report: LoadReport, **ctx: Any
) -> Response:
    """The report page of a dry run or load of ``upload``, with its refused rows to download."""
    ctx.setdefault("changed", False)
    return page(
        request,
        lang,
        "upload_report.html",
        report=view(lang, report),
        upload=upload,
        fix_files=upload.refused_sheets(),
        **ctx,
    )


@functools.cache
def _template_bytes() -> bytes:
    """The blank template, written once per process."""
    with tempfile.TemporaryDirectory() as folder:
        return write_template(Path(folder) / "template.xlsx").read_bytes()
