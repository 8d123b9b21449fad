"""Every text that reaches a page is escaped: markup in a name shows as text and runs nothing."""

from __future__ import annotations

import json
import re

from phakhee.queries.drawing.selection import Selection
from phakhee.viz.page import assets, csp
from phakhee.viz.views import index_page, network_page

XSS = "<img src=x onerror=alert(1)>"


def _selection() -> Selection:
    nodes = {
        "person:a": {
            "kind": "person",
            "name": XSS,
            "name_en": "</script><script>alert(2)</script>",
        },
        "team:b": {
            "kind": "team",
            "name": "ทีม <b>หนา</b>",
            "name_en": 'x" href="javascript:alert(3)',
        },
    }
    return Selection("weave", f"title {XSS}", nodes, [("person:a", "team:b", 2.0)], total=2)


def _data(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="phakhee-data">(.*?)</script>', page, re.S)
    assert m is not None
    return json.loads(m.group(1))


def _page() -> str:
    return network_page(
        _selection(), sizes={"person:a": 0.5}, positions={"person:a": (0, 0), "team:b": (10, 0)}
    )


def test_no_markup_from_the_data_reaches_the_page_raw() -> None:
    page = _page().replace(assets()["vis_js"], "")
    assert XSS not in page
    assert "<script>alert" not in page
    assert "<b>หนา</b>" not in page
    assert page.count("<script") == 3  # the data block, vis-network, our own script
    assert "&lt;img src=x onerror=alert(1)&gt;" in page  # the heading shows it as text


def test_labels_and_tooltips_arrive_as_the_exact_text() -> None:
    data = _data(_page())
    by_id = {n["id"]: n for n in data["nodes"]}
    assert by_id["person:a"]["label"].startswith(XSS)
    assert XSS in by_id["person:a"]["title"]
    assert "href" in by_id["team:b"]["title"]  # plain text: vis-network sets innerText for strings


def test_page_is_offline_utf8_and_thai_ready() -> None:
    page = _page()
    assert '<meta charset="utf-8">' in page
    assert "Noto Sans Thai" in page and "Loma" in page
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert not re.search(r"<(script|link)[^>]+(src|href)=", page)  # nothing loaded from anywhere
    assert assets()["vis_js"] in page


def test_every_page_has_a_legend() -> None:
    assert 'id="legend"' in _page()
    assert 'id="legend"' in index_page([("/views/weave", "<i>w</i>", "x")], version=3)
    assert "&lt;i&gt;w&lt;/i&gt;" in index_page([("/views/weave", "<i>w</i>", "x")], version=3)


def test_csp_allows_only_our_scripts_by_hash() -> None:
    policy = csp()
    assert "default-src 'none'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert policy.count("'sha256-") == 2
    assert "connect-src 'none'" in policy
