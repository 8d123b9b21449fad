"""Response and request bodies of the API (pydantic, so the OpenAPI schema is exact)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict
from typing import Any

from pydantic import BaseModel, Field

from phakhee.api.bodies import id_pattern
from phakhee.graph.model import NodeKind, NodeRecord, TieKind, TieRecord
from phakhee.graph.privacy import PERSONAL_FIELDS, PUBLIC, Audience, gate, withheld


class ProvenanceOut(BaseModel):
    source: str
    row: int | None = None
    loaded_at: str = ""


WITHHELD = (
    "Personal fields this caller may not see, left out of the fields above (the privacy gate): "
    f"any of {', '.join(sorted(PERSONAL_FIELDS))}. They are shown to an administrator (or key), "
    "and to a coordinator or academic for the people in their places."
)


class NodeOut(BaseModel):
    id: str
    kind: str
    props: dict[str, Any] = Field(
        description="The node's fields, less the personal ones this caller may not see."
    )
    withheld: list[str] = Field(default_factory=list, description=WITHHELD)
    provenance: ProvenanceOut | None = None

    @classmethod
    def of(cls, n: NodeRecord, audience: Audience = PUBLIC, places: Iterable[str] = ()) -> NodeOut:
        """``n`` through the gate for ``audience``, the node located at ``places``."""
        prov = ProvenanceOut(**asdict(n.provenance)) if n.provenance is not None else None
        return cls(
            id=n.id,
            kind=n.kind.value,
            props=gate(n.props, audience, places=places),
            withheld=withheld(n.props, audience, places=places),
            provenance=prov,
        )


class TieOut(BaseModel):
    kind: str
    source: str
    target: str
    props: dict[str, Any]

    @classmethod
    def of(cls, t: TieRecord) -> TieOut:
        return cls(kind=t.kind.value, source=t.source, target=t.target, props=t.props)


class EgoOut(BaseModel):
    """A node's neighbourhood: node ids with their fields, and the ties among them."""

    center: str
    nodes: dict[str, dict[str, Any]] = Field(
        description="Each node's fields, less the personal ones this caller may not see."
    )
    ties: list[TieOut] = Field(description="Each tie among the nodes.")
    withheld: dict[str, list[str]] = Field(
        default_factory=dict, description="For each node that had any: " + WITHHELD
    )

    @classmethod
    def of(
        cls,
        center: str,
        nodes: dict[str, dict],
        ties: list,
        audience: Audience,
        places: Mapping[str, frozenset[str]] | None = None,
    ) -> EgoOut:
        """The neighbourhood through the gate for ``audience``, each node at its ``places``."""
        where = places or {}
        held = {
            n: w
            for n, attrs in nodes.items()
            if (w := withheld(attrs, audience, places=where.get(n, ())))
        }
        return cls(
            center=center,
            nodes={n: gate(attrs, audience, places=where.get(n, ())) for n, attrs in nodes.items()},
            ties=[TieOut(kind=k, source=s, target=t, props=p) for s, t, k, p in ties],
            withheld=held,
        )


class NodeWithTies(BaseModel):
    node: NodeOut
    ties: list[TieOut]
    neighbours: dict[str, str]


class NodePage(BaseModel):
    items: list[NodeOut]
    next_cursor: str | None


_ID = Field(pattern=id_pattern(set(NodeKind)), description="A node's id: kind:slug.")


class TieKey(BaseModel):
    kind: TieKind
    source: str = _ID
    target: str = _ID


class WriteOut(BaseModel):
    created: int
    updated: int
    unchanged: int
    rejected: list[str]
    version: int
