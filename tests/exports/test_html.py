"""The ``html`` export (the view of a scope, offline) and what views and HTML exports never show:
contact fields by default, and anything of an erased person (the snapshot diff view included).

Pages carry their data as JSON with non-ASCII escaped (``\\u0e19``), so each scan looks at the
bytes as written and at the text with those escapes undone.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator

import networkx as nx
import orjson
import pytest

from phakhee.api.export_files import NAMES, file_type, write_export
from phakhee.graph.errors import InvalidInput, NotFound
from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.queries.cache import GraphVersion
from phakhee.queries.records.person_rights import erase_person
from phakhee.queries.records.snapshots import create_snapshot
from phakhee.viz.view_pages import Filters, diff_html, index_html, view_html
from tests.exports.conftest import contacts

SCOPES = [
    (None, "weave"),
    ("province=น่าน", "province"),
    ("region=north", "region"),
    ("topic=youth", "topic"),
    ("ego=person:000002", "ego"),
]
UNESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def _readable(blob: bytes) -> str:
    """The page's text with JSON's ``\\uXXXX`` escapes undone (what a browser would show)."""
    return UNESCAPE.sub(lambda m: chr(int(m.group(1), 16)), blob.decode("utf-8"))


def _leaks(blob: bytes, secrets: Iterable[str]) -> list[str]:
    """The secrets found in the page, as bytes or as text once its escapes are undone."""
    text = _readable(blob)
    return [s for s in secrets if s.encode() in blob or s in text]


def _html(gv: GraphVersion, scope: str | None = None, **kw: object) -> bytes:
    out = io.BytesIO()
    write_export(gv, "html", out, scope=scope, **kw)  # type: ignore[arg-type]
    return out.getvalue()


def _data(blob: bytes) -> dict:
    found = re.search(rb'<script type="application/json" id="phakhee-data">(.*?)</script>', blob)
    assert found is not None
    return orjson.loads(found.group(1))


def _meta(blob: bytes) -> dict[str, str]:
    return {
        k.decode(): v.decode()
        for k, v in re.findall(rb'<meta name="phakhee:(\w+)" content="([^"]*)">', blob)
    }


def _view_ids(g: nx.MultiDiGraph) -> list[tuple[str, str | None]]:
    topic = next(n for n, k in g.nodes(data="kind") if k == "topic")
    person = next(n for n, k in g.nodes(data="kind") if k == "person")
    team = next(n for n, k in g.nodes(data="kind") if k == "team")
    partner = next(n for n, k in g.nodes(data="kind") if k == "partner")
    return [
        ("weave", None),
        ("gaps", None),
        ("province", "province:nan"),
        ("region", "region:north"),
        ("topic", topic),
        ("sector", "all"),
        ("sector", "government"),
        ("ego", person),
        ("ego", team),
        ("ego", partner),
    ]


def _every_page(gv: GraphVersion) -> Iterator[tuple[str, bytes]]:
    """Every view of the graph (with and without the colour and depth options) and every HTML export."""
    yield "index", index_html(gv).encode()
    for name, ident in _view_ids(gv.graph):
        yield f"{name} {ident}", view_html(gv, name, ident).encode()
        for f in (Filters(colour="kind"), Filters(depth=2, measure="betweenness")):
            yield f"{name} {ident} {f}", view_html(gv, name, ident, f).encode()
    for scope, _ in SCOPES:
        if scope and scope.startswith("ego=") and scope[4:] not in gv.graph:
            continue
        yield f"export {scope}", _html(gv, scope)


@pytest.fixture(scope="module")
def demo_gv(demo: nx.MultiDiGraph) -> GraphVersion:
    return GraphVersion(demo)


def test_html_is_an_export_format_with_its_file_type() -> None:
    assert "html" in NAMES
    assert file_type("html") == ("html", "text/html; charset=utf-8")
    with pytest.raises(InvalidInput, match="html"):
        file_type("pdf")


@pytest.mark.parametrize(("scope", "view"), SCOPES)
def test_an_html_export_is_the_view_of_its_scope_with_the_metadata(
    demo_gv: GraphVersion, scope: str | None, view: str
) -> None:
    blob = _html(demo_gv, scope, snapshot_id="4")
    assert f'data-view="{view}"'.encode() in blob
    meta = _meta(blob)
    assert meta["format"] == "html" and meta["redacted"] == "true"
    assert meta["graph_version"] == str(demo_gv.version)
    assert meta["scope"].split("=")[0] == (scope or "all").split("=")[0]
    assert meta["snapshot"] == "4" and meta["program_version"] and meta["exported_at"]
    assert b"export: " in blob and b"redacted=true" in blob  # the line under the title
    # self-contained and offline: vis-network inlined, a CSP, no links and nothing fetched
    assert b'http-equiv="Content-Security-Policy"' in blob
    assert b"vis.Network" in blob
    assert not re.search(rb"<(script|link|img)[^>]+(src|href)=", blob)
    data = _data(blob)
    assert data["nodes"] and all("url" not in n for n in data["nodes"])


def test_html_export_scopes_resolve_names_and_unknown_ones_are_not_found(
    demo_gv: GraphVersion,
) -> None:
    assert _meta(_html(demo_gv, "province=Nan"))["scope"] == "province=province:nan"
    with pytest.raises(NotFound):
        _html(demo_gv, "province=atlantis")
    with pytest.raises(InvalidInput):
        _html(demo_gv, "planet=mars")


def test_no_view_or_default_html_export_shows_a_phone_email_line_id_or_address(
    demo: nx.MultiDiGraph, demo_gv: GraphVersion
) -> None:
    secrets = contacts(demo)
    assert len(secrets) > 100
    for what, blob in _every_page(demo_gv):
        leaked = _leaks(blob, secrets)
        assert leaked == [], f"{what}: {leaked[:3]}"


def test_an_unredacted_html_export_shows_the_contacts_of_the_people_it_draws(
    demo: nx.MultiDiGraph, demo_gv: GraphVersion
) -> None:
    blob = _html(demo_gv, "province=province:nan", redact=False)
    assert _meta(blob)["redacted"] == "false"
    drawn = {n["id"] for n in _data(blob)["nodes"]}
    phones = [demo.nodes[n]["phone"] for n in drawn if demo.nodes[n].get("phone")]
    assert phones and _leaks(blob, phones) == phones


def test_after_erasure_no_view_or_html_export_holds_the_persons_name_or_contacts(
    demo_store: SQLiteStore,
) -> None:
    from phakhee.queries.cache import GraphCache

    cache = GraphCache(demo_store)
    g = cache.current().graph
    names = Counter(a["name"] for _, a in g.nodes(data=True))
    person = max(  # a well-connected person with a unique name and every contact field
        (
            n
            for n, a in g.nodes(data=True)
            if a["kind"] == "person"
            and all(a.get(f) for f in ("phone", "email", "line_id"))
            and names[a["name"]] == 1
        ),
        key=lambda n: (g.degree(n), n),
    )
    attrs = g.nodes[person]
    secrets = [
        str(attrs[f])
        for f in ("name", "name_en", "phone", "email", "line_id", "address")
        if attrs.get(f)
    ]
    before = view_html(cache.current(), "weave").encode()
    assert _leaks(before, [attrs["name"]])  # the scan would see the name if it were there
    assert _leaks(_html(cache.current(), "ego=" + person, redact=False), [attrs["phone"]])

    first = create_snapshot(demo_store, g, "before").id
    erase_person(demo_store, person)
    second = create_snapshot(demo_store, demo_store.project(), "after").id
    after = cache.current()
    diff_page = diff_html(demo_store, first, second).encode()
    assert b"ties lost" in diff_page or b"tie lost" in diff_page  # the erasure shows as a change
    assert _leaks(diff_page, secrets) == []
    assert f'"{person}"'.encode() not in diff_page
    assert person not in after.graph
    for what, blob in _every_page(after):
        leaked = _leaks(blob, secrets)
        assert leaked == [], f"{what}: {leaked}"
        assert f'"{person}"'.encode() not in blob, what
    for scope, _ in SCOPES[:-1]:  # unredacted too: the person is gone, not hidden
        blob = _html(after, scope, redact=False)
        assert _leaks(blob, secrets) == [], scope
    with pytest.raises(NotFound):
        _html(after, f"ego={person}")
