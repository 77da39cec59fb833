"""Readers: every format becomes stories, and findings point at the right place in the file."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from storylint.config import Config
from storylint.engine import review
from storylint.models import InputError, Story
from storylint.readers import expand_paths, read_bytes, read_file, read_text
from storylint.readers.decode import DecodeError, decode_bytes
from storylint.runner import collect, lint_paths

FIXTURES = Path(__file__).parent / "fixtures" / "io"
DALPIAZ = Path(__file__).resolve().parents[2] / "shared" / "data" / "dalpiaz"


def stories(path) -> list[Story]:
    items = list(read_file(path))
    assert all(isinstance(i, Story) for i in items), [i for i in items if not isinstance(i, Story)]
    return items


def points_at(path, story_id: str, word: str) -> int:
    """The line of a finding of ``story_id`` whose (line, column) is where ``word`` starts in the file.

    Which rule flags the word does not matter here; that the position is right does.
    """
    report = lint_paths([str(path)], Config())
    lines = Path(path).read_text(encoding="utf-8").split("\n")
    hits = []
    for r in report.reports:
        if r.story.id != story_id:
            continue
        for f in r.findings:
            if f.line and f.column and lines[f.line - 1][f.column - 1 : f.column - 1 + len(word)] == word:
                hits.append(f.line)
    assert hits, [(f.code, f.line, f.column) for r in report.reports if r.story.id == story_id for f in r.findings]
    return hits[0]


def spans(path, select=None) -> set[tuple[str, str, str]]:
    """(story id, code, the file's text from the finding's start to its end) of every finding;
    every finding has all four coordinates."""
    report = lint_paths([str(path)], Config(select=select) if select else Config())
    lines = Path(path).read_text(encoding="utf-8").split("\n")
    out = set()
    for r in report.reports:
        for f in r.findings:
            assert None not in (f.line, f.column, f.end_line, f.end_column), f
            if f.line == f.end_line:
                text = lines[f.line - 1][f.column - 1 : f.end_column - 1]
            else:
                text = "\n".join([lines[f.line - 1][f.column - 1 :], *lines[f.line : f.end_line - 1], lines[f.end_line - 1][: f.end_column - 1]])
            out.add((r.story.id, f.code, text))
    return out


# --- plain text -------------------------------------------------------------------------


def test_txt_one_story_per_line_with_comments_and_keys():
    got = stories(FIXTURES / "stories.txt")
    assert [s.id for s in got] == ["KEY-12", "stories:4"]
    assert got[0].text == "As a user, I want to export reports so that I can share etc."
    assert got[1].text == "As a manager, I want some charts so that I can plan."
    assert [s.source.line for s in got] == [2, 4]
    assert [s.source.row for s in got] == [1, 2]


def test_txt_positions_point_at_the_word():
    path = FIXTURES / "stories.txt"
    assert points_at(path, "KEY-12", "etc.") == 2
    assert points_at(path, "stories:4", "some") == 4


def test_txt_hash_number_key_is_a_story_not_a_comment(tmp_path):
    p = tmp_path / "k.txt"
    p.write_text("#12: As a user, I want to search so that I can find things.\n# just a comment\n")
    (s,) = stories(p)
    assert s.id == "#12" and s.text.startswith("As a user")


@pytest.mark.parametrize(
    "line, sid, text_column",
    [
        ("12. As a user, I want some reports so that I plan.", "k:1", 5),
        ("1) As a user, I want some reports so that I plan.", "k:1", 4),
        ("* As a user, I want some reports so that I plan.", "k:1", 3),
        ("- [ ] As a user, I want some reports so that I plan.", "k:1", 7),
        ("[SHOP-2] As a user, I want some reports so that I plan.", "SHOP-2", 10),
        ("- SHOP-2: As a user, I want some reports so that I plan.", "SHOP-2", 11),
        ("  As a user, I want some reports so that I plan.", "k:1", 3),
    ],
)
def test_txt_list_markers_and_bracketed_ids_are_not_story_text(tmp_path, line, sid, text_column):
    # A numbered or bulleted list of stories pasted into a .txt file: the marker is no part of
    # the story (it made US001 "no role"), a bracketed id is the story's id (not US020 bracketed
    # text, nor a reference to an unknown story).
    p = tmp_path / "k.txt"
    p.write_text(line + "\n")
    (s,) = stories(p)
    assert (s.id, s.text) == (sid, "As a user, I want some reports so that I plan.")
    assert points_at(p, sid, "some") == 1
    report = review([s], Config())
    assert [f.code for r in report.reports for f in r.findings if f.code in ("US001", "US020", "US026", "INV002", "US043")] == []
    assert [(f.line, f.column) for r in report.reports for f in r.findings if f.code == "INV030"] == [(1, text_column + 18)]


# --- markdown ---------------------------------------------------------------------------


def test_md_sections_metadata_and_acceptance_criteria():
    s1, s2 = stories(FIXTURES / "backlog.md")
    assert (s1.id, s1.title) == ("SHOP-1", "Export orders")
    assert s1.text == "As a shop owner, I want to export orders so that I can share etc."
    assert s1.estimate == 3 and s1.labels == ["export", "reports"] and s1.depends_on == ["SHOP-2"]
    assert s1.acceptance_criteria == ["The export is fast", "A CSV file downloads"]
    assert s2.id == "SHOP-2"
    assert len(s2.acceptance_criteria) == 1 and s2.acceptance_criteria[0].startswith("Given a registered shopper")
    assert s1.source.line == 5 and s2.source.line == 18


def test_md_positions_text_checklist_item_and_gherkin():
    path = FIXTURES / "backlog.md"
    assert points_at(path, "SHOP-1", "etc.") == 7
    assert points_at(path, "SHOP-1", "fast") == 15
    assert points_at(path, "SHOP-2", "quickly") == 26


def test_md_whole_file_is_one_story(tmp_path):
    p = tmp_path / "login.md"
    p.write_text(
        "# Log in\n\nAs a member, I want to log in so that I can see my account.\n\n"
        "Acceptance criteria:\n\n* Wrong passwords are rejected\n* A locked account says so\n"
    )
    (s,) = stories(p)
    assert s.title == "Log in" and s.text.startswith("As a member")
    assert s.acceptance_criteria == ["Wrong passwords are rejected", "A locked account says so"]


@pytest.mark.parametrize("heading", ["## Acceptance criteria\n", "Acceptance criteria\n-------------------\n", "## **Acceptance criteria:**\n"])
def test_md_acceptance_criteria_h2_belongs_to_the_story_above(tmp_path, heading):
    p = tmp_path / "one.md"
    p.write_text(
        "# Export reports\n\nAs an analyst, I want to export reports so that I can share them with my manager.\n\n"
        + heading + "\n- Reports export to PDF within 5 seconds\n"
    )
    (s,) = stories(p)
    assert (s.title, s.source.line) == ("Export reports", 1)
    assert s.text.startswith("As an analyst") and s.acceptance_criteria == ["Reports export to PDF within 5 seconds"]
    assert "US004" not in {f.code for r in lint_paths([str(p)], Config()).reports for f in r.findings}
    stories_found, _ = collect([str(tmp_path)], Config())  # a folder walk keeps the file
    assert [x.text for x in stories_found] == [s.text]


def test_md_acceptance_criteria_h2_between_story_sections(tmp_path):
    p = tmp_path / "two.md"
    p.write_text(
        "## A-1 Export\n\nAs a user, I want to export reports so that I can share them.\n\n"
        "## Acceptance criteria\n\n- A PDF downloads\n\n"
        "## A-2 Import\n\nAs a user, I want to import reports so that I can edit them.\n\n"
        "## AC\n\n- A CSV uploads\n- Errors are listed\n"
    )
    a, b = stories(p)
    assert (a.id, a.acceptance_criteria, a.source.line) == ("A-1", ["A PDF downloads"], 1)
    assert (b.id, b.acceptance_criteria, b.source.line) == ("A-2", ["A CSV uploads", "Errors are listed"], 9)


def test_md_yaml_front_matter_is_not_a_story(tmp_path):
    p = tmp_path / "fm.md"
    p.write_text("---\ntitle: Backlog\ntags: [a, b]\n---\n\n## A-1 Export\n\nAs a user, I want some reports so that I can share them.\n")
    (s,) = stories(p)
    assert (s.id, s.source.line, s.source.text_line) == ("A-1", 6, 8)
    assert points_at(p, "A-1", "some") == 8
    whole = tmp_path / "whole.md"
    whole.write_text("---\ntitle: x\n...\nAs a user, I want some reports so that I can share them.\n")
    (s,) = stories(whole)
    assert s.text.startswith("As a user") and s.source.text_line == 4
    rule = tmp_path / "rule.md"  # a thematic break above a paragraph is not front matter
    rule.write_text("---\nAs a user, I want reports so that I can share them.\n---\n")
    (s,) = stories(rule)
    assert "As a user" in (s.title or "") + s.text  # (a setext heading: not blanked out)


def test_md_code_fences_in_other_languages_are_not_read(tmp_path):
    p = tmp_path / "code.md"
    p.write_text(
        "## A-1 Export\n\nAs a database administrator, I want to export reports so that I can share them.\n\n"
        "```python\nx = \"TBD\"  # storylint: disable=US030 -- not a directive\n```\n\n"
        "~~~ json\n{\"note\": \"etc.\"}\n~~~\n\n"
        "```\nSee the export log etc.\n```\n\n"
        "### Acceptance criteria\n\n```sh\nstorylint lint TBD\n```\n\n"
        "```gherkin\nScenario: export\n  Given a report\n  When I export it\n  Then a PDF downloads\n```\n\n"
        "```\nGiven a report\nThen a CSV downloads\n```\n"
    )
    (s,) = stories(p)
    assert s.description == "See the export log etc."  # untagged, outside the criteria: as before
    assert [a.split("\n")[0] for a in s.acceptance_criteria] == ["Scenario: export", "Given a report"]
    got = {f.code for r in lint_paths([str(p)], Config()).reports for f in r.findings}
    assert "INV031" not in got and not {"SL001", "SL002"} & got and "US030" in got


def test_md_story_inside_an_html_block(tmp_path):
    p = tmp_path / "html.md"
    p.write_text(
        "## A\n\n<div>\n  <p>As a clerk, I want to print invoices &amp; receipts so that customers get a record.</p>\n</div>\n\n"
        "## B\n\n<details>\n<summary>Background</summary>\n\nAs a user, I want to log in so that I see my data.\n\n</details>\n\n"
        "## C\n\n<script>var s = 'As a hacker, I want to run code';</script>\n\nAs a member, I want to renew so that I stay.\n"
    )
    a, b, c = stories(p)
    assert a.text == "As a clerk, I want to print invoices & receipts so that customers get a record."
    assert (a.source.text_line, a.source.text_column) == (4, 6)
    assert b.text == "As a user, I want to log in so that I see my data." and b.description == "Background"
    assert c.text == "As a member, I want to renew so that I stay." and "hacker" not in (c.description or "")
    findings = {f.code for r in lint_paths([str(p)], Config()).reports for f in r.findings}
    assert "US004" not in findings and "US001" not in findings


def test_md_estimate_that_is_not_a_number_is_an_error_naming_the_field(tmp_path):
    p = tmp_path / "bad.md"
    p.write_text("## A\n\nAs a user, I want x so that y.\n\nEstimate: lots\n")
    story, item = read_file(p)  # the story is still read and linted, without the estimate
    assert isinstance(story, Story) and story.estimate is None and story.text == "As a user, I want x so that y."
    assert isinstance(item, InputError)
    assert item.field == "estimate" and item.line == 5 and "lots" in item.message


# --- YAML / JSON / JSONL ----------------------------------------------------------------


def test_yaml_stories_mapping_and_aliases():
    got = stories(FIXTURES / "stories.yaml")
    assert [s.id for s in got] == ["Y-1", "Y-2", "Y-3"]
    assert got[1].text.startswith("As a user, I want some") and got[1].estimate == 3
    assert got[0].acceptance_criteria == ["The export is fast", "A CSV file downloads"]
    assert [s.source.line for s in got] == [2, 7, 10]


def test_yaml_positions_plain_quoted_block_and_ac_item():
    path = FIXTURES / "stories.yaml"
    assert points_at(path, "Y-1", "etc.") == 3
    assert points_at(path, "Y-2", "some") == 8
    assert points_at(path, "Y-3", "various") == 12
    assert points_at(path, "Y-1", "fast") == 5


def test_jsonl_positions_and_blank_lines():
    path = FIXTURES / "stories.jsonl"
    got = stories(path)
    assert [s.id for s in got] == ["J-1", "J-2"] and [s.source.line for s in got] == [1, 3]
    assert points_at(path, "J-1", "some") == 1
    assert points_at(path, "J-1", "fast")


def test_json_array_and_stories_object_positions(tmp_path):
    p = tmp_path / "s.json"
    p.write_text('[\n  {"id": "A",\n   "text": "As a user, I want some reports so that I can read."},\n  {"id": "B", "text": "x"}\n]\n')
    assert [s.source.line for s in stories(p)] == [2, 4]
    assert points_at(p, "A", "some") == 3
    q = tmp_path / "o.json"
    q.write_text('{"stories": [\n {"key": "K", "summary": "t", "story": "As a user, I want various things so that y."}\n]}')
    (s,) = stories(q)
    assert (s.id, s.title, s.source.line) == ("K", "t", 2)
    assert points_at(q, "K", "various") == 2


@pytest.mark.parametrize(
    "name,content,expect",
    [
        ("bad.yaml", "stories: [1,\n", "invalid YAML"),
        ("bad.json", '[{"id": 1,}]', "invalid JSON"),
        ("scalar.yaml", "just text\n", "expected a list of stories"),
        ("row.yaml", "- just a string\n", "expected a story object"),
        ("est.yaml", "- text: As a user, I want x so that y.\n  estimate: lots\n", "not a number"),
        ("est.json", '[{"text": "As a user, I want x", "points": [1]}]', "not a number"),
        ("ac.yaml", "- text: As a user, I want x\n  ac: {a: 1}\n", "expected a list of strings"),
        ("ac2.json", '[{"text": "As a user, I want x", "acceptance_criteria": ["ok", {"a": 1}]}]', "item 2 is dict"),
        ("labels.yaml", "- text: As a user, I want x\n  labels: [ui, null]\n", "item 2 is null"),
        ("row.jsonl", '{"text": "As a user, I want x so that y."}\n[1]\n{oops\n', "story object"),
    ],
)
def test_malformed_structured_input_is_an_error_not_a_crash(tmp_path, name, content, expect):
    p = tmp_path / name
    p.write_text(content)
    items = list(read_file(p))
    errors = [i for i in items if isinstance(i, InputError)]
    assert errors and any(expect in e.message for e in errors), items
    assert all(e.path == str(p) for e in errors)


def test_every_row_is_reported_or_listed_as_an_error(tmp_path):
    p = tmp_path / "mixed.yaml"
    p.write_text("- text: As a user, I want a so that b.\n- 7\n- text: As a user, I want c so that d.\n  estimate: many\n- id: Z\n")
    items = list(read_file(p))
    assert len(items) == 5  # 3 stories (row 3 without its bad estimate), 2 errors
    assert [s.source.row for s in items if isinstance(s, Story)] == [1, 3, 4]
    errors = [i for i in items if isinstance(i, InputError)]
    assert [(e.row, e.field) for e in errors] == [(2, None), (3, "estimate")]
    assert errors[0].line == 2 and errors[1].line == 4  # the row starts on 3; its estimate is on 4
    assert "row 3" in errors[1].describe() and "estimate" in errors[1].describe()


def test_stdin_format_selects_the_reader():
    data = b'{"id": "A", "text": "As a user, I want some x so that y."}\n{"id": "B", "text": "As a user, I want z so that w."}\n'
    got, errors = collect(["-"], Config(), stdin=data, stdin_format="jsonl")
    assert not errors and [s.id for s in got] == ["A", "B"]
    got, errors = collect(["-"], Config(), stdin=b"## A\n\nAs a user, I want x so that y.\n", stdin_format="md")
    assert not errors and got[0].id == "-"  # the only story: the name's stem, as a file's


# --- encodings --------------------------------------------------------------------------

STORY = "As a café owner, I want to list crêpes so that guests can order — quickly.\n"


@pytest.mark.parametrize(
    "data",
    [
        STORY.encode("utf-8"),
        codecs.BOM_UTF8 + STORY.encode("utf-8"),
        codecs.BOM_UTF16_LE + STORY.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + STORY.encode("utf-16-be"),
        STORY.encode("cp1252"),
        STORY.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "utf16le", "utf16be", "cp1252", "crlf"],
)
def test_encodings_decode(tmp_path, data):
    assert decode_bytes(data) == STORY
    p = tmp_path / "s.txt"
    p.write_bytes(data)
    (s,) = stories(p)
    assert s.text == STORY.strip() and s.source.line == 1


def test_dalpiaz_cp1252_files_decode():
    if not DALPIAZ.is_dir():
        pytest.skip("shared data not present")
    unibath = stories(DALPIAZ / "g24-unibath.txt")
    assert any("\u201clive" in s.text for s in unibath)  # cp1252 0x93 is a left double quote
    zoo = stories(DALPIAZ / "g28-zooniverse.txt")
    assert any("low\u00adlevel" in s.text for s in zoo)  # 0xad is a soft hyphen
    bom = stories(DALPIAZ / "g02-federalspending.txt")
    assert not bom[0].text.startswith("\ufeff")


def test_a_file_mixing_utf8_and_windows_1252_lines_reads_each_line_right(tmp_path):
    # Exports pasted together: one line UTF-8, the next Windows-1252 (user audit: "cafÃ©").
    p = tmp_path / "mixed.txt"
    p.write_bytes("As a café owner, I want some menus so that guests order.\r\n".encode("utf-8")
                  + "As a café owner, I want to list menus so that guests see them.\r\n".encode("cp1252"))
    a, b = stories(p)
    assert a.text.startswith("As a café owner, I want some") and b.text.startswith("As a café owner, I want to list")
    report = lint_paths([str(p)], Config(select=["INV030"]))
    assert [(f.line, f.column) for r in report.reports for f in r.findings] == [(1, 25)]  # as in a UTF-8 file


def test_binary_and_undecodable_are_refused_with_a_reason():
    with pytest.raises(DecodeError, match="binary"):
        decode_bytes(b"\x89PNG\r\n\x00\x00\x00")
    with pytest.raises(DecodeError, match="cannot decode"):
        decode_bytes(b"As a \x81\x8d user")  # bytes undefined in both UTF-8 and cp1252
    (err,) = read_bytes("x.txt", b"\x00\x01")
    assert isinstance(err, InputError) and err.path == "x.txt"


def test_unreadable_file_is_an_input_error(tmp_path, monkeypatch):
    p = tmp_path / "locked.txt"
    p.write_text("As a user, I want x so that y.\n")
    import builtins

    real_open = builtins.open

    def fake_open(file, *a, **k):
        if str(file) == str(p):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *a, **k)

    monkeypatch.setattr(builtins, "open", fake_open)
    (err,) = read_file(p)
    assert isinstance(err, InputError) and "Permission denied" in err.message


def test_unsupported_text_is_an_error():
    (err,) = read_text("notes.docx", "hello")
    assert isinstance(err, InputError) and "unsupported" in err.message


# --- directories ------------------------------------------------------------------------


def test_directories_recurse_sorted_skip_hidden_and_unsupported(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "a.txt").write_text("x\n")
    (tmp_path / "b" / "c.md").write_text("x\n")
    (tmp_path / "b" / "d.yml").write_text("[]\n")
    (tmp_path / "b" / "e.png").write_bytes(b"\x89PNG")
    (tmp_path / ".git" / "f.txt").write_text("x\n")
    got = [Path(p).relative_to(tmp_path).as_posix() for p in expand_paths([str(tmp_path)])]
    assert got == ["a.txt", "b/c.md", "b/d.yml"]
    got = [Path(p).name for p in expand_paths([str(tmp_path)], exclude=["b"])]
    assert got == ["a.txt"]


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_met_while_walking_is_passed_over_not_read(tmp_path):
    # Reading a FIFO blocks until a writer comes: the walk must not hang on one (user audit).
    import os

    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "ok.txt").write_text("As a user, I want x so that y.\n")
    os.symlink(tmp_path / "gone.txt", tmp_path / "dangling.txt")
    got = sorted(Path(p).name for p in expand_paths([str(tmp_path)]))
    assert got == ["dangling.txt", "ok.txt"]  # a broken link is still listed, so reading it reports it


def test_directory_walk_paths_have_no_dot_slash(tmp_path, monkeypatch):
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "a.txt").write_text("x\n")
    monkeypatch.chdir(tmp_path)
    assert list(expand_paths(["."])) == ["legacy/a.txt"]
    (err,) = expand_paths(["missing.txt"])
    assert isinstance(err, InputError) and err.path == "missing.txt"


def test_a_file_named_twice_or_inside_a_named_folder_is_read_once(tmp_path, monkeypatch):
    (tmp_path / "ex").mkdir()
    (tmp_path / "ex" / "a.md").write_text("x\n")
    (tmp_path / "ex" / "b.txt").write_text("x\n")
    (tmp_path / "x.txt").write_text("x\n")
    monkeypatch.chdir(tmp_path)
    got = list(expand_paths(["ex/b.txt", "ex", "x.txt", "./x.txt", "ex/a.md", str(tmp_path / "x.txt")]))
    assert got == ["ex/b.txt", "ex/a.md", "x.txt"]  # first-seen order
    # A caller that expands one path at a time shares the record of what it has seen.
    seen: set[str] = set()
    got = [p for raw in ["x.txt", "ex", "ex/a.md", "x.txt"] for p in expand_paths([raw], seen=seen)]
    assert got == ["x.txt", "ex/a.md", "ex/b.txt"]


def test_markdown_metadata_right_under_the_story_and_bare_key_headings(tmp_path):
    from storylint.readers import read_file

    p = tmp_path / "m.md"
    p.write_text(
        "## ABC-3\nAs a user, I want to export reports so that I can share them.\nEstimate: 20\nDepends on: ABC-4\n\n"
        "## ABC-4 Import\nAs a user, I want to import reports.\n",
        encoding="utf-8",
    )
    a, b = list(read_file(p))
    assert (a.id, a.estimate, a.depends_on) == ("ABC-3", 20.0, ["ABC-4"])
    assert a.text == "As a user, I want to export reports so that I can share them."
    assert (b.id, b.title) == ("ABC-4", "Import")


def test_walking_a_repository_skips_files_that_are_not_story_files(tmp_path):
    from storylint.config import Config
    from storylint.runner import collect

    (tmp_path / "node_modules" / "x").mkdir(parents=True)
    (tmp_path / "node_modules" / "x" / "a.txt").write_text("As a user, I want x.\n", encoding="utf-8")
    (tmp_path / ".hidden.yml").write_text("- text: As a user, I want y.\n", encoding="utf-8")
    (tmp_path / "package.json").write_text('{"name": "x"}', encoding="utf-8")
    (tmp_path / "ci.yml").write_text("on: push\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# Project\n\nSome text.\n", encoding="utf-8")
    (tmp_path / "requirements.txt").write_text("requests==2.0\n", encoding="utf-8")
    (tmp_path / "stories.txt").write_text("As a user, I want to export reports.\n", encoding="utf-8")
    (tmp_path / "broken.json").write_text('[{"text": 5, "id": []}]', encoding="utf-8")
    stories, errors = collect([str(tmp_path)], Config())
    assert [s.text for s in stories] == ["As a user, I want to export reports."]
    assert [e.field for e in errors] == ["id"]  # a story row that is broken is still reported
    # Named explicitly, a non-story file is an error, not silently skipped.
    stories, errors = collect([str(tmp_path / "package.json")], Config())
    assert stories == [] and errors and "expected" in errors[0].message


def test_values_with_escapes_or_folding_point_at_the_exact_word(tmp_path):
    from storylint.config import Config
    from storylint.engine import review
    from storylint.readers import read_file

    p = tmp_path / "a.yaml"
    p.write_text(
        '- id: A\n  text: "As a user, I want a \\"fast\\" search."\n'
        "- id: B\n  text: >\n    As a user, I want a\n    fast search so that I win.\n"
        "- id: C\n  text: As a user, I want a fast search.\n",
        encoding="utf-8",
    )
    rep = review(list(read_file(p)), Config(select=["INV030"]))
    where = {r.story.id: (r.findings[0].line, r.findings[0].column) for r in rep.reports}
    assert where == {"A": (2, 32), "B": (6, 5), "C": (8, 29)}
    # JSON strings are one line in the file: escapes are mapped character by character.
    raw = '[{"id": "J", "text": "As a \\"user\\", I want a fast search.", "ac": ["It is \\u00e9 and \\"fast\\""]}]'
    j = tmp_path / "a.json"
    j.write_text(raw, encoding="utf-8")
    rep = review(list(read_file(j)), Config(select=["INV030", "INV051"]))
    got = sorted((f.code, f.line, f.column, f.end_column) for f in rep.reports[0].findings)
    text_at = raw.index("fast") + 1
    ac_at = raw.index("fast", text_at) + 1
    assert got == [("INV030", 1, text_at, text_at + 4), ("INV051", 1, ac_at, ac_at + 4)]


def test_generated_ids_of_same_named_files_in_different_folders_do_not_clash(tmp_path):
    from storylint.config import Config
    from storylint.runner import collect

    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "s.txt").write_text("As a user, I want to export reports.\n", encoding="utf-8")
    stories, _ = collect([str(tmp_path)], Config())
    ids = [s.id for s in stories]
    assert len(set(ids)) == 2 and all(i.endswith("/s:1") for i in ids)


@pytest.mark.parametrize(
    "name, content",
    [
        ("e.json", '[{"id": "A", "text": "As a user, I want x.", "estimate": NaN}]'),
        ("e.json", '[{"id": "A", "text": "As a user, I want x.", "estimate": -3}]'),
        ("e.yaml", "- id: A\n  text: As a user, I want x.\n  estimate: .inf\n"),
        ("e.md", "## A\n\nAs a user, I want x.\n\nEstimate: -2\n"),
    ],
)
def test_an_estimate_that_is_not_a_size_is_an_input_error_naming_the_field(tmp_path, name, content):
    from storylint.readers import read_file

    p = tmp_path / name
    p.write_text(content, encoding="utf-8")
    story, item = list(read_file(p))
    assert isinstance(story, Story) and story.estimate is None and story.text.strip() == "As a user, I want x."
    assert isinstance(item, InputError) and item.field == "estimate" and item.row == 1
    assert "not a size" in item.message


def test_json_columns_map_every_decoded_character_to_the_file():
    import json

    from storylint.readers.structured_positions import json_columns

    raw = r'"a\"b\\c\nd\u00e9\ud83d\ude00e"'
    value = json.loads(raw)
    cols = json_columns(raw, 0, value)
    assert len(cols) == len(value) + 1
    # each character starts where its (possibly escaped) spelling starts after the quote
    assert [raw[1 + c] for c in cols[:-1]] == ["a", "\\", "b", "\\", "c", "\\", "d", "\\", "\\", "e"]
    assert cols[-1] == len(raw) - 2
    assert json_columns(raw, 0, "something else") is None


# --- positions: every finding spans exactly its characters in the file ------------------


def test_story_text_read_from_description_and_the_description_point_into_the_file(tmp_path):
    line1 = '{"id":"L-2","title":"Export","description":"As a user I want some things so that x."}'
    line2 = '{"id":"L-3","text":"As a user, I want to export so that I can share.","description":"We need it. TBD"}'
    p = tmp_path / "d.jsonl"
    p.write_text(line1 + "\n" + line2 + "\n")
    assert {("L-2", "INV030", "some"), ("L-3", "INV031", "TBD")} <= spans(p)
    j = tmp_path / "d.json"
    j.write_text("[\n " + line1 + ",\n " + line2 + "\n]\n")
    assert {("L-2", "INV030", "some"), ("L-3", "INV031", "TBD")} <= spans(j)
    y = tmp_path / "d.yaml"
    y.write_text("- id: L-2\n  description: As a user I want some things so that x.\n"
                 "- id: L-3\n  text: As a user, I want to export so that I can share.\n  description: |\n    We need it.\n    Really TBD.\n")
    assert {("L-2", "INV030", "some"), ("L-3", "INV031", "TBD")} <= spans(y)


YAML_SCALARS = '''\
- id: Y-1
  text: >
    As a user, I want a
    fast search so that I win.
  acceptance_criteria: |
    - Results show in 2 seconds
    - The page is user-friendly and fast
- id: Y-2
  text: "As a user, I want a \\"fast\\" search\\
    \\ so that I can find   things."
  description: |
    We need it.
      Indented TBD here.
- id: Y-3
  text: 'As a user, I want it''s some list
    so that I can see it.'
  ac:
    - "It is \\u00e9 and \\"fast\\""
    - >-
      It loads

      quickly
'''


def test_yaml_block_folded_and_quoted_scalars_map_to_the_exact_characters(tmp_path):
    p = tmp_path / "s.yaml"
    p.write_text(YAML_SCALARS, encoding="utf-8")
    assert {
        ("Y-1", "INV030", "fast"), ("Y-1", "INV051", "user-friendly"), ("Y-1", "INV051", "fast"),
        ("Y-2", "INV030", "fast"), ("Y-2", "INV031", "TBD"),
        ("Y-3", "INV030", "some"), ("Y-3", "INV051", "fast"), ("Y-3", "INV051", "quickly"),
    } <= spans(p)


def test_yaml_alignment_places_every_character_of_tricky_scalars():
    import yaml

    from storylint.readers.structured_positions import yaml_points

    lines = YAML_SCALARS.split("\n")
    checked = 0
    for node in yaml.compose_all(YAML_SCALARS):
        stack = [node]
        while stack:
            n = stack.pop()
            if isinstance(n, yaml.ScalarNode):
                points = yaml_points(n, lines)
                assert points is not None and len(points) == len(n.value), n.value
                for ch, (line, col) in zip(n.value, points):
                    at = lines[line - 1][col - 1 : col] or "\n"
                    assert at == ch or (ch.isspace() and at.isspace()) or at in "\\'", (n.value, ch, line, col)
                checked += 1
            elif isinstance(n, yaml.SequenceNode):
                stack += n.value
            elif isinstance(n, yaml.MappingNode):
                stack += [v for kv in n.value for v in kv]
    assert checked >= 19


def test_acceptance_criteria_in_one_string_map_each_item(tmp_path):
    p = tmp_path / "a.json"
    p.write_text('[{"id": "J-1", "text": "As a user, I want search so that I win.",\n'
                 '  "ac": "- Results are fast\\n- The page is user-friendly\\n3) \\"quick\\" one"}]\n')
    assert {("J-1", "INV051", "fast"), ("J-1", "INV051", "user-friendly"), ("J-1", "INV051", "quick")} <= spans(p)
    y = tmp_path / "a.yaml"
    y.write_text('- id: Y-1\n  text: As a user, I want search so that I win.\n  ac: "1. Results are fast\\n2. It is \\"quick\\""\n')
    assert {("Y-1", "INV051", "fast"), ("Y-1", "INV051", "quick")} <= spans(y)


def test_an_exact_criterion_keeps_its_span_beside_one_with_escapes(tmp_path):
    # One item with escapes used to mark all the items inexact: the plain one fell back to
    # its first character ("R" instead of "works").
    j = tmp_path / "x.json"
    j.write_text('[{"id": "J-1", "text": "As a user, I want search so that I win.",\n'
                 '  "ac": ["It shows \\"expired\\"", "Resizing works correctly"]}]\n')
    assert {("J-1", "INV051", "works correctly")} <= spans(j)
    y = tmp_path / "x.yaml"
    y.write_text('- id: Y-1\n  text: As a user, I want search so that I win.\n  ac:\n'
                 '    - "It shows \\"expired\\""\n    - Resizing works correctly\n'
                 '    - |\n      Given a page\n      Then it is fast\n')
    assert {("Y-1", "INV051", "works correctly"), ("Y-1", "INV051", "fast")} <= spans(y)


def test_a_whole_yaml_block_scalar_ends_on_its_last_character(tmp_path):
    # A '|' or '>' block's value ends with a line break: a finding on the whole text ended one
    # column past the end of its last line.
    p = tmp_path / "b.yaml"
    p.write_text("- id: Y-1\n  text: |\n    As a user, I want search so that I win.\n"
                 "- id: Y-2\n  text: >\n    As a user, I want search\n    so that I win.\n", encoding="utf-8")
    lines = p.read_text().split("\n")
    report = lint_paths([str(p)], Config(select=["US041"]))
    ends = {(r.story.id, f.end_line, f.end_column) for r in report.reports for f in r.findings}
    assert ends == {("Y-1", 3, len(lines[2]) + 1), ("Y-2", 7, len(lines[6]) + 1)}
    assert ("Y-2", "US041", "As a user, I want search\n    so that I win.") in spans(p, ["US041"])


def test_an_anchor_or_tag_before_a_yaml_scalar_is_not_part_of_it(tmp_path):
    # The node's start mark is the anchor's ('&t'): the value was placed (and mapped) from there.
    p = tmp_path / "a.yaml"
    p.write_text('- id: Y-1\n  text: &t "As a user, I want some \\"charts\\" so that I plan."\n'
                 "  ac:\n    - !!str It is fast\n  estimate: &e 13\n", encoding="utf-8")
    assert {("Y-1", "INV030", "some"), ("Y-1", "INV051", "fast"), ("Y-1", "INV043", "13")} <= spans(p)


def test_estimate_and_dependencies_point_at_their_values(tmp_path):
    md = tmp_path / "e.md"
    md.write_text("## A-1 Export\n\nAs a user, I want to export reports so that I can share them.\n\n"
                  "Estimate: 13 points\nDepends on: A-1, A-9\n\n## A-2 Import\n\nAs a user, I want to import reports so that I can edit them.\n")
    assert {("A-1", "INV043", "13"), ("A-1", "US043", "A-9")} <= spans(md)
    y = tmp_path / "e.yaml"
    y.write_text("- id: A-1\n  text: As a user, I want to export reports so that I can share them.\n"
                 "  estimate: 13\n  depends_on:\n    - A-1\n    - 'A-9'\n"
                 "- id: A-2\n  text: As a user, I want to import reports so that I can edit them.\n  depends_on: A-1, A-7\n")
    assert {("A-1", "INV043", "13"), ("A-1", "US043", "A-9"), ("A-2", "US043", "A-7")} <= spans(y)
    j = tmp_path / "e.json"
    j.write_text('[{"id": "A-1", "text": "As a user, I want to export reports so that I can share them.",\n'
                 '  "points": 21, "dependencies": ["A-8"]},\n {"id": "A-2", "text": "As a user, I want to import reports."}]')
    assert {("A-1", "INV043", "21"), ("A-1", "US043", "A-8")} <= spans(j)


def test_markdown_positions_in_quotes_lists_html_and_criteria(tmp_path):
    p = tmp_path / "m.md"
    p.write_text(
        "## A-1 Export\n\n> As a user, I want to export\n> some reports so that I can share them.\n\n"
        "Background notes here.\n\n- We also need a TBD thing\n- And more\n\n"
        "<div>\n  <p>Invoices &amp; receipts, etc. today</p>\n</div>\n\n"
        "### Acceptance criteria\n\n- [ ] Results show\n  in a fast way\n- The page is user-friendly\n\n"
        "  Given a thing\n  Then it is quick\n"
    )
    got = spans(p)
    assert {("A-1", "INV030", "some"), ("A-1", "INV031", "TBD"), ("A-1", "INV051", "fast"),
            ("A-1", "INV051", "user-friendly"), ("A-1", "INV051", "quick")} <= got


def test_a_bad_field_is_reported_on_its_own_line(tmp_path):
    p = tmp_path / "s.yaml"
    p.write_text("- id: A\n  text: As a user, I want x so that y.\n- id: B\n  text: |\n    As a user,\n    I want z.\n  estimate: big\n")
    (_, story, err) = read_file(p)
    assert story.id == "B" and (err.line, err.row, err.field) == (7, 2, "estimate")
    j = tmp_path / "s.json"
    j.write_text('[\n {"id": "A",\n  "text": "As a user, I want x.",\n  "ac": {"a": 1}}\n]')
    (story, err) = read_file(j)  # (the story is still linted, with one empty criterion)
    assert story.id == "A" and (err.line, err.row, err.field) == (4, 1, "ac")


def test_a_byte_order_mark_inside_a_txt_file_is_not_story_text():
    # Two exports pasted together: the second one's BOM starts a line in the middle of the file.
    text = "As a user, I want x so that y.\n\ufeffAs a clerk, I want some z so that w.\n"
    a, b = read_text("m.txt", text)
    assert b.text.startswith("As a clerk") and b.source.text_column == 2  # its column in the file
    from storylint.engine import review

    report = review([a, b], Config(select=["US001", "INV030"]))
    assert [(f.code, f.column) for r in report.reports for f in r.findings] == [("INV030", 2 + b.text.index("some"))]


def test_md_metadata_with_an_emphasised_label_is_read(tmp_path):
    # (coach review: "**Story points:** 8" and "**Depends on:** ..." as issue templates write
    # them were left in the description: no INV043, no US043, no input error for a bad value)
    base = "# Photo gallery\n\nAs a parent, I want to see photos so that I feel connected.\n\n"
    for label, col in (("**Estimate:**", 15), ("**Story points**:", 19), ("__Points:__", 13), ("*Estimate:*", 13)):
        (s,) = read_text("CAMP-801.md", base + f"{label} 8\n**Priority:** Must\n")
        assert s.estimate == 8 and s.source.estimate_position == (5, col, col + 1), label
        assert s.description == "**Priority:** Must", label
    (s,) = read_text("CAMP-801.md", base + "**Depends on:** CAMP-1, CAMP-2\n")
    assert s.depends_on == ["CAMP-1", "CAMP-2"] and s.source.depends_positions == [(5, 17), (5, 25)]
    got = list(read_text("CAMP-801.md", base + "**Estimate:** lots\n"))
    assert isinstance(got[1], InputError) and got[1].field == "estimate" and got[1].line == 5
    (s,) = read_text("CAMP-801.md", base + "**Estimate:* 8\n")  # unbalanced markers: prose
    assert s.estimate is None and s.description == "**Estimate:* 8"


def test_md_metadata_as_list_items_under_the_story_is_read(tmp_path):
    # (coach review: "- Estimate: 13" / "- Labels: ux" bullets under the story sentence were
    # kept as description: the estimate above the threshold went unreported)
    text = "# CAMP-9 Photos\n\nAs a parent, I want photos so that I feel connected.\n\n- Estimate: 13\n- Labels: ux\n- Priority: high\n- **Depends on:** CAMP-1\n"
    (s,) = read_text("c.md", text)
    assert (s.id, s.estimate, s.source.estimate_position, s.labels) == ("CAMP-9", 13, (5, 13, 15), ["ux"])
    assert s.depends_on == ["CAMP-1"] and s.source.depends_positions == [(8, 19)]
    assert s.description == "- Priority: high"
    got = list(read_text("c.md", text.replace("13", "lots")))
    assert isinstance(got[1], InputError) and (got[1].line, got[1].field) == (5, "estimate")
    # a list under "Acceptance criteria" stays criteria, whatever it says
    (s,) = read_text("c.md", "# T\n\nAs a parent, I want photos so that I feel connected.\n\n## Acceptance criteria\n\n- Title: shown on each photo\n- Labels: shown too\n")
    assert s.acceptance_criteria == ["Title: shown on each photo", "Labels: shown too"] and s.labels == []


def test_md_front_matter_gives_a_lone_story_its_id_estimate_labels_and_dependencies(tmp_path):
    # (coach review: Backlog.md-style story files keep id, estimate and dependencies in front
    # matter; they were skipped: the story was named after the file, 13 points went unreported,
    # and references to "task-7" from other stories were unknown dependencies)
    text = ("---\nid: task-7\ntitle: Photo gallery\nstatus: To Do\nlabels: [parents]\n"
            "dependencies:\n  - task-2\n  - task-3\nestimate: 13\n---\n\n## Description\n\n"
            "As a parent, I want to see photos so that I feel connected.\n")
    (s,) = read_text("task-7 - Photo-gallery.md", text)
    assert (s.id, s.title, s.estimate, s.labels, s.depends_on) == ("task-7", "Photo gallery", 13, ["parents"], ["task-2", "task-3"])
    assert s.source.estimate_position == (9, 11, 13) and s.source.depends_positions == [(7, 5), (8, 5)]
    assert s.source.text_line == 14
    # the Markdown's own id, title and metadata come first
    (s,) = read_text("x.md", "---\nid: task-9\nestimate: 1\ntitle: FM\n---\n# CAMP-9 Photos\n\nAs a parent, I want photos so that I feel connected.\n\nEstimate: 8\n")
    assert (s.id, s.title, s.estimate) == ("CAMP-9", "Photos", 8)
    # a bad value is an input error naming the line and field; the story is still read
    got = list(read_text("x.md", "---\nestimate: lots\n---\nAs a parent, I want photos so that I feel connected.\n"))
    assert got[0].id == "x" and isinstance(got[1], InputError) and (got[1].line, got[1].field) == (2, "estimate")
    # several stories in the file: whose would it be? Not read
    got = list(read_text("b.md", "---\nid: task-1\n---\n- As a parent, I want photos so that I feel connected.\n- As a parent, I want videos so that I see more.\n"))
    assert [x.id for x in got] == ["b:4", "b:5"]


def test_md_description_bullets_that_look_like_fields_stay_description():
    # (review: "- ID: ..." / "- Title: ..." describing a form replaced the heading's id and title,
    # and "- Points: the loyalty balance" was a bad estimate with exit 2)
    text = (
        "## SHOP-12 Customer profile form\n\nAs a support agent, I want to see the profile, so that I can verify the caller.\n\n"
        "The form shows:\n\n- Title: Mr, Ms or Dr\n- ID: the national ID, masked\n- Points: the loyalty balance\n"
        "- Dependencies: Python 3.11, pip\n\n## SHOP-13 Edit profile\n\nAs an agent, I want to edit it, so that typos are fixed.\n\n- Depends on: SHOP-12\n"
    )
    got = list(read_text("form.md", text))
    assert [type(x).__name__ for x in got] == ["Story", "Story"]
    a, b = got
    assert (a.id, a.title, a.estimate, a.depends_on) == ("SHOP-12", "Customer profile form", None, [])
    assert "- ID: the national ID, masked" in a.description and "- Points: the loyalty balance" in a.description
    assert b.depends_on == ["SHOP-12"]


def test_md_front_matter_nulls_are_absent_values():
    # (review: 'id: null' became the id 'null', 'estimate: null' a bad estimate, 'labels: ~' ['~'])
    text = "---\nid: null\ntitle: ~\nestimate: null\ndependencies: null\nlabels: ~\n---\n\nAs a customer, I want to log in, so that I see my orders.\n"
    (s,) = list(read_text("login.md", text))
    assert (s.id, s.title, s.estimate, s.labels, s.depends_on) == ("login", None, None, [], [])
