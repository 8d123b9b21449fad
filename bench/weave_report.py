"""Benchmark: the full weave report on a demo network, beside igraph computing the same measures.

python bench/weave_report.py --people 10000                # builds /tmp/phakhee-bench-10000.db once
python bench/weave_report.py --people 100000 --json out.json
python bench/weave_report.py --store sqlite:///./phakhee.db

Prints (and with --json writes): projection time; the full report from a fresh snapshot (every
analysis computed) and its cached repeat; peak memory (RSS); each measure ours vs igraph on the
same collaboration graph, with the ratio; Burt's constraint and effective size ours (all nodes)
vs NetworkX's own functions (timed on a sample, scaled to all nodes), with the largest difference
on the sample; and the error of sampled betweenness against igraph's exact values.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import igraph as ig
import networkx as nx
import numpy as np
import orjson

from graph.stores import open_store
from queries import brokers as b
from queries import centrality as c
from queries import communities as cm
from queries import sparse_measures as sm
from queries.cache import Snapshot
from queries.report import weave_report

SAMPLE = 20
"""Nodes NetworkX's own constraint and effective size are timed on (pair by pair: slow)."""


def rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn: Callable[[], Any], what: str = "") -> tuple[float, Any]:
    started = time.perf_counter()
    value = fn()
    seconds = time.perf_counter() - started
    if what:
        print(f"  {what}: {seconds:.2f} s", flush=True)
    return seconds, value


def store_for(args: argparse.Namespace) -> str:
    if args.store:
        return args.store
    path = Path(f"/tmp/phakhee-bench-{args.people}.db")
    url = f"sqlite:///{path}"
    if not path.exists():
        from loaders.demo import build_demo

        store = open_store(url)
        print(f"building the {args.people:,}-person demo into {path} ...", flush=True)
        build_demo(store, people=args.people)
        store.close()
    return url


def ours_vs_igraph(collab: nx.Graph, ours: dict[str, float]) -> list[dict[str, Any]]:
    """The same measures by igraph on the same graph; our times come from the report's run."""
    nodes = list(collab)
    index = {v: i for i, v in enumerate(nodes)}
    edges = [(index[u], index[v]) for u, v in collab.edges]
    weights = [w for _, _, w in collab.edges(data="weight")]
    t_build, g = timed(lambda: ig.Graph(n=len(nodes), edges=edges))
    g.es["weight"] = weights
    main = max(nx.connected_components(collab), key=len)
    main_ids = [index[v] for v in main]
    pivots = c._pivots(collab)
    rows = []

    def row(name: str, fn: Callable[[], Any], note: str = "") -> None:
        t, _ = timed(fn, f"igraph {name}")
        mine = ours.get(name)
        rows.append(
            {
                "measure": name,
                "ours_s": mine,
                "igraph_s": t,
                "ratio": (mine / t) if mine and t else None,
                "note": note,
            }
        )

    row("degree", g.degree)
    row("weighted_degree", lambda: g.strength(weights="weight"))
    if pivots is None:
        row("betweenness", g.betweenness, "exact")
        row("harmonic", lambda: g.harmonic_centrality(), "exact")
    else:
        src = [index[v] for v in pivots]
        row("betweenness", lambda: g.betweenness(sources=src), f"{len(src)} sampled sources")
        row(
            "harmonic",
            lambda: _harmonic_sums(g, src),
            f"{len(src)} sampled sources",
        )
    row(
        "eigenvector",
        lambda: g.induced_subgraph(main_ids).eigenvector_centrality(weights="weight"),
        "largest component",
    )
    row("pagerank", lambda: g.pagerank(weights="weight"))
    row(
        "constraint+effective_size",
        lambda: g.constraint(weights="weight"),
        "igraph: constraint only",
    )
    row("louvain", lambda: g.community_multilevel(weights="weight"))
    row("core_number", g.coreness)
    row("articulation_points+bridges", lambda: (g.biconnected_components(), g.bridges()))
    mine = ours.get("graph_build")
    rows.append(
        {
            "measure": "graph_build",
            "ours_s": mine,
            "igraph_s": t_build,
            "ratio": (mine / t_build) if mine and t_build else None,
            "note": "ours: the sparse matrix, once per graph version",
        }
    )
    return rows


def _harmonic_sums(g: ig.Graph, sources: list[int]) -> np.ndarray:
    d = np.array(g.distances(source=sources), dtype=float)
    with np.errstate(divide="ignore"):
        return np.where(d > 0, 1 / d, 0.0).sum(axis=0)


def holes_vs_networkx(collab: nx.Graph, ours_s: float, ours: tuple[dict, dict]) -> dict[str, Any]:
    """NetworkX's constraint and effective size on a sample of nodes, scaled to all, against ours."""
    rng = random.Random(1)
    tied = [v for v in collab if collab.degree(v)]
    sample = rng.sample(tied, min(SAMPLE, len(tied)))
    t_c, want_c = timed(
        lambda: nx.constraint(collab, nodes=sample, weight="weight"), "NetworkX constraint"
    )
    t_e, want_e = timed(
        lambda: nx.effective_size(collab, nodes=sample, weight="weight"),
        "NetworkX effective size",
    )
    got_c, got_e = ours
    diff = max(
        max(abs(got_c[v] - want_c[v]) for v in sample),
        max(abs(got_e[v] - want_e[v]) for v in sample),
    )
    scale = len(collab) / len(sample)
    nx_all = (t_c + t_e) * scale
    return {
        "sample": len(sample),
        "networkx_sample_s": t_c + t_e,
        "networkx_all_estimated_s": nx_all,
        "ours_all_s": ours_s,
        "speedup": nx_all / ours_s,
        "max_abs_difference": diff,
    }


