"""NetworkX node-link JSON, written as a stream; ``loaders/nodelink.py`` reads it back to the same graph."""

from __future__ import annotations

from typing import IO

import orjson

from phakhee.queries.records.exports.frame import ExportGraph

_FLUSH = 5000


def write_nodelink(export: ExportGraph, out: IO[bytes]) -> None:
    """Write ``{"directed", "multigraph", "graph": metadata, "nodes": [...], "edges": [...]}``.

    Nodes carry ``id``, ``kind`` and their properties; edges ``source``, ``target``, ``key`` (the
    tie kind, NetworkX's multigraph key), ``kind`` and the tie's properties.
    """
    meta = orjson.dumps(export.meta.as_dict())
    out.write(b'{"directed":true,"multigraph":true,"graph":' + meta + b',"nodes":[\n')
    buf: list[bytes] = []
    first = True
    for n, attrs in export.nodes():
        buf.append((b"" if first else b",\n") + orjson.dumps({"id": n, **attrs}))
        first = False
        if len(buf) >= _FLUSH:
            out.write(b"".join(buf))
            buf.clear()
    buf.append(b'\n],"edges":[\n')
    first = True
    for s, t, k, attrs in export.edges():
        row = {"source": s, "target": t, "key": k, "kind": k, **attrs}
        buf.append((b"" if first else b",\n") + orjson.dumps(row))
        first = False
        if len(buf) >= _FLUSH:
            out.write(b"".join(buf))
            buf.clear()
    buf.append(b"\n]}\n")
    out.write(b"".join(buf))
