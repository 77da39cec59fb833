"""--fix rewrites files safely: it fixes only what the lint reports (bare directives,
per-file-ignores, Markdown prose), keeps each line's ending, the file's mode and symlinks, uses a
temporary name of its own for every run, and a file it cannot write is an error (exit 2) that
does not stop the other files from being fixed and linted."""

from __future__ import annotations

import json
import os
import stat

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


# ---- b. a file --fix cannot write: a clear error naming it, exit 2, the rest fixed and linted


def _two_files_one_unwritable(tmp_path, monkeypatch, error: OSError):
    """``w.feature`` and ``x.feature``, both to fix; renaming over ``w.feature`` fails with ``error``."""
    bad, good = tmp_path / "w.feature", tmp_path / "x.feature"
    bad.write_text(DIRTY, encoding="utf-8")
    good.write_text(DIRTY, encoding="utf-8")
    real_replace = os.replace

    def replace(src, dst, *a, **k):
        if os.fspath(dst).endswith("w.feature"):
            raise error
        return real_replace(src, dst, *a, **k)

    monkeypatch.setattr(os, "replace", replace)
    return bad, good


def test_b_a_write_failure_is_an_error_naming_the_file_and_the_others_are_still_fixed(tmp_path, monkeypatch):
    bad, good = _two_files_one_unwritable(tmp_path, monkeypatch, PermissionError(13, "Permission denied"))
    r = _lint(str(bad), str(good), "--select", "GHK020", "--fix")
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    assert r.exit_code == 2, r.output
    assert f"cannot fix {bad}: " in r.stderr and "Permission denied" in r.stderr
    assert f"fixed {good}: no-trailing-spaces" in r.stderr
    assert good.read_text(encoding="utf-8") == CLEAN and bad.read_text(encoding="utf-8") == DIRTY
    assert '"GHK020"' in r.stdout and str(bad) in r.stdout  # the unfixed file is still linted
    assert [p.name for p in tmp_path.iterdir() if "storylint-fix" in p.name] == []  # no temp left


def test_b_fix_files_fixes_the_others_then_says_which_it_could_not_write(tmp_path, monkeypatch):
    from storylint.gherkin.fix import FixFailed

    bad, good = _two_files_one_unwritable(tmp_path, monkeypatch, OSError(30, "Read-only file system"))
    with pytest.raises(FixFailed) as info:
        fix_files([str(bad), str(good)], TRAILING)
    assert info.value.changed == [(str(good), ["no-trailing-spaces"])]
    assert info.value.failures == [(str(bad), "Read-only file system")]
    assert good.read_text(encoding="utf-8") == CLEAN and bad.read_text(encoding="utf-8") == DIRTY


def test_b_a_crash_in_fix_is_an_internal_error_exit_2_and_the_files_are_still_linted(tmp_path, monkeypatch):
    import storylint.gherkin.fix as fix

    f = tmp_path / "x.feature"
    f.write_text(DIRTY, encoding="utf-8")
    monkeypatch.setattr(fix, "fix_text", lambda *a, **k: 1 / 0)
    monkeypatch.delenv("STORYLINT_DEBUG", raising=False)
    r = _lint(str(f), "--select", "GHK020", "--fix")
    assert r.exit_code == 2 and "--fix: internal error: ZeroDivisionError" in r.stderr, r.output
    assert '"GHK020"' in r.stdout and f.read_text(encoding="utf-8") == DIRTY


# ---- c. every run writes its own temporary file (two runs on one file do not collide)


def test_c_a_leftover_temp_path_does_not_break_the_fix(tmp_path):
    f = tmp_path / "w.feature"
    f.write_text(DIRTY, encoding="utf-8")
    (tmp_path / ".w.feature.storylint-fix.tmp").mkdir()  # the old fixed name, taken
    r = _lint(str(f), "--select", "GHK020", "--fix")
    assert r.exit_code == 0, r.output
    assert f.read_text(encoding="utf-8") == CLEAN


def test_c_each_run_uses_a_temp_file_of_its_own_in_the_files_directory(tmp_path, monkeypatch):
    f = tmp_path / "w.feature"
    used = []
    real_replace = os.replace

    def replace(src, dst, *a, **k):
        used.append((os.fspath(src), os.fspath(dst)))
        return real_replace(src, dst, *a, **k)

    monkeypatch.setattr(os, "replace", replace)
    for _ in range(2):
        f.write_text(DIRTY, encoding="utf-8")
        assert fix_files([str(f)], TRAILING) == [(str(f), ["no-trailing-spaces"])]
    assert len(used) == 2 and used[0][0] != used[1][0]
    assert all(os.path.dirname(src) == str(tmp_path) and dst == str(f) for src, dst in used)


# ---- d. the file's mode is kept


@pytest.mark.parametrize("mode", [0o640, 0o751, 0o600])
def test_d_the_files_mode_is_kept(tmp_path, mode):
    f = tmp_path / "m.feature"
    f.write_text(DIRTY, encoding="utf-8")
    os.chmod(f, mode)
    old = os.umask(0o022)
    try:
        assert fix_files([str(f)], TRAILING) == [(str(f), ["no-trailing-spaces"])]
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(f).st_mode) == mode
    assert f.read_text(encoding="utf-8") == CLEAN


# ---- e. a symlink stays a symlink and its target is fixed (as ruff writes through it)