def betweenness_error(collab: nx.Graph, ours: dict[str, float]) -> dict[str, Any]:
    """Sampled betweenness against igraph's exact values (normalised the same way)."""
    nodes = list(collab)
    index = {v: i for i, v in enumerate(nodes)}
    g = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in collab.edges])
    t, exact = timed(g.betweenness, "igraph exact betweenness")
    n = len(nodes)
    scale = 2 / ((n - 1) * (n - 2))
    exact_n = {v: exact[i] * scale for i, v in enumerate(nodes)}
    err = [abs(ours[v] - exact_n[v]) for v in nodes]
    top = 20
    best_exact = set(sorted(nodes, key=lambda v: -exact_n[v])[:top])
    best_ours = set(sorted(nodes, key=lambda v: -ours[v])[:top])
    return {
        "igraph_exact_s": t,
        "max_abs_error": max(err),
        "mean_abs_error": sum(err) / n,
        "largest_exact": max(exact_n.values()),
        f"top{top}_overlap": len(best_exact & best_ours),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--store", help="an existing store instead of a demo")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument(
        "--betweenness-error",
        action="store_true",
        help="also time igraph's exact betweenness, to measure the sampling error",
    )
    args = parser.parse_args()
    store = open_store(store_for(args))
    figures: dict[str, Any] = {"store": store.url, "cpus": os.cpu_count()}
    t, graph = timed(store.project, "projection")
    figures["projection_s"] = t
    snapshot = Snapshot(graph)
    t_report, _ = timed(lambda: weave_report(snapshot), "full report")
    figures["report_s"] = t_report
    figures["report_repeat_s"] = min(timed(lambda: weave_report(snapshot))[0] for _ in range(5))
    figures["peak_rss_mb"] = rss_mb()
    collab = c.collaboration(snapshot)
    figures["people"], figures["collaboration_ties"] = len(collab), collab.number_of_edges()
    ours: dict[str, float] = {}
    ours["graph_build"], adj = timed(lambda: sm.adjacency(collab), "ours sparse matrix build")
    for measure in c.MEASURES:
        ours[measure], _ = timed(lambda m=measure: c.scores(collab, m, adj), f"ours {measure}")
    ours["constraint+effective_size"], holes = timed(
        lambda: b.structural_holes(collab, adj=adj), "ours constraint+effective_size"
    )
    ours["louvain"], _ = timed(lambda: cm.louvain(collab), "ours louvain")
    ours["core_number"], _ = timed(lambda: cm.core_numbers(collab, adj), "ours core_number")
    ours["articulation_points+bridges"], _ = timed(
        lambda: b._block_cut_pieces([set(x) for x in nx.biconnected_components(collab)]),
        "ours articulation_points+bridges",
    )
    figures["measures"] = ours_vs_igraph(collab, ours)
    figures["structural_holes"] = holes_vs_networkx(
        collab, ours["constraint+effective_size"], holes
    )
    if args.betweenness_error:
        figures["betweenness_sampling"] = betweenness_error(collab, c.scores(collab, "betweenness"))
    figures["peak_rss_mb"] = max(figures["peak_rss_mb"], rss_mb())
    print_figures(figures)
    if args.json:
        args.json.write_bytes(orjson.dumps(figures, option=orjson.OPT_INDENT_2))


def print_figures(f: dict[str, Any]) -> None:
    print(f"store {f['store']}  ({f['cpus']} CPUs)")
    print(f"people {f['people']:,}, collaboration ties {f['collaboration_ties']:,}")
    print(f"projection           {f['projection_s']:8.2f} s")
    print(f"full report          {f['report_s']:8.2f} s (fresh snapshot, every analysis computed)")
    print(f"report, cached       {f['report_repeat_s'] * 1000:8.1f} ms")
    print(f"peak memory (RSS)    {f['peak_rss_mb']:8.0f} MB")
    print(f"{'measure':30} {'ours s':>9} {'igraph s':>9} {'ratio':>7}  note")
    for r in f["measures"]:
        ours = "" if r.get("ours_s") is None else f"{r['ours_s']:9.3f}"
        ratio = "" if r.get("ratio") is None else f"{r['ratio']:7.1f}"
        print(f"{r['measure']:30} {ours:>9} {r['igraph_s']:9.3f} {ratio:>7}  {r.get('note', '')}")
    h = f["structural_holes"]
    print(
        f"constraint + effective size, all nodes: ours {h['ours_all_s']:.2f} s, NetworkX "
        f"{h['networkx_all_estimated_s']:.0f} s (from {h['sample']} nodes in "
        f"{h['networkx_sample_s']:.1f} s), {h['speedup']:.0f}x; largest difference "
        f"{h['max_abs_difference']:.1e}"
    )
    if "betweenness_sampling" in f:
        e = f["betweenness_sampling"]
        print(
            f"sampled betweenness vs exact (igraph {e['igraph_exact_s']:.1f} s): max error "
            f"{e['max_abs_error']:.2e}, mean {e['mean_abs_error']:.2e} (largest value "
            f"{e['largest_exact']:.3f}), top-20 overlap {e['top20_overlap']}/20"
        )


if __name__ == "__main__":
    main()
