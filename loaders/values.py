"""Cell values as coordinators type them: dates in three calendars' styles, Thai digits, yes/no."""

from __future__ import annotations

import datetime as dt
import re

from phakhee.loaders.normalize import clean, thai_digits_to_ascii

BUDDHIST_ERA_OFFSET = 543
_THAI_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("มกราคม", "ม.ค."),
            ("กุมภาพันธ์", "ก.พ."),
            ("มีนาคม", "มี.ค."),
            ("เมษายน", "เม.ย."),
            ("พฤษภาคม", "พ.ค."),
            ("มิถุนายน", "มิ.ย."),
            ("กรกฎาคม", "ก.ค."),
            ("สิงหาคม", "ส.ค."),
            ("กันยายน", "ก.ย."),
            ("ตุลาคม", "ต.ค."),
            ("พฤศจิกายน", "พ.ย."),
            ("ธันวาคม", "ธ.ค."),
        ]
    )
    for m in names
}
_ENGLISH_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_MONTHS = {
    **{m.replace(".", ""): n for m, n in _THAI_MONTHS.items()},
    **_ENGLISH_MONTHS,
}
"""Month names and abbreviations, keyed without their dots (มี.ค., มีค and มี.ค are one)."""
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$")
_WORDS = re.compile(r"^(\d{1,2})\s*([^\d\s,]+(?:\s*\.)?)\s*,?\s*(\d{2}|\d{4})$")
_YEAR_ONLY = re.compile(r"^(\d{4})$")
_THAI_YEAR = re.compile(r"^ปี\s*(\d{2}|\d{4})$")
_DAY_WORDS = re.compile(r"^วัน\S*ที่\s*")  # "วันที่ 5 …", "วันอังคารที่ 5 …"
_TRUE = {"true", "yes", "y", "1", "ใช่", "มี", "x", "✓"}
_FALSE = {"false", "no", "n", "0", "ไม่ใช่", "ไม่มี", "ไม่", "-"}
_FORMS = "2024-03-05, 5/3/2567, 5/3/67, 5 มี.ค. 67 or 5 มีนาคม 2567"


def _year(y: int, marked_be: bool = False, thai: bool = False) -> int:
    """The Common Era year: a Buddhist-era one (พ.ศ. 2567) becomes 2024.

    Four digits are Buddhist era past 2400 (or when marked พ.ศ.). Two digits are Buddhist era
    when the date is written in Thai (5 มี.ค. 67, ปี 62) or marked พ.ศ.; in figures alone
    (5/3/67) past 40, else this century's (5/3/24 is 2024).
    """
    if y < 100:
        y = y + 2500 if thai or marked_be or y > 40 else y + 2000
    if marked_be or y > 2400:
        y -= BUDDHIST_ERA_OFFSET
    return y


def parse_when(value: object) -> str:
    """A date as ISO (``2024-03-05``), or a year known alone as the year (``2019``), never as
    1 January: from ISO, d/m/yyyy and d/m/yy (CE or BE), '5 มี.ค. 67', '5 มีนาคม 2567',
    '5 Mar 2024', a spreadsheet's date, or a year alone ('2562', 'ปี 2562', 'พ.ศ. 2562', 'ปี 62',
    2019). ValueError if none of these."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return (value.replace(year=_year(value.year)) if value.year > 2400 else value).isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = thai_digits_to_ascii(clean(str(value)))
    marked_be = "พ.ศ" in text
    text = re.sub(r"(พ\.ศ|ค\.ศ)\.?", " ", text)
    text = _DAY_WORDS.sub("", " ".join(text.split()))
    if m := _ISO.match(text):
        y, mo, d = (int(g) for g in m.groups())
        return dt.date(_year(y, marked_be), mo, d).isoformat()
    if m := _DMY.match(text):
        d, mo, y = (int(g) for g in m.groups())
        return dt.date(_year(y, marked_be), mo, d).isoformat()
    if (m := _WORDS.match(text)) and (month := _month(m.group(2))):
        thai = month[1]
        year = _year(int(m.group(3)), marked_be, thai)
        return dt.date(year, month[0], int(m.group(1))).isoformat()
    if m := _YEAR_ONLY.match(text):
        return str(_year(int(m.group(1)), marked_be))
    if m := _THAI_YEAR.match(text):
        return str(_year(int(m.group(1)), marked_be, thai=True))
    raise ValueError(f"'{text[:40]}' is not a date (use {_FORMS}) nor a year (2567, ปี 2567)")


def _month(word: str) -> tuple[int, bool] | None:
    """A month's number from its Thai or English name, and whether the name was Thai."""
    key = word.replace(".", "").replace(" ", "").casefold()
    if key in _MONTHS:
        return _MONTHS[key], not key.isascii()
    return None


def parse_date(value: object) -> dt.date:
    """A date with its day, in any form ``parse_when`` reads; ValueError for a year alone."""
    when = parse_when(value)
    if len(when) == 4:
        raise ValueError(
            f"a year alone ({when}) is not enough here: type the day too, e.g. 5/3/{int(when) + 543}"
        )
    return dt.date.fromisoformat(when)


def parse_number(value: object) -> float:
    """A number, with Thai digits and thousands separators allowed; ValueError if none."""
    if isinstance(value, bool):
        raise ValueError("expected a number")
    if isinstance(value, int | float):
        return float(value)
    text = thai_digits_to_ascii(clean(str(value))).replace(",", "").replace("บาท", "").strip()
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"'{text[:40]}' is not a number") from None


def parse_bool(value: object) -> bool:
    """Yes/no in English or Thai; ValueError otherwise."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = clean(str(value)).casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"'{text[:40]}' is not yes or no (use yes/no, ใช่/ไม่ใช่)")


LIST_FIELDS = frozenset({"aliases", "tags", "postal_codes"})
"""The model's fields that hold lists, written into one cell or attribute as ``a;b``."""


def split_list(value: object) -> list[str]:
    """A list typed into one cell: separated by ';', '|' or new lines (commas stay in names)."""
    return [part for part in (clean(p) for p in re.split(r"[;|\n]", str(value))) if part]
