"""Names as users write them, resolved to node ids: built-in provinces and skills, this load, the graph."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Protocol

from phakhee.graph import geography
from phakhee.graph.errors import Ambiguous, InvalidInput, NotFound, PhakheeError
from phakhee.graph.geography import Place, find_districts, find_subdistricts, zone_id
from phakhee.graph.model import SKILLS, NodeKind, kind_of
from phakhee.graph.reference import province_id, region_id, skill_id
from phakhee.graph.store import GraphStore
from phakhee.graph.thailand import PROVINCES, REGIONS, ZONES
from phakhee.loaders.names import Names, loose_key, named, without_title
from phakhee.loaders.normalize import clean, match_key, thai_digits_to_ascii
from phakhee.loaders.vocab import REGION_WORDS, ZONES_ACROSS, skill_names, skills_listed

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
        for name in REGION_WORDS.get(r.slug, ()):
            index[match_key(name)] = region_id(r.slug)
    return index


def _skill_index() -> dict[str, str]:
    """Each skill by every name, with or without its bracketed abbreviation (กระบวนกร (FA))."""
    index: dict[str, str] = {}
    for slug, names in skill_names().items():
        for name in names:
            for form in (name, *_bracketed(name)):
                index[match_key(form)] = skill_id(slug)
    return index


_BRACKETS = re.compile(r"\s*\(([^()]*)\)\s*")


def _bracketed(text: str) -> tuple[str, ...]:
    """A name without its bracketed part, and the part alone: 'กระบวนกร (FA)' -> กระบวนกร, FA."""
    inner = _BRACKETS.findall(text)
    return (_BRACKETS.sub(" ", text).strip(), *inner) if inner else ()


_PROVINCES = _province_index()
_REGIONS = _region_index()
_SKILLS = _skill_index()
_REGIONS_LISTED = ", ".join(f"{r.slug} ({r.name_th})" for r in REGIONS)


def skill(text: str) -> str | None:
    """The skill a name names, as typed with or without its bracketed abbreviation; None if none."""
    for form in (text, *_bracketed(text)):
        if found := _SKILLS.get(match_key(form)):
            return found
    return None


def province(text: str) -> str:
    """A province's id from its name in Thai or English, with or without จังหวัด; InvalidInput if none."""
    key = match_key(_PROVINCE_WORDS.sub("", clean(text)))
    found = _PROVINCES.get(key) or _PROVINCES.get(key.replace(" ", "").replace("-", ""))
    if found is None:
        raise InvalidInput(
            f"province '{clean(text)[:60]}' is not one of Thailand's 77 provinces"
            + did_you_mean(NodeKind.PROVINCE, key, key.replace(" ", "").replace("-", ""))
        )
    return found


def region(text: str) -> str:
    """A region's id from its name; InvalidInput if none."""
    found = _REGIONS.get(match_key(text))
    if found is None:
        if spans := ZONES_ACROSS.get(match_key(text)):
            raise InvalidInput(
                f"region '{clean(text)[:60]}' is a zone of the network that spans the regions "
                f"{', '.join(spans)}: name one of them"
            )
        raise InvalidInput(
            f"region '{clean(text)[:60]}' is not one of: {_REGIONS_LISTED}"
            + did_you_mean(NodeKind.REGION, match_key(text))
        )
    return found


_PROVINCE_TH = {province_id(p.slug): p.name_th for p in PROVINCES}


def _places(found: list[Place], level: str, text: str, province: str) -> str:
    """The one place found, or the refusal: none, or more than one, each named with its id."""
    if len(found) == 1:
        return found[0].id
    where = f"{_PROVINCE_TH.get(province, province)} ({province})"
    if not found:
        raise InvalidInput(f"{level} '{clean(text)[:60]}' is not a {level} of {where}")
    shown = {f.id: f.name_th for f in found}
    raise Ambiguous(
        f"'{clean(text)[:60]}' names more than one {level} of {where}: "
        f"{named(shown, shown)}; use the id (or the DOPA code)",
        [(i, shown[i]) for i in sorted(shown)[:CANDIDATES_KEPT]],
    )


