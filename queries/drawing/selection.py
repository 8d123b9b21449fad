"""What each view draws, chosen from one graph version: the weave of people, teams and partners, and its slices.

Pure over the projection: no store, no HTML. Each function returns a ``Selection`` the views in
``viz/`` draw as they are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from phakhee.graph.errors import InvalidInput, NotFound
from phakhee.graph.geography import ZONES_BY_ID, in_area, provinces_in
from phakhee.graph.graphs import Graph
from phakhee.graph.model import Sector
from phakhee.graph.reference import region_id
from phakhee.queries.ask.experts import provinces

WEAVE_KINDS = ("person", "team", "partner")
"""The kinds the weave is made of."""
MAX_DRAWN = 2000
"""The most nodes a view draws one by one; above it the whole weave is drawn as provinces and
regions, and other views keep their most central nodes (measured in bench/view_render.py)."""
STRONGEST = 3
"""On the country view, each province and region shows its this many strongest ties."""
_WEAVE_TIES = {"knows", "member_of", "partners_with", "liaises_with"}


@dataclass(slots=True)
class Weave:
    """People, teams and partners with the ties among them (undirected, weight = number of ties)
    and the province (through its district or subdistrict; or else region) each one is placed in."""

    graph: nx.Graph
    home: dict[str, str | None]


@dataclass(slots=True)
class Selection:
    """What one view draws: nodes with their attributes, weighted ties, and how to read them.

    ``layout`` says how to place the nodes (``geo``: on the map; ``radial``: around
    ``center``). ``opens`` maps a node to the view it opens (``("province", "province:nan")``).
    ``total`` is how many nodes matched before a cap.
    """

    name: str
    title: str
    nodes: dict[str, dict]
    edges: list[tuple[str, str, float]]
    colour_by: str = "kind"
    layout: str = "radial"
    center: str | None = None
    opens: dict[str, tuple[str, str]] = field(default_factory=dict)
    total: int = 0
    aggregate: bool = False
    focus: str | None = None
    """A kind the view is about (drawn at least mid-size, whatever its centrality)."""


def build_weave(g: nx.MultiDiGraph) -> Weave:
    """The weave of a projection (cached per graph version by the caller)."""
    kinds = set(WEAVE_KINDS)
    members = [n for n, a in g.nodes(data=True) if a["kind"] in kinds]
    inside = set(members)
    weight: Counter[tuple[str, str]] = Counter()
    home: dict[str, str | None] = {}
    located = provinces(g)
    succ = g._succ  # adjacency without the views' overhead: this runs over a million ties
    for s in members:
        place = located.get(s)
        for t, keys in succ[s].items():
            if t in inside and t != s:
                n = sum(1 for k in keys if k in _WEAVE_TIES)
                if n:
                    weight[(s, t) if s < t else (t, s)] += n
            elif place is None and "located_in" in keys and t.startswith("region:"):
                place = t
        home[s] = place
    w = Graph()
    w.add_nodes_from(members)
    w.add_edges_from((a, b, {"weight": c}) for (a, b), c in weight.items())
    for node in members:  # people without a place of their own: where most of their ties are
        if home[node] is None:
            near = Counter(home[n] for n in w._adj[node] if home[n] is not None)
            home[node] = near.most_common(1)[0][0] if near else None
    return Weave(w, home)


def region_of(g: nx.MultiDiGraph, place: str | None) -> str | None:
    """The region id a province or region id lies in."""
    if place is None or place not in g:
        return None
    if place.startswith("region:"):
        return place
    return region_id(g.nodes[place]["region"])


def area_name(g: nx.MultiDiGraph, area: str) -> tuple[str, str]:
    """(Thai, English) name of a region or zone id (a zone is not a node: ``graph.thailand.ZONES``)."""
    if area in ZONES_BY_ID:
        return ZONES_BY_ID[area].name_th, ZONES_BY_ID[area].name_en
    attrs = g.nodes[area]
    return str(attrs.get("name", area)), str(attrs.get("name_en", ""))


def _check_area(g: nx.MultiDiGraph, area: str) -> None:
    if area not in ZONES_BY_ID:
        _check(g, area, ["region"])


def _node(g: nx.MultiDiGraph, weave: Weave, node: str) -> dict:
    """A node's attributes, with its place and the facts a tooltip shows (``_facts``)."""
    attrs = dict(g.nodes[node])
    if node in weave.home:
        home = weave.home[node]
        attrs["_home_name"] = g.nodes[home].get("name") if home in g else None
        attrs["_home_kind"] = g.nodes[home].get("kind") if home in g else None
        attrs["_facts"] = _facts(g, node, attrs["kind"])
    return attrs


