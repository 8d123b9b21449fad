"""``GET /export/{format}``: the graph or a part of it as a file; contact fields only with a write key."""

from __future__ import annotations

import os
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool

from phakhee.api.deps import (
    Asker,
    CurrentVersion,
    FormatName,
    require,
    require_read,
)
from phakhee.api.export_files import HTML, file_type, write_temp
from phakhee.graph.access import Action, Principal
from phakhee.queries.records.exports import ExportMeta
from phakhee.queries.records.exports.meta import text
from phakhee.viz.page import csp

router = APIRouter(tags=["exports"], dependencies=[Depends(require_read)])
ScopeText = Annotated[
    str | None,
    Query(
        max_length=300,
        description="all (default), province=P, region=R, topic=T or ego=ID; P, R, T and ID "
        "an id or a name (จังหวัดน่าน, Nan, a topic's or a person's name).",
        pattern=r"^(all|(province|region|topic|ego)=[^\x00-\x1f\x7f]{1,250})$",
    ),
]
RedactFlag = Annotated[
    bool,
    Query(description="false keeps phone, email, LINE id and address: needs a write key."),
]


def check_redaction(asker: Principal, redact: bool) -> None:
    """Unredacted exports hold personal data (PDPA): only for whom the policy allows them."""
    if not redact:
        require(asker, Action.EXPORT_UNREDACTED)


def file_response(written: tuple[str, ExportMeta], format: str, name: str) -> FileResponse:
    """Serve a finished temporary file, deleted after it is sent; metadata in X-Phakhee-* headers."""
    path, meta = written
    extension, media_type = file_type(format)
    headers = {
        f"X-Phakhee-{k.replace('_', '-').title()}": text(v) for k, v in meta.as_dict().items()
    }
    if format == HTML:  # a download, but a browser may still open it: only its own scripts run
        headers |= {"Content-Security-Policy": csp(), "X-Content-Type-Options": "nosniff"}
    return FileResponse(
        path,
        media_type=media_type,
        filename=f"{name}.{extension}",
        headers=headers,
        background=BackgroundTask(os.unlink, path),
    )


@router.get(
    "/export/{format}",
    response_class=FileResponse,
    responses={200: {"description": "The export file; its metadata also in X-Phakhee-* headers."}},
)
async def export_graph(
    format: FormatName,
    gv: CurrentVersion,
    asker: Asker,
    scope: ScopeText = None,
    redact: RedactFlag = True,
) -> FileResponse:
    """The current graph (or the part in scope) as a file: Gephi, GraphML, JSON, CSV zip, Cypher, Excel, or the view as one offline HTML page."""
    check_redaction(asker, redact)
    written = await run_in_threadpool(
        write_temp,
        gv,  # its centrality and layout are computed once per graph version
        format,
        scope=scope,
        redact=redact,
    )
    return file_response(written, format, f"phakhee-v{gv.version}")
