"""Schemathesis against the app's own OpenAPI schema: no 5xx, and every response fits its declared schema."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

from phakhee.api.app import create_app
from phakhee.api.settings import get_api_settings
from phakhee.graph.sqlite_store import SQLiteStore
from tests.queries.network import build_small_network

os.environ.setdefault("PHAKHEE_API_KEYS", "schema-test-key")
get_api_settings.cache_clear()
_store = SQLiteStore(Path(tempfile.mkdtemp(prefix="phakhee-schema-")) / "g.db")
build_small_network(_store)
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(_store))


# What the issue asks: no 5xx, and every response as the schema declares it (status, type, body).
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@schema.parametrize()
@settings(max_examples=25, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_follows_its_own_schema(case: schemathesis.Case) -> None:
    headers = {"Authorization": f"Bearer {get_api_settings().api_keys[0].get_secret_value()}"}
    case.call_and_validate(headers=headers, checks=CHECKS)
