"""A Cypher script that rebuilds a graph in an empty Neo4j: parameter-free MERGE statements.

Every value is written as a literal, escaped here and only here; labels and relationship types
come from the model's enums, property names must be plain identifiers (and are backtick-quoted).
Rows go in ``UNWIND [...] AS row`` batches so cypher-shell runs one statement per batch, not per
node. The script ends by setting the graph version, so a Neo4jStore opened on it sees the graph.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import IO, Any

from phakhee.graph.errors import InvalidInput
from phakhee.graph.model import NodeKind, TieKind, kind_of

BATCH = 500
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
_SPECIAL = re.compile("[\\\\'\x00-\x1f\u2028\u2029]")
_ESCAPES = {
    "\\": "\\\\",
    "'": "\\'",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}


def literal(value: Any) -> str:
    """A Cypher literal for a property value (text, number, boolean, or a list of those)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise InvalidInput("a property cannot be NaN or infinite in a Cypher script")
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    return _string(str(value))


@lru_cache(maxsize=1 << 16)
def _string(text: str) -> str:
    """A quoted string literal (kinds, roles and dates repeat: each is escaped once)."""
    if not _SPECIAL.search(text):
        return f"'{text}'"
    return "'" + "".join(_char(c) for c in text) + "'"


def _char(c: str) -> str:
    if c in _ESCAPES:
        return _ESCAPES[c]
    if ord(c) < 0x20 or c in "\u2028\u2029":
        return f"\\u{ord(c):04x}"
    return c


def _map(props: Mapping[str, Any]) -> str:
    parts = []
    for key, value in props.items():
        if not _NAME.match(key):
            raise InvalidInput(f"property name {key[:64]!r} is not a plain name")
        if value is not None:
            parts.append(f"`{key}`: {literal(value)}")
    return "{" + ", ".join(parts) + "}"


def _comment(text: str) -> str:
    return "// " + re.sub(r"[\r\n\u2028\u2029]+", " ", text) + "\n"


def write_cypher(
    nodes: Iterable[tuple[str, Mapping[str, Any]]],
    edges: Iterable[tuple[str, str, str, Mapping[str, Any]]],
    out: IO[bytes],
    *,
    version: int,
    header: str = "",
) -> None:
    """Write constraints, node batches, tie batches and the graph version, one statement a line."""
    w = out.write
    if header:
        w(_comment(header).encode())
    w(b"// Run in an empty database: cypher-shell -f this-file.cypher\n")
    w(
        b"CREATE CONSTRAINT phakhee_meta_key IF NOT EXISTS FOR (m:PhakheeMeta) REQUIRE m.key IS UNIQUE;\n"
    )
    for kind in NodeKind:
        w(
            f"CREATE CONSTRAINT {kind.value}_id IF NOT EXISTS FOR (n:{kind.label}) REQUIRE n.id IS UNIQUE;\n".encode()
        )
    by_label: dict[NodeKind, list[str]] = {}
    for node_id, attrs in nodes:
        props = {k: v for k, v in attrs.items() if k != "kind"} | {"id": node_id}
        rows = by_label.setdefault(kind_of(node_id), [])
        rows.append(f"{{id: {literal(node_id)}, props: {_map(props)}}}")
        if len(rows) >= BATCH:
            _nodes(w, kind_of(node_id), rows)
    for kind, rows in by_label.items():
        _nodes(w, kind, rows)
    by_type: dict[tuple[TieKind, NodeKind, NodeKind], list[str]] = {}
    for s, t, k, attrs in edges:
        group = (TieKind(k), kind_of(s), kind_of(t))
        props = {key: v for key, v in attrs.items() if key != "kind"}
        rows = by_type.setdefault(group, [])
        rows.append(f"{{s: {literal(s)}, t: {literal(t)}, props: {_map(props)}}}")
        if len(rows) >= BATCH:
            _ties(w, group, rows)
    for group, rows in by_type.items():
        _ties(w, group, rows)
    w(f"MERGE (m:PhakheeMeta {{key: 'graph'}}) SET m.version = {int(version)};\n".encode())


def _nodes(w: Any, kind: NodeKind, rows: list[str]) -> None:
    if rows:
        w(
            (
                f"UNWIND [{', '.join(rows)}] AS row "
                f"MERGE (n:{kind.label} {{id: row.id}}) SET n += row.props;\n"
            ).encode()
        )
        rows.clear()


def _ties(w: Any, group: tuple[TieKind, NodeKind, NodeKind], rows: list[str]) -> None:
    kind, src, dst = group
    if rows:
        w(
            (
                f"UNWIND [{', '.join(rows)}] AS row "
                f"MATCH (a:{src.label} {{id: row.s}}) MATCH (b:{dst.label} {{id: row.t}}) "
                f"MERGE (a)-[r:{kind.rel_type}]->(b) SET r += row.props;\n"
            ).encode()
        )
        rows.clear()


def statements(script: str) -> list[str]:
    """The statements of a script written by ``write_cypher`` (one per line, comments skipped)."""
    return [
        line.rstrip().removesuffix(";")
        for line in script.splitlines()
        if line.strip() and not line.startswith("//")
    ]
