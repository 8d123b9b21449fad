"""``phakhee export``, ``snapshot ...``, ``person export|erase``, ``backup`` and ``restore``."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from phakhee.api.cli.context import cache, console, open_store, say, store_url

if TYPE_CHECKING:
    from phakhee.queries.cache import GraphVersion

FORMAT_HELP = "gexf, graphml, json, csv (zip), cypher, xlsx or html (the view, offline)."
SCOPE_HELP = "all (default), province=P, region=R, topic=T or ego=ID."
REDACT_HELP = "Leave out phone, email, LINE id and address (default); --no-redact keeps them."
FormatOpt = Annotated[str, typer.Option("--format", "-f", help=FORMAT_HELP)]
ScopeOpt = Annotated[str | None, typer.Option(help=SCOPE_HELP)]
RedactOpt = Annotated[bool, typer.Option("--redact/--no-redact", help=REDACT_HELP)]


def write_file(
    snap: GraphVersion,
    format: str,
    out: Path,
    *,
    scope: str | None,
    redact: bool,
    snapshot: str | None = None,
) -> None:
    """Export to ``out`` through a temporary file beside it, so a failed export leaves nothing half-written."""
    from phakhee.api.export_files import write_temp

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp, meta = write_temp(
        snap, format, out.parent, scope=scope, redact=redact, snapshot_id=snapshot
    )
    os.replace(tmp, out)
    say(
        f"wrote {out} ({out.stat().st_size:,} bytes): {meta.format}, graph version "
        f"{meta.graph_version}, scope {meta.scope}, "
        + ("redacted" if meta.redacted else "NOT redacted: holds personal contact data")
    )


def export_cmd(
    out: Annotated[Path, typer.Argument(help="The file to write.")],
    format: FormatOpt,
    scope: ScopeOpt = None,
    redact: RedactOpt = True,
) -> None:
    """Export the graph (or a part of it) for Gephi, Excel, another Neo4j, a browser or a colleague's script."""
    from phakhee.api.export_files import check_format

    check_format(format)
    write_file(cache().current(), format, out, scope=scope, redact=redact)


snapshot_app = typer.Typer(
    help="Dated frozen copies of the graph: create, list, show, export, diff."
)
person_app = typer.Typer(help="A person's data rights (PDPA): everything about them, or erasure.")


@snapshot_app.command("create")
def snapshot_create(
    note: Annotated[str, typer.Option(help="What this snapshot is for, e.g. 'Q3 2026'.")] = "",
) -> None:
    """Freeze the whole graph now, with its date, graph version, note and summary metrics."""
    from phakhee.queries.records.snapshots import create_snapshot

    graphs = cache()
    info = create_snapshot(graphs.store, graphs.current().graph, note)
    say(
        f"snapshot {info.id}: graph version {info.graph_version}, {info.created_at}, "
        f"{info.size:,} bytes"
    )


@snapshot_app.command("list")
def snapshot_list() -> None:
    """Every snapshot, oldest first."""
    from rich.table import Table

    table = Table(title="snapshots")
    for col in ("id", "taken (UTC)", "graph version", "nodes", "ties", "note"):
        table.add_column(col, justify="right" if col in ("id", "nodes", "ties") else "left")
    for s in open_store().list_snapshots():
        table.add_row(
            str(s.id),
            s.created_at,
            str(s.graph_version),
            f"{sum(s.summary.get('nodes', {}).values()):,}",
            f"{sum(s.summary.get('ties', {}).values()):,}",
            s.note,
        )
    console.print(table)


@snapshot_app.command("show")
def snapshot_show(
    snapshot_id: Annotated[int, typer.Argument(metavar="ID", help="The snapshot's id.")],
) -> None:
    """A snapshot's date, version, note and summary metrics."""
    from rich.table import Table

    info, _ = open_store().get_snapshot(snapshot_id)
    table = Table(
        title=f"snapshot {info.id} · {info.created_at} · graph version {info.graph_version}"
    )
    table.add_column("what")
    table.add_column("count", justify="right")
    for part in ("nodes", "ties", "indicators"):
        for k, v in info.summary.get(part, {}).items():
            table.add_row(f"{part}: {k}", f"{v:,}")
    console.print(table)
    if info.note:
        say(f"note: {info.note}")


