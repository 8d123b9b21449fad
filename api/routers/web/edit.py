"""Editing the network from the browser: a node's fields (``/people/000060/edit``), its ties
(``…/ties``: add or end a membership, partnership, liaison, acquaintance), a new node
(``/new``), and deleting one with its ties after a page that lists them (``…/delete``).

Plain POST forms with the CSRF field, checked first. The policy decides each change for the
node's place (``require``: a refusal is a page naming the rule, 403, or 401 for nobody signed
in); the model validates it as a loaded row (``loaders.edits``), and a refusal shows the form
again with the typed text kept and the reason beside its field (422). Every write is made
inside ``acting_as`` the one who signed in, so the audit log names them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from phakhee.api.deps import Asker, CurrentVersion, Store, author_of, require
from phakhee.api.routers.web import edit_words as words
from phakhee.api.routers.web.common import TAG, Lang, check_csrf, page, settle, shown
from phakhee.api.routers.web.history import TIES as TIE_NAMES
from phakhee.graph.access import Action, Principal, Target, audience, decide
from phakhee.graph.accounts import Account
from phakhee.graph.audit import acting_as
from phakhee.graph.errors import InvalidInput, NotFound
from phakhee.graph.model import NodeRecord
from phakhee.loaders import edits
from phakhee.queries.cache import GraphVersion
from phakhee.queries.pages import ask
from phakhee.queries.pages import edit as editing
from phakhee.queries.targets import graph_target_of, places_of, target_of, tie_target_of
from phakhee.viz.web import catalogue
from phakhee.viz.web.links import node_href, node_id

router = APIRouter(tags=[TAG], include_in_schema=False)

Segment = Annotated[str, Path(min_length=1, max_length=200)]
TEXT = 2000
"""The longest text a form's field is read as (the model's own limits are checked after)."""


async def _sent(request: Request) -> dict[str, str]:
    """A form's fields as texts (a file field, which none of these forms has, is dropped)."""
    sent = await request.form()
    return {k: v[: TEXT * 2] for k, v in sent.items() if isinstance(v, str)}


Sent = Annotated[dict[str, str], Depends(_sent)]


def _node(path: str, slug: str) -> str:
    """The node a page address names, of a kind the pages edit; NotFound otherwise."""
    try:
        found = node_id(path, slug)
    except KeyError:
        raise NotFound("node", f"{path}/{slug}") from None
    if found.partition(":")[0] not in editing.EDITABLE:
        raise NotFound("node", found)
    return found


def may_edit(asker: Principal, gv: GraphVersion, node: str) -> bool:
    """Whether the node page offers ``asker`` its editing links (the policy's ``edit``)."""
    return decide(asker, Action.EDIT, graph_target_of(gv.graph, node)).allowed


def _say(lang: str) -> dict[str, Any]:
    """What the editing templates call to name fields, values and ties in ``lang``."""
    return {
        "label": lambda f: words.label(lang, f),  # type: ignore[arg-type]
        "value_name": lambda v: words.value(lang, v),  # type: ignore[arg-type]
        "tie_words": words.TIES,
        "other_words": words.OTHER,
        "tie_names": {k: catalogue.gettext(lang, v) for k, v in TIE_NAMES.items()},  # type: ignore[arg-type]
    }


def _problems(
    lang: str, error: InvalidInput, fields: Iterable[editing.Spec]
) -> tuple[dict[str, str], list[str]]:
    """The model's refusal per field of the form, in ``lang``, and what names no field."""
    per_field, general = editing.problems(error, fields)
    return {f: words.problem(lang, m) for f, m in per_field.items()}, general  # type: ignore[arg-type]


# ---- a node's fields -------------------------------------------------------------------------


def _edit_page(
    request: Request,
    lang: Lang,
    found: NodeRecord,
    fields: list[editing.Field],
    general: list[str],
    status: int = 200,
    *,
    changed: bool = False,
) -> Response:
    return page(
        request,
        lang,
        "edit_node.html",
        status,
        node=editing.named_record(found),
        kind=found.kind.value,
        fields=fields,
        general=general,
        seen=editing.seen(found, [f.spec for f in fields]),
        changed=changed,
        **_say(lang),
    )


@router.get("/{path}/{slug}/edit")
def edit_form(
    path: Segment, slug: Segment, request: Request, lang: Lang, store: Store, asker: Asker
) -> Response:
    """The form of a node's fields, filled with what is stored (personal fields only for those
    who may see them)."""
    node = _node(path, slug)
    found = editing.record(store, node)
    require(asker, Action.EDIT, target_of(store, node))
    fields = editing.shown(found.kind, audience(asker), places_of(store, node))
    return _edit_page(request, lang, found, editing.form_fields(fields, found.props), [])


