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
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$")
_THAI_TEXT = re.compile(r"^(\d{1,2})\s*(\S+?)\s*(?:พ\.ศ\.\s*)?(\d{4})$")
_YEAR_ONLY = re.compile(r"^(?:พ\.ศ\.\s*|ค\.ศ\.\s*)?(\d{4})$")
_TRUE = {"true", "yes", "y", "1", "ใช่", "มี", "x", "✓"}
_FALSE = {"false", "no", "n", "0", "ไม่ใช่", "ไม่มี", "ไม่", "-"}


def _year(y: int, marked_be: bool = False) -> int:
    """Buddhist-era years (พ.ศ. 2567) become Common Era (2024); two-digit years are BE if > 40."""
    if y < 100:
        y = y + 2500 if y > 40 else y + 2000
    if marked_be or y > 2400:
        y -= BUDDHIST_ERA_OFFSET
    return y


def parse_date(value: object) -> dt.date:
    """A date from ISO, d/m/yyyy (CE or BE), '5 มี.ค. 2567', or a spreadsheet date; ValueError if none."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.replace(year=_year(value.year)) if value.year > 2400 else value
    text = thai_digits_to_ascii(clean(str(value)))
    marked_be = "พ.ศ" in text
    text = text.replace("พ.ศ.", "").replace("ค.ศ.", "").strip()
    if m := _ISO.match(text):
        y, mo, d = (int(g) for g in m.groups())
        return dt.date(_year(y, marked_be), mo, d)
    if m := _DMY.match(text):
        d, mo, y = (int(g) for g in m.groups())
        return dt.date(_year(y, marked_be), mo, d)
    if (m := _THAI_TEXT.match(text)) and m.group(2) in _THAI_MONTHS:
        return dt.date(_year(int(m.group(3)), True), _THAI_MONTHS[m.group(2)], int(m.group(1)))
    if m := _YEAR_ONLY.match(text):
        return dt.date(_year(int(m.group(1)), marked_be), 1, 1)
    raise ValueError(f"'{text[:40]}' is not a date (use 2024-03-05, 5/3/2567 or 5 มี.ค. 2567)")


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


def split_list(value: object) -> list[str]:
    """A list typed into one cell: separated by ';', '|' or new lines (commas stay in names)."""
    return [part for part in (clean(p) for p in re.split(r"[;|\n]", str(value))) if part]
