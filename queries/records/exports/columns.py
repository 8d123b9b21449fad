"""Attribute columns shared by the tabular and XML formats: names, types, and cell text."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import IO, Any

from phakhee.queries.records.exports.frame import ExportGraph

LIST_SEP = ";"
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XML_ESC = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;"}
    # as references, which a reader keeps: raw, an attribute value turns them into spaces and
    # element text turns CR into LF
    | {"\t": "&#9;", "\n": "&#10;", "\r": "&#13;"}
)
_FIRST = ("kind", "name", "name_en")


@lru_cache(maxsize=1 << 16)
def _escaped(text: str) -> str:
    return _XML_BAD.sub("", text).translate(_XML_ESC)


def xml_text(value: object) -> str:
    """Text safe inside an XML attribute or element (characters XML 1.0 forbids are dropped; tab,
    LF and CR as character references, so that they read back as written).

    Kinds, roles, sectors and dates repeat over a million ties: each is escaped once.
    """
    return _escaped(str(value))


def cell(value: Any) -> str:
    """A value as one cell of text: lists joined with ';', booleans as true/false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return LIST_SEP.join(str(v) for v in value)
    return "" if value is None else str(value)


def _type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    return "string"


def column_types(rows: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Each attribute name with one type over all rows (boolean, long, double or string)."""
    types: dict[str, str] = {}
    for attrs in rows:
        for key, value in attrs.items():
            t = _type(value)
            old = types.get(key)
            if old is None or old == t:
                types[key] = t
            elif {old, t} == {"long", "double"}:
                types[key] = "double"
            else:
                types[key] = "string"
    ordered = {k: types.pop(k) for k in _FIRST if k in types}
    return ordered | dict(sorted(types.items()))


def derived(export: ExportGraph, node: str) -> dict[str, Any]:
    """Attributes an analysis format adds: province and region ids, centrality when given."""
    province, region = export.place(node)
    out: dict[str, Any] = {}
    if province:
        out["province"] = province
    if region:
        out["region_id"] = region
    if node in export.centrality:
        out["centrality"] = float(export.centrality[node])
    return out


def node_rows(export: ExportGraph) -> Iterable[tuple[str, dict[str, Any]]]:
    """(id, attributes with the derived ones) for the analysis formats."""
    for n, attrs in export.nodes():
        yield n, attrs | derived(export, n)


class Lines:
    """Text written to a binary stream in chunks of ``every`` pieces (one write per chunk, not per line)."""

    def __init__(self, out: IO[bytes], every: int = 2000) -> None:
        self.out, self.every, self.parts = out, every, list[str]()

    def add(self, text: str) -> None:
        self.parts.append(text)
        if len(self.parts) >= self.every:
            self.flush()

    def flush(self) -> None:
        self.out.write("".join(self.parts).encode())
        self.parts.clear()