@snapshot_app.command("export")
def snapshot_export(
    snapshot_id: Annotated[int, typer.Argument(metavar="ID", help="The snapshot's id.")],
    out: Annotated[Path, typer.Argument(help="The file to write.")],
    format: FormatOpt,
    scope: ScopeOpt = None,
    redact: RedactOpt = True,
) -> None:
    """Export a snapshot as it was, in any export format."""
    from phakhee.api.export_files import check_format
    from phakhee.queries.cache import GraphVersion
    from phakhee.queries.records.snapshots import load_snapshot

    check_format(format)

    info, graph = load_snapshot(open_store(), snapshot_id)
    write_file(GraphVersion(graph), format, out, scope=scope, redact=redact, snapshot=str(info.id))


@snapshot_app.command("diff")
def snapshot_diff(
    a: Annotated[int, typer.Argument(metavar="A", help="The earlier snapshot's id.")],
    b: Annotated[int, typer.Argument(metavar="B", help="The later snapshot's id.")],
    limit: Annotated[int, typer.Option(min=1, help="Rows to show of each list.")] = 20,
) -> None:
    """What changed from snapshot A to B: nodes and ties added, removed and changed (fields named;
    personal ones without values), partners by province and sector, movers, indicators, and
    each province's districts with work gained and lost."""
    from phakhee.queries.records.snapshot_diff import diff_snapshots

    d = diff_snapshots(open_store(), a, b)
    for table in _diff_tables(d, a, b, limit):
        console.print(table)


def _diff_tables(d: object, a: int, b: int, limit: int) -> list[object]:
    from rich.table import Table

    from phakhee.queries.analytics.coverage import place_names
    from phakhee.queries.records.snapshot_diff import PERSONAL_NOTE, SnapshotDiff, shown

    assert isinstance(d, SnapshotDiff)
    head = Table(title=f"snapshot {a} (graph v{d.a}) → snapshot {b} (graph v{d.b})")
    for col in ("change", "count", "first ones"):
        head.add_column(col, justify="right" if col == "count" else "left")
    for label, items, show in (
        ("[green]nodes added", d.nodes_added, lambda n: f"{n.name} ({n.id})"),
        ("[red]nodes removed", d.nodes_removed, lambda n: f"{n.name} ({n.id})"),
        ("[green]ties added", d.ties_added, lambda t: f"{t.source} -{t.kind}-> {t.target}"),
        ("[red]ties removed", d.ties_removed, lambda t: f"{t.source} -{t.kind}-> {t.target}"),
        ("[yellow]nodes changed", d.nodes_changed, lambda n: f"{n.name} ({n.id})"),
        ("[yellow]ties changed", d.ties_changed, lambda t: f"{t.source} -{t.kind}-> {t.target}"),
    ):
        head.add_row(label, f"{len(items):,}", "\n".join(show(x) for x in items[:limit]))  # type: ignore[operator]
    fields = Table(title="fields changed (personal ones named, not shown)")
    for col in ("node or tie", "field", "before", "after"):
        fields.add_column(col)
    changed = [
        *((f"{n.name} ({n.id})", n.fields) for n in d.nodes_changed[:limit]),
        *((f"{t.source} -{t.kind}-> {t.target}", t.fields) for t in d.ties_changed[:limit]),
    ]
    for what, changes in changed:
        for f in changes:
            before, after = (
                (PERSONAL_NOTE, PERSONAL_NOTE) if f.personal else (shown(f.before), shown(f.after))
            )
            fields.add_row(what, f.field, before, after)
    partners = Table(title="partners gained and lost, by province and sector")
    for col in ("province", "sector", "gained", "lost"):
        partners.add_column(col)
    for p in d.partners[:limit]:
        partners.add_row(p.province, p.sector, "\n".join(p.gained), "\n".join(p.lost))
    movers = Table(title="biggest movers in centrality")
    for col in ("node", "before", "after", "change"):
        movers.add_column(col, justify="left" if col == "node" else "right")
    for m in d.movers[:limit]:
        movers.add_row(
            f"{m.name} ({m.id})", f"{m.before:.4f}", f"{m.after:.4f}", f"{m.change:+.4f}"
        )
    scores = Table(title="indicators")
    for col in ("indicator", "before", "after", "change"):
        scores.add_column(col, justify="left" if col == "indicator" else "right")
    for i in d.indicators:
        scores.add_row(i.name, f"{i.before:g}", f"{i.after:g}", f"{i.change:+g}")
    reach = Table(title="districts with work gained and lost, by province")
    for col in ("province", "coverage", "gained", "lost"):
        reach.add_column(col)
    for c in d.coverage[:limit]:
        reach.add_row(
            f"{place_names(c.province)[0]} ({c.province})",
            f"{c.before:.0%} → {c.after:.0%}",
            "\n".join(f"{place_names(x)[0]} ({x})" for x in c.gained),
            "\n".join(f"{place_names(x)[0]} ({x})" for x in c.lost),
        )
    return [head, fields, partners, movers, scores, reach]


