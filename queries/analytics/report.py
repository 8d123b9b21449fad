"""The weave report: brokers, fragile points, gaps, suggested introductions and scorecards.

Built as plain data (``WeaveReport``) from one graph version, then rendered as Markdown (every
string escaped, so a name is shown as typed, never read as markup), HTML (every string escaped,
no scripts, no outside assets) or JSON. For one province, everything is limited to what
involves it: its counts (with the whole network's beside), its brokers, the communities its
people are in, its gaps, suggestions and scorecard. A province where the network is not present
(no team or person located there) gets one line saying so (``NoNetwork``), not an empty report.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import networkx as nx
import orjson

from phakhee.queries.analytics import brokers as b
from phakhee.queries.analytics import communities as cm
from phakhee.queries.analytics import coverage as cv
from phakhee.queries.analytics import gaps as gp
from phakhee.queries.analytics import policies as po
from phakhee.queries.analytics import scorecard as sc
from phakhee.queries.analytics import suggestions as sg
from phakhee.queries.analytics.centrality import collaboration, homes
from phakhee.queries.ask.experts import check_province
from phakhee.queries.cache import GraphVersion

Format = Literal["md", "html", "json"]
TOP = 10


KINDS: tuple[str, ...] = ("person", "team", "partner", "lesson", "event")


@dataclass(slots=True)
class WeaveReport:
    """Everything the report shows, as plain data (``country_counts``: the whole network's,
    beside a province's ``counts``)."""

    title: str
    province: str | None
    version: int
    made: str
    counts: dict[str, int]
    country_counts: dict[str, int] | None
    broker_total: int
    brokers: list[b.Broker]
    single_carriers: list[b.SingleCarrier]
    communities: dict[str, Any]
    gap_totals: dict[str, int]
    gaps: dict[str, list[Any]]
    suggestions: list[sg.Suggestion]
    scorecards: list[sc.Scorecard] = field(default_factory=list)
    coverage: list[dict[str, Any]] = field(default_factory=list)
    """District coverage: of the province (its districts without work by name), or of the
    country, its regions and its zones."""
    policies: dict[str, Any] = field(default_factory=dict)
    """The policy outcomes here: how many, by level and by type."""


@dataclass(frozen=True, slots=True)
class NoNetwork:
    """A province where the network is not present: no team or person is located there."""

    title: str
    province: str
    version: int
    made: str
    message: str


Report = WeaveReport | NoNetwork


def _counts(g: nx.MultiDiGraph) -> dict[str, int]:
    """How many people, teams, partners, lessons and events the graph holds."""
    counts = dict.fromkeys(KINDS, 0)
    for _, kind in g.nodes(data="kind"):
        if kind in counts:
            counts[kind] += 1
    return counts


def _province_counts(gv: GraphVersion) -> dict[str, dict[str, int]]:
    """For each province, how many of each kind are there: a node where ``gaps.located`` puts
    it, and a partner also in the provinces of the teams it partners with (as the gaps count)."""
    g, where = gv.graph, gp.located_in(gv)
    found: dict[str, set[str]] = defaultdict(set)
    for v, p in where.items():
        if g.nodes[v].get("kind") in KINDS:
            found[p].add(v)
    for p, partners in gp.partners_by_province(gp.Ties(g, where)).items():
        found[p] |= partners
    out: dict[str, dict[str, int]] = {}
    for p, nodes in found.items():
        out[p] = dict.fromkeys(KINDS, 0) | Counter(g.nodes[v]["kind"] for v in nodes)
    return out


def _communities(gv: GraphVersion, province: str | None) -> dict[str, Any]:
    """The five largest communities of the network; or of a province, the communities its people
    are in, most of its people first, each with three of its best-tied people there."""
    found = cm.communities(gv)
    whole = len(found.communities)
    if province is None:
        return {
            "count": whole,
            "modularity": found.modularity,
            "country_count": None,
            "largest": [asdict(c) | {"members": c.members[:3]} for c in found.communities[:5]],
        }
    collab, where = collaboration(gv), homes(gv)
    here: dict[int, list[str]] = defaultdict(list)
    for v in collab:
        if where.get(v) == province:
            here[found.of[v]].append(v)
    order = sorted(here, key=lambda i: (-len(here[i]), i))
    strength = {v: collab.degree(v, weight="weight") for people in here.values() for v in people}
    rows = []
    for i in order[:5]:
        best = sorted(here[i], key=lambda v: (-strength[v], v))[:3]
        rows.append(
            asdict(found.communities[i])
            | {
                "people_here": len(here[i]),
                "members": best,
                "member_names": [gv.graph.nodes[v].get("name", v) for v in best],
            }
        )
    return {
        "count": len(here),
        "modularity": found.modularity,
        "country_count": whole,
        "largest": rows,
    }


def weave_report(gv: GraphVersion, province: str | None = None, top: int = TOP) -> Report:
    """The report of the whole network, or of one province (by id); ``NoNetwork`` for a province
    where the network is not present."""
    g = gv.graph
    check_province(g, province)
    made = dt.date.today().isoformat()
    name = g.nodes[province].get("name", province) if province else None
    where = gp.located_in(gv)
    if province is not None and province not in gp.present_provinces(where):
        return NoNetwork(
            f"Weave report: {name}",
            province,
            gv.version,
            made,
            f"No network in {name} ({province}): no team or person is located there"
            f" (graph version {gv.version}).",
        )
    counts = dict(gv.derived("report:counts", _counts))
    found = gp.all_gaps(gv)
    lists = {n: getattr(found, n) for n in gp.Gaps.__dataclass_fields__}
    if province is not None:
        lists = {
            n: x if n == "topics_without_lessons" else gp.in_province(x, province)
            for n, x in lists.items()
        }
        mine = gv.derived("report:province_counts", lambda _: _province_counts(gv))[province]
        counts, country = dict(mine), counts
    else:
        country = None
    cards = sc.all_scorecards(gv)
    return WeaveReport(
        title=f"Weave report: {name}" if name else "Weave report: the whole network",
        province=province,
        version=gv.version,
        made=made,
        counts=counts,
        country_counts=country,
        broker_total=len(b.broker_ids(gv, province)),
        brokers=b.brokers(gv, limit=top, province=province),
        single_carriers=b.carried_by_one(gv, province)[:top],
        communities=_communities(gv, province),
        gap_totals={n: len(x) for n, x in lists.items()},
        gaps={n: x[:top] for n, x in lists.items()},
        suggestions=sg.suggestions(gv, limit=top, province=province),
        scorecards=[cards[province]]
        if province in cards
        else ([] if province else list(cards.values())),
        coverage=_coverage(gv, province),
        policies=_policies(gv, province),
    )


def _coverage(gv: GraphVersion, province: str | None) -> list[dict[str, Any]]:
    """The coverage rows: the province's, or the country's, then each region's and zone's."""
    reach = cv.coverage_of(gv)
    if province is not None:
        c = reach[province]
        return [c.as_dict() | {"without": [cv.district_name(d) for d in c.without]}]
    areas = [cv.COUNTRY, *(a for a in reach if a.startswith(("region:", "zone:")))]
    return [reach[a].as_dict() | {"without": len(reach[a].without)} for a in areas]


def _policies(gv: GraphVersion, province: str | None) -> dict[str, Any]:
    found = po.place_policies(gv, province or cv.COUNTRY)
    return {"total": found.total, "by_level": found.by_level, "by_type": found.by_type}


def to_json(report: Report) -> str:
    """The report as JSON (UTF-8 text, Thai as it is); ``NoNetwork`` on one line."""
    if isinstance(report, NoNetwork):
        return orjson.dumps(asdict(report)).decode()
    return orjson.dumps(asdict(report), option=orjson.OPT_INDENT_2).decode()


def _fmt(x: Any) -> str:
    if isinstance(x, float):
        return f"{x:.3f}"
    if isinstance(x, list):
        return ", ".join(_fmt(v) for v in x)
    if isinstance(x, dict):
        return ", ".join(f"{k} {_fmt(v)}" for k, v in x.items())
    return "" if x is None else str(x)


Section = tuple[str, str, list[str], list[list[str]]]
"""One table of the report: title, a note under it ("" for none), header, rows (plain text)."""


def _counts_section(report: WeaveReport) -> Section:
    rows = [[report.title.removeprefix("Weave report: "), *map(str, report.counts.values())]]
    if report.country_counts is not None:
        rows.append(["the whole network", *map(str, report.country_counts.values())])
    return ("In the graph", "", ["where", *report.counts], rows)


def _brokers_section(report: WeaveReport) -> Section:
    shown, total = len(report.brokers), report.broker_total
    title = f"Brokers: {total}" + (
        f", the {shown} who cut off the most people" if shown < total else ""
    )
    return (
        title,
        f"{b.RULE} {b.RULE_TH}",
        [
            "person",
            "province",
            "people cut off",
            "groups (size: where; who)",
            "ties",
            "provinces reached",
            "constraint",
        ],
        [
            [
                x.name,
                x.province or "",
                str(x.cut_off),
                "; ".join(f"{gr.size}: {_fmt(gr.provinces)}; {_fmt(gr.sample)}" for gr in x.groups),
                str(x.degree),
                str(x.provinces_reached),
                _fmt(x.constraint),
            ]
            for x in report.brokers
        ],
    )


def _communities_section(report: WeaveReport) -> Section:
    c = report.communities
    if c["country_count"] is None:
        title = f"Communities: {c['count']}, modularity {c['modularity']:.3f}"
        header = ["community", "people", "teams", "partners", "main province share", "regions"]
    else:
        title = (
            f"Communities: {c['count']} with people here (the whole network: "
            f"{c['country_count']}, modularity {c['modularity']:.3f})"
        )
        header = [
            "community",
            "people here",
            "people in all",
            "teams",
            "partners",
            "main province share",
            "regions",
            "best tied here",
        ]
    rows = []
    for x in c["largest"]:
        here = [] if c["country_count"] is None else [str(x["people_here"])]
        rows.append(
            [
                str(x["id"]),
                *here,
                str(x["size"]),
                str(x["teams"]),
                str(x["partners"]),
                _fmt(x["main_province_share"]),
                _fmt(x["regions"]),
            ]
            + ([] if c["country_count"] is None else [_fmt(x["member_names"])])
        )
    return (title, "", header, rows)


def _coverage_section(report: WeaveReport) -> Section:
    one = report.province is not None
    return (
        "District coverage (districts with work ÷ all districts)",
        "",
        [
            "place",
            "districts",
            "with work",
            "share",
            "districts without work" if one else "without",
        ],
        [
            [
                str(c["place"]),
                str(c["districts"]),
                str(c["with_work"]),
                f"{c['share']:.0%}",
                _fmt(c["without"]),
            ]
            for c in report.coverage
        ],
    )


def _types_section(items: list[gp.PartnerTypeGap]) -> Section:
    return (
        "Gap: missing partner types",
        "types without a partner in the province; then, by type, in how many of its districts",
        ["province", "region", "missing in the province", "districts without, by type"],
        [
            [
                x.province_name,
                x.region,
                _fmt(x.missing),
                "; ".join(f"{t} {len(ds)} of {x.districts}" for t, ds in x.missing_in.items()),
            ]
            for x in items
        ],
    )


def _sections(report: WeaveReport) -> list[Section]:
    """Each table of the report."""
    out = [
        _counts_section(report),
        _brokers_section(report),
        (
            "Partnerships carried by one member only",
            "",
            ["team", "partner", "carried by"],
            [[x.team_name, x.partner_name, x.person_name] for x in report.single_carriers],
        ),
        _communities_section(report),
        ("Gaps found", "", list(report.gap_totals), [[str(v) for v in report.gap_totals.values()]]),
    ]
    out.append(_coverage_section(report))
    p = report.policies
    out.append(
        (
            f"Policy outcomes: {p.get('total', 0)}",
            "",
            ["by level", "by type"],
            [[_fmt(p.get("by_level", {})), _fmt(p.get("by_type", {}))]] if p.get("total") else [],
        )
    )
    for name, items in report.gaps.items():
        if name == "missing_partner_types" and items:
            out.append(_types_section(items))
        elif items:
            fields = list(asdict(items[0]))
            out.append(
                (
                    f"Gap: {name.replace('_', ' ')}",
                    "",
                    fields,
                    [[_fmt(v) for v in asdict(x).values()] for x in items],
                )
            )
    out.append(
        (
            "Suggested introductions",
            "",
            ["who", "whom", "introducer", "score", "why"],
            [
                [
                    f"{s.a_name} ({s.a_province})",
                    f"{s.b_name} ({s.b_province})",
                    s.introducer_name,
                    _fmt(s.score),
                    s.reason,
                ]
                for s in report.suggestions
            ],
        )
    )
    codes = [i.code for i in report.scorecards[0].indicators] if report.scorecards else []
    out.append(
        (
            "Scorecards (learning-organisation indicators)",
            "",
            ["province", "met", "partly", "not met", *codes],
            [
                [
                    c.name,
                    str(c.met),
                    str(c.partly),
                    str(c.not_met),
                    *[i.status for i in c.indicators],
                ]
                for c in report.scorecards
            ],
        )
    )
    return out


_MD_SPECIAL = re.compile(r"[\\`*_\[\]#!|~<>&]|:(?=//)|(?<=www)\.|@")
_HTML = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


def md_text(text: str) -> str:
    """Text that Markdown shows as it is: no emphasis, link, image, HTML or autolink from it.

    Markdown's specials are backslash-escaped (CommonMark: any ASCII punctuation may be), HTML's
    ``< > &`` written as entities (which every Markdown passes through to the page as text),
    and the ``:`` of ``://``, the ``.`` of ``www.`` and ``@`` escaped so that GitHub does not
    make a link of a name; new lines become spaces (a table row is one line).
    """
    text = " ".join(text.splitlines())
    return _MD_SPECIAL.sub(lambda m: _HTML.get(m.group(), "\\" + m.group()), text)


def to_markdown(report: Report) -> str:
    """The report as Markdown tables; every title, header and cell through ``md_text``
    (``NoNetwork``: its one line)."""
    if isinstance(report, NoNetwork):
        return md_text(report.message) + "\n"
    lines = [
        f"# {md_text(report.title)}",
        "",
        f"Graph version {report.version}, made {md_text(report.made)}.",
        "",
    ]
    for title, note, header, rows in _sections(report):
        lines += [f"## {md_text(title)}", ""]
        if note:
            lines += [md_text(note), ""]
        if not rows:
            lines += ["None.", ""]
            continue
        lines.append("| " + " | ".join(md_text(h) for h in header) + " |")
        lines.append("|" + "---|" * len(header))
        lines += ["| " + " | ".join(md_text(c) for c in row) + " |" for row in rows]
        lines.append("")
    return "\n".join(lines)


_HEAD = '<!doctype html><html lang="th"><head><meta charset="utf-8">'


def to_html(report: Report) -> str:
    """The report as one self-contained HTML page; every string escaped (``NoNetwork``: a page
    of one line)."""
    e = html.escape
    if isinstance(report, NoNetwork):
        return (
            f"{_HEAD}<title>{e(report.title)}</title></head>"
            f"<body><p>{e(report.message)}</p></body></html>\n"
        )
    parts = [
        _HEAD,
        f"<title>{e(report.title)}</title>",
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:1.5em}"
        "td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}</style>",
        "</head><body>",
        f"<h1>{e(report.title)}</h1>",
        f"<p>Graph version {report.version}, made {e(report.made)}.</p>",
    ]
    for title, note, header, rows in _sections(report):
        parts.append(f"<h2>{e(title)}</h2>")
        if note:
            parts.append(f"<p>{e(note)}</p>")
        if not rows:
            parts.append("<p>None.</p>")
            continue
        parts.append("<table><tr>" + "".join(f"<th>{e(h)}</th>" for h in header) + "</tr>")
        parts += ["<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in rows]
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)


def render(report: Report, fmt: Format) -> str:
    """The report in one of md, html, json."""
    return {"md": to_markdown, "html": to_html, "json": to_json}[fmt](report)
