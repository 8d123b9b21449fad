"""The CLI's output for people and for scripts: tables never cut an id, ``--json`` prints what
the API answers; introductions to oneself are refused, a step of acquaintance says why."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from rich.cells import cell_len

from phakhee.api.cli import context
from phakhee.api.cli.app import say_error
from phakhee.graph.errors import Ambiguous
from tests.api.names.conftest import Ran

LONG = "person:สมพร-ศรีสวัสดิ์วงศ์ใหญ่"


@pytest.mark.parametrize(
    "args", [("search", "สมพร"), ("who-knows", "เยาวชน")], ids=["search", "who-knows"]
)
def test_tables_show_every_id_whole_at_80_columns(
    phakhee: Callable[..., Ran], monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    monkeypatch.setattr(context.console, "width", 80)
    ran = phakhee(*args)
    assert ran.code == 0, ran.err
    assert max(map(cell_len, ran.out.splitlines())) == 80  # as wide as the terminal
    assert f"│ {LONG} " in ran.out  # whole, on one line of its column


@pytest.mark.parametrize(
    ("args", "path", "params"),
    [
        (("search", "มาลี"), "/search", {"q": "มาลี"}),
        (("who-knows", "เยาวชน"), "/experts", {"topic": "เยาวชน", "limit": "10"}),
        (
            ("intro", "มาลี ศรีสุข", "person:somsri-phrae"),
            "/introductions",
            {"from": "มาลี ศรีสุข", "to": "person:somsri-phrae"},
        ),
        (("scorecard",), "/scorecards", {}),
        (("scorecard", "จังหวัดน่าน"), "/scorecards/province:nan", {}),
        (("map", "น่าน"), "/maps/province/province:nan", {}),
        (("map", "ภาคเหนือ"), "/maps/region/region:north", {}),
    ],
    ids=["search", "who-knows", "intro", "scorecards", "scorecard", "map province", "map region"],
)
def test_json_is_what_the_api_answers(
    phakhee: Callable[..., Ran],
    client: TestClient,
    args: tuple[str, ...],
    path: str,
    params: dict[str, str],
) -> None:
    ran = phakhee(*args, "--json")
    assert (ran.code, ran.err) == (0, "")
    answered = client.get(path, params=params)
    assert answered.status_code == 200
    assert json.loads(ran.out) == answered.json() != []


def test_report_json_is_format_json_and_stats_json_counts(phakhee: Callable[..., Ran]) -> None:
    as_json = phakhee("report", "--province", "Nan", "--json")
    assert as_json == phakhee("report", "--province", "province:nan", "--format", "json")
    assert json.loads(as_json.out)["province"] == "province:nan"
    stats = json.loads(phakhee("stats", "--json").out)
    assert {k: v for k, v in stats.items() if k != "store"} == {
        "graph_version": stats["graph_version"],
        "nodes": {
            "lesson": 1,
            "partner": 1,
            "person": 5,
            "province": 77,
            "region": 6,
            "skill": 6,
            "team": 1,
            "topic": 3,
        },
        "ties": {
            "about": 1,
            "authored": 1,
            "knows": 2,
            "liaises_with": 1,
            "located_in": 85,
            "member_of": 2,
            "partners_with": 1,
            "works_on": 4,
        },
        "total": {"nodes": 100, "ties": 97},
    }


def test_an_introduction_to_oneself_is_refused_on_both(
    phakhee: Callable[..., Ran], client: TestClient
) -> None:
    said = "from and to are the same person, มาลี ศรีสุข (person:malee): an introduction joins two different people"
    assert phakhee("intro", "Malee Srisuk", "พี่มาลี") == Ran(3, "", f"error: {said}\n")
    r = client.get("/introductions", params={"from": "person:malee", "to": "มาลี ศรีสุข"})
    assert (r.status_code, r.json()["detail"]) == (422, said)


def test_a_knows_step_without_a_context_says_they_know_each_other(
    phakhee: Callable[..., Ran], client: TestClient
) -> None:
    (chain,) = client.get(
        "/introductions", params={"from": "person:malee", "to": "person:somsri-phrae"}
    ).json()
    assert chain["people"] == ["person:malee", "person:anan", "person:somsri-phrae"]
    assert [h["reasons"] for h in chain["hops"]] == [
        ["รู้จักกัน (knows)"],
        ["knows: เวทีภาคเหนือ"],
    ]
    table = phakhee("intro", "person:malee", "person:somsri-phrae").out
    assert "chain 1: 2 steps, weakest tie 1.00" in table
    assert "รู้จักกัน (knows)" in table and "knows: เวทีภาคเหนือ" in table


def test_the_error_line_is_followed_by_every_candidate_past_three(
    capsys: pytest.CaptureFixture[str],
) -> None:
    candidates = [(f"person:p{i}", "สมศรี มั่นคง") for i in range(1, 6)]
    say_error(Ambiguous("'สมศรี มั่นคง' names more than one person: ...; use the id", candidates))
    assert capsys.readouterr().err.splitlines() == [
        "error: 'สมศรี มั่นคง' names more than one person: ...; use the id",
        *(f"  person:p{i}  สมศรี มั่นคง" for i in range(1, 6)),
    ]
