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

from phakhee.api.deps import Settings, Store
from phakhee.api.routers.web.common import TAG, Lang, check_csrf, may_write, page
from phakhee.api.routers.web.upload_report import Reason, reason, said, view
from phakhee.api.uploads import (
    FIX_FILE,
    SUFFIXES,
    TOKEN,
    Upload,
    keep,
    parse_place,
    refused_file,
    run_load,
)
from phakhee.graph.errors import InvalidInput
from phakhee.graph.store import GraphStore
from phakhee.loaders.load import LoadReport
from phakhee.loaders.template_writer import write_template
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
    settings: Settings,
    file: Annotated[UploadFile, File()],
    key: Annotated[str, Form(max_length=200)] = "",
    scope: Annotated[str, Form(max_length=120)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Keep the file under a new token and show its dry run: what it would create, update and
    leave, each refused row and why, and what its scope would remove."""
    check_csrf(request, csrf)
    scope, name = scope.strip(), Path(file.filename or "").name
    refused = _refusal(lang, may_write(request, key), name, scope)
    if refused:
        return _form(request, lang, *refused, scope=scope)
    waiting = keep(name, scope, file.file, settings.max_upload_mb * 2**20)
    if waiting is None:
        return _form(request, lang, 413, said(lang, N_("The file is too large")))
    return _dry_run(request, lang, store, waiting)


@router.post("/upload/confirm")
def confirm(
    request: Request,
    lang: Lang,
    store: Store,
    token: Annotated[str, Form(max_length=100)],
    key: Annotated[str, Form(max_length=200)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Load the dry run's bytes for real and show what it did; if the store changed since the
    dry run, run the dry run again and show its new report instead."""
    check_csrf(request, csrf)
    if not may_write(request, key):
        return _form(request, lang, 401, said(lang, WRONG_KEY))
    waiting = Upload.open(token)
    if waiting is None:
        gone = N_("That upload is no longer kept (an hour at most); please upload it again.")
        return _form(request, lang, 404, said(lang, gone))
    if store.version() != waiting.version:
        return _dry_run(request, lang, store, waiting, changed=True)
    report, _ = run_load(store, waiting, dry_run=False)
    waiting.loaded()
    return _report(request, lang, waiting, report)


@router.get("/upload/{token}/{name}")
def refused_rows(
    token: Annotated[str, PathParam(pattern=TOKEN)],
    name: Annotated[str, PathParam(pattern=FIX_FILE)],
) -> Response:
    """The refused rows of an upload as CSV (UTF-8 with BOM, for Excel): every row with its sheet,
    row and reason (``refused.csv``), or one sheet's rows with their cells, to fix and upload
    again (``refused.SHEET.csv``)."""
    path = refused_file(token, name)
    if path is None:
        raise HTTPException(404, "no such refused rows (they are kept an hour)")
    return FileResponse(
        path,
        media_type="text/csv; charset=utf-8",
        filename=name,
        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"},
    )


def _refusal(lang: LangCode, allowed: bool, name: str, scope: str) -> tuple[int, Reason] | None:
    """Why the form is answered before anything is kept (a wrong key, a file of a kind the
    loader does not read, a scope that is no place), with its status; None if it is not."""
    if not allowed:
        return 401, said(lang, WRONG_KEY)
    if Path(name).suffix.lower() not in SUFFIXES:
        return 422, said(lang, N_("Choose an .xlsx or .csv file."))
    if scope:
        try:
            parse_place(scope)
        except InvalidInput as e:
            return 200, reason(lang, "", "", str(e))  # "did you mean": the form, kept filled
    return None


def _dry_run(
    request: Request, lang: LangCode, store: GraphStore, waiting: Upload, **ctx: Any
) -> Response:
    """The dry run of ``waiting`` as its report page, the upload kept at the store's version it
    read; the form again, the upload discarded, when the file cannot be read at all."""
    try:
        report, version = run_load(store, waiting, dry_run=True)
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
