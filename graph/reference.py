"""The built-in nodes every graph has: Thailand's regions and 77 provinces, and the six skills.

Writes to the store: ``ensure_reference`` puts them in a store that lacks them.
"""

from __future__ import annotations

from phakhee.graph.model import SKILLS, NodeKind, NodeRecord, Provenance, TieKind, TieRecord
from phakhee.graph.store import GraphStore, WriteResult
from phakhee.graph.thailand import PROVINCES, REGIONS

BUILT_IN = Provenance("built-in", None, "")


def region_id(slug: str) -> str:
    return f"region:{slug}"


def province_id(slug: str) -> str:
    return f"province:{slug}"


def skill_id(slug: str) -> str:
    return f"skill:{slug}"


def reference_nodes() -> list[NodeRecord]:
    """Regions, provinces (with centroid and population) and skills, in Thai with English."""
    nodes = [
        NodeRecord(
            region_id(r.slug), NodeKind.REGION, {"name": r.name_th, "name_en": r.name_en}, BUILT_IN
        )
        for r in REGIONS
    ]
    for p in PROVINCES:
        props = {
            "name": p.name_th,
            "name_en": p.name_en,
            "region": p.region,
            "lat": p.lat,
            "lon": p.lon,
            "population": p.population,
        }
        if p.aliases:
            props["aliases"] = list(p.aliases)
        nodes.append(NodeRecord(province_id(p.slug), NodeKind.PROVINCE, props, BUILT_IN))
    nodes += [
        NodeRecord(skill_id(slug), NodeKind.SKILL, {"name": th, "name_en": en}, BUILT_IN)
        for slug, th, en in SKILLS
    ]
    return nodes


def reference_ties() -> list[TieRecord]:
    """Each province located in its region."""
    return [
        TieRecord(TieKind.LOCATED_IN, province_id(p.slug), region_id(p.region), {}, BUILT_IN)
        for p in PROVINCES
    ]


def ensure_reference(store: GraphStore) -> WriteResult:
    """Write the built-in nodes and ties (idempotent: a second call changes nothing)."""
    return store.upsert_nodes(reference_nodes()) + store.upsert_ties(reference_ties())
