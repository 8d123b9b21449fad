"""One node or tie typed in rather than loaded from a file (the API's write routes), validated by
the model as a loaded row is. Writes to the store.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from phakhee.graph.errors import Conflict
from phakhee.graph.geography import places_named
from phakhee.graph.model import kind_of, node_record, parse_node, parse_tie, tie_record
from phakhee.graph.store import GraphStore, WriteResult


def put_node(store: GraphStore, node_id: str, fields: Mapping[str, Any]) -> WriteResult:
    """Create or update the node ``node_id`` from its kind and fields."""
    if fields.get("id", node_id) != node_id:
        raise Conflict("id: the id in the body differs from the id in the path", field="id")
    if fields.get("kind") != kind_of(node_id).value:
        raise Conflict(f"kind: the path's id names a {kind_of(node_id).value}", field="kind")
    return store.upsert_nodes([node_record(parse_node({**fields, "id": node_id}))])


def remove_node(store: GraphStore, node_id: str) -> WriteResult:
    """Delete a node and every tie it has."""
    return store.delete_node(node_id)


def put_tie(store: GraphStore, fields: Mapping[str, Any]) -> WriteResult:
    """Create or update a tie from its kind, ends and props; both ends must exist (a district or
    subdistrict is made when first named)."""
    tie = tie_record(parse_tie(dict(fields)))
    place_nodes, place_ties = places_named([tie])
    if place_nodes:
        store.upsert_nodes(place_nodes)
    return store.upsert_ties([*place_ties, tie])


def remove_tie(store: GraphStore, kind: str, source: str, target: str) -> WriteResult:
    """Delete one tie by its kind and ends."""
    return store.delete_ties([(kind, source, target)])
