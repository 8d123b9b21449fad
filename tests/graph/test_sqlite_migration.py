"""A store file written by an older phakhee opens with everything in it."""

from __future__ import annotations

import shutil
from pathlib import Path

from phakhee.graph.model import NodeKind, NodeRecord, Provenance, TieKind, TieRecord
from phakhee.graph.sqlite_store import SQLiteStore

SCHEMA_1 = Path(__file__).parent / "data" / "schema1.db"
"""Written by phakhee's first store (provenance on every row): two people, a team, two ties."""


def test_a_schema_1_file_is_migrated_with_its_nodes_ties_provenance_and_version(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    shutil.copy(SCHEMA_1, path)
    store = SQLiteStore(path)
    assert store.version() == 2
    assert store.counts() == {
        "nodes": {"person": 2, "team": 1},
        "ties": {"knows": 1, "member_of": 1},
    }
    somchai = store.get_node("person:somchai")
    assert somchai.props == {"name": "สมชาย ใจดี"}
    assert somchai.provenance == Provenance("people.xlsx", 2, "2026-01-01T00:00:00+00:00")
    assert store.get_node("person:malee").provenance is None
    ties = {t.key: t for t in store.iter_ties()}
    member = ties[(TieKind.MEMBER_OF, "person:somchai", "team:nan")]
    assert member.props == {"role": "coordinator"}
    assert member.provenance == Provenance("teams.csv", 5, "2026-02-01T00:00:00+00:00")
    assert ties[(TieKind.KNOWS, "person:somchai", "person:malee")].provenance is None
    store.close()


def test_a_migrated_file_takes_writes_and_opens_again_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(SCHEMA_1, path)
    store = SQLiteStore(path)
    prov = Provenance("more.csv", 3, "2026-03-01T00:00:00+00:00")
    result = store.upsert_nodes(
        [NodeRecord("person:anan", NodeKind.PERSON, {"name": "อนันต์"}, prov)]
    )
    assert (result.created, result.version) == (1, 3)
    store.upsert_ties(
        [TieRecord(TieKind.MEMBER_OF, "person:anan", "team:nan", {"role": "member"}, prov)]
    )
    store.close()
    again = SQLiteStore(path)
    assert again.version() == 4
    assert again.get_node("person:anan").provenance == prov
    assert [n.node.id for n in again.neighbours("team:nan")] == ["person:anan", "person:somchai"]
    again.close()
