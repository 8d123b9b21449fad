"""Loading files into the graph: detect the format, parse, quarantine, merge, write in batches, report.

A load merges into what is stored (``loaders.merge``): it sets only the fields its files have,
empties a field only where a cell says ``(ลบ)`` / ``(clear)``, and never touches the fields an
export says it withheld; the report says, per stored node, which fields changed.

A bad row is refused alone and a file that cannot be read is refused alone; a file past one
of the loading limits (``graph.settings.LoadLimits``), or too large for memory, refuses the
whole load (``TooLarge``) before anything is written.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args

from phakhee.graph.errors import InvalidInput, NotFound
from phakhee.graph.model import NodeKind, NodeRecord, TieKind, TieRecord
from phakhee.graph.privacy import PERSONAL_FIELDS
from phakhee.graph.reference import ensure_reference
from phakhee.graph.settings import LoadLimits, get_load_limits
from phakhee.graph.store import GraphStore, WriteResult
from phakhee.loaders.csv_export import is_csv_export, read_csv_export
from phakhee.loaders.kumu import BUILT_IN, is_kumu, read_kumu
from phakhee.loaders.limits import TooLarge, out_of_memory
from phakhee.loaders.merge import (
    Change,
    cleared_fields,
    combine,
    given_fields,
    merge_with_store,
    withhold,
)
from phakhee.loaders.networkx_files import SUFFIXES, read_graph_file
from phakhee.loaders.nodelink import read_nodelink
from phakhee.loaders.quarantine import Quarantined
from phakhee.loaders.resolve import Resolver
from phakhee.loaders.sync import NotInFile, Scope, not_in_file, remove
from phakhee.loaders.tables import Table, UnreadableFile, read_file, read_tables
from phakhee.loaders.template_reader import Parsed, TemplateReader
from phakhee.loaders.writer import Progress, Record, write_batches

Format = Literal["auto", "template", "kumu", "nodelink", "gexf", "graphml"]
FORMATS: tuple[str, ...] = get_args(Format)
"""Every ``--format`` a load takes."""


Defaults = tuple[NodeKind, TieKind]
"""The kind of node and of tie a graph file's nodes and edges are when they name none."""


@dataclass(frozen=True, slots=True)
class FilePart:
    """One file a path stood for (the path itself, or one CSV file of a folder or zip): the
    encoding it was read in, its rows and how many of them were refused."""

    path: str
    encoding: str
    rows: int = 0
    refused: int = 0


@dataclass(slots=True)
class FileReport:
    """One path: the format it was read as, its encodings, how many rows it had, and each file
    it stood for (``parts``: a folder's or a zip's CSV files one by one)."""

    path: str
    format: str
    encodings: list[str] = field(default_factory=list)
    rows: int = 0
    quarantined: int = 0
    error: str = ""
    kinds: list[str] = field(default_factory=list)
    """The kinds of node the file has a sheet for: what it is the truth for under ``sync``."""
    examples: list[tuple[str, int]] = field(default_factory=list)
    """(sheet, row) of each template example row skipped (marked ตัวอย่าง / example)."""
    withheld: list[str] = field(default_factory=list)
    """Fields the file (an export) says it withheld: left as stored."""
    ignored: int = 0
    """Cells typed into withheld fields, ignored."""
    parts: list[FilePart] = field(default_factory=list)


