"""The weave report shows names as typed: in Markdown no name becomes markup, in HTML no name a tag.

The Markdown is checked by rendering it with markdown-it (CommonMark with tables, what most
viewers follow), so "literal" means what a reader sees, not what the source looks like.
"""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from phakhee.graph.store import GraphStore
from phakhee.queries.analytics.report import md_text, render, weave_report
from phakhee.queries.cache import GraphVersion
from tests.queries.gap_network import NODES, TIES
from tests.queries.network import write_network

IMAGE = "<img src=x onerror=alert(1)>"
MARKUP = "**bold** [link](http://x)"
_TAG = re.compile(r"<(/?)([a-z0-9]+)")


def _markdown_to_html(text: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(text)


def _tags(page: str) -> set[str]:
    return {m.group(2) for m in _TAG.finditer(page)}


@pytest.fixture
def gv(sqlite_store: GraphStore) -> GraphVersion:
    names = {"person:a": IMAGE, "team:nan": MARKUP}
    nodes = [n | {"name": names[n["id"]]} if n["id"] in names else n for n in NODES]
    write_network(sqlite_store, nodes, TIES)
    return GraphVersion(sqlite_store.project())


def test_markdown_shows_html_and_markdown_in_names_as_text(gv: GraphVersion) -> None:
    md = render(weave_report(gv), "md")
    assert "| &lt;img src=x onerror=alert(1)&gt; | province:nan |" in md
    assert "| team:nan | \\*\\*bold\\*\\* \\[link\\](http\\://x) | province:nan |" in md
    page = _markdown_to_html(md)
    assert _tags(page) <= {"h1", "h2", "p", "table", "thead", "tbody", "tr", "th", "td"}
    cells = [html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", page)]
    assert IMAGE in cells
    assert MARKUP in cells


def test_html_escapes_every_name(gv: GraphVersion) -> None:
    page = render(weave_report(gv), "html")
    assert "<img" not in page and "<strong>" not in page and "<a " not in page
    assert "<td>&lt;img src=x onerror=alert(1)&gt;</td>" in page
    assert "<td>**bold** [link](http://x)</td>" in page


def test_a_title_is_escaped_like_a_cell() -> None:
    page = _markdown_to_html(f"# {md_text('Weave report: ' + MARKUP + ' #')}")
    assert _tags(page) == {"h1"}
    assert html.unescape(page) == f"<h1>Weave report: {MARKUP} #</h1>\n"


@pytest.mark.parametrize(
    "name",
    [
        "<script>alert(1)</script>",
        "`code` ~~struck~~ _under_ *star*",
        "![image](http://x/i.png)",
        "<http://autolink>",
        "a | b",
        "back\\slash\\* and &amp; and &#60;",
        "สสจ.น่าน (ภาครัฐ) 1.5 - งดเหล้า",
        "line one\nline two",
    ],
)
def test_a_name_in_a_table_cell_renders_as_itself(name: str) -> None:
    assert _cell(name) == " ".join(name.splitlines())


@settings(max_examples=300, deadline=None)
@given(
    name=st.text(
        alphabet=st.characters(
            codec="utf-8", categories=("L", "N", "P", "S", "Zs"), exclude_characters="\u00a0"
        ),
        max_size=40,
    )
)
def test_any_name_in_a_table_cell_renders_as_itself(name: str) -> None:
    assert _cell(name) == name.strip(" ")


def _cell(name: str) -> str:
    """The text a reader sees in the one cell of a table holding ``md_text(name)``."""
    page = _markdown_to_html(f"| h |\n|---|\n| {md_text(name)} |\n")
    assert _tags(page) <= {"table", "thead", "tbody", "tr", "th", "td"}, page
    (cell,) = re.findall(r"<td>(.*?)</td>", page, re.S) or [""]
    return html.unescape(cell)
