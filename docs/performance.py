"""Write docs/performance.md from the benches' results in bench/results/*.json.

    python docs/performance.py           # rewrite docs/performance.md
    python docs/performance.py --check   # exit 1 if docs/performance.md is not what the results say

Every table on the page is made from one result file, and says the command that measured it,
when (UTC) and on what machine (cores, memory, Python, platform, the 1-minute load average at
start and end). The git revision in the files is not shown. A bench with no result file gets a
line saying so and the command to run.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import orjson
from _generated import write_or_check

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PAGE = ROOT / "docs" / "performance.md"

Result = dict[str, Any]


def load(folder: Path = RESULTS) -> dict[str, list[Result]]:
    """Every result file, by bench, smallest network first."""
    found: dict[str, list[Result]] = {}
    for path in sorted(folder.glob("*.json")):
        result = orjson.loads(path.read_bytes())
        found.setdefault(result["bench"], []).append(result)
    for results in found.values():
        results.sort(key=lambda r: (_size(r), r["name"]))
    return found


def _size(result: Result) -> int:
    figures = result["figures"]
    if "networks" in figures:
        return max((n.get("people", 0) for n in figures["networks"]), default=0)
    return figures.get("people") or 0


# Formatting.


def n(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def s(value: float | None, digits: int | None = None) -> str:
    """Seconds, to a precision that suits their size."""
    if value is None:
        return "—"
    if digits is None:
        digits = 3 if value < 0.1 else 2 if value < 10 else 1
    return f"{value:,.{digits}f} s"


def ms(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.1f} ms" if value < 100 else f"{value:,.0f} ms"


def mib(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f} MiB" if value >= 10 else f"{value:,.1f} MiB"


def size(nbytes: int | None) -> str:
    return "—" if nbytes is None else mib(nbytes / 2**20)


def factor(value: float) -> str:
    """A ratio of two measurements, to the hundredth."""
    return f"{value:.2f}×"


def ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def times(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}x"


def table(head: list[str], rows: Iterable[list[str]], align: str = "") -> str:
    align = align or "l" + "r" * (len(head) - 1)
    marks = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(marks) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def provenance(result: Result) -> str:
    """The command, date and machine of one result, as a line under its table."""
    m = result["machine"]
    date = result["date"].replace("T", " ").removesuffix("Z")[:16] + " UTC"
    load = f"1-minute load {m.get('load_1min_at_start')} at start"
    if m.get("load_1min_at_end") is not None:
        load += f", {m['load_1min_at_end']} at end"
    machine = (
        f"{m['nproc']} cores, {m['memory_gib']} GiB, Python {m['python']}, {m['platform']}; {load}"
    )
    return f"`{result['command']}` — {date}; {machine}."


def provenances(results: list[Result]) -> str:
    if len(results) == 1:
        return "Measured with " + provenance(results[0])
    return "Measured with:\n\n" + "\n".join(f"- {provenance(r)}" for r in results)


def versions(result: Result, names: Iterable[str]) -> str:
    v = result.get("versions", {})
    shown = [f"{name} {v[name]}" for name in names if name in v]
    return ", ".join(shown)


def met(ok: bool, word: str = "met") -> str:
    """``word`` when ``ok``, else its negation in bold (a target missed, an answer that differs)."""
    return word if ok else f"**not {word}**" if word == "met" else "**no**"


# Sections, one per bench.


def demo_build(results: list[Result]) -> str:
    rows = []
    for r in results:
        f = r["figures"]
        rows.append(
            [
                f["store"],
                f"{n(f['person_nodes'])} people; {n(f['nodes'])} nodes, {n(f['ties'])} ties",
                s(f["total_s"]),
                n(f["rows_per_s"]),
                s(f["store_write_s"]),
                n(f["store_rows_per_s"]),
                mib(f["peak_rss_mib"]),
                mib(f["db_mib"]),
            ]
        )
    head = [
        "store",
        "network",
        "whole build",
        "records/s",
        "inside the store's writes",
        "rows/s there",
        "peak RSS",
        "file",
    ]
    return (
        "The demo network built into an empty store (`build_demo`, batch by batch), with the time"
        " spent inside the store's own writes beside it.\n\n"
        + table(head, rows, "llrrrrrr")
        + "\n\n"
        + provenances(results)
    )


def projection(results: list[Result]) -> str:
    rows = []
    for r in results:
        f = r["figures"]
        rows.append(
            [
                f["store"],
                f"{n(f['person_nodes'])} people; {n(f['nodes'])} nodes, {n(f['ties'])} ties",
                s(f["project_s"]),
                s(f["records_only_s"]),
                s(f["per_record_s"]),
                times(f["per_record_s"] / f["project_s"]),
            ]
        )
    head = [
        "store",
        "network",
        "projection",
        "the records alone",
        "per-record path",
        "faster",
    ]
    return (
        "The store's projection into NetworkX (`project()`: each kind's rows read in bulk — from"
        " Neo4j one collected list per kind, decoded by the driver's Rust extension — and put"
        " straight into NetworkX's dictionaries), beside reading the same data as one record"
        " object per row (what a record-by-record projection pays before building anything) and"
        " the per-record path it replaced (those records, then `add_node` and `add_edges_from`);"
        " medians of three.\n\n" + table(head, rows, "llrrrr") + "\n\n" + provenances(results)
    )


PLACES_LIMIT = 1.2
"""Today's projection, weave report and memory are to be within 20% of the code's before places
below the province."""


PLACES_ROWS: list[tuple[str, str, Callable[[Any], str]]] = [
    ("nodes", "nodes", n),
    ("ties", "ties", n),
    ("store file", "store_bytes", size),
    ("store file less the audit log", "graph_bytes", size),
    ("projection", "projection_s", s),
    ("full weave report, fresh graph version", "report_s", s),
    ("peak memory (RSS), whole run", "peak_rss_mb", mib),
]


def places_cost(results: list[Result]) -> str:
    out = []
    for r in results:
        f = r["figures"]
        today, base, ratios = f["today"], f["baseline"], f["ratios"]
        rows = [
            [label, fmt(base[key]), fmt(today[key]), factor(ratios[key])]
            for label, key, fmt in PLACES_ROWS
        ]
        head = [
            f"{n(f['people'])}-person demo",
            "provinces only (before)",
            "with districts and subdistricts",
            "today ÷ before",
        ]
        out += [table(head, rows), ""]
        worst = max(ratios[m] for m in ("projection_s", "report_s", "peak_rss_mb"))
        out.append(
            f"Target: projection, report and memory within {PLACES_LIMIT - 1:.0%} of before: "
            f"{met(worst <= PLACES_LIMIT)} (at most {factor(worst)}). Medians of {f['rounds']} "
            "runs of `bench/weave_report.py --store` on each side, the two sides alternating "
            "so that both meet the same load; each run: "
            + "; ".join(
                f"{side} "
                + ", ".join(
                    f"{s(run['projection_s'])} / {s(run['report_s'])} / {mib(run['peak_rss_mb'])}"
                    for run in f[side]["runs"]
                )
                for side in ("baseline", "today")
            )
            + " (projection / report / memory)."
        )
        out.append("")
    return (
        "The demo network placed in districts and subdistricts (made when first used: see "
        "[places](places.md)), beside the same demo of the code before them, which placed "
        "everything in provinces. Today's store file also holds the audit log of the demo's "
        "build (who wrote each record, and its fields), which the code before did not keep; the "
        "line below it leaves the log's tables out.\n\n"
        + "\n".join(out)
        + "\n"
        + provenances(results)
    )


REPORT_TARGETS = {10_000: 5.0, 100_000: 60.0}
"""Seconds the full report may take from a fresh graph version, by demo size."""
CACHED_TARGET_S = 0.05
HOLES_TARGET = 100
IGRAPH_TARGET = 3.0


def weave_report(results: list[Result]) -> str:
    sizes = [r["figures"] for r in results]
    head = [""] + [f"{n(f['people'])} people" for f in sizes]
    rows = [
        ["collaboration ties"] + [n(f["collaboration_ties"]) for f in sizes],
        ["projection of the store (not in the report)"] + [s(f["projection_s"]) for f in sizes],
        ["full report, fresh graph version"] + [s(f["report_s"]) for f in sizes],
        ["report again, cached"] + [ms(f["report_repeat_s"] * 1000) for f in sizes],
        ["peak memory (RSS), whole run"] + [mib(f["peak_rss_mb"]) for f in sizes],
        ["constraint + effective size of every person: ours vs NetworkX's own"]
        + [
            f"{s(f['structural_holes']['ours_all_s'])} vs ~{s(f['structural_holes']['networkx_all_estimated_s'], 0)}: {times(f['structural_holes']['speedup'])}"
            for f in sizes
        ],
    ]
    out = [table(head, rows), ""]
    targets = []
    for f in sizes:
        people = f["people"]
        limit = next(
            (t for size, t in REPORT_TARGETS.items() if abs(people - size) < size / 10), None
        )
        if limit is not None:
            targets.append(
                f"full report under {limit:.0f} s at {n(people)} people: {s(f['report_s'])}, "
                f"{met(f['report_s'] < limit)}"
            )
        targets.append(
            f"cached report under {CACHED_TARGET_S * 1000:.0f} ms at {n(people)} people: "
            f"{met(f['report_repeat_s'] < CACHED_TARGET_S)}"
        )
        targets.append(
            f"Burt's measures at least {HOLES_TARGET}x faster than NetworkX's at {n(people)} "
            f"people: {met(f['structural_holes']['speedup'] >= HOLES_TARGET)}"
        )
    out += ["Targets: " + "; ".join(targets) + ".", ""]
    out += [
        "NetworkX's own `constraint` and `effective_size` are timed on "
        f"{sizes[0]['structural_holes']['sample']} sampled people and scaled to all; the largest "
        "difference from ours on the sample: "
        + ", ".join(f"{f['structural_holes']['max_abs_difference']:.1e}" for f in sizes)
        + ".",
        "",
        "Each measure on its own, ours and igraph's on the same collaboration graph (target: "
        f"within {IGRAPH_TARGET:.0f}x). Each time is the fastest of three calls (one, if a call takes "
        "a second or more). Both sides start from the same NetworkX graph and end with the same "
        "thing: igraph's graph is built from it and its answers are keyed by person id as ours "
        'are. "bare" is our time against igraph\'s bare time: its own list, in vertex order, '
        "from a graph built on ready-made vertex pairs.",
        "",
    ]
    measures = [r["measure"] for r in sizes[0]["measures"]]
    head = ["measure"]
    for f in sizes:
        head += [f"{n(f['people'])}: ours", "igraph", "ratio", "bare"]
    rows = []
    for name in measures:
        row = [name.replace("_", " ") + _note(sizes[0], name)]
        for f in sizes:
            m = next((x for x in f["measures"] if x["measure"] == name), {})
            row += [
                s(m.get("ours_s"), 3),
                s(m.get("igraph_s"), 3),
                ratio(m.get("ratio")),
                ratio(m.get("ratio_bare")) + "x" if m.get("ratio_bare") else "—",
            ]
        rows.append(row)
    out += [table(head, rows), "", _searches(sizes), ""]
    within = [
        f"{n(f['people'])} people: "
        + (
            "every measure within 3x of igraph"
            if all((m["ratio"] or 0) <= IGRAPH_TARGET for m in f["measures"])
            else "not within 3x: "
            + ", ".join(m["measure"] for m in f["measures"] if (m["ratio"] or 0) > IGRAPH_TARGET)
        )
        for f in sizes
    ]
    out += ["; ".join(within) + ".", ""]
    checks = []
    for f in sizes:
        x = f.get("same_as_networkx")
        if x:
            checks.append(
                f"at {n(f['people'])} people Louvain's partition is NetworkX's: "
                f"{met(x['louvain_same_partition'], 'yes')} (NetworkX's `louvain_communities` "
                f"{s(x['networkx_louvain_s'])}), the biconnected components are: "
                f"{met(x['blocks_same'], 'yes')} (NetworkX {s(x['networkx_biconnected_s'])}), the core "
                f"numbers are: {met(x['core_numbers_same'], 'yes')}"
            )
    if checks:
        out += [
            "Against NetworkX's own functions on the whole graph (`--against-networkx`): "
            + "; ".join(checks)
            + ".",
            "",
        ]
    for f in sizes:
        e = f.get("betweenness_sampling")
        if e:
            sources = next((m["note"] for m in f["measures"] if m["measure"] == "betweenness"), "")
            out += [
                f"Sampled betweenness against igraph's exact values at {n(f['people'])} people "
                f"(`--betweenness-error`; ours from {sources}; igraph's exact run "
                f"{s(e['igraph_exact_s'])}): largest absolute error {e['max_abs_error']:.3f} "
                f"where the largest betweenness is {e['largest_exact']:.3f}, mean "
                f"{e['mean_abs_error']:.4f}, {e['top20_overlap']} of the top 20 the same.",
                "",
            ]
    out.append(provenances(results))
    out.append("")
    out.append(
        "Libraries: " + versions(results[0], ("networkx", "numpy", "scipy", "python-igraph")) + "."
    )
    return "\n".join(out)


def _note(figures: dict[str, Any], name: str) -> str:
    """A measure's note for its row label; exact or sampled is said per size under the table."""
    note = next((m.get("note") for m in figures["measures"] if m["measure"] == name), "")
    return "" if not note or name in SEARCHES else f" ({note})"


