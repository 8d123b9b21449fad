"""``phakhee view index --out DIR/``: the index and every view it lists, written side by side and
linked to each other, so the folder works from disk or the NAS; a single page without
``--link-base`` links nowhere."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.viz.view_pages import page_file
from tests.api.test_cli import PHAKHEE, run
from tests.viz.network import build_view_network

pytestmark = pytest.mark.skipif(PHAKHEE is None, reason="install the project (pip install -e .)")

PAGES = [
    "ego-person-broker.html",
    "gaps.html",
    "index.html",
    "province-province-nan.html",
    "region-region-northeast.html",
    "sector-all.html",
    "topic-topic-lent.html",
    "weave.html",
]
HREF = re.compile(r'<a\s[^>]*href="([^"]*)"')


def written_site(folder: Path) -> tuple[str, Path]:
    """The hand-built view network in a store in ``folder``, and its pages written to
    ``folder/site/`` by ``phakhee view index --out site/``: (the store's URL, the site)."""
    store = SQLiteStore(folder / "g.db")
    build_view_network(store)
    store.close()
    url = f"sqlite:///{folder}/g.db"
    done = run("view", "index", "--out", "site/", store=url, cwd=folder)
    assert done.returncode == 0, done.stderr
    return url, folder / "site"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    yield written_site(tmp_path_factory.mktemp("written"))


def _links(page: str) -> list[str]:
    """Every ``<a href>`` of a page, and every node's double-click ``url`` in its data."""
    found = HREF.findall(page)
    data = re.search(
        r'<script type="application/json" id="phakhee-data">(.*?)</script>', page, re.S
    )
    if data:
        found += [n["url"] for n in orjson.loads(data.group(1))["nodes"] if "url" in n]
    return found


def test_the_folder_holds_the_index_and_every_view_it_lists(site: tuple[str, Path]) -> None:
    _, folder = site
    assert sorted(p.name for p in folder.iterdir()) == PAGES
    index = (folder / "index.html").read_text("utf-8")
    assert HREF.findall(index) == [
        "weave.html",
        "province-province-nan.html",
        "region-region-northeast.html",
        "topic-topic-lent.html",
        "sector-all.html",
        "ego-person-broker.html",
        "gaps.html",
    ]
    weave = (folder / "weave.html").read_text("utf-8")
    assert _links(weave) == ["index.html", "province-province-nan.html"]  # Nan's label on the map
    for name in PAGES:
        for link in _links((folder / name).read_text("utf-8")):
            assert link in PAGES, (name, link)


def test_one_page_written_without_a_link_base_links_nowhere(
    site: tuple[str, Path], tmp_path: Path
) -> None:
    url, _ = site
    for args, file in (
        (("view", "index", "--out", "one.html"), "one.html"),
        (("view", "province", "province:nan", "--out", "in/"), "in/province-province-nan.html"),
    ):
        done = run(*args, store=url, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert _links((tmp_path / file).read_text("utf-8")) == []
    assert sorted(p.name for p in (tmp_path / "in").iterdir()) == ["province-province-nan.html"]


def test_with_a_link_base_the_index_links_to_the_served_views(
    site: tuple[str, Path], tmp_path: Path
) -> None:
    url, _ = site
    served = "http://phakhee.example:8000/views/"
    done = run("view", "index", "--out", "i.html", "--link-base", served, store=url, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    links = HREF.findall((tmp_path / "i.html").read_text("utf-8"))
    assert links[:2] == [f"{served}weave", f"{served}province/province:nan"]
    assert len(links) == 7


def test_a_file_name_is_safe_and_never_shared() -> None:
    assert page_file("weave") == "weave.html"
    assert page_file("province", "province:nan") == "province-province-nan.html"
    assert page_file("ego", 'team:<svg>"x') == "ego-team-svg-x-9fd2a247.html"
    assert page_file("ego", "person:สมชาย") == "ego-person-e7fef005.html"
    assert page_file("ego", "a:b/../c") == "ego-a-b-..-c-2232609c.html"
