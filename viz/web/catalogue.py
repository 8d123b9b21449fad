"""The message catalogues (one gettext catalogue per language, read with Babel) and the way
numbers and dates are written in each language.

Messages are written in English in the templates and the page code (``_("Search")``); the Thai
catalogue, ``locale/th/LC_MESSAGES/messages.po``, holds every one in Thai. English is the
catalogues' source language, so an English page shows the messages as written. Thai dates are in
the Buddhist era (พ.ศ.), written by PyThaiNLP; numbers by Babel with each locale's separators.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from importlib import resources
from typing import Literal

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations
from pythainlp.util import thai_strftime

Lang = Literal["th", "en"]
LANGUAGES: tuple[Lang, ...] = ("th", "en")
DEFAULT: Lang = "th"
LOCALES: dict[str, str] = {"th": "th_TH", "en": "en"}
"""Babel's locale for each page language."""
BUDDHIST_ERA = 543
"""พ.ศ. = ค.ศ. + 543."""


def po_path(lang: Lang) -> resources.abc.Traversable:
    """Where the catalogue of ``lang`` is kept (in the package)."""
    return resources.files("phakhee.viz.web").joinpath("locale", lang, "LC_MESSAGES", "messages.po")


@functools.cache
def catalogue(lang: Lang):  # -> babel.messages.Catalog
    """The catalogue of ``lang`` as Babel reads it (for checks: every message translated)."""
    with po_path(lang).open("rb") as f:
        return read_po(f, locale=LOCALES[lang])


@functools.cache
def translations(lang: Lang) -> NullTranslations:
    """gettext translations for ``lang``, compiled in memory from its ``.po`` (no build step)."""
    if lang == "en":
        return NullTranslations()  # English is the source language
    buffer = io.BytesIO()
    write_mo(buffer, catalogue(lang))
    buffer.seek(0)
    return Translations(buffer)


def gettext(lang: Lang, message: str, **values: object) -> str:
    """``message`` in ``lang``, with ``%(name)s`` placeholders filled from ``values``."""
    text = translations(lang).gettext(message)
    return text % values if values else text


def number(value: float, lang: Lang) -> str:
    """``value`` with the locale's digit grouping (1,234,567)."""
    return format_decimal(value, locale=LOCALES[lang])


def date(value: dt.date | str | None, lang: Lang) -> str:
    """A date as readers of ``lang`` write it: ``2 ธันวาคม 2569`` (Buddhist era) or
    ``2 December 2026``; an ISO string is read first; None or unreadable text is given back as is."""
    if value is None:
        return ""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    if lang == "th":
        moment = dt.datetime(value.year, value.month, value.day)
        return thai_strftime(moment, "%-d %B %Y")
    return format_date(value, "d MMMM y", locale=LOCALES[lang])


def year(value: int | str | None, lang: Lang) -> str:
    """A year (or the year of an ISO date) in the era readers of ``lang`` count in."""
    if value is None or value == "":
        return ""
    try:
        y = int(str(value)[:4])
    except ValueError:
        return str(value)
    return str(y + BUDDHIST_ERA) if lang == "th" else str(y)
