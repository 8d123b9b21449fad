"""The commands that build and serve the graph: ``demo``, ``stats``, ``template``, ``load``, ``serve``."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
import uuid
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from phakhee.api.cli.changes import cli_author
from phakhee.api.cli.context import JsonFlag, console, err, open_store, print_json
from phakhee.graph.audit import acting_as, current_author
from phakhee.graph.model import NodeKind, TieKind
from phakhee.graph.store import GraphStore


def register(app: typer.Typer) -> None:
    """Add the commands that build and serve the graph."""
    app.command()(demo)
    app.command()(stats)
    app.command()(template)
    app.command()(load)
    app.command()(serve)


def _counts_table(store: GraphStore) -> Table:
    counts = store.counts()
    table = Table(title=f"graph version {store.version()}  ·  {store.url}")
    table.add_column("kind")
    table.add_column("nodes", justify="right")
    table.add_column("ties", justify="right")
    rows = [k.value for k in NodeKind if k.value in counts["nodes"]]
    rows += [k.value for k in TieKind if k.value in counts["ties"]]
    for kind in rows:
        n, t = counts["nodes"].get(kind), counts["ties"].get(kind)
        table.add_row(kind, f"{n:,}" if n else "", f"{t:,}" if t else "")
    table.add_row(
        "[b]total",
        f"[b]{sum(counts['nodes'].values()):,}",
        f"[b]{sum(counts['ties'].values()):,}",
    )
    return table


def demo(
    people: Annotated[int, typer.Option(min=100, help="How many people the network has.")] = 1000,
    seed: Annotated[
        int, typer.Option(help="Random seed: the same seed gives the same network.")
    ] = 7,
    as_of: Annotated[
        dt.datetime | None,
        typer.Option(
            formats=["%Y-%m-%d"], help="The date the network is seen from (default: today)."
        ),
    ] = None,
    serve_after: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve the API on it afterwards.")
    ] = True,
    host: Annotated[str, typer.Option(help="Address to serve on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to serve on.")] = 8000,
) -> None:
    """Build the realistic demo network into the configured store, summarise it, and serve it."""
    from phakhee.loaders.demo import build_demo

    store = open_store()
    started = time.perf_counter()
    written = 0
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,} records"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("demo network", total=None)

        def progress(phase: str, n: int) -> None:
            nonlocal written
            written += n
            bar.update(task, description=phase, completed=written)

        summary = build_demo(store, people, seed, as_of.date() if as_of else None, progress)
    seconds = time.perf_counter() - started
    console.print(_counts_table(store))
    changed = (
        summary.nodes.created + summary.nodes.updated + summary.ties.created + summary.ties.updated
    )
    console.print(
        f"{people:,} people, seed {seed}, as of {summary.as_of}: {written:,} records in {seconds:.1f} s "
        f"({written / seconds:,.0f} records/s); {changed:,} created or updated."
    )
    console.print(f"data lives in {store.url}", soft_wrap=True)
    if serve_after:
        _serve(store, host, port)
    store.close()


def stats(as_json: JsonFlag = False) -> None:
    """Counts of nodes and ties by kind, the graph version, and where the data lives."""
    store = open_store()
    if as_json:
        counts = store.counts()
        print_json(
            {
                "graph_version": store.version(),
                "store": store.url,
                "nodes": counts["nodes"],
                "ties": counts["ties"],
                "total": {
                    "nodes": sum(counts["nodes"].values()),
                    "ties": sum(counts["ties"].values()),
                },
            }
        )
    else:
        console.print(_counts_table(store))
    store.close()


def template(
    out: Annotated[Path, typer.Argument(help="Where to write the workbook (.xlsx).")],
) -> None:
    """Write the empty template workbook coordinators fill in (Thai and English)."""
    from phakhee.loaders.template_writer import write_template

    console.print(f"wrote {write_template(out)}")


def load(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Workbooks, CSV files, folders or zips of CSV, JSON, GEXF, GraphML."),
    ],
    format: Annotated[
        str,
        typer.Option(
            "--format",
            help="auto, template, kumu, nodelink, gexf or graphml (auto: by the file's suffix "
            "and sheets).",
        ),
    ] = "auto",
    kind: Annotated[
        str,
        typer.Option(
            "--kind", help="What a GEXF or GraphML file's nodes are when they name no kind."
        ),
    ] = "person",
    tie_kind: Annotated[
        str,
        typer.Option(
            "--tie-kind", help="What a GEXF or GraphML file's edges are when they name no kind."
        ),
    ] = "knows",
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Validate and report; write nothing.")
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Write nothing and exit 3 if any row is refused.")
    ] = False,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report", help="Write refused rows to this CSV (and one per sheet beside it)."
        ),
    ] = None,
    sync: Annotated[
        str | None,
        typer.Option(
            "--sync",
            help="Make the files the truth for a province or region (by id, Thai or English "
            "name) and preview what the graph has there that they do not: province=P or region=R.",
        ),
    ] = None,
    yes: Annotated[
        bool, typer.Option("--yes", help="With --sync: remove what the preview lists.")
    ] = False,
) -> None:
    """Load files into the graph; refused rows are reported with file, sheet, row, column and reason."""
    from phakhee.graph.model import NodeKind, TieKind
    from phakhee.loaders.load import FORMATS, load_files
    from phakhee.loaders.quarantine import write_report

    if format not in FORMATS:
        raise typer.BadParameter(f"use {', '.join(FORMATS)}", param_hint="--format")
    if kind not in NodeKind._value2member_map_:
        raise typer.BadParameter(f"use {', '.join(NodeKind)}", param_hint="--kind")
    if tie_kind not in TieKind._value2member_map_:
        raise typer.BadParameter(f"use {', '.join(TieKind)}", param_hint="--tie-kind")
    scope = _sync_scope(sync, yes)
    store = open_store()
    batch = uuid.uuid4().hex  # the load's id in the audit log, to undo it as a whole
    with (
        acting_as(dataclasses.replace(current_author() or cli_author(), batch=batch)),
        Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            console=err,
            transient=True,
        ) as bar,
    ):
        task = bar.add_task("reading", total=len(paths))
        result = load_files(
            store,
            paths,
            format=format,  # type: ignore[arg-type]
            dry_run=dry_run,
            strict=strict,
            progress=lambda path, rows: bar.update(task, advance=1, description=path),
            kind=NodeKind(kind),
            tie_kind=TieKind(tie_kind),
            sync=scope,
            yes=yes,
        )
    console.print(_files_table(result))
    console.print(_load_table(result))
    _print_merge(result)
    _print_not_in_file(result.not_in_file, written=result.written)
    for q in result.quarantined[:20]:
        where = (
            f"{q.file}" + (f" [{q.sheet}]" if q.sheet else "") + (f" row {q.row}" if q.row else "")
        )
        error = q.error.removeprefix(f"{q.file}: ")  # the file is named once, before
        err.print(
            f"[yellow]refused[/] {escape(where)}: {escape(error)}",
            highlight=False,
            soft_wrap=True,
        )
    if len(result.quarantined) > 20:
        err.print(f"... and {len(result.quarantined) - 20} more (see --report)")
    if report is not None and result.quarantined:
        for written in write_report(result.quarantined, report):
            console.print(f"report: {written}")
    if not result.written:
        console.print(
            "nothing written" + (" (dry run)" if dry_run else " (--strict and rows were refused)")
        )
    elif store.audit_entries(batch=batch, limit=1):
        console.print(f"to undo this load: phakhee changes undo --batch {batch}", highlight=False)
    store.close()
    unread = [f.path for f in result.files if f.error]
    if unread:  # scripts can tell: a file that could not be read is a failed load
        err.print(
            f"[red]error:[/] not read: {escape(', '.join(unread))}", highlight=False, soft_wrap=True
        )
        raise typer.Exit(3)
    if strict and result.quarantined:
        raise typer.Exit(3)
    if yes and result.not_in_file.blocked:
        raise typer.Exit(3)


def _sync_scope(sync: str | None, yes: bool) -> object:
    from phakhee.graph.errors import InvalidInput
    from phakhee.loaders.sync import parse_scope

    if sync is None:
        if yes:
            raise typer.BadParameter("--yes confirms --sync: give --sync too", param_hint="--yes")
        return None
    try:
        return parse_scope(sync)
    except InvalidInput as e:
        raise typer.BadParameter(str(e), param_hint="--sync") from None


def _print_not_in_file(found: object, *, written: bool) -> None:
    """What the graph has in the scope (or the files' provinces) that the files do not, and
    what ``--sync … --yes`` does or did about it."""
    from phakhee.loaders.sync import NotInFile

    assert isinstance(found, NotInFile)
    if not (found.nodes or found.moved):
        if found.scope:
            console.print(f"in {found.scope}: the graph has nothing the files do not")
        return
    where = found.scope or ", ".join(found.places)
    table = Table(title=f"in the graph in {where} but not in your files")
    for col in ("kind", "id", "name", "ties", "--sync --yes"):
        table.add_column(col, overflow="fold", justify="right" if col == "ties" else "left")
    done = "removed" if found.removed else "removes"
    rows = [
        (
            a.kind,
            a.id,
            a.name,
            str(a.ties),
            f"{done} the node and its ties"
            if a.action == "remove"
            else f"{done} its location here (also in {', '.join(a.elsewhere)})",
        )
        for a in found.nodes
    ] + [
        ("", node_id, "", "", f"{done} its location in {place} (the files place it elsewhere)")
        for _, node_id, place in found.moved
    ]
    most = None if found.scope else 20  # a preview of removals shows every one
    for row in rows[:most]:
        table.add_row(*(escape(cell) for cell in row))
    console.print(table)
    if most is not None and len(rows) > most:
        console.print(f"... and {len(rows) - most} more (--sync province=NAME lists them all)")
    if found.removed:
        n, t = found.removed_nodes, found.removed_ties
        console.print(f"removed {n} node{'s' * (n != 1)} and {t} tie{'s' * (t != 1)}")
    elif found.blocked:
        err.print(f"[yellow]nothing removed:[/] {escape(found.blocked)}", highlight=False)
    elif found.scope and not written:
        console.print("nothing removed: nothing was written")
    elif found.scope:
        console.print("preview: nothing removed; add --yes to remove what is listed")
    else:
        console.print(
            "to make the files the truth for a province: --sync province=NAME (a preview), then --yes"
        )


ENCODINGS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with BOM",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16",
    "cp874": "Thai Windows (cp874/TIS-620)",
    "xlsx": "workbook",
}
"""Encodings as the files table names them."""


def _files_table(result: object) -> Table:
    """Each file read, one row each (a folder's or a zip's CSV files one by one): what it was
    read as, the encoding detected, its rows and how many were refused."""
    from phakhee.loaders.load import LoadReport

    assert isinstance(result, LoadReport)
    table = Table(title="files")
    for col in ("file", "read as", "encoding", "rows", "refused"):
        table.add_column(col, justify="right" if col in ("rows", "refused") else "left")
    for f in result.files:
        if f.error:
            table.add_row(escape(f.path), "[red]not read", "", "", "")
            continue
        for part in f.parts or [None]:
            path, encoding = (part.path, part.encoding) if part else (f.path, f.encodings[0])
            rows, refused = (part.rows, part.refused) if part else (f.rows, f.quarantined)
            table.add_row(
                escape(path),
                f.format,
                ENCODINGS.get(encoding, encoding),
                str(rows),
                str(refused) if refused else "",
            )
    return table


def _load_table(result: object) -> Table:
    """What the load did per kind, with the sheets it was read from, and what each sheet refused."""
    from phakhee.loaders.load import LoadReport
    from phakhee.loaders.sheets import SHEETS

    assert isinstance(result, LoadReport)
    table = Table(title="load")
    for col in ("kind", "sheet", "read", "created", "updated", "unchanged", "refused"):
        table.add_column(col, justify="left" if col in ("kind", "sheet") else "right")
    refused = result.quarantined_by_kind()
    own_kind = {name: (s.node or s.tie).value for name, s in SHEETS.items() if s.node or s.tie}
    counted: set[str] = set()
    for kind in [k.value for k in NodeKind] + [k.value for k in TieKind]:
        r = result.results.get(kind)
        read = result.parsed.get(kind, 0)
        own = {sheet for sheet in refused if own_kind.get(sheet) == kind}
        if not (r or read or own):
            continue
        counted |= own
        cells = (str(r.created), str(r.updated), str(r.unchanged)) if r else ("-", "-", "-")
        n = sum(refused[sheet] for sheet in own)
        sheets = ", ".join(sorted(result.sheets.get(kind, set()) | own))
        table.add_row(kind, escape(sheets), str(read), *cells, f"[yellow]{n}" if n else "")
    for sheet, n in sorted(refused.items()):
        if sheet not in counted:
            table.add_row("", escape(sheet or "(file)"), "", "", "", "", f"[yellow]{n}")
    return table


def _print_merge(result: object, limit: int = 20) -> None:
    """The example rows skipped, the fields exports withheld, and the first ``limit`` stored
    nodes the load changed with their fields (a personal field by its name only)."""
    from phakhee.loaders.load import LoadReport

    assert isinstance(result, LoadReport)
    for f in result.files:
        if f.examples:
            rows = {row for _, row in f.examples}
            where = (
                f"{', '.join(sheet for sheet, _ in f.examples)} (row {rows.pop()})"
                if len(rows) == 1
                else ", ".join(f"{sheet} row {row}" for sheet, row in f.examples)
            )
            console.print(
                escape(f"{f.path}: skipped the template's example row in {where}"),
                highlight=False,
                soft_wrap=True,
            )
        if f.withheld:
            ignored = f"; {f.ignored} cells typed there were ignored" if f.ignored else ""
            console.print(
                escape(f"{f.path}: {', '.join(f.withheld)} withheld by the export: left as stored")
                + ignored,
                highlight=False,
                soft_wrap=True,
            )
    if not result.changed:
        return
    n = len(result.changed)
    console.print(f"{'changed' if result.written else 'would change'} {n:,} node{'s' * (n != 1)}:")
    for c in result.changed[:limit]:
        fields = "; ".join(
            f"{name} (personal)" if v is None else f"{name} {_shown(v[0])} → {_shown(v[1])}"
            for name, v in c.fields.items()
        )
        console.print(f"  {escape(c.id)}: {escape(fields)}", highlight=False, soft_wrap=True)
    if n > limit:
        console.print(f"  ... and {n - limit:,} more")


def _shown(value: object) -> str:
    """A field's value in the change list: quoted, lists joined with ';', cut at 40 characters."""
    if value is None:
        return "(empty)"
    text = ";".join(map(str, value)) if isinstance(value, list) else str(value)
    return repr(text if len(text) <= 40 else text[:39] + "…")


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the HTTP API (OpenAPI docs at /docs)."""
    _serve(open_store(), host, port)


def _serve(store: GraphStore, host: str, port: int) -> None:
    import uvicorn

    from phakhee.api.app import create_app

    console.print(
        f"serving {store.url} at http://{host}:{port}/  (API docs: http://{host}:{port}/docs; Ctrl-C stops)",
        soft_wrap=True,  # paths and URLs are copied whole: never broken across lines
    )
    uvicorn.run(create_app(store), host=host, port=port, log_level="warning")
