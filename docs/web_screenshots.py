"""Regenerate the screenshots of the web app in docs/ (shown by the README and docs/web.md): each
page in Thai, in a phone's window (390×844) and a laptop's (1400×900).

    python -m docs.web_screenshots                  # builds the 1,000-person demo in a temp store
    python -m docs.web_screenshots --store sqlite:///./phakhee.db

Serves the app on loopback and photographs each page in headless Chromium (Debian's, via
Playwright) with the language set to Thai; a page whose address does not answer 200 is named and
left out.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
from pathlib import Path

from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.graph.stores import open_store
from phakhee.loaders.demo import build_demo
from tests.served import in_thread

DOCS = Path(__file__).parent
PAGES = {  # file name stem: address
    "web-home": "/",
    "web-find": "/find?q=งดเหล้าเข้าพรรษา",
    "web-province": "/provinces/nan",
    "web-who-knows": "/who-knows?topic=เยาวชน&place=อีสาน",
    "web-upload": "/upload",
}
WINDOWS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1400, "height": 900}}


def shoot(origin: str, pages: dict[str, str], *, chromium: str = "/usr/bin/chromium") -> None:
    """Photograph each page at each window size into docs/STEM-WINDOW.png."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        for window, size in WINDOWS.items():
            context = browser.new_context(viewport=size, locale="th-TH")
            page = context.new_page()
            for stem, path in pages.items():
                response = page.goto(origin + path)
                if response is None or response.status != 200:
                    print(f"left out {path}: {response.status if response else 'no answer'}")
                    continue
                page.wait_for_timeout(200)
                out = DOCS / f"{stem}-{window}.png"
                page.screenshot(path=out)
                print(f"wrote {out}")
            context.close()
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", help="a demo store (default: build the 1,000-person demo)")
    args = parser.parse_args()
    url = args.store
    if url is None:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='phakhee-shots-')}/demo.db"
        build_demo(SQLiteStore(url.removeprefix("sqlite:///")), 1000, 7, dt.date(2026, 6, 30))
    store = open_store(url)
    with in_thread(store) as origin:
        shoot(origin, PAGES)
    store.close()


if __name__ == "__main__":
    main()
