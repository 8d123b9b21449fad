"""GEXF 1.3 for Gephi, written as a stream: kinds, sectors and places as attributes, colours as viz."""

from __future__ import annotations

from typing import IO

from phakhee.queries.records.exports.columns import Lines, cell, column_types, node_rows, xml_text
from phakhee.queries.records.exports.frame import ExportGraph

COLOURS: dict[str, tuple[int, int, int]] = {
    "person": (66, 133, 244),
    "team": (219, 68, 55),
    "province": (120, 144, 156),
    "region": (96, 125, 139),
    "partner": (244, 180, 0),
    "topic": (15, 157, 88),
    "lesson": (171, 71, 188),
    "event": (0, 172, 193),
    "skill": (255, 112, 67),
    "assessment": (158, 157, 36),
}
_GREY = (160, 160, 160)


def _attributes(cls: str, types: dict[str, str]) -> str:
    lines = [f'    <attributes class="{cls}" mode="static">']
    lines += [
        f'      <attribute id="{cls[0]}{i}" title="{xml_text(k)}" type="{t}"/>'
        for i, (k, t) in enumerate(types.items())
    ]
    lines.append("    </attributes>")
    return "\n".join(lines) + "\n"


def _attvalues(cls: str, ids: dict[str, int], attrs: dict[str, object]) -> str:
    values = "".join(
        f'<attvalue for="{cls}{ids[k]}" value="{xml_text(cell(v))}"/>'
        for k, v in attrs.items()
        if v is not None
    )
    return f"<attvalues>{values}</attvalues>" if values else ""


def write_gexf(export: ExportGraph, out: IO[bytes]) -> None:
    """Write the export as GEXF 1.3 (directed, static; a tie's kind is its label and an attribute)."""
    rows = list(node_rows(export))
    node_types = column_types(a for _, a in rows)
    edge_types = column_types(a | {"kind": k} for _, _, k, a in export.edges())
    node_ids = {k: i for i, k in enumerate(node_types)}
    edge_ids = {k: i for i, k in enumerate(edge_types)}
    meta = export.meta
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        ' xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">\n'
        f'  <meta lastmodifieddate="{meta.exported_at[:10]}">\n'
        f"    <creator>{xml_text(meta.program)} {xml_text(meta.program_version)}</creator>\n"
        f"    <keywords>{xml_text(meta.scope)}</keywords>\n"
        f"    <description>{xml_text(meta.line())}</description>\n"
        "  </meta>\n"
        '  <graph defaultedgetype="directed" mode="static">\n'
    )
    lines = Lines(out)
    for text in (head, _attributes("node", node_types), _attributes("edge", edge_types)):
        lines.add(text)
    lines.add("    <nodes>\n")
    for n, attrs in rows:
        r, g, b = COLOURS.get(str(attrs.get("kind")), _GREY)
        label = xml_text(attrs.get("name", n))
        viz = f'<viz:color r="{r}" g="{g}" b="{b}"/>'
        if n in export.positions:
            x, y = export.positions[n]
            viz += f'<viz:position x="{float(x)}" y="{float(y)}" z="0.0"/>'
        if n in export.centrality:
            viz += f'<viz:size value="{1.0 + 20.0 * float(export.centrality[n])}"/>'
        lines.add(
            f'      <node id="{xml_text(n)}" label="{label}">'
            f"{_attvalues('n', node_ids, attrs)}{viz}</node>\n"
        )
    lines.add("    </nodes>\n    <edges>\n")
    for i, (s, t, k, attrs) in enumerate(export.edges()):
        lines.add(
            f'      <edge id="{i}" source="{xml_text(s)}" target="{xml_text(t)}" label="{k}">'
            f"{_attvalues('e', edge_ids, {'kind': k, **attrs})}</edge>\n"
        )
    lines.add("    </edges>\n  </graph>\n</gexf>\n")
    lines.flush()