def _facts(g: nx.MultiDiGraph, node: str, kind: str) -> list[str]:
    """Roles and evidence: a person's teams (with role), lessons and events; a team's members
    and partners; a partner's partnerships by level."""
    count: Counter[str] = Counter()
    teams = []
    for _, t, k, d in g.out_edges(node, keys=True, data=True):
        count[k] += 1
        if k == "member_of" and len(teams) < 3:
            teams.append(f"{g.nodes[t].get('name', t)} ({d.get('role', 'member')})")
    levels: Counter[str] = Counter()
    for _, _, k, d in g.in_edges(node, keys=True, data=True):
        count[f"in:{k}"] += 1
        if k == "partners_with":
            levels[d.get("level", "?")] += 1
    if kind == "person":
        more = count["member_of"] - len(teams)
        facts = [f"ทีม · team: {t}" for t in teams] + ([f"… +{more}"] if more > 0 else [])
        return [
            *facts,
            f"บทเรียนที่เขียน · lessons authored: {count['authored']}",
            f"กิจกรรมที่เข้าร่วม · events attended: {count['attended']}",
        ]
    if kind == "team":
        return [
            f"สมาชิก · members: {count['in:member_of']}",
            f"ภาคี · partners: {count['partners_with']}",
        ]
    shares = ", ".join(f"{lvl} {n}" for lvl, n in sorted(levels.items()))
    return [
        f"ความร่วมมือ · partnerships: {count['in:partners_with']}"
        + (f" ({shares})" if shares else "")
    ]


def _with_places(g: nx.MultiDiGraph, weave: Weave, nodes: dict[str, dict]) -> dict[str, dict]:
    """``nodes`` and the provinces they are in: labels on the map (no ties drawn to them)."""
    places = sorted({weave.home[n] for n in nodes if weave.home.get(n)} - set(nodes))
    return nodes | {p: dict(g.nodes[p]) for p in places if p and p.startswith("province:")}


def _ties(weave: Weave, nodes: Iterable[str]) -> list[tuple[str, str, float]]:
    keep = set(nodes)
    adj = weave.graph._adj
    return sorted(
        (a, b, float(d["weight"]))
        for a in keep
        if a in adj
        for b, d in adj[a].items()
        if a < b and b in keep
    )


def _cap(nodes: list[str], scores: dict[str, float], limit: int) -> list[str]:
    if len(nodes) <= limit:
        return nodes
    return sorted(nodes, key=lambda n: (-scores.get(n, 0.0), n))[:limit]


def _check(g: nx.MultiDiGraph, node: str, kinds: Iterable[str]) -> None:
    kinds = tuple(kinds)
    if node not in g or g.nodes[node]["kind"] not in kinds:
        raise NotFound(" or ".join(kinds), node, f"no {' or '.join(kinds)} {node!r}")