def _place_province(text: str, level: str, province_of_row: str | None, digits: int) -> str:
    """The province a district or subdistrict is looked for in: the row's, or (for a DOPA code
    alone) the code's own; InvalidInput when a name comes without a province."""
    if province_of_row:
        return province_of_row
    code = thai_digits_to_ascii(clean(text))
    if code.isdigit() and len(code) == digits:
        found = geography.province_of(f"{level}:{code}")
        if found:
            return found
    raise InvalidInput(
        f"{level} '{clean(text)[:60]}' needs the row's province (จังหวัด): "
        f"a {level} is looked for within its province"
    )


def district(text: str, province_of_row: str | None) -> str:
    """A district's id (``district:5501``) from its Thai or English name, with or without
    อ./อำเภอ/เขต, its DOPA code or a postal code, within the row's province (a code alone needs
    none); InvalidInput if none, Ambiguous naming each if more than one."""
    where = _place_province(text, "district", province_of_row, 4)
    return _places(find_districts(text, where), "district", text, where)


def subdistrict(text: str, province_of_row: str | None, district_of_row: str | None = None) -> str:
    """A subdistrict's id (``subdistrict:550101``) from its Thai or English name, with or
    without ต./ตำบล/แขวง, its DOPA code or a postal code, within the row's province and, when the
    row gives one, its district; InvalidInput if none, Ambiguous naming each if more than one."""
    if province_of_row is None and district_of_row:
        province_of_row = geography.province_of(district_of_row)
    where = _place_province(text, "subdistrict", province_of_row, 6)
    found = find_subdistricts(text, where, district_of_row)
    if not found and district_of_row and find_subdistricts(text, where):
        shown = geography.place(district_of_row)
        raise InvalidInput(
            f"subdistrict '{clean(text)[:60]}' is not in the district "
            f"'{shown.name_th if shown else district_of_row}' ({district_of_row})"
        )
    return _places(found, "subdistrict", text, where)


def _zone_index() -> dict[str, str]:
    """Each zone by its id, slug, Thai names (อีสานบน, ภาคอีสานบน, โซนอีสานบน) and English ones
    (Upper Northeast, northeast upper, Upper Northeast zone)."""
    index: dict[str, str] = {}
    for z in ZONES:
        words = z.slug.split("-")
        english = (z.name_en, " ".join(words), " ".join(reversed(words)))
        for name in (
            z.slug,
            zone_id(z.slug),
            z.short_th,
            z.name_th,
            "โซน" + z.short_th,
            "ภาค" + z.short_th,
            *english,
            *(f"{e} zone" for e in english),
            *(f"zone {e}" for e in english),
        ):
            index[match_key(name)] = zone_id(z.slug)
    return index


_ZONES = _zone_index()
_ZONES_LISTED = ", ".join(f"{z.slug} ({z.short_th})" for z in ZONES)


def area(text: str) -> str:
    """A region's or a zone's id, from any of its names, for a place filter: what ``region``
    reads, and the network's ten zones (``อีสานบน``, ``Upper Northeast``, ``zone:northeast-upper``).

    A word a region and a zone share (กลาง, ภาคตะวันออก, West) names the region, as it did before
    the zones; the zone is named with โซน / "zone" or its id (``โซนกลาง``, ``zone:central``).
    InvalidInput if neither."""
    key = match_key(text)
    if key in _REGIONS and not (key in _ZONES and key not in _REGION_OWN):
        return _REGIONS[key]
    if key in _ZONES:
        return _ZONES[key]
    raise InvalidInput(
        f"region '{clean(text)[:60]}' is neither one of: {_REGIONS_LISTED} nor one of the "
        f"network's zones: {_ZONES_LISTED}" + did_you_mean(NodeKind.REGION, key)
    )


def zone(text: str) -> str:
    """A zone's id from any of its names (``area``'s), a word it shares with a region included
    (กลาง, West): what an address that can only name a zone reads. InvalidInput if none."""
    key = match_key(text)
    if key in _ZONES:
        return _ZONES[key]
    raise InvalidInput(f"zone '{clean(text)[:60]}' is not one of: {_ZONES_LISTED}")


