"""Errors carry their facts and map to HTTP statuses and exit codes along the class tree."""

from __future__ import annotations

import pytest

from phakhee.api.cli.app import exit_code
from phakhee.api.problems import status_of
from phakhee.graph.errors import Busy, InvalidInput, NotFound, PhakheeError, StoreUnavailable
from phakhee.loaders.tables import UnreadableFile
from phakhee.loaders.template_reader import RowError
from phakhee.loaders.writer import LoadInterrupted


def _interrupted() -> LoadInterrupted:
    cause = StoreUnavailable("lost Neo4j at bolt://127.0.0.1:1", url="bolt://127.0.0.1:1")
    return LoadInterrupted(cause, landed=3, rows=30_000)


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (InvalidInput("sector: not one of ..."), 422, 3),
        (RowError("sector", "not one of ..."), 422, 3),
        (NotFound("node", "person:x"), 404, 4),
        (StoreUnavailable("cannot open"), 503, 5),
        (_interrupted(), 503, 5),
        (Busy("'weave' for graph version 3"), 503, 1),
        (PhakheeError("something else"), 500, 1),
    ],
)
def test_a_subclass_answers_as_its_nearest_mapped_ancestor(
    error: PhakheeError, status: int, code: int
) -> None:
    assert (status_of(error), exit_code(error)) == (status, code)


def test_unreadable_file_is_invalid_input() -> None:
    assert issubclass(UnreadableFile, InvalidInput)


def test_not_found_names_what_was_looked_for() -> None:
    e = NotFound("province", "x" * 100)
    assert (e.kind, e.id) == ("province", "x" * 100)
    assert str(e) == f"no province {'x' * 80!r}"
    assert str(NotFound("snapshot", 7)) == "no snapshot 7"


def test_an_interrupted_load_keeps_the_store_and_what_landed() -> None:
    e = _interrupted()
    assert (e.url, e.landed, e.rows) == ("bolt://127.0.0.1:1", 3, 30_000)
    assert str(e).startswith("lost Neo4j at bolt://127.0.0.1:1 — 3 batches (30,000 records)")


def test_busy_says_when_to_ask_again() -> None:
    e = Busy("'weave' for graph version 3")
    assert (e.what, e.retry_after_s) == ("'weave' for graph version 3", 5)
