"""A node located only in a district or subdistrict is its province's everywhere the graph is
read by place: exports (columns and scopes), the home page, lessons, the views, ``/nodes``;
and a zone filters views and exports as a region does."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from phakhee.api.app import create_app
from phakhee.graph.geography import places_named
from phakhee.graph.model import NodeKind, NodeRecord, TieKind, TieRecord
from phakhee.graph.reference import ensure_reference
from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.graph.store import GraphStore
from phakhee.graph.thailand import ZONES
from phakhee.loaders.sync import not_in_file, parse_scope
from phakhee.queries.ask.neighbourhood import lessons
from phakhee.queries.cache import GraphVersion
from phakhee.queries.drawing.selection import build_weave, gaps_view, region_view, weave_view
from phakhee.queries.pages.home import home
from phakhee.queries.records.exports.frame import ExportGraph
from phakhee.queries.records.exports.meta import ExportMeta
from phakhee.queries.records.exports.scope import Scope, select
from tests.queries.network import write_network

ISAN_UPPER = next(z.provinces for z in ZONES if z.slug == "northeast-upper")
NAN_PEOPLE = ["person:luang", "person:wiang"]
"""บ้านหลวง (district:5503) and ในเวียง (subdistrict:550101): Nan's, by their district."""
NODES = [
    {"kind": "person", "id": "person:luang", "name": "คนบ้านหลวง"},
    {"kind": "person", "id": "person:wiang", "name": "คนในเวียง"},
    {"kind": "person", "id": "person:kaen", "name": "คนเมืองขอนแก่น"},
    {"kind": "person", "id": "person:bkk", "name": "คนกรุงเทพ"},
    {"kind": "team", "id": "team:nan", "name": "ทีมน่าน", "team_type": "provincial_network"},
    {"kind": "topic", "id": "topic:youth", "name": "เยาวชน"},
    {
        "kind": "lesson",
        "id": "lesson:luang",
        "name": "บทเรียนบ้านหลวง",
        "lesson_type": "best_practice",
        "date": "2026-05-31",
    },
    {
        "kind": "event",
        "id": "event:wiang",
        "name": "เวทีในเวียง",
        "event_type": "forum",
        "date": "2026-01-05",
    },
]
TIES = [
    ("located_in", "person:luang", "district:5503", {}),
    ("located_in", "person:wiang", "subdistrict:550101", {}),
    ("located_in", "person:kaen", "district:4001", {}),
    ("located_in", "person:bkk", "province:bangkok", {}),
    ("located_in", "team:nan", "district:5501", {}),
    ("located_in", "lesson:luang", "district:5503", {}),
    ("located_in", "event:wiang", "subdistrict:550101", {}),
    ("member_of", "person:luang", "team:nan", {"role": "coordinator"}),
    ("member_of", "person:wiang", "team:nan", {}),
    ("knows", "person:luang", "person:kaen", {}),
    ("knows", "person:kaen", "person:bkk", {}),
    ("authored", "person:luang", "lesson:luang", {}),
    ("about", "lesson:luang", "topic:youth", {}),
    ("attended", "person:wiang", "event:wiang", {}),
]


def write_below(store: GraphStore) -> None:
    """The network above, with the districts and subdistricts its ties name (as a load makes them)."""
    ensure_reference(store)
    place_nodes, place_ties = places_named(
        TieRecord(TieKind(k), s, t) for k, s, t, _ in TIES if k == "located_in"
    )
    store.upsert_nodes(place_nodes)
    assert store.upsert_ties(place_ties).rejected == []
    write_network(store, NODES, TIES)


