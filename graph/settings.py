"""Where the graph lives, read from the environment (and a ``.env`` file) once."""

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


@lru_cache
def get_store_settings() -> StoreSettings:
    """The settings, read once per process."""
    return StoreSettings()