def weave_view(
    g: nx.MultiDiGraph,
    weave: Weave,
    scores: dict[str, float],
    *,
    kinds: Iterable[str] = WEAVE_KINDS,
    province: str | None = None,
    min_score: float = 0.0,
    limit: int = MAX_DRAWN,
    area: str | None = None,
) -> Selection:
    """The whole weave, filtered by kind, province, area (a region or zone id) and minimum
    centrality; as provinces and regions when more than ``limit`` nodes are left."""
    kinds = set(kinds)
    if bad := kinds - set(WEAVE_KINDS):
        raise InvalidInput(f"kind {sorted(bad)[0]!r} is not one of: {', '.join(WEAVE_KINDS)}")
    if province is not None:
        _check(g, province, ["province"])
    if area is not None:
        _check_area(g, area)
    chosen = [
        n
        for n in weave.graph
        if g.nodes[n]["kind"] in kinds
        and (province is None or weave.home[n] == province)
        and (area is None or in_area(weave.home[n], area))
        and scores.get(n, 0.0) >= min_score
    ]
    if len(chosen) > limit:
        return country_view(g, weave, chosen)
    title = "เครือข่ายทั้งหมด · the whole weave"
    if area is not None:
        title += f" · {area_name(g, area)[0]}"
    if province is not None:
        title += f" · {g.nodes[province]['name']}"
    nodes = {n: _node(g, weave, n) for n in sorted(chosen)}
    edges = _ties(weave, nodes)
    return Selection(
        "weave", title, _with_places(g, weave, nodes), edges, "community", "geo", total=len(chosen)
    )


def country_view(
    g: nx.MultiDiGraph, weave: Weave, chosen: Iterable[str] | None = None
) -> Selection:
    """The weave as its 77 provinces and 6 regions: sized by people, joined by the ties between
    them; each opens its own view."""
    members = list(weave.graph) if chosen is None else list(chosen)
    keep = set(members)
    people: Counter[str] = Counter()
    count: Counter[str] = Counter()
    for n in members:
        place = weave.home[n]
        if place is not None:
            count[place] += 1
            if n.startswith("person:"):
                people[place] += 1
    region = {p: region_of(g, p) for p in set(weave.home.values()) if p}
    between: Counter[tuple[str, str]] = Counter()
    adj, home = weave.graph._adj, weave.home
    for a in keep:
        pa = home[a]
        if pa is None:
            continue
        for b, d in adj[a].items():
            pb = home[b]
            if pb is None or pb <= pa or b not in keep:  # each pair of places once, in order
                continue
            between[(pa, pb)] += d["weight"]
            ra, rb = region[pa], region[pb]
            if ra and rb and ra != rb:
                between[(ra, rb) if ra < rb else (rb, ra)] += d["weight"]
    nodes: dict[str, dict] = {}
    regional_people: Counter[str] = Counter()
    for node, attrs in g.nodes(data=True):
        if attrs["kind"] == "province":
            nodes[node] = {**attrs, "people": people[node], "members": count[node]}
            regional_people[region_id(attrs["region"])] += people[node]
    for node, attrs in g.nodes(data=True):
        if attrs["kind"] == "region":
            nodes[node] = {
                **attrs,
                "people": regional_people[node] + people[node],
                "members": count[node],
            }
    edges = _strongest(
        [(a, b, float(w)) for (a, b), w in between.items() if a.split(":")[0] == b.split(":")[0]],
        per_node=STRONGEST,
    )
    opens = {n: (n.split(":")[0], n) for n in nodes}
    return Selection(
        "country",
        "เครือข่ายทั้งประเทศ · the whole country, by province and region",
        nodes,
        edges,
        "region",
        "geo",
        opens=opens,
        total=len(members),
        aggregate=True,
    )


def _strongest(
    edges: list[tuple[str, str, float]], *, per_node: int
) -> list[tuple[str, str, float]]:
    """The ties that are among the ``per_node`` strongest of either end (not a hairball)."""
    ranked = sorted(edges, key=lambda e: (-e[2], e[0], e[1]))
    count: Counter[str] = Counter()
    keep = []
    for a, b, w in ranked:
        if count[a] < per_node or count[b] < per_node:
            keep.append((a, b, w))
        count[a] += 1
        count[b] += 1
    return sorted(keep)


