"""The question pages: who knows what (``/who-knows``) and who can introduce me
(``/introduce``). Plain GET forms; a typed name that fits several nodes or none is answered on
the same page, the form kept filled, with the nodes it may have meant as links."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from phakhee.api.deps import CurrentVersion
from phakhee.api.routers.web.common import TAG, Lang, page
from phakhee.graph.errors import InvalidInput
from phakhee.queries.pages import ask

router = APIRouter(tags=[TAG], include_in_schema=False)
Typed = Annotated[str | None, Query(max_length=200)]


@router.get("/who-knows")
def who_knows(
    request: Request, gv: CurrentVersion, lang: Lang, topic: Typed = None, place: Typed = None
) -> Response:
    """People ranked by their evidence on a topic or skill, in a province, region or zone if
    given."""
    subject = ask.resolve(gv, topic, ask.SUBJECTS)
    where = ask.place(gv, place)
    answer = None
    if subject.id and (where.id or not where.text):
        answer = ask.who_knows(gv, subject.id, where.id)
    return page(
        request,
        lang,
        "who_knows.html",
        subject=subject,
        where=where,
        answer=answer,
        choices=ask.choices(gv),
    )


@router.get("/introduce")
def introduce(
    request: Request,
    gv: CurrentVersion,
    lang: Lang,
    from_: Annotated[str | None, Query(alias="from", max_length=200)] = None,
    to: Typed = None,
) -> Response:
    """The shortest chains of acquaintance from a person to a person, a partner or a team."""
    start = ask.resolve(gv, from_, ask.FROM)
    goal = ask.resolve(gv, to, ask.TO)
    chains, same = None, False
    if start.id and goal.id:
        try:
            chains = ask.introduce(gv, start.id, goal.id)
        except InvalidInput:
            same = True
    return page(request, lang, "introduce.html", start=start, goal=goal, chains=chains, same=same)