SEARCHES = ("betweenness", "harmonic")
"""The measures that are exact on a small graph and estimated from sampled sources above."""


def _searches(sizes: list[dict[str, Any]]) -> str:
    said = []
    for f in sizes:
        note = next((m.get("note") for m in f["measures"] if m["measure"] == "betweenness"), "")
        how = f"from {note}" if "sampled" in note else "exact"
        said.append(f"{how} at {n(f['people'])} people")
    return (
        "Betweenness and harmonic closeness: "
        + ", ".join(said)
        + " (igraph from the same sources), as the analytics choose them."
    )


def query_latency(results: list[Result]) -> str:
    out = []
    for r in results:
        f = r["figures"]
        out.append(
            f"On the {n(f['people'])}-person demo ({n(f['nodes'])} nodes, {n(f['ties'])} ties), "
            f"warm projection, {f['queries_each']} seeded queries each: search on node names (a "
            "third with a typo), `experts` on a random topic with or without a province, "
            "`introductions` between random pairs of connected people.\n"
        )
        out.append(
            table(
                ["query", "median", "p95", "max"],
                [
                    [name, ms(q["median_ms"]), ms(q["p95_ms"]), ms(q["max_ms"])]
                    for name, q in f["latency"].items()
                ],
            )
        )
        warm = ", ".join(f"{k} {s(v)}" for k, v in f["warm_up_s"].items())
        out.append(
            f"\nThe warm-up, once per graph version: {warm}; peak RSS {mib(f['peak_rss_mib'])}.\n"
        )
    out.append(provenances(results))
    return "\n".join(out)


