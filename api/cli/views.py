"""``phakhee view NAME [ID] [--out FILE|DIR/]`` (``phakhee view diff --a A --b B``): write a view
as one self-contained HTML file; ``phakhee view index --out DIR/`` the index and every view it
lists, linked to each other so the folder works offline."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from phakhee.api.cli.context import cache, console, open_store
from phakhee.graph.errors import InvalidInput
from phakhee.queries.drawing.selection import MAX_DRAWN, WEAVE_KINDS
from phakhee.viz.view_pages import (
    NAMES,
    Filters,
    diff_html,
    index_files,
    index_html,
    page_file,
    view_html,
)


def _folder(out: str | None) -> Path | None:
    """The folder ``--out`` names (it ends in a slash, or is one), else None."""
    if out is not None and (out.endswith(("/", os.sep)) or Path(out).is_dir()):
        return Path(out)
    return None


def _target(out: str | None, file: str) -> Path:
    """Where a page goes: ``--out``'s file, ``file`` in ``--out``'s folder, or ``file`` here."""
    folder = _folder(out)
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        return folder / file
    return Path(out) if out else Path(file)


def _write(path: Path, html: str, version: int) -> None:
    path.write_text(html, encoding="utf-8")
    console.print(
        f"wrote {path} ({len(html) / 1e6:.1f} MB, graph version {version})", soft_wrap=True
    )


def register(app: typer.Typer) -> None:
    """Add the ``view`` command to the CLI."""

    @app.command()
    def view(
        name: Annotated[str, typer.Argument(help=f"Which view: index, {', '.join(NAMES)}, diff.")],
        ident: Annotated[
            str | None,
            typer.Argument(
                metavar="[ID]",
                help="The node id (province:nan, region:north, topic:youth, person:...; the region "
                "view takes a zone too: zone:northeast-upper, อีสานบน) or, "
                "for sector, a sector (government, private, civil_society, target_group, other, all).",
            ),
        ] = None,
        out: Annotated[
            str | None,
            typer.Option(
                help="File to write (default: NAME[-ID].html here), or a folder (ending in / or "
                "existing) to write it in; for index, the index and every view it lists, linked "
                "to each other so they work offline."
            ),
        ] = None,
        kind: Annotated[
            list[str] | None,
            typer.Option(help="Kinds to draw (person, team, partner); repeat for several."),
        ] = None,
        province: Annotated[
            str | None, typer.Option(help="Only this province (weave and gaps), e.g. province:nan.")
        ] = None,
        region: Annotated[
            str | None,
            typer.Option(
                help="Only this region or one of the network's zones (weave and gaps), by id or "
                "name, e.g. region:north, อีสานบน, 'Upper Northeast'."
            ),
        ] = None,
        min_centrality: Annotated[
            float, typer.Option(min=0, max=1, help="Leave out nodes less central than this.")
        ] = 0.0,
        measure: Annotated[str, typer.Option(help="What node size means.")] = "degree",
        depth: Annotated[int, typer.Option(min=1, max=2, help="Ego network: ties away.")] = 1,
        limit: Annotated[
            int, typer.Option(min=1, max=MAX_DRAWN, help="Most nodes drawn one by one.")
        ] = MAX_DRAWN,
        colour: Annotated[
            str | None, typer.Option(help="What node colour means: kind, sector or community.")
        ] = None,
        a: Annotated[
            int | None, typer.Option("--a", min=1, help="diff: the earlier snapshot's id.")
        ] = None,
        b: Annotated[
            int | None, typer.Option("--b", min=1, help="diff: the later snapshot's id.")
        ] = None,
        link_base: Annotated[
            str | None,
            typer.Option(
                help="Where the served views are (e.g. http://server:8000/views/), so a province "
                "or region opens there; without it a page links only to the pages written beside "
                "it (index --out DIR/), else to nothing."
            ),
        ] = None,
    ) -> None:
        """Write a view (pyvis/vis-network, works offline) to an HTML file."""
        if name == "diff":
            if a is None or b is None:
                raise InvalidInput("the diff view needs --a and --b, two snapshots' ids")
            html = diff_html(open_store(), a, b, limit=limit, base=link_base)
            path = _target(out, f"diff-{a}-{b}.html")
            path.write_text(html, encoding="utf-8")
            console.print(f"wrote {path} ({len(html) / 1e6:.1f} MB)", soft_wrap=True)
            return
        gv = cache().current()
        filters = Filters(
            list(kind or WEAVE_KINDS),
            province,
            min_centrality,
            measure,
            depth,
            limit,
            colour,
            region,
        )
        folder = _folder(out)
        if name == "index" and folder is not None and link_base is None:
            written = index_files(gv)
            for (view_name, view_id), file in written.files.items():
                html = view_html(gv, view_name, view_id, filters, base=written)
                _write(_target(out, file), html, gv.version)
            _write(_target(out, written.index), index_html(gv, base=written), gv.version)
            return
        if name == "index":
            html = index_html(gv, base=link_base)
        else:
            html = view_html(gv, name, ident, filters, base=link_base)
        _write(_target(out, page_file(name, ident)), html, gv.version)
