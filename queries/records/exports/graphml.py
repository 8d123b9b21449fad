"""GraphML, written as a stream: typed keys for every attribute, the export's metadata as graph data."""

from __future__ import annotations

from typing import IO

from phakhee.queries.records.exports.columns import Lines, cell, column_types, node_rows, xml_text
from phakhee.queries.records.exports.frame import ExportGraph


def _keys(domain: str, types: dict[str, str], prefix: str) -> list[str]:
    return [
        f'  <key id="{prefix}{i}" for="{domain}" attr.name="{xml_text(k)}" attr.type="{t}"/>\n'
        for i, (k, t) in enumerate(types.items())
    ]


def _data(ids: dict[str, str], attrs: dict[str, object]) -> str:
    return "".join(
        f'<data key="{ids[k]}">{xml_text(cell(v))}</data>'
        for k, v in attrs.items()
        if v is not None
    )


def write_graphml(export: ExportGraph, out: IO[bytes]) -> None:
    """Write the export as GraphML (directed; parallel ties of different kinds kept, keyed by kind)."""
    rows = list(node_rows(export))
    node_types = column_types(a for _, a in rows)
    edge_types = column_types(a | {"kind": k} for _, _, k, a in export.edges())
    meta = {k: cell(v) for k, v in export.meta.as_dict().items()}
    node_ids = {k: f"n{i}" for i, k in enumerate(node_types)}
    edge_ids = {k: f"e{i}" for i, k in enumerate(edge_types)}
    meta_ids = {k: f"g{i}" for i, k in enumerate(meta)}
    lines = Lines(out)
    for text in [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns'
        ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n',
        *_keys("graph", dict.fromkeys(meta, "string"), "g"),
        *_keys("node", node_types, "n"),
        *_keys("edge", edge_types, "e"),
        '  <graph id="phakhee" edgedefault="directed">\n',
        f"    {_data(meta_ids, meta)}\n",  # type: ignore[arg-type]
    ]:
        lines.add(text)
    for n, attrs in rows:
        lines.add(f'    <node id="{xml_text(n)}">{_data(node_ids, attrs)}</node>\n')
    for i, (s, t, k, attrs) in enumerate(export.edges()):
        lines.add(
            f'    <edge id="{k}-{i}" source="{xml_text(s)}" target="{xml_text(t)}">'
            f"{_data(edge_ids, {'kind': k, **attrs})}</edge>\n"
        )
    lines.add("  </graph>\n</graphml>\n")
    lines.flush()
