"""The readable address of every node's page: ``/people/000060``, ``/provinces/nan``; and of a
zone's dashboard, ``/zones/northeast-upper``.

A node id is ``kind:slug``; its page is ``/{path of the kind}/{slug}``. One table, both ways, so
every page links to every other the same way and a typed address finds its node.
"""

from __future__ import annotations

from urllib.parse import quote

PATHS: dict[str, str] = {
    "person": "people",
    "team": "teams",
    "partner": "partners",
    "province": "provinces",
    "region": "regions",
    "zone": "zones",
    "district": "districts",
    "subdistrict": "subdistricts",
    "topic": "topics",
    "lesson": "lessons",
    "event": "events",
    "skill": "skills",
    "assessment": "assessments",
}
"""The path segment of each kind's pages, and of the zones' dashboards (a zone is no node)."""
KINDS: dict[str, str] = {path: kind for kind, path in PATHS.items()}


def node_href(node_id: str) -> str:
    """The page of the node ``node_id`` (``province:nan`` → ``/provinces/nan``)."""
    kind, _, slug = node_id.partition(":")
    return f"/{PATHS[kind]}/{quote(slug, safe='')}"


def node_id(path: str, slug: str) -> str:
    """The node id a page address names (``provinces``, ``nan`` → ``province:nan``); KeyError
    for a path that is no kind's."""
    return f"{KINDS[path]}:{slug}"
