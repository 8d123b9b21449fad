"""Check the README and the pages under docs/: a front door that links every page, no dead links.

    python docs/check.py

Fails (exit 1, one line per problem) when: the README is longer than 200 lines; a page in docs/
is not linked from the README; a relative link in the README, CHANGELOG.md or docs/*.md names a
file that does not exist, or an anchor (``page.md#heading``) no heading makes; a link leaves the
repository; a page holds what looks like a commit hash or an issue number; the README's table
of commands or docs/performance.md is not what ``docs/cli.py`` or ``docs/performance.py`` would
write.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
MAX_README_LINES = 200
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
HASH = re.compile(r"\b[0-9a-f]{7,40}\b")
ISSUE = re.compile(r"\bissues?\s*#?\d+|(?<![\w&])#\d+\b", re.IGNORECASE)
FENCE = re.compile(r"^(```|~~~)")


def pages() -> list[Path]:
    return [README, ROOT / "CHANGELOG.md", *sorted((ROOT / "docs").glob("*.md"))]


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[`*_]|<[^>]+>", "", heading.strip().lower())
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    found: set[str] = set()
    seen: dict[str, int] = {}
    fenced = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if FENCE.match(line):
            fenced = not fenced
        if fenced or not line.startswith("#"):
            continue
        base = slug(line.lstrip("#"))
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def prose(path: Path) -> list[tuple[int, str]]:
    """(line number, text) of every line; links' targets taken out, so paths are not checked as
    words."""
    return [
        (i, LINK.sub("", line))
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
    ]


def problems() -> list[str]:
    found = []
    lines = README.read_text(encoding="utf-8").splitlines()
    if len(lines) > MAX_README_LINES:
        found.append(f"README.md: {len(lines)} lines, more than {MAX_README_LINES}")
    linked: set[Path] = set()
    for page in pages():
        name = page.relative_to(ROOT)
        text = page.read_text(encoding="utf-8")
        for target in LINK.findall(text):
            if re.match(r"^[a-z]+:", target):  # http:, https:, mailto:
                continue
            file, _, anchor = target.partition("#")
            path = (page.parent / file).resolve() if file else page
            if not path.is_relative_to(ROOT):
                found.append(f"{name}: link {target!r} leaves the repository")
                continue
            if not path.exists():
                found.append(f"{name}: link {target!r}: no such file")
                continue
            if page == README:
                linked.add(path)
            if anchor and path.suffix == ".md" and anchor not in anchors(path):
                found.append(f"{name}: link {target!r}: no heading makes #{anchor}")
        for i, line in prose(page):
            for word in HASH.findall(line):
                found.append(f"{name}:{i}: {word!r} looks like a commit hash")
            for word in ISSUE.findall(line):
                found.append(f"{name}:{i}: {word!r} looks like an issue number")
    for page in sorted((ROOT / "docs").glob("*.md")):
        if page not in linked:
            found.append(f"README.md: does not link docs/{page.name}")
    for script in ("cli.py", "performance.py"):
        done = subprocess.run(
            [sys.executable, str(ROOT / "docs" / script), "--check"],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            found.append(done.stderr.strip() or f"docs/{script} --check failed")
    return found


def main() -> None:
    found = problems()
    for problem in found:
        print(problem)
    if found:
        sys.exit(1)
    print(f"{len(pages())} pages checked: no problem")


if __name__ == "__main__":
    main()