def province_view(
    g: nx.MultiDiGraph,
    weave: Weave,
    scores: dict[str, float],
    province: str,
    *,
    limit: int = MAX_DRAWN,
) -> Selection:
    """A province: its teams, people and partners (by sector), and its ties to other provinces."""
    _check(g, province, ["province"])
    inside = _cap([n for n in weave.graph if weave.home[n] == province], scores, limit)
    nodes = {n: _node(g, weave, n) for n in sorted(inside)}
    edges = _ties(weave, nodes)
    out: Counter[str] = Counter()
    for n in inside:
        for m, d in weave.graph[n].items():
            other = weave.home[m]
            if other and other != province and other.startswith("province:"):
                out[other] += d["weight"]
    for other, w in sorted(out.items()):
        nodes[other] = dict(g.nodes[other])
        edges.append((province, other, float(w)))
    nodes[province] = dict(g.nodes[province])
    for n in inside:
        if g.nodes[n]["kind"] == "team":
            edges.append((n, province, 1.0))
    name = g.nodes[province]
    return Selection(
        "province",
        f"จังหวัด{name['name']} · {name.get('name_en', '')} province",
        nodes,
        edges,
        "sector",
        "radial",
        center=province,
        opens={o: ("province", o) for o in out},
        total=len(inside),
    )


def region_view(
    g: nx.MultiDiGraph,
    weave: Weave,
    scores: dict[str, float],
    region: str,
    *,
    limit: int = MAX_DRAWN,
) -> Selection:
    """A region or one of the network's zones (``zone:...``): its people, teams and partners on
    the map (or its provinces, when too many)."""
    _check_area(g, region)
    inside = [n for n in weave.graph if in_area(weave.home[n], region)]
    name_th, name_en = area_name(g, region)
    title = f"{name_th} · {name_en} {'zone' if region in ZONES_BY_ID else 'region'}"
    if len(inside) > limit:
        country = country_view(g, weave, inside)
        held = provinces_in(region)
        keep = {n for n, a in country.nodes.items() if n == region or n in held}
        country.nodes = {n: a for n, a in country.nodes.items() if n in keep}
        country.edges = [e for e in country.edges if e[0] in keep and e[1] in keep]
        country.opens = {n: v for n, v in country.opens.items() if n in keep}
        country.name, country.title = "region", title + " · by province"
        return country
    nodes = {n: _node(g, weave, n) for n in sorted(inside)}
    edges = _ties(weave, nodes)
    return Selection(
        "region", title, _with_places(g, weave, nodes), edges, "kind", "geo", total=len(inside)
    )


def topic_view(
    g: nx.MultiDiGraph,
    weave: Weave,
    scores: dict[str, float],
    topic: str,
    *,
    limit: int = MAX_DRAWN,
) -> Selection:
    """A topic: who works on it, the lessons about it and their authors, across provinces."""
    _check(g, topic, ["topic"])
    workers = {s for s, _, k in g.in_edges(topic, keys=True) if k == "works_on"}
    lessons = {s for s, _, k in g.in_edges(topic, keys=True) if k == "about"}
    lessons = {x for x in lessons if g.nodes[x]["kind"] == "lesson"}
    authors = {a for x in lessons for a, _, k in g.in_edges(x, keys=True) if k == "authored"}
    people = _cap(sorted(workers | authors), scores, limit - len(lessons) - 1)
    nodes = {n: _node(g, weave, n) for n in [topic, *sorted(lessons), *people]}
    edges = _ties(weave, people)
    edges += [(w, topic, 1.0) for w in sorted(workers) if w in nodes]
    edges += [(x, topic, 1.0) for x in sorted(lessons)]
    edges += [
        (a, x, 1.0)
        for x in sorted(lessons)
        for a, _, k in g.in_edges(x, keys=True)
        if k == "authored" and a in nodes
    ]
    name = g.nodes[topic]
    return Selection(
        "topic",
        f"ประเด็น {name['name']} · {name.get('name_en', '')}",
        nodes,
        edges,
        "kind",
        "radial",
        center=topic,
        total=len(workers | authors) + len(lessons) + 1,
    )


