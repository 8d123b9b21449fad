"""The ``phakhee`` command line: thin commands over loaders, queries and the store."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
import time
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from graph.errors import InvalidInput, NotFound, PhakheeError, StoreUnavailable
from graph.model import NodeKind, TieKind
from graph.store import GraphStore
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
) -> None:
    """Build the realistic demo network into the configured store and summarise it."""
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
    console.print(f"data lives in {store.url}")
    store.close()


@app.command()
def stats() -> None:
    """Counts of nodes and ties by kind, the graph version, and where the data lives."""
    store = _open()
    console.print(_counts_table(store))
    store.close()


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the HTTP API (OpenAPI docs at /docs)."""
    import uvicorn

    from api.app import create_app

    store = _open()
    console.print(
        f"serving {store.url} at http://{host}:{port}  (API docs: http://{host}:{port}/docs)"
    )
    uvicorn.run(create_app(store), host=host, port=port, log_level="warning")


def main() -> None:
    """Run the CLI; errors become one line on stderr and an exit status, never a traceback."""
    logging.getLogger("neo4j").addHandler(logging.NullHandler())  # our own message says it once
    try:
        app()
    except PhakheeError as e:
        err.print(f"[red]error:[/] {e}", highlight=False)
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
