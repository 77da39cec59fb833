"""``--format full`` shows the file's own line under each finding, with a caret under the
finding's span: the columns findings carry are the file's, so the line always lines up with
them (list markers, JSON escapes, folded YAML, estimate and dependency lines included)."""

from __future__ import annotations

from typer.testing import CliRunner

from storylint.cli import app


def full(*args: str, stdin: bytes | None = None) -> list[str]:
    r = CliRunner().invoke(app, ["lint", *args, "--format", "full"], input=stdin, catch_exceptions=False)
    assert r.exit_code in (0, 1), r.stderr
    return r.stdout.splitlines()


def shown(lines: list[str], head: str) -> tuple[str, str]:
    """The source line and the caret line shown under the finding whose first line starts with ``head``."""
    i = next(k for k, line in enumerate(lines) if line.startswith(head))
    return lines[i + 2], lines[i + 3]


def under(source: str, caret: str) -> str:
    """The characters of the shown line that the carets are under."""
    src, car = source[4:], caret[4:]
    start = len(car) - len(car.lstrip())
    return src[start : len(car)]


MD = (
    "## SHOP-13 Export\n\nAs a user, I want to export reports so that I can share them.\n\n"
    "Estimate: 13\nDepends on: SHOP-99\n\n### Acceptance criteria\n\n- [ ] The export is fast\n\n"
    "## SHOP-14 Import\n\nAs a user, I want to import reports so that I can edit them.\n"
)


def test_markdown_lines_as_in_the_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "st.md").write_text(MD)
    out = full("st.md", "--select", "INV043,US043,INV051")
    assert shown(out, "st.md:5:11: INV043") == ("  | Estimate: 13", "  |           ^^")
    assert shown(out, "st.md:6:13: US043")[0] == "  | Depends on: SHOP-99"
    src, car = shown(out, "st.md:10:21: INV051")
    assert src == "  | - [ ] The export is fast" and under(src, car) == "fast"  # the checkbox stays, the caret lines up


def test_json_escapes_and_folded_yaml_line_up(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "j.json").write_text('[{"id": "A-1", "text": "As a user, I want \\"some\\" reports so that I plan.", "points": 13}]')
    out = full("j.json", "--select", "INV030,INV043")
    assert under(*shown(out, "j.json:1:")) == "some"
    assert under(*shown(out, "j.json:1:88: INV043")) == "13"
    (tmp_path / "f.yaml").write_text("- id: A-1\n  text: >\n    As a user, I want to export\n    some reports so that I plan.\n")
    assert under(*shown(full("f.yaml", "--select", "INV030"), "f.yaml:4:5:")) == "some"


def test_standard_input_is_shown_from_its_bytes_not_from_a_file_of_its_name(tmp_path, monkeypatch):
    # An editor passes its unsaved buffer on standard input with the file's name.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "s.txt").write_text("As a user, I want to log in so that I see my data.\n")
    out = full("-", "--stdin-filename", "s.txt", "--select", "INV030", stdin=b"As a user, I want some reports so that I plan.\n")
    assert shown(out, "s.txt:1:19:") == ("  | As a user, I want some reports so that I plan.", "  |                   ^^^^")


def test_a_windows_1252_file_is_shown_decoded(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c.txt").write_bytes("As a caf\xe9 owner, I want some menus so that guests order.\n".encode("cp1252"))
    src, car = shown(full("c.txt", "--select", "INV030"), "c.txt:1:")
    assert "café" in src and under(src, car) == "some"


def test_a_long_line_is_cut_around_the_finding(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rows = ", ".join(f'{{"id": "A-{i}", "text": "As a user, I want some report {i} so that I plan."}}' for i in range(60))
    (tmp_path / "big.json").write_text(f"[{rows}]")
    out = full("big.json", "--select", "INV030")
    heads = [k for k, line in enumerate(out) if line.startswith("big.json:1:")]
    assert len(heads) == 60
    for k in heads:
        src, car = out[k + 2], out[k + 3]
        assert len(src) < 200 and under(src, car) == "some"
    assert out[heads[30] + 2].startswith("  | …") and out[heads[30] + 2].endswith("…")
