"""The views as HTML: a selection, its sizes, groups and positions in; one self-contained page out.

No store access here: the inputs are plain data (``queries/drawing/selection.py`` chooses what to draw,
``queries/drawing/view_inputs.py`` supplies sizes, groups, brokers, bridges and suggestions).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import quote

from phakhee.graph.privacy import PUBLIC, Audience
from phakhee.queries.drawing.selection import Selection
from phakhee.queries.drawing.view_inputs import BROKER_LEGEND
from phakhee.queries.records.diff_view import Changes
from phakhee.viz import encoding as enc
from phakhee.viz.page import render

LARGE = 1500
"""Above this many nodes, edges are hidden while dragging or zooming, to keep it smooth."""


@dataclass(frozen=True, slots=True)
class Written:
    """Pages written side by side into one folder, so they link to each other offline: each
    view's file name by (view, id or None), and the index's; a page links to those only."""

    files: Mapping[tuple[str, str | None], str]
    index: str = "index.html"


Base = str | Written | None
"""Where a page's links lead: a served ``/views/`` (or ``https://host/views/``), the pages
``Written`` beside it, or nowhere (None)."""


def href(base: Base, view: str, ident: str | None = None) -> str | None:
    """The link to view ``view`` (of node or sector ``ident``) from a page with ``base``: under
    the served views, the file written beside it, or None (no link)."""
    if base is None or base == "":
        return None
    if isinstance(base, Written):
        return base.files.get((view, ident))
    return f"{base}{view}" if ident is None else f"{base}{view}/{quote(ident, safe=':')}"


def index_href(base: Base) -> str | None:
    """The link to the list of views from a page with ``base`` (None: none)."""
    return base.index if isinstance(base, Written) else base or None


def _options(n: int, aggregate: bool, geo: bool) -> dict:
    large = n > LARGE
    tie = enc.TIE if n < 300 else enc.TIE_FAINT
    return {
        "autoResize": True,
        "physics": False,  # positions come from the server: nothing to settle
        "layout": {"improvedLayout": False},
        "interaction": {
            "hover": not large,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "multiselect": False,
        },
        "nodes": {
            "shape": "dot",
            "borderWidth": 1,
            "font": {
                "face": enc.FONT_STACK,
                "size": 14,
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
            "scaling": {
                "min": 10 if aggregate else 12 if geo else 5,
                "max": 70 if aggregate else 60 if geo else 34,
                "label": {
                    "enabled": True,
                    "min": 16 if aggregate else 11 if geo else 14,
                    "max": 26 if aggregate else 22,
                    "maxVisible": 26,
                    "drawThreshold": 6 if aggregate else 8 if geo else 5,
                },
            },
        },
        "edges": {
            "smooth": False,
            "color": {"color": tie, "highlight": "#333333", "inherit": False},
            "selectionWidth": 2,
        },
    }


def network_page(
    sel: Selection,
    *,
    sizes: Mapping[str, float],
    positions: Mapping[str, tuple[float, float]],
    groups: Mapping[str, int] | None = None,
    brokers: Iterable[str] = (),
    bridges: Iterable[tuple[str, str]] = (),
    suggestions: Iterable[tuple[str, str]] = (),
    measure: str = "degree",
    version: int = 0,
    date: dt.date | None = None,
    base: Base = "/views/",
    audience: Audience = PUBLIC,
    export: Mapping[str, object] | None = None,
    changes: Changes | None = None,
) -> str:
    """One view as a self-contained HTML page (vis-network inlined, every text escaped).

    ``base`` is where the other views are served (``/views/``, or ``https://host/views/`` for a
    page kept on disk), or the pages ``Written`` beside it; None leaves links out. ``audience`` is who the page is for: its tooltips hold
    the personal fields that audience may see (the privacy gate; an unredacted export only). ``export``: the metadata of an HTML export (when, graph
    version, scope, redaction, program version), written as ``<meta name="phakhee:KEY">`` tags
    and a line under the title. ``changes`` (the snapshot diff view): added nodes and ties in
    green, removed nodes and lost ties in red, dashed, changed ones amber (their fields in the
    tooltip).
    """
    brokers = set(brokers)
    bridges = {tuple(sorted(e)) for e in bridges}
    suggestions = list(suggestions)
    labels = 0  # province names on a map view: drawn as nodes, not counted as members
    degree: Counter[str] = Counter()
    for a, b, _ in sel.edges:
        degree[a] += 1
        degree[b] += 1
    legend: dict[str, tuple[str, str, str]] = {}
    nodes = []
    top = max((sizes.get(n, 0.0) for n in sel.nodes), default=0.0)
    place_font = _place_font(positions)
    for node, attrs in sel.nodes.items():
        colour, meaning = enc.colour(node, attrs, sel.colour_by, groups)
        place_label = attrs.get("kind") == "province" and sel.layout == "geo" and not sel.aggregate
        if meaning and not place_label:
            legend.setdefault(meaning, (colour, meaning, "dot"))
        if sel.aggregate:
            value = float(attrs.get("people", 0)) + 1
            size = None
        else:
            size = sizes.get(node)
            value = float(size) if size is not None else top * 0.35  # lessons, topics: mid-size
        item = {
            "id": node,
            "label": enc.label(attrs, node),
            "title": enc.tooltip(node, attrs, size, measure, degree[node], audience=audience),
            "value": value,
            "color": colour,
        }
        if sel.focus is not None and attrs.get("kind") == sel.focus:
            item["value"] = max(value, top * 0.6)
        if node == sel.center:  # the node the view is about: as large as the largest
            item |= {"borderWidth": 3, "color": {"background": colour, "border": "#222222"}}
            item["value"] = max(value, top)
        if node in brokers:  # drawn large, so the holes show at a glance
            item |= {
                "shape": "diamond",
                "borderWidth": 4,
                "color": {"background": colour, "border": enc.BROKER},
            }
            item["value"] = max(value, top * 0.75)
        if place_label:  # the province's name on the map, over its people
            labels += 1
            item |= {
                "shape": "text",
                "font": {
                    "size": place_font,
                    "color": "#555555",
                    "strokeWidth": 10,
                    "strokeColor": "#ffffff",
                },
            }
            item["url"] = href(base, "province", node)
            del item["value"]
        if attrs.get("kind") in ("province", "region") and sel.layout != "geo":
            del item["value"]
            item["size"] = 12
        if sel.aggregate and attrs.get("kind") == "region":
            item |= {"shape": "box", "margin": 8, "font": {"color": "#ffffff", "size": 26}}
            del item["value"]
        if node in sel.opens:
            item["url"] = href(base, *sel.opens[node])
        if item.get("url") is None:
            item.pop("url", None)
        else:
            item["title"] += "\nดับเบิลคลิกเพื่อเปิด · double-click to open"
        if changes is not None and node in changes.nodes_added:
            item |= {"borderWidth": 4, "color": {"background": colour, "border": enc.ADDED}}
            item["title"] += "\nเพิ่มใหม่ · added"
        elif changes is not None and node in changes.nodes_removed:
            item |= {
                "borderWidth": 4,
                "shapeProperties": {"borderDashes": [5, 4]},
                "color": {"background": "#eeeeee", "border": enc.LOST},
            }
            item["title"] += "\nหายไป · removed"
        elif changes is not None and node in changes.nodes_changed:
            item |= {"borderWidth": 4, "color": {"background": colour, "border": enc.CHANGED}}
            item["title"] += "\nเปลี่ยนแปลง · changed:\n" + changes.nodes_changed[node]
        if node in positions:
            item["x"], item["y"] = (round(c, 1) for c in positions[node])
        nodes.append(item)
    edges = []
    for a, b, w in sel.edges:
        edge: dict = {"from": a, "to": b, "width": enc.width(w), "title": f"{w:g} สายสัมพันธ์ · ties"}
        if sel.aggregate and a.startswith("region:"):
            edge["color"] = {"color": enc.REGION_TIE}
        if (a, b) in bridges or (b, a) in bridges:
            edge |= {"width": max(enc.width(w), 6.0), "color": {"color": enc.BRIDGE}}
        edges.append(edge)
    drawn = {(a, b) for a, b, _ in sel.edges} | {(b, a) for a, b, _ in sel.edges}
    for a, b in sorted(bridges):  # a bridge found in another graph than the one drawn
        if a in sel.nodes and b in sel.nodes and (a, b) not in drawn:
            edges.append({"from": a, "to": b, "width": 6.0, "color": {"color": enc.BRIDGE}})
    for a, b in suggestions:
        if a in sel.nodes and b in sel.nodes:
            edges.append(
                {
                    "from": a,
                    "to": b,
                    "dashes": True,
                    "width": 2,
                    "color": {"color": enc.SUGGESTION},
                    "title": "แนะนำให้รู้จัก · suggested introduction",
                }
            )
    drawn_changes = (
        (
            (changes.ties_added, enc.ADDED, "เพิ่มขึ้น · added: "),
            (changes.ties_removed, enc.LOST, "หายไป · lost: "),
            (changes.ties_changed, enc.CHANGED, "เปลี่ยนแปลง · changed:\n"),
        )
        if changes is not None
        else ()
    )
    for ties, tint, what in drawn_changes:
        for a, b, w, text in ties:
            edge = {"from": a, "to": b, "width": max(enc.width(w), 3.0)}
            if tint == enc.LOST:
                edge["dashes"] = True
            edges.append(edge | {"color": {"color": tint}, "title": what + text})
    notes = _notes(sel, measure)
    lines = sorted(legend.values(), key=lambda x: _legend_order(x[1]))
    if brokers:
        lines.append((enc.BROKER, BROKER_LEGEND, "diamond"))
    if bridges:
        lines.append((enc.BRIDGE, "สะพาน · bridge (the only tie between two parts)", "line"))
    if suggestions:
        lines.append((enc.SUGGESTION, "แนะนำให้รู้จัก · suggested introduction", "dashed"))
    if changes is not None:
        lines += [
            (enc.ADDED, "สายสัมพันธ์ใหม่ · tie added", "line"),
            (enc.LOST, "สายสัมพันธ์ที่หายไป · tie lost", "dashed"),
            (enc.ADDED, "เพิ่มใหม่ · node added (green ring)", "ring"),
            (enc.LOST, "หายไป · node removed (red dashed ring)", "ring-dashed"),
            (enc.CHANGED, "เปลี่ยนแปลง · changed (amber ring or tie; hover for the fields)", "ring"),
        ]
    lines.append((enc.TIE, "สายสัมพันธ์ · tie (wider: more ties)", "line"))
    shown = len(sel.nodes)
    subtitle = f"{shown - labels:,} nodes, {len(edges):,} ties"
    if sel.total > shown - labels and not sel.aggregate:
        subtitle += f" (the {shown - labels:,} most central of {sel.total:,})"
    if sel.aggregate:
        subtitle += f" summarising {sel.total:,} people, teams and partners"
    return render(
        "network.html",
        name=sel.name,
        title=sel.title,
        subtitle=subtitle,
        version=version,
        date=(date or dt.date.today()).isoformat(),
        index_href=index_href(base),
        legend=lines,
        notes=notes,
        export=sorted((export or {}).items()),
        data={
            "nodes": nodes,
            "edges": edges,
            "options": _options(shown, sel.aggregate, sel.layout == "geo"),
        },
    )


def _place_font(positions: Mapping[str, tuple[float, float]]) -> int:
    """Font size of the province names on a map view: readable at full view, whatever its extent."""
    if not positions:
        return 40
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    extent = max(max(xs) - min(xs), max(ys) - min(ys))
    return int(min(max(extent / 70, 24), 130))


def _legend_order(text: str) -> tuple[int, str]:
    number = text.split("community ")[-1].split(",")[0]
    return (int(number), text) if number.isdigit() else (0, text)


def _notes(sel: Selection, measure: str) -> list[str]:
    """What size, position and the mouse do on this view."""
    notes = []
    if sel.aggregate:
        notes.append("ขนาด · size: people in the province or region")
        notes.append("เส้น · lines: ties between people, teams and partners of two places")
        notes.append("ดับเบิลคลิก · double-click a province or region to open it")
    elif sel.name == "diff":
        notes.append("ขนาด · size: ties gained or lost around it")
        notes.append("สีเทา · grey: ties that stayed, around the changes")
    else:
        notes.append(f"ขนาด · size: centrality ({measure})")
    if sel.layout == "geo":
        notes.append("ตำแหน่ง · position: on the map of Thailand, around each one's province")
        if not sel.aggregate:
            notes.append("ดับเบิลคลิก · double-click a province's name to open it")
    if sel.layout == "radial" and (sel.center or "").startswith("province:"):
        notes.append(
            "จังหวัดอื่น · other provinces sit in their direction on the map; double-click one to open it"
        )
    notes.append("วางเมาส์ · hover for facts; scroll to zoom; drag to move")
    return notes


def index_page(
    entries: Iterable[tuple[str | None, str, str]], *, version: int, date: dt.date | None = None
) -> str:
    """The list of views (href or None for no link, title, what it shows), with the graph
    version and the date."""
    return render(
        "index.html",
        entries=list(entries),
        version=version,
        date=(date or dt.date.today()).isoformat(),
    )
