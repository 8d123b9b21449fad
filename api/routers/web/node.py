"""The page of every person, team, partner, topic, lesson, event, skill and assessment, at its
readable address (``/people/000060``, ``/topics/buddhist-lent``): one route per kind, so no
address pattern stands over another family's routes. Contact fields show as the JSON routes
show them: to the asker's audience (``deps.Viewer``) at the node's places."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from phakhee.api.deps import Asker, CurrentVersion, Viewer
from phakhee.api.routers.web.common import TAG, Lang, page
from phakhee.api.routers.web.edit import may_edit
from phakhee.queries.pages.node import PAGED, node_page
from phakhee.viz.web.links import PATHS

router = APIRouter(tags=[TAG], include_in_schema=False)

Slug = Annotated[str, Path(min_length=1, max_length=200)]


def _route(kind: str) -> Callable[..., Response]:
    def show(
        slug: Slug, request: Request, gv: CurrentVersion, lang: Lang, asker: Asker, seen: Viewer
    ) -> Response:
        p = node_page(gv, f"{kind}:{slug}", seen)
        return page(request, lang, "node.html", p=p, may_edit=may_edit(asker, gv, p.node.id))

    show.__name__ = f"{kind}_page"
    show.__doc__ = f"The page of a {kind}: its facts, its ties by kind, what it knows."
    return show


for _kind in PAGED:
    router.add_api_route(f"/{PATHS[_kind]}/{{slug}}", _route(_kind), methods=["GET"])
