"""Every export format by name, ``html`` included: the file formats of ``queries/exports`` and the
view page (built here, in the api layer, since ``queries/`` never imports ``viz/``).

Shared by ``phakhee export`` / ``snapshot export`` and ``GET /export/{format}`` /
``/snapshots/{id}/export/{format}``.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path
from typing import IO, Any

import networkx as nx

from phakhee.graph.errors import InvalidInput
from phakhee.graph.privacy import Audience, withheld
from phakhee.queries.cache import GraphVersion
from phakhee.queries.records.exports import FORMATS, ExportMeta, export
from phakhee.queries.records.measures import extras

HTML = "html"
NAMES = (*FORMATS, HTML)
"""Every export format: gexf, graphml, json, csv, cypher, xlsx and html."""
HTML_MEDIA_TYPE = "text/html; charset=utf-8"


def check_format(name: str) -> None:
    """InvalidInput naming the choices unless ``name`` is an export format."""
    if name not in NAMES:
        raise InvalidInput(f"format: use one of {', '.join(NAMES)}")


def file_type(name: str) -> tuple[str, str]:
    """(file extension, media type) of a format."""
    check_format(name)
    if name == HTML:
        return "html", HTML_MEDIA_TYPE
    fmt = FORMATS[name]
    return fmt.extension, fmt.media_type


def write_export(
    gv: GraphVersion,
    format: str,
    out: IO[bytes],
    *,
    scope: str | None = None,
    redact: bool = True,
    snapshot_id: str | None = None,
    audience: Audience | None = None,
) -> ExportMeta:
    """Write ``gv``'s graph (the part in ``scope``) in ``format`` to ``out``; its metadata.

    ``html`` is the view of the scope (whole weave, province, region, topic or ego network) as one
    self-contained page; the others come from ``queries.records.exports`` with the graph version's centrality
    and layout (computed once per graph version).

    ``redact=False`` keeps every contact field, unless ``audience`` (who asked) sees only some:
    a coordinator's or academic's export then holds the contacts of the people in their places
    only (``gated``), and their view page (``html``) none.
    """
    check_format(format)
    graph = gv.graph
    if not redact and audience is not None and not audience.contacts:
        if format == HTML:
            redact = True
        else:
            graph = gated(gv, audience)
    if format == HTML:
        from phakhee.viz.view_pages import export_html

        html, meta = export_html(gv, scope, redact=redact, snapshot_id=snapshot_id)
        out.write(html.encode("utf-8"))
        return meta
    return export(
        graph,
        format,
        out,
        scope=scope,
        redact=redact,
        snapshot=snapshot_id,
        **extras(gv, format),
    )


def gated(gv: GraphVersion, audience: Audience) -> nx.MultiDiGraph:
    """A copy of ``gv``'s graph without the contact fields ``audience`` may not see of each node
    (by where it is located: ``queries.targets.graph_places``); the version's own graph is left
    as it is."""
    from phakhee.queries.targets import graph_places

    places = graph_places(gv)
    graph = gv.graph.copy()  # new attribute dicts, the same values
    for node, attrs in graph.nodes(data=True):
        for field in withheld(attrs, audience, places=places.get(node, ())):
            del attrs[field]
    return graph


def write_temp(
    gv: GraphVersion, format: str, folder: Path | None = None, **kw: Any
) -> tuple[str, ExportMeta]:
    """Write an export to a new temporary file (in ``folder``, else the system's); its path and
    metadata. A failed export leaves no file behind.

    In a ``folder`` (where ``phakhee export`` moves it into place) the file gets the mode any
    new file of the process gets, 0666 less the umask (0644 by default), so that colleagues
    sharing the folder can read it; in the system's temp folder (an export the API serves and
    then deletes) it stays private to the process's user (0600).
    """
    if folder is None:
        fd, path = _new_file(Path(tempfile.gettempdir()), PRIVATE_MODE)
    else:
        fd, path = _new_file(folder, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as f:
            meta = write_export(gv, format, f, **kw)
    except BaseException:
        os.unlink(path)
        raise
    return path, meta


FILE_MODE = 0o666
"""The mode an export file in a chosen folder is created with, less the process umask."""
PRIVATE_MODE = 0o600
"""The mode of an export written to the system's temp folder to be served."""
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def _new_file(folder: Path, mode: int) -> tuple[int, str]:
    """A new, empty file of a name no one else has in ``folder``, open for writing, created
    with ``mode`` less the umask: its descriptor and path."""
    for _ in range(100):
        path = folder / f".phakhee-export-{secrets.token_hex(8)}"
        try:
            fd = os.open(path, _FLAGS, mode)
        except FileExistsError:
            continue
        return fd, str(path)
    raise FileExistsError(f"{folder}: no free name for a temporary export file")
