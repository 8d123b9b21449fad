"""The questions: ``search``, ``who-knows``, ``intro``."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from phakhee.api.cli.context import cache, console, index


def register(app: typer.Typer) -> None:
    """Add the commands that ask the graph."""
    app.command()(search)
    app.command("who-knows")(who_knows)
    app.command()(intro)


def search(
    text: Annotated[str, typer.Argument(help="What to look for, in Thai or English.")],
    kind: Annotated[
        str | None, typer.Option(help="Only this kind (person, team, partner, topic, ...).")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=200, help="How many results.")] = 20,
) -> None:
    """Search every kind by name, alias, description and tags (Thai without spaces works)."""
    from phakhee.queries.ask.search import search as run_search

    hits = run_search(index(cache().current()), text, kinds=[kind] if kind else None, limit=limit)
    table = Table(title=f"search: {text}")
    for col in ("id", "kind", "name", "name (en)", "matched", "score"):
        table.add_column(col, justify="right" if col == "score" else "left")
    for h in hits:
        table.add_row(
            h.id, h.kind, h.name, h.name_en or "", f"{h.field} ({h.how})", f"{h.score:.2f}"
        )
    console.print(table if hits else "no match")


def who_knows(
    text: Annotated[
        str, typer.Argument(help="A topic or a skill: id, or words in Thai or English.")
    ],
    province: Annotated[str | None, typer.Option(help="Only people in this province.")] = None,
    region: Annotated[str | None, typer.Option(help="Only people in this region.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=200, help="How many people.")] = 10,
) -> None:
    """Who knows about a topic or a skill, ranked by evidence, with the evidence shown."""
    from phakhee.queries.ask.experts import experts
    from phakhee.queries.ask.search import find_one

    gv = cache().current()
    found_in, graph = index(gv), gv.graph
    subject = find_one(found_in, text, {"topic", "skill"})
    kind = graph.nodes[subject]["kind"]
    where = {
        "province": find_one(found_in, province, {"province"}) if province else None,
        "region": find_one(found_in, region, {"region"}) if region else None,
    }
    found = experts(
        graph, **{"topic" if kind == "topic" else "skill": subject}, **where, limit=limit
    )
    table = Table(title=f"who knows: {graph.nodes[subject]['name']} ({subject})")
    for col in ("#", "person", "province", "score", "evidence"):
        table.add_column(col, justify="right" if col in ("#", "score") else "left")
    for i, e in enumerate(found, start=1):
        place = graph.nodes[e.province]["name"] if e.province else ""
        evidence = "\n".join(
            f"{x.what}: {x.name} ({x.when or 'undated'}) {x.weight:.2f}" for x in e.evidence[:4]
        )
        table.add_row(str(i), f"{e.name}\n{e.id}", place, f"{e.score:.2f}", evidence)
    console.print(table if found else "nobody found")


def intro(
    source: Annotated[str, typer.Argument(metavar="FROM", help="You: a person's id or name.")],
    target: Annotated[
        str, typer.Argument(metavar="TO", help="A person, partner or team: id or name.")
    ],
) -> None:
    """Who can introduce FROM to TO: up to three shortest chains, strongest ties first."""
    from phakhee.queries.ask.introductions import introductions
    from phakhee.queries.ask.search import find_one
    from phakhee.queries.collaboration import collaboration_graph

    gv = cache().current()
    found_in, graph = index(gv), gv.graph
    start = find_one(found_in, source, {"person"})
    goal = find_one(found_in, target, {"person", "partner", "team"})
    chains = introductions(graph, gv.derived("collaboration", collaboration_graph), start, goal)
    if not chains:
        console.print(f"no chain of acquaintance from {start} to {goal}")
        return
    for i, chain in enumerate(chains, start=1):
        table = Table(title=f"chain {i}: {len(chain.hops)} steps, weakest tie {chain.strength:.2f}")
        table.add_column("from")
        table.add_column("to")
        table.add_column("because")
        for h in chain.hops:
            table.add_row(
                graph.nodes[h.source].get("name", h.source), h.target_name, "\n".join(h.reasons)
            )
        console.print(table)
