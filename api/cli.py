"""The ``phakhee`` command line: thin commands over loaders, queries and the store."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from graph.errors import InvalidInput, NotFound, PhakheeError, StoreUnavailable
from graph.model import NodeKind, TieKind
from graph.store import GraphStore

if TYPE_CHECKING:
    from queries.cache import GraphCache, Snapshot
    from queries.search import SearchIndex
from graph.stores import open_store

app = typer.Typer(
    name="phakhee",
    help="Knowledge graph of the Thai alcohol-abstinence civic network (เครือข่ายงดเหล้า).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
console = Console()
err = Console(stderr=True)

EXIT_CODES: dict[type[PhakheeError], int] = {InvalidInput: 3, NotFound: 4, StoreUnavailable: 5}
"""Exit status by error, for scripts: 0 done, 1 internal error, 2 bad usage, 3-5 as listed."""

_state: dict[str, str | None] = {"store": None}


@app.callback()
def _main(
    store: Annotated[
        str | None,
        typer.Option(help="Store URL (default: $PHAKHEE_STORE or sqlite:///./phakhee.db)."),
    ] = None,
) -> None:
    _state["store"] = store


def _open() -> GraphStore:
    return open_store(_state["store"])


def _counts_table(store: GraphStore) -> Table:
    counts = store.counts()
    table = Table(title=f"graph version {store.version()}  ·  {store.url}")
    table.add_column("kind")
    table.add_column("nodes", justify="right")
    table.add_column("ties", justify="right")
    rows = [k.value for k in NodeKind if k.value in counts["nodes"]]
    rows += [k.value for k in TieKind if k.value in counts["ties"]]
    for kind in rows:
        n, t = counts["nodes"].get(kind), counts["ties"].get(kind)
        table.add_row(kind, f"{n:,}" if n else "", f"{t:,}" if t else "")
    table.add_row(
        "[b]total",
        f"[b]{sum(counts['nodes'].values()):,}",
        f"[b]{sum(counts['ties'].values()):,}",
    )
    return table


@app.command()
def demo(
    people: Annotated[int, typer.Option(min=100, help="How many people the network has.")] = 1000,
    seed: Annotated[
        int, typer.Option(help="Random seed: the same seed gives the same network.")
    ] = 7,
    as_of: Annotated[
        dt.datetime | None,
        typer.Option(
            formats=["%Y-%m-%d"], help="The date the network is seen from (default: today)."
        ),
    ] = None,
    serve_after: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve the API on it afterwards.")
    ] = True,
    host: Annotated[str, typer.Option(help="Address to serve on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to serve on.")] = 8000,
) -> None:
    """Build the realistic demo network into the configured store, summarise it, and serve it."""
    from loaders.demo import build_demo

    store = _open()
    started = time.perf_counter()
    written = 0
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,} records"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("demo network", total=None)

        def progress(phase: str, n: int) -> None:
            nonlocal written
            written += n
            bar.update(task, description=phase, completed=written)

        summary = build_demo(store, people, seed, as_of.date() if as_of else None, progress)
    seconds = time.perf_counter() - started
    console.print(_counts_table(store))
    changed = (
        summary.nodes.created + summary.nodes.updated + summary.ties.created + summary.ties.updated
    )
    console.print(
        f"{people:,} people, seed {seed}, as of {summary.as_of}: {written:,} records in {seconds:.1f} s "
        f"({written / seconds:,.0f} records/s); {changed:,} created or updated."
    )
    console.print(f"data lives in {store.url}", soft_wrap=True)
    if serve_after:
        _serve(store, host, port)
    store.close()


@app.command()
def stats() -> None:
    """Counts of nodes and ties by kind, the graph version, and where the data lives."""
    store = _open()
    console.print(_counts_table(store))
    store.close()


@app.command()
def template(
    out: Annotated[Path, typer.Argument(help="Where to write the workbook (.xlsx).")],
) -> None:
    """Write the empty template workbook coordinators fill in (Thai and English)."""
    from loaders.template_writer import write_template

    console.print(f"wrote {write_template(out)}")


@app.command()
def load(
    paths: Annotated[
        list[Path], typer.Argument(help="Workbooks, CSV files, folders or zips of CSV, JSON.")
    ],
    format: Annotated[
        str, typer.Option("--format", help="auto, template, kumu or nodelink.")
    ] = "auto",
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Validate and report; write nothing.")
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Write nothing and exit 3 if any row is refused.")
    ] = False,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report", help="Write refused rows to this CSV (and one per sheet beside it)."
        ),
    ] = None,
) -> None:
    """Load files into the graph; refused rows are reported with file, sheet, row, column and reason."""
    from loaders.load import load_files
    from loaders.quarantine import write_report

    if format not in ("auto", "template", "kumu", "nodelink"):
        raise typer.BadParameter("use auto, template, kumu or nodelink", param_hint="--format")
    store = _open()
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), console=err, transient=True
    ) as bar:
        task = bar.add_task("reading", total=len(paths))
        result = load_files(
            store,
            paths,
            format=format,  # type: ignore[arg-type]
            dry_run=dry_run,
            strict=strict,
            progress=lambda path, rows: bar.update(task, advance=1, description=path),
        )
    console.print(_load_table(result))
    for q in result.quarantined[:20]:
        where = (
            f"{q.file}" + (f" [{q.sheet}]" if q.sheet else "") + (f" row {q.row}" if q.row else "")
        )
        err.print(
            f"[yellow]refused[/] {escape(where)}: {escape(q.error)}",
            highlight=False,
            soft_wrap=True,
        )
    if len(result.quarantined) > 20:
        err.print(f"... and {len(result.quarantined) - 20} more (see --report)")
    if report is not None and result.quarantined:
        for written in write_report(result.quarantined, report):
            console.print(f"report: {written}")
    if not result.written:
        console.print(
            "nothing written" + (" (dry run)" if dry_run else " (--strict and rows were refused)")
        )
    store.close()
    if strict and result.quarantined:
        raise typer.Exit(3)


def _load_table(result: object) -> Table:
    from loaders.load import LoadReport

    assert isinstance(result, LoadReport)
    table = Table(title="load")
    for col in ("kind", "read", "created", "updated", "unchanged", "refused"):
        table.add_column(col, justify="left" if col == "kind" else "right")
    refused = result.quarantined_by_kind()
    kinds = [k.value for k in NodeKind] + [k.value for k in TieKind]
    for kind in kinds:
        r = result.results.get(kind)
        read = result.parsed.get(kind, 0)
        if not (r or read):
            continue
        cells = (str(r.created), str(r.updated), str(r.unchanged)) if r else ("-", "-", "-")
        table.add_row(kind, str(read), *cells, "")
    for sheet, n in sorted(refused.items()):
        table.add_row(f"[yellow]{sheet or 'file'}", "", "", "", "", str(n))
    return table


def _cache() -> GraphCache:
    from queries.cache import GraphCache

    return GraphCache(_open())


def _index(snapshot: Snapshot) -> SearchIndex:
    from queries.search import index_of

    return index_of(snapshot)


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="What to look for, in Thai or English.")],
    kind: Annotated[
        str | None, typer.Option(help="Only this kind (person, team, partner, topic, ...).")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=200, help="How many results.")] = 20,
) -> None:
    """Search every kind by name, alias, description and tags (Thai without spaces works)."""
    from queries.search import search as run_search

    hits = run_search(
        _index(_cache().snapshot()), text, kinds=[kind] if kind else None, limit=limit
    )
    table = Table(title=f"search: {text}")
    for col in ("id", "kind", "name", "name (en)", "matched", "score"):
        table.add_column(col, justify="right" if col == "score" else "left")
    for h in hits:
        table.add_row(
            h.id, h.kind, h.name, h.name_en or "", f"{h.field} ({h.how})", f"{h.score:.2f}"
        )
    console.print(table if hits else "no match")


@app.command("who-knows")
def who_knows(
    text: Annotated[
        str, typer.Argument(help="A topic or a skill: id, or words in Thai or English.")
    ],
    province: Annotated[str | None, typer.Option(help="Only people in this province.")] = None,
    region: Annotated[str | None, typer.Option(help="Only people in this region.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=200, help="How many people.")] = 10,
) -> None:
    """Who knows about a topic or a skill, ranked by evidence, with the evidence shown."""
    from queries.experts import experts
    from queries.search import find_one

    snapshot = _cache().snapshot()
    index, graph = _index(snapshot), snapshot.graph
    subject = find_one(index, text, {"topic", "skill"})
    kind = graph.nodes[subject]["kind"]
    where = {
        "province": find_one(index, province, {"province"}) if province else None,
        "region": find_one(index, region, {"region"}) if region else None,
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


@app.command()
def intro(
    source: Annotated[str, typer.Argument(metavar="FROM", help="You: a person's id or name.")],
    target: Annotated[
        str, typer.Argument(metavar="TO", help="A person, partner or team: id or name.")
    ],
) -> None:
    """Who can introduce FROM to TO: up to three shortest chains, strongest ties first."""
    from queries.collaboration import collaboration_graph
    from queries.introductions import introductions
    from queries.search import find_one

    snapshot = _cache().snapshot()
    index, graph = _index(snapshot), snapshot.graph
    start = find_one(index, source, {"person"})
    goal = find_one(index, target, {"person", "partner", "team"})
    chains = introductions(
        graph, snapshot.derived("collaboration", collaboration_graph), start, goal
    )
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


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the HTTP API (OpenAPI docs at /docs)."""
    _serve(_open(), host, port)


