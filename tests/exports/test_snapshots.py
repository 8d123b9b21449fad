"""Snapshots and their diff on the demo network, person rights, and backups."""

from __future__ import annotations

import io
import sqlite3
import zipfile
from collections import Counter
from pathlib import Path

import networkx as nx
import orjson
import pytest

from phakhee.graph.errors import InvalidInput, NotFound
from phakhee.graph.geography import province_of
from phakhee.graph.model import NodeKind, NodeRecord, TieKind, TieRecord
from phakhee.graph.sqlite_backup import backup, check_file, restore
from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.queries.analytics.scorecard import MET, PARTLY, scorecards
from phakhee.queries.records.exports import FORMATS, export
from phakhee.queries.records.person_rights import erase_person, person_record
from phakhee.queries.records.snapshot_diff import PartnerChange, TieChange, diff_snapshots
from phakhee.queries.records.snapshots import create_snapshot, load_snapshot, thaw


def _people_by_province(g: nx.MultiDiGraph) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for s, t, k in sorted(g.edges(keys=True)):
        if k == "located_in" and g.nodes[s]["kind"] == "person":
            out.setdefault(str(province_of(t)), []).append(s)
    return out


def test_a_snapshot_thaws_to_the_graph_it_froze(demo_store: SQLiteStore) -> None:
    g = demo_store.project()
    info = create_snapshot(demo_store, g, "Q2")
    again, back = load_snapshot(demo_store, info.id)
    assert again.note == "Q2" and again.graph_version == g.graph["version"]
    assert dict(back.nodes(data=True)) == dict(g.nodes(data=True))
    assert sorted(back.edges(keys=True, data=True)) == sorted(g.edges(keys=True, data=True))
    assert info.summary["nodes"] == demo_store.counts()["nodes"]
    assert info.summary["ties"] == demo_store.counts()["ties"]


def test_the_diff_after_a_scripted_change_reports_exactly_that_change(
    demo_store: SQLiteStore,
) -> None:
    before = demo_store.project()
    a = create_snapshot(demo_store, before, "before")
    people = _people_by_province(before)
    nan, phrae = people["province:nan"], people["province:phrae"]
    team = "team:network-nan"  # located in its capital district, เมืองน่าน
    gone = next(p for p in nan if not _crosses(before, p))
    had_private = any(
        before.nodes[t].get("sector") == "private"
        for s, t, k in before.edges(keys=True)
        if k == "partners_with" and _province(before, s) == "province:nan"
    )
    nan = [p for p in nan if p != gone]
    gone_ties = {
        TieChange(k, s, t)
        for s, t, k in (*before.out_edges(gone, keys=True), *before.in_edges(gone, keys=True))
    }
    # the change: a new private partner for Nan's team, a person removed, two cross-province ties
    partner = NodeRecord(
        "partner:new-brewery-free-cafe",
        NodeKind.PARTNER,
        {"name": "ร้านกาแฟปลอดเหล้า", "sector": "private"},
    )
    demo_store.upsert_nodes([partner])
    new_ties = [
        TieRecord(TieKind.PARTNERS_WITH, team, partner.id, {"level": "operational"}),
        TieRecord(TieKind.LOCATED_IN, partner.id, "province:nan"),
        *(
            TieRecord(TieKind.KNOWS, s, t, {"context": "exchange"})
            for s, t in ((nan[1], phrae[0]), (nan[2], phrae[1]))
            if not before.has_edge(s, t, "knows")
        ),
    ]
    assert len(new_ties) == 4
    demo_store.upsert_ties(new_ties)
    demo_store.delete_node(gone)
    b = create_snapshot(demo_store, demo_store.project(), "after")

    d = diff_snapshots(demo_store, a.id, b.id)
    assert [n.id for n in d.nodes_added] == [partner.id]
    assert [n.id for n in d.nodes_removed] == [gone]
    assert set(d.ties_added) == {TieChange(t.kind.value, t.source, t.target) for t in new_ties}
    assert set(d.ties_removed) == gone_ties
    assert d.partners == [PartnerChange("province:nan", "private", [partner.id], [])]
    indicators = {i.name: i.change for i in d.indicators if not i.name[0].isdigit()}
    assert indicators == {
        "provinces_with_team": 0,
        "provinces_with_government_partner": 0,
        "provinces_with_private_partner": 0 if had_private else 1,
        "provinces_with_civil_society_partner": 0,
        "cross_province_person_ties": 2,
        "lessons": 0,
        "events": 0,
        "districts_with_work": 0,  # the new partner is placed at the province alone
        "district_coverage": 0,
        "provinces_fully_covered": 0,
    }
    # the scorecard moves only where the change was: Nan (and Phrae, across the new ties)
    statuses = {
        when: {p: {i.code: i.status for i in c.indicators} for p, c in scorecards(g).items()}
        for when, g in (("a", before), ("b", demo_store.project()))
    }
    moved = {p for p in statuses["a"] if statuses["a"][p] != statuses["b"][p]}
    assert moved <= {"province:nan", "province:phrae"}
    expected: Counter[str] = Counter()
    for p in moved:
        for code, status in statuses["b"][p].items():
            for state, label in ((MET, "met"), (PARTLY, "partly")):
                expected[f"{code} {label}"] += (status == state) - (statuses["a"][p][code] == state)
    got = {i.name: i.change for i in d.indicators if i.name[0].isdigit() and i.change}
    assert got == {k: v for k, v in expected.items() if v}
    changes = [abs(m.change) for m in d.movers]
    assert changes == sorted(changes, reverse=True) and gone in {m.id for m in d.movers}