@snapshot_app.command("delete")
def snapshot_delete(
    snapshot_id: Annotated[int, typer.Argument(metavar="ID", help="The snapshot's id.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete a snapshot (its id is never given to another)."""

    if not yes:
        typer.confirm(f"delete snapshot {snapshot_id}?", abort=True)
    from phakhee.queries.records.snapshots import remove_snapshot

    remove_snapshot(open_store(), snapshot_id)
    say(f"deleted snapshot {snapshot_id}")


@person_app.command("export")
def person_export(
    person_id: Annotated[str, typer.Argument(metavar="ID", help="The person's id.")],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write here instead of standard output.")
    ] = None,
) -> None:
    """Everything stored about one person, as JSON: fields, consent, provenance, ties, snapshots."""
    import orjson

    from phakhee.queries.records.person_rights import person_record

    data = orjson.dumps(person_record(open_store(), person_id), option=orjson.OPT_INDENT_2)
    if out is None:
        sys.stdout.buffer.write(data + b"\n")
    else:
        out.write_bytes(data)
        say(f"wrote {out}")


@person_app.command("erase")
def person_erase(
    person_id: Annotated[str, typer.Argument(metavar="ID", help="The person's id.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Remove a person and their personal fields everywhere, snapshots included (a placeholder stays there)."""
    from phakhee.queries.records.person_rights import erase_person

    if not yes:
        typer.confirm(f"erase {person_id} from the graph and every snapshot?", abort=True)
    done = erase_person(open_store(), person_id)
    say(
        f"erased {done.person}: {done.ties_removed} ties removed, graph version {done.version}; "
        f"snapshots rewritten: {', '.join(map(str, done.snapshots_rewritten)) or 'none'} "
        f"(as {done.placeholder})"
    )


def _sqlite_path() -> Path:
    from phakhee.graph.errors import InvalidInput
    from phakhee.graph.settings import get_store_settings

    url = store_url() or get_store_settings().store
    if not url.startswith("sqlite:///"):
        raise InvalidInput(
            "backup and restore are for the embedded store; for Neo4j use neo4j-admin database "
            "dump / load (docs/neo4j.md, Backups)"
        )
    return Path(url.removeprefix("sqlite:///"))


def _check_line(what: str, check: object) -> str:
    from phakhee.graph.sqlite_backup import BackupCheck

    assert isinstance(check, BackupCheck)
    return (
        f"{what}: graph version {check.version}, {sum(check.nodes.values()):,} nodes, "
        f"{sum(check.ties.values()):,} ties, {check.snapshots} snapshots (verified)"
    )


def backup_cmd(
    out: Annotated[Path, typer.Argument(help="The backup file to write (must not exist).")],
) -> None:
    """Back up the embedded store while it runs (SQLite online backup), snapshots included."""
    from phakhee.graph.sqlite_backup import backup
    from phakhee.graph.sqlite_store import SQLiteStore

    _sqlite_path()
    store = open_store()
    assert isinstance(store, SQLiteStore)
    say(_check_line(f"backed up to {out}", backup(store, out)))


def restore_cmd(
    source: Annotated[
        Path, typer.Argument(metavar="IN", help="A backup written by phakhee backup.")
    ],
) -> None:
    """Replace the embedded store by a backup, verified by counts and graph version."""
    from phakhee.graph.sqlite_backup import restore

    target = _sqlite_path()
    say(_check_line(f"restored {source} into {target}", restore(source, target)))


def register(app: typer.Typer) -> None:
    """Add the export, snapshot, person-rights and backup commands to the ``phakhee`` app."""
    app.command("export")(export_cmd)
    app.add_typer(snapshot_app, name="snapshot")
    app.add_typer(person_app, name="person")
    app.command("backup")(backup_cmd)
    app.command("restore")(restore_cmd)
