"""What the editing pages show: a node's fields as its form lays them out (the model's fields for
its kind, a personal field only for an audience that may see it), the ties a page may add or
end, and what deleting a node would take with it.

Reads only, and from the store itself rather than a graph version: a form must show what is
stored now, and what a write will replace. The route writes, through ``loaders.edits``; this
module also turns a form's texts into the fields the model validates and the model's refusals
into one message per field, so the route stays thin.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import hashlib
import json
import types
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx
from annotated_types import Ge, Le, MaxLen
from pythainlp.util import collate

from phakhee.graph.errors import InvalidInput, NotFound
from phakhee.graph.model import (
    NODE_MODELS,
    TIE_PROPS,
    NodeKind,
    NodeRecord,
    TieKind,
    TieProps,
    kind_of,
    make_id,
)
from phakhee.graph.privacy import PERSONAL_FIELDS, Audience
from phakhee.graph.store import GraphStore
from phakhee.queries.cache import GraphVersion
from phakhee.queries.pages.ask import Field as Typed
from phakhee.queries.pages.home import Named, named
from phakhee.queries.pages.node import PAGED

EDITABLE = PAGED
"""The kinds a page edits, creates and deletes (provinces and regions are the country's)."""
LOCATED = frozenset({"person", "team", "partner", "lesson", "event"})
"""The kinds a new node is placed in a province for (a tie ``located_in``)."""
ONE_LINE = frozenset({"url"})
"""Long text fields typed on one line."""
LONG = 1000
"""From this many characters a text field is a box of several lines."""


@dataclass(frozen=True, slots=True)
class Spec:
    """One field of a kind's form: ``widget`` is ``text``, ``long`` (several lines of text),
    ``lines`` (a list, one item a line), ``choice`` (one of ``choices``), ``date``, ``when`` (a
    date or a year alone) or ``number`` (between ``low`` and ``high``)."""

    name: str
    widget: str
    required: bool
    choices: tuple[str, ...] = ()
    max_length: int | None = None
    low: float | None = None
    high: float | None = None

    @property
    def personal(self) -> bool:
        """A personal field (PDPA): shown and changed only by those who may see it."""
        return self.name in PERSONAL_FIELDS


@dataclass(frozen=True, slots=True)
class Field:
    """A field as the form shows it: its spec, the text in it, and why it was refused (the
    model's words, in English; the page says them in its language)."""

    spec: Spec
    text: str
    problem: str | None = None


def _unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """A field's type without ``Annotated`` and ``None``, and the constraints it carried."""
    found: list[Any] = []
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            base, *extra = typing.get_args(annotation)
            for e in extra:
                found.extend(getattr(e, "metadata", None) or [e])
            annotation = base
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation, found
            annotation = args[0]
        else:
            return annotation, found


def _spec(name: str, info: Any) -> Spec:
    tp, found = _unwrap(info.annotation)
    found = [*info.metadata, *found]
    longest = next((m.max_length for m in found if isinstance(m, MaxLen)), None)
    low = next((float(m.ge) for m in found if isinstance(m, Ge)), None)
    high = next((float(m.le) for m in found if isinstance(m, Le)), None)
    required = info.is_required()
    if typing.get_origin(tp) is list:
        return Spec(name, "lines", required)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return Spec(name, "choice", required, tuple(m.value for m in tp))
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return Spec(name, "when", required)  # a date or a year alone
    if tp is dt.date:
        return Spec(name, "date", required)
    if tp in (int, float):
        return Spec(name, "number", required, low=low, high=high)
    long = longest is not None and longest >= LONG and name not in ONE_LINE
    return Spec(name, "long" if long else "text", required, max_length=longest)


@functools.cache
def specs(kind: str) -> tuple[Spec, ...]:
    """The fields of ``kind``'s form, in the model's order (its id and kind are not typed)."""
    model = NODE_MODELS[NodeKind(kind)]
    return tuple(
        _spec(name, info) for name, info in model.model_fields.items() if name not in ("id", "kind")
    )


def shown(kind: str, audience: Audience, places: Iterable[str]) -> tuple[Spec, ...]:
    """The fields of ``kind`` the form shows ``audience`` for a node at ``places``."""
    where = frozenset(places)
    return tuple(s for s in specs(kind) if audience.may_see(s.name, where))


def text_of(value: Any) -> str:
    """A stored value as its field shows it: a list one item a line, a whole number without
    ``.0``."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def form_fields(
    fields: Iterable[Spec], values: Mapping[str, Any], problems: Mapping[str, str] = {}
) -> list[Field]:
    """The form's fields holding ``values`` (stored values, or the texts typed), each with its
    problem if it has one."""
    return [Field(s, text_of(values.get(s.name)), problems.get(s.name)) for s in fields]


def typed(fields: Iterable[Spec], sent: Mapping[str, Any]) -> dict[str, str]:
    """The texts a form sent for ``fields`` (what the form shows again if it is refused)."""
    return {s.name: str(sent.get(s.name) or "") for s in fields}


def fields_of(fields: Iterable[Spec], texts: Mapping[str, str]) -> dict[str, Any]:
    """What the texts typed give the model: an empty field left out (so it is removed), a list
    one item a line; everything else as typed, for the model to read and validate."""
    out: dict[str, Any] = {}
    for s in fields:
        text = texts.get(s.name, "").strip()
        if s.widget == "lines":
            items = [line.strip() for line in text.splitlines() if line.strip()]
            if items:
                out[s.name] = items
        elif text:
            out[s.name] = text
    return out


def seen(record: NodeRecord, fields: Iterable[Spec]) -> str:
    """A digest of what the form's ``fields`` hold in ``record``: a form carries the one it was
    filled from, so a save finds out whether someone else changed them meanwhile."""
    held = [[s.name, record.props.get(s.name)] for s in fields]
    text = json.dumps(held, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def edited(record: NodeRecord, fields: Iterable[Spec], texts: Mapping[str, str]) -> dict[str, Any]:
    """The node's fields after the form: the ones the form showed as typed, every other field
    (a personal one the editor may not see, an ``x_`` property from another tool) as stored."""
    names = {s.name for s in fields}
    kept = {k: v for k, v in record.props.items() if k not in names}
    return {**kept, **fields_of(fields, texts), "kind": record.kind.value}


def problems(error: InvalidInput, fields: Iterable[Spec]) -> tuple[dict[str, str], list[str]]:
    """The model's refusal as a message per field of the form (``{"name": "Field required"}``)
    and the messages that name none of its fields."""
    names = {s.name for s in fields}
    per_field: dict[str, str] = {}
    general: list[str] = []
    for line in str(error).split("; "):
        where, sep, message = line.partition(": ")
        field = where.rsplit(".", 1)[-1] if sep else ""
        if field in names:
            per_field.setdefault(field, message)
        else:
            general.append(line)
    return per_field, general


def free_id(store: GraphStore, kind: str, name: str) -> str:
    """An id for a new node of ``kind`` named ``name``: made from the name, with ``-2``, ``-3``
    ... when a node has it already (a new node never replaces one). InvalidInput (field
    ``name``) for a name that makes no id."""
    try:
        base = make_id(kind, name)
    except InvalidInput:
        raise InvalidInput("name: Field required", field="name") from None
    taken = set(store.get_nodes([base, *(f"{base}-{i}" for i in range(2, 100))]))
    return next(i for i in (base, *(f"{base}-{n}" for n in range(2, 101))) if i not in taken)


def named_record(record: NodeRecord) -> Named:
    """A stored node as a page names it."""
    return Named(record.id, str(record.props.get("name") or record.id), record.props.get("name_en"))


@dataclass(frozen=True, slots=True)
class TieForm:
    """A kind of tie a node's ties page adds and ends: the tie's kind, the kind of node at its
    other end, whether this node is the tie's source, and the tie's fields the form asks."""

    kind: str
    other: str
    outgoing: bool
    fields: tuple[str, ...]


TIE_FORMS: dict[str, tuple[TieForm, ...]] = {
    "person": (
        TieForm("member_of", "team", True, ("role", "since")),
        TieForm("liaises_with", "partner", True, ("role", "since")),
        TieForm("knows", "person", True, ("context", "since")),
    ),
    "team": (
        TieForm("member_of", "person", False, ("role", "since")),
        TieForm("partners_with", "partner", True, ("level", "since")),
    ),
    "partner": (
        TieForm("partners_with", "team", False, ("level", "since")),
        TieForm("liaises_with", "person", False, ("role", "since")),
    ),
    "lesson": (
        TieForm("about", "topic", True, ()),
        TieForm("authored", "person", False, ()),
    ),
}
"""The ties each kind's page adds and ends: membership, partnership, liaison, acquaintance, and
a lesson's topics and authors (which an academic writes in their regions)."""


def tie_form(kind: str, tie: str) -> TieForm | None:
    """The form of ``tie`` on a ``kind``'s page, or None when the page has none."""
    return next((f for f in TIE_FORMS.get(kind, ()) if f.kind == tie), None)


@functools.cache
def tie_specs(form: TieForm) -> tuple[Spec, ...]:
    """The fields of a tie that ``form`` asks, as the model of the tie's props declares them."""
    model = TIE_PROPS.get(TieKind(form.kind), TieProps)
    return tuple(_spec(name, model.model_fields[name]) for name in form.fields)


def tie_texts(form: TieForm, sent: Mapping[str, Any]) -> dict[str, str]:
    """The texts ``form``'s fields sent (each named ``{tie}-{field}`` on the page)."""
    return {s.name: str(sent.get(f"{form.kind}-{s.name}") or "") for s in tie_specs(form)}


def tie_fields(form: TieForm, texts: Mapping[str, str]) -> dict[str, Any]:
    """The tie's props the texts give the model (an empty field left out)."""
    return fields_of(tie_specs(form), texts)


@dataclass(frozen=True, slots=True)
class TieView:
    """One kind of tie on a node's ties page: those the node has, with the form that adds one
    (the name typed in it, as resolved, and its other fields with their problems)."""

    form: TieForm
    ties: list[EndTie]
    other: Typed
    fields: list[Field]
    problem: str | None


def tie_view(
    form: TieForm,
    have: Iterable[EndTie],
    other: Typed | None,
    texts: Mapping[str, str],
    problems: Mapping[str, str],
) -> TieView:
    """``form`` on the ties page: the node's ties of its kind, and the form as sent (or empty)."""
    mine = [t for t in have if t.kind == form.kind]
    shown = texts if other is not None else {}
    return TieView(
        form,
        mine,
        other or Typed(""),
        form_fields(tie_specs(form), shown, problems),
        problems.get("other"),
    )


@dataclass(frozen=True, slots=True)
class EndTie:
    """A tie of the node a page lists: its kind, source and target (what ends it), the node at
    its other end, and the tie's own fields."""

    kind: str
    source: str
    target: str
    other: Named
    props: dict[str, Any]


def ties(store: GraphStore, node: str, kinds: Iterable[str] | None = None) -> list[EndTie]:
    """The ties of ``node`` (of ``kinds``, or every one), by kind and the other end's name; a
    ``knows`` tie whichever end this node is."""
    wanted = None if kinds is None else [TieKind(k) for k in kinds]
    found = [
        EndTie(nb.tie.kind.value, nb.tie.source, nb.tie.target, named_record(nb.node), nb.tie.props)
        for nb in store.neighbours(node, tie_kinds=wanted)
    ]
    return sorted(found, key=lambda t: (t.kind, t.other.name, t.other.id))


@dataclass(frozen=True, slots=True)
class Deletion:
    """What deleting a node takes with it: every tie it has (where it is located too)."""

    node: Named
    kind: str
    ties: list[EndTie]


def deletion(store: GraphStore, node: str) -> Deletion:
    """The confirmation page of deleting ``node``: it and every tie; NotFound for no node."""
    found = record(store, node)
    return Deletion(named_record(found), found.kind.value, ties(store, node))


def record(store: GraphStore, node: str) -> NodeRecord:
    """The stored node ``node``, of a kind the pages edit; NotFound otherwise."""
    if kind_of(node).value not in EDITABLE:
        raise NotFound("node", node)
    return store.get_node(node)


def provinces(gv: GraphVersion) -> list[Named]:
    """Every province of the network, by Thai name: where a new node may be placed."""

    def build(g: nx.MultiDiGraph) -> list[Named]:
        found = [named(g, n) for n, k in g.nodes(data="kind") if k == NodeKind.PROVINCE]
        order = {name: i for i, name in enumerate(collate({p.name for p in found}))}
        return sorted(found, key=lambda p: (order[p.name], p.id))

    return gv.derived("pages.edit.provinces", build)
