"""``phakhee changes [--node ID] [--user NAME] [--since DATE]`` and ``phakhee changes undo ID``:
the audit log read and undone from the command line.

The CLI has the store's own access (an administrator's): it sees every change, the address
each came from, and may undo anything; personal fields are named, never shown, as everywhere
the log is read. Every write a command makes is attributed to the CLI (``cli_author``).
"""

from __future__ import annotations

import getpass
import os
from typing import TYPE_CHECKING, Annotated

import typer

from phakhee.api.cli.context import JsonFlag, console, id_column, open_store, print_json, say
from phakhee.graph.audit import Author

if TYPE_CHECKING:
    from phakhee.graph.audit import Change, ItemView

changes_app = typer.Typer(invoke_without_command=True)


def cli_author() -> Author:
    """Who a command's writes are attributed to: ``$PHAKHEE_USER``, else the login name of the
    one running it, from the CLI."""
    try:
        name = os.environ.get("PHAKHEE_USER") or getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        name = None
    return Author(name, "cli")


def _what(item: ItemView) -> str:
    """One item as a line: the node or tie, and each field before → after."""
    where = item.node or f"{item.tie[1]} → {item.tie[2]} ({item.tie[0]})"  # type: ignore[index]
    fields = [
        f.field if f.withheld else f"{f.field}: {f.before!r} → {f.after!r}" for f in item.fields
    ]
    return f"{item.op} {where}" + (f" [{'; '.join(fields)}]" if fields else "")


def _table(found: list[Change]) -> None:
    from rich.table import Table

    table = Table(id_column("change"), "when (UTC)", "who", "via", "what", title="changes")
    for c in found:
        who = c.user or "-"
        undo = f"undoes {', '.join(map(str, c.undoes))}; " if c.undoes else ""
        table.add_row(str(c.id), c.at[:19], who, c.via, undo + "\n".join(_what(i) for i in c.items))
    console.print(table)


@changes_app.callback()
def changes(
    ctx: typer.Context,
    node: Annotated[str | None, typer.Option(help="Changes of this node or its ties.")] = None,
    user: Annotated[str | None, typer.Option(help="Changes by this account.")] = None,
    since: Annotated[
        str | None, typer.Option(help="From this date (YYYY-MM-DD) or ISO date and time.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many, newest first.")] = 50,
    json: JsonFlag = False,
) -> None:
    """The audit log, newest first: every change, who made it, when, from where, each field
    before → after (personal fields named only); `phakhee changes undo ID` undoes one."""
    if ctx.invoked_subcommand is not None:
        return
    from phakhee.graph import audit
    from phakhee.graph.privacy import TRUSTED

    found = audit.changes(open_store(), TRUSTED, node=node, user=user, since=since, limit=limit)
    if json:
        print_json([c.as_dict() for c in found])
    else:
        _table(found)


@changes_app.command("undo")
def undo(
    change: Annotated[
        int | None, typer.Argument(metavar="ID", help="The change to undo.", min=1)
    ] = None,
    batch: Annotated[
        str | None, typer.Option(help="Undo every change of this upload instead.")
    ] = None,
) -> None:
    """Undo a change (or a whole upload): its before-values written back, as a new change."""
    from phakhee.graph import audit

    if (change is None) == (batch is None):
        raise typer.BadParameter("give a change's ID or --batch, one of them")
    store = open_store()
    done = audit.undo(store, change) if change is not None else audit.undo_batch(store, batch)  # type: ignore[arg-type]
    undid = ", ".join(map(str, done.undid))
    made = ", ".join(map(str, done.entries)) or "none (nothing differed)"
    say(f"undid change {undid}: new change {made}, graph version {done.version}")


def register(app: typer.Typer) -> None:
    """Add the ``changes`` commands to the ``phakhee`` app."""
    app.add_typer(changes_app, name="changes")
