"""The weave report: top brokers, fragile points, gaps, suggested introductions and scorecards.

Built as plain data (``WeaveReport``) from one graph version, then rendered as Markdown (every
string escaped, so a name is shown as typed, never read as markup), HTML (every string escaped,
no scripts, no outside assets) or JSON. For one province, everything is limited to what
involves it.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import networkx as nx
import orjson

from phakhee.queries.analytics import brokers as b
from phakhee.queries.analytics import communities as cm
from phakhee.queries.analytics import gaps as gp
from phakhee.queries.analytics import scorecard as sc
from phakhee.queries.analytics import suggestions as sg
from phakhee.queries.ask.experts import check_province
from phakhee.queries.cache import GraphVersion

Format = Literal["md", "html", "json"]
TOP = 10


@dataclass(slots=True)
class WeaveReport:
    """Everything the report shows, as plain data."""

    title: str
    province: str | None
    version: int
    made: str
    counts: dict[str, int]
    brokers: list[b.Broker]
    cut_people: list[b.CutPerson]
    single_carriers: list[b.SingleCarrier]
    communities: dict[str, Any]
    gap_totals: dict[str, int]
    gaps: dict[str, list[Any]]
    suggestions: list[sg.Suggestion]
    scorecards: list[sc.Scorecard] = field(default_factory=list)


def _counts(g: nx.MultiDiGraph) -> dict[str, int]:
    """How many people, teams, partners, lessons and events the graph holds."""
    counts = dict.fromkeys(("person", "team", "partner", "lesson", "event"), 0)
    for _, kind in g.nodes(data="kind"):
        if kind in counts:
            counts[kind] += 1
    return counts


def weave_report(gv: GraphVersion, province: str | None = None, top: int = TOP) -> WeaveReport:
    """The report of the whole network, or of one province (by id)."""
    g = gv.graph
    check_province(g, province)
    where = gp.located_in(gv)
    counts = dict(gv.derived("report:counts", _counts))
    cut = b.cut_people(gv, limit=top, province=province)
    carriers = gv.derived("single_carriers", b.single_carriers)
    found = gp.all_gaps(gv)
    lists = {name: getattr(found, name) for name in gp.Gaps.__dataclass_fields__}
    comms = cm.communities(gv)
    if province is not None:
        carriers = [c for c in carriers if where.get(c.team) == province]
        lists = {
            n: x if n == "topics_without_lessons" else gp.in_province(x, province)
            for n, x in lists.items()
        }
    cards = sc.all_scorecards(gv)
    name = g.nodes[province].get("name", province) if province else None
    return WeaveReport(
        title=f"Weave report: {name}" if name else "Weave report: the whole network",
        province=province,
        version=gv.version,
        made=dt.date.today().isoformat(),
        counts=counts,
        brokers=b.brokers(gv, limit=top, province=province),
        cut_people=cut,
        single_carriers=carriers[:top],
        communities={
            "count": len(comms.communities),
            "modularity": comms.modularity,
            "largest": [asdict(c) | {"members": c.members[:3]} for c in comms.communities[:5]],
        },
        gap_totals={n: len(x) for n, x in lists.items()},
        gaps={n: x[:top] for n, x in lists.items()},
        suggestions=sg.suggestions(gv, limit=top, province=province),
        scorecards=[cards[province]]
        if province in cards
        else ([] if province else list(cards.values())),
    )


def to_json(report: WeaveReport) -> str:
    """The report as JSON (UTF-8 text, Thai as it is)."""
    return orjson.dumps(asdict(report), option=orjson.OPT_INDENT_2).decode()


def _fmt(x: Any) -> str:
    if isinstance(x, float):
        return f"{x:.3f}"
    if isinstance(x, list):
        return ", ".join(_fmt(v) for v in x)
    if isinstance(x, dict):
        return ", ".join(f"{k} {_fmt(v)}" for k, v in x.items())
    return "" if x is None else str(x)


def _sections(report: WeaveReport) -> list[tuple[str, list[str], list[list[str]]]]:
    """Each table of the report: title, header, rows (plain text)."""
    out = [
        ("In the graph", list(report.counts), [[str(v) for v in report.counts.values()]]),
        (
            "Brokers: who joins people not otherwise joined (least constrained first)",
            ["person", "province", "constraint", "effective size", "ties", "provinces reached"],
            [
                [
                    x.name,
                    x.province or "",
                    _fmt(x.constraint),
                    _fmt(x.effective_size),
                    str(x.degree),
                    str(x.provinces_reached),
                ]
                for x in report.brokers
            ],
        ),
        (
            "If this person leaves, these groups lose contact",
            ["person", "province", "people cut off", "groups (size: where; who)"],
            [
                [
                    x.name,
                    x.province or "",
                    str(x.cut_off),
                    "; ".join(
                        f"{gr.size}: {_fmt(gr.provinces)}; {_fmt(gr.sample)}" for gr in x.groups
                    ),
                ]
                for x in report.cut_people
            ],
        ),
        (
            "Partnerships carried by one member only",
            ["team", "partner", "carried by"],
            [[x.team_name, x.partner_name, x.person_name] for x in report.single_carriers],
        ),
        (
            f"Communities: {report.communities['count']}, modularity {report.communities['modularity']:.3f}",
            ["community", "people", "teams", "partners", "main province share", "regions"],
            [
                [
                    str(c["id"]),
                    str(c["size"]),
                    str(c["teams"]),
                    str(c["partners"]),
                    _fmt(c["main_province_share"]),
                    _fmt(c["regions"]),
                ]
                for c in report.communities["largest"]
            ],
        ),
        ("Gaps found", list(report.gap_totals), [[str(v) for v in report.gap_totals.values()]]),
    ]
    for name, items in report.gaps.items():
        if items:
            fields = list(asdict(items[0]))
            out.append(
                (
                    f"Gap: {name.replace('_', ' ')}",
                    fields,
                    [[_fmt(v) for v in asdict(x).values()] for x in items],
                )
            )
    out.append(
        (
            "Suggested introductions",
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


def to_markdown(report: WeaveReport) -> str:
    """The report as Markdown tables; every title, header and cell through ``md_text``."""
    lines = [
        f"# {md_text(report.title)}",
        "",
        f"Graph version {report.version}, made {md_text(report.made)}.",
        "",
    ]
    for title, header, rows in _sections(report):
        lines += [f"## {md_text(title)}", ""]
        if not rows:
            lines += ["None.", ""]
            continue
        lines.append("| " + " | ".join(md_text(h) for h in header) + " |")
        lines.append("|" + "---|" * len(header))
        lines += ["| " + " | ".join(md_text(c) for c in row) + " |" for row in rows]
        lines.append("")
    return "\n".join(lines)


def to_html(report: WeaveReport) -> str:
    """The report as one self-contained HTML page; every string escaped."""
    e = html.escape
    parts = [
        "<!doctype html>",
        '<html lang="th"><head><meta charset="utf-8">',
        f"<title>{e(report.title)}</title>",
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:1.5em}"
        "td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}</style>",
        "</head><body>",
        f"<h1>{e(report.title)}</h1>",
        f"<p>Graph version {report.version}, made {e(report.made)}.</p>",
    ]
    for title, header, rows in _sections(report):
        parts.append(f"<h2>{e(title)}</h2>")
        if not rows:
            parts.append("<p>None.</p>")
            continue
        parts.append("<table><tr>" + "".join(f"<th>{e(h)}</th>" for h in header) + "</tr>")
        parts += ["<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in rows]
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)


def render(report: WeaveReport, fmt: Format) -> str:
    """The report in one of md, html, json."""
    return {"md": to_markdown, "html": to_html, "json": to_json}[fmt](report)
