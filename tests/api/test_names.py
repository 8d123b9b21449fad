"""The names the API offers in its schema are the ones the queries know."""

from __future__ import annotations

from typing import get_args

from phakhee.api.cli.records import FORMAT_HELP
from phakhee.api.deps import FormatName, Measure
from phakhee.api.export_files import NAMES
from phakhee.queries.analytics.centrality import MEASURES


def test_the_measure_choices_are_the_centrality_measures() -> None:
    assert get_args(Measure) == MEASURES


def test_the_format_choices_are_the_export_formats() -> None:
    assert get_args(FormatName) == NAMES


def test_the_cli_help_names_every_export_format() -> None:
    assert all(name in FORMAT_HELP for name in NAMES)
