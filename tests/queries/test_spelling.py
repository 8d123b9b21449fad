"""The spellings search forgives, word by word."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phakhee.queries.ask.spelling import corrected, loose, one_slip, slips, sounds_alike


@pytest.mark.parametrize(
    ("a", "b", "slip"),
    [
        ("somchia", "somchai", True),  # two letters swapped
        ("somchai", "somcai", True),  # one left out
        ("jaidee", "jaideee", True),  # one extra
        ("youth", "south", False),  # one typed for another: not in a short English word
        ("facilitation", "facilitatoon", True),  # ... but in a long one
        ("ใจดิ", "ใจดี", True),  # a Thai vowel typed for another
        ("สมชาย", "สมชัย", True),
        ("som", "sam", False),  # under four letters: never
        ("สมชาย", "สมชาย", False),  # the same word is no slip
        ("สมชาย", "สมศักดิ์", False),
    ],
)
def test_one_slip(a: str, b: str, slip: bool) -> None:
    assert (one_slip(a, b), one_slip(b, a)) == (slip, slip)


@pytest.mark.parametrize(
    ("a", "b", "alike"),
    [
        ("สมชาย", "สมชัย", True),  # Udom83 alike, most letters shared
        ("สมศักดิ์", "สมสัก", True),  # both codes alike
        ("ณัฐพล", "นัทพล", True),
        ("ประเสริฐ", "ประเสิด", True),  # LK82 alike, most letters shared
        ("สุรศักดิ์", "ศรีสุข", False),  # Udom83 alone, few letters shared
        ("บุญส่ง", "บุญทอง", False),  # LK82 alone, few letters shared
        ("สำนักงานสาธารณสุขจังหวัดน่าน", "สำนักงานสาธารณสุขจังหวัดตรัง", False),  # titles
        ("somchai", "somchay", False),  # Thai only
    ],
)
def test_sounds_alike(a: str, b: str, alike: bool) -> None:
    assert (sounds_alike(a, b), sounds_alike(b, a)) == (alike, alike)


def test_variants_and_misspellings() -> None:
    assert loose("สาธารณะสุข") == loose("สาธารณสุข") == "สาธารณสุข"
    assert loose("สมศักดิ์") == loose("สมศักดิ") == "สมศักดิ"
    assert corrected("สำนักงานสาธารณะสุข") == "สำนักงานสาธารณสุข"
    assert corrected("กฏหมายควบคุม") == "กฎหมายควบคุม"
    assert corrected("สาธารณสุข") is None


THAI = st.characters(min_codepoint=0x0E01, max_codepoint=0x0E2E)


@given(
    word=st.text(THAI, min_size=4, max_size=12),
    edit=st.sampled_from(["swap", "drop", "add", "change"]),
    at=st.integers(min_value=0, max_value=10),
    letter=THAI,
)
def test_a_thai_word_with_one_slip_is_found_by_its_slip_keys(
    word: str, edit: str, at: int, letter: str
) -> None:
    """What the index relies on: a word one slip off shares a key with it (and is one slip off)."""
    i = at % (len(word) - 1)
    typed = {
        "swap": word[:i] + word[i + 1] + word[i] + word[i + 2 :],
        "drop": word[:i] + word[i + 1 :],
        "add": word[:i] + letter + word[i:],
        "change": word[:i] + letter + word[i + 1 :],
    }[edit]
    assert (slips(word) | {word}) & (slips(typed) | {typed})
    if typed != word and len(typed) >= 4:
        assert one_slip(word, typed) and one_slip(typed, word)
