"""What the scripts that write parts of the docs share: write a page, or check it is current."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def write_or_check(path: Path, text: str, *, check: bool, script: str) -> None:
    """Write ``text`` to ``path``; with ``check``, exit non-zero if the file differs from it."""
    shown = path.relative_to(ROOT)
    if check:
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            sys.exit(f"{shown} is not what its sources say: run {script}")
        return
    path.write_text(text, encoding="utf-8")
    print(f"wrote {shown}")
