"""The Cypher export: literals escaped so that any text survives, and the script rebuilds the graph."""

from __future__ import annotations

import io

import networkx as nx
import pytest

from phakhee.graph.cypher_script import literal, statements
from phakhee.queries.records.exports import export

NASTY = "It's \"quoted\" \\ back\\slash\nnew line\t tab ')}) DETACH DELETE n // ไทย \u2028 \x01 end"


def test_literals_escape_quotes_backslashes_and_control_characters() -> None:
    assert literal("a'b") == "'a\\'b'"
    assert literal("a\\b") == "'a\\\\b'"
    assert literal("x\ny") == "'x\\ny'"
    assert literal("\x01") == "'\\u0001'"
    assert literal(["a", 1, 2.5, True]) == "['a', 1, 2.5, true]"
    assert "\n" not in literal(NASTY)


def _with_nasty(demo: nx.MultiDiGraph) -> nx.MultiDiGraph:
    g = demo.copy()
    g.add_node("person:nasty", kind="person", name=NASTY, tags=["a'b", "c\\d"])
    g.add_edge("person:nasty", "province:nan", key="located_in", kind="located_in")
    return g


def test_the_script_is_one_statement_a_line_with_no_parameters(demo: nx.MultiDiGraph) -> None:
    out = io.BytesIO()
    export(_with_nasty(demo), "cypher", out, redact=False)
    script = out.getvalue().decode()
    lines = statements(script)
    assert all("$" not in line.split("'")[0] for line in lines)
    assert sum(line.startswith("UNWIND") for line in lines) >= demo.number_of_nodes() // 500
    assert script.startswith("// format=cypher")


@pytest.mark.neo4j
def test_the_script_rebuilds_the_same_graph_in_an_empty_neo4j(
    demo: nx.MultiDiGraph, neo4j_uri: str
) -> None:
    from tests.conftest import _neo4j_store

    graph = _with_nasty(demo)
    out = io.BytesIO()
    export(graph, "cypher", out, redact=False)
    store = _neo4j_store(neo4j_uri)  # wiped: empty
    try:
        with store._driver.session(database=store.database) as session:
            for statement in statements(out.getvalue().decode()):
                session.run(statement).consume()
        back = store.project()
    finally:
        store.close()
    assert back.graph["version"] == graph.graph["version"]
    assert dict(back.nodes(data=True)) == dict(graph.nodes(data=True))
    assert back.nodes["person:nasty"]["name"] == NASTY
    assert sorted(back.edges(keys=True, data=True)) == sorted(graph.edges(keys=True, data=True))
