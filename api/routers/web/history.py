"""The history pages: the snapshots kept (and a form to take one), and what changed between two."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import RedirectResponse

from phakhee.api.deps import CurrentVersion, Store, author_of
from phakhee.api.routers.web import policy_words
from phakhee.api.routers.web.common import TAG, Lang, check_csrf, form_principal, page
from phakhee.graph.access import EVERYWHERE, Action, Anonymous, decide
from phakhee.graph.audit import acting_as
from phakhee.graph.model import TieKind
from phakhee.queries.pages import history as facts
from phakhee.queries.records.snapshots import snapshot_now
from phakhee.viz.web import catalogue
from phakhee.viz.web.words import N_

router = APIRouter(tags=[TAG], include_in_schema=False)
SnapshotId = Annotated[int, Query(ge=1, le=2**53)]
NOTE = 500
"""The longest note a snapshot takes (as the JSON route)."""
TIES: dict[str, str] = {
    TieKind.MEMBER_OF: N_("member of"),
    TieKind.LOCATED_IN: N_("located in"),
    TieKind.WORKS_ON: N_("works on"),
    TieKind.HAS_SKILL: N_("has skill"),
    TieKind.AUTHORED: N_("authored"),
    TieKind.ABOUT: N_("about"),
    TieKind.PARTNERS_WITH: N_("partners with"),
    TieKind.LIAISES_WITH: N_("liaises with"),
    TieKind.ATTENDED: N_("attended"),
    TieKind.HELD_BY: N_("held by"),
    TieKind.PRESENTED_AT: N_("presented at"),
    TieKind.KNOWS: N_("knows"),
    TieKind.ASSESSED: N_("assessed"),
}
"""Each kind of tie, as a diff's table names it."""


def _list(
    request: Request,
    lang: Lang,
    store: Store,
    *,
    status: int = 200,
    note: str = "",
    error: str = "",
) -> Response:
    kept = facts.snapshots(store)
    return page(request, lang, "history.html", status, snapshots=kept, note=note, error=error)


@router.get("/history")
def history(request: Request, lang: Lang, store: Store) -> Response:
    """The snapshots, newest first; a form to take one and a form to compare two."""
    return _list(request, lang, store)


@router.post("/history")
def take(
    request: Request,
    lang: Lang,
    store: Store,
    gv: CurrentVersion,
    note: Annotated[str, Form(max_length=NOTE)] = "",
    key: Annotated[str, Form(max_length=500)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Take a snapshot of the current graph with ``note``, given the write key or signed in as
    an administrator (a record of the whole network); back to the list."""
    check_csrf(request, csrf)
    asker = form_principal(request, key)
    decision = decide(asker, Action.CREATE, EVERYWHERE)
    if not decision:
        if isinstance(asker, Anonymous):
            error = catalogue.gettext(lang, "That write key is not right; no snapshot was taken.")
            return _list(request, lang, store, status=401, note=note, error=error)
        error = policy_words.said(lang, decision.reason)
        return _list(request, lang, store, status=403, note=note, error=error)
    with acting_as(author_of(request, asker, "web")):
        snapshot_now(store, gv.graph, note.strip())
    return RedirectResponse("/history", status_code=303)


@router.get("/history/diff")
def history_diff(
    request: Request, lang: Lang, store: Store, gv: CurrentVersion, a: SnapshotId, b: SnapshotId
) -> Response:
    """What changed from snapshot ``a`` to ``b``: nodes and ties added, removed and changed."""
    say = catalogue.translations(lang).gettext
    return page(
        request,
        lang,
        "history_diff.html",
        diff=facts.history_diff(store, gv, a, b),
        tie_names={k: say(v) for k, v in TIES.items()},
    )