@dataclass(slots=True)
class LoadReport:
    """What a load did: per file, per kind (created / updated / unchanged), every refused row,
    and per stored node the fields it changed (``changed``, in the order of the load)."""

    files: list[FileReport] = field(default_factory=list)
    parsed: dict[str, int] = field(default_factory=dict)
    sheets: dict[str, set[str]] = field(default_factory=dict)
    """The sheets each kind was read from (kind -> sheet names)."""
    results: dict[str, WriteResult] = field(default_factory=dict)
    quarantined: list[Quarantined] = field(default_factory=list)
    written: bool = False
    batches: int = 0
    not_in_file: NotInFile = field(default_factory=NotInFile)
    """What the graph has in the files' provinces, or in the ``sync`` scope, that they do not."""
    changed: list[Change] = field(default_factory=list)

    def unreadable(self) -> str | None:
        """Why the files as a whole are refused, or None: nothing in them could be read — every
        refusal is of a file, not a row, or there is no row at all (a load of nothing would say
        it succeeded, and with a scope would find the whole place missing). The template's own
        example rows, skipped and named, are rows: that answer says what happened."""
        if self.parsed or any(f.examples for f in self.files):
            return None
        if not self.quarantined:
            return "nothing in the file could be read: no rows of any kind were found"
        if all(not q.row for q in self.quarantined):
            return self.quarantined[0].error
        return None

    def quarantined_by_kind(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for q in self.quarantined:
            counts[q.sheet] = counts.get(q.sheet, 0) + 1
        return counts


def detect(path: Path, tables: list[Table] | None) -> str:
    """The format a file is in: JSON is node-link, .gexf and .graphml are theirs,
    Elements/Connections is Kumu, nodes/edges our CSV export, else the template."""
    if path.suffix.lower() == ".json":
        return "nodelink"
    if path.suffix.lower() in SUFFIXES:
        return SUFFIXES[path.suffix.lower()]
    if tables is not None and is_kumu(tables):
        return "kumu"
    if tables is not None and is_csv_export(tables):
        return "csv_export"
    return "template"


def _parse(
    path: Path, fmt: Format, resolver: Resolver, limits: LoadLimits, defaults: Defaults
) -> Callable[[], tuple[Parsed, FileReport]]:
    """Read a file and the nodes it gives; what it returns reads the rest of it (the rows that
    name other nodes), to be called once every file of the load has given its nodes."""
    file = str(path)
    graph_file = fmt if fmt in ("gexf", "graphml") else None
    if fmt == "auto" and detect(path, None) in ("gexf", "graphml"):
        graph_file = detect(path, None)
    if graph_file or fmt == "nodelink" or (fmt == "auto" and detect(path, None) == "nodelink"):
        data = read_file(path, limits)
        if graph_file:
            kind, tie_kind = defaults
            parsed = read_graph_file(
                data,
                graph_file,
                file,
                limits,
                kind=kind,
                tie_kind=tie_kind,  # type: ignore[arg-type]
            )
            kinds = {r.kind for r in parsed.nodes.values()}
        else:
            parsed = read_nodelink(data, file, limits)
            kinds = set(NodeKind)
        done = FileReport(
            file, graph_file or "nodelink", ["utf-8"], parsed.rows, len(parsed.quarantined)
        )
        done.kinds = sorted(k.value for k in kinds if k not in BUILT_IN)
        _known(resolver, parsed)
        return lambda: (parsed, done)
    tables = list(read_tables(path, limits))
    chosen = detect(path, tables) if fmt == "auto" else fmt
    report = FileReport(file, chosen, sorted({t.encoding for t in tables}))
    encodings = {t.file: t.encoding for t in tables}
    if chosen == "kumu":
        labels: dict[str, str] = {}
        later = [t for t in tables if t.name.strip().lower() == "connections"]
        parsed = read_kumu([t for t in tables if t not in later], file, resolver, labels)
        if any(t.name.strip().lower() == "elements" for t in tables):
            report.kinds = sorted(k.value for k in NodeKind if k not in BUILT_IN)

        def connections() -> Parsed:
            rest = read_kumu(later, file, resolver, labels)
            parsed.ties.update(rest.ties)
            parsed.quarantined += rest.quarantined
            parsed.rows += rest.rows
            for name, n in rest.rows_by_file.items():
                parsed.rows_by_file[name] = parsed.rows_by_file.get(name, 0) + n
            return parsed

        finish = connections
    elif chosen == "csv_export":
        exported = read_csv_export(tables, file, limits)
        report.kinds = sorted({r.kind.value for r in exported.nodes.values()} - BUILT_IN)
        _known(resolver, exported)

        def finish() -> Parsed:
            return exported
    else:
        reader = TemplateReader(resolver, ties_later=True)
        reader.read(tables, file)
        if reader.sheets_found == 0:
            names = ", ".join(sorted({t.name for t in tables}))
            raise UnreadableFile(
                f"{file}: no sheet of the template found (sheets: {names[:200]}); see `phakhee template`"
            )
        report.kinds = sorted(k.value for k in reader.kinds)
        finish = reader.read_later
    del tables

    def rest() -> tuple[Parsed, FileReport]:
        parsed = finish()
        report.rows, report.quarantined = parsed.rows, len(parsed.quarantined)
        refused = Counter(q.file for q in parsed.quarantined)
        report.parts = [
            FilePart(name, encoding, parsed.rows_by_file.get(name, 0), refused[name])
            for name, encoding in encodings.items()
        ]
        return parsed, report

    return rest


def _known(resolver: Resolver, parsed: Parsed) -> None:
    """Make a file's nodes known by name: other files of the load may name them."""
    for r in parsed.nodes.values():
        p = r.props
        resolver.add(r.id, r.kind, p.get("name"), p.get("name_en"), *p.get("aliases", []))


def load_files(
    store: GraphStore,
    paths: Sequence[Path],
    *,
    format: Format = "auto",
    dry_run: bool = False,
    strict: bool = False,
    progress: Progress | None = None,
    limits: LoadLimits | None = None,
    sync: Scope | None = None,
    yes: bool = False,
    kind: NodeKind = NodeKind.PERSON,
    tie_kind: TieKind = TieKind.KNOWS,
    screen: Screen | None = None,
) -> LoadReport:
    """Load files; good rows are never lost because of a bad one, and a reload changes nothing.

    The report lists what the graph has in the files' provinces (or in ``sync``'s scope) that
    the files do not (``loaders.sync``); with ``sync`` and ``yes`` the load removes it once the
    files are written, unless a node row was refused.

    ``limits`` default to the settings (``PHAKHEE_MAX_*``). Raises ``TooLarge`` (an
    ``InvalidInput``), having written nothing, when a file is past one of them or too large to
    read in memory, and ``NotFound`` before reading anything when a path does not exist. A file
    that cannot be read is refused alone: ``FileReport.error`` says why.

    ``kind`` and ``tie_kind`` are what a GEXF or GraphML file's nodes and edges are when they
    name no kind of their own (``loaders.networkx_files``).

    ``screen``, given the load's nodes and ties, names those the uploader may not write (a
    node's id, a tie's key) with the reason: each is refused as its row, the rest load.
    """
    limits = limits or get_load_limits()
    for path in paths:  # a mistyped path refuses the load before anything is read
        if not Path(path).exists():
            raise NotFound("file", str(path), f"{path}: no such file or folder")
    report = LoadReport()
    resolver = Resolver(store)
    nodes: dict[str, NodeRecord] = {}
    ties: dict[tuple[str, str, str], TieRecord] = {}
    started: list[tuple[Path, Callable[[], tuple[Parsed, FileReport]] | str]] = []
    for path in paths:  # every file's nodes first, so that any file's ties can name them
        try:
            started.append((path, _parse(Path(path), format, resolver, limits, (kind, tie_kind))))
        except TooLarge:
            raise
        except MemoryError:
            raise out_of_memory(Path(path).name) from None
        except (UnreadableFile, OSError, InvalidInput) as e:
            started.append((path, str(e) if isinstance(e, InvalidInput) else f"{path}: {e}"))
    for path, rest in started:
        if isinstance(rest, str):
            report.files.append(FileReport(str(path), format, error=rest))
            report.quarantined.append(Quarantined(str(path), "", 0, "", rest))
            continue
        try:
            parsed, file_report = rest()
        except MemoryError:
            raise out_of_memory(Path(path).name) from None
        file_report.examples = parsed.examples
        _withhold(parsed, file_report)
        report.files.append(file_report)
        report.quarantined += parsed.quarantined
        _absorb(nodes, parsed.nodes)
        _absorb(ties, parsed.ties)
        if progress is not None:
            progress(str(path), parsed.rows)
    if screen is not None:
        _screened(report, nodes, ties, screen(nodes, ties))
    for r in (*nodes.values(), *ties.values()):
        report.parsed[r.kind.value] = report.parsed.get(r.kind.value, 0) + 1
        if r.provenance is not None and r.provenance.source.endswith("]"):
            sheet = r.provenance.source.rpartition("[")[2].removesuffix("]")
            report.sheets.setdefault(r.kind.value, set()).add(sheet)
    kinds = {NodeKind(k) for f in report.files for k in f.kinds}
    report.not_in_file = not_in_file(store, nodes, ties.values(), kinds, report.quarantined, sync)
    if strict and report.quarantined:
        return report
    merged = merge_with_store(store, nodes.values(), ties.values(), batch=store.batch_size)
    report.changed = merged.changes
    if dry_run:
        report.results = merged.would  # what the write would do, by kind
        return report
    ensure_reference(store)
    result = write_batches(store, _batches(merged.nodes, merged.ties, store.batch_size))
    report.results, report.batches, report.written = result.by_label, result.batches, True
    for key, reason in result.ties.rejected:
        report.quarantined.append(_refused(ties[key], key[0], reason))
    if sync is not None and yes and not report.not_in_file.blocked:
        remove(store, report.not_in_file)
    return report


Screen = Callable[
    [dict[str, NodeRecord], dict[tuple[str, str, str], TieRecord]],
    dict[str | tuple[str, str, str], str],
]
"""What ``load_files`` asks of the records it read: the ones not to write, with why."""


def _refused(r: Record, sheet: str, reason: str) -> Quarantined:
    """Record ``r`` refused as the row it came from (``sheet`` when its provenance names none)."""
    source = r.provenance.source if r.provenance else ""
    file, _, named = source.rpartition("[")  # "FILE[SHEET]": the file and its sheet apart
    row = r.provenance.row or 0 if r.provenance else 0
    values = (
        {"id": r.id, **{k: str(v) for k, v in r.props.items()}} if isinstance(r, NodeRecord) else {}
    )
    return Quarantined(
        file or source, named.removesuffix("]") if file else sheet, row, "", reason, values
    )


def _screened(report: LoadReport, nodes: dict, ties: dict, refused: dict) -> None:
    """Leave out of the load the records ``refused`` names, each quarantined with its reason (a
    tie from a refused node goes with it, as the row they both came from)."""
    for key, reason in refused.items():
        r = nodes.pop(key, None) if isinstance(key, str) else ties.pop(key, None)
        if r is not None and not (isinstance(key, tuple) and key[1] in refused):
            report.quarantined.append(_refused(r, r.kind.value, reason))


def _absorb(into: dict, records: dict) -> None:
    """Add a file's records to the load's: one given in two files is merged, the later winning."""
    for key, r in records.items():
        old = into.get(key)
        into[key] = r if old is None else combine(old, r)


def _withhold(parsed: Parsed, file: FileReport) -> None:
    """Leave the personal fields an export withheld as they are stored, counting cells typed there."""
    fields = parsed.withheld & PERSONAL_FIELDS
    if not fields:
        return
    file.withheld = sorted(fields)
    for key, r in parsed.nodes.items():
        kept = withhold(r, fields)
        if kept is not r:
            file.ignored += len((given_fields(r) | cleared_fields(r)) & fields)
            parsed.nodes[key] = kept


def _batches(nodes: object, ties: object, size: int) -> Iterator[tuple[str, list[Record]]]:
    """Nodes by kind, then ties by kind, in batches of at most ``size`` records."""
    for kinds, records in ((NodeKind, nodes), (TieKind, ties)):
        by_kind: dict[str, list[Record]] = {}
        for r in records:  # type: ignore[attr-defined]
            by_kind.setdefault(r.kind.value, []).append(r)
        for kind in kinds:  # type: ignore[attr-defined]
            items = by_kind.get(kind.value, [])
            for i in range(0, len(items), size):
                yield kind.value, items[i : i + size]