def sector_view(
    g: nx.MultiDiGraph,
    weave: Weave,
    scores: dict[str, float],
    sector: str,
    *,
    limit: int = MAX_DRAWN,
) -> Selection:
    """Partners of a sector (or ``all``) with the teams and people who work with them, on the map."""
    sectors = {s.value for s in Sector}
    if sector != "all" and sector not in sectors:
        raise NotFound(
            "sector", sector, f"no sector {sector!r}; one of: all, {', '.join(sorted(sectors))}"
        )
    partners = [
        n
        for n in weave.graph
        if g.nodes[n]["kind"] == "partner" and sector in ("all", g.nodes[n]["sector"])
    ]
    near = {m for p in partners for m in weave.graph[p]}
    chosen = _cap(sorted(set(partners) | near), scores, limit)
    nodes = {n: _node(g, weave, n) for n in chosen}
    keep = set(partners)
    edges = [e for e in _ties(weave, nodes) if e[0] in keep or e[1] in keep]
    label = "ทุกภาค · all sectors" if sector == "all" else sector
    return Selection(
        "sector",
        f"ภาคีเครือข่าย · partners: {label}",
        _with_places(g, weave, nodes),
        edges,
        "sector",
        "geo",
        total=len(partners) + len(near),
        focus="partner",
    )


def ego_view(
    g: nx.MultiDiGraph,
    weave: Weave,
    scores: dict[str, float],
    node: str,
    *,
    depth: int = 1,
    limit: int = MAX_DRAWN,
) -> Selection:
    """A person, team or partner with everyone within ``depth`` (1 or 2) ties in the weave."""
    _check(g, node, WEAVE_KINDS)
    if depth not in (1, 2):
        raise InvalidInput("depth must be 1 or 2")
    near = nx.single_source_shortest_path_length(weave.graph, node, cutoff=depth)
    chosen = [node, *_cap(sorted(set(near) - {node}), scores, limit - 1)]
    nodes = {n: _node(g, weave, n) for n in chosen}
    return Selection(
        "ego",
        f"{g.nodes[node].get('name', node)} · ego network",
        nodes,
        _ties(weave, nodes),
        "kind",
        "radial",
        center=node,
        total=len(near),
    )


def gaps_view(
    g: nx.MultiDiGraph,
    weave: Weave,
    scores: dict[str, float],
    *,
    province: str | None = None,
    limit: int = MAX_DRAWN,
    keep: Iterable[str] = (),
    area: str | None = None,
) -> Selection:
    """Where the weave hangs on one node or one tie, in one province, region or zone (``area``) or
    in the most central part of the whole weave (brokers, bridges and suggestions are marked by the view).

    ``keep`` (the brokers, most people cut off first) is drawn before the most central nodes
    fill the rest up to ``limit``, so a large weave's gaps view shows its brokers."""
    if province is not None:
        _check(g, province, ["province"])
    if area is not None:
        _check_area(g, area)
    pool = [
        n
        for n in weave.graph
        if (province is None or weave.home[n] == province)
        and (area is None or in_area(weave.home[n], area))
    ]
    held = set(pool)
    first = list(dict.fromkeys(n for n in keep if n in held))[:limit]
    rest = [n for n in pool if n not in set(first)]
    chosen = first + _cap(rest, scores, limit - len(first))
    nodes = {n: _node(g, weave, n) for n in sorted(chosen)}
    title = "ช่องว่างและตัวเชื่อม · gaps, brokers and bridges"
    if area is not None:
        title += f" · {area_name(g, area)[0]}"
    if province is not None:
        title += f" · {g.nodes[province]['name']}"
    edges = _ties(weave, nodes)
    return Selection(
        "gaps", title, _with_places(g, weave, nodes), edges, "kind", "geo", total=len(pool)
    )
