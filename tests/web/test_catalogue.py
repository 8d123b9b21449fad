"""The pages' words: every message the templates and page code say has its Thai, the catalogue
holds nothing no page says, and dates and numbers are written as each language's readers do."""

from __future__ import annotations

import datetime as dt

from phakhee.viz.web import catalogue, messages


def test_every_message_the_pages_say_has_its_thai_and_no_other() -> None:
    assert list(messages.problems()) == []


def test_the_messages_are_found_in_templates_and_page_code() -> None:
    said = messages.said()
    assert "Search" in said  # a template's {{ _("Search") }}
    assert any(w.startswith("viz/web/templates/base.html:") for w in said["Search"])
    assert any(w.startswith("api/routers/web/common.py:") for w in said["Did you mean"])
    assert "people" in said  # N_("people") in viz/web/words.py


def test_a_message_is_thai_with_its_values_and_english_as_written() -> None:
    message = "Network as of %(date)s · graph version %(version)s"
    assert catalogue.gettext("th", message, date="2 ธันวาคม 2569", version=7) == (
        "ข้อมูลเครือข่าย ณ 2 ธันวาคม 2569 · ฉบับที่ 7"
    )
    assert catalogue.gettext("en", "Search") == "Search"


def test_dates_are_in_the_buddhist_era_for_thai_readers() -> None:
    day = dt.date(2026, 12, 2)
    assert catalogue.date(day, "th") == "2 ธันวาคม 2569"
    assert catalogue.date("2025-07-01", "th") == "1 กรกฎาคม 2568"
    assert catalogue.date(day, "en") == "2 December 2026"
    assert catalogue.date("not a date", "th") == "not a date"
    assert (catalogue.year(2024, "th"), catalogue.year("2024-05-01", "en")) == ("2567", "2024")


def test_numbers_have_each_locales_separators() -> None:
    assert catalogue.number(1234567, "th") == "1,234,567"
    assert catalogue.number(1234.5, "en") == "1,234.5"
