"""Text as a spreadsheet cell: never run as a formula, never a character a workbook cannot hold.

A spreadsheet runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` (and, in some, a tab or a
carriage return before them) as a formula: a name typed as ``=HYPERLINK(...)`` would become a
live link in every coordinator's Excel (formula injection, CWE-1236). Every CSV we hand out
writes such a cell with a leading apostrophe (``defused``), as OWASP recommends; a workbook
writes it as a string cell instead. Reading a CSV back strips that apostrophe (``restored``):
a cell whose apostrophes are followed by one of those characters is one we guarded. Text that
itself begins with apostrophes before such a character gets one more, so every text comes back
as it was.

Text stored before control characters were refused on input may still hold one: a cell shows
it as U+FFFD (``printable``) rather than fail the whole file.
"""

from __future__ import annotations

from phakhee.graph.model import CONTROL

FORMULA = ("=", "+", "-", "@", "\t", "\r")
"""What a cell may not begin with in a spreadsheet we hand out: a spreadsheet would run it."""
GUARD = "'"
"""What goes before such a cell in a CSV file: the apostrophe spreadsheets show as text."""
REPLACEMENT = "\ufffd"
"""What a character a workbook cannot hold is written as."""


def guarded(text: str) -> bool:
    """Whether ``text`` is written with a leading apostrophe: it begins with what would start a
    formula (= + - @, a tab or a carriage return), after any apostrophes of its own."""
    return text.lstrip(GUARD).startswith(FORMULA)


def defused(text: str) -> str:
    """``text`` as a CSV cell a spreadsheet shows and never runs (see ``guarded``)."""
    return GUARD + text if guarded(text) else text


def restored(cell: str) -> str:
    """A CSV cell as the text it was before ``defused``; any other cell as it is."""
    return cell[1:] if cell.startswith(GUARD) and guarded(cell[1:]) else cell


def printable(text: str) -> str:
    """``text`` with every character a workbook (XML 1.0) cannot hold as U+FFFD."""
    return CONTROL.sub(REPLACEMENT, text)
