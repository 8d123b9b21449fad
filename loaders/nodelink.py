"""NetworkX node-link JSON (what our own JSON export writes) to records, each bad item quarantined.

A value nested deeper than ``PHAKHEE_MAX_NESTING`` refuses its own node or edge, naming the
field; the rest of the file loads. A document nested deeper than the JSON parser itself goes
(1,024 levels) is read with its too-deep values cut short, so that those rows are refused the
same way and the file is not lost.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import orjson

from phakhee.graph.errors import InvalidInput
from phakhee.graph.model import (
    NODE_MODELS,
    TIE_PROPS,
    NodeKind,
    Provenance,
    TieKind,
    TieProps,
    node_record,
    parse_node,
    parse_tie,
    tie_record,
)
from phakhee.graph.settings import LoadLimits, get_load_limits
from phakhee.loaders.limits import nested_deeper, too_many_rows
from phakhee.loaders.merge import node_row, split_cleared, tie_row
from phakhee.loaders.quarantine import Quarantined
from phakhee.loaders.tables import UnreadableFile, display_name
from phakhee.loaders.template_reader import Parsed, RowError, _now, error_column, shown

_SKIP = {"_source", "_row", "_loaded_at"}


def _clean(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k not in _SKIP and v is not None}


def read_nodelink(data: bytes, file: str, limits: LoadLimits | None = None) -> Parsed:
    """Nodes and ties from ``{"nodes": [...], "edges" | "links": [...]}``; the graph's own edge key is the tie kind."""
    limits = limits or get_load_limits()
    try:
        doc = orjson.loads(data)
    except orjson.JSONDecodeError as e:
        if not str(e).startswith("depth limit exceeded"):
            raise UnreadableFile(f"{file}: not valid JSON ({e})") from None
        try:
            doc = orjson.loads(cut_deep(data, ROW_DEPTH + limits.max_nesting + 1))
        except orjson.JSONDecodeError as e:
            raise UnreadableFile(f"{file}: not valid JSON ({e})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("nodes"), list):
        raise UnreadableFile(f"{file}: not node-link JSON (no 'nodes' list)")
    edges = doc.get("edges", doc.get("links", []))
    if not isinstance(edges, list):
        raise UnreadableFile(f"{file}: 'edges' is not a list")
    if len(doc["nodes"]) > limits.max_rows or len(edges) > limits.max_rows:
        raise too_many_rows(display_name(file), limits)
    parsed = Parsed()
    meta = doc.get("graph")
    withheld = meta.get("withheld_fields") if isinstance(meta, dict) else None
    if isinstance(withheld, list):
        parsed.withheld = frozenset(f for f in withheld if isinstance(f, str))
    return read_items(parsed, doc["nodes"], edges, file, limits)


def read_items(
    parsed: Parsed, nodes: list[Any], edges: list[Any], file: str, limits: LoadLimits
) -> Parsed:
    """Nodes and ties from node-link items into ``parsed``, each bad one refused alone.

    A node is ``{"id", "kind", field: value...}``, a tie ``{"source", "target", "kind"
    (or the graph's edge "key"), prop: value...}``; shared by the readers of other graph files,
    whose node items may also be the InvalidInput that refuses them.
    """
    loaded_at = _now()
    for i, item in enumerate(nodes, start=1):
        parsed.rows += 1
        try:
            if isinstance(item, InvalidInput):  # refused by the reader that made the items
                raise item
            if not isinstance(item, dict):
                raise InvalidInput("a node must be an object")
            refuse_deep(item, limits.max_nesting)
            data, cleared = _cleared(_clean(item), NODE_MODELS.get(_kind(item.get("kind"))))
            node = node_record(parse_node(data), Provenance(f"{file}[nodes]", i, loaded_at))
            parsed.add_node(node_row(node, set(data) - {"id", "kind"}, cleared))
        except InvalidInput as e:
            parsed.quarantined.append(_refused(file, "nodes", i, e, item))
    for i, item in enumerate(edges, start=1):
        parsed.rows += 1
        try:
            if not isinstance(item, dict):
                raise InvalidInput("an edge must be an object")
            refuse_deep(item, limits.max_nesting)
            props = _clean(item)
            kind = props.pop("kind", None) or props.pop("key", None)
            props.pop("key", None)
            props, cleared = _cleared(props, TIE_PROPS.get(_tie_kind(kind), TieProps))
            tie = parse_tie(
                {
                    "kind": kind,
                    "source": props.pop("source", None),
                    "target": props.pop("target", None),
                    "props": props,
                }
            )
            record = tie_record(tie, Provenance(f"{file}[edges]", i, loaded_at))
            parsed.add_tie(tie_row(record, set(props) - {"source", "target"}, cleared))
        except InvalidInput as e:
            parsed.quarantined.append(_refused(file, "edges", i, e, item))
    return parsed


def _kind(value: object) -> NodeKind | None:
    return NodeKind._value2member_map_.get(value) if isinstance(value, str) else None  # type: ignore[return-value]


def _tie_kind(value: object) -> TieKind | None:
    return TieKind._value2member_map_.get(value) if isinstance(value, str) else None  # type: ignore[return-value]


def _cleared(data: dict[str, Any], model: type | None) -> tuple[dict[str, Any], set[str]]:
    """The item without its clear markers, and the fields they empty (left to validation when
    the item's kind is unknown)."""
    return split_cleared(data, model) if model is not None else (data, set())


def refuse_deep(item: dict[str, Any], limit: int) -> None:
    """RowError naming the first field whose value nests more than ``limit`` levels."""
    for key, value in item.items():
        if isinstance(value, dict | list) and nested_deeper(value, limit):
            name = str(key)[:60]
            raise RowError(
                name, f"{name}: nested more than {limit} levels deep (PHAKHEE_MAX_NESTING)"
            )


def _refused(file: str, part: str, i: int, e: InvalidInput, item: object) -> Quarantined:
    column = error_column(e)
    values = {str(k)[:60]: _preview(v) for k, v in item.items()} if isinstance(item, dict) else {}
    return Quarantined(file, part, i, column, str(e), values)


def _preview(value: object) -> str:
    """A refused value as the report shows it: at most 200 characters, never a deep repr."""
    if isinstance(value, dict | list):
        if nested_deeper(value, 8):
            return "(nested too deep to show)"
        return shown(orjson.dumps(value)[:200].decode(errors="replace"))
    return shown(value)[:200]


ROW_DEPTH = 3
"""How deep a node's or edge's own fields sit in the document: the document, its list, the row."""
_TOKENS = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def cut_deep(data: bytes, depth: int) -> bytes:
    """The JSON document with every array or object that opens deeper than ``depth`` as ``0``.

    Only for a document too deep for the JSON parser: a value cut there still nests deeper
    than the limit, so its row is refused by ``refuse_deep`` as if it had been read whole.
    """
    out, level, start, kept = [], 0, -1, 0
    for m in _TOKENS.finditer(data):
        token = m.group()
        if token[0] == 34:  # a string: brackets inside it are text
            continue
        if token in (b"[", b"{"):
            level += 1
            if level == depth + 1 and start < 0:
                start = m.start()
        else:
            if level == depth + 1 and start >= 0:
                out += [data[kept:start], b"0"]
                kept, start = m.end(), -1
            level -= 1
    out.append(data[kept:])
    return b"".join(out)


def looks_like_nodelink(path: Path) -> bool:
    return path.suffix.lower() == ".json"
