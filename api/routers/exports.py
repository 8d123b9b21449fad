"""``GET /export/{format}``: the graph or a part of it as a file; contact fields only as the policy
allows them (``redact=false``)."""

from __future__ import annotations

import os
from typing import Annotated
from urllib.parse import quote

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
from phakhee.graph.access import Action, Principal, audience
from phakhee.graph.privacy import PUBLIC, Audience
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
    Query(
        description="false keeps phone, email, LINE id and address: for an administrator "
        "(or key) every one, for a coordinator or academic those of the people in their places."
    ),
]


def export_audience(asker: Principal, redact: bool) -> Audience:
    """Who an export is written for: anyone for a redacted one; unredacted ones hold personal
    data (PDPA), for whom the policy allows them: every contact for an administrator, those of
    their places for a coordinator or academic; refused (403, 401) to anyone else."""
    if redact:
        return PUBLIC
    seen = audience(asker)
    if not (seen.contacts or seen.contacts_at):
        require(asker, Action.EXPORT_UNREDACTED)
    return seen


def _header_value(value: str) -> str:
    """A header holds Latin-1 only: a value with anything else (a Thai district's name) is sent
    percent-encoded as UTF-8, as a URL would carry it."""
    return value if value.isascii() else quote(value, safe=" !\"#$&'()*+,-./:;<=>?@[]^_`{|}~")


def file_response(written: tuple[str, ExportMeta], format: str, name: str) -> FileResponse:
    """Serve a finished temporary file, deleted after it is sent; metadata in X-Phakhee-* headers."""
    path, meta = written
    extension, media_type = file_type(format)
    headers = {
        f"X-Phakhee-{k.replace('_', '-').title()}": _header_value(text(v))
        for k, v in meta.as_dict().items()
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
    seen = export_audience(asker, redact)
    written = await run_in_threadpool(
        write_temp,
        gv,  # its centrality and layout are computed once per graph version
        format,
        scope=scope,
        redact=redact,
        audience=seen,
    )
    return file_response(written, format, f"phakhee-v{gv.version}")
