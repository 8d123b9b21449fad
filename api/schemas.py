"""Response and request bodies of the API (pydantic, so the OpenAPI schema is exact)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from pydantic import BaseModel

from phakhee.graph.model import NodeRecord, TieRecord


class ProvenanceOut(BaseModel):
    source: str
    row: int | None = None
    loaded_at: str = ""


class NodeOut(BaseModel):
    id: str
    kind: str
    props: dict[str, Any]
    provenance: ProvenanceOut | None = None

    @classmethod
    def of(cls, n: NodeRecord) -> NodeOut:
        prov = ProvenanceOut(**asdict(n.provenance)) if n.provenance is not None else None
        return cls(id=n.id, kind=n.kind.value, props=n.props, provenance=prov)


class TieOut(BaseModel):
    kind: str
    source: str
    target: str
    props: dict[str, Any]

    @classmethod
    def of(cls, t: TieRecord) -> TieOut:
        return cls(kind=t.kind.value, source=t.source, target=t.target, props=t.props)


class NodeWithTies(BaseModel):
    node: NodeOut
    ties: list[TieOut]
    neighbours: dict[str, str]


class NodePage(BaseModel):
    items: list[NodeOut]
    next_cursor: str | None


class TieKey(BaseModel):
    kind: str
    source: str
    target: str


class WriteOut(BaseModel):
    created: int
    updated: int
    unchanged: int
    rejected: list[str]
    version: int