API_P95_TARGET_MS = 50


def api_load(results: list[Result]) -> str:
    out = []
    for r in results:
        f = r["figures"]
        clients = sorted({row["clients"] for row in f["rows"]})
        routes = list(dict.fromkeys(row["route"] for row in f["rows"]))
        out.append(
            f"One `phakhee serve` (uvicorn, one worker) on the {n(f['people'])}-person demo, on "
            "loopback, and a load generator in a second process (Python threads on keep-alive "
            f"connections, {n(f['requests_per_row'])} requests per cell, at most "
            f"{f['seconds_per_row_at_most']} s) on the same cores, with warm caches (every "
            f"analysis a route needs computed once before the timing: {s(f['warm_up_s'])}). "
            "Each cell: requests/s, then p50 / p95 / p99 latency.\n"
        )
        rows = []
        for route in routes:
            row = [f"`{route}`"]
            for c in clients:
                x = next(x for x in f["rows"] if x["route"] == route and x["clients"] == c)
                row.append(
                    f"{n(x['rps'])} req/s, {x['p50_ms']:.1f} / {x['p95_ms']:.1f} / "
                    f"{x['p99_ms']:.1f} ms"
                )
            rows.append(row)
        head = ["route"] + [f"{c} client{'s' if c > 1 else ''}" for c in clients]
        out.append(table(head, rows, "l" + "r" * len(clients)))
        at10 = [x for x in f["rows"] if x["clients"] == 10]
        if at10:
            worst = max(at10, key=lambda x: x["p95_ms"])
            out.append(
                f"\nTarget: p95 under {API_P95_TARGET_MS} ms at 10 clients — "
                f"{met(worst['p95_ms'] < API_P95_TARGET_MS)} (the slowest, `{worst['route']}`: "
                f"{worst['p95_ms']:.1f} ms).\n"
            )
    out.append(provenances(results))
    return "\n".join(out)


