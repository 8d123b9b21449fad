"""What every command shares: the consoles, the ``--store`` option's value, the opened store and
its graph cache.

The app's callback sets the store URL once (``use_store``); commands open it with
``open_store()`` or take the current graph version with ``cache().current()``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Column

from phakhee.graph.store import GraphStore
from phakhee.graph.stores import open_store as _open_url

if TYPE_CHECKING:
    from phakhee.queries.ask.search import SearchIndex
    from phakhee.queries.cache import GraphCache, GraphVersion

console = Console()
"""Results, on standard output."""
err = Console(stderr=True)
"""Progress, refusals and errors, on standard error."""

_store_url: list[str | None] = [None]


def use_store(url: str | None) -> None:
    """Remember the ``--store`` URL given before the command (None: ``$PHAKHEE_STORE``)."""
    _store_url[0] = url


def store_url() -> str | None:
    """The ``--store`` URL given, if any."""
    return _store_url[0]


def open_store() -> GraphStore:
    """The configured store, opened."""
    return _open_url(_store_url[0])


def cache() -> GraphCache:
    """A graph cache over the configured store (the CLI waits as long as a build takes)."""
    from phakhee.queries.cache import GraphCache

    return GraphCache(open_store())


def index(gv: GraphVersion) -> SearchIndex:
    """The graph version's search index."""
    from phakhee.queries.ask.search import index_of

    return index_of(gv)


def say(text: str) -> None:
    """One line of result, never wrapped (paths and ids are copied whole)."""
    console.print(text, soft_wrap=True, highlight=False)


JsonFlag = Annotated[
    bool, typer.Option("--json", help="Print JSON to standard output (as the API answers).")
]
"""The ``--json`` option of every command that prints a result."""


def print_json(value: object) -> None:
    """``value`` as JSON on standard output, as the API answers it (UTF-8, Thai as it is)."""
    from fastapi.encoders import jsonable_encoder

    typer.echo(json.dumps(jsonable_encoder(value), ensure_ascii=False, indent=2))


def id_column(header: str = "id") -> Column:
    """A table column of ids: never cut (the other columns wrap first; past that it folds)."""
    return Column(header, no_wrap=True, overflow="fold")
