"""Two loaders writing overlapping data at once: one copy of everything, and every write counted."""

from __future__ import annotations

import multiprocessing as mp
from multiprocessing.synchronize import Barrier

from phakhee.graph.model import NodeRecord
from phakhee.graph.store import GraphStore
from phakhee.graph.stores import open_store
from tests.graph.records import batches


def _load(url: str, start: int, stop: int, barrier: Barrier, out: mp.Queue) -> None:
    store = open_store(url)
    barrier.wait()
    changed = 0
    for _, batch in batches(range(start, stop), 100):
        if isinstance(batch[0], NodeRecord):
            result = store.upsert_nodes(batch)  # type: ignore[arg-type]
        else:
            result = store.upsert_ties(batch)  # type: ignore[arg-type]
        changed += bool(result.created or result.updated)
    store.close()
    out.put(changed)


def test_overlapping_loads_at_once_leave_no_duplicates(store: GraphStore) -> None:
    ctx = mp.get_context("spawn")
    barrier, out = ctx.Barrier(2), ctx.Queue()
    workers = [
        ctx.Process(target=_load, args=(store.url, start, stop, barrier, out))
        for start, stop in ((0, 1500), (500, 2000))
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join(300)
    assert [w.exitcode for w in workers] == [0, 0]
    changing_writes = out.get() + out.get()
    assert store.counts() == {"nodes": {"person": 2000}, "ties": {"knows": 1999}}
    assert store.version() == changing_writes