def export_formats(results: list[Result]) -> str:
    out = []
    for r in results:
        f = r["figures"]
        out.append(
            f"The {n(f['people'])}-person demo ({n(f['nodes'])} nodes, {n(f['ties'])} ties). "
            f"First the projection ({s(f['projection_s'])}) and what exports carry besides the "
            f"graph — PageRank centrality and the map layout, {s(f['extras_s'])}, computed once "
            "per graph version as a running server keeps them; then each format, written to a "
            "file:\n"
        )
        out.append(
            table(
                ["format", "time", "file size"],
                [[x["format"], s(x["seconds"]), size(x["bytes"])] for x in f["formats"]],
            )
        )
        extra = []
        if "snapshot" in f:
            x = f["snapshot"]
            extra.append(
                f"a snapshot: create {s(x['create_s'])} ({size(x['stored_bytes'])} stored), "
                f"load {s(x['load_s'])}, diff against the live graph {s(x['diff_s'])}"
            )
        if "backup" in f:
            x = f["backup"]
            extra.append(
                f"`backup` {s(x['seconds'])} ({size(x['bytes'])} file, "
                f"{n(x['nodes_verified'])} nodes verified)"
            )
        extra.append(f"peak RSS {mib(f['peak_rss_mib'])}")
        text = "; ".join(extra)
        out.append("\n" + text[0].upper() + text[1:] + ".\n")
    out.append(provenances(results))
    return "\n".join(out)


