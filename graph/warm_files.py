"""The file a graph version is kept in between runs, its columns, and the projection's in it.

A served graph version is written to one file (``graph.warm``) so that a restarted server loads
it in seconds instead of projecting the store and building its structures again
(``queries.warm_start`` decides what goes in and when). The file lives in a folder of its own:
beside a SQLite store (``STORE.db-warm/``, on the same disk as the data it copies), or under
the cache folder the settings name (``PHAKHEE_CACHE_DIR``), in a subfolder named by a digest of
the store's address. A Neo4j store keeps none (its data are not on this machine's disk).

The file holds columns, not pickled objects: a header (JSON: the stamp saying which store and
graph version it copies, and where each column lies), the columns as raw bytes (integer arrays,
or JSON text), and a BLAKE2b digest of everything before it, so a file cut short or overwritten
is refused whole and never half loaded. Nothing in it is executable on load: JSON and integers
only. It is written to a temporary file in the same folder and renamed into place (a crash
leaves the previous file or none).

It holds personal data (names, contact fields, the analyses' answers that name people): the
folder is made 0700 and the file 0600, it is never served, and a file that must go (an older
version's, or every file after an erasure) is overwritten with zeros before it is unlinked, as
the SQLite store zeroes deleted rows, so its fields do not linger on the disk.

Reads and writes files only; what goes in, and when, is ``queries.warm_start``'s.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import struct
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from operator import itemgetter
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import orjson

from phakhee.graph.graphs import MultiDiGraph
from phakhee.graph.store import GraphStore

MAGIC = b"PHAKHEE-WARM 1\n"
FILE = "graph.warm"
"""The file's name in its folder: one per store, the newest graph version written."""
FILE_MODE = 0o600
"""The file's mode: it holds contact fields, so only the service's own user reads it."""
_DIGEST = 32
_HEAD = struct.Struct("<Q")

Column = bytes | np.ndarray
"""A column: JSON text (bytes) or a one-dimensional integer array."""


def folder_for(store: GraphStore, cache_dir: Path | None) -> Path | None:
    """Where ``store``'s warm file lives: for a store kept in a file (SQLite), beside it, or
    under ``cache_dir`` when one is set (in a subfolder named by a digest of the store's
    address); None for a store without a file of its own (Neo4j keeps none)."""
    path = getattr(store, "path", None)
    if not isinstance(path, Path):
        return None
    if cache_dir is not None:
        return Path(cache_dir) / hashlib.blake2b(store.url.encode(), digest_size=12).hexdigest()
    return path.with_name(path.name + "-warm")


