"""The production compose file is valid and wires the API to Neo4j (checked by docker's own tooling)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parent.parent


def _compose() -> list[str] | None:
    if (
        shutil.which("docker")
        and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0
    ):
        return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


COMPOSE = _compose()


@pytest.mark.skipif(
    COMPOSE is None,
    reason="needs `docker compose` or `docker-compose` (apt-get install docker-compose)",
)
def test_compose_file_is_valid_and_api_waits_for_a_healthy_neo4j(tmp_path: Path) -> None:
    for name in ("docker-compose.yml", "Dockerfile"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "neo4j.env.example", tmp_path / "neo4j.env")
    done = subprocess.run(
        [*COMPOSE, "config"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )  # type: ignore[misc]
    assert done.returncode == 0, done.stderr
    config = yaml.safe_load(done.stdout)
    neo4j, api = config["services"]["neo4j"], config["services"]["api"]
    assert neo4j["image"].startswith("neo4j:5.26")
    assert "healthcheck" in neo4j
    assert api["environment"]["PHAKHEE_STORE"] == "neo4j://neo4j:7687"
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