def _serve(store: GraphStore, host: str, port: int) -> None:
    import uvicorn

    from api.app import create_app

    console.print(
        f"serving {store.url} at http://{host}:{port}/  (API docs: http://{host}:{port}/docs; Ctrl-C stops)",
        soft_wrap=True,  # paths and URLs are copied whole: never broken across lines
    )
    uvicorn.run(create_app(store), host=host, port=port, log_level="warning")


from api.cli_analytics import register as register_analytics  # noqa: E402

register_analytics(app)

from api.cli_views import register as register_views  # noqa: E402

register_views(app)

from api import cli_exports  # noqa: E402  (its commands use the helpers above)

cli_exports.register(app)


def main() -> None:
    """Run the CLI; errors become one line on stderr and an exit status, never a traceback."""
    logging.getLogger("neo4j").addHandler(logging.NullHandler())  # our own message says it once
    try:
        app()
    except PhakheeError as e:
        err.print(f"[red]error:[/] {escape(str(e))}", highlight=False, soft_wrap=True)
        sys.exit(EXIT_CODES.get(type(e), 1))
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except Exception as e:  # a bug: say so plainly; the details are for developers
        if os.environ.get("PHAKHEE_DEBUG"):
            raise
        err.print(
            f"[red]internal error:[/] {type(e).__name__}: {e} (set PHAKHEE_DEBUG=1 for details)"
        )
        sys.exit(1)