@pytest.fixture(scope="module")
def below(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    s = SQLiteStore(tmp_path_factory.mktemp("below") / "graph.db")
    write_below(s)
    yield s
    s.close()


@pytest.fixture(scope="module")
def gv(below: GraphStore) -> GraphVersion:
    return GraphVersion(below.project())


def _export(gv: GraphVersion) -> ExportGraph:
    return ExportGraph(gv.graph, ExportMeta.now("csv", gv.version))


def test_an_export_names_the_province_and_region_of_a_node_in_a_district(gv: GraphVersion) -> None:
    export = _export(gv)
    assert [export.place(n) for n in [*NAN_PEOPLE, "team:nan", "lesson:luang"]] == [
        ("province:nan", "region:north")
    ] * 4
    assert export.place("person:kaen") == ("province:khon-kaen", "region:northeast")
    assert export.place("district:5503") == ("province:nan", "region:north")
    assert export.place("province:nan") == ("province:nan", "region:north")


def _people(found: set[str] | None) -> list[str]:
    assert found is not None
    return sorted(n for n in found if n.startswith("person:"))


def test_a_province_scope_holds_the_nodes_of_its_districts(gv: GraphVersion) -> None:
    found = select(gv.graph, Scope.parse("province=น่าน"))
    assert _people(found) == NAN_PEOPLE
    assert {"team:nan", "lesson:luang", "event:wiang", "topic:youth"} <= found  # type: ignore[operator]
    assert {"district:5501", "district:5503", "subdistrict:550101", "province:nan"} <= found  # type: ignore[operator]
    assert "district:4001" not in found  # type: ignore[operator]


@pytest.mark.parametrize("zone", ["อีสานบน", "Upper Northeast", "zone:northeast-upper"])
def test_a_region_scope_takes_a_zone(gv: GraphVersion, zone: str) -> None:
    scope = Scope.parse(f"region={zone}")
    assert str(scope) == "region=zone:northeast-upper"
    assert _people(select(gv.graph, scope)) == ["person:kaen"]


def test_a_region_scope_still_holds_its_provinces_districts(gv: GraphVersion) -> None:
    assert _people(select(gv.graph, Scope.parse("region=north"))) == NAN_PEOPLE
    assert _people(select(gv.graph, Scope.parse("region=เหนือบน"))) == NAN_PEOPLE  # the zone


def test_the_home_page_says_where_an_event_in_a_subdistrict_was(gv: GraphVersion) -> None:
    recent = home(gv, dt.date(2026, 12, 1)).recent
    assert [(e.event.id, e.province.id if e.province else None) for e in recent] == [
        ("event:wiang", "province:nan")
    ]


def test_lessons_of_a_province_include_its_districts(gv: GraphVersion) -> None:
    found = lessons(gv.graph, province="province:nan")
    assert [(x.id, x.province) for x in found] == [("lesson:luang", "province:nan")]
    assert lessons(gv.graph, province="province:phrae") == []


def test_the_weave_places_people_in_their_districts_province(gv: GraphVersion) -> None:
    weave = build_weave(gv.graph)
    assert {n: weave.home[n] for n in sorted(weave.home)} == {
        "person:bkk": "province:bangkok",
        "person:kaen": "province:khon-kaen",
        "person:luang": "province:nan",
        "person:wiang": "province:nan",
        "team:nan": "province:nan",
    }
    g = gv.graph
    chosen = weave_view(g, weave, {}, province="province:nan")
    assert _people(set(chosen.nodes)) == NAN_PEOPLE
    assert chosen.total == 3


def test_the_views_take_a_zone_as_a_region(gv: GraphVersion) -> None:
    g, weave = gv.graph, build_weave(gv.graph)
    upper_north = weave_view(g, weave, {}, area="zone:north-upper")
    assert (upper_north.total, upper_north.title) == (
        3,
        "เครือข่ายทั้งหมด · the whole weave · ภาคเหนือบน",
    )
    assert sorted(n for n in upper_north.nodes if not n.startswith("province:")) == [
        *NAN_PEOPLE,
        "team:nan",
    ]
    isan = region_view(g, weave, {}, "zone:northeast-upper")
    assert (isan.title, _people(set(isan.nodes))) == (
        "ภาคอีสานบน · Upper Northeast zone",
        ["person:kaen"],
    )
    assert _people(set(gaps_view(g, weave, {}, area="zone:bangkok").nodes)) == ["person:bkk"]
    assert _people(set(region_view(g, weave, {}, "region:north").nodes)) == NAN_PEOPLE


@pytest.fixture(scope="module")
def client(below: GraphStore):  # type: ignore[no-untyped-def]
    with TestClient(create_app(below)) as c:
        yield c


def test_nodes_of_a_province_include_those_in_its_districts(client: TestClient) -> None:
    r = client.get("/nodes", params={"province": "น่าน", "kind": "person"})
    assert r.status_code == 200, r.text
    assert [n["id"] for n in r.json()["items"]] == NAN_PEOPLE


@pytest.mark.parametrize("zone", ["อีสานบน", "Upper Northeast"])
def test_the_region_view_and_the_weaves_region_filter_take_a_zone(
    client: TestClient, zone: str
) -> None:
    page = client.get(f"/views/region/{zone}")
    assert page.status_code == 200, page.text
    assert "ภาคอีสานบน · Upper Northeast zone" in page.text
    assert "person:kaen" in page.text and "person:luang" not in page.text
    weave = client.get("/views/weave", params={"region": zone})
    assert weave.status_code == 200, weave.text
    assert "person:kaen" in weave.text and "person:luang" not in weave.text


def test_an_unknown_zone_view_is_not_found(client: TestClient) -> None:
    assert client.get("/views/region/อีสานกลาง").status_code == 404


def _absent(store: GraphStore, scope: str, given: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    """What a sync of ``scope`` finds, the files having the people ``given`` (id -> place)."""
    given = given or {}
    nodes = {n: NodeRecord(n, NodeKind.PERSON, {"name": n}) for n in given}
    ties = [TieRecord(TieKind.LOCATED_IN, n, p) for n, p in given.items()]
    return not_in_file(store, nodes, ties, [NodeKind.PERSON], [], parse_scope(scope))


def test_a_sync_scope_holds_the_people_of_its_districts(store: GraphStore) -> None:
    write_below(store)
    found = _absent(store, "province=น่าน")
    assert [(a.id, a.places, a.elsewhere, a.action) for a in found.nodes] == [
        ("person:luang", ("district:5503",), (), "remove"),
        ("person:wiang", ("subdistrict:550101",), (), "remove"),
    ]
    assert [a.id for a in _absent(store, "region=อีสานบน").nodes] == ["person:kaen"]
    assert _absent(store, "region=อีสานบน").places == ["province:" + p for p in sorted(ISAN_UPPER)]
    # the files' coarser place is no move; another province is
    kept = _absent(store, "province=nan", {"person:luang": "province:nan"})
    assert ([a.id for a in kept.nodes], kept.moved) == (["person:wiang"], [])
    moved = _absent(store, "province=nan", {"person:luang": "province:phrae"})
    assert moved.moved == [("located_in", "person:luang", "district:5503")]
