"""The ``phakhee`` command: the app, its ``--store`` option, and errors as exit codes.

Each family of commands registers itself on the app (``register(app)``); they share what they
need through ``phakhee.api.cli.context``, never through this module.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Annotated

import typer
from rich.markup import escape

from phakhee.api.cli import analytics, ask, changes, network, records, users, views
from phakhee.api.cli.context import err, use_store
from phakhee.graph.audit import acting_as
from phakhee.graph.errors import (
    Ambiguous,
    Forbidden,
    InvalidInput,
    NotFound,
    PhakheeError,
    StoreUnavailable,
)

app = typer.Typer(
    name="phakhee",
    help="Knowledge graph of the Thai alcohol-abstinence civic network (เครือข่ายงดเหล้า).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

EXIT_CODES: dict[type[PhakheeError], int] = {
    InvalidInput: 3,
    NotFound: 4,
    StoreUnavailable: 5,
    Forbidden: 6,
}
"""Exit status by error class, for scripts: 0 done, 1 internal error, 2 bad usage, 3-6 as
listed; a subclass exits as its nearest listed ancestor."""


def exit_code(error: PhakheeError) -> int:
    """The exit status of ``error``: its own class's, or its nearest ancestor's (1 if none)."""
    for cls in type(error).__mro__:
        if cls in EXIT_CODES:
            return EXIT_CODES[cls]
    return 1


@app.callback()
def _main(
    ctx: typer.Context,
    store: Annotated[
        str | None,
        typer.Option(help="Store URL (default: $PHAKHEE_STORE or sqlite:///./phakhee.db)."),
    ] = None,
) -> None:
    use_store(store)
    ctx.with_resource(acting_as(changes.cli_author()))  # the audit log's author, till it ends


for family in (network, ask, analytics, views, records, users, changes):
    family.register(app)


NAMED_IN_LINE = 3
"""How many candidates or suggestions the error line itself names (``loaders.names.named``)."""


def say_error(error: PhakheeError) -> None:
    """An error as the CLI says it: one line on stderr; when a name named more candidates (or
    near misses) than the line names, each of them on a line of its own after it, id first."""
    err.print(f"[red]error:[/] {escape(str(error))}", highlight=False, soft_wrap=True)
    named = error.candidates if isinstance(error, Ambiguous) else []
    if isinstance(error, NotFound):
        named = error.suggestions
    if len(named) > NAMED_IN_LINE:
        for node_id, name in named:
            err.print(f"  {escape(node_id)}  {escape(name)}", highlight=False, soft_wrap=True)


def main(args: list[str] | None = None) -> None:
    """Run the CLI (on ``args``, default the command line's); errors become one line on stderr
    and an exit status, never a traceback."""
    logging.getLogger("neo4j").addHandler(logging.NullHandler())  # our own message says it once
    try:
        app(args=args)
    except PhakheeError as e:
        say_error(e)
        sys.exit(exit_code(e))
    except MemoryError:
        err.print("[red]error:[/] not enough memory for this: try a smaller file or scope")
        sys.exit(1)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except Exception as e:  # a bug: say so plainly; the details are for developers
        if os.environ.get("PHAKHEE_DEBUG"):
            raise
        err.print(
            f"[red]internal error:[/] {type(e).__name__}: {e} (set PHAKHEE_DEBUG=1 for details)"
        )
        sys.exit(1)
