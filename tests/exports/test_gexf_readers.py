"""GEXF exports against the official GEXF 1.3 schema and read by the readers people use:
graphology-gexf (Gephi Lite, sigma.js; run by node), NetworkX; and CR/LF round trips in GEXF and GraphML.

The schema is ``../shared/gexf-1.3/`` beside the repository and graphology-gexf is installed in
``tests/exports/gexf_reader/`` (``npm ci``, as ``.ci/run`` does): without either these tests skip,
saying why, unless PHAKHEE_REQUIRE_BROWSER is set (CI), where a missing reader is a failure.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from lxml import etree
from networkx.readwrite.gexf import GEXFReader

from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.queries.cache import GraphVersion
from phakhee.queries.records.exports import ExportGraph, Scope, export
from phakhee.queries.records.exports.columns import cell, column_types, node_rows
from phakhee.queries.records.exports.gexf import (
    COLOURS,
    LARGEST,
    SMALLEST,
    node_size,
    positions,
)
from phakhee.queries.records.exports.scope import resolved, select
from phakhee.queries.records.measures import extras
from phakhee.queries.records.snapshots import create_snapshot, load_snapshot
from tests.queries.network import write_network
from tests.viz.network import HOSTILE, HOSTILE_TIES, XSS, XSS_ID

REPO = Path(__file__).resolve().parents[2]
SCHEMA = REPO.parent / "shared" / "gexf-1.3" / "gexf.xsd"
READER = Path(__file__).resolve().parent / "gexf_reader"
REQUIRED = bool(os.environ.get("PHAKHEE_REQUIRE_BROWSER"))
GEXF = "{http://gexf.net/1.3}"
TEXT = "บรรทัดแรก\r\nบรรทัดสอง\rสาม\nสี่\tห้า  หก"
"""A description with CR/LF, a lone CR, a lone LF, a tab and inner spaces: kept as typed."""
LESSON = "lesson:multiline"


def _required(what: str) -> None:
    """In CI (PHAKHEE_REQUIRE_BROWSER) a missing reader fails instead of skipping."""
    if REQUIRED:
        pytest.fail(f"{what} (PHAKHEE_REQUIRE_BROWSER is set: CI runs every reader)")


class SchemaGEXF(GEXFReader):
    """NetworkX's GEXF reader, looking for colours, sizes and positions where the GEXF 1.3
    schema puts them (the GEXF namespace) instead of the viz namespace: the reader
    docs/exports-and-privacy.md gives NetworkX users."""

    def set_version(self, version: str) -> None:
        super().set_version(version)
        self.NS_VIZ = self.NS_GEXF


@dataclass
class Case:
    """One GEXF export: its bytes and the frame it was written from (what the readers must see)."""

    data: bytes
    frame: ExportGraph


def _case(graph: nx.MultiDiGraph, scope: str | None = None, snapshot: str | None = None) -> Case:
    gv = GraphVersion(graph)
    out = io.BytesIO()
    meta = export(graph, "gexf", out, scope=scope, snapshot=snapshot, **extras(gv, "gexf"))
    chosen = resolved(graph, Scope.parse(scope))
    frame = ExportGraph(graph, meta, keep=select(graph, chosen), **extras(gv, "gexf"))
    return Case(out.getvalue(), frame)


@pytest.fixture(scope="module")
def cases(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Case]:
    """Every kind of GEXF export: the demo whole, each kind of scope, a snapshot, and the demo
    with the hostile fixture and a lesson whose description holds CR/LF."""
    path = tmp_path_factory.mktemp("gexf") / "store.db"
    shutil.copy(demo_db, path)
    store = SQLiteStore(path)
    demo = store.project()
    person = min(n for n, k in demo.nodes(data="kind") if k == "person")
    out = {
        "demo": _case(demo),
        "province": _case(demo, "province=nan"),
        "region": _case(demo, "region=north"),
        "topic": _case(demo, "topic=youth"),
        "ego": _case(demo, f"ego={person}"),
    }
    info = create_snapshot(store, demo, "for GEXF")
    out["snapshot"] = _case(load_snapshot(store, info.id)[1], snapshot=str(info.id))
    lesson = {"kind": "lesson", "id": LESSON, "name": "บทเรียนหลายบรรทัด", "lesson_type": "media"}
    lesson["description"] = TEXT
    ties = [t for t in HOSTILE_TIES if t[2] in demo or t[2] == HOSTILE[1]["id"]]
    write_network(store, [*HOSTILE, lesson], [*ties, ("authored", XSS_ID, LESSON, {})])
    out["xss"] = _case(store.project())
    out["xss-ego"] = _case(store.project(), f"ego={XSS_ID}")
    store.close()
    return out


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    if not SCHEMA.exists():
        _required(f"the GEXF 1.3 schema is not at {SCHEMA}")
        pytest.skip(reason="the GEXF 1.3 schema is not in shared/gexf-1.3 beside the repository")
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


@pytest.fixture(scope="module")
def graphology() -> Any:
    node = shutil.which("node")
    if node is None:
        _required("no node on the PATH")
        pytest.skip(reason="needs node (graphology-gexf runs in it)")
    if not (READER / "node_modules" / "graphology-gexf").is_dir():
        _required(f"graphology-gexf is not installed in {READER}")
        missing = "graphology-gexf is not installed: (cd tests/exports/gexf_reader && npm ci)"
        pytest.skip(reason=missing)

    def read(data: bytes, tmp: Path) -> dict[str, Any]:
        path = tmp / "graph.gexf"
        path.write_bytes(data)
        done = subprocess.run(
            [str(node), "read.mjs", str(path)], cwd=READER, capture_output=True, check=True
        )
        return json.loads(done.stdout)

    return read


NAMES = ["demo", "province", "region", "topic", "ego", "snapshot", "xss", "xss-ego"]


@pytest.mark.parametrize("name", NAMES)
def test_every_gexf_export_is_valid_against_the_gexf_1_3_schema(
    cases: dict[str, Case], schema: etree.XMLSchema, name: str
) -> None:
    doc = etree.parse(io.BytesIO(cases[name].data))
    assert schema.validate(doc), schema.error_log.last_error


def _typed(kind: str, value: Any) -> Any:
    """A value as graphology-gexf parses it by its attribute's declared type."""
    if kind in ("long", "double"):
        return float(value)
    if kind == "boolean":
        return value is True
    return cell(value)


