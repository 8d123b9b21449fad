"""The house rules, read from the source: which package may import which, and who writes.

Data flows one way: files -> loaders -> store -> projection -> queries -> api/viz. Each rule
below is checked on every module's imports (``ast``, so imports inside functions count too;
only ``if TYPE_CHECKING:`` blocks are left out, being no dependency at run time).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("graph", "loaders", "queries", "viz", "api")

FORBIDDEN: dict[str, tuple[str, ...]] = {
    "graph": ("loaders", "queries", "viz", "api"),
    "loaders": ("queries", "viz", "api"),
    "queries": ("viz", "api"),
    "viz": ("api",),
}
"""What each package may not import (``api`` may import everything)."""

QUERY_LAYERS: tuple[tuple[str, ...], ...] = (
    ("cache", "collaboration"),
    ("ask",),
    ("analytics",),
    ("drawing",),
    ("records",),
    ("pages",),
)
"""The layers of ``queries``, lowest first: each imports only the layers before it."""

QUERIES_FROM_LOADERS = ("normalize", "resolve", "sheets", "template_writer")
"""What of the loaders the queries use: one normalisation, one resolver, the template's sheets."""

PRIVATE_SEAM = ("_kernels", "_sparse", "_louvain")
"""Modules of ``queries.analytics`` no other package imports."""

STORE_WRITES = frozenset(
    {
        "upsert_nodes",
        "upsert_ties",
        "delete_node",
        "delete_ties",
        "save_snapshot",
        "delete_snapshot",
        "rewrite_snapshots",
    }
)
"""The ``GraphStore`` methods that change what is stored."""

WRITES_MARK = "Writes to the store"


@dataclass(frozen=True)
class Module:
    path: Path
    name: str  # e.g. "queries.analytics.brokers" (without the phakhee prefix)
    tree: ast.Module

    @property
    def package(self) -> str:
        return self.name.split(".")[0]


def _name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> list[Module]:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            found.append(Module(path, _name(path), ast.parse(path.read_text("utf-8"))))
    return found


MODULES = _modules()


