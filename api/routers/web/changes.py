"""The audit log's page: ``/changes`` in a browser (a script at the same address gets the JSON
route's answer), filtered by a plain GET form that sends the JSON route's parameters
(``audit_log.change_filter``), each change with an undo button.

The page shows the JSON route's own data (``audit_log.change_page``: personal fields by name
only, the address a change came from only to administrators) under the same read policy. Its
undo form is ``POST /changes/undo`` (the address of no JSON route, so the schema's paths answer
only what the schema says) with the CSRF field, for a signed-in account, undone by the JSON
routes' own ``audit_log.undo``. A refusal is the page again with the reason, the status the JSON route
answers, and nothing changed; an undo done goes back to the log with a confirmation (303).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request, Response
from pydantic import BeforeValidator

from phakhee.api import audit_log as log
from phakhee.api import sessions
from phakhee.api.deps import Asker, Store, Viewer, require_read
from phakhee.api.routers.web import edit_words, policy_words
from phakhee.api.routers.web.common import TAG, ForBrowsers, Lang, check_csrf, page, shown
from phakhee.api.routers.web.history import TIES
from phakhee.graph.audit import UndoRefused
from phakhee.graph.errors import Forbidden
from phakhee.queries.pages import changes as facts
from phakhee.queries.pages.history import short
from phakhee.viz.web import catalogue
from phakhee.viz.web.catalogue import Lang as LangCode
from phakhee.viz.web.words import N_

T = TypeVar("T")

router = APIRouter(tags=[TAG], include_in_schema=False)
browsers = APIRouter(tags=[TAG], include_in_schema=False, route_class=ForBrowsers)
"""The page at the JSON route's address: included before it (``app.create_app``)."""


def _blank_none(value: object) -> object:
    """An empty field of the filter form is no filter (the JSON route has no empty value)."""
    return None if value == "" else value


def blank_is_none(dependency: Callable[..., T], *names: str) -> Callable[..., T]:
    """``dependency`` with the query parameters ``names`` read as a GET form sends them: a
    field left empty (``node=``) is as if not sent. Its other parameters, and every name, type,
    bound and default, stay as they are: the page takes the JSON route's parameters."""
    signature = inspect.signature(dependency, eval_str=True)
    parameters = [
        p.replace(annotation=Annotated[p.annotation, BeforeValidator(_blank_none)])
        if p.name in names
        else p
        for p in signature.parameters.values()
    ]

    def from_form(**values: Any) -> T:
        return dependency(**values)

    from_form.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    from_form.__doc__ = dependency.__doc__
    return from_form


FormFilters = Annotated[
    log.ChangeFilter, Depends(blank_is_none(log.change_filter, "node", "user", "since"))
]
"""The JSON route's filters (``audit_log.change_filter``), an empty field of the form none."""
BatchField = Annotated[
    str | None, Query(min_length=1, max_length=200), BeforeValidator(_blank_none)
]

OPS = {
    "created": N_("created"),
    "updated": N_("changed"),
    "deleted": N_("deleted"),
    "erased": N_("erased (a person's data removed)"),
}
"""What an item's ``op`` says on the page."""
VIAS = {
    "web": N_("web page"),
    "api": N_("API"),
    "cli": N_("command line"),
    "upload": N_("upload"),
    "system": N_("system"),
}
"""Where a change came from, as the page says it."""
ITEMS = 20
"""How many nodes and ties of one change the page shows (a whole upload is one change); the
rest are counted."""


def _ids(found: log.ChangePage) -> list[str]:
    """The nodes the page names: of each change's items it shows, the node or the tie's ends."""
    items = [it for c in found.items for it in c.items[:ITEMS]]
    return [n for it in items for n in ([it.node] if it.node else (it.tie or [])[1:])]