@router.post("/{path}/{slug}/edit")
def edit_save(
    path: Segment,
    slug: Segment,
    request: Request,
    lang: Lang,
    store: Store,
    asker: Asker,
    sent: Sent,
) -> Response:
    """Save a node's fields through the loader's validation; back to its page, or the form again
    with what was typed and why it was refused (409 when someone else changed those fields
    since the form was filled: saving that form again keeps what it holds)."""
    check_csrf(request, sent.get("csrf"))
    node = _node(path, slug)
    found = editing.record(store, node)
    require(asker, Action.EDIT, target_of(store, node))
    fields = editing.shown(found.kind, audience(asker), places_of(store, node))
    texts = editing.typed(fields, sent)
    if sent.get("seen") != editing.seen(found, fields):
        form = editing.form_fields(fields, texts)
        return _edit_page(request, lang, found, form, [], 409, changed=True)
    try:
        with acting_as(author_of(request, asker, "web")):
            done = edits.put_node(store, node, editing.edited(found, fields, texts))
    except InvalidInput as e:
        per_field, general = _problems(lang, e, fields)
        return _edit_page(
            request, lang, found, editing.form_fields(fields, texts, per_field), general, 422
        )
    return shown(request, done.version, node_href(node))


# ---- a node's ties ---------------------------------------------------------------------------


def _ties_page(
    request: Request,
    lang: Lang,
    store: Store,
    node: str,
    *,
    typed: dict[str, ask.Field] | None = None,
    texts: dict[str, str] | None = None,
    problems: dict[str, dict[str, str]] | None = None,
    status: int = 200,
) -> Response:
    """The ties page of ``node``: each kind of tie it has with a button to end each, and a form
    to add one (``typed`` the names typed per form, ``texts`` the other fields, ``problems``
    per form and field)."""
    found = editing.record(store, node)
    kinds = editing.TIE_FORMS.get(found.kind.value, ())
    have = editing.ties(store, node, [f.kind for f in kinds])
    forms = [
        editing.tie_view(
            f, have, (typed or {}).get(f.kind), texts or {}, (problems or {}).get(f.kind, {})
        )
        for f in kinds
    ]
    return page(
        request,
        lang,
        "edit_ties.html",
        status,
        node=editing.named_record(found),
        kind=found.kind.value,
        forms=forms,
        **_say(lang),
    )


def _may_tie(asker: Principal, store: Store, node: str) -> None:
    """Refused unless ``asker`` may tie ``node`` to something (its place, or none for the
    other end yet): the ties page and its forms."""
    require(asker, Action.ADD_TIE, Target.tie(target_of(store, node), Target()))