def _expected(frame: ExportGraph) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """The nodes and edges graphology-gexf must read from ``frame``'s GEXF."""
    rows = list(node_rows(frame))
    types = column_types(a for _, a in rows)
    where = positions(frame, [n for n, _ in rows])
    most = max(frame.centrality.values(), default=0.0)
    nodes = {}
    for n, attrs in rows:
        r, g, b = COLOURS[attrs["kind"]]
        x, y = where[n]
        nodes[n] = {k: _typed(types[k], v) for k, v in attrs.items() if v is not None} | {
            "label": attrs["name"],
            "color": f"rgb({r},{g},{b})",
            "size": node_size(attrs["kind"], frame.centrality.get(n), most),
            "x": x,
            "y": y,
            "z": 0,
        }
    ties = list(frame.edges())
    edge_types = column_types(a | {"kind": k} for _, _, k, a in ties)
    edges = [
        {
            "id": str(i),
            "source": s,
            "target": t,
            "attributes": {"label": k, "kind": k}
            | {key: _typed(edge_types[key], v) for key, v in a.items() if v is not None},
        }
        for i, (s, t, k, a) in enumerate(ties)
    ]
    return nodes, edges


@pytest.mark.parametrize("name", NAMES)
def test_graphology_gexf_reads_every_node_tie_title_colour_size_and_position_we_wrote(
    cases: dict[str, Case], graphology: Any, tmp_path: Path, name: str
) -> None:
    case = cases[name]
    read = graphology(case.data, tmp_path)
    nodes, edges = _expected(case.frame)
    assert (read["order"], read["size"], read["type"]) == (len(nodes), len(edges), "directed")
    assert read["nodes"] == nodes
    assert read["edges"] == edges
    # the columns show by their titles (graphology keeps an id as the key unless it is numeric)
    titles = {k for a in nodes.values() for k in a}
    assert read["node_keys"] == sorted(titles)
    assert not [k for k in read["node_keys"] + read["edge_keys"] if re.fullmatch(r"[ne]\d+", k)]
    assert {"kind", "province", "name"} <= titles
    assert read["meta"]["keywords"] == case.frame.meta.scope


