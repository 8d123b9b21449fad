"""Write the README's table of commands from the commands themselves, so it cannot drift.

    python docs/cli.py           # rewrite the table between the cli markers in README.md
    python docs/cli.py --check   # exit 1 if the README's table is not what the commands say

Each row is a command's synopsis (its arguments and every option, built from the Typer app)
and the first paragraph of its help. A choice list in an option's help ("md, html or json.")
becomes ``md|html|json``; other values are named by their type.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any

import typer
from _generated import write_or_check

from phakhee.api.cli.app import app

README = Path(__file__).resolve().parent.parent / "README.md"
BEGIN, END = "<!-- cli:begin (python docs/cli.py) -->", "<!-- cli:end -->"
NAMES = {
    "province": "P",
    "region": "R",
    "kind": "K",
    "host": "H",
    "port": "PORT",
    "note": "TEXT",
    "measure": "M",
    "link_base": "URL",
    "seed": "S",
    "min_centrality": "X",
    "a": "A",
    "b": "B",
    "node": "ID",
    "user": "NAME",
    "since": "DATE",
}
BY_TYPE = {"int": "N", "float": "X", "Path": "FILE", "datetime": "YYYY-MM-DD"}
_ITEM = r"[\w=]+(?: \([^)]*\))?"
CHOICES = re.compile(rf"(?:^|: )({_ITEM}(?:, {_ITEM})* or {_ITEM})\.$")


def _value(param: Any) -> str:
    """The placeholder of an option's value: its choices, or a name for its type."""
    found = CHOICES.search((param.help or "").strip())
    if found:
        items = re.split(r", | or ", re.sub(r" \([^)]*\)", "", found.group(1)))
        return "|".join(items)
    if param.name in NAMES:
        return NAMES[param.name]
    annotation = getattr(param.type_descriptor, "annotation", None)
    return BY_TYPE.get(getattr(annotation, "__name__", ""), param.name.upper())


def _param(param: Any) -> str:
    if param.param_type_name == "argument":
        shown = param.metavar or param.name.upper()
        if param.nargs == -1:
            shown += "..."
        return shown if param.required or shown.startswith("[") else f"[{shown}]"
    name = max(param.opts, key=len)
    if param.is_flag:
        shown = "\\|".join([name, *param.secondary_opts])
    else:
        shown = f"{name} {_value(param)}".replace("|", "\\|")
        if param.multiple:
            shown += "..."
    return shown if param.required else f"[{shown}]"


def _commands(group: Any, prefix: str) -> list[tuple[str, Any]]:
    rows = []
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            if command.invoke_without_command:  # a group that also answers on its own
                rows.append((f"{prefix} {name}", command))
            rows += _commands(command, f"{prefix} {name}")
        else:
            rows.append((f"{prefix} {name}", command))
    return rows


def table() -> str:
    """The Markdown table of every command: synopsis and what it does."""
    root = typer.main.get_command(app)
    lines = ["| command | what it does |", "|---|---|"]
    for name, command in _commands(root, "phakhee"):
        synopsis = " ".join([name, *(_param(p) for p in command.params)])
        what = " ".join((command.help or "").strip().split("\n\n")[0].split())
        lines.append(f"| `{synopsis}` | {what} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check; exit 1 if it differs")
    args = parser.parse_args()
    text = README.read_text(encoding="utf-8")
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    wanted = text[:start] + "\n" + table() + "\n" + text[end:]
    write_or_check(README, wanted, check=args.check, script="docs/cli.py")


if __name__ == "__main__":
    main()