_REGION_OWN = frozenset(
    match_key(name)
    for r in REGIONS
    for name in (r.slug, region_id(r.slug), r.name_th, r.name_en, r.name_th.removeprefix("ภาค"))
)
"""The regions' own names: a zone sharing one (กลาง, ตะวันออก) leaves it to the region. Other
region words that are a zone's name (เหนือบน, อีสานบน, written when zones were not known) name
the zone in a filter; a loader's ``region`` column still reads them as their region."""


def _builtin_names(kind: NodeKind) -> Names:
    """The built-in provinces, regions or skills as an index of names, for near misses."""
    if kind not in _BUILTIN_NAMES:
        index = {NodeKind.PROVINCE: _PROVINCES, NodeKind.REGION: _REGIONS}.get(kind, _SKILLS)
        names = Names()
        for key, node_id in index.items():
            names.add(node_id, [key], key=key)
        shown = {province_id(p.slug): p.name_th for p in PROVINCES}
        shown |= {region_id(r.slug): r.name_th for r in REGIONS}
        shown |= {skill_id(slug): th for slug, th, _ in SKILLS}
        names.shown = {i: shown.get(i, i) for i in names.shown}
        _BUILTIN_NAMES[kind] = names
    return _BUILTIN_NAMES[kind]


_BUILTIN_NAMES: dict[NodeKind, Names] = {}


def did_you_mean(kind: NodeKind, *keys: str) -> str:
    """'; did you mean 'เชียงใหม่' (province:chiang-mai)?' for a built-in name one slip away, or ''."""
    names = _builtin_names(kind)
    near = set().union(*(names.near(k) for k in keys if k))
    return f"; did you mean {named(near, names.shown, 'or')}?" if near else ""


class NameSource(Protocol):
    """Where a resolver finds the graph's nodes: an index of names per kind, and the ids there."""

    def names(self, kind: NodeKind) -> Names:
        """The names of the graph's nodes of one kind (built once, then kept)."""
        ...

    def has(self, node_id: str) -> bool:
        """Whether the graph has a node with this id."""
        ...


class StoreNames:
    """The store's nodes as a name source: each kind's names read once (per load)."""

    def __init__(self, store: GraphStore | None) -> None:
        self.store = store
        self._names: dict[NodeKind, Names] = {}
        self._stored: dict[str, bool] = {}

    def names(self, kind: NodeKind) -> Names:
        if kind not in self._names:
            names = Names(titles=kind is NodeKind.PERSON)
            if self.store is not None:
                for node in self.store.iter_nodes([kind]):
                    p = node.props
                    names.add(node.id, [p.get("name"), p.get("name_en"), *p.get("aliases", [])])
            self._names[kind] = names
        return self._names[kind]

    def has(self, node_id: str) -> bool:
        if self.store is None:
            return False
        if node_id not in self._stored:
            self._stored[node_id] = bool(self.store.get_nodes([node_id]))
        return self._stored[node_id]


NamesChange = tuple[Sequence[str | None], Sequence[str | None]]
"""A node's names before and after a change (its name first), as ``Names.add`` takes them."""


def followed_names(names: Names, changed: Mapping[str, NamesChange]) -> Names:
    """``names`` with each changed node's names before put out and its names after put in:
    the index ``Names.add`` makes of every node's names after, ``names`` left as it was (it
    answers for the graph version before the change).

    Only the keys a node gained or lost get new sets; the rest are shared. The lookups built on
    first use follow as well when they are built (loose keys, keys without titles), so the
    first near miss after a write does not read every name again; the letters names are made
    of (what a typing slip may put in) only grow: a letter no name holds any more makes no
    near miss, since no key has it.
    """
    forms: dict[str, Callable[[str], str]] = {"keys": lambda key: key}
    tables: dict[str, dict[str, set[str]]] = {"keys": names.keys}
    if names._loose is not None:
        forms["loose"], tables["loose"] = loose_key, names._loose
    if names._bare is not None:
        forms["bare"], tables["bare"] = without_title, names._bare
    moves: dict[str, dict[str, tuple[set[str], set[str]]]] = {
        t: defaultdict(lambda: (set(), set())) for t in tables
    }
    shown = dict(names.shown)
    letters: set[str] = set()
    for node_id, (before, after) in changed.items():
        old = {match_key(name) for name in before if name}
        new = {match_key(name) for name in after if name}
        for t, form in forms.items():
            was, now = {form(k) for k in old}, {form(k) for k in new}
            for k in was - now:
                moves[t][k][0].add(node_id)
            for k in now - was:
                moves[t][k][1].add(node_id)
        first = next((clean(name) for name in after if name), None)
        if first is None:
            shown.pop(node_id, None)
        else:
            shown[node_id] = first
        letters.update(*new)
    out = Names(titles=names.titles)
    out.keys, out.shown = _moved(names.keys, moves["keys"]), shown
    if "loose" in tables:
        out._loose = _moved(tables["loose"], moves["loose"])
    if "bare" in tables:
        out._bare = _moved(tables["bare"], moves["bare"])
    if names._chars is not None:
        out._chars = names._chars | letters
    return out


