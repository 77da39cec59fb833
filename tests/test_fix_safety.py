"""--fix rewrites files safely: it fixes only what the lint reports (bare directives,
per-file-ignores, Markdown prose), keeps each line's ending, the file's mode and symlinks, uses a
temporary name of its own for every run, and a file it cannot write is an error (exit 2) that
does not stop the other files from being fixed and linted."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from storylint.cli import app
from storylint.gherkin.fix import fix_files

TRAILING = {"no-trailing-spaces": {}}
DIRTY = "Feature: Login   \n  Scenario: ok\n    Given a user\n    Then she sees the home page\n"
CLEAN = "Feature: Login\n  Scenario: ok\n    Given a user\n    Then she sees the home page\n"


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYLINT_CACHE_DIR", str(tmp_path / "cache"))


def _lint(*args: str):
    return CliRunner().invoke(app, ["lint", *args, "--no-cache", "--format", "json"])


# ---- a. a bare directive names no rule: it suppresses nothing, for the lint and for --fix


def test_a_bare_directive_does_not_crash_fix_and_suppresses_no_fix(tmp_path):
    f = tmp_path / "bare.feature"
    f.write_text("# storylint: disable\n" + DIRTY, encoding="utf-8")
    assert fix_files([str(f)], TRAILING) == [(str(f), ["no-trailing-spaces"])]
    assert f.read_text(encoding="utf-8") == "# storylint: disable\n" + CLEAN


def test_a_bare_directive_next_to_a_named_one_still_lets_the_named_one_suppress(tmp_path):
    f = tmp_path / "both.feature"
    text = "# storylint: disable\n# storylint: disable=GHK020 -- legacy layout\n" + DIRTY
    f.write_text(text, encoding="utf-8")
    assert fix_files([str(f)], TRAILING) == []
    assert f.read_text(encoding="utf-8") == text


def test_a_cli_fix_with_a_bare_directive_fixes_what_the_lint_reports(tmp_path):
    f = tmp_path / "bare.feature"
    f.write_text("# storylint: disable\n" + DIRTY, encoding="utf-8")
    assert '"GHK020"' in _lint(str(f), "--select", "GHK020,SL").stdout  # the lint reports it...
    r = _lint(str(f), "--select", "GHK020,SL", "--fix")
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert f.read_text(encoding="utf-8") == "# storylint: disable\n" + CLEAN  # ...so --fix fixes it
    assert '"GHK020"' not in r.stdout and '"SL002"' in r.stdout


# ---- h. per-file-ignores (and --select / --ignore) hold for --fix as for the lint


def _pfi_project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "storylint.toml").write_text('[per-file-ignores]\n"legacy/*" = ["GHK020"]\n', encoding="utf-8")
    (tmp_path / "legacy").mkdir()
    old = tmp_path / "legacy" / "old.feature"
    old.write_text(DIRTY, encoding="utf-8")
    new = tmp_path / "new.feature"
    new.write_text(DIRTY, encoding="utf-8")
    return old, new


def test_h_fix_honours_per_file_ignores(tmp_path, monkeypatch):
    old, new = _pfi_project(tmp_path, monkeypatch)
    r = _lint("legacy/old.feature", "new.feature", "--select", "GHK020", "--fix")
    assert old.read_text(encoding="utf-8") == DIRTY  # the lint reports nothing here: nothing to fix
    assert new.read_text(encoding="utf-8") == CLEAN
    assert "fixed new.feature" in r.stderr and "legacy/old.feature" not in r.stderr


def test_h_per_file_ignores_by_name_or_prefix_hold_for_fix(tmp_path, monkeypatch):
    old, new = _pfi_project(tmp_path, monkeypatch)
    (tmp_path / "storylint.toml").write_text('[per-file-ignores]\n"old.feature" = ["no-trailing-spaces"]\n"new.feature" = ["GHK"]\n', encoding="utf-8")
    r = _lint("legacy/old.feature", "new.feature", "--select", "GHK020", "--fix")
    assert old.read_text(encoding="utf-8") == DIRTY and new.read_text(encoding="utf-8") == DIRTY
    assert "nothing to fix" in r.stderr


def test_h_fix_honours_ignore_and_select(tmp_path, monkeypatch):
    _old, new = _pfi_project(tmp_path, monkeypatch)
    _lint("new.feature", "--ignore", "GHK020", "--fix")
    assert new.read_text(encoding="utf-8") == DIRTY
    _lint("new.feature", "--select", "US", "--fix")
    assert new.read_text(encoding="utf-8") == DIRTY
    _lint("new.feature", "--select", "GHK02", "--fix")
    assert new.read_text(encoding="utf-8") == CLEAN
