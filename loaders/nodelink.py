"""NetworkX node-link JSON (what our own JSON export writes) to records, each bad item quarantined."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from phakhee.graph.errors import InvalidInput
from phakhee.graph.model import Provenance, node_record, parse_node, parse_tie, tie_record
from phakhee.loaders.quarantine import Quarantined
from phakhee.loaders.tables import UnreadableFile
from phakhee.loaders.template_reader import Parsed, _now, error_column

_SKIP = {"_source", "_row", "_loaded_at"}


def _clean(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k not in _SKIP and v is not None}


def read_nodelink(data: bytes, file: str) -> Parsed:
    """Nodes and ties from ``{"nodes": [...], "edges" | "links": [...]}``; the graph's own edge key is the tie kind."""
    try:
        doc = orjson.loads(data)
    except orjson.JSONDecodeError as e:
        raise UnreadableFile(f"{file}: not valid JSON ({e})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("nodes"), list):
        raise UnreadableFile(f"{file}: not node-link JSON (no 'nodes' list)")
    edges = doc.get("edges", doc.get("links", []))
    if not isinstance(edges, list):
        raise UnreadableFile(f"{file}: 'edges' is not a list")
    parsed, loaded_at = Parsed(), _now()
    for i, item in enumerate(doc["nodes"], start=1):
        parsed.rows += 1
        try:
            if not isinstance(item, dict):
                raise InvalidInput("a node must be an object")
            node = parse_node(_clean(item))
            parsed.add_node(node_record(node, Provenance(f"{file}[nodes]", i, loaded_at)))
        except InvalidInput as e:
            parsed.quarantined.append(_refused(file, "nodes", i, e, item))
    for i, item in enumerate(edges, start=1):
        parsed.rows += 1
        try:
            if not isinstance(item, dict):
                raise InvalidInput("an edge must be an object")
            props = _clean(item)
            kind = props.pop("kind", None) or props.pop("key", None)
            props.pop("key", None)
            tie = parse_tie(
                {
                    "kind": kind,
                    "source": props.pop("source", None),
                    "target": props.pop("target", None),
                    "props": props,
                }
            )
            record = tie_record(tie, Provenance(f"{file}[edges]", i, loaded_at))
            parsed.ties[record.key] = record
        except InvalidInput as e:
            parsed.quarantined.append(_refused(file, "edges", i, e, item))
    return parsed


def _refused(file: str, part: str, i: int, e: InvalidInput, item: object) -> Quarantined:
    column = error_column(e)
    values = {str(k): str(v)[:200] for k, v in item.items()} if isinstance(item, dict) else {}
    return Quarantined(file, part, i, column, str(e), values)


def looks_like_nodelink(path: Path) -> bool:
    return path.suffix.lower() == ".json"
