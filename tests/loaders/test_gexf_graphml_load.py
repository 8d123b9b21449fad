"""Gephi's and NetworkX's files loaded: GEXF and GraphML read with NetworkX's readers, mapped
onto our kinds, ids and properties, bad rows refused with their reason; our own exports of
the demo load back as the same graph."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import networkx as nx
import pytest

from phakhee.graph.model import NodeKind, TieKind
from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.loaders.demo import build_demo
from phakhee.loaders.load import load_files
from phakhee.queries.records.exports import export
from tests.api.test_cli import PHAKHEE, run

WRITERS = {"gexf": nx.write_gexf, "graphml": nx.write_graphml}


def _write(g: nx.Graph, path: Path) -> Path:
    WRITERS[path.suffix.lstrip(".")](g, path)
    return path


def _load(path: Path, **kw: object) -> tuple[nx.MultiDiGraph, object]:
    store = SQLiteStore(path.with_suffix(".db"))
    report = load_files(store, [path], **kw)  # type: ignore[arg-type]
    g = store.project()
    store.close()
    return g, report


def _counts(g: nx.MultiDiGraph, kind: str, tie: str) -> tuple[int, int]:
    nodes = sum(1 for _, k in g.nodes(data="kind") if k == kind)
    return nodes, sum(1 for *_, k in g.edges(keys=True) if k == tie)


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_les_miserables_loads_as_77_people_who_know_each_other_254_times(
    tmp_path: Path, fmt: str
) -> None:
    g, report = _load(_write(nx.les_miserables_graph(), tmp_path / f"lesmis.{fmt}"))
    assert report.quarantined == []  # type: ignore[attr-defined]
    assert report.files[0].format == fmt  # type: ignore[attr-defined]
    assert _counts(g, "person", "knows") == (77, 254)
    assert g.nodes["person:myriel"]["name"] == "Myriel"
    assert g.edges["person:napoleon", "person:myriel", "knows"]["x_weight"] == 1


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_the_karate_club_keeps_its_clubs_and_weights_as_extra_properties(
    tmp_path: Path, fmt: str
) -> None:
    g, report = _load(_write(nx.karate_club_graph(), tmp_path / f"karate.{fmt}"))
    assert report.quarantined == []  # type: ignore[attr-defined]
    assert _counts(g, "person", "knows") == (34, 78)
    assert (g.nodes["person:0"]["name"], g.nodes["person:0"]["x_club"]) == ("0", "Mr. Hi")
    assert g.edges["person:0", "person:1", "knows"]["x_weight"] == 4


def test_the_default_kinds_can_be_chosen_and_rows_that_do_not_fit_are_refused(
    tmp_path: Path,
) -> None:
    source = nx.DiGraph()
    source.add_node("youth", label="เยาวชน")
    source.add_node("forum", kind="event", name="เวทีน่าน", event_type="forum", date="2026-01-10")
    source.add_node("org", kind="organisation", label="มูลนิธิ")
    source.add_edge("forum", "youth")  # about, the default asked for
    source.add_edge("youth", "forum")  # a topic is about nothing
    g, report = _load(
        _write(source, tmp_path / "topics.graphml"),
        kind=NodeKind.TOPIC,
        tie_kind=TieKind.ABOUT,
    )
    assert g.nodes["topic:youth"]["name"] == "เยาวชน"
    assert list(g.out_edges("event:forum", keys=True)) == [("event:forum", "topic:youth", "about")]
    refused = sorted((q.sheet, q.row, q.error) for q in report.quarantined)  # type: ignore[attr-defined]
    assert [(sheet, row) for sheet, row, _ in refused] == [("edges", 1), ("nodes", 3)]
    assert refused[0][2].startswith("about source must be one of: event, lesson (got topic)")
    assert "organisation" in refused[1][2]


def test_two_ids_that_make_one_are_refused_naming_both(tmp_path: Path) -> None:
    source = nx.Graph()
    source.add_nodes_from(["Somchai", "somchai", "Malee"])
    _, report = _load(_write(source, tmp_path / "people.gexf"))
    (refused,) = report.quarantined  # type: ignore[attr-defined]
    assert (refused.sheet, refused.row, refused.column) == ("nodes", 2, "id")
    assert "'somchai'" in refused.error and "'Somchai'" in refused.error


def test_a_file_with_entities_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "bomb.graphml"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE g [<!ENTITY a "aaaa">]>'
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="directed">'
        '<node id="&a;"/></graph></graphml>',
        encoding="utf-8",
    )
    _, report = _load(path)
    (refused,) = report.quarantined  # type: ignore[attr-defined]
    assert refused.error == f"{path}: a GRAPHML file may not declare a DTD or entities"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> nx.MultiDiGraph:
    store = SQLiteStore(tmp_path_factory.mktemp("demo") / "demo.db")
    build_demo(store, people=100, seed=5, as_of=dt.date(2026, 6, 30))
    g = store.project()
    store.close()
    return g


def _plain(g: nx.MultiDiGraph) -> tuple[dict, dict]:
    nodes = {n: {k: v for k, v in a.items() if k[0] != "_"} for n, a in g.nodes(data=True)}
    return nodes, {(s, t, k): dict(a) for s, t, k, a in g.edges(keys=True, data=True)}


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_our_own_export_of_the_demo_loads_back_identical(
    demo: nx.MultiDiGraph, tmp_path: Path, fmt: str
) -> None:
    out = io.BytesIO()
    export(demo, fmt, out, redact=False)
    path = tmp_path / f"demo.{fmt}"
    path.write_bytes(out.getvalue())
    back, report = _load(path)
    assert report.quarantined == []  # type: ignore[attr-defined]
    assert _plain(back) == _plain(demo)


@pytest.mark.skipif(PHAKHEE is None, reason="install the project (pip install -e .)")
def test_the_cli_loads_a_gephi_file_exit_0_and_a_broken_one_exit_3(tmp_path: Path) -> None:
    _write(nx.les_miserables_graph(), tmp_path / "lesmis.gexf")
    (tmp_path / "broken.graphml").write_text("<graphml><graph>", encoding="utf-8")
    store = f"sqlite:///{tmp_path}/g.db"
    done = run("load", "lesmis.gexf", store=store, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    done = run("load", "broken.graphml", store=store, cwd=tmp_path)
    assert done.returncode == 3
    assert "refused broken.graphml: not a readable GRAPHML file" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    done = run("load", "--format", "gml", "lesmis.gexf", store=store, cwd=tmp_path)
    assert done.returncode == 2 and "gexf, graphml" in done.stderr
