"""A person's data rights (PDPA §30-33): everything stored about them, and erasure everywhere.

Erasure deletes the person and every tie they have from the graph, removes their values from
the audit log (the record of each change, and of the erasure, stays: field names under the
placeholder's id), and replaces them in every snapshot by an anonymous placeholder: its kind
and ties kept, with their role, level and date, so old snapshots stay comparable and load;
the name, contact fields, consent and free-text notes gone. The store removes them from its
files as well (the SQLite store truncates its write-ahead log), the store's warm-start files are
shredded (``queries.warm_start.forget``: a server writes its next version afresh), and this
process forgets the snapshots it kept thawed.

Writes to the store and shreds files: ``erase_person``; ``person_export`` reads.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

import orjson

from phakhee.graph.errors import InvalidInput
from phakhee.graph.model import NodeKind, kind_of
from phakhee.graph.store import GraphStore
from phakhee.queries.records.exports.meta import ExportMeta
from phakhee.queries.records.snapshots import THAWED, pack, unpack
from phakhee.queries.warm_start import forget

CONSENT_FIELDS = ("consent_basis", "consent_date", "consent_purpose", "consent_source")
ERASED_NAME = "(ลบข้อมูลแล้ว / erased)"
_STRUCTURAL = {"key", "kind", "role", "level", "since"}
"""What a placeholder's ties keep: their kind and shape, never free text (notes, context)."""


def _person(person_id: str) -> str:
    if kind_of(person_id) is not NodeKind.PERSON:
        raise InvalidInput(f"{person_id!r} is not a person's id")
    return person_id


def _provenance(p: object) -> dict[str, Any] | None:
    if p is None:
        return None
    return {"source": p.source, "row": p.row, "loaded_at": p.loaded_at}  # type: ignore[attr-defined]


def _in_snapshot(data: bytes, needle: bytes) -> bool:
    return needle in unpack(data)


def person_record(store: GraphStore, person_id: str) -> dict[str, Any]:
    """Everything stored about one person: fields, consent, provenance, ties, snapshots holding them."""
    node = store.get_node(_person(person_id))
    meta = ExportMeta.now("person", store.version(), scope=f"person={person_id}", redacted=False)
    needle = orjson.dumps(person_id)
    return {
        "export": meta.as_dict(),
        "id": node.id,
        "kind": node.kind.value,
        "properties": node.props,
        "consent": {f: node.props.get(f) for f in CONSENT_FIELDS},
        "provenance": _provenance(node.provenance),
        "ties": [
            {
                "kind": n.tie.kind.value,
                "direction": "out" if n.tie.source == person_id else "in",
                "other": n.node.id,
                "other_name": n.node.props.get("name"),
                "properties": n.tie.props,
                "provenance": _provenance(n.tie.provenance),
            }
            for n in store.neighbours(person_id)
        ],
        "snapshots": [
            info.id
            for info in store.list_snapshots()
            if _in_snapshot(store.get_snapshot(info.id)[1], needle)
        ],
    }


def anonymise(data: bytes, person_id: str, placeholder: str) -> bytes | None:
    """A snapshot's data with the person replaced by ``placeholder``; None when it does not hold them."""
    raw = unpack(data)
    if orjson.dumps(person_id) not in raw:
        return None
    doc = orjson.loads(raw)
    for i, node in enumerate(doc["nodes"]):
        if node.get("id") == person_id:
            doc["nodes"][i] = {"id": placeholder, "kind": "person", "name": ERASED_NAME}
    for i, edge in enumerate(doc["edges"]):
        if person_id in (edge.get("source"), edge.get("target")):
            doc["edges"][i] = {k: v for k, v in edge.items() if k in _STRUCTURAL} | {
                "source": placeholder if edge["source"] == person_id else edge["source"],
                "target": placeholder if edge["target"] == person_id else edge["target"],
            }
    return pack(orjson.dumps(doc))


@dataclass(frozen=True, slots=True)
class Erasure:
    """What an erasure did."""

    person: str
    ties_removed: int
    snapshots_rewritten: list[int]
    placeholder: str
    version: int


def erase_person(store: GraphStore, person_id: str) -> Erasure:
    """Remove a person from the graph, the audit log's values and every snapshot (an anonymous
    placeholder stays in the snapshots and the log)."""
    _person(person_id)
    placeholder = f"person:erased-{secrets.token_hex(6)}"  # unlinkable to the person's id
    result = store.delete_node(person_id) if store.get_nodes([person_id]) else None
    rewritten = store.rewrite_snapshots(lambda data: anonymise(data, person_id, placeholder))
    THAWED.clear()  # thawed before the rewrite, they hold the person (and are never read again)
    forget(store)
    if result is None and not rewritten and not store.audit_entries(nodes=[person_id], limit=1):
        store.get_node(person_id)  # NotFound: nothing anywhere
    store.scrub_audit(person_id, placeholder)  # the log keeps that it changed and was erased
    return Erasure(
        person_id,
        (result.updated - 1) if result else 0,
        rewritten,
        placeholder,
        result.version if result else store.version(),
    )
