"""A Neo4j server killed mid-load: whole batches or nothing, a clear report, and a clean rerun."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from phakhee.graph.model import NodeRecord
from phakhee.graph.neo4j_store import Neo4jStore
from phakhee.loaders.writer import LoadInterrupted, write_batches
from tests.graph.records import batches
from tests.neo4j_launcher import Neo4jServer, require_server

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Neo4jServer]:
    """A server of this test's own, since the test kills it."""
    require_server()  # skips with the reason, or fails in CI
    s = Neo4jServer()
    s.start(tmp_path / "data")
    yield s
    s.stop()


def test_killing_the_server_mid_load_leaves_whole_batches_and_a_rerun_completes(
    server: Neo4jServer,
) -> None:
    plan = batches(range(3000), 250)  # 12 node batches, then 12 tie batches
    store = Neo4jStore(server.uri, retry_seconds=1)
    written = 0

    def kill_after_five(label: str, n: int) -> None:
        nonlocal written
        written += 1
        if written == 5:
            server.kill()

    with pytest.raises(LoadInterrupted) as e:
        write_batches(store, plan, kill_after_five)
    assert (e.value.landed, e.value.rows) == (5, 1250)
    assert "5 batches (1,250 records) had landed" in str(e.value)
    store.close()

    server.start(server.data_dir, server.port)  # type: ignore[arg-type]
    store = Neo4jStore(server.uri)
    for _, batch in plan[:12]:
        present = store.get_nodes(r.id for r in batch if isinstance(r, NodeRecord))
        assert len(present) in (0, len(batch))  # never half a batch
    assert store.counts()["nodes"] == {"person": 1250}

    result = write_batches(store, plan)
    assert (result.nodes.created, result.nodes.unchanged) == (1750, 1250)
    assert store.counts() == {"nodes": {"person": 3000}, "ties": {"knows": 2999}}
    store.close()
