"""Our CSV export (a zip of nodes.csv and edges.csv) read back as the graph it came from.

Each row is validated as a node-link item (``loaders.nodelink.read_items``): the model reads
its declared fields from their text (numbers, dates, yes/no), lists written as ``a;b`` are
split, and what the export derived (``province``, ``region_id``, ``centrality``) is left out.
An extra property (``x_...``) comes back as text, since a CSV cell does not say its type.
The cells our export guarded against formulas were already read back as the text they were
(``loaders.tables.read_csv``).
"""

from __future__ import annotations

from typing import Any

from phakhee.graph.settings import LoadLimits
from phakhee.loaders.networkx_files import DERIVED
from phakhee.loaders.nodelink import read_items
from phakhee.loaders.tables import Table
from phakhee.loaders.template_reader import Parsed
from phakhee.loaders.values import LIST_FIELDS, split_list

NODE_HEADER = "id"
EDGE_HEADER = ["source", "target", "kind"]
_LISTS = LIST_FIELDS


def _tables(tables: list[Table]) -> tuple[Table, Table] | None:
    by_name = {t.name.strip().lower(): t for t in tables}
    nodes, edges = by_name.get("nodes"), by_name.get("edges")
    if nodes is None or edges is None or not nodes.rows or not edges.rows:
        return None
    if nodes.rows[0][1][:1] != [NODE_HEADER] or edges.rows[0][1][:3] != EDGE_HEADER:
        return None
    return nodes, edges


def is_csv_export(tables: list[Table]) -> bool:
    """Whether the tables are our CSV export: nodes.csv headed ``id``, edges.csv headed
    ``source, target, kind``."""
    return _tables(tables) is not None


def _items(table: Table, drop: frozenset[str]) -> list[dict[str, Any]]:
    header = [str(c) for c in table.rows[0][1]]
    items = []
    for _, cells in table.rows[1:]:
        item: dict[str, Any] = {}
        for key, value in zip(header, cells, strict=False):
            if value == "" or key in drop:
                continue
            item[key] = split_list(value) if key in _LISTS else value
        items.append(item)
    return items


def read_csv_export(tables: list[Table], file: str, limits: LoadLimits) -> Parsed:
    """Nodes and ties of our CSV export, each bad row refused alone."""
    found = _tables(tables)
    assert found is not None, "not our CSV export: check is_csv_export first"
    nodes, edges = found
    parsed = read_items(Parsed(), _items(nodes, DERIVED), _items(edges, frozenset()), file, limits)
    parsed.rows_by_file = {nodes.file: len(nodes.rows) - 1, edges.file: len(edges.rows) - 1}
    return parsed