def _crosses(g: nx.MultiDiGraph, p: str) -> bool:
    """Whether a person has a tie to a person of another province."""
    mine = _province(g, p)
    return any(
        g.nodes[o]["kind"] == "person" and _province(g, o) != mine
        for o in (*g.successors(p), *g.predecessors(p))
    )


def _province(g: nx.MultiDiGraph, n: str) -> str:
    found = (t for _, t, k in g.out_edges(n, keys=True) if k == "located_in")
    return str(province_of(next(found, "")) or "")


def test_person_export_holds_fields_consent_provenance_ties_and_snapshots(
    demo_store: SQLiteStore,
) -> None:
    g = demo_store.project()
    person = next(n for n, a in g.nodes(data=True) if a.get("consent_basis") and a.get("phone"))
    info = create_snapshot(demo_store, g)
    record = orjson.loads(orjson.dumps(person_record(demo_store, person)))
    assert record["properties"]["phone"] == g.nodes[person]["phone"]
    assert record["consent"]["consent_basis"] == "consent"
    assert record["consent"]["consent_date"] == g.nodes[person]["consent_date"]
    assert record["provenance"]["source"].startswith("demo")
    assert len(record["ties"]) == g.degree(person)
    assert record["snapshots"] == [info.id]
    assert record["export"]["redacted"] is False


def _all_bytes(store: SQLiteStore) -> list[bytes]:
    """Every export format of the current graph and every snapshot, decompressed where zipped."""
    graphs = [store.project()] + [load_snapshot(store, s.id)[1] for s in store.list_snapshots()]
    blobs = [zlib_decompress(store.get_snapshot(s.id)[1]) for s in store.list_snapshots()]
    for g in graphs:
        for fmt in FORMATS:
            for redact in (True, False):
                out = io.BytesIO()
                export(g, fmt, out, redact=redact)
                blobs.append(out.getvalue())
                if fmt in ("csv", "xlsx"):
                    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as zf:
                        blobs += [zf.read(n) for n in zf.namelist()]
    return blobs


def _named_once_with_contacts(g: nx.MultiDiGraph) -> str:
    """A person with a phone and an e-mail whose name nobody else has (so a scan finds only them)."""
    names = Counter(a["name"] for _, a in g.nodes(data=True))
    return next(
        n
        for n, a in g.nodes(data=True)
        if a.get("phone") and a.get("email") and names[a["name"]] == 1
    )


def zlib_decompress(data: bytes) -> bytes:
    import zlib

    return zlib.decompress(data)


def test_after_erasure_no_export_or_snapshot_holds_the_persons_name_or_contacts(
    demo_store: SQLiteStore,
) -> None:
    g = demo_store.project()
    person = _named_once_with_contacts(g)
    secrets = [g.nodes[person][f] for f in ("name", "name_en", "phone", "email")]
    create_snapshot(demo_store, g, "one")
    create_snapshot(demo_store, g, "two")
    done = erase_person(demo_store, person)
    assert done.snapshots_rewritten == [1, 2] and done.ties_removed == g.degree(person)
    with pytest.raises(NotFound):
        demo_store.get_node(person)
    for blob in _all_bytes(demo_store):
        for s in secrets:
            assert s.encode() not in blob
        assert person.encode() not in blob
    # the snapshots keep the structure: same counts, the placeholder in the person's place
    snap = load_snapshot(demo_store, 1)[1]
    assert snap.number_of_nodes() == g.number_of_nodes()
    assert snap.number_of_edges() == g.number_of_edges()
    assert snap.degree(done.placeholder) == g.degree(person)