def _type_checking_only(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and ast.unparse(node.test) in (
        "TYPE_CHECKING",
        "typing.TYPE_CHECKING",
    )


def _imports(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, module imported) for every import, without the ``phakhee.`` prefix."""
    out: list[tuple[int, str]] = []
    for node in ast.iter_child_nodes(tree):
        if _type_checking_only(node):
            continue
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out += [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
        out += _imports(node)
    return [(line, name.removeprefix("phakhee.")) for line, name in out]


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def test_every_package_is_read() -> None:
    assert {m.package for m in MODULES} == set(PACKAGES)
    assert len(MODULES) > 90


def test_no_module_imports_a_bare_top_level_package() -> None:
    bare = [
        f"{m.name}:{n.lineno}"
        for m in MODULES
        for n in ast.walk(m.tree)
        if (isinstance(n, ast.ImportFrom) and n.module and n.module.split(".")[0] in PACKAGES)
        or (isinstance(n, ast.Import) and any(a.name.split(".")[0] in PACKAGES for a in n.names))
    ]
    assert bare == [], "import these as phakhee.<package>"


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_packages_import_only_downstream(package: str) -> None:
    wrong = [
        f"{m.name}:{line} imports {name}"
        for m in MODULES
        if m.package == package
        for line, name in _imports(m.tree)
        if any(_within(name, f) for f in FORBIDDEN[package])
    ]
    assert wrong == []


def test_queries_use_only_the_loaders_shared_parts() -> None:
    wrong = [
        f"{m.name}:{line} imports {name}"
        for m in MODULES
        if m.package == "queries"
        for line, name in _imports(m.tree)
        if _within(name, "loaders")
        and not any(_within(name, f"loaders.{part}") for part in QUERIES_FROM_LOADERS)
    ]
    assert wrong == []


def _layer(name: str) -> int | None:
    parts = name.split(".")
    if parts[0] != "queries" or len(parts) < 2:
        return None
    for i, layer in enumerate(QUERY_LAYERS):
        if parts[1] in layer:
            return i
    return None


def test_query_layers_import_only_the_layers_before_them() -> None:
    wrong = []
    for m in MODULES:
        mine = _layer(m.name)
        if mine is None:
            continue
        for line, name in _imports(m.tree):
            theirs = _layer(name)
            if theirs is not None and theirs > mine:
                wrong.append(f"{m.name}:{line} imports {name}")
    assert wrong == []


def test_the_compiled_seam_is_private_to_the_analytics() -> None:
    wrong = [
        f"{m.name}:{line} imports {name}"
        for m in MODULES
        if not _within(m.name, "queries.analytics")
        for line, name in _imports(m.tree)
        if any(part in PRIVATE_SEAM for part in name.split("."))
    ]
    assert wrong == []


def _store_writes(tree: ast.AST) -> list[int]:
    return [
        n.lineno
        for n in ast.walk(tree)
        if isinstance(n, ast.Call)
        and isinstance(n.func, ast.Attribute)
        and n.func.attr in STORE_WRITES
    ]


def test_only_modules_that_say_they_write_call_a_store_write() -> None:
    backends = {"graph.store", "graph.sqlite_store", "graph.neo4j_store"}
    silent = [
        f"{m.name}:{line}"
        for m in MODULES
        if m.name not in backends and WRITES_MARK not in (ast.get_docstring(m.tree) or "")
        for line in _store_writes(m.tree)
    ]
    assert silent == [], f"write through a module whose docstring says {WRITES_MARK!r}"


def test_the_writers_are_the_loaders_records_reference_data_and_undo() -> None:
    writers = {m.name for m in MODULES if WRITES_MARK in (ast.get_docstring(m.tree) or "")}
    assert writers == {
        "graph.audit",  # an undo writes the log's before-values back
        "graph.reference",
        "loaders.edits",
        "loaders.sync",
        "loaders.writer",
        "queries.records.person_rights",
        "queries.records.snapshots",
    }


def test_no_query_outside_records_writes() -> None:
    wrong = [
        f"{m.name}:{line}"
        for m in MODULES
        if m.package == "queries" and not _within(m.name, "queries.records")
        for line in _store_writes(m.tree)
    ]
    assert wrong == []


def test_no_module_imports_its_own_parent_package() -> None:
    """A module reads its siblings, never names from its parent's ``__init__`` (no cycles)."""
    wrong = []
    for m in MODULES:
        parent = m.name.rsplit(".", 1)[0] if m.path.name != "__init__.py" else None
        if parent is None or "." not in m.name:
            continue
        for n in ast.walk(m.tree):
            if isinstance(n, ast.ImportFrom) and n.module == f"phakhee.{parent}":
                siblings = {p.stem for p in m.path.parent.glob("*.py*")} | {
                    p.name for p in m.path.parent.iterdir() if p.is_dir()
                }
                wrong += [
                    f"{m.name}:{n.lineno} imports {a.name} from its parent"
                    for a in n.names
                    if a.name not in siblings
                ]
    assert wrong == []


def test_a_cli_command_module_never_imports_the_app() -> None:
    wrong = [
        f"{m.name}:{line}"
        for m in MODULES
        if _within(m.name, "api.cli") and m.name != "api.cli.app"
        for line, name in _imports(m.tree)
        if _within(name, "api.cli.app")
    ]
    assert wrong == []


@pytest.mark.parametrize("where", [ROOT, Path("/")], ids=["repository", "elsewhere"])
def test_the_packages_import_only_under_the_phakhee_namespace(where: Path) -> None:
    """A bare ``import graph`` fails (even from the repository's root, where Python looks first),
    ``import phakhee.graph`` works: nothing of ours collides with a package named ``graph``."""
    bare = subprocess.run(
        [sys.executable, "-c", "import graph"], cwd=where, capture_output=True, text=True
    )
    assert bare.returncode == 1
    assert "No module named 'graph'" in bare.stderr or "import it as 'phakhee.graph'" in bare.stderr
    ours = subprocess.run(
        [sys.executable, "-c", "import phakhee.graph, phakhee.api.cli.app"], cwd=where
    )
    assert ours.returncode == 0
