"""``phakhee user add|list|passwd|remove|token``: the accounts kept in the store."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from phakhee.api.cli.context import JsonFlag, console, err, id_column, open_store, print_json, say

if TYPE_CHECKING:
    from phakhee.graph.accounts import Accounts

user_app = typer.Typer(help="Accounts: who may sign in, with which role, over which places.")

NameArg = Annotated[str, typer.Argument(metavar="NAME", help="The user's name (a-z, 0-9, . _ -).")]
StdinOpt = Annotated[
    bool,
    typer.Option(
        "--password-stdin", help="Read the password from standard input's first line (scripts)."
    ),
]


def _accounts() -> Accounts:
    from phakhee.graph.accounts import accounts

    return accounts(open_store())


def _password(from_stdin: bool) -> str:
    """The password: standard input's first line, or asked for twice without echo."""
    if from_stdin:
        return sys.stdin.readline().removesuffix("\n").removesuffix("\r")
    return typer.prompt("password", hide_input=True, confirmation_prompt=True)


@user_app.command("add")
def user_add(
    name: NameArg,
    role: Annotated[str, typer.Option(help="viewer, coordinator, academic or admin.")],
    province: Annotated[
        list[str] | None, typer.Option(help="A coordinator's province (repeat for more).")
    ] = None,
    region: Annotated[
        list[str] | None, typer.Option(help="An academic's region (repeat for more).")
    ] = None,
    zone: Annotated[
        list[str] | None,
        typer.Option(
            help="An academic's zone: id, slug, Thai or English name (อีสานบน); repeat for more."
        ),
    ] = None,
    password_stdin: StdinOpt = False,
) -> None:
    """Create an account; the password is asked for twice (or read with --password-stdin)."""
    from phakhee.graph.accounts import make_account

    make_account(name, role, provinces=province or (), regions=region or (), zones=zone or ())
    users = _accounts()  # the rules are checked before the password is asked for
    account = users.add(
        name,
        role,
        _password(password_stdin),
        provinces=province or (),
        regions=region or (),
        zones=zone or (),
    )
    say(f"added {account.name} ({account.role})")


@user_app.command("list")
def user_list(json: JsonFlag = False) -> None:
    """Every account: name, role and places."""
    found = _accounts().list()
    if json:
        print_json(
            [
                {
                    "name": a.name,
                    "role": a.role.value,
                    "provinces": list(a.provinces),
                    "regions": list(a.regions),
                    "zones": list(a.zones),
                }
                for a in found
            ]
        )
        return
    from rich.table import Table

    table = Table(id_column("name"), "role", "places", title="users")
    for a in found:
        table.add_row(a.name, a.role.value, ", ".join((*a.provinces, *a.regions, *a.zones)))
    console.print(table)


@user_app.command("passwd")
def user_passwd(name: NameArg, password_stdin: StdinOpt = False) -> None:
    """Set a new password for an account (asked for twice, or read with --password-stdin)."""
    users = _accounts()
    users.get(name)  # an unknown name is said before the password is asked for
    users.set_password(name, _password(password_stdin))
    say(f"password of {name} changed")


@user_app.command("remove")
def user_remove(
    name: NameArg,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete an account and its token."""
    users = _accounts()
    users.get(name)
    if not yes:
        typer.confirm(f"remove user {name}?", abort=True)
    users.remove(name)
    say(f"removed {name}")


@user_app.command("token")
def user_token(name: NameArg) -> None:
    """A new personal API token for scripts, printed once (it replaces the account's old one)."""
    token = _accounts().new_token(name)
    err.print(f"the token of {name}: keep it now, it is not shown again", highlight=False)
    typer.echo(token)


def register(app: typer.Typer) -> None:
    """Add the ``user`` commands to the ``phakhee`` app."""
    app.add_typer(user_app, name="user")
