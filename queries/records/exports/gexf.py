"""GEXF 1.3 for Gephi and Gephi Lite, written as a stream, valid against the official schema.

Kinds, sectors and places are attributes; every node has a colour (by kind), a size (by
centrality, else by kind) and a position (the map layout, else beside its placed ties). The viz
elements are written in the GEXF namespace, where the 1.3 schema declares them (Gephi and
graphology-gexf read them there; NetworkX's ``read_gexf`` looks only in the viz namespace, see
``docs/exports-and-privacy.md``). Attribute ids are numbers derived from the attribute's name, so
graphology-gexf shows their titles and one attribute has one id in every export.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Iterable, Mapping
from itertools import chain
from typing import IO, Any

from phakhee.queries.records.exports.columns import Lines, cell, column_types, node_rows, xml_text
from phakhee.queries.records.exports.frame import ExportGraph

COLOURS: dict[str, tuple[int, int, int]] = {
    "person": (66, 133, 244),
    "team": (219, 68, 55),
    "province": (120, 144, 156),
    "region": (96, 125, 139),
    "district": (144, 164, 174),
    "subdistrict": (176, 190, 197),
    "partner": (244, 180, 0),
    "topic": (15, 157, 88),
    "lesson": (171, 71, 188),
    "event": (0, 172, 193),
    "skill": (255, 112, 67),
    "assessment": (158, 157, 36),
}
_GREY = (160, 160, 160)

SMALLEST, LARGEST = 4.0, 24.0
"""Node sizes: a node with the least centrality, and the one with the most."""
KIND_SIZES: dict[str, float] = {"region": 20.0, "province": 14.0, "topic": 10.0}
"""The size of a node without a centrality (the rest: ``SMALLEST``)."""
NEAR = 40.0
"""How far (layout units) a node placed beside its ties sits from their middle, at most."""
STEPS = 4
"""How many ties away from the layout a node is still placed beside its ties (then on a ring)."""

Position = tuple[float, float]


def attribute_id(name: str, taken: set[int]) -> int:
    """The numeric id of the attribute called ``name``: its CRC-32, the next free number on the
    rare clash with one already ``taken`` (which it joins)."""
    i = zlib.crc32(name.encode())
    while i in taken:
        i += 1
    taken.add(i)
    return i


def _ids(names: Iterable[str]) -> dict[str, int]:
    taken: set[int] = set()
    return {k: attribute_id(k, taken) for k in names}


def _attributes(cls: str, types: dict[str, str], ids: dict[str, int]) -> str:
    lines = [f'    <attributes class="{cls}" mode="static">']
    lines += [
        f'      <attribute id="{ids[k]}" title="{xml_text(k)}" type="{t}"/>'
        for k, t in types.items()
    ]
    lines.append("    </attributes>")
    return "\n".join(lines) + "\n"


def _attvalues(ids: dict[str, int], attrs: dict[str, object]) -> str:
    values = "".join(
        f'<attvalue for="{ids[k]}" value="{xml_text(cell(v))}"/>'
        for k, v in attrs.items()
        if v is not None
    )
    return f"<attvalues>{values}</attvalues>" if values else ""


def node_size(kind: str, centrality: float | None, most: float) -> float:
    """A node's size: up to ``LARGEST`` by its share of the ``most`` centrality of the whole graph
    (the same in every scope; the square root, so that a disc's area follows the score), else its
    kind's size."""
    if centrality is None:
        return KIND_SIZES.get(kind, SMALLEST)
    share = centrality / most if most > 0 else 0.0
    return SMALLEST + (LARGEST - SMALLEST) * math.sqrt(max(0.0, share))


def _beside(node: str, near: list[Position]) -> Position:
    """The middle of ``near``, moved up to ``NEAR`` in a direction of the node's own (so that the
    lessons of one team do not sit on one point), the same in every export."""
    turn = zlib.crc32(node.encode())
    angle = (turn % 3600) / 3600 * 2 * math.pi
    far = NEAR * (0.5 + (turn >> 12) % 500 / 1000)
    x = math.fsum(p[0] for p in near) / len(near)
    y = math.fsum(p[1] for p in near) / len(near)
    return x + far * math.cos(angle), y + far * math.sin(angle)


def _ring(nodes: list[str], placed: Mapping[str, Position]) -> dict[str, Position]:
    """Nodes tied to nothing placed: evenly on a circle around everything placed."""
    if not placed:
        cx = cy = 0.0
        radius = NEAR * max(1.0, math.sqrt(len(nodes)))
    else:
        cx = math.fsum(p[0] for p in placed.values()) / len(placed)
        cy = math.fsum(p[1] for p in placed.values()) / len(placed)
        radius = NEAR + max(math.hypot(x - cx, y - cy) for x, y in placed.values())
    step = 2 * math.pi / max(1, len(nodes))
    return {
        n: (cx + radius * math.cos(i * step), cy + radius * math.sin(i * step))
        for i, n in enumerate(nodes)
    }


def positions(export: ExportGraph, nodes: list[str]) -> dict[str, Position]:
    """Where every node of ``nodes`` (the export's, in order) goes: the layout's position, else
    beside the middle of its placed ties in scope (an event beside its team; a lesson of an event
    a step further), else on a ring around the rest."""
    given = export.positions
    placed = {n: (float(given[n][0]), float(given[n][1])) for n in nodes if n in given}
    todo = [n for n in nodes if n not in placed]
    succ, pred = export.graph.succ, export.graph.pred
    for _ in range(STEPS):
        step = {}
        for n in todo:
            near = [placed[m] for m in chain(succ[n], pred[n]) if m in placed]
            if near:
                step[n] = _beside(n, near)
        if not step:
            break
        placed |= step
        todo = [n for n in todo if n not in step]
    return placed | _ring(todo, placed)


def _viz(kind: str, size: float, at: Position) -> str:
    r, g, b = COLOURS.get(kind, _GREY)
    return (
        f'<color r="{r}" g="{g}" b="{b}"/><size value="{size!r}"/>'
        f'<position x="{at[0]!r}" y="{at[1]!r}" z="0.0"/>'
    )


def write_gexf(export: ExportGraph, out: IO[bytes]) -> None:
    """Write the export as GEXF 1.3 (directed, static; a tie's kind is its label and an attribute)."""
    rows: list[tuple[str, dict[str, Any]]] = list(node_rows(export))
    node_types = column_types(a for _, a in rows)
    edge_types = column_types(a | {"kind": k} for _, _, k, a in export.edges())
    node_ids, edge_ids = _ids(node_types), _ids(edge_types)
    where = positions(export, [n for n, _ in rows])
    centrality = export.centrality
    most = max(centrality.values(), default=0.0)
    meta = export.meta
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gexf xmlns="http://gexf.net/1.3"'
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
    for text in (
        head,
        _attributes("node", node_types, node_ids),
        _attributes("edge", edge_types, edge_ids),
    ):
        lines.add(text)
    lines.add(f'    <nodes count="{len(rows)}">\n')
    for n, attrs in rows:
        kind = str(attrs.get("kind"))
        score = centrality.get(n)
        size = node_size(kind, None if score is None else float(score), float(most))
        lines.add(
            f'      <node id="{xml_text(n)}" label="{xml_text(attrs.get("name", n))}">'
            f"{_attvalues(node_ids, attrs)}{_viz(kind, size, where[n])}</node>\n"
        )
    lines.add("    </nodes>\n    <edges>\n")
    for i, (s, t, k, attrs) in enumerate(export.edges()):
        lines.add(
            f'      <edge id="{i}" source="{xml_text(s)}" target="{xml_text(t)}" label="{xml_text(k)}">'
            f"{_attvalues(edge_ids, {'kind': k, **attrs})}</edge>\n"
        )
    lines.add("    </edges>\n  </graph>\n</gexf>\n")
    lines.flush()
