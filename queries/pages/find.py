"""The search page and the name suggestions: the graph version's search, each hit with its
province and the field and tier it matched by (the page says why in words)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from phakhee.graph.model import NodeKind
from phakhee.queries.ask.experts import home
from phakhee.queries.ask.search import index_of, search
from phakhee.queries.cache import GraphVersion
from phakhee.queries.pages.home import Named, named

RESULTS = 20
"""How many hits the search page lists."""
SUGGESTIONS = 10
"""How many names a typed field is offered."""
KINDS = frozenset(k.value for k in NodeKind)


@dataclass(frozen=True, slots=True)
class Found:
    """A search hit as the page lists it: the node, its kind, its province, and what matched
    (``field``: name, name_en, aliases, tags, description; ``how``: a tier of
    ``queries.ask.search.TIERS``)."""

    node: Named
    kind: str
    province: Named | None
    field: str
    how: str


def find(gv: GraphVersion, text: str, *, limit: int = RESULTS) -> list[Found]:
    """The nodes matching ``text`` on graph version ``gv``, best first."""
    g = gv.graph
    out = []
    for hit in search(index_of(gv), text, limit=limit):
        place = home(g, hit.id) if hit.kind != NodeKind.PROVINCE else None
        out.append(
            Found(
                Named(hit.id, str(hit.name), hit.name_en),
                hit.kind,
                named(g, place) if place else None,
                hit.field,
                hit.how,
            )
        )
    return out


def kinds_of(text: str | None) -> list[str] | None:
    """The node kinds a comma-separated list names (``topic,skill``), unknown ones left out;
    None (every kind) when the list is empty."""
    if not text:
        return None
    return [k for k in dict.fromkeys(p.strip() for p in text.split(",")) if k in KINDS]


def suggest(
    gv: GraphVersion, text: str, kinds: Iterable[str] | None = None, *, limit: int = SUGGESTIONS
) -> list[dict[str, str | None]]:
    """Names to offer for what has been typed so far: ``{"id", "name", "name_en", "kind"}``
    for each of the best ``limit`` hits of the kinds asked for."""
    return [
        {"id": h.id, "name": str(h.name), "name_en": h.name_en, "kind": h.kind}
        for h in search(index_of(gv), text, kinds=kinds, limit=limit)
    ]