def test_erasing_nobody_is_not_found(demo_store: SQLiteStore) -> None:
    with pytest.raises(NotFound):
        erase_person(demo_store, "person:nobody")
    with pytest.raises(InvalidInput):
        erase_person(demo_store, "team:nan")


def test_backup_while_writing_then_restore_verifies_counts_and_version(
    demo_store: SQLiteStore, tmp_path: Path
) -> None:
    create_snapshot(demo_store, demo_store.project(), "kept")
    out = tmp_path / "b.db"
    taken = backup(demo_store, out)
    assert taken.version == demo_store.version() and taken.snapshots == 1
    demo_store.upsert_nodes([NodeRecord("person:later", NodeKind.PERSON, {"name": "ทีหลัง"})])
    target = tmp_path / "restored.db"
    got = restore(out, target)
    assert got == taken
    again = SQLiteStore(target)
    assert again.version() == taken.version and again.counts()["nodes"] == taken.nodes
    assert [s.note for s in again.list_snapshots()] == ["kept"]
    again.close()


def test_restore_refuses_a_file_that_is_not_our_backup(tmp_path: Path) -> None:
    text = tmp_path / "notes.db"
    text.write_text("hello")
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as con:
        con.execute("CREATE TABLE t (x)")
    con.close()
    for bad in (text, other, tmp_path / "missing.db"):
        with pytest.raises(InvalidInput):
            restore(bad, tmp_path / "target.db")
    with pytest.raises(InvalidInput):
        check_file(text)


def test_thaw_gives_the_snapshot_version(demo_store: SQLiteStore) -> None:
    info = create_snapshot(demo_store, demo_store.project())
    assert thaw(demo_store.get_snapshot(info.id)[1]).graph["version"] == info.graph_version


def test_a_backup_taken_while_writes_go_on_is_one_consistent_version(
    demo_store: SQLiteStore, tmp_path: Path
) -> None:
    import threading

    base_nodes = sum(demo_store.counts()["nodes"].values()) - demo_store.version()
    stop = threading.Event()

    def write() -> None:
        writer = SQLiteStore(demo_store.path)
        i = 0
        while not stop.is_set():  # each write: one node more and the version one up
            i += 1
            writer.upsert_nodes([NodeRecord(f"person:w{i}", NodeKind.PERSON, {"name": f"w{i}"})])
        writer.close()

    thread = threading.Thread(target=write)
    thread.start()
    try:
        checks = [backup(demo_store, tmp_path / f"b{n}.db") for n in range(5)]
    finally:
        stop.set()
        thread.join()
    for check in checks:
        assert sum(check.nodes.values()) - check.version == base_nodes
    assert checks[-1].version > checks[0].version or demo_store.version() > checks[0].version


def test_after_erasure_the_store_file_itself_holds_no_trace(
    demo_store: SQLiteStore,
) -> None:
    g = demo_store.project()
    person = _named_once_with_contacts(g)
    secrets = [g.nodes[person][f].encode() for f in ("name", "phone", "email")]
    assert all(
        s in demo_store.path.read_bytes() + Path(f"{demo_store.path}-wal").read_bytes()
        for s in secrets[1:]
    )
    create_snapshot(demo_store, g)
    erase_person(demo_store, person)
    demo_store.close()  # the last connection checkpoints the write-ahead log into the file
    data = demo_store.path.read_bytes()
    assert [s for s in secrets if s in data] == []


def test_a_snapshot_with_an_erased_person_still_loads_through_our_loader(
    demo_store: SQLiteStore, tmp_path: Path
) -> None:
    from phakhee.loaders.load import load_files

    g = demo_store.project()
    person = max(
        (n for n, k in g.nodes(data="kind") if k == "person"), key=lambda n: (g.degree(n), n)
    )
    info = create_snapshot(demo_store, g)
    done = erase_person(demo_store, person)
    out = tmp_path / "erased.json"
    with out.open("wb") as f:
        export(load_snapshot(demo_store, info.id)[1], "json", f)
    target = SQLiteStore(tmp_path / "t.db")
    report = load_files(target, [out])
    assert report.quarantined == []
    assert target.get_node(done.placeholder).props["name"].endswith("erased)")
    target.close()