def load_template(results: list[Result]) -> str:
    rows = []
    for r in results:
        f = r["figures"]
        for x in f["loads"]:
            rows.append(
                [
                    f"{n(f['people'])} people: {n(f['rows'])} rows in {f['csv_files']} CSV files",
                    x["load"] + (" (nothing changes)" if x["load"] == "reload" else ""),
                    s(x["seconds"]),
                    n(x["rows_per_s"]),
                    n(x["refused"]),
                    mib(x["peak_rss_mib"]),
                ]
            )
    return (
        "The demo network written in the template's CSV layout, then loaded into an empty SQLite "
        "store with `load_files` (as `phakhee load FOLDER` does), and loaded again. The whole "
        "load is parsed before it is written, which is what the memory holds.\n\n"
        + table(["files", "load", "time", "rows/s", "refused", "peak RSS"], rows, "llrrrr")
        + "\n\n"
        + provenances(results)
    )


LAYOUT_TARGET_S = 10.0
DRAWN_TARGET_MS = 3000


def view_render(results: list[Result]) -> str:
    out = [
        '"Drawn" is the time from navigation start until vis-network\'s first full draw, in '
        "headless Chromium 1400×900, from a uvicorn on loopback with the server's caches warm "
        "(physics is off, so drawn is stable: positions are checked unchanged 500 ms later); "
        '"server" is the time to answer the page, first request and again. The map layout is '
        "of every person, team and partner: cold is the weave, degree centrality and the layout "
        "built from a fresh graph version of an already projected store.\n"
    ]
    for r in results:
        f = r["figures"]
        for net in f["networks"]:
            lay, page = net["layout"], net["weave_page"]
            out.append(f"**{n(net['people'])} people** (projection {s(net['projection_s'])}):\n")
            rows = [
                [
                    "map layout of the whole weave",
                    f"{n(lay['nodes'])} nodes",
                    f"cold {s(lay['cold_s'])}, cached {s(lay['cached_s'], 3)}",
                    "",
                    "",
                ],
                [
                    "default whole-weave page, built",
                    f"{size(page['bytes'])} ({size(page.get('gzip_bytes'))} gzipped)",
                    f"cold {s(page['cold_s'])}, cached {s(page['cached_s'], 3)}",
                    "",
                    "",
                ],
            ]
            for v in net["views"]:
                rows.append(
                    [
                        v["view"],
                        f"{n(v['nodes'])} nodes",
                        f"server {s(v['first_s'])} / {s(v['warm_s'], 3)}",
                        ms(v["drawn_ms"]),
                        ms(v["redraw_ms"]),
                    ]
                )
            out.append(table(["", "what", "time", "drawn", "redraw (zoom)"], rows, "llrrr"))
            if net["node_by_node"]:
                out.append(
                    "\nThe weave's most central nodes drawn one by one (a file, no server), to "
                    "find where drawing stops being usable:\n"
                )
                out.append(
                    table(
                        ["nodes drawn", "drawn", "redraw (zoom)"],
                        [
                            [n(x["nodes"]), ms(x["drawn_ms"]), ms(x["redraw_ms"])]
                            for x in net["node_by_node"]
                        ],
                    )
                )
            slowest = max(net["views"], key=lambda v: v["drawn_ms"])
            targets = [
                f"every default view drawn and stable under {DRAWN_TARGET_MS / 1000:.0f} s — "
                f"{met(slowest['drawn_ms'] < DRAWN_TARGET_MS)} (slowest: {slowest['view']}, "
                f"{ms(slowest['drawn_ms'])})"
            ]
            if abs(net["people"] - 10_000) < 1_000:
                targets.insert(
                    0,
                    f"cold layout under {LAYOUT_TARGET_S:.0f} s — "
                    f"{met(lay['cold_s'] < LAYOUT_TARGET_S)}",
                )
            out.append("\nTargets: " + "; ".join(targets) + ".\n")
        out.append(
            f"Views draw at most {n(f['max_drawn'])} nodes one by one "
            "(`queries/drawing/selection.py: MAX_DRAWN`).\n"
        )
    out.append(provenances(results))
    return "\n".join(out)


