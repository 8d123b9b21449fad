"""What the colours, sizes and widths of a view mean: palettes, labels, tooltips and the legend."""

from __future__ import annotations

import math
from collections.abc import Mapping

from phakhee.graph.privacy import PUBLIC, Audience
from phakhee.graph.reference import region_id
from phakhee.graph.thailand import REGIONS as THAI_REGIONS

FONT_STACK = (
    '"Noto Sans Thai", "Noto Sans Thai UI", "Sarabun", "Leelawadee UI", "Thonburi", '
    '"Loma", "Garuda", "Umpush", "Tahoma", sans-serif'
)
"""Fonts that render Thai on Linux (fonts-thai-tlwg), Windows and macOS, in that order."""

KINDS: dict[str, tuple[str, str]] = {
    "person": ("#4e79a7", "บุคคล · person"),
    "team": ("#e15759", "ทีม · team"),
    "partner": ("#f28e2b", "ภาคี · partner"),
    "province": ("#76b7b2", "จังหวัด · province"),
    "region": ("#59a14f", "ภาค · region"),
    "topic": ("#b07aa1", "ประเด็น · topic"),
    "lesson": ("#edc948", "บทเรียน · lesson"),
    "event": ("#9c755f", "กิจกรรม · event"),
}
SECTORS: dict[str, tuple[str, str]] = {
    "government": ("#1f77b4", "ภาครัฐ · government"),
    "private": ("#ff7f0e", "ภาคเอกชน · private"),
    "civil_society": ("#2ca02c", "ภาคประชาสังคม · civil society"),
    "target_group": ("#9467bd", "กลุ่มเป้าหมาย · target group"),
    "other": ("#8c564b", "อื่น ๆ · other"),
}
_REGION_COLOURS = {
    "north": "#4e79a7",
    "northeast": "#e15759",
    "central": "#f28e2b",
    "east": "#59a14f",
    "west": "#b07aa1",
    "south": "#17becf",
}
REGIONS: dict[str, tuple[str, str]] = {
    region_id(r.slug): (_REGION_COLOURS[r.slug], f"{r.name_th} · {r.name_en}") for r in THAI_REGIONS
}
COMMUNITY = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
    "#b07aa1", "#ff9da7", "#9c755f", "#1b9e77", "#7570b3", "#d95f02",
)  # fmt: skip
OTHER = "#c7c7c7"
BROKER = "#111111"
BRIDGE = "#d62728"
SUGGESTION = "#2ca02c"
ADDED = "#1a9850"
"""Snapshot diff: a tie or node added (green)."""
LOST = "#d73027"
"""Snapshot diff: a tie or node lost (red; dashed)."""
CHANGED = "#e69f00"
"""Snapshot diff: a node or tie whose fields changed (amber)."""
TIE = "rgba(120,120,120,0.45)"
REGION_TIE = "rgba(80,80,170,0.3)"
TIE_FAINT = "rgba(120,120,120,0.18)"
MAX_LABEL = 38


def colour(
    node: str, attrs: Mapping, by: str, groups: Mapping[str, int] | None = None
) -> tuple[str, str]:
    """The colour of a node and the legend line it belongs to, for ``by`` = kind, sector,
    community or region."""
    kind = attrs.get("kind", "")
    if by == "sector" and kind == "partner" and attrs.get("sector") in SECTORS:
        return SECTORS[attrs["sector"]]
    if by == "sector" and kind == "person":  # muted, so the sectors stand out
        return "#b4bfcd", KINDS["person"][1]
    if by == "community" and groups is not None and kind in ("person", "team", "partner"):
        g = groups.get(node)
        if g is None:
            return OTHER, "ไม่อยู่ในกลุ่มใด · in no community"
        first = g % len(COMMUNITY) + 1  # colours repeat: communities 1, 13, 25 ... share one
        return COMMUNITY[
            g % len(COMMUNITY)
        ], f"กลุ่ม · community {first}, {first + len(COMMUNITY)}, …"
    if by == "region":
        region = node if kind == "region" else region_id(attrs.get("region", ""))
        if region in REGIONS:
            return REGIONS[region]
    return KINDS.get(kind, (OTHER, kind))


def label(attrs: Mapping, node: str) -> str:
    """The name in Thai, with the English name under it when known, each cut to a readable length."""
    lines = [str(attrs.get("name") or node)]
    if attrs.get("name_en") and attrs["name_en"] != lines[0]:
        lines.append(str(attrs["name_en"]))
    return "\n".join(x if len(x) <= MAX_LABEL else x[: MAX_LABEL - 1] + "…" for x in lines)


_FACTS = (
    ("position", "ตำแหน่ง · position"),
    ("team_type", "ประเภททีม · team type"),
    ("sector", "ภาค · sector"),
    ("theme", "ประเด็น · theme"),
    ("lesson_type", "ประเภท · type"),
    ("date", "วันที่ · date"),
    ("people", "คน · people"),
    ("population", "ประชากร · population"),
)


_CONTACTS = (
    ("phone", "โทรศัพท์ · phone"),
    ("email", "อีเมล · email"),
    ("line_id", "LINE"),
    ("address", "ที่อยู่ · address"),
)
"""Personal contact fields (PDPA): shown only on an unredacted HTML export."""


def tooltip(
    node: str,
    attrs: Mapping,
    size: float | None,
    measure: str,
    ties: int,
    *,
    audience: Audience = PUBLIC,
) -> str:
    """Key facts as plain text (never HTML): names, kind, place, role, centrality, ties drawn.

    Contact details (phone, e-mail, LINE id, address) reach a page only through the privacy
    gate: for an ``audience`` that may see them (an export asked for unredacted, with a write
    key); never on a served view.
    """
    lines = [str(attrs.get("name") or node)]
    if attrs.get("name_en"):
        lines.append(str(attrs["name_en"]))
    lines.append(KINDS.get(attrs.get("kind", ""), ("", attrs.get("kind", "")))[1])
    for key, what in _FACTS:
        if attrs.get(key) not in (None, ""):
            value = attrs[key]
            value = f"{value:,}" if isinstance(value, int) else value
            if key == "sector" and value in SECTORS:
                value = SECTORS[value][1]
            lines.append(f"{what}: {value}")
    if attrs.get("_home_name"):  # a province, or a region for a regional team
        where = KINDS["region" if attrs.get("_home_kind") == "region" else "province"][1]
        lines.append(f"{where}: {attrs['_home_name']}")
    lines.extend(str(x) for x in attrs.get("_facts", ()))
    lines.extend(
        f"{what}: {attrs[key]}"
        for key, what in _CONTACTS
        if attrs.get(key) and audience.may_see(key)
    )
    if size is not None:
        lines.append(f"{measure}: {size:.4g}")
    lines.append(f"สายสัมพันธ์ในภาพ · ties shown: {ties}")
    lines.append(node)
    return "\n".join(lines)


def width(weight: float) -> float:
    """Edge width for a tie weight (number of ties between the two): grows with its logarithm."""
    return round(min(1.0 + 1.5 * math.log2(max(weight, 1.0)), 12.0), 2)
