"""Thai text as typed, made comparable: one form for matching, the original kept for display."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pythainlp.util import normalize as thai_normalize

from phakhee.graph.model import HIDDEN

_SPACES = re.compile(r"\s+")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def clean(text: str) -> str:
    """Text for display: invisible and direction characters dropped, spaces folded, ends trimmed, NFC.

    Control characters are not this function's to mend: the readers refuse them, naming the
    column, before cleaning (``loaders.template_reader.refuse_controls``).
    """
    text = HIDDEN.sub("", unicodedata.normalize("NFC", text))
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=262_144)
def match_key(text: str) -> str:
    """Text for matching: cleaned, Thai marks in canonical order, Thai digits as ASCII, case folded.

    NFC alone does not make มั้ง and ม้ัง equal; PyThaiNLP's normaliser reorders the marks.
    """
    text = clean(text)
    if text.isascii():
        return text.casefold()
    return thai_normalize(text).translate(_THAI_DIGITS).casefold()


def thai_digits_to_ascii(text: str) -> str:
    """๑๒๓ -> 123, for fields where a number is expected."""
    return text.translate(_THAI_DIGITS)
