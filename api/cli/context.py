"""What every command shares: the consoles, the ``--store`` option's value, the opened store and
its graph cache.

The app's callback sets the store URL once (``use_store``); commands open it with
``open_store()`` or take the current graph version with ``cache().current()``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console

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
