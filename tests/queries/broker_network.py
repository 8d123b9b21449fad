"""A hand-built 30-person network with exactly two cut points, where the brokers are obvious.

- Nan: twelve people in a ring (n01-n12) and X, who knows n01, n02 and, in Phrae, p01 and p02.
- Phrae: ten people in a ring (p01-p10) and Y, who knows p05, p06 and, in Ubon, u1 and u2.
- Ubon: six people in a ring (u1-u6).
- One team in each province, of four, three and three of its ring's people.

Everyone has a second route to everyone else but through X and Y: without X the twelve of Nan's
ring lose the other seventeen; without Y the six of Ubon lose the other twenty-four. No tie is
a bridge. Each of the thirty has two ties or more, so each has a constraint (the old gaps view
drew all thirty as brokers).
"""

from __future__ import annotations

from itertools import pairwise

from phakhee.graph.store import GraphStore
from tests.queries.network import write_network

NAN, PHRAE, UBON = "province:nan", "province:phrae", "province:ubon-ratchathani"
RINGS = {
    NAN: [f"person:n{i:02}" for i in range(1, 13)],
    PHRAE: [f"person:p{i:02}" for i in range(1, 11)],
    UBON: [f"person:u{i}" for i in range(1, 7)],
}
X, Y = "person:x", "person:y"
BROKERS = [(X, 12), (Y, 6)]
"""The brokers, most people cut off first, with how many each cuts off."""
TEAMS = {NAN: ("team:nan", 4), PHRAE: ("team:phrae", 3), UBON: ("team:ubon", 3)}


def _people() -> list[tuple[str, str]]:
    return [(p, where) for where, ring in RINGS.items() for p in ring] + [(X, NAN), (Y, PHRAE)]


def build_broker_network(store: GraphStore) -> None:
    """Write the network into a store (with the built-in geography)."""
    nodes: list[dict] = [
        {"kind": "person", "id": p, "name": p.removeprefix("person:").upper()} for p, _ in _people()
    ]
    nodes += [
        {"kind": "team", "id": t, "name": t, "team_type": "provincial_network"}
        for t, _ in TEAMS.values()
    ]
    ties: list[tuple] = [("located_in", p, where, {}) for p, where in _people()]
    for where, ring in RINGS.items():
        ties += [("knows", a, b, {}) for a, b in pairwise([*ring, ring[0]])]
        team, size = TEAMS[where]
        ties += [("located_in", team, where, {})]
        ties += [("member_of", p, team, {}) for p in ring[:size]]
    n, p, u = RINGS[NAN], RINGS[PHRAE], RINGS[UBON]
    ties += [("knows", X, q, {}) for q in (n[0], n[1], p[0], p[1])]
    ties += [("knows", Y, q, {}) for q in (p[4], p[5], u[0], u[1])]
    write_network(store, nodes, ties)
