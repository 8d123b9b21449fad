"""Schemathesis against the app's own OpenAPI schema, in process: every check, with and without a key."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from phakhee.api.app import create_app
from phakhee.api.settings import get_api_settings
from phakhee.graph.sqlite_store import SQLiteStore
from tests.queries.network import build_small_network

os.environ.setdefault("PHAKHEE_API_KEYS", "schema-test-key")
get_api_settings.cache_clear()
_store = SQLiteStore(Path(tempfile.mkdtemp(prefix="phakhee-schema-")) / "g.db")
build_small_network(_store)
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(_store))


@schema.parametrize()
@settings(max_examples=10, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
@pytest.mark.parametrize("key", [True, False], ids=["with a key", "without"])
def test_api_follows_its_own_schema(case: schemathesis.Case, key: bool) -> None:
    """Every check Schemathesis has (tests/contract.py runs them on a served demo, CI's step)."""
    secret = get_api_settings().api_keys[0].get_secret_value()
    case.call_and_validate(headers={"Authorization": f"Bearer {secret}"} if key else {})