def page_times(results: list[Result]) -> str:
    out = []
    for r in sorted(results, key=_size):
        f = r["figures"]
        out.append(
            f"The web app's pages on the {n(f['people'])}-person demo ({n(f['nodes'])} nodes, "
            f"{n(f['ties'])} ties), served by uvicorn in the benchmark's process on loopback, "
            f"caches warm: {f['per_family']} addresses a family, each asked for "
            f'{f["rounds"]} times after one warm-up request (its time is the "first" column: '
            "what the first reader of a new graph version waits), gzip as a browser asks.\n"
        )
        rows = [
            [
                name,
                n(x["addresses"]),
                ms(x["median_ms"]),
                ms(x["p95_ms"]),
                ms(x["max_ms"]),
                ms(x["first_ms"]),
            ]
            for name, x in f["families"].items()
            if x["served"]
        ]
        out.append(table(["pages", "addresses", "median", "p95", "max", "first"], rows, "lrrrrr"))
        worst = max((x for x in f["families"].values() if x["served"]), key=lambda x: x["p95_ms"])
        if f["people"] == 10_000:
            out.append(
                f"\nTarget: p95 under {f['budget_ms']} ms a page — "
                f"{met(not f['over_budget_p95'])} (the slowest p95: {ms(worst['p95_ms'])}).\n"
            )
        else:
            over = ", ".join(f["over_budget_p95"]) or "none"
            out.append(
                f"\nThe {f['budget_ms']} ms target is the 10,000-person network's; here the "
                f"slowest p95 is {ms(worst['p95_ms'])} (over {f['budget_ms']} ms: {over}).\n"
            )
    out.append(provenances(results))
    return "\n".join(out)