def _moved(
    table: dict[str, set[str]], moves: Mapping[str, tuple[set[str], set[str]]]
) -> dict[str, set[str]]:
    """A copy of ``table`` with each key's (ids taken out, ids put in), its other sets shared."""
    if not moves:
        return table
    out = dict(table)
    for key, (gone, come) in moves.items():
        ids = (out.get(key, set()) - gone) | come
        if ids:
            out[key] = ids
        else:
            out.pop(key, None)
    return out


_ID = re.compile(r"^(" + "|".join(NodeKind) + "):")
"""An id: one of the kinds, then a colon (any other text, a colon in it or not, is a name)."""


def kinds_named(kinds: Iterable[str]) -> str:
    """Kinds as a message names them: 'person', 'person or team', 'partner, person or team'."""
    ordered = sorted(kinds)
    return ", ".join(ordered[:-1]) + " or " + ordered[-1] if len(ordered) > 1 else ordered[0]


CANDIDATES_KEPT = 20
"""At most this many candidates or suggestions travel with an error (the message names three)."""


class Resolver:
    """Finds the node a text names, among the kinds allowed there: the one resolver of phakhee.

    A text names a node by its id, its name, its English name or one of its aliases, compared
    by ``match_key`` as search compares them (and, failing that, with spaces, dots and hyphens
    left out: งดเหล้าเข้าพรรษา for งดเหล้า เข้าพรรษา); a province, region or skill by any of its
    built-in names. One candidate is the answer; two or more refuse the text, naming each with
    its id (``Ambiguous``); none refuses it, with "did you mean …" when a name is a near miss
    (``loaders.names``). Nothing is guessed.

    The graph's names come from ``source``: the store's (``StoreNames``, the default, for the
    loaders, whose refusals are ``InvalidInput``: a row naming what is in neither this load nor
    the graph) or a graph version's (``queries.ask.resolve``, whose misses are ``NotFound``).
    Nodes of the load being read are added with ``add``.
    """

    def __init__(
        self, store: GraphStore | None = None, *, source: NameSource | None = None
    ) -> None:
        self.loading = source is None
        self.store = store  # what a loader completes a partial row from (None: nothing stored)
        self.source: NameSource = source if source is not None else StoreNames(store)
        self._file: dict[NodeKind, Names] = {}
        self._ids: set[str] = set()

    def add(self, node_id: str, kind: NodeKind, *names: str | None) -> None:
        """Make a node of this load findable by its id and names (its name first)."""
        self._ids.add(node_id)
        if kind not in self._file:
            self._file[kind] = Names(titles=kind is NodeKind.PERSON)
        self._file[kind].add(node_id, names)

    def resolve(self, text: str, kinds: Iterable[NodeKind]) -> str:
        """The id of the one node of an allowed kind that ``text`` names.

        ``Ambiguous`` when it names more than one; when it names none, ``InvalidInput`` while
        loading and ``NotFound`` otherwise, each with the near misses it offers.
        """
        text, kinds = clean(text), frozenset(kinds)
        if _ID.match(text):
            kind = kind_of(text)
            if kind in kinds and (
                text in self._ids or self._builtin(text) or self.source.has(text)
            ):
                return text
            if kind not in kinds:
                allowed = ", ".join(sorted(kinds))
                if self.loading:
                    raise InvalidInput(f"'{text[:60]}' is a {kind}, expected {allowed}")
                raise NotFound(
                    kinds_named(kinds),
                    text,
                    f"no {kinds_named(kinds)} '{text[:60]}': that is the id of a {kind}",
                )
            if self.loading:
                raise InvalidInput(f"'{text[:60]}' is not in this load nor in the graph")
        key = match_key(text)
        found: set[str] = set()
        for kind in kinds:
            found |= self._by_name(text, key, kind)
        if not found:
            for kind in kinds - _BUILTIN_KINDS:
                for names in self._indexes(kind):
                    found |= names.loose(loose_key(key))
        if len(found) == 1:
            return found.pop()
        if found:
            shown = self._shown(found)
            raise Ambiguous(
                f"'{text[:60]}' names more than one {kinds_named(kinds)}: "
                f"{named(found, shown)}; use the id",
                [(i, shown.get(i, i)) for i in sorted(found)[:CANDIDATES_KEPT]],
            )
        raise self._missing(text, key, kinds)

    def _missing(self, text: str, key: str, kinds: frozenset[NodeKind]) -> PhakheeError:
        """The error for a text that names nothing: with the near misses it may have meant."""
        near: set[str] = set()
        for kind in kinds:
            for names in self._indexes(kind):
                near |= names.near(key)
        shown = self._shown(near)
        hint = f"; did you mean {named(near, shown, 'or')}?" if near else ""
        if not self.loading:
            return NotFound(
                kinds_named(kinds),
                text,
                f"no {kinds_named(kinds)} '{text[:60]}'{hint}",
                suggestions=[(i, shown.get(i, i)) for i in sorted(near)[:CANDIDATES_KEPT]],
            )
        if kinds == {NodeKind.SKILL}:
            return InvalidInput(
                f"skill '{text[:60]}' is not one of the six skills: {skills_listed()}{hint}"
            )
        allowed = ", ".join(sorted(kinds))
        return InvalidInput(f"{allowed} '{text[:60]}' is not in this load nor in the graph{hint}")

    def _by_name(self, text: str, key: str, kind: NodeKind) -> set[str]:
        if kind is NodeKind.PROVINCE:
            try:
                return {province(text)}
            except InvalidInput:
                return set()
        if kind is NodeKind.REGION:
            return {_REGIONS[key]} if key in _REGIONS else set()
        if kind is NodeKind.SKILL:
            return {found} if (found := skill(text)) else set()
        found = set().union(*(names.get(key) for names in self._indexes(kind)))
        if kind in _PLACE_KINDS:
            found |= _anywhere(text, kind)
        return found

    def _indexes(self, kind: NodeKind) -> list[Names]:
        """Where names of this kind are found: the built-ins, or this load and the graph."""
        if kind in _BUILTIN_KINDS:
            return [_builtin_names(kind)]
        return [names for names in (self._file.get(kind), self.source.names(kind)) if names]

    def _shown(self, ids: set[str]) -> dict[str, str]:
        shown: dict[str, str] = {}
        for node_id in ids:
            if (known := geography.place(node_id)) is not None:
                shown[node_id] = known.name_th  # as geothai names it, stored or not
            for names in reversed(self._indexes(kind_of(node_id))):
                shown[node_id] = names.shown.get(node_id, shown.get(node_id, node_id))
        return shown

    @staticmethod
    def _builtin(node_id: str) -> bool:
        kind = kind_of(node_id)
        return (
            (kind in _PLACE_KINDS and geography.place(node_id) is not None)
            or (kind is NodeKind.PROVINCE and node_id in _PROVINCES.values())
            or (kind is NodeKind.REGION and node_id in _REGIONS.values())
            or (kind is NodeKind.SKILL and node_id in _SKILLS.values())
        )


_BUILTIN_KINDS = frozenset({NodeKind.PROVINCE, NodeKind.REGION, NodeKind.SKILL})
_PLACE_KINDS = frozenset({NodeKind.DISTRICT, NodeKind.SUBDISTRICT})
"""Known to geothai whether stored or not: a tie may name one by its id or name before it is
made (``graph.geography.places_named``)."""


def _anywhere(text: str, kind: NodeKind) -> set[str]:
    """The districts or subdistricts of any province that ``text`` names (without a province to
    look in: a tie's end, a filter), by name, DOPA code or postal code."""
    find = find_districts if kind is NodeKind.DISTRICT else find_subdistricts
    return {p.id for province in _PROVINCE_TH for p in find(text, province)}
