"""API settings from the environment: keys for writes, whether reads need one, CORS, limits."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from pydantic import BeforeValidator, Field, SecretStr
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


def _split(value: object) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return list(value)  # type: ignore[call-overload]


class ApiSettings(BaseSettings):
    """``PHAKHEE_API_KEYS`` (comma-separated) guard writes; reads are open unless ``PHAKHEE_READ_REQUIRES_KEY``."""

    model_config = SettingsConfigDict(env_prefix="PHAKHEE_", env_file=".env", extra="ignore")

    api_keys: Annotated[list[SecretStr], NoDecode, BeforeValidator(_split)] = []
    read_requires_key: bool = False
    cors_origins: Annotated[list[str], NoDecode, BeforeValidator(_split)] = []
    max_upload_mb: int = Field(20, ge=1)
    wait_s: float = Field(20, gt=0)
    """How long a request waits for an analysis another request is computing (then 503)."""
    fresh_wait_s: float = Field(1.0, ge=0)
    """How long a request after a write waits for the new graph version to be built before the
    last built one answers instead (marked stale): a write never holds up every reader."""
    request_slots: int = Field(6, ge=1)
    """How many requests run at once (``PHAKHEE_REQUEST_SLOTS``); more wait their turn holding
    no thread, and ``/health`` takes none, so it answers while many wait on a build
    (``api.slots``)."""
    session_secret: SecretStr | None = None
    """The key that signs the web app's session cookies (``PHAKHEE_SESSION_SECRET``); unset, each
    process makes a random one, so a restart signs everyone out."""
    trust_proxy: bool = False
    """Whether a proxy in front sets ``X-Forwarded-Proto`` truthfully (``PHAKHEE_TRUST_PROXY``):
    then a session cookie is marked Secure when the proxy says the browser spoke https."""


@lru_cache
def get_api_settings() -> ApiSettings:
    return ApiSettings()
