"""Names as users write them, resolved to node ids: built-in provinces and skills, this load, the graph."""

from __future__ import annotations

import re
from collections import defaultdict

from phakhee.graph.errors import InvalidInput
from phakhee.graph.model import SKILLS, NodeKind, kind_of, make_id
from phakhee.graph.reference import province_id, region_id, skill_id
from phakhee.graph.store import GraphStore
from phakhee.graph.thailand import PROVINCES, REGIONS
from phakhee.loaders.normalize import clean, match_key

_PROVINCE_WORDS = re.compile(r"^(จังหวัด|จ\.\s*|changwat\s+|province\s+of\s+)|(\s+province)$", re.I)


def _province_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for p in PROVINCES:
        for name in (p.slug, province_id(p.slug), p.name_th, p.name_en, *p.aliases):
            index[match_key(name)] = province_id(p.slug)
            index[match_key(name).replace(" ", "").replace("-", "")] = province_id(p.slug)
    return index


def _region_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for r in REGIONS:
        for name in (
            r.slug,
            region_id(r.slug),
            r.name_th,
            r.name_en,
            r.name_th.removeprefix("ภาค"),
        ):
            index[match_key(name)] = region_id(r.slug)
    index[match_key("อีสาน")] = region_id("northeast")
    return index


_PROVINCES = _province_index()
_REGIONS = _region_index()
_SKILLS = {
    match_key(name): skill_id(slug)
    for slug, th, en in SKILLS
    for name in (slug, th, en, slug.replace("-", " "))
}
_SKILLS |= {match_key("FA"): skill_id("facilitation"), match_key("KM"): skill_id("km")}


def province(text: str) -> str:
    """A province's id from its name in Thai or English, with or without จังหวัด; InvalidInput if none."""
    key = match_key(_PROVINCE_WORDS.sub("", clean(text)))
    found = _PROVINCES.get(key) or _PROVINCES.get(key.replace(" ", "").replace("-", ""))
    if found is None:
        raise InvalidInput(f"province '{clean(text)[:60]}' is not one of Thailand's 77 provinces")
    return found


def region(text: str) -> str:
    """A region's id from its name; InvalidInput if none."""
    found = _REGIONS.get(match_key(text))
    if found is None:
        raise InvalidInput(
            f"region '{clean(text)[:60]}' is not one of: " + ", ".join(r.slug for r in REGIONS)
        )
    return found


class Resolver:
    """Finds the node a cell names, among the kinds allowed there, by id or by name."""

    def __init__(self, store: GraphStore | None) -> None:
        self.store = store
        self._names: dict[NodeKind, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self._ids: set[str] = set()

    def add(self, node_id: str, kind: NodeKind, *names: str | None) -> None:
        """Make a node of this load findable by its id and names."""
        self._ids.add(node_id)
        for name in names:
            if name:
                self._names[kind][match_key(name)].add(node_id)

    def resolve(self, text: str, kinds: frozenset[NodeKind] | set[NodeKind]) -> str:
        """The id of the one node of an allowed kind that ``text`` names; InvalidInput otherwise."""
        text = clean(text)
        allowed = ", ".join(sorted(kinds))
        if ":" in text and re.match(r"^[a-z]+:", text):
            if kind_of(text) not in kinds:
                raise InvalidInput(f"'{text[:60]}' is a {kind_of(text)}, expected {allowed}")
            if text in self._ids or self._builtin(text) or self._in_store(text):
                return text
            raise InvalidInput(f"'{text[:60]}' is not in this load nor in the graph")
        found: set[str] = set()
        for kind in kinds:
            found |= self._by_name(text, kind)
        if len(found) == 1:
            return found.pop()
        if len(found) > 1:
            raise InvalidInput(
                f"'{text[:60]}' names more than one {allowed}: use an id ({', '.join(sorted(found)[:3])})"
            )
        raise InvalidInput(f"{allowed} '{text[:60]}' is not in this load nor in the graph")

    def _by_name(self, text: str, kind: NodeKind) -> set[str]:
        key = match_key(text)
        if kind is NodeKind.PROVINCE:
            try:
                return {province(text)}
            except InvalidInput:
                return set()
        if kind is NodeKind.REGION:
            return {_REGIONS[key]} if key in _REGIONS else set()
        if kind is NodeKind.SKILL:
            return {_SKILLS[key]} if key in _SKILLS else set()
        if key in self._names[kind]:
            return set(self._names[kind][key])
        if self.store is None:
            return set()
        made = make_id(kind, key)
        if self.store.get_nodes([made]):
            return {made}
        return {n.id for n in self.store.find_nodes(kind, {"name": text}, limit=3)}

    @staticmethod
    def _builtin(node_id: str) -> bool:
        kind = kind_of(node_id)
        return (
            (kind is NodeKind.PROVINCE and node_id in _PROVINCES.values())
            or (kind is NodeKind.REGION and node_id in _REGIONS.values())
            or (kind is NodeKind.SKILL and node_id in _SKILLS.values())
        )

    def _in_store(self, node_id: str) -> bool:
        return self.store is not None and bool(self.store.get_nodes([node_id]))
