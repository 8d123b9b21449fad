"""Benchmark: the whole-weave view on the demo networks — layout time and time until drawn in Chromium.

    python bench/view_render.py --people 1000 10000 100000
    python bench/view_render.py --store sqlite:////tmp/v10k.db      # an existing demo store

For each network: projection time; the map layout of every person, team and partner (cold: the
weave, degree centrality and the layout built from a fresh graph version; cached: the same call
again);
the default whole-weave page's HTML (cold, cached); then a real uvicorn on loopback serves it to
headless Chromium (Debian's, via Playwright) and we record the time from navigation start until
vis-network has drawn it (physics is off, so drawn is stable: positions are checked unchanged
500 ms later) and the time of one full redraw (a zoom). The same for the largest views drawn
node by node (MAX_DRAWN nodes), to show where the limit sits. The figures go to
bench/results/view_render-PEOPLE.json (or --json PATH).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import socket
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

from _common import Run, add_json_option

from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.graph.stores import open_store
from phakhee.loaders.demo import build_demo
from phakhee.queries.cache import GraphVersion
from phakhee.queries.drawing import view_inputs as vi
from phakhee.queries.drawing.selection import MAX_DRAWN
from phakhee.viz.view_pages import Filters, select, view_html

CHROMIUM = "/usr/bin/chromium"


def _secs(fn) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def _fetch(url: str) -> float:
    """Seconds for the server to answer ``url`` in full."""
    t = time.perf_counter()
    with urllib.request.urlopen(url, timeout=900) as response:
        response.read()
    return time.perf_counter() - t


def _serve(store) -> tuple[str, object]:  # type: ignore[no-untyped-def]
    import uvicorn

    from phakhee.api.app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning")
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


def _draw(browser, url: str) -> dict[str, float]:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_selector("body[data-drawn='1']", state="attached", timeout=120_000)
    drawn = float(page.get_attribute("body", "data-drawn-at") or "nan")
    before = page.evaluate("JSON.stringify(window.phakhee.network.getPositions())")
    page.wait_for_timeout(500)
    after = page.evaluate("JSON.stringify(window.phakhee.network.getPositions())")
    redraw = page.evaluate(
        """() => { const n = window.phakhee.network; const t = performance.now();
        n.moveTo({scale: n.getScale() * 1.5}); n.renderer._redraw(); return performance.now() - t; }"""
    )
    nodes = page.evaluate("window.phakhee.nodes.length")
    page.close()
    assert not errors, errors
    return {"drawn_ms": drawn, "stable": before == after, "redraw_ms": redraw, "nodes": nodes}


def bench(url: str, sizes_to_try: list[int]) -> dict[str, Any]:
    store = open_store(url)
    t_proj, graph = _secs(store.project)
    gv = GraphVersion(graph)
    w_people = sum(1 for _, a in graph.nodes(data=True) if a["kind"] == "person")
    print(f"\n== {w_people:,} people ({url}) — projection {t_proj:.1f} s")
    figures: dict[str, Any] = {"store": url, "people": w_people, "projection_s": t_proj}

    # Any map view lays out the whole weave once (cached by version); one province's teams is
    # the cheapest map view to ask for it with.
    teams = Filters(kinds=["team"], province="province:nan")
    cold, _ = _secs(lambda: vi.positions(gv, select(gv, "weave", None, teams), vi.sizes(gv)))
    pos = gv.derived("views:layout:geo", lambda g: {})
    sel = select(gv, "weave", None, teams)
    cached, _ = _secs(lambda: vi.positions(gv, sel, vi.sizes(gv)))
    figures["layout"] = {"nodes": len(pos), "cold_s": cold, "cached_s": cached}
    print(
        f"map layout of the whole weave ({len(pos):,} nodes): cold {cold:.2f} s "
        f"(weave, degree and layout from a fresh graph version), cached {cached:.3f} s"
    )
    fresh = GraphVersion(graph)
    page_cold, html = _secs(lambda: view_html(fresh, "weave"))
    page_cached, _ = _secs(lambda: view_html(fresh, "weave"))
    size, wire = len(html.encode("utf-8")), len(gzip.compress(html.encode("utf-8"), 5))
    figures["weave_page"] = {
        "cold_s": page_cold,
        "cached_s": page_cached,
        "bytes": size,
        "gzip_bytes": wire,
    }
    print(
        f"default whole-weave page: cold {page_cold:.2f} s, cached {page_cached:.2f} s, "
        f"{size / 1e6:.1f} MB ({wire / 1e6:.1f} MB gzipped, as the API sends it)"
    )
    from playwright.sync_api import sync_playwright

    scores = sorted(vi.sizes(gv).values(), reverse=True)
    cut = scores[min(len(scores), MAX_DRAWN) - 1] + 1e-12 if len(scores) > MAX_DRAWN else 0.0

    origin, server = _serve(store)
    figures["views"], figures["node_by_node"] = [], []
    views = {
        "default whole weave": "/views/weave",
        f"weave, centrality ≥ {cut:.2g} (at most {MAX_DRAWN})": f"/views/weave?min_centrality={cut!r}",
        "gaps": "/views/gaps",
        "province (Nan)": "/views/province/province:nan",
        "sector map (all)": "/views/sector/all",
    }
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            for what, path in views.items():
                # The first request builds what the view needs (the first one also projects).
                first = _fetch(origin + path)
                warm = _fetch(origin + path)
                print(f"  {what}: server {first:.2f} s first request, {warm:.2f} s after")
                r = _draw(browser, origin + path)
                figures["views"].append(
                    {"view": what, "path": path, "first_s": first, "warm_s": warm, **r}
                )
                print(
                    f"    {r['nodes']:,} nodes drawn and stable in {r['drawn_ms']:.0f} ms "
                    f"(stable={r['stable']}), redraw {r['redraw_ms']:.0f} ms"
                )
            if sizes_to_try:
                print("  the weave drawn node by node, most central first (file://, no server):")
            drawn: set[int] = set()
            for k in sizes_to_try:
                cut = scores[min(len(scores), k) - 1] + 1e-12
                chosen = select(gv, "weave", None, Filters(min_centrality=cut, limit=10**9))
                if chosen.aggregate or len(chosen.nodes) < k // 2 or len(chosen.nodes) in drawn:
                    continue  # the country view, far fewer than asked, or drawn already
                drawn.add(len(chosen.nodes))
                page = Path(tempfile.mkdtemp(prefix="phakhee-v-")) / "weave.html"
                filters = Filters(min_centrality=cut, limit=10**9)
                page.write_text(view_html(gv, "weave", None, filters), encoding="utf-8")
                r = _draw(browser, page.as_uri())
                figures["node_by_node"].append({"asked": k, **r})
                print(
                    f"    {r['nodes']:,} nodes: drawn and stable in {r['drawn_ms']:.0f} ms, "
                    f"redraw {r['redraw_ms']:.0f} ms"
                )
            browser.close()
    finally:
        server.should_exit = True  # type: ignore[attr-defined]
        store.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, nargs="*", default=[])
    parser.add_argument("--store", nargs="*", default=[], help="existing demo stores (URLs)")
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="*",
        default=[],
        help="also draw the weave's N most central nodes one by one, for each N (where is the limit?)",
    )
    add_json_option(parser)
    args = parser.parse_args()
    label = "-".join([str(n) for n in args.people] + [Path(u).stem for u in args.store]) or None
    run = Run.start("view_render", label, args.json)
    urls = list(args.store)
    for n in args.people:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='phakhee-v-')}/v.db"
        build_demo(SQLiteStore(url.removeprefix("sqlite:///")), n, 7, dt.date(2026, 6, 30))
        urls.append(url)
    networks = [bench(url, args.sizes) for url in urls or ["sqlite:///./phakhee.db"]]
    run.write({"max_drawn": MAX_DRAWN, "sizes_tried": args.sizes, "networks": networks})


if __name__ == "__main__":
    main()
