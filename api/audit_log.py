"""The audit log as the API shapes it, and its undo: one shape and one undo for the JSON
routes (``api.routers.changes``) and the log's page (``api.routers.web.changes``), so both go
through the same privacy gate and the same policy.

A personal field that changed is named, never shown, and the address a change came from is
shown only to administrators (``graph.audit.view``). An undo asks, for each node and tie it
changes, the policy's word where that node is (a creation, an edit, a deletion or a tie), as if
the caller made the change by hand; it is logged as a new change by the caller.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from pydantic import BaseModel, Field

from phakhee.api.deps import IsoDate, author_of, require
from phakhee.graph import audit
from phakhee.graph.access import Principal, Target
from phakhee.graph.audit import acting_as
from phakhee.graph.errors import InvalidInput, NotFound
from phakhee.graph.model import kind_of
from phakhee.graph.privacy import Audience
from phakhee.graph.store import GraphStore
from phakhee.queries.targets import places_of, tie_target_of, where


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


NodeFilter = Annotated[
    str | None, Query(max_length=300, description="Changes of this node or its ties.")
]
UserFilter = Annotated[str | None, Query(max_length=40, description="Changes by this account.")]
SinceFilter = Annotated[IsoDate | None, Query(description="From this day on (YYYY-MM-DD).")]
Limit = Annotated[int, Query(ge=1, le=500)]
Cursor = Annotated[int | None, Query(ge=1, le=2**53, description="A cursor.")]
"""The log's filters and its cursor as query parameters (``change_filter`` takes them)."""
LIMIT = 50
"""How many changes a page of the log lists unless asked."""


@dataclass(frozen=True, slots=True)
class ChangeFilter:
    """Which changes one page of the log lists: those of ``node`` (the node or its ties), by the
    account ``user``, from the day ``since`` on; ``limit`` of them, older than the cursor
    ``after`` (a page's ``next_cursor``). None: no such filter."""

    node: str | None = None
    user: str | None = None
    since: dt.date | None = None
    limit: int = LIMIT
    after: int | None = None


def change_filter(
    node: NodeFilter = None,
    user: UserFilter = None,
    since: SinceFilter = None,
    limit: Limit = LIMIT,
    after: Cursor = None,
) -> ChangeFilter:
    """The log's filters from the query: one dependency, so the JSON route and the page
    (``/changes`` in a browser) take the same parameters."""
    return ChangeFilter(node, user, since, limit, after)


Filters = Annotated[ChangeFilter, Depends(change_filter)]
EVERY_CHANGE = ChangeFilter()
"""No filter: the newest ``LIMIT`` changes."""


def change_page(
    store: GraphStore, viewer: Audience, filters: ChangeFilter = EVERY_CHANGE
) -> ChangePage:
    """One page of the log, newest first, shaped for ``viewer`` (what the JSON route answers and
    the page shows: one gate for both)."""
    f, limit = filters, filters.limit
    found = audit.changes(
        store, viewer, node=f.node, user=f.user, since=f.since, limit=limit + 1, after=f.after
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


def undo(
    store: GraphStore,
    request: Request,
    asker: Principal,
    *,
    change: int | None = None,
    batch: str | None = None,
    via: str = "api",
) -> UndoOut:
    """Undo the change ``change``, or every change of the upload ``batch``, for ``asker``: each
    node and tie it changes asked of the policy (``policy_check``), written as a new change by
    ``asker`` from ``via``. The one undo of the JSON routes and the page's form; raises
    ``UndoRefused`` (409), ``Forbidden`` (403) or ``NotFound`` (404) with nothing changed."""
    check = policy_check(store, asker)
    with acting_as(author_of(request, asker, via)):
        if batch is not None:
            return _undone(audit.undo_batch(store, batch, check))
        if change is None:
            raise InvalidInput("name the change or the upload to undo", field="change")
        return _undone(audit.undo(store, change, check))
