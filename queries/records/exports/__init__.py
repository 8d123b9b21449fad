"""Exports of the graph (or a part of it) to files other tools open: Gephi, GraphML, JSON, CSV, Cypher, Excel.

Each format is a function ``write_X(export, out)`` over an ``ExportGraph`` (the projection, the
nodes in scope, redaction) writing bytes to a binary stream; ``export`` picks one by name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import IO

import networkx as nx

from phakhee.graph.errors import InvalidInput
from phakhee.graph.privacy import PERSONAL_FIELDS
from phakhee.queries.records.exports.csvzip import write_csv_zip
from phakhee.queries.records.exports.cypher import write_cypher_export
from phakhee.queries.records.exports.frame import ExportGraph
from phakhee.queries.records.exports.gexf import write_gexf
from phakhee.queries.records.exports.graphml import write_graphml
from phakhee.queries.records.exports.meta import ExportMeta, coverage_fields
from phakhee.queries.records.exports.nodelink import write_nodelink
from phakhee.queries.records.exports.scope import Scope, resolved, select
from phakhee.queries.records.exports.xlsx import write_xlsx


@dataclass(frozen=True, slots=True)
class Format:
    """An export format: its writer, file extension and media type."""

    write: Callable[[ExportGraph, IO[bytes]], None]
    extension: str
    media_type: str


FORMATS: dict[str, Format] = {
    "gexf": Format(write_gexf, "gexf", "application/gexf+xml"),
    "graphml": Format(write_graphml, "graphml", "application/graphml+xml"),
    "json": Format(write_nodelink, "json", "application/json"),
    "csv": Format(write_csv_zip, "zip", "application/zip"),
    "cypher": Format(write_cypher_export, "cypher", "text/plain; charset=utf-8"),
    "xlsx": Format(
        write_xlsx,
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}


def get_format(name: str) -> Format:
    """The format called ``name``; InvalidInput naming the choices otherwise."""
    try:
        return FORMATS[name]
    except KeyError:
        raise InvalidInput(f"format: use one of {', '.join(FORMATS)}") from None


def export(
    graph: nx.MultiDiGraph,
    format: str,
    out: IO[bytes],
    *,
    scope: Scope | str | None = None,
    redact: bool = True,
    centrality: Mapping[str, float] | None = None,
    positions: Mapping[str, tuple[float, float]] | None = None,
    snapshot: str | None = None,
) -> ExportMeta:
    """Write ``graph`` (the part in ``scope``) in ``format`` to ``out``; the metadata it carries.

    ``redact`` (the default) leaves out personal contact fields (phone, email, LINE id, address)
    and names them in the metadata (``withheld_fields``).
    """
    fmt = get_format(format)
    scope = resolved(graph, scope if isinstance(scope, Scope) else Scope.parse(scope))
    meta = ExportMeta.now(
        format,
        int(graph.graph.get("version", 0)),
        scope=str(scope),
        redacted=redact,
        snapshot=snapshot,
        withheld_fields=tuple(sorted(PERSONAL_FIELDS)) if redact else None,
        **coverage_fields(graph, scope),
    )
    frame = ExportGraph(
        graph, meta, keep=select(graph, scope), centrality=centrality, positions=positions
    )
    fmt.write(frame, out)
    return meta


__all__ = ["FORMATS", "ExportGraph", "ExportMeta", "Format", "Scope", "export", "get_format"]
