"""The Cypher export: the script from ``graph.cypher_script`` over the export's nodes and ties."""

from __future__ import annotations

from typing import IO

from phakhee.graph.cypher_script import write_cypher
from phakhee.queries.records.exports.frame import ExportGraph


def write_cypher_export(export: ExportGraph, out: IO[bytes]) -> None:
    """Write a parameter-free MERGE script that rebuilds the exported graph in an empty Neo4j."""
    write_cypher(
        export.nodes(),
        export.edges(),
        out,
        version=export.meta.graph_version,
        header=export.meta.line(),
    )
