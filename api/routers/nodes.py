"""Nodes and ties: list, read, write. Writes need a bearer key or personal token, and the
policy's word: a creation or an edit (by whether the node is there), a deletion, a tie, each
where the node is (``queries.targets``); each write attributed in the audit log."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Path, Query, Request

from phakhee.api import bodies
from phakhee.api.deps import (
    Asker,
    Store,
    Viewer,
    author_of,
    get_graph_version,
    require,
    require_read,
    require_write_key,
)
from phakhee.api.problems import documented
from phakhee.api.schemas import NodeOut, NodePage, NodeWithTies, TieKey, TieOut, WriteOut
from phakhee.graph.access import Action, Target
from phakhee.graph.audit import acting_as
from phakhee.graph.errors import Conflict, InvalidInput, NotFound, StoreUnavailable
from phakhee.graph.model import NodeKind, NodeRecord, kind_of, parse_tie
from phakhee.graph.store import GraphStore, WriteResult
from phakhee.loaders import edits
from phakhee.queries.ask.experts import home
from phakhee.queries.ask.resolve import node
from phakhee.queries.ask.search import index_of, search
from phakhee.queries.targets import exists, graph_places, target_of, tie_target_of, where

T = TypeVar("T")

NodeIdPath = Annotated[
    str,
    Path(
        pattern=bodies.id_pattern(set(NodeKind)),
        description="A node's id: kind:slug, e.g. province:nan.",
    ),
]


def _json(which: str) -> Any:
    async def body(request: Request) -> Any:
        try:
            data = await request.json()
        except ValueError:
            raise InvalidInput("body: not JSON", field="body") from None
        bodies.check(which, data)
        return data

    return body


NodeBody = Annotated[dict[str, Any], Depends(_json("node"))]
TieBody = Annotated[dict[str, Any], Depends(_json("tie"))]
router = APIRouter(tags=["nodes"], dependencies=[Depends(require_read)])


def consistent(store: GraphStore, request: Request, read: Callable[[], T]) -> T:
    """Run reads with no write landing in between (the version is the same before and after)."""
    for attempt in range(10):
        before = store.version()
        value = read()
        if store.version() == before:
            request.state.version = before
            return value
        time.sleep(0.01 * attempt)  # a write landed in between: read again
    raise StoreUnavailable("the graph kept changing during the read; try again")


def _props(attrs: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in attrs.items() if k != "kind"}


def _write(result: WriteResult) -> WriteOut:
    return WriteOut(
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        rejected=[f"{k[0]} {k[1]} -> {k[2]}: {why}" for k, why in result.rejected],
        version=result.version,
    )


@router.get("/nodes")
def list_nodes(
    store: Store,
    request: Request,
    viewer: Viewer,
    kind: NodeKind | None = None,
    q: Annotated[
        str | None, Query(max_length=200, description="Text to search for (Thai or English).")
    ] = None,
    province: Annotated[
        str | None,
        Query(max_length=100, description="A province: id or name, e.g. province:nan or น่าน."),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[
        str | None, Query(max_length=300, description="next_cursor of the previous page.")
    ] = None,
) -> NodePage:
    """Nodes of a kind, matching text, in a province; paged by cursor in id order."""
    if q is None and province is None:
        items = consistent(
            store, request, lambda: store.find_nodes(kind, limit=limit + 1, after=cursor)
        )
        more = len(items) > limit
        items = items[:limit]
        at = graph_places(get_graph_version(request)) if viewer.contacts_at else {}
        return NodePage(
            items=[NodeOut.of(n, viewer, at.get(n.id, ())) for n in items],
            next_cursor=items[-1].id if more and items else None,
        )
    cache = get_graph_version(request)
    graph = cache.graph
    if q is not None:
        ids = [h.id for h in search(index_of(cache), q, kinds=[kind] if kind else None, limit=1000)]
    else:
        ids = sorted(n for n, k in graph.nodes(data="kind") if kind is None or k == kind)
    if province is not None:
        place = node(cache, province, {"province"})
        ids = [i for i in ids if home(graph, i) == place]  # through its district or subdistrict
    start = ids.index(cursor) + 1 if cursor in ids else 0
    page = ids[start : start + limit]
    nodes = {
        i: NodeRecord(i, NodeKind(graph.nodes[i]["kind"]), _props(graph.nodes[i])) for i in page
    }
    more = start + limit < len(ids)
    at = graph_places(cache) if viewer.contacts_at else {}
    return NodePage(
        items=[NodeOut.of(nodes[i], viewer, at.get(i, ())) for i in page if i in nodes],
        next_cursor=page[-1] if more and page else None,
    )


@router.get("/nodes/{node_id}")
def get_node(node_id: NodeIdPath, store: Store, request: Request, viewer: Viewer) -> NodeWithTies:
    """One node with its ties and the names of the nodes at their other ends.

    By id only: this is the node's address as a resource (``PUT`` and ``DELETE`` take the same
    one), so it names the same node whatever names are added; to find a node by its name, use
    ``/search`` or any of the question and view routes, which take names.
    """
    node, around = consistent(
        store, request, lambda: (store.get_node(node_id), store.neighbours(node_id))
    )
    located = [
        nb.node.id for nb in around if nb.tie.kind == "located_in" and nb.tie.source == node_id
    ]
    return NodeWithTies(
        node=NodeOut.of(node, viewer, where(node_id, located)),
        ties=[TieOut.of(nb.tie) for nb in around],
        neighbours={nb.node.id: str(nb.node.props.get("name", nb.node.id)) for nb in around},
    )


Placed = Annotated[
    str | None,
    Query(
        pattern=bodies.id_pattern(
            {NodeKind.PROVINCE, NodeKind.REGION, NodeKind.DISTRICT, NodeKind.SUBDISTRICT}
        ),
        description="For a node not yet there: the province, region, district or subdistrict "
        "it is located in, written as its located_in tie with it (so a coordinator creates in their "
        "province); ignored for a node that is there.",
    ),
]


@router.put(
    "/nodes/{node_id}",
    dependencies=[Depends(require_write_key)],
    openapi_extra=bodies.openapi_body(bodies.node_body(), {"kind": "topic", "name": "เยาวชน"}),
    responses={
        409: documented(
            409, "The body's id or kind is not the path's, or the node cannot be located_in there."
        )
    },
)
def put_node(
    node_id: NodeIdPath,
    store: Store,
    body: NodeBody,
    request: Request,
    asker: Asker,
    located_in: Placed = None,
) -> WriteOut:
    """Create or update a node; the body holds its kind and fields (validated by the model). An
    edit is allowed where the node is; a creation where ``located_in`` puts it."""
    kind = kind_of(node_id)
    if located_in is not None:  # checked before anything is written: nothing lands half
        try:
            parse_tie({"kind": "located_in", "source": node_id, "target": located_in})
        except InvalidInput as e:
            raise Conflict(f"located_in: {e}", field="located_in") from None
    if exists(store, node_id):
        require(asker, Action.EDIT, target_of(store, node_id))
        located_in = None
    else:
        require(
            asker,
            Action.CREATE,
            Target.at(where(node_id, [located_in] if located_in else []), kind),
        )
    with acting_as(author_of(request, asker)):
        result = edits.put_node(store, node_id, body)
        if located_in is not None:
            result = edits.put_tie(
                store, {"kind": "located_in", "source": node_id, "target": located_in}
            )
    return _write(result)


@router.delete("/nodes/{node_id}", dependencies=[Depends(require_write_key)])
def delete_node(node_id: NodeIdPath, store: Store, request: Request, asker: Asker) -> WriteOut:
    """Delete a node and every tie it has (where the node is: the policy's deletion)."""
    if not exists(store, node_id):
        raise NotFound("node", node_id)
    require(asker, Action.DELETE, target_of(store, node_id))
    with acting_as(author_of(request, asker)):
        return _write(edits.remove_node(store, node_id))


TIE_EXAMPLE = {"kind": "member_of", "source": "person:x", "target": "team:y", "props": {}}


@router.put(
    "/ties",
    dependencies=[Depends(require_write_key)],
    openapi_extra=bodies.openapi_body(bodies.tie_body(), TIE_EXAMPLE),
)
def put_tie(store: Store, body: TieBody, request: Request, asker: Asker) -> WriteOut:
    """Create or update a tie (kind, source, target, props); both ends must exist. Allowed when
    either end is the caller's (a located_in tie: when the node, placed there, is)."""
    require(
        asker, Action.ADD_TIE, tie_target_of(store, body["kind"], body["source"], body["target"])
    )
    with acting_as(author_of(request, asker)):
        return _write(edits.put_tie(store, body))


@router.delete("/ties", dependencies=[Depends(require_write_key)])
def delete_tie(store: Store, body: TieKey, request: Request, asker: Asker) -> WriteOut:
    """Delete one tie by its kind and ends (allowed as adding it would be)."""
    target = tie_target_of(store, body.kind, body.source, body.target)
    require(asker, Action.DELETE, target)
    with acting_as(author_of(request, asker)):
        return _write(edits.remove_tie(store, body.kind, body.source, body.target))