def write(folder: Path, stamp: Mapping[str, Any], columns: Mapping[str, Column]) -> Path:
    """Write ``columns`` with ``stamp`` to a temporary file in ``folder`` (made if missing); its
    path, for ``publish`` to rename into place. A failed write leaves no file behind."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    table, parts, offset = [], [], 0
    for name, column in columns.items():
        if isinstance(column, np.ndarray):
            data, dtype = np.ascontiguousarray(column).tobytes(), column.dtype.str
        else:
            data, dtype = bytes(column), "json"
        table.append([name, dtype, offset, len(data)])
        parts.append(data)
        offset += len(data)
    header = orjson.dumps({"stamp": stamp, "columns": table})
    path = folder / f".{FILE}-{secrets.token_hex(8)}.tmp"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as f:
            digest = hashlib.blake2b(digest_size=_DIGEST)
            for chunk in (MAGIC, _HEAD.pack(len(header)), header, *parts):
                f.write(chunk)
                digest.update(chunk)
            f.write(digest.digest())
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def publish(written: Path) -> Path:
    """Rename a file ``write`` made into its place (atomically: a reader finds the old file or
    the new one), then zero the one it replaced."""
    final = written.with_name(FILE)
    old = written.with_name(written.name + ".old")
    try:
        os.link(final, old)
    except FileNotFoundError:
        old = None
    os.replace(written, final)
    if old is not None:
        shred(old)
    return final


def read_stamp(path: Path) -> dict[str, Any] | None:
    """The stamp of the file at ``path`` (its header only, unchecked), or None when there is no
    file (ValueError: a file that is not one of these)."""
    try:
        with open(path, "rb") as f:
            if f.read(len(MAGIC)) != MAGIC:
                raise ValueError(f"{path} is not a warm-start file of this format")
            (size,) = _HEAD.unpack(f.read(_HEAD.size))
            if size > os.fstat(f.fileno()).st_size:
                raise ValueError(f"{path} is not a whole warm-start file")
            stamp = orjson.loads(f.read(size))["stamp"]
    except FileNotFoundError:
        return None
    except (OSError, KeyError, TypeError, struct.error, orjson.JSONDecodeError) as e:
        raise ValueError(f"{path} is not a whole warm-start file") from e
    if not isinstance(stamp, dict):
        raise ValueError(f"{path} is not a whole warm-start file")
    return stamp


def read(path: Path) -> tuple[dict[str, Any], dict[str, Column]]:
    """The stamp and columns of the file at ``path``, checked whole against its digest
    (ValueError: cut short, overwritten, or not such a file)."""
    data = path.read_bytes()
    body, digest = data[:-_DIGEST], data[-_DIGEST:]
    if not body.startswith(MAGIC) or hashlib.blake2b(body, digest_size=_DIGEST).digest() != digest:
        raise ValueError(f"{path} is not a whole warm-start file")
    try:
        start = len(MAGIC) + _HEAD.size
        (size,) = _HEAD.unpack_from(body, len(MAGIC))
        header = orjson.loads(body[start : start + size])
        base, view = start + size, memoryview(body)
        columns: dict[str, Column] = {}
        for name, dtype, offset, length in header["columns"]:
            chunk = view[base + offset : base + offset + length]
            columns[name] = bytes(chunk) if dtype == "json" else np.frombuffer(chunk, dtype=dtype)
        return header["stamp"], columns
    except (KeyError, TypeError, ValueError, struct.error) as e:  # whole, yet not of this layout
        raise ValueError(f"{path} is not a warm-start file of this layout: {e}") from e


def shred(path: Path) -> None:
    """Overwrite the file at ``path`` with zeros and unlink it (nothing when there is none)."""
    try:
        fd = os.open(path, os.O_WRONLY)
    except FileNotFoundError:
        return
    try:
        size, zeros = os.fstat(fd).st_size, bytes(1 << 20)
        for at in range(0, size, len(zeros)):
            os.write(fd, zeros[: min(len(zeros), size - at)])
        os.fsync(fd)
    finally:
        os.close(fd)
    path.unlink(missing_ok=True)


def shred_all(folder: Path) -> None:
    """Shred every file in ``folder`` (the warm file and any temporary one being written)."""
    if folder.is_dir():
        for path in folder.iterdir():
            if path.is_file():
                shred(path)


def json_column(value: Any) -> Column:
    """A column of JSON text."""
    return orjson.dumps(value)


def from_json(column: Column) -> Any:
    """What a JSON column holds."""
    return orjson.loads(bytes(column))


def ints(values: Sequence[int]) -> np.ndarray:
    """A column of integers (32-bit: positions and small numbers)."""
    return np.array(values, dtype=np.int32)


def int_list(column: Column) -> list[int]:
    """The integers of a column ``ints`` made."""
    if not isinstance(column, np.ndarray):
        raise ValueError("an integer column holds JSON")
    return column.tolist()


def put_table(
    columns: dict[str, Column],
    name: str,
    table: Mapping[str, Iterable[Hashable]],
    position: Mapping[Hashable, int],
) -> None:
    """A table of sets as columns ``NAME.keys`` (JSON), ``NAME.sizes`` (each set's size) and
    ``NAME.items`` (its items' positions in ``position``)."""
    keys = list(table)
    columns[f"{name}.keys"] = orjson.dumps(keys)
    columns[f"{name}.sizes"] = np.fromiter((len(table[k]) for k in keys), np.int64, len(keys))
    columns[f"{name}.items"] = ints([position[x] for k in keys for x in table[k]])


def get_table(
    columns: Mapping[str, Column], name: str, items: Sequence[Any]
) -> defaultdict[str, set[Any]]:
    """The table ``put_table`` wrote, its items taken from ``items`` by position."""
    keys = from_json(columns[f"{name}.keys"])
    positions = int_list(columns[f"{name}.items"])
    table: defaultdict[str, set[Any]] = defaultdict(set)
    for key, (start, end) in zip(keys, _slices(columns[f"{name}.sizes"]), strict=True):
        if end - start > 1:  # itemgetter picks them in one call: a third faster than a loop
            table[key] = set(itemgetter(*positions[start:end])(items))
        else:
            table[key] = {items[positions[start]]} if end > start else set()
    return table


def put_counter(columns: dict[str, Column], name: str, counts: Counter[str]) -> None:
    """A count of words as columns ``NAME.words`` (JSON) and ``NAME.counts``."""
    columns[f"{name}.words"] = orjson.dumps(list(counts))
    columns[f"{name}.counts"] = np.fromiter(counts.values(), np.int64, len(counts))


def get_counter(columns: Mapping[str, Column], name: str) -> Counter[str]:
    """The count ``put_counter`` wrote."""
    words = from_json(columns[f"{name}.words"])
    return Counter(dict(zip(words, int_list(columns[f"{name}.counts"]), strict=True)))


def projection_columns(graph: nx.MultiDiGraph) -> dict[str, Column]:
    """The projection as columns: node ids and attributes (JSON, in node order); each pair of
    tied nodes in the order of each node's successors (its target's position, how many ties it
    holds), and again in the order of each node's predecessors (the pair's number); each tie's
    kind and, when it has more than its kind, its attributes. A load gives every order back."""
    ids = list(graph._node)
    at = {n: i for i, n in enumerate(ids)}
    kinds: dict[str, int] = {}
    pair_of: dict[int, int] = {}  # id() of a pair's dict of ties -> the pair's number
    out_pairs, pair_target, pair_ties, tie_kind = [], [], [], []
    extra_at: list[int] = []
    extra: list[dict[str, Any]] = []
    for u in ids:
        out = graph._succ[u]
        out_pairs.append(len(out))
        for v, keys in out.items():
            pair_of[id(keys)] = len(pair_target)
            pair_target.append(at[v])
            pair_ties.append(len(keys))
            for kind, attrs in keys.items():
                if len(attrs) > 1:
                    extra_at.append(len(tie_kind))
                    extra.append({k: x for k, x in attrs.items() if k != "kind"})
                tie_kind.append(kinds.setdefault(kind, len(kinds)))
    in_pairs = [len(graph._pred[v]) for v in ids]
    pred_pair = [pair_of[id(keys)] for v in ids for keys in graph._pred[v].values()]
    return {
        "graph": orjson.dumps(graph.graph),
        "node_ids": orjson.dumps(ids),
        "node_attrs": orjson.dumps([graph._node[n] for n in ids]),
        "out_pairs": np.array(out_pairs, dtype=np.int32),
        "pair_target": np.array(pair_target, dtype=np.int32),
        "pair_ties": np.array(pair_ties, dtype=np.int32),
        "in_pairs": np.array(in_pairs, dtype=np.int32),
        "pred_pair": np.array(pred_pair, dtype=np.int32),
        "tie_kinds": orjson.dumps(list(kinds)),
        "tie_kind": np.array(tie_kind, dtype=np.int32),
        "tie_extra_at": np.array(extra_at, dtype=np.int64),
        "tie_extra": orjson.dumps(extra),
    }


def _slices(counts: Column) -> list[tuple[int, int]]:
    """The (start, end) of each run, runs of the sizes ``counts`` one after another."""
    ends = np.cumsum(counts, dtype=np.int64).tolist()
    return list(zip([0, *ends[:-1]], ends, strict=True))


def projection_from(columns: Mapping[str, Column]) -> nx.MultiDiGraph:
    """The projection ``projection_columns`` wrote: equal to it, in the same node, successor and
    predecessor order, each tie's attributes one dict shared by both ends as in a projection."""
    ids: list[str] = orjson.loads(columns["node_ids"])
    attrs: list[dict[str, Any]] = orjson.loads(columns["node_attrs"])
    kind_names: list[str] = orjson.loads(columns["tie_kinds"])
    kinds = [kind_names[k] for k in columns["tie_kind"].tolist()]
    ties = [{"kind": k} for k in kinds]
    extra = orjson.loads(columns["tie_extra"])
    for n, more in zip(columns["tie_extra_at"].tolist(), extra, strict=True):
        ties[n] = {**more, "kind": kinds[n]}
    sizes = columns["pair_ties"]
    if bool((sizes == 1).all()):
        pairs = [{k: a} for k, a in zip(kinds, ties, strict=True)]
    else:
        pairs = [{kinds[i]: ties[i] for i in range(s, e)} for s, e in _slices(sizes)]
    targets = [ids[j] for j in columns["pair_target"].tolist()]
    out = _slices(columns["out_pairs"])
    sources = [u for u, (s, e) in zip(ids, out, strict=True) for _ in range(s, e)]
    g = MultiDiGraph()
    g.graph.update(orjson.loads(columns["graph"]))
    g._node.update(zip(ids, attrs, strict=True))
    g._succ.update(
        (u, dict(zip(targets[s:e], pairs[s:e], strict=True)))
        for u, (s, e) in zip(ids, out, strict=True)
    )
    order = columns["pred_pair"].tolist()
    g._pred.update(
        (v, {sources[p]: pairs[p] for p in order[s:e]})
        for v, (s, e) in zip(ids, _slices(columns["in_pairs"]), strict=True)
    )
    return g
