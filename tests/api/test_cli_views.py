"""``phakhee view`` as a user runs it: a self-contained page on disk, clear errors for bad ids."""

from __future__ import annotations

from pathlib import Path

from tests.api.test_cli import run  # the installed console script in a subprocess


def test_view_writes_pages_that_open_from_disk(tmp_path: Path) -> None:
    store = f"sqlite:///{tmp_path}/demo.db"
    assert run("demo", "--no-serve", "--people", "200", store=store, cwd=tmp_path).returncode == 0
    done = run("view", "province", "province:nan", store=store, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "province-province-nan.html").read_text("utf-8")
    assert "จังหวัดน่าน" in page and 'id="phakhee-data"' in page and 'id="legend"' in page
    out = tmp_path / "w.html"
    done = run("view", "weave", "--kind", "team", "--out", str(out), store=store, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "w.html" in done.stdout and out.stat().st_size > 100_000
    assert run("view", "index", store=store, cwd=tmp_path).returncode == 0
    assert (tmp_path / "index.html").exists()
    # On disk a page has no links unless told where the views are served.
    assert '"url"' not in (tmp_path / "province-province-nan.html").read_text("utf-8")
    served = "http://phakhee.example:8000/views/"
    done = run("view", "weave", "--link-base", served, store=store, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f'"url": "{served}province/province:nan"' in (tmp_path / "weave.html").read_text()


def test_view_errors_are_one_line_with_exit_codes(tmp_path: Path) -> None:
    store = f"sqlite:///{tmp_path}/demo.db"
    missing = run("view", "province", "province:atlantis", store=store, cwd=tmp_path)
    assert missing.returncode == 4 and "no province" in missing.stderr
    bogus = run("view", "bogus", store=store, cwd=tmp_path)
    assert bogus.returncode == 3 and "not one of" in bogus.stderr
    no_id = run("view", "ego", store=store, cwd=tmp_path)
    assert no_id.returncode == 3 and "needs an id" in no_id.stderr
