"""The domain model: what it accepts, and how it says what it refuses."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phakhee.graph.errors import InvalidInput
from phakhee.graph.model import (
    NodeKind,
    TieKind,
    kind_of,
    make_id,
    node_record,
    parse_node,
    parse_tie,
    tie_record,
)


def test_a_valid_partner_becomes_a_flat_record() -> None:
    node = parse_node(
        {"kind": "partner", "id": "partner:nan-pho", "name": " สสจ.น่าน ", "sector": "government"}
    )
    record = node_record(node)
    assert (record.id, record.kind) == ("partner:nan-pho", NodeKind.PARTNER)
    assert record.props == {"name": "สสจ.น่าน", "sector": "government"}


def test_dates_are_stored_as_iso_text() -> None:
    node = parse_node(
        {
            "kind": "event",
            "id": "event:e1",
            "name": "เวที",
            "event_type": "forum",
            "date": "2024-03-05",
        }
    )
    assert node_record(node).props["date"] == "2024-03-05"


def test_an_unknown_sector_names_the_field_and_the_choices() -> None:
    with pytest.raises(InvalidInput) as e:
        parse_node({"kind": "partner", "id": "partner:x", "name": "X", "sector": "gov"})
    assert str(e.value) == (
        "partner.sector: Input should be 'government', 'private', 'civil_society', "
        "'target_group' or 'other'"
    )


def test_a_missing_required_field_is_named() -> None:
    with pytest.raises(InvalidInput, match=r"^event\.date: Field required$"):
        parse_node({"kind": "event", "id": "event:x", "name": "E", "event_type": "meeting"})


def test_an_id_must_start_with_its_kind() -> None:
    with pytest.raises(InvalidInput, match="does not start with 'person:'"):
        parse_node({"kind": "person", "id": "team:x", "name": "X"})


def test_an_id_must_be_kind_and_slug() -> None:
    with pytest.raises(InvalidInput, match="kind:slug"):
        parse_node({"kind": "person", "id": "somchai jaidee", "name": "X"})


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(InvalidInput, match=r"^person: field 'salary' is not known"):
        parse_node({"kind": "person", "id": "person:x", "name": "X", "salary": 1})


def test_extra_properties_from_other_tools_are_kept_when_marked_and_flat() -> None:
    node = parse_node({"kind": "topic", "id": "topic:t", "name": "T", "x_kumu_color": "#fff"})
    assert node_record(node).props == {"name": "T", "x_kumu_color": "#fff"}
    with pytest.raises(InvalidInput, match="must be text, a number or yes/no"):
        parse_node({"kind": "topic", "id": "topic:t", "name": "T", "x_list": [1]})


def test_errors_never_echo_the_rejected_value() -> None:
    secret = "081-234-5678" * 30
    with pytest.raises(InvalidInput) as e:
        parse_node({"kind": "person", "id": "person:x", "name": "X", "phone": secret})
    assert "081" not in str(e.value)
    assert str(e.value) == "person.phone: String should have at most 50 characters"


def test_scores_are_bounded() -> None:
    with pytest.raises(
        InvalidInput, match=r"assessment\.objective_3: Input should be less than or equal to 10"
    ):
        parse_node(
            {
                "kind": "assessment",
                "id": "assessment:a",
                "name": "A",
                "date": "2025-01-01",
                "objective_1": 5,
                "objective_2": 5,
                "objective_3": 11,
                "objective_4": 5,
                "objective_5": 5,
            }
        )


def test_a_tie_must_join_the_kinds_its_kind_allows() -> None:
    with pytest.raises(InvalidInput, match=r"member_of source must be one of: person \(got team\)"):
        parse_tie({"kind": "member_of", "source": "team:x", "target": "person:y"})


def test_tie_properties_are_checked_per_kind() -> None:
    with pytest.raises(
        InvalidInput, match=r"props\.level: Input should be 'policy' or 'operational'"
    ):
        parse_tie(
            {
                "kind": "partners_with",
                "source": "team:x",
                "target": "partner:y",
                "props": {"level": "x"},
            }
        )


def test_a_valid_partnership_keeps_its_properties() -> None:
    tie = parse_tie(
        {
            "kind": "partners_with",
            "source": "team:network-nan",
            "target": "partner:nan-1",
            "props": {"level": "policy", "since": "2023-06-01", "shared_budget": "true"},
        }
    )
    record = tie_record(tie)
    assert record.key == ("partners_with", "team:network-nan", "partner:nan-1")
    assert record.kind is TieKind.PARTNERS_WITH
    assert record.props == {"level": "policy", "since": "2023-06-01", "shared_budget": True}


def test_a_node_cannot_be_tied_to_itself() -> None:
    with pytest.raises(InvalidInput, match="itself"):
        parse_tie({"kind": "knows", "source": "person:a", "target": "person:a"})


def test_make_id_is_stable_and_kind_of_reads_it_back() -> None:
    assert make_id("person", "  สมชาย ใจดี ") == "person:สมชาย-ใจดี"
    assert make_id(NodeKind.TOPIC, "Buddhist Lent / campaign") == "topic:buddhist-lent-campaign"
    assert kind_of("province:nan") is NodeKind.PROVINCE


@given(st.dictionaries(st.sampled_from(["kind", "id", "name", "sector", "date", "x"]), st.text()))
def test_any_input_is_a_node_or_a_clear_error(data: dict[str, str]) -> None:
    try:
        parse_node(data)
    except InvalidInput as e:
        assert str(e)