def test_every_node_has_a_colour_a_size_and_a_position_beside_what_it_is_tied_to(
    cases: dict[str, Case], graphology: Any, tmp_path: Path
) -> None:
    case = cases["demo"]
    read = graphology(case.data, tmp_path)["nodes"]
    given = case.frame.positions
    assert len(read) == case.frame.graph.number_of_nodes() > len(given)
    for n, a in read.items():
        assert a["color"].startswith("rgb(") and SMALLEST <= a["size"] <= LARGEST
        if n in given:  # the map layout's own, exactly
            assert (a["x"], a["y"]) == tuple(map(float, given[n]))
    # an event sits within reach of the middle of the places, teams and people it is tied to
    g = case.frame.graph
    event = min(n for n, k in g.nodes(data="kind") if k == "event")
    near = [read[m] for m in nx.all_neighbors(g, event) if m in given]
    mx, my = (sum(p[c] for p in near) / len(near) for c in "xy")
    assert abs(read[event]["x"] - mx) <= 40 and abs(read[event]["y"] - my) <= 40
    # sizes follow centrality; kinds without one have their kind's size
    scores = case.frame.centrality
    by_score = sorted(scores, key=lambda n: (scores[n], n))
    sizes = [read[n]["size"] for n in by_score]
    assert sizes == sorted(sizes)
    assert read[by_score[-1]]["size"] == LARGEST
    assert {read[n]["size"] for n, k in g.nodes(data="kind") if k == "province"} == {14.0}


def _attribute_ids(data: bytes) -> dict[tuple[str, str], str]:
    doc = etree.parse(io.BytesIO(data))
    return {
        (group.get("class"), a.get("title")): a.get("id")
        for group in doc.iter(f"{GEXF}attributes")
        for a in group.iter(f"{GEXF}attribute")
    }


def test_one_attribute_has_one_numeric_id_in_every_export(cases: dict[str, Case]) -> None:
    ids = [_attribute_ids(c.data) for c in cases.values()]
    every: dict[tuple[str, str], set[str]] = {}
    for found in ids:
        for key, i in found.items():
            every.setdefault(key, set()).add(i)
    assert {k: v for k, v in every.items() if len(v) > 1} == {}
    assert all(i.isdigit() for v in every.values() for i in v)
    assert ("node", "province") in every and ("edge", "kind") in every


def test_networkx_reads_attributes_and_with_the_schema_reader_colours_sizes_positions(
    cases: dict[str, Case],
) -> None:
    case = cases["province"]
    plain = nx.read_gexf(io.BytesIO(case.data))
    g = SchemaGEXF(version="1.3")(io.BytesIO(case.data))
    assert sorted(g) == sorted(plain) == sorted(case.frame.node_ids())
    nan = g.nodes["province:nan"]
    assert plain.nodes["province:nan"]["kind"] == nan["kind"] == "province"
    assert "viz" not in plain.nodes["province:nan"]  # NetworkX looks in the viz namespace only
    x, y = case.frame.positions["province:nan"]
    assert nan["viz"] == {
        "color": {"r": 120, "g": 144, "b": 156, "a": 1.0},
        "size": 14.0,
        "position": {"x": float(x), "y": float(y), "z": 0.0},
    }
    assert all("viz" in a for _, a in g.nodes(data=True))


def test_the_hostile_names_are_text_in_gexf(cases: dict[str, Case]) -> None:
    g = SchemaGEXF(version="1.3")(io.BytesIO(cases["xss-ego"].data))
    assert g.nodes[XSS_ID]["label"] == XSS
    assert HOSTILE[1]["id"] in g
    assert b"<img" not in cases["xss-ego"].data


def test_cr_lf_in_a_description_round_trips_through_gexf_and_graphml(
    cases: dict[str, Case], graphology: Any, tmp_path: Path
) -> None:
    data = cases["xss"].data
    assert TEXT.encode() not in data and b"&#13;&#10;" in data
    assert nx.read_gexf(io.BytesIO(data)).nodes[LESSON]["description"] == TEXT
    assert graphology(data, tmp_path)["nodes"][LESSON]["description"] == TEXT
    out = io.BytesIO()
    export(cases["xss"].frame.graph, "graphml", out)
    assert nx.read_graphml(io.BytesIO(out.getvalue())).nodes[LESSON]["description"] == TEXT
