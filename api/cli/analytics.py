"""The analytics commands: ``report`` (the weave report of the network or of one province) and
``scorecard`` (every province's learning-organisation scorecard, or one's)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from phakhee.api.cli.context import JsonFlag


def register(app: typer.Typer) -> None:
    """Add the analytics commands to the ``phakhee`` app."""
    app.command()(report)
    app.command()(scorecard)


def report(
    province: Annotated[
        str | None,
        typer.Option(help="Only this province: id, Thai or English name (with or without จังหวัด)."),
    ] = None,
    format: Annotated[
        str, typer.Option("--format", help="md, html or json.", case_sensitive=False)
    ] = "md",
    as_json: Annotated[bool, typer.Option("--json", help="The same as --format json.")] = False,
    out: Annotated[
        Path | None, typer.Option(help="Write to this file (default: standard output).")
    ] = None,
) -> None:
    """The weave report: top brokers, fragile points, gaps, suggested introductions, scorecards."""
    from phakhee.api.cli.context import cache, say
    from phakhee.graph.errors import InvalidInput
    from phakhee.queries.analytics.report import render, weave_report
    from phakhee.queries.ask.resolve import optional

    fmt = "json" if as_json else format.lower()
    if fmt not in ("md", "html", "json"):
        raise InvalidInput(f"--format must be one of: md, html, json (got {format[:20]!r})")
    gv = cache().current()
    place = optional(gv, province, {"province"})
    text = render(weave_report(gv, place), fmt)  # type: ignore[arg-type]
    if out is None:
        typer.echo(text)
    else:
        out.write_text(text, encoding="utf-8")
        say(f"wrote {out}")


def scorecard(
    place: Annotated[
        str | None,
        typer.Argument(
            metavar="[PLACE]", help="A province: id, Thai or English name (default: every one)."
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """The learning-organisation scorecard of a province (each indicator's status and figures,
    beside its region and the country), or of every province where the network is present."""
    from rich.markup import escape
    from rich.table import Column, Table

    from phakhee.api.cli.context import cache, console, id_column, print_json
    from phakhee.queries.analytics import scorecard as sc
    from phakhee.queries.ask.resolve import node

    gv = cache().current()
    if place is None:
        cards = list(sc.all_scorecards(gv).values())
        if as_json:
            print_json(cards)
            return
        table = Table(id_column("province"), title="scorecards")
        for col in ("name", "region", "met", "partly", "not met"):
            table.add_column(
                col, justify="right" if col in ("met", "partly", "not met") else "left"
            )
        for c in cards:
            table.add_row(
                *map(escape, (c.province, c.name, c.region)),
                str(c.met),
                str(c.partly),
                str(c.not_met),
            )
        console.print(table if cards else "no province has a network yet")
        return
    card = sc.scorecard(gv, node(gv, place, {"province"}))
    if as_json:
        print_json(card)
        return
    title = (
        f"scorecard: {card.name} ({card.province}): met {card.met}, partly {card.partly}, "
        f"not met {card.not_met}"
    )
    table = Table(
        Column("code", no_wrap=True), "indicator", "status", "detail", title=escape(title)
    )
    for i in card.indicators:
        table.add_row(*map(escape, (i.code, i.name, i.status, i.detail)))
    console.print(table)
    if card.compared:
        compared = Table(
            "figure", "province", "region", "country", title="beside region and country"
        )
        for c in card.compared:
            compared.add_row(
                escape(c.figure), *(f"{v:g}" for v in (c.province, c.region, c.country))
            )
        console.print(compared)
