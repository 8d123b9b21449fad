"""``/changes``: the audit log — every change, who made it, when, from where — and undo.

Reading the log is reading the network (``require_read``); a personal field that changed is
named, never shown, and the address a change came from is shown only to administrators. An
undo is a write: a bearer key or personal token, and for each node and tie it changes the
policy's word where that node is (a creation, an edit, a deletion or a tie), as if the caller
made the change by hand; it is logged as a new change by the caller.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, Field

from phakhee.api.deps import (
    Asker,
    IsoDate,
    Store,
    Viewer,
    author_of,
    require,
    require_read,
    require_write_key,
)
from phakhee.api.problems import documented
from phakhee.graph import audit
from phakhee.graph.access import Principal, Target
from phakhee.graph.audit import acting_as
from phakhee.graph.errors import NotFound
from phakhee.graph.model import kind_of
from phakhee.graph.store import GraphStore
from phakhee.queries.targets import places_of, tie_target_of, where

router = APIRouter(prefix="/changes", tags=["changes"])
ChangeId = Annotated[int, Path(ge=1, le=2**53, description="The change's id.")]
BatchId = Annotated[
    str, Path(min_length=1, max_length=200, description="The upload's id (a change's batch).")
]


class FieldChangeOut(BaseModel):
    field: str
    before: Any = Field(None, description="The value before (null: not set, or withheld).")
    after: Any = Field(None, description="The value after (null: not set, or withheld).")
    withheld: bool = Field(
        description="A personal field (phone, email, LINE id, address), or any field of an "
        "erased person: named, never shown."
    )


class ItemOut(BaseModel):
    node: str | None = Field(None, description="The node changed (or null for a tie).")
    tie: list[str] | None = Field(None, description="The tie changed: [kind, source, target].")
    op: str = Field(description="created, updated, deleted, or erased (a person's erasure).")
    fields: list[FieldChangeOut]
    erased: bool = Field(description="It concerns a person since erased: values are gone.")


class ChangeOut(BaseModel):
    id: int
    at: str = Field(description="When (ISO 8601, UTC).")
    user: str | None = Field(description="The account's name; null for a key or the system.")
    via: str = Field(description="web, api, cli, upload, or system.")
    address: str | None = Field(description="Where it came from: shown to administrators only.")
    batch: str | None = Field(description="The upload it was part of.")
    version: int = Field(description="The graph version it made.")
    undoes: list[int] = Field(description="The changes it undid.")
    items: list[ItemOut]

    @classmethod
    def of(cls, change: audit.Change) -> ChangeOut:
        return cls.model_validate(change.as_dict())


class ChangePage(BaseModel):
    items: list[ChangeOut]
    next_cursor: int | None = Field(
        description="Pass as ``after`` for the next (older) page; null when this is the last."
    )


class UndoOut(BaseModel):
    undid: list[int] = Field(description="The changes undone.")
    changes: list[int] = Field(description="The changes the undo made (each undoes them).")
    version: int


@router.get("", dependencies=[Depends(require_read)])
def list_changes(
    store: Store,
    viewer: Viewer,
    node: Annotated[
        str | None, Query(max_length=300, description="Changes of this node or its ties.")
    ] = None,
    user: Annotated[
        str | None, Query(max_length=40, description="Changes by this account.")
    ] = None,
    since: Annotated[IsoDate | None, Query(description="From this day on (YYYY-MM-DD).")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    after: Annotated[int | None, Query(ge=1, le=2**53, description="A cursor.")] = None,
) -> ChangePage:
    """The audit log, newest first: every change with who, when, from where and, per node or
    tie, each field before and after (personal fields named only)."""
    found = audit.changes(
        store, viewer, node=node, user=user, since=since, limit=limit + 1, after=after
    )
    more = len(found) > limit
    found = found[:limit]
    return ChangePage(
        items=[ChangeOut.of(c) for c in found],
        next_cursor=found[-1].id if more and found else None,
    )


def policy_check(store: GraphStore, asker: Principal) -> audit.Check:
    """The undo's ``check``: each node or tie it changes allowed by the policy where the node
    is (now, and by the ``located_in`` ties the undo restores or removes)."""

    def check(action: str, key: audit.Key, located: tuple[str, ...]) -> None:
        if isinstance(key, str):
            try:
                now = places_of(store, key)
            except NotFound:
                now = frozenset()
            require(asker, action, Target.at(now | where(key, located), kind_of(key)))
        else:
            require(asker, action, tie_target_of(store, *key))

    return check


def _undone(done: audit.Undone) -> UndoOut:
    return UndoOut(undid=list(done.undid), changes=list(done.entries), version=done.version)


CONFLICT = {
    409: documented(409, "A later change touched the same fields: undo it first (named)."),
    404: documented(404, "No such change (or upload)."),
}


@router.post("/{change_id}/undo", dependencies=[Depends(require_write_key)], responses=CONFLICT)
def undo_change(change_id: ChangeId, store: Store, request: Request, asker: Asker) -> UndoOut:
    """Undo one change: write back the values it replaced, as a new change by the caller."""
    with acting_as(author_of(request, asker)):
        return _undone(audit.undo(store, change_id, policy_check(store, asker)))


@router.post("/batches/{batch}/undo", dependencies=[Depends(require_write_key)], responses=CONFLICT)
def undo_upload(batch: BatchId, store: Store, request: Request, asker: Asker) -> UndoOut:
    """Undo every change of one upload at once (its ``batch``), as one undo."""
    with acting_as(author_of(request, asker)):
        return _undone(audit.undo_batch(store, batch, policy_check(store, asker)))
