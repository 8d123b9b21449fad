"""Spellings search forgives: Thai variants, one-letter slips, and Thai names that sound alike.

Words are compared in their matching form (``loaders.normalize.match_key``: Thai marks in
canonical order, a vowel or tone mark typed twice already dropped, case folded). Nothing here
reads a corpus: PyThaiNLP's soundex functions are rules in code, so nothing is downloaded.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from pythainlp.soundex import lk82, udom83

MIN_FUZZY = 4
"""Words shorter than this (in characters) are matched as typed: no near spellings, no variants."""
LONG_ENGLISH = 8
"""English words this long may also differ by one substituted letter (shorter: swaps, slips)."""
SOUND_RATIO = 0.7
"""Two names alike by one of the two soundex codes must also share this much of their letters."""
MAX_SOUND = 12
"""Words longer than this are titles, not names: soundex joins compounds that differ in meaning."""

_THAI_LETTER = re.compile("[\u0e01-\u0e2e]")
# Marks Thai writers drop or add without changing the word they mean: the tone marks, the
# thanthakhat (silent letter mark), mai taikhu and a sara a typed inside a compound (สาธารณะสุข).
_LOOSE = str.maketrans("", "", "\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e47\u0e30")
MISSPELLINGS: dict[str, str] = {
    "สาธารณะสุข": "สาธารณสุข",
    "กฏหมาย": "กฎหมาย",
    "แอลกอฮอร์": "แอลกอฮอล์",
    "อนุญาติ": "อนุญาต",
    "โอกาศ": "โอกาส",
    "สังเกตุ": "สังเกต",
    "ประเมิณ": "ประเมิน",
}
"""Common Thai misspellings and the word meant, replaced wherever they occur in a query word."""


def is_thai(word: str) -> bool:
    """Whether the word has a Thai letter."""
    return _THAI_LETTER.search(word) is not None


def loose(word: str) -> str:
    """The word without the marks writers drop or add (tone marks, thanthakhat, mai taikhu, sara a)."""
    return word.translate(_LOOSE)


def corrected(word: str) -> str | None:
    """The word with its common misspellings replaced, or None when it has none."""
    out = word
    for wrong, right in MISSPELLINGS.items():
        if wrong in out:
            out = out.replace(wrong, right)
    return out if out != word else None


def one_slip(a: str, b: str) -> bool:
    """Whether two different words of at least MIN_FUZZY characters are one slip apart.

    A slip is two neighbouring letters swapped, one letter missing or one extra; in Thai, or in
    English words of at least LONG_ENGLISH letters, also one letter typed for another (so
    ``youth`` is not a slip of ``south``, nor ``mouth``).
    """
    if a == b or min(len(a), len(b)) < MIN_FUZZY or abs(len(a) - len(b)) > 1:
        return False
    i = 0
    end = min(len(a), len(b))
    while i < end and a[i] == b[i]:
        i += 1
    if len(a) != len(b):
        short, long_ = (a, b) if len(a) < len(b) else (b, a)
        return short[i:] == long_[i + 1 :]
    if a[i + 1 :] == b[i + 1 :]:
        return is_thai(a) or len(a) >= LONG_ENGLISH
    return i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]


def slips(word: str) -> set[str]:
    """The word with each one letter left out: two words one slip apart share one of these."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


@lru_cache(maxsize=65_536)
def sound_keys(word: str) -> tuple[str, str]:
    """The word's Udom83 and LK82 soundex codes (PyThaiNLP), for a Thai word."""
    return udom83(word), lk82(word)


def sounds_alike(a: str, b: str) -> bool:
    """Whether two different Thai names of MIN_FUZZY to MAX_SOUND characters sound alike.

    Alike by both Udom83 and LK82 (สมศักดิ์, สมสัก), or by one of them with at least SOUND_RATIO
    of their letters in common (สมชาย, สมชัย): either code alone joins names far apart in
    writing (Udom83 puts สุรศักดิ์ with ศรีสุข, LK82 บุญส่ง with บุญทอง).
    """
    if a == b or not (MIN_FUZZY <= min(len(a), len(b)) <= max(len(a), len(b)) <= MAX_SOUND):
        return False
    if not (is_thai(a) and is_thai(b)):
        return False
    (ua, la), (ub, lb) = sound_keys(a), sound_keys(b)
    if ua == ub and la == lb:
        return True
    return (ua == ub or la == lb) and SequenceMatcher(None, a, b).ratio() >= SOUND_RATIO
