"""Synthetic records for store tests that need volume: people in a ring of acquaintance."""

from __future__ import annotations

from phakhee.graph.model import NodeKind, NodeRecord, Provenance, TieKind, TieRecord

PROV = Provenance("synthetic.csv", None, "2026-01-01T00:00:00+00:00")


def people(ids: range) -> list[NodeRecord]:
    return [NodeRecord(f"person:{i:05d}", NodeKind.PERSON, {"name": f"คน {i}"}, PROV) for i in ids]


def ring(ids: range) -> list[TieRecord]:
    """Each person knows the next one in the range."""
    return [
        TieRecord(
            TieKind.KNOWS, f"person:{i:05d}", f"person:{i + 1:05d}", {"context": "ring"}, PROV
        )
        for i in ids[:-1]
    ]


def batches(ids: range, size: int) -> list[tuple[str, list[NodeRecord | TieRecord]]]:
    """Node batches first, then tie batches, each at most ``size`` records."""
    nodes, ties = people(ids), ring(ids)
    out: list[tuple[str, list[NodeRecord | TieRecord]]] = []
    for records, label in ((nodes, "people"), (ties, "acquaintance")):
        out += [(label, list(records[i : i + size])) for i in range(0, len(records), size)]
    return out