def test_e_a_symlink_is_written_through_to_its_target(tmp_path):
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "t.feature"
    target.write_text(DIRTY, encoding="utf-8")
    link = tmp_path / "link.feature"
    link.symlink_to(os.path.join("real", "t.feature"))  # (a relative link)
    assert fix_files([str(link)], TRAILING) == [(str(link), ["no-trailing-spaces"])]
    assert link.is_symlink() and os.readlink(link) == os.path.join("real", "t.feature")
    assert target.read_text(encoding="utf-8") == CLEAN
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == ["t.feature"]


def test_e_a_dangling_symlink_is_left_alone(tmp_path):
    link = tmp_path / "gone.feature"
    link.symlink_to(tmp_path / "missing.feature")
    assert fix_files([str(link)], TRAILING) == []
    assert link.is_symlink() and not (tmp_path / "missing.feature").exists()


def test_e_a_hard_linked_file_is_fixed_under_all_its_names(tmp_path):
    f = tmp_path / "t.feature"
    f.write_text(DIRTY, encoding="utf-8")
    other = tmp_path / "other-name.feature"
    os.link(f, other)
    assert fix_files([str(f)], TRAILING) == [(str(f), ["no-trailing-spaces"])]
    assert os.stat(f).st_ino == os.stat(other).st_ino  # still one file...
    assert other.read_text(encoding="utf-8") == CLEAN  # ...fixed under its other name too
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["other-name.feature", "t.feature"]


def test_e_a_hard_linked_file_is_left_as_it_was_when_the_write_fails_part_way(tmp_path, monkeypatch):
    from storylint.gherkin import fix as fix_module

    f = tmp_path / "t.feature"
    f.write_text(DIRTY, encoding="utf-8")
    os.link(f, tmp_path / "other-name.feature")
    real_write, calls = os.write, []

    def write_then_fail(fd, data):  # (as a full disk does: part of it, then an error)
        calls.append(len(data))
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real_write(fd, bytes(data[:20]))

    monkeypatch.setattr(fix_module.os, "write", write_then_fail)
    with pytest.raises(OSError):
        fix_module._write_in_place(str(f), CLEAN.encode())
    monkeypatch.setattr(fix_module.os, "write", real_write)
    assert f.read_text(encoding="utf-8") == DIRTY  # the old text put back
    assert (tmp_path / "other-name.feature").read_text(encoding="utf-8") == DIRTY


# ---- f. each line keeps its own line ending


def test_f_mixed_line_endings_are_kept_line_by_line(tmp_path):
    f = tmp_path / "mixed.feature"
    f.write_bytes(b"Feature: Login   \r\n  Scenario: ok\n    Given a user  \n    When she logs in\n    Then she sees the home page\n")
    assert fix_files([str(f)], TRAILING) == [(str(f), ["no-trailing-spaces"])]
    assert f.read_bytes() == b"Feature: Login\r\n  Scenario: ok\n    Given a user\n    When she logs in\n    Then she sees the home page\n"


def test_f_an_added_final_newline_takes_the_ending_of_the_line_before(tmp_path):
    f = tmp_path / "eof.feature"
    f.write_bytes(b"Feature: Login\n  Scenario: ok\r\n    Given a user")
    assert fix_files([str(f)], {"new-line-at-eof": {"newline": "yes"}}) == [(str(f), ["new-line-at-eof"])]
    assert f.read_bytes() == b"Feature: Login\n  Scenario: ok\r\n    Given a user\r\n"


def test_f_a_carriage_return_inside_a_line_is_not_a_line_ending(tmp_path):
    f = tmp_path / "cr.feature"
    f.write_bytes(b"Feature: Login  \n  Scenario: ok\n    Given a user\r\n    Then a\rb\n")
    assert fix_files([str(f)], TRAILING) == [(str(f), ["no-trailing-spaces"])]
    assert f.read_bytes() == b"Feature: Login\n  Scenario: ok\n    Given a user\r\n    Then a\rb\n"


# ---- g. .feature.md: prose lines are Markdown, not Gherkin (two trailing spaces are a line break)


DOC_MD = (
    "# Feature: Login\n\n"
    "This feature covers login.  \n"  # a Markdown hard line break: prose, kept
    "Second line after a hard break.\n\n"
    "## Scenario: ok   \n\n"
    "* Given a user  \n"
    "* When she logs in\n"
    "* Then she sees the home page\n"
)


def test_g_fix_keeps_the_hard_line_breaks_of_markdown_prose(tmp_path):
    f = tmp_path / "doc.feature.md"
    f.write_text(DOC_MD, encoding="utf-8")
    assert fix_files([str(f)], TRAILING) == [(str(f), ["no-trailing-spaces"])]
    assert f.read_text(encoding="utf-8") == DOC_MD.replace("ok   \n", "ok\n").replace("user  \n", "user\n")


def test_g_prose_only_trailing_spaces_leave_a_markdown_feature_untouched(tmp_path):
    f = tmp_path / "prose.feature.md"
    text = DOC_MD.replace("ok   \n", "ok\n").replace("user  \n", "user\n")
    f.write_text(text, encoding="utf-8")
    assert fix_files([str(f)], TRAILING) == []
    assert f.read_text(encoding="utf-8") == text


def test_g_the_lint_does_not_report_the_hard_line_breaks_of_markdown_prose(tmp_path):
    f = tmp_path / "doc.feature.md"
    f.write_text(DOC_MD, encoding="utf-8")
    result = CliRunner().invoke(app, ["lint", str(f), "--select", "GHK020", "--no-cache", "--format", "json"])
    got = [(x["line"], x["column"]) for s in json.loads(result.stdout)["files"][0]["stories"] for x in s["findings"]]
    assert got == [(6, 16), (8, 15)]  # the scenario heading and the step; not the prose on line 3


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
