"""The files as the truth for a province or a region: what the graph has there that they do not.

Writes to the store (``remove``, only when asked for: ``phakhee load --sync … --yes``).

Rules (docs/loading.md, "In the graph but not in your file"):

- A node is *in* a province when it has a ``located_in`` tie to it or to one of its districts or
  subdistricts; in a region (or one of the network's zones) when it is located in the region or
  in one of its provinces. The built-in provinces, regions and skills, and the districts and
  subdistricts, are never in a scope, and a node located nowhere is in none: nothing it does
  removes them.
- The files speak for the kinds of node they have a sheet for (a Kumu map or a node-link file
  for every kind); a kind they have no sheet for is left alone.
- *Absent*: a node in the scope, of a kind the files speak for, that no file has. Removing it
  deletes the node and every tie it has, unless it is also located outside the scope: then only
  its ``located_in`` ties into the scope go (it has left this province; another keeps it).
- *Moved*: a node the files have and place elsewhere (they give it a province or region, not
  this one) while the graph still has it in the scope: its ``located_in`` tie into the scope goes.
  A node whose row gives no province keeps the one it had, and a place above or below the one
  the files give (their province where the graph has its district, or the other way) is not a
  move.
- No other tie is removed: a load adds and updates ties, and a tie the files no longer list
  stays until it is deleted (``DELETE /ties``).
- Nothing is removed while a node row is refused or a file could not be read: the node of a
  refused row would look absent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from phakhee.graph.errors import InvalidInput, NotFound
from phakhee.graph.geography import district_of, province_of, provinces_in
from phakhee.graph.model import NodeKind, NodeRecord, TieKind, TieRecord, kind_of
from phakhee.graph.store import Direction, GraphStore, TieKey
from phakhee.loaders.quarantine import Quarantined
from phakhee.loaders.resolve import area, province
from phakhee.loaders.sheets import NODE_SHEETS

BUILT_IN = frozenset({NodeKind.PROVINCE, NodeKind.REGION, NodeKind.SKILL})
PLACES = frozenset({NodeKind.DISTRICT, NodeKind.SUBDISTRICT})
"""Places below the province: a scope's own places, never in it."""
NODE_PARTS = frozenset({*(s.name for s in NODE_SHEETS), "elements", "nodes"})
"""The sheets (and node-link parts) whose refused rows are nodes."""


@dataclass(frozen=True, slots=True)
class Scope:
    """A province, or a region or zone with its provinces: the places a node may be located in
    to be in it (besides their districts and subdistricts)."""

    id: str
    places: frozenset[str]

    def __str__(self) -> str:
        return self.id


def parse_scope(text: str) -> Scope:
    """``province=P`` or ``region=R`` (P and R by id, Thai or English name; R a region or one of
    the network's zones, ``region=อีสานบน``), or the id alone."""
    kind, sep, name = text.strip().partition("=")
    if not sep:
        kind, name = kind.partition(":")[0], kind
    kind = kind.strip().lower()
    if kind == "province":
        place = province(name)
        return Scope(place, frozenset({place}))
    if kind in ("region", "zone"):
        found = area(name)
        own = {found} if found.startswith("region:") else set()  # a zone is no place of its own
        return Scope(found, frozenset(own | provinces_in(found)))
    raise InvalidInput(
        f"sync scope '{text[:60]}' is not province=NAME or region=NAME", field="sync"
    )


@dataclass(frozen=True, slots=True)
class Absent:
    """A node the graph has in the scope and the files do not."""

    id: str
    kind: str
    name: str
    places: tuple[str, ...]
    """The places of the scope it is located in."""
    elsewhere: tuple[str, ...]
    """The places outside the scope it is also located in: if any, only its location goes."""
    ties: int
    """How many ties it has (all of them go with it)."""

    @property
    def action(self) -> str:
        """What removing it does: ``remove`` the node and its ties, or ``unlocate`` it from the scope."""
        return "unlocate" if self.elsewhere else "remove"


@dataclass(slots=True)
class NotInFile:
    """In the graph but not in the files: for a scope asked for, or for the files' own provinces."""

    scope: str = ""
    """The scope's id under ``sync``; empty for the provinces the files' rows are located in."""
    places: list[str] = field(default_factory=list)
    nodes: list[Absent] = field(default_factory=list)
    moved: list[TieKey] = field(default_factory=list)
    """``located_in`` ties into the scope of nodes the files now place elsewhere."""
    blocked: str = ""
    """Why nothing may be removed (refused node rows), or empty."""
    removed: bool = False
    removed_nodes: int = 0
    removed_ties: int = 0
    """Ties removed: those of the removed nodes, and the locations removed."""


