"""The graph as an export sees it: the nodes in scope, personal contact fields removed by default."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import networkx as nx

from phakhee.graph.geography import parent_of
from phakhee.graph.privacy import PUBLIC, gate
from phakhee.queries.ask.experts import provinces
from phakhee.queries.records.exports.meta import ExportMeta

Attrs = dict[str, Any]


def redacted(attrs: Mapping[str, Any]) -> Attrs:
    """The attributes anyone may see (the privacy gate, PDPA), without provenance."""
    return {k: v for k, v in gate(attrs, PUBLIC).items() if not k.startswith("_")}


def _plain(attrs: Mapping[str, Any]) -> Attrs:
    return {k: v for k, v in attrs.items() if not k.startswith("_")}


class ExportGraph:
    """A projection, a set of node ids to keep (None: all), redaction, and optional analysis inputs.

    ``centrality`` (node id -> score) and ``positions`` (node id -> (x, y)) come from the
    analytics and layout code; formats that can hold them write them as attributes.
    """

    def __init__(
        self,
        graph: nx.MultiDiGraph,
        meta: ExportMeta,
        *,
        keep: set[str] | None = None,
        centrality: Mapping[str, float] | None = None,
        positions: Mapping[str, tuple[float, float]] | None = None,
    ) -> None:
        self.graph = graph
        self.meta = meta
        self.keep = keep
        self.centrality = centrality or {}
        self.positions = positions or {}
        self._clean = redacted if meta.redacted else _plain
        self._places: dict[str, tuple[str, str]] | None = None

    def node_ids(self) -> Iterator[str]:
        """The ids in scope, in id order."""
        ids = self.graph.nodes if self.keep is None else self.keep
        return iter(sorted(ids))

    def nodes(self) -> Iterator[tuple[str, Attrs]]:
        """(id, attributes) for each node in scope, as stored (``kind`` included), redacted if asked."""
        data = self.graph.nodes
        for n in self.node_ids():
            yield n, self._clean(data[n])

    def edges(self) -> Iterator[tuple[str, str, str, Attrs]]:
        """(source, target, kind, attributes) for each tie between nodes in scope."""
        keep = self.keep
        if keep is None:
            for s, t, k, attrs in self.graph.edges(keys=True, data=True):
                yield s, t, k, _plain(attrs)
            return
        # only the ties of nodes in scope: an ego export of a large graph reads a few hundred
        for s, t, k, attrs in self.graph.out_edges(sorted(keep), keys=True, data=True):
            if t in keep:
                yield s, t, k, _plain(attrs)

    def place(self, node: str) -> tuple[str, str]:
        """(province id, region id) a node is located in, each '' when unknown."""
        if self._places is None:
            self._places = self._locate()
        return self._places.get(node, ("", ""))

    def _locate(self) -> dict[str, tuple[str, str]]:
        """Each node's province through its ``located_in`` chain (a district or subdistrict
        counts for its province: ``queries.ask.experts.provinces``) with that province's region;
        a node located only in a region, that region; a province, itself."""
        g = self.graph
        out = {n: (p, parent_of(p) or "") for n, p in provinces(g).items()}
        for s, t, k in g.edges(keys=True):
            if k == "located_in" and s not in out and t.startswith("region:"):
                out[s] = ("", t)
        for n, kind in g.nodes(data="kind"):
            if kind == "province":
                out[n] = (n, parent_of(n) or "")
        return out
