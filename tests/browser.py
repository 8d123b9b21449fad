"""Where the browser tests find Debian's Chromium, and whether they must (CI sets
PHAKHEE_REQUIRE_BROWSER: a missing browser is then a failure, not a skip)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("PHAKHEE_CHROMIUM", "/usr/bin/chromium")
NO_BROWSER = not Path(CHROMIUM).exists() and shutil.which("chromium") is None
if NO_BROWSER and os.environ.get("PHAKHEE_REQUIRE_BROWSER"):
    raise RuntimeError(f"PHAKHEE_REQUIRE_BROWSER is set but there is no Chromium at {CHROMIUM}")
NEEDS_BROWSER = [
    pytest.mark.browser,
    pytest.mark.skipif(
        NO_BROWSER, reason="needs Debian's chromium: apt-get install -y chromium fonts-thai-tlwg"
    ),
]
"""The marks of a module of browser tests."""
