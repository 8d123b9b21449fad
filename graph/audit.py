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

Writes to the store (``undo`` and ``undo_batch`` write the before-values back, as a change of
their own).

The ``ContextVar`` follows the code that set it, and copies of its context: FastAPI runs a
synchronous route in a worker thread with a copy of the request's context, so an author set in
an ``async`` dependency (or middleware) reaches the store; one set in a synchronous dependency
does not (that runs in a thread of its own), and neither does one set before starting a thread
by hand (pass ``contextvars.copy_context().run`` or enter ``acting_as`` in the thread).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from phakhee.graph.errors import Conflict, InvalidInput, NotFound
from phakhee.graph.model import NodeRecord, TieKind, TieRecord, kind_of
from phakhee.graph.privacy import PUBLIC, Audience, gate

if TYPE_CHECKING:
    from phakhee.graph.store import GraphStore

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


@dataclass(frozen=True, slots=True)
class Entry:
    """One write as the log keeps it (values included: what leaves the service goes through
    ``view``)."""

    id: int
    at: str
    user: str | None
    via: str
    address: str | None
    batch: str | None
    version: int
    """The graph version the write made (an erasure's record: the version it happened at)."""
    undoes: tuple[int, ...]
    """The entries this write undid (empty for an ordinary write)."""
    items: list[dict[str, Any]]


def entry_nodes(items: list[dict[str, Any]]) -> list[str]:
    """Every node id the items concern, once each, in order."""
    return list(dict.fromkeys(n for it in items for n in item_nodes(it)))


def scrub(items: list[dict[str, Any]], node_id: str, placeholder: str) -> list[dict[str, Any]]:
    """``items`` with every value of the items concerning ``node_id`` removed (field names kept,
    each value None, the item marked ``erased``) and the id replaced by ``placeholder``: the
    record that a change happened stays, the person's data goes (an erasure)."""
    out = []
    for it in items:
        if node_id not in item_nodes(it):
            out.append(it)
            continue
        it = dict(it)
        if "node" in it:
            it["node"] = placeholder
        else:
            it["tie"] = [placeholder if e == node_id else e for e in it["tie"]]
        for side in ("before", "after"):
            if it[side] is not None:
                it[side] = dict.fromkeys(it[side])
        it["erased"] = True
        out.append(it)
    return out


def erased_item(placeholder: str) -> dict[str, Any]:
    """The item of the entry that records an erasure (the person under their placeholder)."""
    return {"node": placeholder, "op": "erased", "before": None, "after": None}


