"""Reader inputs from a user audit: lists that are not stories met while walking a folder,
estimates that are not story points (t-shirt sizes, values that are no size at all), and values
the parsers read but Python cannot hold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storylint.cli import app
from storylint.config import Config
from storylint.models import InputError, Story
from storylint.readers import read_file
from storylint.readers.estimate import estimate_value
from storylint.readers.structured_shapes import NOT_A_STORY_LIST
from storylint.runner import lint_paths

STORY = "As a user, I want to export reports so that I can share them."


def run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def put(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def skipped_when_walked(path: Path) -> bool:
    """Whether the reader says the file, met while walking a folder, is not a story list."""
    items = list(read_file(path, walked=True))
    return len(items) == 1 and isinstance(items[0], InputError) and items[0].message in NOT_A_STORY_LIST and items[0].row is None


# --- 1. lists that are not stories, met while walking a folder ---------------------------

NOT_STORIES = {
    "roles/web/tasks/main.yml": "- name: install nginx\n  apt: name=nginx\n",  # an Ansible task list
    "countries.json": '[{"code": "DE", "name": "Germany"}]',
    "labels.json": '[{"name": "bug", "color": "d73a4a", "description": "Something isn\'t working"}]',
    "numbers.json": "[1, 2, 3]",
    "letters.yaml": "- a\n- b\n",
    "events.jsonl": '{"level": "info", "msg": "started"}\n{"level": "warn", "msg": "slow", "name": "db"}\n',
    "scores.yaml": "- id: 1\n  name: Ann\n  points: 12\n  tags: [a]\n",  # ids, points, tags alone say nothing
}


@pytest.mark.parametrize("name", sorted(NOT_STORIES))
def test_a_walked_list_without_a_story_field_is_not_a_story_list(tmp_path, name):
    assert skipped_when_walked(put(tmp_path / name, NOT_STORIES[name]))


STORY_LISTS = {
    "text.yaml": f"- text: {STORY}\n",
    "story.json": f'[{{"story": "{STORY}"}}]',
    "empty-text.yaml": "- id: A-1\n  text: ''\n",  # an empty story is still a story (US004)
    "jira.json": '[{"id": "W-1", "title": "Reset password"}]',  # weak, but a story list
    "summary.json": '[{"key": "K-1", "summary": "Reset password"}]',
    "criteria.yaml": "- name: Checkout\n  acceptance_criteria: [Pay by card]\n",
    "points.yaml": "- name: Checkout\n  story_points: 3\n",
    "wrapped.yaml": "stories:\n  - name: Checkout\n",  # the file says what it holds
    "pivotal.json": f'[{{"name": "{STORY}", "estimate": 2}}]',  # a name that reads as a story
    "description.yaml": "- name: Reports\n  description: I want to export reports.\n",  # a wish
    "mixed.yaml": f"- name: install nginx\n- name: x\n  text: {STORY}\n",  # one story is enough
    "broken-row.json": '[{"text": 5, "id": "A"}]',  # meant as a story, broken: reported
    "stories.jsonl": f'{{"name": "n"}}\n{{"text": "{STORY}"}}\n',
}


@pytest.mark.parametrize("name", sorted(STORY_LISTS))
def test_a_walked_list_with_a_story_field_reads_as_when_named(tmp_path, name):
    p = put(tmp_path / name, STORY_LISTS[name])
    assert not skipped_when_walked(p)
    assert list(read_file(p, walked=True)) == list(read_file(p))


@pytest.mark.parametrize("name", sorted(NOT_STORIES))
def test_a_named_file_keeps_strict_reading(tmp_path, name):
    """Named on the command line, a file is read as stories whatever it holds: rows that are
    not story objects are errors naming their row, objects become (weak) stories."""
    p = put(tmp_path / name, NOT_STORIES[name])
    items = list(read_file(p))
    assert items and all(i.message not in NOT_A_STORY_LIST for i in items if isinstance(i, InputError))
    for item in items:
        assert isinstance(item, Story) or item.row is not None


def test_a_named_list_of_scalars_names_every_row(tmp_path):
    items = list(read_file(put(tmp_path / "n.json", "[1, 2, 3]")))
    assert [(i.row, i.message) for i in items] == [(k, "expected a story object (mapping), got int") for k in (1, 2, 3)]


def test_walked_broken_files_are_still_reported(tmp_path):
    bad_json = put(tmp_path / "b.json", '[{"name": "x",}]')
    bad_yaml = put(tmp_path / "b.yaml", "- name: [x\n")
    all_broken = put(tmp_path / "b.jsonl", "{oops\n{nope\n")
    for p in (bad_json, bad_yaml, all_broken):
        items = list(read_file(p, walked=True))
        assert items and all(isinstance(i, InputError) and i.message not in NOT_A_STORY_LIST for i in items), items


def test_a_walked_jsonl_of_other_records_with_a_broken_line_is_not_a_story_list(tmp_path):
    # A log whose last line was cut off: its readable rows say what it is.
    assert skipped_when_walked(put(tmp_path / "log.jsonl", '{"level": "info", "msg": "x"}\n{"level": "in'))


def test_a_walked_mapping_without_stories_is_still_not_a_story_list(tmp_path):
    assert skipped_when_walked(put(tmp_path / "ci.yml", "on: push\n"))
    assert skipped_when_walked(put(tmp_path / "package.json", '{"name": "x", "dependencies": {}}'))


def test_walking_a_repository_skips_non_story_lists_and_names_them(work):
    for name, text in NOT_STORIES.items():
        put(work / "repo" / name, text)
    put(work / "repo" / "backlog.yaml", f"- id: B-1\n  text: {STORY}\n")
    r = run("lint", "repo", "--format", "jsonl")
    assert r.exit_code == 0, r.stderr
    assert [json.loads(line)["id"] for line in r.stdout.splitlines()] == ["B-1"]
    assert "error" not in r.stderr
    (note,) = [line for line in r.stderr.splitlines() if "skipped" in line]
    assert f"skipped {len(NOT_STORIES)} file(s)" in note and "repo/countries.json" in note and "repo/numbers.json" in note


def test_named_non_story_lists_keep_todays_strict_result(work):
    put(work / "countries.json", NOT_STORIES["countries.json"])
    put(work / "numbers.json", NOT_STORIES["numbers.json"])
    r = run("lint", "countries.json", "--format", "jsonl")
    assert r.exit_code == 1 and "US004" in r.stdout
    r = run("lint", "numbers.json")
    assert r.exit_code == 2 and "numbers.json:1 (row 3): expected a story object" in r.stderr


# --- 2. estimates that are not story points ----------------------------------------------

SIZES = ["XS", "s", "M", "l", "XL", "xxl", "XXS", "XXXL", " M "]


@pytest.mark.parametrize("size", SIZES)
def test_a_t_shirt_size_is_a_size_without_points(size):
    assert estimate_value(size) is None


@pytest.mark.parametrize("value", ["?", "??", " ? ", "TBD", "tbc", "Unknown"])
def test_an_estimate_of_question_mark_or_tbd_is_no_size_and_says_so(value):
    # planning poker's "?" card: no points, and the story is not estimable yet (INV044), where it
    # was an input error about the value
    from storylint.readers.estimate import unsized

    assert estimate_value(value) is None and unsized(value) == value.strip()
    assert unsized("M") is None and unsized("3") is None and unsized(3) is None


UNSIZED = {
    "b.yaml": ("- id: A-1\n  text: As a clerk, I want invoices matched so that month-end closes sooner.\n  estimate: \"?\"\n", (3, 13)),
    "b.json": ('[{"id": "A-1", "text": "As a clerk, I want invoices matched so that month-end closes sooner.", "Story Points": "TBD"}]', (1, 112)),
    "b.jsonl": ('{"id": "A-1", "text": "As a clerk, I want invoices matched so that month-end closes sooner.", "estimate": "?"}', (1, 107)),
    "b.md": ("## A-1 Match invoices\nAs a clerk, I want invoices matched so that month-end closes sooner.\nEstimate: ?\n", (3, 11)),
    "t.md": ("| ID | Story | Estimate |\n|---|---|---|\n| A-1 | As a clerk, I want invoices matched so that month-end closes sooner. | TBD |\n", (3, 80)),
}


@pytest.mark.parametrize("name", sorted(UNSIZED))
def test_an_unsized_estimate_is_read_and_reported_where_it_is_written(tmp_path, name):
    from storylint.engine import review

    text, at = UNSIZED[name]
    p = tmp_path / name
    p.write_text(text)
    items = list(read_file(p))
    assert all(isinstance(i, Story) for i in items), items  # no input error
    (s,) = items
    assert s.estimate is None and s.source.estimate_text in ("?", "TBD")
    (f,) = review(items, Config(select=["INV044"])).reports[0].findings
    assert (f.line, f.column) == at


@pytest.mark.parametrize(
    "value, message",
    [
        ("lots", "not a number"),
        ("XXXXL", "not a number"),
        ("? ?", "not a number"),
        ("3 apples", "not a number"),
        ("1,000,5", "not a number"),
        (True, "not a number"),
        ([1], "not a number"),
        ({"a": 1}, "not a number"),
        (-3, "not a size"),
        ("-1", "not a size"),
        (float("nan"), "not a size"),
        ("1e400", "not a size"),
        (float("inf"), "not a size"),
        pytest.param(10**400, "not a size", id="10**400"),  # a JSON integer too large for a float: no crash
    ],
)
def test_a_value_that_is_no_size_is_a_clear_error(value, message):
    with pytest.raises(ValueError, match=message):
        estimate_value(value)


@pytest.mark.parametrize(
    "value, points",
    [(3, 3.0), ("5", 5.0), (0.5, 0.5), ("13 ", 13.0), (0, 0.0), ("5 SP", 5.0), ("3pts", 3.0), ("8 points", 8.0),
     ("1,5", 1.5), ("2 Story Points", 2.0)],
)
def test_story_points_are_numbers(value, points):
    assert estimate_value(value) == points


@pytest.mark.parametrize(
    "name, content",
    [
        ("a.md", f"## A\n\n{STORY}\n\nEstimate: XL\n"),
        ("a.yaml", f"- id: A\n  text: {STORY}\n  estimate: m\n"),
        ("a.json", f'[{{"id": "A", "text": "{STORY}", "story_points": "XXL"}}]'),
        ("a.jsonl", f'{{"id": "A", "text": "{STORY}", "points": "S"}}\n'),
    ],
)
def test_a_t_shirt_sized_story_is_read_and_linted_without_a_point_threshold(work, name, content):
    p = put(work / name, content)
    (story,) = list(read_file(p))
    assert isinstance(story, Story) and story.text == STORY and story.estimate is None
    report = lint_paths([str(p)], Config(rule_options={"estimate-too-large": {"max": 0}}))
    assert not report.errors and len(report.reports) == 1
    assert "INV043" not in {f.code for r in report.reports for f in r.findings}
    r = run("lint", name)
    assert r.exit_code == 0, (r.stdout, r.stderr)


def test_a_t_shirt_sized_backlog_exits_by_its_findings_not_2(work):
    put(work / "b.yaml", "".join(f"- id: T-{k}\n  text: {STORY}\n  estimate: {s}\n" for k, s in enumerate(SIZES[:-1])))
    r = run("lint", "b.yaml", "--format", "jsonl")
    assert r.exit_code in (0, 1) and not r.stderr.strip(), r.stderr
    assert len(r.stdout.splitlines()) == len(SIZES) - 1


def test_a_huge_json_integer_estimate_is_an_input_error_not_a_crash(work):
    put(work / "big.json", f'[{{"id": "A", "text": "{STORY}", "estimate": 1{"0" * 400}}}]')
    r = run("lint", "big.json")
    assert r.exit_code == 2 and "internal error" not in r.stderr
    assert "big.json:1 (row 1) [field estimate]: estimate" in r.stderr and "not a size" in r.stderr


# --- values the parsers read but Python cannot hold: an input error, never a crash -------


@pytest.mark.parametrize(
    "name, content, where",
    [
        ("d.yaml", f"- text: {STORY}\n- text: {STORY}\n  due: 2023-02-30\n", "d.yaml:3: invalid YAML: day is out of range"),
        ("i.yaml", f"- text: {STORY}\n  estimate: 1{'0' * 5000}\n", "i.yaml:2: invalid YAML: Exceeds the limit (4300 digits)"),
        ("i.json", f'[{{"text": "{STORY}", "estimate": 1{"0" * 5000}}}]', "i.json: invalid JSON: Exceeds the limit (4300 digits)"),
        ("i.jsonl", f'{{"text": "{STORY}"}}\n{{"text": "{STORY}", "n": 1{"0" * 5000}}}\n', "i.jsonl:2 (row 2): invalid JSON: Exceeds"),
    ],
)
def test_a_value_python_cannot_hold_is_an_input_error_not_a_crash(work, name, content, where):
    put(work / name, content)
    put(work / "other.txt", STORY + "\n")
    r = run("lint", name, "other.txt", "--format", "jsonl")
    assert r.exit_code == 2 and "internal error" not in r.stderr, r.stderr
    assert where in r.stderr and "set_int_max_str_digits" not in r.stderr
    assert "other:1" in r.stdout  # the other file is still linted


def test_a_walked_list_whose_items_say_they_are_stories_is_read(tmp_path):
    from storylint.readers.structured_shapes import is_story_list

    assert is_story_list([{"id": 101, "type": "story", "name": "Login", "details": "Users log in."}])
    assert is_story_list([{"name": "Login", "issuetype": "User Story"}])
    assert not is_story_list([{"name": "install nginx", "type": "package"}])


def test_keys_are_read_in_any_case_and_spelling(tmp_path):
    # As trackers export them: "Issue key", "Summary", "Story Points", "Acceptance Criteria".
    p = tmp_path / "jira.json"
    p.write_text('[{"Issue key": "ABC-1", "Summary": "Login", "Description": "As a user, I want to log in so that I see my data.",'
                 ' "Story Points": 3, "Acceptance Criteria": "Errors are shown\\nA wrong password locks after 5 tries"}]')
    (s,) = read_file(p)
    assert (s.id, s.title, s.text, s.estimate, s.acceptance_criteria) == (
        "ABC-1", "Login", "As a user, I want to log in so that I see my data.", 3, ["Errors are shown", "A wrong password locks after 5 tries"])
    y = tmp_path / "b.yaml"
    y.write_text("- Key: ABC-2\n  Summary: Export\n  Story: As a user, I want some reports so that I plan.\n")
    from storylint.engine import review

    report = review(list(read_file(y)), Config(select=["INV030"]))
    assert [(f.line, f.column) for r in report.reports for f in r.findings] == [(3, 28)]
    # an exact alias still wins over another spelling of a later one
    c = tmp_path / "c.json"
    c.write_text('[{"Summary": "B", "title": "A", "text": "As a user, I want x."}]')
    s, note = read_file(c)
    assert s.title == "A"
    # ... and the other one is not lost silently (code review)
    assert (note.field, note.row, note.message) == ("Summary", 1, "'Summary' is not read: 'title' already gives the story's title")


def test_an_empty_alias_gives_way_to_one_with_a_value(tmp_path):
    # (code review) Jira exports carry both fields; the first was read even when null
    p = tmp_path / "jira.json"
    p.write_text('[{"Issue key": "J-3", "Summary": "As a user, I want to export so that I share.", "Story Points": null, "Story point estimate": 21},'
                 ' {"key": "J-4", "text": " ", "story": "As a user, I want to import so that I load."}]')
    a, b = read_file(p)
    assert (a.id, a.estimate) == ("J-3", 21)
    assert (b.id, b.text) == ("J-4", "As a user, I want to import so that I load.")


def test_two_aliases_with_values_of_their_own_are_reported_and_the_story_kept(tmp_path):
    p = tmp_path / "alias.yaml"
    p.write_text("- id: A-1\n  text: As a user, I want a login so that I see my data.\n  story: As a user, I want to log out.\n"
                 "  points: 13\n  estimate: 1\n  depends_on: [A-2]\n  dependencies: A-3\n")
    got = list(read_file(p))
    (story,) = [x for x in got if isinstance(x, Story)]
    assert (story.text, story.estimate, story.depends_on) == ("As a user, I want a login so that I see my data.", 1, ["A-2"])
    assert sorted((e.field, e.line) for e in got if not isinstance(e, Story)) == [("dependencies", 7), ("points", 4), ("story", 3)]


# --- one story object per file (not in a list) ------------------------------------------

@pytest.mark.parametrize(
    "name, content, line, column",
    [
        ("login.yaml", f"id: S-1\ntitle: Login\ntext: {STORY}\n", 3, 35),
        ("login.yml", f"# storylint: disable=INV050 -- criteria live in the tracker\nkey: S-1\nstory: >\n  {STORY}\n", 4, 31),
        ("login.json", f'{{"key": "S-1",\n "summary": "Login",\n "story": "{STORY}"}}\n', 3, 40),
    ],
)
def test_a_file_holding_one_story_object_is_one_story(work, name, content, line, column):
    put(work / name, content)
    r = run("lint", name, "--format", "jsonl", "--select", "INV030,INV050")
    assert r.stderr == "" and r.exit_code in (0, 1)
    (row,) = [json.loads(x) for x in r.stdout.splitlines()]
    assert row["id"] == "S-1"
    # the findings land on the story text in the file
    put(work / name, content.replace("export reports", "export some reports"))
    (row,) = [json.loads(x) for x in run("lint", name, "--format", "jsonl", "--select", "INV030").stdout.splitlines()]
    assert [(f["code"], f["line"], f["column"]) for f in row["findings"]] == [("INV030", line, column)]


def test_a_walked_single_object_needs_story_text_or_a_story_sentence(tmp_path):
    # A site's _config.yml has a title, but it is no story; a story file in the folder is read.
    assert skipped_when_walked(put(tmp_path / "_config.yml", "title: My blog\ndescription: Notes on things\n"))
    assert skipped_when_walked(put(tmp_path / "meta.json", '{"summary": "Quarterly figures", "name": "q3"}'))
    (s,) = read_file(put(tmp_path / "s1.yaml", f"text: {STORY}\n"), walked=True)
    assert s.text == STORY
    (s,) = read_file(put(tmp_path / "s2.yaml", f"title: Export\ndescription: {STORY}\n"), walked=True)
    assert s.text == STORY or s.description == STORY
    (s,) = read_file(put(tmp_path / "s3.json", '{"summary": "Export", "type": "Story"}'), walked=True)
    assert s.title == "Export"


def test_a_named_mapping_that_is_no_story_is_still_an_error(tmp_path):
    (e,) = read_file(put(tmp_path / "ci.yaml", "name: ci\non: push\n"))
    assert isinstance(e, InputError) and e.message == NOT_A_STORY_LIST[0]


# --- a UTF-8 file with a byte-order mark and one Windows-1252 line ----------------------

MIXED_LINES = ["As a user, I want \u201csmart\u201d quotes so that I can read.", "As a caf\xe9 owner, I want some menus so that guests order."]


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["no-bom", "utf8-bom"])
def test_a_utf8_file_with_one_windows_1252_line_is_decoded_line_by_line(tmp_path, bom):
    from storylint.readers.decode import decode_bytes

    data = bom + MIXED_LINES[0].encode("utf-8") + b"\n" + MIXED_LINES[1].encode("cp1252") + b"\n"
    assert decode_bytes(data) == "\n".join(MIXED_LINES) + "\n"
    p = tmp_path / "m.txt"
    p.write_bytes(data)
    assert [s.text for s in read_file(p)] == MIXED_LINES


def test_decode_as_gives_a_mixed_utf8_bom_file_back_byte_for_byte_or_refuses_it():
    """--fix writes a file back with decode_as's encoding: a mixed file is Windows-1252 there,
    which gives its bytes back one for one; one whose UTF-8 holds a byte Windows-1252 leaves
    undefined (the 0x9d of a closing quote) is refused, and --fix leaves it alone."""
    import codecs

    from storylint.readers.decode import DecodeError, decode_as

    data = codecs.BOM_UTF8 + "As a caf\xe9 owner".encode("utf-8") + b"\n" + MIXED_LINES[1].encode("cp1252")
    text, encoding, bom = decode_as(data)
    assert (encoding, bom) == ("cp1252", codecs.BOM_UTF8) and bom + text.encode(encoding) == data
    with pytest.raises(DecodeError, match="not Windows-1252"):
        decode_as(codecs.BOM_UTF8 + MIXED_LINES[0].encode("utf-8") + b"\n" + MIXED_LINES[1].encode("cp1252"))


@pytest.mark.parametrize("data, enc", [(b"\xff\xfe\x00\xd8a\x00", "utf-16-le"), (b"\xfe\xff\xd8\x00\x00a", "utf-16-be")])
def test_a_utf16_file_that_is_not_utf16_stays_an_error(data, enc):
    from storylint.readers.decode import DecodeError, decode_bytes

    with pytest.raises(DecodeError, match=f"invalid {enc} after its byte-order mark"):
        decode_bytes(data)  # an unpaired surrogate


@pytest.mark.parametrize("key", ["2024", "true", "1.5", '"2024"'])
def test_stories_under_a_key_that_is_not_a_plain_string_keep_their_line(tmp_path, key):
    # (found while splitting the reader) the key node's text "2024" was looked up as the loaded
    # key, the int 2024: the nested story lost its line
    p = tmp_path / "k.yaml"
    p.write_text(f"- id: A-1\n  story: As a user, I want x so that y.\n  {key}:\n    - id: A-2\n      story: As a user, I want nested so that z.\n")
    assert [(s.id, s.source.line) for s in read_file(p)] == [("A-1", 1), ("A-2", 4)]


@pytest.mark.parametrize("value", ["{given: a card, then: it is charged}", "true", "3"])
def test_criteria_that_are_no_list_are_reported_and_the_story_still_linted(tmp_path, value):
    # (coach review: "acceptance_criteria: {given: ..., then: ...}" dropped the whole story: its
    # text was never linted, while a bad criterion in a list, or bad labels, keep the story)
    from storylint.engine import review

    p = tmp_path / "b.yaml"
    p.write_text(f"- id: A-4\n  text: As a driver, I want fast parking so that I avoid fines.\n  acceptance_criteria: {value}\n")
    items = list(read_file(p))
    (story,) = [i for i in items if isinstance(i, Story)]
    (err,) = [i for i in items if not isinstance(i, Story)]
    assert (err.line, err.row, err.field) == (3, 1, "acceptance_criteria") and "expected a list of strings" in err.message
    assert story.id == "A-4" and story.acceptance_criteria == [""]
    assert [f.code for f in review([story], Config(select=["INV030"])).reports[0].findings] == ["INV030"]


@pytest.mark.parametrize("name, text", [
    ("b.yaml", "- id: A-4\n  text: As a driver, I want to extend my parking session so that I avoid fines.\n  acceptance_criteria:\n    - It is fast\n    - bad: mapping\n    - Extended up to the zone's maximum\n"),
    ("b.json", '[{"id": "A-4", "text": "As a driver, I want to extend my parking session so that I avoid fines.", "acceptance_criteria": ["It is fast", {"bad": "mapping"}, "Extended up to the zone\'s maximum"]}]'),
])
def test_a_criterion_that_is_not_text_is_reported_and_the_story_still_linted(tmp_path, name, text):
    # (user audit) the whole story was dropped for one bad criterion
    from storylint.engine import review

    p = tmp_path / name
    p.write_text(text)
    items = list(read_file(p))
    (story,) = [i for i in items if isinstance(i, Story)]
    (err,) = [i for i in items if not isinstance(i, Story)]
    assert (err.field, err.message) == ("acceptance_criteria", "expected a list of strings; item 2 is dict")
    assert story.acceptance_criteria == ["It is fast", "", "Extended up to the zone's maximum"]
    (f,) = [f for f in review([story], Config(select=["INV051"])).reports[0].findings]
    assert f.line == (4 if name == "b.yaml" else 1) and "fast" in f.message  # the others keep their places