def _list(
    request: Request,
    lang: LangCode,
    store: Store,
    viewer: Viewer,
    filters: log.ChangeFilter = log.EVERY_CHANGE,
    *,
    status: int = 200,
    done: str = "",
    refused: str = "",
    english: str = "",
) -> Response:
    """The log page: the filters as given, one page of changes, and a confirmation (``done``)
    or a refusal (``refused``, in the reader's language, and its ``english``)."""
    found = log.change_page(store, viewer, filters)
    since = filters.since
    shown_filters = {
        "node": filters.node or "",
        "user": filters.user or "",
        "since": since.isoformat() if since else "",
    }
    older = None
    if found.next_cursor is not None:
        kept: dict[str, str | int] = {k: v for k, v in shown_filters.items() if v}
        if filters.limit != log.LIMIT:
            kept["limit"] = filters.limit
        older = "/changes?" + urlencode({**kept, "after": found.next_cursor})
    say = catalogue.translations(lang).gettext
    response = page(
        request,
        lang,
        "changes.html",
        status,
        found=found,
        filters=shown_filters,
        older=older,
        names=facts.names(store, _ids(found)),
        tie_names={k: say(v) for k, v in TIES.items()},
        op_names={k: say(v) for k, v in OPS.items()},
        via_names={k: say(v) for k, v in VIAS.items()},
        label=lambda f: edit_words.label(lang, f),
        short=short,
        items_shown=ITEMS,
        may_undo=sessions.account(request) is not None,
        done=done,
        refused=refused,
        english=english,
    )
    response.headers["Vary"] += ", Accept"  # the JSON route answers a script at this address
    return response


@browsers.get("/changes", dependencies=[Depends(require_read)])
def changes_page(
    request: Request,
    lang: Lang,
    store: Store,
    viewer: Viewer,
    filters: FormFilters,
    undone: log.Cursor = None,
    undone_batch: BatchField = None,
) -> Response:
    """The log, newest first, filtered by node, account and day; older pages by the cursor; the
    confirmation of an undo just made."""
    done = ""
    if undone is not None:
        done = catalogue.gettext(lang, "Change %(id)s was undone.", id=undone)
    elif undone_batch is not None:
        done = catalogue.gettext(lang, "Upload %(batch)s was undone.", batch=undone_batch)
    return _list(request, lang, store, viewer, filters, done=done)


@router.post("/changes/undo")
def undo_form(
    request: Request,
    lang: Lang,
    store: Store,
    viewer: Viewer,
    asker: Asker,
    change: Annotated[int | None, Form(ge=1, le=2**53)] = None,
    batch: Annotated[str | None, Form(min_length=1, max_length=200)] = None,
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Undo the change ``change`` (or the upload ``batch``) as the signed-in account, by the
    policy the JSON route asks; back to the log with a confirmation, or the log again with why
    not (401 nobody signed in, 403 the policy, 409 a later change) and nothing changed."""
    check_csrf(request, csrf)
    if sessions.account(request) is None:
        english = "Sign in to undo a change."
        status, refused = 401, catalogue.gettext(lang, "Sign in to undo a change.")
    else:
        try:
            undone = log.undo(store, request, asker, change=change, batch=batch, via="web")
        except UndoRefused as e:
            status, refused, english = 409, _later(lang, e), str(e)
        except Forbidden as e:
            status, refused, english = 403, policy_words.said(lang, e.reason), e.reason
        else:
            done = {"undone": change} if batch is None else {"undone_batch": batch}
            return shown(request, undone.version, "/changes?" + urlencode(done))
    return _list(request, lang, store, viewer, status=status, refused=refused, english=english)


def _later(lang: LangCode, refused: UndoRefused) -> str:
    """Why an undo was refused, in ``lang``: the later change to undo first, or an erasure."""
    if refused.later is None:
        return catalogue.gettext(
            lang,
            "Change %(id)s concerns a person whose data was erased: it cannot be undone.",
            id=refused.change,
        )
    return catalogue.gettext(
        lang,
        "Not undone: change %(later)s changed the same fields after change %(id)s. Undo change"
        " %(later)s first.",
        later=refused.later,
        id=refused.change,
    )
