"""The ``phakhee report`` command: the weave report of the network or of one province."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add the analytics commands to the ``phakhee`` app."""
    app.command()(report)


def report(
    province: Annotated[
        str | None, typer.Option(help="Only this province: id, Thai or English name.")
    ] = None,
    format: Annotated[
        str, typer.Option("--format", help="md, html or json.", case_sensitive=False)
    ] = "md",
    out: Annotated[
        Path | None, typer.Option(help="Write to this file (default: standard output).")
    ] = None,
) -> None:
    """The weave report: top brokers, fragile points, gaps, suggested introductions, scorecards."""
    from phakhee.api.cli.context import cache, say
    from phakhee.graph.errors import InvalidInput
    from phakhee.queries.analytics.report import render, weave_report
    from phakhee.queries.ask.search import resolve

    fmt = format.lower()
    if fmt not in ("md", "html", "json"):
        raise InvalidInput(f"--format must be one of: md, html, json (got {format[:20]!r})")
    gv = cache().current()
    place = resolve(gv, province, {"province"})
    text = render(weave_report(gv, place), fmt)  # type: ignore[arg-type]
    if out is None:
        typer.echo(text)
    else:
        out.write_text(text, encoding="utf-8")
        say(f"wrote {out}")
