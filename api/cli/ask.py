"""The questions: ``search``, ``who-knows``, ``intro``, ``map``.

Every node or place a command is given is named as ``queries.ask.resolve`` reads names (id,
name, English name, alias; a province with or without จังหวัด): a name of more than one node
is refused with the candidates, a near miss with "did you mean …". Tables never cut an id;
``--json`` prints what the API answers instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Column, Table

from phakhee.api.cli.context import JsonFlag, cache, console, id_column, index, print_json

if TYPE_CHECKING:
    from phakhee.queries.ask.maps import Partnership


def register(app: typer.Typer) -> None:
    """Add the commands that ask the graph."""
    app.command()(search)
    app.command("who-knows")(who_knows)
    app.command()(intro)
    app.command("map")(partnership_map)


def search(
    text: Annotated[str, typer.Argument(help="What to look for, in Thai or English.")],
    kind: Annotated[
        str | None, typer.Option(help="Only this kind (person, team, partner, topic, ...).")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=200, help="How many results.")] = 20,
    as_json: JsonFlag = False,
) -> None:
    """Search every kind by name, alias, description and tags (Thai without spaces works)."""
    from phakhee.queries.ask.search import search as run_search

    hits = run_search(index(cache().current()), text, kinds=[kind] if kind else None, limit=limit)
    if as_json:
        print_json(hits)
        return
    table = Table(id_column(), title=escape(f"search: {text}"))
    for col in ("kind", "name", "name (en)", "matched", "score"):
        table.add_column(col, justify="right" if col == "score" else "left", overflow="fold")
    for h in hits:
        table.add_row(
            *map(escape, (h.id, h.kind, h.name, h.name_en or "", f"{h.field} ({h.how})")),
            f"{h.score:.2f}",
        )
    console.print(table if hits else "no match")


def who_knows(
    text: Annotated[
        str, typer.Argument(help="A topic or a skill: id, name, English name or alias.")
    ],
    province: Annotated[
        str | None, typer.Option(help="Only people in this province: id or name.")
    ] = None,
    region: Annotated[
        str | None,
        typer.Option(help="Only people in this region or zone of the network: id or name."),
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=200, help="How many people.")] = 10,
    as_json: JsonFlag = False,
) -> None:
    """Who knows about a topic or a skill, ranked by evidence, with the evidence shown."""
    from phakhee.queries.ask.experts import ExpertIndex, experts
    from phakhee.queries.ask.resolve import node, optional, optional_area

    gv = cache().current()
    graph = gv.graph
    subject = node(gv, text, {"topic", "skill"})
    kind = graph.nodes[subject]["kind"]
    found = experts(
        graph,
        **{"topic" if kind == "topic" else "skill": subject},
        province=optional(gv, province, {"province"}),
        region=optional_area(gv, region),
        limit=limit,
        index=gv.derived("experts", ExpertIndex),
    )
    if as_json:
        print_json(found)
        return
    table = Table(
        Column("#", justify="right"),
        id_column(),
        title=escape(f"who knows: {graph.nodes[subject]['name']} ({subject})"),
    )
    for col in ("person", "province", "score", "evidence"):
        table.add_column(col, justify="right" if col == "score" else "left", overflow="fold")
    for i, e in enumerate(found, start=1):
        place = graph.nodes[e.province]["name"] if e.province else ""
        evidence = "\n".join(
            f"{x.what}: {x.name} ({x.when or 'undated'}) {x.weight:.2f}" for x in e.evidence[:4]
        )
        table.add_row(
            str(i), *map(escape, (e.id, e.name, place)), f"{e.score:.2f}", escape(evidence)
        )
    console.print(table if found else "nobody found")


def intro(
    source: Annotated[str, typer.Argument(metavar="FROM", help="You: a person's id or name.")],
    target: Annotated[
        str, typer.Argument(metavar="TO", help="A person, partner or team: id or name.")
    ],
    as_json: JsonFlag = False,
) -> None:
    """Who can introduce FROM to TO: up to three shortest chains, strongest ties first."""
    from phakhee.queries.ask.introductions import introductions
    from phakhee.queries.ask.resolve import node
    from phakhee.queries.collaboration import collaboration_graph

    gv = cache().current()
    graph = gv.graph
    start = node(gv, source, {"person"})
    goal = node(gv, target, {"person", "partner", "team"})
    chains = introductions(graph, gv.derived("collaboration", collaboration_graph), start, goal)
    if as_json:
        print_json(chains)
        return
    if not chains:
        console.print(f"no chain of acquaintance from {start} to {goal}", soft_wrap=True)
        return
    for i, chain in enumerate(chains, start=1):
        steps = f"{len(chain.hops)} step{'s' * (len(chain.hops) != 1)}"
        table = Table(title=f"chain {i}: {steps}, weakest tie {chain.strength:.2f}")
        for col in ("from", "to", "because"):
            table.add_column(col, overflow="fold")
        for h in chain.hops:
            name = graph.nodes[h.source].get("name", h.source)
            table.add_row(*map(escape, (name, h.target_name, "\n".join(h.reasons))))
        console.print(table)


def partnership_map(
    place: Annotated[
        str, typer.Argument(metavar="PLACE", help="A province or a region: id or name.")
    ],
    as_json: JsonFlag = False,
) -> None:
    """A province's or region's partnership map: its partners, which teams hold each
    partnership, at what level, and who carries it."""
    from phakhee.queries.ask.maps import partnership_map as build_map
    from phakhee.queries.ask.resolve import node

    gv = cache().current()
    found = node(gv, place, {"province", "region"})
    kind = gv.graph.nodes[found]["kind"]
    shown = build_map(gv.graph, **{kind: found})
    if as_json:
        print_json(shown)
        return
    name = gv.graph.nodes[found].get("name", found)
    table = Table(
        id_column(),
        Column("partner", overflow="fold"),
        Column("sector", overflow="fold"),
        id_column("province"),
        Column("partnerships", overflow="fold"),
        title=escape(f"partners of {name} ({found})"),
    )
    for p in shown.partners:
        ships = "\n".join(map(_partnership, p.partnerships))
        table.add_row(*map(escape, (p.id, p.name, p.sector, p.province or "", ships)))
    console.print(table if shown.partners else f"no partner in {escape(name)} ({found})")
    if shown.partners:
        sectors = ", ".join(f"{k} {v}" for k, v in shown.by_sector.items())
        levels = ", ".join(f"{k} {v}" for k, v in shown.by_level.items())
        console.print(f"by sector: {sectors}; by level: {levels or 'none'}", soft_wrap=True)


def _partnership(ship: Partnership) -> str:
    """A partnership as the map's table says it: team, level, who carries it."""
    carried = (
        f", carried by {', '.join(name for _, name in ship.carriers)}" if ship.carriers else ""
    )
    return f"{ship.team_name}: {ship.level}{carried}"
