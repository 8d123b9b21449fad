"""Regenerate the screenshots of the views in docs/ (shown by the README and docs/views.md).

    python docs/screenshots.py                     # builds the 1,000-person demo in a temp store
    python docs/screenshots.py --store sqlite:///./phakhee.db --country-store sqlite:////tmp/v100k.db

Renders each view as ``phakhee view`` does and photographs it in headless Chromium (Debian's,
via Playwright) at 1400×900 once vis-network has drawn it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
from pathlib import Path

from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.graph.stores import open_store
from phakhee.loaders.demo import build_demo
from phakhee.queries.cache import GraphCache
from phakhee.viz.view_pages import view_html

DOCS = Path(__file__).parent
SHOTS = {  # file: (view, id)
    "view-province.png": ("province", "province:nan"),
    "view-weave.png": ("weave", None),
}


def shoot(pages: dict[str, str], *, chromium: str = "/usr/bin/chromium") -> None:
    """Photograph each HTML page into docs/NAME."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        for name, html in pages.items():
            path = Path(tmp) / (name + ".html")
            path.write_text(html, encoding="utf-8")
            page.goto(path.as_uri())
            page.wait_for_selector("body[data-drawn='1']", state="attached", timeout=60_000)
            page.wait_for_timeout(300)
            page.screenshot(path=DOCS / name)
            print(f"wrote {DOCS / name}")
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", help="a demo store (default: build the 1,000-person demo)")
    parser.add_argument(
        "--country-store", help="a large demo store: also photograph its whole-country view"
    )
    args = parser.parse_args()
    url = args.store
    if url is None:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='phakhee-shots-')}/demo.db"
        build_demo(SQLiteStore(url.removeprefix("sqlite:///")), 1000, 7, dt.date(2026, 6, 30))
    gv = GraphCache(open_store(url)).current()
    pages = {name: view_html(gv, view, ident) for name, (view, ident) in SHOTS.items()}
    if args.country_store:
        big = GraphCache(open_store(args.country_store)).current()
        pages["view-country.png"] = view_html(big, "weave")
    shoot(pages)


if __name__ == "__main__":
    main()
