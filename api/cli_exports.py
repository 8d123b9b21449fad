"""``phakhee export``, ``snapshot ...``, ``person export|erase``, ``backup`` and ``restore``."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    import networkx as nx

FORMAT_HELP = "gexf, graphml, json, csv (zip), cypher or xlsx."
SCOPE_HELP = "all (default), province=P, region=R, topic=T or ego=ID."
REDACT_HELP = "Leave out phone, email, LINE id and address (default); --no-redact keeps them."


def write_file(
    graph: nx.MultiDiGraph,
    format: str,
    out: Path,
    *,
    scope: str | None,
    redact: bool,
    snapshot: str | None = None,
) -> None:
    """Export to ``out`` through a temporary file beside it, so a failed export leaves nothing half-written."""
    from queries.exports import export
    from queries.measures import CENTRALITY

    centrality = CENTRALITY(graph) if format in ("gexf", "graphml", "csv") else None
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.")
    try:
        with os.fdopen(fd, "wb") as f:
            meta = export(
                graph,
                format,
                f,
                scope=scope,
                redact=redact,
                centrality=centrality,
                snapshot=snapshot,
            )
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _say(
        f"wrote {out} ({out.stat().st_size:,} bytes): {meta.format}, graph version "
        f"{meta.graph_version}, scope {meta.scope}, "
        + ("redacted" if meta.redacted else "NOT redacted: holds personal contact data")
    )


def _say(text: str) -> None:
    from api.cli import console

    console.print(text, soft_wrap=True, highlight=False)


def export_cmd(
    out: Annotated[Path, typer.Argument(help="The file to write.")],
    format: Annotated[str, typer.Option("--format", "-f", help=FORMAT_HELP)],
    scope: Annotated[str | None, typer.Option(help=SCOPE_HELP)] = None,
    redact: Annotated[bool, typer.Option("--redact/--no-redact", help=REDACT_HELP)] = True,
) -> None:
    """Export the graph (or a part of it) for Gephi, Excel, another Neo4j or a colleague's script."""
    from api.cli import _cache
    from queries.exports import get_format

    get_format(format)
    write_file(_cache().snapshot().graph, format, out, scope=scope, redact=redact)


def register(app: typer.Typer) -> None:
    """Add the export, snapshot, person-rights and backup commands to the ``phakhee`` app."""
    app.command("export")(export_cmd)