# Reading: what leaves the service ------------------------------------------------------------
LOG_AUDIENCE = PUBLIC
"""The audience the log's values pass the privacy gate as, for everyone: the log names a
personal field that changed, never its values (a node's page shows them to those allowed)."""


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of one item: its value before and after (None when absent), or only its name
    (``withheld``: a personal field, or any field of an erased person)."""

    field: str
    before: Any
    after: Any
    withheld: bool


@dataclass(frozen=True, slots=True)
class ItemView:
    """One node's or tie's change as the log shows it."""

    node: str | None
    tie: tuple[str, str, str] | None
    op: str
    fields: list[FieldChange]
    erased: bool


@dataclass(frozen=True, slots=True)
class Change:
    """One entry of the log as it leaves the service: ``address`` only for an audience that
    sees contacts (an administrator), values through the privacy gate."""

    id: int
    at: str
    user: str | None
    via: str
    address: str | None
    batch: str | None
    version: int
    undoes: tuple[int, ...]
    items: list[ItemView]

    def as_dict(self) -> dict[str, Any]:
        """The change as JSON-safe data (the API's body)."""
        return dataclasses.asdict(self)


def _view_item(it: Mapping[str, Any]) -> ItemView:
    before, after = it.get("before") or {}, it.get("after") or {}
    erased = bool(it.get("erased"))
    shown = gate(before | after, LOG_AUDIENCE)
    fields = [
        FieldChange(
            f,
            before.get(f) if f in shown and not erased else None,
            after.get(f) if f in shown and not erased else None,
            erased or f not in shown,
        )
        for f in sorted(before.keys() | after.keys())
    ]
    tie = tuple(it["tie"]) if "tie" in it else None
    return ItemView(it.get("node"), tie, it["op"], fields, erased)  # type: ignore[arg-type]


def view(entry: Entry, audience: Audience = PUBLIC) -> Change:
    """``entry`` as it may leave the service for ``audience``."""
    return Change(
        entry.id,
        entry.at,
        entry.user,
        entry.via,
        entry.address if audience.contacts else None,
        entry.batch,
        entry.version,
        entry.undoes,
        [_view_item(it) for it in entry.items],
    )


def since_text(since: str | dt.date | dt.datetime | None) -> str | None:
    """``since`` (a date, or a date and time; ISO text or objects) as the log's UTC text to
    compare with; InvalidInput when it is neither. A date means from its start (UTC)."""
    if since is None or since == "":
        return None
    if isinstance(since, str):
        try:
            since = (
                dt.datetime.fromisoformat(since)
                if "T" in since or " " in since
                else dt.date.fromisoformat(since)
            )
        except ValueError:
            raise InvalidInput(
                f"since: {since[:40]!r} is not a date (YYYY-MM-DD) or an ISO date and time",
                field="since",
            ) from None
    if isinstance(since, dt.datetime):
        if since.tzinfo is None:
            since = since.replace(tzinfo=dt.UTC)
        return since.astimezone(dt.UTC).isoformat(timespec="microseconds")
    return since.isoformat()


def changes(
    store: GraphStore,
    audience: Audience = PUBLIC,
    *,
    node: str | None = None,
    user: str | None = None,
    since: str | dt.date | dt.datetime | None = None,
    limit: int = 100,
    after: int | None = None,
) -> list[Change]:
    """The log's entries, newest first: those concerning ``node`` (the node, or a tie of it), by
    ``user``, at or after ``since``; ``after`` an entry's id to continue below (a next page)."""
    entries = store.audit_entries(
        nodes=None if node is None else [node],
        user=user or None,
        since=since_text(since),
        limit=limit,
        after=after,
    )
    return [view(e, audience) for e in entries]


# Undo ----------------------------------------------------------------------------------------
Key = str | tuple[str, str, str]
"""What an item is about: a node id, or a tie's (kind, source, target)."""
WHOLE = frozenset({"*"})
"""The fields of an item that created or deleted its node or tie: all of them."""


class UndoRefused(Conflict):
    """An undo refused because a later change touched the same fields (``later``, the id of the
    first such change), or the change concerns an erased person (``later`` None)."""

    def __init__(self, message: str, *, change: int, later: int | None) -> None:
        super().__init__(message)
        self.change = change
        self.later = later


@dataclass(frozen=True, slots=True)
class Undone:
    """What an undo did: the entries it undid, the entries it wrote, the graph version after."""

    undid: tuple[int, ...]
    entries: tuple[int, ...]
    version: int


def _key(it: Mapping[str, Any]) -> Key:
    return it["node"] if "node" in it else tuple(it["tie"])  # type: ignore[return-value]


def _fields(it: Mapping[str, Any]) -> frozenset[str]:
    if it["op"] != "updated":
        return WHOLE
    return frozenset((it["before"] or {}).keys() | (it["after"] or {}).keys())


def _clash(mine: Key, fields: frozenset[str], later: Mapping[str, Any]) -> bool:
    """Whether a later item undoes the ground of an undo of ``mine`` (which touched ``fields``):
    the same fields of the same thing, or a node created or deleted and a tie at it."""
    if _key(later) == mine:
        return "*" in fields or "*" in _fields(later) or bool(fields & _fields(later))
    if isinstance(mine, str):
        return "*" in fields  # my node made or removed, a later tie at it
    return "node" in later and "*" in _fields(later)  # my tie, its end made or removed later


def _rewind(state: dict[str, Any] | None, it: Mapping[str, Any]) -> dict[str, Any] | None:
    """The properties before ``it``, from those after it (``state``; None: absent)."""
    if it["op"] == "created":
        return None
    if it["op"] == "deleted":
        return dict(it["before"])
    out = dict(state or {})
    for f in _fields(it):
        if f in it["before"]:
            out[f] = it["before"][f]
        else:
            out.pop(f, None)
    return out


def _check_later(store: GraphStore, entries: list[Entry]) -> None:
    """UndoRefused when an entry after one of ``entries`` (and not among them) touched what they
    touched (``_clash``); or when one of them concerns an erased person."""
    ids = {e.id for e in entries}
    touched: dict[Key, tuple[int, frozenset[str]]] = {}
    by_node: dict[str, set[Key]] = {}
    for e in entries:
        for it in e.items:
            if it.get("erased") or it["op"] == "erased":
                raise UndoRefused(
                    f"change {e.id} concerns a person whose data was erased: it cannot be undone",
                    change=e.id,
                    later=None,
                )
            first, fields = touched.get(_key(it), (e.id, frozenset()))
            touched[_key(it)] = (first, fields | _fields(it))
            for n in item_nodes(it):
                by_node.setdefault(n, set()).add(_key(it))
    later = store.audit_entries(nodes=by_node, newer_than=min(ids), oldest_first=True, limit=10**6)
    later = [e for e in later if e.id not in ids]
    cancelled = _cancelled(later)
    for other in later:
        if other.id in cancelled:
            continue
        for it in other.items:
            for k in {k for n in item_nodes(it) for k in by_node.get(n, ())}:
                first, fields = touched[k]
                if other.id > first and _clash(k, fields, it):
                    raise UndoRefused(
                        f"change {other.id} ({other.user or other.via}, {other.at}) changed "
                        f"{_named(it)} after change {first}: undo change {other.id} first",
                        change=first,
                        later=other.id,
                    )


def _cancelled(later: list[Entry]) -> set[int]:
    """The ids of those of ``later`` (oldest first) that an undo among them cancelled, with the
    undos: newest first, an undo not itself undone cancels the entries it undid."""
    among = {e.id for e in later}
    out: set[int] = set()
    for e in reversed(later):
        if e.undoes and e.id not in out and set(e.undoes) <= among:
            out |= {e.id, *e.undoes}
    return out


def _named(it: Mapping[str, Any]) -> str:
    what = it["node"] if "node" in it else " → ".join(it["tie"][1:]) + f" ({it['tie'][0]})"
    fields = _fields(it)
    return what if fields is WHOLE else f"{', '.join(sorted(fields))} of {what}"


Check = Callable[[str, Key, tuple[str, ...]], None]
"""Asked before an undo writes anything, for each node and tie it changes: (the policy's
action — create, edit, delete or add_tie —, the node id or tie key, and for a node the
targets of the ``located_in`` ties the undo adds or removes for it: where it will be, or was,
besides where the store has it now), raising when the caller may not (``Forbidden``)."""


def _action(key: Key, have: Any, goal: Any) -> str:
    """The policy's action (``graph.access.Action``) of taking ``key`` from ``have`` to ``goal``."""
    if goal is None:
        return "delete"
    if not isinstance(key, str):
        return "add_tie"
    return "create" if have is None else "edit"


def _plan(
    store: GraphStore, entries: list[Entry]
) -> tuple[dict[Key, Any], dict[Key, dict[str, Any] | None]]:
    """The records now of what ``entries`` (oldest first) touched, by key, and the properties
    each had before the first of them (None: absent), rewound from now."""
    items = [it for e in entries for it in e.items]
    keys = list(dict.fromkeys(_key(it) for it in items))
    now: dict[Key, Any] = dict(store.get_nodes(k for k in keys if isinstance(k, str)))
    ties = store.get_ties(k for k in keys if not isinstance(k, str))  # type: ignore[misc]
    now.update({(str(k), s, t): r for (k, s, t), r in ties.items()})
    goal = {k: (dict(now[k].props) if k in now else None) for k in keys}
    for it in reversed(items):
        goal[_key(it)] = _rewind(goal[_key(it)], it)
    return now, goal


def _restore(store: GraphStore, entries: list[Entry], check: Check | None) -> None:
    """Write back what ``entries`` (oldest first) changed, as it was before the first of them:
    ties removed, then nodes removed, nodes written, ties written (each one store write)."""
    now, goal = _plan(store, entries)
    changing = [k for k in goal if (now[k].props if k in now else None) != goal[k]]
    ties = [k for k in changing if not isinstance(k, str)]
    for k in changing if check is not None else ():
        located = tuple(t for kind, s, t in ties if kind == "located_in" and s == k)
        check(_action(k, now[k].props if k in now else None, goal[k]), k, located)  # type: ignore[misc]
    if gone := [k for k in ties if goal[k] is None]:
        store.delete_ties(gone)  # type: ignore[arg-type]
    for k in changing:
        if isinstance(k, str) and goal[k] is None:
            store.delete_node(k)
    if nodes := [
        NodeRecord(k, kind_of(k), goal[k], now[k].provenance if k in now else None)  # type: ignore[arg-type]
        for k in changing
        if isinstance(k, str) and goal[k] is not None
    ]:
        store.upsert_nodes(nodes)
    if back := [
        TieRecord(TieKind(k[0]), k[1], k[2], goal[k], now[k].provenance if k in now else None)  # type: ignore[arg-type]
        for k in ties
        if goal[k] is not None
    ]:
        store.upsert_ties(back)


def _undo(store: GraphStore, entries: list[Entry], check: Check | None) -> Undone:
    entries = sorted(entries, key=lambda e: e.id)
    _check_later(store, entries)
    ids = tuple(e.id for e in entries)
    start = store.audit_entries(limit=1)
    with undoing(ids):
        _restore(store, entries, check)
    written = store.audit_entries(newer_than=start[0].id if start else 0, limit=100_000)
    mine = tuple(sorted(e.id for e in written if e.undoes == ids))
    return Undone(ids, mine, store.version())


def undo(store: GraphStore, entry_id: int, check: Check | None = None) -> Undone:
    """Undo the change ``entry_id``: write back the values it replaced, as a new change by
    ``current_author()`` marked as its undo. NotFound for no such change; UndoRefused naming a
    later change that touched the same fields (undo that first); ``check`` may refuse."""
    found = store.audit_entries(ids=[entry_id], limit=1)
    if not found:
        raise NotFound("change", entry_id)
    return _undo(store, found, check)


def undo_batch(store: GraphStore, batch: str, check: Check | None = None) -> Undone:
    """Undo every change of the upload ``batch`` at once, as ``undo`` does one."""
    found = store.audit_entries(batch=batch, oldest_first=True, limit=100_000)
    if not found:
        raise NotFound("upload", batch)
    return _undo(store, found, check)
