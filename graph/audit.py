"""The audit log: every change to the graph, who made it, when, from where, and what it was.

The attribution seam: whatever writes on someone's behalf — a route, a page, an upload, a CLI
command — runs the write inside ``acting_as(Author(...))``; the stores ask ``stamp()`` in each
write's own transaction and record one log entry beside the change feed's, so no write path
can escape the log. A write outside any ``acting_as`` is recorded unattributed (``user`` None,
``via`` ``"system"``).

An entry holds, per node or tie it touched, the fields that changed with their value before
and after (a created thing has no before, a deleted one no after). The stored entry keeps the
values so a change can be undone; what leaves the service shows a personal field by its name
only, through ``graph.privacy``'s gate.

The ``ContextVar`` follows the code that set it, and copies of its context: FastAPI runs a
synchronous route in a worker thread with a copy of the request's context, so an author set in
an ``async`` dependency (or middleware) reaches the store; one set in a synchronous dependency
does not (that runs in a thread of its own), and neither does one set before starting a thread
by hand (pass ``contextvars.copy_context().run`` or enter ``acting_as`` in the thread).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Literal

VIAS = ("web", "api", "cli", "upload")
"""Where a change may come from; ``"system"`` marks a write made outside any ``acting_as``."""
SYSTEM = "system"


@dataclass(frozen=True, slots=True)
class Author:
    """Who makes the writes under way, and from where.

    ``user`` is the account's name (None for an administrator's key or an unnamed caller),
    ``via`` one of ``VIAS``, ``address`` the client's address when it came over the network,
    ``batch`` an upload's id: every write of one upload carries it, so the upload can be undone
    as a whole.
    """

    user: str | None
    via: str  # "web" | "api" | "cli" | "upload"
    address: str | None = None
    batch: str | None = None  # an upload's id, to undo a whole upload


_AUTHOR: ContextVar[Author | None] = ContextVar("phakhee_author", default=None)
_UNDOES: ContextVar[tuple[int, ...]] = ContextVar("phakhee_undoes", default=())


@contextmanager
def acting_as(author: Author) -> Iterator[Author]:
    """Attribute every store write inside the block to ``author`` (nesting: the inner wins)."""
    token = _AUTHOR.set(author)
    try:
        yield author
    finally:
        _AUTHOR.reset(token)


def current_author() -> Author | None:
    """The author the writes under way are attributed to, or None (recorded as ``system``)."""
    return _AUTHOR.get()


@contextmanager
def undoing(entry_ids: tuple[int, ...]) -> Iterator[None]:
    """Mark the writes inside the block as the undo of these entries (used by ``undo``)."""
    token = _UNDOES.set(tuple(entry_ids))
    try:
        yield
    finally:
        _UNDOES.reset(token)


@dataclass(frozen=True, slots=True)
class Stamp:
    """What a store records of a write besides its items: who, when, from where."""

    user: str | None
    via: str
    address: str | None
    batch: str | None
    at: str
    """When (ISO 8601, UTC, to the microsecond so entries of one second keep their order)."""
    undoes: tuple[int, ...]


def stamp() -> Stamp:
    """The stamp of a write made now, by ``current_author()`` (``system`` when none)."""
    author = _AUTHOR.get()
    at = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
    if author is None:
        return Stamp(None, SYSTEM, None, None, at, _UNDOES.get())
    return Stamp(author.user, author.via, author.address, author.batch, at, _UNDOES.get())


Op = Literal["created", "updated", "deleted", "erased"]


def item(
    key: str | tuple[str, str, str],
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
) -> dict[str, Any] | None:
    """One node's (``key`` an id) or tie's (``key`` its (kind, source, target)) change as an
    entry stores it, or None when nothing changed.

    ``{"node": id}`` or ``{"tie": [kind, source, target]}``, with ``op`` and ``before`` and
    ``after``: for an update, only the fields that changed (a field absent on one side is absent
    from that side's map, so undo can tell "had no value" from any value); a creation has
    ``before`` None and every field after, a deletion the reverse.
    """
    where: dict[str, Any] = (
        {"node": key} if isinstance(key, str) else {"tie": [str(key[0]), key[1], key[2]]}
    )
    if before is None and after is None:
        return None
    if before is None:
        return where | {"op": "created", "before": None, "after": dict(after or {})}
    if after is None:
        return where | {"op": "deleted", "before": dict(before), "after": None}
    changed = [
        k for k in before.keys() | after.keys() if before.get(k, _ABSENT) != after.get(k, _ABSENT)
    ]
    if not changed:
        return None
    return where | {
        "op": "updated",
        "before": {k: before[k] for k in sorted(changed) if k in before},
        "after": {k: after[k] for k in sorted(changed) if k in after},
    }


_ABSENT = object()


def item_nodes(entry_item: Mapping[str, Any]) -> list[str]:
    """The node ids an item concerns: the node, or a tie's two ends (what ``changes(node=)``
    finds an entry by)."""
    if "node" in entry_item:
        return [entry_item["node"]]
    _, source, target = entry_item["tie"]
    return [source, target]
