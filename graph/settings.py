"""Where the graph lives, and how much one file may bring into it, read from the environment (and
a ``.env`` file) once."""

from __future__ import annotations

from functools import lru_cache

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class StoreSettings(BaseSettings):
    """``PHAKHEE_STORE`` picks the backend; ``NEO4J_*`` are the usual Neo4j credentials."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    store: str = Field("sqlite:///./phakhee.db", validation_alias="PHAKHEE_STORE")
    neo4j_user: str = Field("neo4j", validation_alias=AliasChoices("NEO4J_USER", "NEO4J_USERNAME"))
    neo4j_password: SecretStr | None = Field(None, validation_alias="NEO4J_PASSWORD")
    neo4j_database: str | None = Field(None, validation_alias="NEO4J_DATABASE")
    neo4j_timeout_s: float = Field(3.0, gt=0, validation_alias="PHAKHEE_NEO4J_TIMEOUT_S")
    """How long to wait for a connection to Neo4j (to open one, or to get one from the pool)."""
    neo4j_retry_s: float = Field(2.0, ge=0, validation_alias="PHAKHEE_NEO4J_RETRY_S")
    """How long a transaction is retried after a transient error (a server restarting, a
    leader changing) before the store is reported unavailable: an outage is a 503 or exit
    status 5 within about this long, never a minute-long wait."""


@lru_cache
def get_store_settings() -> StoreSettings:
    """The settings, read once per process."""
    return StoreSettings()


class LoadLimits(BaseSettings):
    """How much one loaded file may hold (``PHAKHEE_MAX_*``); past any of them the load is refused
    before it reads further, with a message naming the file and the setting.

    The defaults hold the demo network of 15,000 people in one workbook, of 70,000 in a zip of
    CSV files (each file of a folder is held to them alone), and refuse a file past them within
    a few seconds and 500 MB of memory (docs/loading.md, "Limits").
    """

    model_config = SettingsConfigDict(env_prefix="PHAKHEE_", env_file=".env", extra="ignore")

    max_expanded_mb: int = Field(64, ge=1)
    """Megabytes a file may hold once decompressed: a CSV or JSON file's own size; a zip's or a
    workbook's members together (their declared sizes, and the bytes as they are read)."""
    max_archive_entries: int = Field(1000, ge=1)
    """Members a zip or a workbook may have."""
    max_rows: int = Field(500_000, ge=1)
    """Rows a sheet or CSV file may have (a node-link file: nodes, and edges)."""
    max_cells: int = Field(10_000_000, ge=1)
    """Cells a sheet or CSV file may have, each row counted up to its last cell."""
    max_nesting: int = Field(32, ge=1)
    """Levels a value may nest (a JSON property; a workbook's XML elements)."""

    @property
    def max_expanded_bytes(self) -> int:
        return self.max_expanded_mb * 2**20


@lru_cache
def get_load_limits() -> LoadLimits:
    """The limits, read once per process."""
    return LoadLimits()
