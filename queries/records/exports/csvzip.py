"""A zip of nodes.csv and edges.csv (UTF-8 with BOM, so Excel shows Thai), with metadata.json."""

from __future__ import annotations

import csv
import io
import zipfile
from typing import IO

import orjson

from phakhee.queries.records.exports.columns import cell, column_types, node_rows
from phakhee.queries.records.exports.frame import ExportGraph


def write_csv_zip(export: ExportGraph, out: IO[bytes]) -> None:
    """Write nodes.csv (id, attributes, province, region, centrality), edges.csv and metadata.json."""
    rows = list(node_rows(export))
    node_cols = list(column_types(a for _, a in rows))
    edge_cols = [c for c in column_types(a for *_, a in export.edges()) if c != "kind"]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "metadata.json", orjson.dumps(export.meta.as_dict(), option=orjson.OPT_INDENT_2)
        )
        with zf.open("nodes.csv", "w") as raw, io.TextIOWrapper(raw, "utf-8-sig", newline="") as f:
            w = csv.writer(f)
            w.writerow(["id", *node_cols])
            w.writerows([n, *(cell(a.get(c)) for c in node_cols)] for n, a in rows)
        with zf.open("edges.csv", "w") as raw, io.TextIOWrapper(raw, "utf-8-sig", newline="") as f:
            w = csv.writer(f)
            w.writerow(["source", "target", "kind", *edge_cols])
            w.writerows(
                [s, t, k, *(cell(a.get(c)) for c in edge_cols)] for s, t, k, a in export.edges()
            )
