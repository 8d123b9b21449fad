"""The log page's names: each node the changes on a page concern, by its names, linked while it
exists (an erased person's placeholder, or a node since deleted, is named by its id)."""

from __future__ import annotations

from collections.abc import Iterable

from phakhee.graph.store import GraphStore
from phakhee.queries.pages.history import Named


def names(store: GraphStore, ids: Iterable[str]) -> dict[str, Named]:
    """Every one of ``ids`` as the page names it: from the store when it is there (``live``: its
    page exists), else by its id alone."""
    wanted = list(dict.fromkeys(ids))
    found = store.get_nodes(wanted)
    out = {}
    for node in wanted:
        record = found.get(node)
        props = record.props if record is not None else {}
        name_en = props.get("name_en")
        out[node] = Named(
            node,
            str(props.get("name") or node),
            str(name_en) if name_en else None,
            node.partition(":")[0],
            record is not None,
        )
    return out