def live_edit(results: list[Result]) -> str:
    out = []
    for r in sorted(results, key=_size):
        f = r["figures"]
        out.append(
            f"One `phakhee serve` on the {n(f['people'])}-person demo "
            f"({'Neo4j' if f.get('store') == 'neo4j' else 'SQLite'}), caches warm "
            f"(warm-up {s(f['warm_up_s'])}); one `PUT /nodes/{{id}}` renaming a person took "
            f"{s(f['write_s'], 3)}. `/nodes/{{id}}` answered the new name after "
            f"{s(f['node_fresh_s'], 2)}, `/search` for it after {s(f['search_fresh_s'], 2)}. "
            f"Meanwhile {f['readers']} reader threads asked every route below in turn for "
            f"{f['seconds']:.0f} s; the server's memory was {mib(f['rss_steady_mib'])} before "
            f"and at most {mib(f['rss_peak_mib'])} "
            f"({f['rss_peak_mib'] / f['rss_steady_mib']:.2f}×).\n"
        )
        rows = [
            [
                f"`{route}`",
                n(x["count"]),
                n(x["unavailable"]),
                n(x["stale"]),
                ms(x["median_ms"]),
                ms(x["p95_ms"]),
                ms(x["max_ms"]),
            ]
            for route, x in f["routes"].items()
        ]
        out.append(
            table(["route", "answers", "503", "stale", "median", "p95", "max"], rows, "lrrrrrr")
        )
        out.append("\n" + _live_targets(f) + "\n")
    out.append(provenances(results))
    return "\n".join(out)


def _live_targets(f: dict[str, Any]) -> str:
    """The live edit's targets: the new name within 1 s, no 503, p95 under 100 ms, memory under
    1.5 times the steady state."""
    routes = f["routes"]
    over = [f"`{r}` {ms(x['p95_ms'])}" for r, x in routes.items() if x["p95_ms"] >= 100]
    unavailable = sum(x["unavailable"] for x in routes.values())
    ratio = f["rss_peak_mib"] / f["rss_steady_mib"]
    return (
        f"Targets: the new name within 1 s — `/nodes/{{id}}` "
        f"{met(f['node_fresh_s'] is not None and f['node_fresh_s'] <= 1)}, `/search` "
        f"{met(f['search_fresh_s'] is not None and f['search_fresh_s'] <= 1)}; no 503: "
        f"{met(unavailable == 0)}; p95 under 100 ms on every route: {met(not over)}"
        + (f" (over: {', '.join(over)})" if over else "")
        + f"; memory under 1.5× the steady state: {ratio:.2f}×, {met(ratio < 1.5)}."
    )


