"""One view, by name, as HTML: the selection, the inputs from the analyses, the layout and the page.

Shared by the API (``/views/...``) and the CLI (``phakhee view``), so both draw the same page.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from phakhee.graph.errors import InvalidInput
from phakhee.graph.privacy import PUBLIC, TRUSTED, Audience
from phakhee.graph.store import GraphStore
from phakhee.queries.ask import resolve
from phakhee.queries.cache import GraphVersion
from phakhee.queries.drawing import layout
from phakhee.queries.drawing import selection as sel
from phakhee.queries.drawing import view_inputs as vi
from phakhee.queries.records.diff_view import change_counts, diff_view
from phakhee.queries.records.exports.meta import ExportMeta
from phakhee.queries.records.exports.scope import Scope, resolved
from phakhee.queries.records.snapshot_diff import diff
from phakhee.queries.records.snapshots import load_snapshot
from phakhee.viz.views import Base, Written, href, index_page, network_page

NAMES = ("weave", "province", "region", "topic", "sector", "ego", "gaps")
"""The views; all but weave and gaps need an id (a sector's name for ``sector``)."""
SHARED = {"weave", "gaps"}
"""Views whose default page is kept per graph version (two pages, not one per node)."""
COLOURS = ("kind", "sector", "community")
"""What node colour can mean (each view has its own default)."""
NEEDS_ID = {"province", "region", "topic", "sector", "ego"}
SCOPE_VIEWS = {
    "all": "weave",
    "province": "province",
    "region": "region",
    "topic": "topic",
    "ego": "ego",
}
"""The view an HTML export of each scope kind is."""


@dataclass(slots=True)
class Filters:
    """What a view is narrowed to, and what node size means."""

    kinds: list[str] = field(default_factory=lambda: list(sel.WEAVE_KINDS))
    province: str | None = None
    min_centrality: float = 0.0
    measure: str = "degree"
    depth: int = 1
    limit: int = sel.MAX_DRAWN
    colour: str | None = None
    region: str | None = None
    """Only this region or zone (weave and gaps): any of its names (``queries.ask.resolve.optional_area``)."""


def select(gv: GraphVersion, name: str, ident: str | None, f: Filters) -> sel.Selection:
    """What the view ``name`` draws for ``ident`` under filters ``f``.

    ``ident`` names the view's node as a user names it (``queries.ask.resolve``: id, name,
    English name, alias; a province or region by any of its names; the region view takes one of
    the network's zones too), or a sector for the sector view; so do ``f.province`` and
    ``f.region`` (a region or zone). Shared by ``/views/...`` and ``phakhee view``.
    """
    if name not in NAMES:
        raise InvalidInput(f"view {name!r} is not one of: {', '.join(NAMES)}")
    if name in NEEDS_ID and not ident:
        raise InvalidInput(f"the {name} view needs an id")
    kinds = {"province": {"province"}, "topic": {"topic"}}
    if ident is not None and name in (*kinds, "ego"):  # the kinds each view's id may name
        ident = resolve.node(gv, ident, kinds.get(name, sel.WEAVE_KINDS))
    elif ident is not None and name == "region":
        ident = resolve.optional_area(gv, ident)
    if f.province is not None:
        f = replace(f, province=resolve.node(gv, f.province, {"province"}))
    if f.region is not None:
        f = replace(f, region=resolve.optional_area(gv, f.region))
    g, w = gv.graph, vi.weave(gv)
    scores = vi.sizes(gv, f.measure)
    if name == "weave":
        if replace(f, colour=None) == Filters(measure=f.measure):  # the default: one per version
            return gv.derived(f"views:weave:{f.measure}", lambda g: sel.weave_view(g, w, scores))
        return sel.weave_view(
            g,
            w,
            scores,
            kinds=f.kinds,
            province=f.province,
            min_score=f.min_centrality,
            limit=f.limit,
            area=f.region,
        )
    if name == "gaps":
        keep = vi.top_brokers(gv, f.province)
        return sel.gaps_view(
            g, w, scores, province=f.province, limit=f.limit, keep=keep, area=f.region
        )
    assert ident is not None
    if name == "ego":
        return sel.ego_view(g, w, scores, ident, depth=f.depth, limit=f.limit)
    choose = {
        "province": sel.province_view,
        "region": sel.region_view,
        "topic": sel.topic_view,
        "sector": sel.sector_view,
    }[name]
    return choose(g, w, scores, ident, limit=f.limit)


def view_html(
    gv: GraphVersion,
    name: str,
    ident: str | None = None,
    filters: Filters | None = None,
    *,
    base: Base = "/views/",
) -> str:
    """The view ``name`` as a self-contained page (``base``: where its links lead, a served
    ``/views/`` or the pages ``Written`` beside it; None: no links).

    The pages everyone opens first (whole weave and gaps with default filters) are built once
    per graph version.
    """
    f = filters or Filters()
    if f == Filters() and name in SHARED and not isinstance(base, Written):
        key = f"views:html:{name}:{ident}:{base}"
        return gv.derived(key, lambda _: _view_html(gv, name, ident, f, base))
    return _view_html(gv, name, ident, f, base)


def export_html(
    gv: GraphVersion,
    scope: Scope | str | None = None,
    *,
    redact: bool = True,
    snapshot_id: str | None = None,
) -> tuple[str, ExportMeta]:
    """The view of ``scope`` as an HTML export (self-contained, offline, no links) and its metadata.

    Scope all is the whole weave; province=P, region=R, topic=T and ego=ID their views. The page
    carries the metadata as ``<meta name="phakhee:...">`` tags and a line under the title;
    ``redact=False`` (a caller with a write key) puts contact fields in the tooltips.
    """
    scope = resolved(gv.graph, scope if isinstance(scope, Scope) else Scope.parse(scope))
    meta = ExportMeta.now(
        "html", gv.version, scope=str(scope), redacted=redact, snapshot=snapshot_id
    )
    name = SCOPE_VIEWS[scope.kind]
    html = _view_html(
        gv,
        name,
        scope.id or None,
        Filters(),
        None,
        audience=PUBLIC if redact else TRUSTED,
        export={k: str(v).lower() if isinstance(v, bool) else v for k, v in meta.as_dict().items()},
    )
    return html, meta


def _view_html(
    gv: GraphVersion,
    name: str,
    ident: str | None,
    f: Filters,
    base: Base,
    *,
    audience: Audience = PUBLIC,
    export: dict[str, object] | None = None,
) -> str:
    chosen = select(gv, name, ident, f)
    if f.colour is not None:
        if f.colour not in COLOURS:
            raise InvalidInput(f"colour {f.colour!r} is not one of: {', '.join(COLOURS)}")
        if not chosen.aggregate:  # the country view is coloured by region, always
            chosen = replace(chosen, colour_by=f.colour)
    scores = vi.sizes(gv, f.measure)
    drawn = set(chosen.nodes)
    groups = vi.groups(gv, drawn) if chosen.colour_by == "community" else None
    brokers: Iterable[str] = ()
    bridges: Iterable[tuple[str, str]] = ()
    suggestions: list[tuple[str, str]] = []
    if name == "gaps":
        brokers, bridges = vi.gaps(gv, drawn)
        suggestions = vi.suggestions(gv, drawn)
    return network_page(
        chosen,
        sizes=scores,
        positions=vi.positions(gv, chosen, scores),
        groups=groups,
        brokers=brokers,
        bridges=bridges,
        suggestions=suggestions,
        measure=f.measure,
        version=gv.version,
        base=base,
        audience=audience,
        export=export,
    )


def diff_html(
    store: GraphStore, a: int, b: int, *, limit: int = sel.MAX_DRAWN, base: Base = "/views/"
) -> str:
    """The snapshot diff from ``a`` to ``b`` as a view: the nodes it touched and their
    neighbourhood, ties added in green, ties lost in red (dashed), added and removed nodes ringed,
    nodes and ties whose fields changed amber (the fields in their tooltips, personal ones by name).

    The changes are ``queries.records.snapshot_diff.diff`` of the two snapshots' graphs (what
    ``diff_snapshots`` reports, without the movers' centrality, which the view does not draw).
    """
    info_a, graph_a = load_snapshot(store, a)
    info_b, graph_b = load_snapshot(store, b)
    d = diff(graph_a, graph_b, measure=lambda _: {}, movers=0, recorded=({}, {}))
    title = (
        f"การเปลี่ยนแปลง · changes from snapshot {info_a.id} ({info_a.created_at[:10]}) "
        f"to {info_b.id} ({info_b.created_at[:10]})"
    )
    chosen, changes = diff_view(graph_a, graph_b, d, limit=limit, title=title)
    sizes = change_counts(chosen, changes)
    centres = layout.place_centres(  # provinces in their direction on the map, as on other views
        {n: attrs for n, attrs in graph_b.nodes(data=True) if attrs.get("kind") == "province"}
    )
    every = [
        *chosen.edges,
        *((s, t, w) for s, t, w, _ in (*changes.ties_added, *changes.ties_removed)),
    ]
    positions = (
        layout.radial(chosen.nodes, every, chosen.center or "", sizes, centres, seed=vi.SEED)
        if chosen.nodes
        else {}
    )
    return network_page(
        chosen,
        sizes=sizes,
        positions=positions,
        measure="การเปลี่ยนแปลง · changes",
        version=info_b.graph_version,
        base=base,
        changes=changes,
    )


def index_html(gv: GraphVersion, *, base: Base = "/views/") -> str:
    """The list of views, with examples for those that need an id (``base``: where its links
    lead, as for ``view_html``; built once per version for a served ``base``)."""
    if isinstance(base, Written):
        return _index_html(gv, base)
    return gv.derived(f"views:index:{base}", lambda _: _index_html(gv, base))


def index_entries(gv: GraphVersion) -> list[tuple[str, str | None, str, str]]:
    """The views the index lists: (view, id or None, title, what it shows)."""
    g = gv.graph
    first = {}
    for node, attrs in g.nodes(data=True):
        first.setdefault(attrs["kind"], node)
    w = vi.weave(gv)
    scores = vi.sizes(gv)
    central = max(w.graph, key=lambda n: (scores.get(n, 0.0), n), default=None)
    entries: list[tuple[str, str | None, str, str]] = [
        (
            "weave",
            None,
            "เครือข่ายทั้งหมด · the whole weave",
            "people, teams and partners; communities as colours (provinces and regions when large)",
        ),
        (
            "province",
            "province:nan",
            "จังหวัด · a province (Nan)",
            "its network team, people, partners by sector, ties to other provinces",
        ),
        (
            "region",
            "region:northeast",
            "ภาค · a region (Northeast)",
            "the people, teams and partners of a region on the map",
        ),
    ]
    if "topic" in first:
        entries.append(
            (
                "topic",
                first["topic"],
                "ประเด็น · a topic",
                "who works on it, its lessons and their authors",
            )
        )
    entries.append(
        (
            "sector",
            "all",
            "ภาคี · partners by sector",
            "every partner, coloured by sector, with who works with them",
        )
    )
    if central is not None:
        entries.append(
            (
                "ego",
                central,
                "เครือข่ายรอบตัว · an ego network",
                "the most connected node and everyone one tie away",
            )
        )
    entries.append(
        (
            "gaps",
            None,
            "ช่องว่าง · gaps",
            "brokers highlighted, bridges thick, suggested introductions dashed",
        )
    )
    return entries


def _index_html(gv: GraphVersion, base: Base) -> str:
    entries = [(href(base, v, i), title, about) for v, i, title, about in index_entries(gv)]
    return index_page(entries, version=gv.version)


_SAFE = re.compile(r"[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)?")


def page_file(name: str, ident: str | None = None) -> str:
    """The file name a view is written to: ``NAME.html`` or ``NAME-ID.html`` with the id's colon
    a dash (``province-province-nan.html``); an id with other characters keeps its ASCII letters,
    digits, dots and dashes and adds 8 hex digits of its hash, so two ids never share a name."""
    if not ident:
        return f"{name}.html"
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", ident).strip("-.")
    if not slug or not _SAFE.fullmatch(ident):
        digest = hashlib.sha256(ident.encode()).hexdigest()[:8]
        slug = f"{slug}-{digest}" if slug else digest
    return f"{name}-{slug}.html"


def index_files(gv: GraphVersion) -> Written:
    """The index and the views it lists as pages written side by side (``index.html`` and
    ``page_file`` names), linking to each other."""
    return Written({(v, i): page_file(v, i) for v, i, _, _ in index_entries(gv)})
