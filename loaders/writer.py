"""Writing records to a store batch by batch, each batch one transaction, keeping count of what landed.

Writes to the store (every load and the demo write through here).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from phakhee.graph.errors import StoreUnavailable
from phakhee.graph.geography import places_named
from phakhee.graph.model import NodeRecord, TieRecord
from phakhee.graph.store import GraphStore, WriteResult

Record = NodeRecord | TieRecord
Progress = Callable[[str, int], None]


class LoadInterrupted(StoreUnavailable):
    """The store went away mid-load: the batches before it landed whole, the rest did not."""

    def __init__(self, cause: StoreUnavailable, landed: int, rows: int) -> None:
        self.landed, self.rows = landed, rows
        super().__init__(
            f"{cause} — {landed} batches ({rows:,} records) had landed, each whole; "
            "run the same load again when the store is back: it completes the graph without duplicates",
            url=cause.url,
        )


@dataclass(slots=True)
class LoadResult:
    """What a load wrote: node and tie results, and how many batches landed."""

    nodes: WriteResult = field(default_factory=WriteResult)
    ties: WriteResult = field(default_factory=WriteResult)
    batches: int = 0
    rows: int = 0
    by_label: dict[str, WriteResult] = field(default_factory=dict)

    def add(self, label: str, rows: int, done: WriteResult) -> WriteResult:
        """Count one landed batch under its label; the batch's own result."""
        self.by_label[label] = self.by_label.get(label, WriteResult()) + done
        self.batches += 1
        self.rows += rows
        return done


def write_batches(
    store: GraphStore,
    batches: Iterable[tuple[str, list[Record]]],
    progress: Progress | None = None,
) -> LoadResult:
    """Write (label, records) batches: the nodes of a batch in one transaction, then its ties in one.

    The districts and subdistricts a batch's ties name are written with its nodes the first
    time (``graph.geography.places_named``): they are made when first used."""
    result = LoadResult()
    made: set[str] = set()
    try:
        for label, batch in batches:
            nodes = [r for r in batch if isinstance(r, NodeRecord)]
            ties = [r for r in batch if isinstance(r, TieRecord)]
            place_nodes, place_ties = places_named(ties, made)
            nodes, ties = [*place_nodes, *nodes], [*place_ties, *ties]
            if nodes:
                result.nodes += result.add(label, len(nodes), store.upsert_nodes(nodes))
            if ties:
                result.ties += result.add(label, len(ties), store.upsert_ties(ties))
            if progress is not None:
                progress(label, len(batch))
    except StoreUnavailable as e:
        raise LoadInterrupted(e, result.batches, result.rows) from None
    return result
