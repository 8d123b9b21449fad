"""A load merges into what is stored: it sets only what its file has, and says what changed.

Every format's records pass through here before they are written (``merge_with_store``):

- a field a row does not have, or has blank, keeps its stored value;
- the clear marker, ``(ลบ)`` or ``(clear)`` (any case, spaces inside allowed), empties one field;
- the fields an export withheld (``withheld_fields`` in its metadata) are never touched by
  loading it back (``withhold``);
- a node or tie given twice in one load is one record, the later row's fields winning
  (``combine``).

Readers hand over ``NodeRow``/``TieRow``: the record as validated (with the model's defaults
filled in, for a node or tie that is new) and the fields its row actually had. The store's
upsert then receives whole, merged properties, so both backends decide "unchanged" the same way.
The change of each stored node is reported field by field: values for ordinary fields, only the
name of a personal one (``graph.privacy`` decides which).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel

from phakhee.graph.errors import InvalidInput
from phakhee.graph.model import NodeRecord, TieRecord
from phakhee.graph.privacy import PUBLIC, withheld
from phakhee.graph.store import GraphStore, TieKey, WriteResult
from phakhee.loaders.normalize import match_key

CLEAR_MARKERS = ("(ลบ)", "(clear)")
"""What a cell holds to empty its field (Thai or English, any case)."""
_CLEAR = frozenset(match_key(m) for m in CLEAR_MARKERS)


def is_clear(value: object) -> bool:
    """Whether a cell holds the clear marker."""
    return isinstance(value, str) and match_key(value).replace(" ", "") in _CLEAR


@dataclass(slots=True)
class NodeRow(NodeRecord):
    """A node as a file gives it: ``given`` names the fields its row had (the rest of ``props``
    are the model's defaults, used only for a new node); ``cleared`` the fields it empties."""

    given: frozenset[str] = frozenset()
    cleared: frozenset[str] = frozenset()


@dataclass(slots=True)
class TieRow(TieRecord):
    """A tie as a file gives it: the fields its row had and the fields it empties."""

    given: frozenset[str] = frozenset()
    cleared: frozenset[str] = frozenset()


def node_row(record: NodeRecord, given: Iterable[str], cleared: Iterable[str] = ()) -> NodeRow:
    """``record`` with the fields its row had (``given``) and those it empties."""
    return NodeRow(
        record.id,
        record.kind,
        record.props,
        record.provenance,
        frozenset(given),
        frozenset(cleared),
    )


def tie_row(record: TieRecord, given: Iterable[str], cleared: Iterable[str] = ()) -> TieRow:
    """``record`` with the fields its row had (``given``) and those it empties."""
    return TieRow(
        record.kind,
        record.source,
        record.target,
        record.props,
        record.provenance,
        frozenset(given),
        frozenset(cleared),
    )


Record = NodeRecord | TieRecord
R = TypeVar("R", NodeRecord, TieRecord)
T = TypeVar("T")


def given_fields(record: Record) -> frozenset[str]:
    """The fields a record sets: a row's own, every property of a plain record."""
    if isinstance(record, NodeRow | TieRow):
        return record.given
    return frozenset(record.props)


def cleared_fields(record: Record) -> frozenset[str]:
    """The fields a record empties."""
    return record.cleared if isinstance(record, NodeRow | TieRow) else frozenset()


def _as_row(record: R, props: dict[str, Any], given: frozenset[str], cleared: frozenset[str]) -> R:
    if isinstance(record, NodeRecord):
        return NodeRow(record.id, record.kind, props, record.provenance, given, cleared)  # type: ignore[return-value]
    return TieRow(  # type: ignore[return-value]
        record.kind, record.source, record.target, props, record.provenance, given, cleared
    )


def combine(old: R, new: R) -> R:
    """One record from the same node or tie given twice in a load: the later row's fields win,
    then the earlier row's, then the model's defaults; the later provenance is kept."""
    old_given, new_given = given_fields(old), given_fields(new)
    new_cleared = cleared_fields(new)
    props = {**old.props}
    props.update((k, v) for k, v in new.props.items() if k in new_given or k not in old_given)
    for k in new_cleared:
        props.pop(k, None)
    given = (old_given - new_cleared) | new_given
    cleared = (cleared_fields(old) - new_given) | new_cleared
    return _as_row(new, props, given, cleared)


def withhold(record: R, fields: Iterable[str]) -> R:
    """``record`` without ``fields`` (an export withheld them): neither set nor emptied."""
    fields = frozenset(fields)
    if not fields & (set(record.props) | cleared_fields(record)):
        return record
    props = {k: v for k, v in record.props.items() if k not in fields}
    return _as_row(record, props, given_fields(record) - fields, cleared_fields(record) - fields)


def split_cleared(
    values: dict[str, object], model: type[BaseModel]
) -> tuple[dict[str, object], set[str]]:
    """``values`` without the cells holding the clear marker, and the fields those cells empty.

    A field the model requires or fills with a default cannot be emptied, nor can a column
    that is not a field (a place, a team, a tie's end): InvalidInput naming the column.
    """
    cleared = {k for k, v in values.items() if is_clear(v)}
    if not cleared:
        return values, cleared
    for key in sorted(cleared):
        info = model.model_fields.get(key)
        if info is None and not key.startswith("x_"):
            raise InvalidInput(
                f"{key}: {CLEAR_MARKERS[0]} / {CLEAR_MARKERS[1]} empties a field; "
                f"it cannot remove a {key}",
                field=key,
            )
        if info is not None and info.is_required():
            raise InvalidInput(f"{key}: required, so it cannot be emptied", field=key)
        if info is not None and info.default not in (None, []):
            raise InvalidInput(
                f"{key}: cannot be emptied (it defaults to {info.default}): type the value instead",
                field=key,
            )
    return {k: v for k, v in values.items() if k not in cleared}, cleared


def parse_partial(
    parse: Callable[[dict[str, Any]], T],
    data: dict[str, Any],
    stored: Callable[[], Mapping[str, Any] | None],
) -> T:
    """``parse(data)``; should that fail, ``parse`` of the stored properties with ``data`` over
    them, so that a partial row of a stored node or tie (a teams file without its team_type
    column) is valid; the row's own error when nothing is stored or that fails too.

    Only the row's own fields are set by the merge: the stored ones only complete validation.
    """
    try:
        return parse(data)
    except InvalidInput as e:
        error = e
    props = stored()
    if props is not None:
        try:
            return parse({**props, **data})
        except InvalidInput:
            pass
    raise error


@dataclass(frozen=True, slots=True)
class Change:
    """How a stored node changed: each field's (before, after), or None for a personal field."""

    id: str
    fields: dict[str, tuple[Any, Any] | None]


@dataclass(slots=True)
class Merged:
    """Records ready to write (whole properties), the change of each stored node, and per kind
    what writing them would do (``would``: created, updated, unchanged, as the store decides
    them: by properties), for a dry run to report."""

    nodes: list[NodeRecord] = field(default_factory=list)
    ties: list[TieRecord] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    would: dict[str, WriteResult] = field(default_factory=dict)

    def count(self, kind: str, stored: Record | None, props: dict[str, Any]) -> None:
        """Count one record of ``kind`` as writing it would: new, changed or the same."""
        new = stored is None
        same = not new and stored.props == props  # type: ignore[union-attr]
        self.would[kind] = self.would.get(kind, WriteResult()) + WriteResult(
            created=int(new), updated=int(not new and not same), unchanged=int(same)
        )


def merged_props(record: Record, stored: Record | None) -> dict[str, Any]:
    """The properties ``record`` leaves on the node or tie: the stored ones with the row's fields
    set and its cleared fields emptied; the row's own (defaults included) when nothing is stored."""
    cleared = cleared_fields(record)
    if stored is None:
        return {k: v for k, v in record.props.items() if k not in cleared}
    props = dict(stored.props)
    props.update((k, record.props[k]) for k in given_fields(record) if k in record.props)
    for k in cleared:
        props.pop(k, None)
    return props


def change(node_id: str, before: dict[str, Any], after: dict[str, Any]) -> Change | None:
    """The fields that differ between ``before`` and ``after``; None when none do."""
    names = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    if not names:
        return None
    personal = set(withheld(names, PUBLIC))
    return Change(
        node_id,
        {k: None if k in personal else (before.get(k), after.get(k)) for k in names},
    )


def _chunks(items: Sequence[R], size: int) -> Iterator[Sequence[R]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def merge_with_store(
    store: GraphStore,
    nodes: Iterable[NodeRecord],
    ties: Iterable[TieRecord],
    *,
    batch: int = 5000,
) -> Merged:
    """Each record merged with what the store holds (read ``batch`` at a time), and the changes."""
    out = Merged()
    node_list, tie_list = list(nodes), list(ties)
    for chunk in _chunks(node_list, batch):
        stored = store.get_nodes(r.id for r in chunk)
        for r in chunk:
            old = stored.get(r.id)
            props = merged_props(r, old)
            out.nodes.append(NodeRecord(r.id, r.kind, props, r.provenance))
            out.count(r.kind.value, old, props)
            if old is not None and old.props != props and (c := change(r.id, old.props, props)):
                out.changes.append(c)
    for chunk in _chunks(tie_list, batch):
        stored_ties: dict[TieKey, TieRecord] = store.get_ties(t.key for t in chunk)
        for t in chunk:
            old_tie = stored_ties.get(t.key)
            props = merged_props(t, old_tie)
            out.ties.append(TieRecord(t.kind, t.source, t.target, props, t.provenance))
            out.count(t.kind.value, old_tie, props)
    return out
