"""Every CLI command and API route that takes a node or a place, driven with the same table of
spellings (id, Thai name, English name, alias, จังหวัด-prefixed, upper case), gets the same node
as with its id; an ambiguous name and a misspelt one give the candidates and the suggestion, on
both. The CLI is the real Typer app run in-process (``api.cli.app.main``), the API the real app.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from tests.api.names.conftest import Ran
from tests.api.names.network import AMBIGUOUS, MISSPELT, SPELLINGS

EVERY = "assessment, district, event, lesson, partner, person, province, region, skill, subdistrict, team or topic"


@dataclass(frozen=True)
class Place:
    """Where a node is named: its node's kind (a key of ``SPELLINGS``) and the kinds it takes,
    as messages name them."""

    kind: str
    kinds: str


@dataclass(frozen=True)
class Route(Place):
    call: Callable[[str], tuple[str, dict[str, str]]]  # spelling -> (path, query parameters)


@dataclass(frozen=True)
class Command(Place):
    args: Callable[[str, str], list[str]]  # (spelling, an output file) -> arguments
    read: Callable[[Path], object] | None = None  # what of the output file is compared


def _q(text: str) -> str:
    return quote(text, safe="")


ROUTES: dict[str, Route] = {
    "/experts?topic": Route("topic", "topic", lambda s: ("/experts", {"topic": s})),
    "/experts?province": Route("province", "province", lambda s: ("/experts", {"province": s})),
    "/experts?region": Route("region", "region", lambda s: ("/experts", {"region": s})),
    "/introductions?from": Route(
        "person", "person", lambda s: ("/introductions", {"from": s, "to": "person:somsri-phrae"})
    ),
    "/introductions?to": Route(
        "team",
        "partner, person or team",
        lambda s: ("/introductions", {"from": "person:anan", "to": s}),
    ),
    "/lessons?topic": Route("topic", "topic", lambda s: ("/lessons", {"topic": s})),
    "/lessons?province": Route("province", "province", lambda s: ("/lessons", {"province": s})),
    "/lessons?author": Route("person", "person or team", lambda s: ("/lessons", {"author": s})),
    "/maps/province/{province}": Route(
        "province", "province", lambda s: (f"/maps/province/{_q(s)}", {})
    ),
    "/maps/region/{region}": Route("region", "region", lambda s: (f"/maps/region/{_q(s)}", {})),
    "/ego/{person}": Route("person", EVERY, lambda s: (f"/ego/{_q(s)}", {})),
    "/ego/{team}": Route("team", EVERY, lambda s: (f"/ego/{_q(s)}", {})),
    **{
        f"/analytics/{name}?province": Route(
            "province",
            "province",
            lambda s, name=name: (f"/analytics/{name}", {"province": s}),  # type: ignore[misc]
        )
        for name in ("centrality", "brokers", "communities", "gaps", "suggestions")
    },
    "/scorecards/{province}": Route("province", "province", lambda s: (f"/scorecards/{_q(s)}", {})),
    "/scorecards?region": Route("region", "region", lambda s: ("/scorecards", {"region": s})),
    "/views/province/{id}": Route(
        "province", "province", lambda s: (f"/views/province/{_q(s)}", {})
    ),
    "/views/region/{id}": Route("region", "region", lambda s: (f"/views/region/{_q(s)}", {})),
    "/views/topic/{id}": Route("topic", "topic", lambda s: (f"/views/topic/{_q(s)}", {})),
    "/views/ego/{id}": Route(
        "person", "partner, person or team", lambda s: (f"/views/ego/{_q(s)}", {})
    ),
    "/views/weave?province": Route(
        "province", "province", lambda s: ("/views/weave", {"province": s})
    ),
    "/views/gaps?province": Route(
        "province", "province", lambda s: ("/views/gaps", {"province": s})
    ),
    "/nodes?province": Route("province", "province", lambda s: ("/nodes", {"province": s})),
}


def _node_ids(path: Path) -> list[str]:
    return sorted(n["id"] for n in json.loads(path.read_text("utf-8"))["nodes"])


def _export(scope: str) -> Callable[[str, str], list[str]]:
    return lambda s, out: ["export", out, "--format", "json", "--scope", f"{scope}={s}"]


COMMANDS: dict[str, Command] = {
    "view province ID": Command(
        "province", "province", lambda s, out: ["view", "province", s, "--out", out]
    ),
    "view region ID": Command(
        "region", "region", lambda s, out: ["view", "region", s, "--out", out]
    ),
    "view topic ID": Command("topic", "topic", lambda s, out: ["view", "topic", s, "--out", out]),
    "view ego ID": Command(
        "person", "partner, person or team", lambda s, out: ["view", "ego", s, "--out", out]
    ),
    "view weave --province": Command(
        "province", "province", lambda s, out: ["view", "weave", "--province", s, "--out", out]
    ),
    "report --province": Command(
        "province", "province", lambda s, out: ["report", "--province", s, "--json"]
    ),
    "who-knows TOPIC": Command(
        "topic", "skill or topic", lambda s, out: ["who-knows", s, "--json"]
    ),
    "who-knows --province": Command(
        "province",
        "province",
        lambda s, out: ["who-knows", "topic:youth", "--province", s, "--json"],
    ),
    "who-knows --region": Command(
        "region", "region", lambda s, out: ["who-knows", "topic:youth", "--region", s, "--json"]
    ),
    "intro FROM": Command(
        "person", "person", lambda s, out: ["intro", s, "person:somsri-phrae", "--json"]
    ),
    "intro TO": Command(
        "team", "partner, person or team", lambda s, out: ["intro", "person:anan", s, "--json"]
    ),
    "export --scope province=": Command(
        "province", "province", _export("province"), read=_node_ids
    ),
    "export --scope region=": Command("region", "region", _export("region"), read=_node_ids),
    "export --scope topic=": Command("topic", "topic", _export("topic"), read=_node_ids),
    "export --scope ego=": Command("person", EVERY, _export("ego"), read=_node_ids),
    "scorecard PLACE": Command("province", "province", lambda s, out: ["scorecard", s, "--json"]),
    "map PROVINCE": Command("province", "province or region", lambda s, out: ["map", s, "--json"]),
    "map REGION": Command("region", "province or region", lambda s, out: ["map", s, "--json"]),
}


@pytest.fixture
def cli(db: Path, phakhee: Callable[..., Ran]) -> Callable[[Command, str], Ran]:
    """Run a command with one spelling (its output file always at the same path, so that what
    it says is comparable), reading what it wrote."""

    def run(command: Command, spelling: str) -> Ran:
        out = db.parent / "out.file"
        out.unlink(missing_ok=True)
        ran = phakhee(*command.args(spelling, str(out)))
        if out.exists():
            return replace(ran, file=command.read(out) if command.read else out.read_bytes())
        return ran

    return run


def _spelled(places: dict[str, Place]) -> list[tuple[str, str]]:
    return [(name, s) for name, p in places.items() for s in SPELLINGS[p.kind][1][1:]]


def _answer(client: TestClient, route: Route, spelling: str) -> tuple[int, str]:
    path, params = route.call(spelling)
    r = client.get(path, params=params)
    return r.status_code, r.text


OTHER = {
    "province": "province:chiang-mai",
    "region": "region:northeast",
    "topic": "topic:lent",
    "person": "person:anan",
    "team": "partner:nan-health",
}
"""Another node each place may take, whose answer differs: the place does read the node."""
_BY_ID: dict[str, object] = {}  # each place's answer by its node's id, computed once


@pytest.mark.parametrize(("route", "spelling"), _spelled(ROUTES))
def test_every_route_finds_the_node_by_every_spelling(
    client: TestClient, route: str, spelling: str
) -> None:
    place = ROUTES[route]
    if route not in _BY_ID:
        by_id = _answer(client, place, SPELLINGS[place.kind][0])
        assert by_id[0] == 200, by_id[1]
        assert _answer(client, place, OTHER[place.kind]) != by_id
        _BY_ID[route] = by_id
    assert _answer(client, place, spelling) == _BY_ID[route]


def _compared(command: Command, ran: Ran) -> object:
    """What must be the same: all an answer prints, or an export's exit status and its nodes
    (its line and metadata repeat the scope as given)."""
    return (ran.code, ran.file) if command.read else ran


@pytest.mark.parametrize(("command", "spelling"), _spelled(COMMANDS))
def test_every_command_finds_the_node_by_every_spelling(
    cli: Callable[..., Ran], command: str, spelling: str
) -> None:
    place = COMMANDS[command]
    if command not in _BY_ID:
        by_id = cli(place, SPELLINGS[place.kind][0])
        assert by_id.code == 0, by_id.err
        assert _compared(place, cli(place, OTHER[place.kind])) != _compared(place, by_id)
        _BY_ID[command] = _compared(place, by_id)
    assert _compared(place, cli(place, spelling)) == _BY_ID[command]


def _ambiguous(places: dict[str, Place]) -> list[str]:
    return [name for name, p in places.items() if p.kind in AMBIGUOUS]


def _problem(client: TestClient, route: Route, text: str, status: int) -> dict:
    path, params = route.call(text)
    r = client.get(path, params=params)
    assert (r.status_code, r.headers["content-type"]) == (status, "application/problem+json")
    return r.json()


@pytest.mark.parametrize("route", _ambiguous(ROUTES))
def test_an_ambiguous_name_is_a_422_with_the_candidates(client: TestClient, route: str) -> None:
    place = ROUTES[route]
    text, candidates = AMBIGUOUS[place.kind]
    assert _problem(client, place, text, 422) == {
        "type": "about:blank",
        "title": "Invalid input",
        "status": 422,
        "detail": "that name names more than one node (2 candidates): use the id of one of them",
        "candidates": [{"id": i, "name": n} for i, n in candidates],
    }


@pytest.mark.parametrize("command", _ambiguous(COMMANDS))
def test_an_ambiguous_name_exits_3_naming_the_candidates(
    cli: Callable[..., Ran], command: str
) -> None:
    place = COMMANDS[command]
    text, candidates = AMBIGUOUS[place.kind]
    ran = cli(place, text)
    named = " and ".join(f"'{n}' ({i})" for i, n in candidates)
    assert (ran.code, ran.out, ran.err) == (
        3,
        "",
        f"error: '{text}' names more than one {place.kinds}: {named}; use the id\n",
    )


@pytest.mark.parametrize("route", list(ROUTES))
def test_a_misspelt_name_is_a_404_with_the_suggestion(client: TestClient, route: str) -> None:
    place = ROUTES[route]
    text, (node, name) = MISSPELT[place.kind]
    assert _problem(client, place, text, 404) == {
        "type": "about:blank",
        "title": "Not found",
        "status": 404,
        "detail": f"no {place.kinds} by that id or name; did you mean one of the suggestions?",
        "suggestions": [{"id": node, "name": name}],
    }


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_misspelt_name_exits_4_with_did_you_mean(cli: Callable[..., Ran], command: str) -> None:
    place = COMMANDS[command]
    text, (node, name) = MISSPELT[place.kind]
    ran = cli(place, text)
    assert (ran.code, ran.out, ran.err) == (
        4,
        "",
        f"error: no {place.kinds} '{text}'; did you mean '{name}' ({node})?\n",
    )