def not_in_file(
    store: GraphStore,
    nodes: Mapping[str, NodeRecord],
    ties: Iterable[TieRecord],
    kinds: Iterable[NodeKind],
    quarantined: Iterable[Quarantined],
    scope: Scope | None = None,
) -> NotInFile:
    """What the graph has in ``scope`` (or in the files' provinces) that the files do not.

    ``nodes`` and ``ties`` are the records the files gave, ``kinds`` the kinds of node they have
    sheets for, ``quarantined`` their refused rows. Reads the store only: one query per place
    of the scope (or one scan of the locations, for many places), and one per node found absent.
    """
    kinds = set(kinds) - BUILT_IN
    located: dict[str, set[str]] = {}
    located_in = TieKind.LOCATED_IN
    for t in ties:
        if t.kind is located_in and t.source in nodes:
            located.setdefault(t.source, set()).add(t.target)
    if scope is None:
        places = {p for ps in located.values() for t in ps if (p := province_of(t))}
        found = NotInFile(places=sorted(places))
    else:
        places = set(scope.places)
        found = NotInFile(scope=scope.id, places=sorted(places))
    here = _located_in(store, places, kinds)  # adds the districts and subdistricts it reaches
    absent = sorted(node_id for node_id in here if node_id not in nodes)
    records = store.get_nodes(absent)
    for node_id in absent:
        around = store.neighbours(node_id)
        outside = {
            nb.node.id
            for nb in around
            if nb.tie.kind is TieKind.LOCATED_IN and nb.tie.source == node_id
        } - places
        n = records[node_id]
        found.nodes.append(
            Absent(
                node_id,
                n.kind.value,
                str(n.props.get("name", node_id)),
                tuple(sorted(here[node_id])),
                tuple(sorted(outside)),
                len(around),
            )
        )
    for node_id, inside in here.items():
        given = located.get(node_id, inside)
        if node_id in nodes and (stale := {p for p in inside if not _related(p, given)}):
            found.moved += [(TieKind.LOCATED_IN.value, node_id, p) for p in stale]
    found.moved.sort()
    refused = sum(1 for q in quarantined if q.sheet in NODE_PARTS or not q.sheet)
    if refused and (found.nodes or found.moved):
        found.blocked = (
            f"{refused} node row{'s were' if refused > 1 else ' was'} refused or unread: "
            "nothing is removed until they load (a refused row's node would look absent)"
        )
    return found


SCAN_PLACES = 8
"""Past this many places, the graph's located_in ties are read in one scan, not place by place."""


def _located_in(store: GraphStore, places: set[str], kinds: set[NodeKind]) -> dict[str, set[str]]:
    """The nodes of ``kinds`` located in ``places`` or in a district or subdistrict of their
    provinces, each with the places it is located in there; ``places`` gains those districts
    and subdistricts (so a node's other places are those outside the scope)."""
    here: dict[str, set[str]] = {}
    if len(places) > SCAN_PLACES:
        provinces = {p for p in places if p.startswith("province:")}
        for t in store.iter_ties([TieKind.LOCATED_IN]):
            inside = t.target in places or province_of(t.target) in provinces
            if inside and kind_of(t.source) in kinds:
                here.setdefault(t.source, set()).add(t.target)
                places.add(t.target)
        return here
    todo = sorted(places)
    while todo:  # down the located_in chain: province, its districts, their subdistricts
        place = todo.pop()
        try:
            ties = store.neighbours(place, tie_kinds=[TieKind.LOCATED_IN], direction=Direction.IN)
        except NotFound:  # the built-in places are not in an empty store yet
            continue
        for nb in ties:
            if nb.node.kind in kinds:
                here.setdefault(nb.node.id, set()).add(place)
            elif nb.node.kind in PLACES and nb.node.id not in places:
                places.add(nb.node.id)
                todo.append(nb.node.id)
    return here


def _chain(place: str) -> set[str]:
    return {place, *(p for p in (district_of(place), province_of(place)) if p)}


def _related(place: str, given: set[str]) -> bool:
    """Whether ``place`` is one of ``given`` or above or below one of them (no move)."""
    return any(place in _chain(g) or g in _chain(place) for g in given)


def remove(store: GraphStore, found: NotInFile) -> NotInFile:
    """Remove what ``found`` lists: each absent node with its ties (or, if it is also located
    outside the scope, its locations in the scope), and the moved nodes' old locations."""
    if found.blocked:
        raise InvalidInput(found.blocked, field="sync")
    nodes = ties = 0
    located_in = TieKind.LOCATED_IN.value
    for a in found.nodes:
        try:
            if a.elsewhere:
                ties += store.delete_ties([(located_in, a.id, p) for p in a.places]).updated
            else:
                store.delete_node(a.id)
                nodes, ties = nodes + 1, ties + a.ties
        except NotFound:  # gone already
            continue
    if found.moved:
        ties += store.delete_ties(found.moved).updated
    found.removed, found.removed_nodes, found.removed_ties = True, nodes, ties
    return found