def cold_start(results: list[Result]) -> str:
    out = []
    for r in sorted(results, key=_size):
        f = r["figures"]
        want, cold, warm, rebuild = f["targets"], f["cold"], f["warm"], f["rebuild"]
        out.append(
            f"`phakhee serve` started on a copy of the {n(f['people'])}-person demo, first with no "
            f"warm-start file (cold), then again on the unchanged store with the file its first "
            f"run kept (warm: {mib(cold['file_mib'])}, kept {s(cold['kept_after_s'])} after the "
            f"analysis first answered). Seconds from the process's start, each address polled "
            f"every 0.1 s; the analysis is `/analytics/centrality?measure=pagerank&kind=person`.\n"
        )
        rows = [
            [
                name,
                s(x["health_s"]),
                s(x["search_s"]),
                s(x["analysis_s"]),
                s(x["health_meanwhile_max_s"]),
                mib(x["rss_mib"]),
            ]
            for name, x in (("cold", cold), ("warm", warm))
        ]
        rows.append(
            [
                "target (warm)",
                "",
                f"≤ {s(want['search_s'])}: {met(warm['search_s'] <= want['search_s'])}",
                f"≤ {s(want['analysis_s'])}: {met(warm['analysis_s'] <= want['analysis_s'])}",
                "",
                "",
            ]
        )
        out.append(
            table(
                ["start", "`/health`", "`/search`", "analysis", "`/health` worst meanwhile", "RSS"],
                rows,
            )
        )
        statuses = ", ".join(f"{k}: {n(v)}" for k, v in sorted(rebuild["search_statuses"].items()))
        out.append(
            f"\nA rebuild on the warm server (a person deleted: the next version projected "
            f"whole), {rebuild['clients']} clients searching all along: the new version served "
            f"{s(rebuild['new_version_served_s'])} after the write; `/health` answered "
            f"{n(rebuild['health_count'])} times meanwhile, median {s(rebuild['health_median_s'])}, "
            f"worst {s(rebuild['health_max_s'])} (target ≤ {s(want['health_s'])}: "
            f"{met(rebuild['health_max_s'] <= want['health_s'])}); searches answered by status: "
            f"{statuses}.\n"
        )
    out.append(provenances(results))
    return "\n".join(out)


SECTIONS: list[tuple[str, str, Callable[[list[Result]], str], str]] = [
    (
        "Building the demo network",
        "demo_build",
        demo_build,
        "python bench/demo_build.py --people 100000",
    ),
    (
        "The projection",
        "projection",
        projection,
        "python bench/projection.py --people 10000",
    ),
    (
        "The weave report",
        "weave_report",
        weave_report,
        "python bench/weave_report.py --people 10000 --against-networkx --betweenness-error",
    ),
    (
        "Places below the province: what they cost",
        "places_cost",
        places_cost,
        "python bench/places_cost.py --people 100000 --baseline CHECKOUT",
    ),
    ("Queries", "query_latency", query_latency, "python bench/query_latency.py --people 10000"),
    (
        "A live edit",
        "live_edit",
        live_edit,
        "python bench/live_edit.py --people 100000",
    ),
    (
        "A restart: a warm start",
        "cold_start",
        cold_start,
        "python bench/cold_start.py --people 100000",
    ),
    ("The HTTP API under load", "api_load", api_load, "python bench/api_load.py --people 10000"),
    (
        "Exports, snapshots and backups",
        "export_formats",
        export_formats,
        "python bench/export_formats.py --people 10000 --snapshot",
    ),
    (
        "Loading the template files",
        "load_template",
        load_template,
        "python bench/load_template.py --people 10000",
    ),
    (
        "The web app's pages",
        "page_times",
        page_times,
        "python bench/page_times.py --people 10000",
    ),
    (
        "Views",
        "view_render",
        view_render,
        "python bench/view_render.py --people 1000 10000 --sizes 2000 3000 5000 10000 12000",
    ),
]


def page(results: dict[str, list[Result]]) -> str:
    out = [
        "# Performance",
        "",
        "<!-- Written by docs/performance.py from bench/results/*.json: edit those, not this. -->",
        "",
        "Current figures only, each made from the JSON result of one run of a script in `bench/`, "
        "with its command, date and machine. The machine is the project's own: 2 cores shared "
        "with other work, so each run says the 1-minute load average it ran under, and timings "
        "vary from run to run. To measure again: run the command (from the repository's root, "
        "one bench at a time), then `python docs/performance.py`; see "
        "[development](development.md#benchmarks).",
        "",
    ]
    for title, bench, render, command in SECTIONS:
        out += [f"## {title}", ""]
        if bench in results:
            out.append(render(results[bench]))
        else:
            out.append(f"Not measured yet: `{command}`.")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check; exit 1 if it differs")
    args = parser.parse_args()
    text = page(load())
    write_or_check(PAGE, text, check=args.check, script="docs/performance.py")


if __name__ == "__main__":
    main()
