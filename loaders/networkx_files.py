"""GEXF and GraphML files (Gephi's, NetworkX's, igraph's, and our own exports) to records.

Each file is read with NetworkX's own reader (``nx.read_gexf``, ``nx.read_graphml``) and its
nodes and edges are mapped onto the model, then validated as node-link items are
(``loaders.nodelink.read_items``), each bad one refused alone with its reason:

- a node's kind is its ``kind`` (or ``type``) attribute, else the load's default kind
  (``--kind``, a person unless told); an edge's kind likewise, else the default tie kind
  (``--tie-kind``, ``knows`` unless told);
- a node's id is kept when it is already ``kind:slug`` of that kind, else made from it
  (``Myriel`` -> ``person:myriel``); its name is its ``name``, else its ``label``, else its
  id as the file has it;
- an attribute the model knows for that kind keeps its name; any other becomes an extra
  property ``x_<name>`` (``club`` -> ``x_club``, ``weight`` -> ``x_weight``); lists written
  as ``a;b`` (aliases, tags) are split.

Our own exports (a GraphML file whose graph data says ``program = phakhee``, a GEXF file whose
creator is phakhee) leave out what an export derives (``province``, ``region_id``,
``centrality``), so they load back as the graph they came from. A file declaring a DTD or
entities is refused unread.
"""

from __future__ import annotations

import io
import re
from typing import Any, Literal

import networkx as nx

from phakhee.graph.errors import InvalidInput
from phakhee.graph.model import (
    NODE_MODELS,
    TIE_PROPS,
    NodeKind,
    TieKind,
    TieProps,
    kind_of,
    make_id,
)
from phakhee.graph.settings import LoadLimits
from phakhee.loaders.limits import too_many_rows
from phakhee.loaders.nodelink import read_items
from phakhee.loaders.tables import UnreadableFile, display_name
from phakhee.loaders.template_reader import Parsed, RowError
from phakhee.loaders.values import LIST_FIELDS, split_list

GraphFormat = Literal["gexf", "graphml"]
SUFFIXES: dict[str, GraphFormat] = {".gexf": "gexf", ".graphml": "graphml"}
"""The file names ``--format auto`` reads as GEXF or GraphML."""
DERIVED = frozenset({"province", "region_id", "centrality"})
"""What our exports add to a node (its place, its centrality): left out when loading them back."""
_DROPPED = frozenset({"label", "viz", "id"})
"""What GEXF readers add to every node and edge: its label, its drawing, the edge's own id."""
_LISTS = LIST_FIELDS
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_OURS_GEXF = re.compile(rb"<creator>\s*phakhee\b")
_NOT_NAME = re.compile(r"[^a-z0-9_]+")


def read_graph_file(
    data: bytes,
    fmt: GraphFormat,
    file: str,
    limits: LoadLimits,
    *,
    kind: NodeKind = NodeKind.PERSON,
    tie_kind: TieKind = TieKind.KNOWS,
) -> Parsed:
    """Nodes and ties of a GEXF or GraphML file, with ``kind`` and ``tie_kind`` for the nodes
    and edges that name none; UnreadableFile when the file is not one."""
    if _DTD.search(data):
        raise UnreadableFile(f"{file}: a {fmt.upper()} file may not declare a DTD or entities")
    read = nx.read_gexf if fmt == "gexf" else nx.read_graphml
    try:
        graph = read(io.BytesIO(data))
    except Exception as e:  # the readers raise many kinds for a file that is not theirs
        raise UnreadableFile(
            f"{file}: not a readable {fmt.upper()} file ({type(e).__name__}: {str(e)[:200]})"
        ) from None
    if graph.number_of_nodes() > limits.max_rows or graph.number_of_edges() > limits.max_rows:
        raise too_many_rows(display_name(file), limits)
    ours = (
        graph.graph.get("program") == "phakhee"
        if fmt == "graphml"
        else _OURS_GEXF.search(data[:4096]) is not None
    )
    parsed = Parsed()
    withheld = graph.graph.get("withheld_fields")
    if ours and isinstance(withheld, str):
        parsed.withheld = frozenset(split_list(withheld))
    ids: dict[Any, str] = {}
    taken: dict[str, Any] = {}
    nodes: list[Any] = []
    for n, attrs in graph.nodes(data=True):
        item = node_item(n, attrs, kind, ours=ours)
        first = taken.setdefault(item["id"], n)
        if first != n:
            nodes.append(
                RowError(
                    "id",
                    f"id: {str(n)[:80]!r} gives the id {item['id']!r}, as {str(first)[:80]!r} "
                    "does: give one of them another id",
                )
            )
            continue
        ids[n] = item["id"]
        nodes.append(item)
    edges = [edge_item(ids, s, t, attrs, tie_kind) for s, t, attrs in graph.edges(data=True)]
    return read_items(parsed, nodes, edges, file, limits)


def node_item(n: Any, attrs: dict[str, Any], default: NodeKind, *, ours: bool) -> dict[str, Any]:
    """A file's node as a node-link item: its kind, its id in our form, its name, its fields."""
    given = attrs.get("kind", attrs.get("type"))
    kind = str(given).strip().lower() if given is not None else default.value
    model = NODE_MODELS.get(NodeKind._value2member_map_.get(kind))  # type: ignore[arg-type]
    known = set(model.model_fields) if model is not None else set()
    item: dict[str, Any] = {"id": node_id(str(n), kind), "kind": kind}
    for key, value in attrs.items():
        if key in ("kind", "type") or key in _DROPPED or (ours and key in DERIVED):
            continue
        item[field_name(key, known)] = _value(key, value)
    if "name" not in item:
        item["name"] = str(attrs.get("label") or n)
    return item


def edge_item(
    ids: dict[Any, str], s: Any, t: Any, attrs: dict[str, Any], default: TieKind
) -> dict[str, Any]:
    """A file's edge as a node-link item: its kind, its ends by our ids, its properties."""
    given = attrs.get("kind", attrs.get("type"))
    kind = str(given).strip().lower() if given is not None else default.value
    props = TIE_PROPS.get(TieKind._value2member_map_.get(kind), TieProps)  # type: ignore[arg-type]
    known = set(props.model_fields)
    item: dict[str, Any] = {
        "kind": kind,
        "source": ids.get(s, str(s)),
        "target": ids.get(t, str(t)),
    }
    for key, value in attrs.items():
        if key in ("kind", "type", "id") or (key == "label" and value == kind):
            continue
        item[field_name(key, known)] = _value(key, value)
    return item


def node_id(text: str, kind: str) -> str:
    """A file's node id in our form: kept when it is already ``kind:slug`` of ``kind``, else
    made from it (the same text always gives the same id)."""
    try:
        if kind_of(text).value == kind:
            return text
    except InvalidInput:
        pass
    try:
        return make_id(kind, text)
    except (InvalidInput, ValueError):
        return text  # an unknown kind, or empty text: validation says why


def field_name(key: str, known: set[str]) -> str:
    """An attribute's name as a field: kept when the model knows it (or it is ``x_...``), else
    the extra property ``x_<name>``."""
    if key in known or key.startswith("x_"):
        return key
    return "x_" + _NOT_NAME.sub("_", str(key).strip().lower()).strip("_")[:60]


def _value(key: str, value: Any) -> Any:
    return split_list(value) if key in _LISTS and isinstance(value, str) else value
