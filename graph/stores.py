"""Open the configured backend from a store URL: the only place that picks one."""

from __future__ import annotations

from pathlib import Path

from phakhee.graph.errors import InvalidInput, StoreUnavailable
from phakhee.graph.settings import StoreSettings, get_store_settings
from phakhee.graph.store import GraphStore

NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")


def open_store(url: str | None = None, settings: StoreSettings | None = None) -> GraphStore:
    """The GraphStore a URL names: ``sqlite:///path`` (default) or ``neo4j://host:7687``."""
    settings = settings or get_store_settings()
    url = url or settings.store
    if url.startswith("sqlite:///"):
        from phakhee.graph.sqlite_store import SQLiteStore

        path = url.removeprefix("sqlite:///")
        if not path:
            raise InvalidInput(
                "PHAKHEE_STORE sqlite:/// needs a file path, e.g. sqlite:///./phakhee.db"
            )
        folder = Path(path).parent
        if not folder.is_dir():  # a typo in the path: refused, never a new folder and empty graph
            raise StoreUnavailable(
                f"cannot open the SQLite store at {path}: the folder {folder} does not exist; "
                "create it first, or correct the path",
                url=url,
            )
        return SQLiteStore(path)
    if url.startswith(NEO4J_SCHEMES):
        from phakhee.graph.neo4j_store import Neo4jStore

        password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else None
        return Neo4jStore(
            url,
            settings.neo4j_user,
            password,
            database=settings.neo4j_database,
            timeout_s=settings.neo4j_timeout_s,
            retry_seconds=settings.neo4j_retry_s,
        )
    raise InvalidInput(
        f"PHAKHEE_STORE {url.split('://')[0]!r} is not a known store: use sqlite:///PATH or neo4j://HOST:7687"
    )