@router.get("/{path}/{slug}/ties")
def ties_form(
    path: Segment,
    slug: Segment,
    request: Request,
    lang: Lang,
    store: Store,
    gv: CurrentVersion,
    asker: Asker,
    tie: Annotated[str, Query(max_length=40)] = "",
    other: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    """A node's ties that a page adds and ends; ``tie`` and ``other`` fill in a form (a name
    chosen from those a typed one may have meant)."""
    node = _node(path, slug)
    _may_tie(asker, store, node)
    form = editing.tie_form(node.partition(":")[0], tie)
    typed = {tie: ask.resolve(gv, other, (form.other,))} if form and other else None
    return _ties_page(request, lang, store, node, typed=typed)


@router.post("/{path}/{slug}/ties")
def tie_add(
    path: Segment,
    slug: Segment,
    request: Request,
    lang: Lang,
    store: Store,
    gv: CurrentVersion,
    asker: Asker,
    sent: Sent,
) -> Response:
    """Add a tie from the node to the one named (or to it from the one named); back to the ties
    page, or the page again with the form kept and why it was refused."""
    check_csrf(request, sent.get("csrf"))
    node = _node(path, slug)
    _may_tie(asker, store, node)
    tie = sent.get("tie", "")
    form = editing.tie_form(node.partition(":")[0], tie)
    if form is None:
        raise InvalidInput(f"tie: no form adds a {tie[:40]!r} tie here", field="tie")
    named = ask.resolve(gv, sent.get(f"{tie}-other"), (form.other,))
    texts = editing.tie_texts(form, sent)
    if named.id is None:
        return _ties_page(request, lang, store, node, typed={tie: named}, texts=texts, status=422)
    source, target = (node, named.id) if form.outgoing else (named.id, node)
    require(asker, Action.ADD_TIE, tie_target_of(store, tie, source, target))
    fields = editing.tie_fields(form, texts)
    try:
        with acting_as(author_of(request, asker, "web")):
            done = edits.put_tie(
                store, {"kind": tie, "source": source, "target": target, "props": fields}
            )
    except InvalidInput as e:
        per_field, _ = _problems(lang, e, editing.tie_specs(form))
        problems = {tie: per_field or {"other": words.problem(lang, str(e))}}
        return _ties_page(
            request,
            lang,
            store,
            node,
            typed={tie: named},
            texts=texts,
            problems=problems,
            status=422,
        )
    return shown(request, done.version, node_href(node) + "/ties")


@router.post("/{path}/{slug}/ties/end")
def tie_end(
    path: Segment,
    slug: Segment,
    request: Request,
    store: Store,
    asker: Asker,
    sent: Sent,
) -> Response:
    """End (remove) one of the node's ties; back to the ties page."""
    check_csrf(request, sent.get("csrf"))
    node = _node(path, slug)
    kind, source, target = sent.get("kind", ""), sent.get("source", ""), sent.get("target", "")
    if node not in (source, target) or editing.tie_form(node.partition(":")[0], kind) is None:
        raise NotFound("tie", f"{kind} {source} -> {target}")
    require(asker, Action.DELETE, tie_target_of(store, kind, source, target))
    with acting_as(author_of(request, asker, "web")):
        done = edits.remove_tie(store, kind, source, target)
    return shown(request, done.version, node_href(node) + "/ties")


# ---- a new node ------------------------------------------------------------------------------


@router.get("/new")
def new_kinds(request: Request, lang: Lang) -> Response:
    """The kinds of node a page creates, each a link to its form."""
    return page(request, lang, "create_node.html", kind=None, kinds=editing.EDITABLE, **_say(lang))


def _home_of(asker: Principal) -> str:
    """The province a new node is placed in unless another is chosen: the coordinator's first."""
    return asker.provinces[0] if isinstance(asker, Account) and asker.provinces else ""


def _create_page(
    request: Request,
    lang: Lang,
    gv: GraphVersion,
    kind: str,
    fields: list[editing.Field],
    province: str,
    general: list[str],
    status: int = 200,
    province_problem: str | None = None,
) -> Response:
    return page(
        request,
        lang,
        "create_node.html",
        status,
        kind=kind,
        kinds=editing.EDITABLE,
        fields=fields,
        located=kind in editing.LOCATED,
        provinces=editing.provinces(gv),
        province=province,
        province_problem=province_problem,
        general=general,
        **_say(lang),
    )


def _kind(kind: str) -> str:
    if kind not in editing.EDITABLE:
        raise NotFound("kind", kind)
    return kind


@router.get("/new/{kind}")
def new_form(
    kind: Segment, request: Request, lang: Lang, gv: CurrentVersion, asker: Asker
) -> Response:
    """The form of a new node of ``kind``: its fields, and the province it is in."""
    kind = _kind(kind)
    province = _home_of(asker)
    fields = editing.shown(kind, audience(asker), [province] if province else [])
    return _create_page(request, lang, gv, kind, editing.form_fields(fields, {}), province, [])


@router.post("/new/{kind}")
def new_save(
    kind: Segment,
    request: Request,
    lang: Lang,
    store: Store,
    gv: CurrentVersion,
    asker: Asker,
    sent: Sent,
) -> Response:
    """Create the node (placed in the province chosen) through the loader's validation; on to
    its page, or the form again with what was typed and why it was refused."""
    check_csrf(request, sent.get("csrf"))
    kind = _kind(kind)
    located = kind in editing.LOCATED
    province = sent.get("province", "") if located else ""
    fields = editing.shown(kind, audience(asker), [province] if province else [])
    texts = editing.typed(fields, sent)
    if located and province not in {p.id for p in editing.provinces(gv)}:
        missing = words.problem(lang, "Field required")
        form = editing.form_fields(fields, texts)
        return _create_page(request, lang, gv, kind, form, province, [], 422, missing)
    require(asker, Action.CREATE, Target.node(kind, provinces=[province] if province else []))
    try:
        node = editing.free_id(store, kind, texts.get("name", ""))
        with acting_as(author_of(request, asker, "web")):
            done = edits.put_node(store, node, {**editing.fields_of(fields, texts), "kind": kind})
            if province:
                done = edits.put_tie(
                    store, {"kind": "located_in", "source": node, "target": province}
                )
    except InvalidInput as e:
        per_field, general = _problems(lang, e, fields)
        return _create_page(
            request,
            lang,
            gv,
            kind,
            editing.form_fields(fields, texts, per_field),
            province,
            general,
            422,
        )
    return shown(request, done.version, node_href(node))


# ---- deleting a node -------------------------------------------------------------------------


@router.get("/{path}/{slug}/delete")
def delete_confirm(
    path: Segment, slug: Segment, request: Request, lang: Lang, store: Store, asker: Asker
) -> Response:
    """What deleting the node takes with it (every tie), and the button that does it."""
    node = _node(path, slug)
    require(asker, Action.DELETE, target_of(store, node))
    return page(
        request, lang, "delete_node.html", gone=None, d=editing.deletion(store, node), **_say(lang)
    )


@router.post("/{path}/{slug}/delete")
def delete_node(
    path: Segment,
    slug: Segment,
    request: Request,
    lang: Lang,
    store: Store,
    asker: Asker,
    sent: Sent,
) -> Response:
    """Delete the node and every tie it has; a page that says so."""
    check_csrf(request, sent.get("csrf"))
    node = _node(path, slug)
    require(asker, Action.DELETE, target_of(store, node))
    d = editing.deletion(store, node)
    with acting_as(author_of(request, asker, "web")):
        done = edits.remove_node(store, node)
    settle(request, done.version)  # the deleted node's page, opened next, is gone
    return page(request, lang, "delete_node.html", gone=d, d=d, **_say(lang))
