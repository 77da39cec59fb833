"""YAML/JSON shapes from a user audit: stories nested under epics, tracker layouts (Jira REST,
Azure DevOps, Jira CSV names, HTML rich text, the story only in the summary), acceptance
criteria written inside a description or the story text, and items whose keys the reader does
not know. The principle: nothing is lost; every story read is reported, or listed as an input
error naming its file, row and field."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storylint.cli import app
from storylint.config import Config
from storylint.engine import review
from storylint.models import InputError, Story
from storylint.readers import read_file
from storylint.readers.structured_shapes import MAX_NESTING, NOT_A_STORY_LIST

FIXTURES = Path(__file__).parent / "fixtures" / "structured"
STORY = "As a shopper, I want to pay by card so that I can check out."


def put(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def stories(path: Path, walked: bool = False) -> list[Story]:
    items = list(read_file(path, walked=walked))
    assert all(isinstance(i, Story) for i in items), [i for i in items if isinstance(i, InputError)]
    return items


def skipped_when_walked(path: Path) -> bool:
    items = list(read_file(path, walked=True))
    return len(items) == 1 and isinstance(items[0], InputError) and items[0].message in NOT_A_STORY_LIST


def findings(items, *codes: str) -> list[tuple[str, str, int | None, int | None]]:
    report = review([i for i in items if isinstance(i, Story)], Config(select=list(codes)))
    return [(r.story.id, f.code, f.line, f.column) for r in report.reports for f in r.findings]


def run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


# --- 1. stories nested under epics -------------------------------------------------------


def test_stories_nested_under_epics_are_read_in_document_order_at_their_lines():
    got = stories(FIXTURES / "epics.yaml")
    assert [s.id for s in got] == ["SHOP-1", "SHOP-2", "SHOP-3", "SHOP-4", "SHOP-4a"]
    assert [s.source.line for s in got] == [4, 6, 11, 13, 16]
    assert [(s.source.text_line, s.source.text_column) for s in got] == [(5, 14), (7, 14), (12, 14), (14, 10), (17, 14)]
    # the epics only group their stories: no "No story text" for them
    assert "US004" not in {code for _, code, _, _ in findings(got, "ALL")}


def test_a_finding_in_a_nested_story_lands_on_its_word(work):
    put(work / "e.yaml", "- key: EPIC-1\n  summary: Checkout\n  stories:\n    - key: S-1\n      story: As a user, I want some reports so that I plan.\n")
    assert findings(read_file(work / "e.yaml"), "INV030") == [("S-1", "INV030", 5, 32)]
    r = run("lint", "e.yaml", "--format", "jsonl", "--select", "US004,INV030")
    assert [json.loads(x)["id"] for x in r.stdout.splitlines()] == ["S-1"] and r.stderr == ""


@pytest.mark.parametrize(
    "content",
    [
        f"epics:\n  - key: E-1\n    summary: Checkout\n    stories:\n      - key: S-1\n        story: {STORY}\n",
        f"project: Shop\nbacklog:\n  - key: S-1\n    story: {STORY}\n",
        f"project: Shop\nepics:\n  - name: Checkout\n    features:\n      - name: Cards\n        children:\n          - key: S-1\n            story: {STORY}\n",
    ],
    ids=["epics", "backlog", "epics-features-children"],
)
def test_a_mapping_with_lists_of_stories_reads_them(tmp_path, content):
    p = put(tmp_path / "b.yaml", content)
    (s,) = stories(p)
    assert (s.id, s.text) == ("S-1", STORY)
    assert s.source.text_line == content.count("\n")  # its own line, not the file's first
    (s,) = stories(p, walked=True)  # story text: a backlog even when met while walking


def test_a_json_mapping_of_epics_keeps_the_positions_of_its_stories(tmp_path):
    p = put(tmp_path / "b.json", json.dumps({"epics": [{"key": "E-1", "summary": "X", "children": [{"key": "S-1", "story": STORY}]}]}, indent=1))
    (s,) = stories(p)
    line = p.read_text().splitlines()[s.source.text_line - 1]
    assert line[s.source.text_column - 1 :].startswith(STORY)


def test_every_list_of_a_mapping_is_read_and_stories_first(tmp_path):
    p = put(tmp_path / "b.yaml", f"bugs:\n  - key: B-1\n    story: {STORY}\nstories:\n  - key: S-1\n    story: {STORY}\n")
    assert [s.id for s in stories(p)] == ["S-1", "B-1"]


def test_an_epic_with_its_own_story_text_or_criteria_is_a_story_too(tmp_path):
    p = put(tmp_path / "b.yaml", (
        f"- key: E-1\n  story: {STORY}\n  children:\n    - key: S-1\n      story: {STORY}\n"
        "- key: E-2\n  summary: Search\n  acceptance_criteria: [results in 1 s]\n  children:\n    - key: S-2\n      summary: Find\n      type: Story\n"
    ))
    assert [s.id for s in stories(p)] == ["E-1", "S-1", "E-2", "S-2"]


def test_rows_count_every_object_in_document_order(tmp_path):
    p = put(tmp_path / "b.yaml", "- summary: Epic\n  stories:\n    - story: As a user, I want x so that y.\n    - 7\n")
    items = list(read_file(p))
    assert [(type(i).__name__, i.source.row if isinstance(i, Story) else i.row) for i in items] == [("Story", 2), ("InputError", 3)]
    assert items[0].id == "b:2" and "expected a story object" in items[1].message and items[1].line == 4


def test_a_nested_stories_list_of_broken_rows_names_every_row(tmp_path):
    p = put(tmp_path / "b.yaml", "- key: E-1\n  summary: Checkout\n  user_stories:\n    - 7\n    - As a user, I want x.\n")
    items = list(read_file(p))
    assert [(i.row, i.line) for i in items if isinstance(i, InputError)] == [(2, 4), (3, 5)]
    assert [i.id for i in items if isinstance(i, Story)] == []  # the epic only groups them


@pytest.mark.parametrize(
    "name, content",
    [
        ("navigation.yml", "main:\n  - title: Home\n    url: /\n  - title: About\n    url: /about/\n"),  # a site's menu
        ("schema.json", '{"title": "Config", "anyOf": [{"title": "A", "type": "object"}, {"title": "B"}]}'),  # a JSON schema
        ("_config.yml", "title: My blog\nauthors:\n  - name: Ann\n    description: writes things\n"),
        ("package.json", '{"name": "x", "contributors": [{"name": "Ann"}], "files": ["a"]}'),
    ],
)
def test_a_walked_mapping_of_lists_that_are_not_stories_is_still_skipped(tmp_path, name, content):
    assert skipped_when_walked(put(tmp_path / name, content))


def test_a_walked_list_of_epics_holding_stories_is_read(tmp_path):
    p = put(tmp_path / "epics.yaml", f"- name: Checkout\n  stories:\n    - story: {STORY}\n")
    assert [s.text for s in stories(p, walked=True)] == [STORY]
    p = put(tmp_path / "epics.jsonl", json.dumps({"name": "Checkout", "stories": [{"story": STORY}]}) + "\n")
    assert [s.text for s in stories(p, walked=True)] == [STORY]


def test_nesting_is_bounded_and_what_is_deeper_is_named(tmp_path):
    def nest(depth: int) -> dict:
        return {"summary": f"level {depth}", "story": STORY} if depth == 0 else {"summary": f"level {depth}", "children": [nest(depth - 1)]}

    p = put(tmp_path / "deep.json", json.dumps([nest(MAX_NESTING + 3)]))
    items = list(read_file(p))
    (error,) = items
    assert isinstance(error, InputError) and f"nested more than {MAX_NESTING} lists deep" in error.message and error.row
    p = put(tmp_path / "ok.json", json.dumps([nest(MAX_NESTING)]))
    (s,) = stories(p)
    assert s.text == STORY


def test_reading_nested_stories_stays_linear(tmp_path):
    def timed(n: int) -> float:
        epics = [{"key": f"E-{e}", "summary": "Epic", "stories": [{"key": f"S-{e}-{k}", "story": STORY} for k in range(20)]} for e in range(n)]
        p = put(tmp_path / f"b{n}.json", json.dumps(epics))
        t = time.perf_counter()
        assert sum(1 for _ in read_file(p)) == 20 * n
        return time.perf_counter() - t

    small, large = min(timed(25) for _ in range(3)), min(timed(200) for _ in range(3))
    assert large < small * 8 * 3  # 8 times the stories: far from quadratic


@pytest.mark.parametrize("content", [f"- &a\n  story: {STORY}\n  children: [*a]\n", "&a [*a]\n", "a: &x {b: *x}\n"])
def test_a_yaml_alias_that_holds_itself_is_an_input_error_not_a_hang(tmp_path, content):
    (e,) = read_file(put(tmp_path / "loop.yaml", content))
    assert isinstance(e, InputError) and "alias refers to a node that holds it" in e.message


# --- 2. tracker layouts -----------------------------------------------------------------


def test_jira_rest_issues_are_read_from_their_fields():
    web1, web2 = stories(FIXTURES / "jira-rest.json")
    assert (web1.id, web1.title, web1.text) == ("WEB-1", "Reports", "As a user, I want some reports so that I plan.")
    assert web1.estimate == 5  # customfield_10016, named "Story point estimate" by the export's "names"
    assert web1.labels == ["auth"]
    # fields.subtasks only names other issues of the export: WEB-3 is not read from it
    assert web2.id == "WEB-2" and web2.title is None
    assert web2.text == "As a user, I want to reset my password so that I can log in again."
    assert web2.description == "Background." and web2.acceptance_criteria == ["a reset mail is sent", "the link expires after 1 hour"]
    assert findings([web1, web2], "INV030") == [("WEB-1", "INV030", 5, 71)]


def test_jira_cloud_rich_text_is_read_as_text_and_placed_at_its_start():
    # REST API v3 gives a description in the Atlassian Document Format, not a string: the
    # story was lost ("expected text, got dict").
    (s,) = stories(FIXTURES / "jira-rest-v3.json")
    assert (s.id, s.title, s.text) == ("WEB-7", "Export", "As a user, I want to export reports so that I can share them.")
    assert s.acceptance_criteria == ["CSV is offered", "PDF is offered (A4)"] and s.description is None
    line = (FIXTURES / "jira-rest-v3.json").read_text().splitlines()[1]
    start = (2, line.index('{"type": "doc"') + 1)
    assert (s.source.text_line, s.source.text_column) == start and not s.source.exact_positions
    assert s.source.ac_positions == [start, start]


def test_a_mapping_read_as_text_in_yaml_is_placed_at_its_start(tmp_path):
    p = put(tmp_path / "a.yaml", (
        "- key: A-1\n  description:\n    type: doc\n    content:\n"
        "      - type: paragraph\n        content: [{type: text, text: 'As a user, I want some reports so that I plan.'}]\n"
    ))
    (s,) = stories(p)
    assert s.text == "As a user, I want some reports so that I plan."
    assert findings([s], "INV030") == [("A-1", "INV030", 3, 5)]


def test_a_plain_list_of_jira_issues_and_a_walked_one(tmp_path):
    p = put(tmp_path / "issues.json", json.dumps([{"id": "1", "key": "WEB-9", "fields": {"summary": "Login", "description": STORY}}]))
    (s,) = stories(p, walked=True)
    assert (s.id, s.title, s.text) == ("WEB-9", "Login", STORY)


def test_azure_devops_work_items_with_html():
    export, imported = stories(FIXTURES / "ado.json")
    assert (export.id, export.title, export.estimate, export.labels) == ("12", "Export", 3, ["reports", "export"])
    assert export.text == "As a user, I want to export reports so that I can share them."
    assert export.acceptance_criteria == ["CSV is offered", "PDF & XLSX are offered"]
    assert imported.text == "As a user, I want to import reports so that I keep my history."
    assert imported.acceptance_criteria == ["CSV is read", "errors are listed"]
    assert imported.description is None
    # HTML: findings are placed at the value's start, on its own line (never a wrong line)
    lines = (FIXTURES / "ado.json").read_text().splitlines()
    for s, key in ((export, "System.Description"), (imported, "System.Description")):
        assert f'"{key}": "<' in lines[s.source.text_line - 1] and not s.source.exact_positions
    assert export.source.ac_positions[0][0] == 5 and imported.source.ac_positions[0][0] == 9


def test_dotted_and_bracketed_tracker_names():
    (s,) = stories(FIXTURES / "flat-ado.yaml")
    assert (s.id, s.title, s.estimate, s.labels) == ("21", "Archive", 2, ["admin", "projects"])
    assert s.acceptance_criteria == ["archived projects are hidden", "they can be restored"]
    assert s.source.ac_positions == [(5, 7), (6, 7)]
    (s,) = stories(FIXTURES / "jira-csv.json")
    assert (s.id, s.estimate, s.acceptance_criteria) == ("CSV-1", 3, ["card is charged once", "refunds are shown"])


def test_a_walked_file_of_dotted_tracker_names_is_read(tmp_path):
    p = put(tmp_path / "wi.json", json.dumps([{"System.Id": 1, "System.Title": "Export", "System.WorkItemType": "User Story"}]))
    (s,) = stories(p, walked=True)
    assert (s.id, s.title) == ("1", "Export")


@pytest.mark.parametrize(
    "name, content, line, column",
    [
        ("t.yaml", "- key: T-1\n  summary: As a user, I want some reports so that I plan.\n  description: Sales asked for it.\n", 2, 30),
        ("t.json", '[{"key": "T-1",\n  "summary": "As a user, I want some reports so that I plan.",\n  "description": "Sales asked for it."}]', 2, 33),
    ],
)
def test_the_story_only_in_the_summary_is_the_story_text(work, name, content, line, column):
    put(work / name, content)
    (s,) = stories(work / name)
    assert (s.text, s.title, s.description) == ("As a user, I want some reports so that I plan.", None, "Sales asked for it.")
    assert findings([s], "INV030") == [("T-1", "INV030", line, column)]


def test_a_summary_that_is_no_story_stays_the_title(tmp_path):
    (s,) = stories(put(tmp_path / "t.yaml", "- key: T-1\n  summary: Reports\n  description: Sales asked for it.\n"))
    assert (s.text, s.title) == ("", "Reports")


# --- 3. acceptance criteria inside a description or the story text ----------------------


@pytest.mark.parametrize(
    "description",
    [
        "Some background.\n\nAcceptance criteria:\n- card is charged once\n- refunds are shown",
        "Some background.\n\n## Acceptance criteria\n- card is charged once\n- refunds are shown",
        "Some background.\n\n**Acceptance criteria:**\n1. card is charged once\n2. refunds are shown",
        "Some background.\nh3. Acceptance Criteria\n* card is charged once\n# refunds are shown",
        "Some background.\n\nAC:\n- [ ] card is charged once\n- [x] refunds are shown",
        "<p>Some background.</p><h3>Acceptance criteria</h3><ul><li>card is charged once</li><li>refunds are shown</li></ul>",
    ],
    ids=["plain", "markdown-heading", "bold", "jira-wiki", "ac-checklist", "html"],
)
def test_criteria_in_a_description_are_the_criteria(tmp_path, description):
    p = put(tmp_path / "d.json", json.dumps([{"key": "D-1", "story": STORY, "description": description}]))
    (s,) = stories(p)
    assert s.acceptance_criteria == ["card is charged once", "refunds are shown"]
    assert s.description == "Some background." and s.text == STORY
    assert "INV050" not in {code for _, code, _, _ in findings([s], "ALL")}
    if "<" not in description:  # each criterion where it is written
        line = p.read_text()
        for item, (ln, col) in zip(s.acceptance_criteria, s.source.ac_positions):
            assert ln == 1 and line[col - 1 :].startswith(item)


def test_a_separate_criteria_field_wins_and_the_description_is_left_alone(tmp_path):
    description = "Background.\n\nAcceptance criteria:\n- old criterion"
    p = put(tmp_path / "d.yaml", json.dumps([{"story": STORY, "ac": ["card is charged once"], "description": description}]))
    (s,) = stories(p)
    assert s.acceptance_criteria == ["card is charged once"] and s.description == description


def test_criteria_in_the_story_text_leave_the_sentence_alone():
    ac1, ac2, ac3 = stories(FIXTURES / "criteria-in-description.yaml")
    assert ac1.description == "Some background."
    for s in (ac1, ac2, ac3):
        assert (s.text, s.acceptance_criteria) == (STORY, ["card is charged once", "refunds are shown"])
    assert ac3.description == "## Notes\nAsk finance."  # what follows the criteria is kept
    codes = {code for _, code, _, _ in findings([ac1, ac2, ac3], "ALL")}
    assert not codes & {"US021", "US025", "INV050"}, codes
    # each criterion where it is written: in a quoted string (escapes) and in a block
    assert ac1.source.ac_positions == [(3, 61), (3, 85)]
    assert ac2.source.ac_positions == [(9, 7), (10, 7)] and ac3.source.ac_positions == [(17, 11), (18, 11)]
    assert (ac3.source.text_line, ac3.source.text_column) == (14, 5)


def test_a_finding_in_a_criterion_split_off_a_description_lands_on_its_word(tmp_path):
    p = put(tmp_path / "d.yaml", f"- key: D-1\n  story: {STORY}\n  description: |\n    Background.\n\n    Acceptance criteria:\n    - it works correctly\n")
    assert findings(read_file(p), "INV051") == [("D-1", "INV051", 7, 10)]


def test_gherkin_lines_under_the_heading_are_one_criterion_each(tmp_path):
    text = f"{STORY}\n\nAcceptance criteria:\nGiven a saved card\nWhen I pay\nThen the card is charged once"
    (s,) = stories(put(tmp_path / "g.json", json.dumps([{"story": text}])))
    assert s.text == STORY and s.acceptance_criteria == ["Given a saved card", "When I pay", "Then the card is charged once"]


# --- 4. keys the reader does not know ----------------------------------------------------


def test_an_item_with_no_story_text_or_title_names_its_keys(work):
    put(work / "w.json", '[{"System.Foo": "x", "Bar": 2, "id": 7}]')
    (e,) = read_file(work / "w.json")
    assert isinstance(e, InputError) and e.row == 1 and e.line == 1
    assert "no story text or title; keys: System.Foo, Bar, id" in e.message and "not known: System.Foo, Bar" in e.message
    r = run("lint", "w.json")
    assert r.exit_code == 2 and "keys: System.Foo, Bar" in r.stderr


def test_an_item_with_only_known_keys_is_still_an_empty_story(tmp_path):
    (s,) = stories(put(tmp_path / "a.yaml", "- id: Z\n  estimate: 3\n"))
    assert s.id == "Z" and s.text == ""


# --- lists of other things inside a story (a regression audit) ---------------------------


def test_lists_of_links_comments_and_attachments_in_a_story_are_not_stories(tmp_path):
    p = put(tmp_path / "s.yaml", (
        f"- key: S-1\n  story: {STORY}\n"
        "  links:\n    - title: Payment spec\n      url: https://example.com/spec\n    - title: Figma\n      url: https://figma.com/x\n"
        "  comments:\n    - author: bob\n      body: As a shopper I would also like PayPal.\n"
        "  attachments:\n    - name: mock.png\n      description: the checkout mock\n"
        "  related:\n    - {title: Refunds, id: 7}\n    - {name: Cards, url: /cards}\n"
    ))
    assert [s.id for s in stories(p)] == ["S-1"]


def test_github_sub_issues_with_titles_only_are_not_stories(tmp_path):
    p = put(tmp_path / "gh.json", json.dumps([{
        "number": 12, "title": "As a user, I want to export reports so that I can share them.", "body": "Details.",
        "sub_issues": [{"number": 13, "title": "Write the CSV writer", "body": "Tech task"}, {"number": 14, "title": "Add the button"}],
    }]))
    assert [s.id for s in stories(p)] == ["gh:1"]
    r = run("lint", str(p), "--format", "jsonl")
    assert r.exit_code == 0, r.stdout


@pytest.mark.parametrize(
    "item",
    [
        {"title": "Write", "story": "As a dev, I want some reports so that I plan."},
        {"title": "Write", "acceptance_criteria": ["file is written"]},
        {"title": "Write", "type": "Story"},
        {"title": "As a dev, I want some reports so that I plan."},
    ],
    ids=["story-text", "criteria", "type", "reads-as-story"],
)
def test_a_nested_list_of_items_that_are_stories_is_read_at_each_items_place(tmp_path, item):
    p = put(tmp_path / "n.json", '[{"key": "P-1", "story": "%s",\n  "sub_issues": [%s, %s]}]' % (STORY, json.dumps({"key": "C-1", **item}), json.dumps({"key": "C-2", **item})))
    got = stories(p)
    assert [s.id for s in got] == ["P-1", "C-1", "C-2"]
    line = p.read_text().splitlines()[1]
    assert [s.source.line for s in got[1:]] == [2, 2]
    assert [line[s.source.column - 1 :][:12] for s in got[1:]] == ['{"key": "C-1', '{"key": "C-2']


def test_a_list_that_says_it_holds_stories_is_read_whatever_its_items(tmp_path):
    p = put(tmp_path / "e.yaml", "- key: E-1\n  summary: Checkout\n  user_stories:\n    - key: S-1\n      summary: Pay by card\n")
    assert [s.id for s in stories(p)] == ["S-1"]


def test_children_with_titles_only_are_not_stories_but_their_parent_is_read(tmp_path):
    p = put(tmp_path / "e.yaml", f"- key: S-1\n  story: {STORY}\n  children:\n    - title: Design\n    - title: Build\n")
    assert [s.id for s in stories(p)] == ["S-1"]


@pytest.mark.parametrize(
    "title",
    [
        "As a result of the audit, we need logging",
        "As a rule, we need to log every request",
        "As soon as possible we need logs",
        "As part of the audit, I want logs",
        "As per the audit, we need logging",
        "As an admin, logs",  # a role, no wish
    ],
)
def test_a_title_that_is_prose_starting_as_stays_the_title(tmp_path, title):
    (s,) = stories(put(tmp_path / "t.yaml", f"- key: T-1\n  title: {title}\n  description: Add logs everywhere.\n"))
    assert (s.text, s.title) == ("", title)


def test_a_title_with_a_role_and_a_wish_is_the_story_text(tmp_path):
    (s,) = stories(put(tmp_path / "t.yaml", "- key: T-1\n  summary: As an admin I want logs\n"))
    assert (s.text, s.title) == ("As an admin I want logs", None)


@pytest.mark.parametrize("doc", [{"type": "doc", "version": 1}, {"type": "doc", "version": 1, "content": []}, {"type": "doc", "content": [{"type": "paragraph"}]}])
def test_an_empty_jira_document_is_an_empty_description(tmp_path, doc):
    p = put(tmp_path / "j.json", json.dumps([{"key": "W-7", "fields": {"summary": "As a user, I want x so that z.", "description": doc}}]))
    (s,) = stories(p)
    assert (s.id, s.text, s.description) == ("W-7", "As a user, I want x so that z.", None)


@pytest.mark.parametrize("name, content", [
    ("d.json", '[{"key": "D-1", "story": "%s",\n  "description": {"html": "<p>x</p>"}}]' % STORY),
    ("d.yaml", f"- key: D-1\n  description: [a, b]\n  story: {STORY}\n"),
    ("d.json", '[{"key": "D-1", "story": "%s",\n  "description": true}]' % STORY),
])
def test_a_bad_description_is_reported_and_the_story_still_linted(tmp_path, name, content):
    items = list(read_file(put(tmp_path / name, content)))
    assert [type(i).__name__ for i in items] == ["Story", "InputError"]
    story, error = items
    assert (story.id, story.text, story.description) == ("D-1", STORY, None)
    assert (error.field, error.line, error.row) == ("description", 2, 1) and "expected text" in error.message


def test_one_numeric_dependency_or_label_is_read_as_a_list_of_one(tmp_path):
    # Azure DevOps ids are numbers: "depends_on: 42" is one dependency, not an input error;
    # a number where the acceptance criteria belong still is one.
    y = put(tmp_path / "b.yaml", f"- id: A-1\n  text: {STORY}\n  depends_on: 42\n  labels: 7\n")
    j = put(tmp_path / "b.json", json.dumps([{"id": "A-2", "text": STORY, "depends_on": 43}, {"id": 44, "text": STORY}]))
    assert [(s.depends_on, s.labels) for s in stories(y) + stories(j)] == [(["42"], ["7"]), (["43"], []), ([], [])]
    bad = list(read_file(put(tmp_path / "c.yaml", f"- id: A-3\n  text: {STORY}\n  acceptance_criteria: 7\n")))
    assert isinstance(bad[1], InputError) and "acceptance_criteria" in str(bad[1])  # (the story A-3 is still linted)
    found = review(stories(j), Config(select=["US043"])).reports[0].findings
    assert [f.message for f in found] == ["Refers to '43', which is not a story in this backlog."]


def test_a_judged_list_is_remembered_by_identity_not_by_an_address_another_list_can_reuse():
    # (code review) the memo was keyed by id() alone: in a JSONL file a row's lists are freed
    # after the row, a later row's list could take the address of an epic's "stories" list and
    # be walked as stories ("row 1543: expected a story object (mapping), got str")
    from storylint.readers.structured_shapes import _holds_stories

    memo: dict = {}
    labels = ["urgent", "ui"]
    memo[(id(labels), False)] = ([{"text": "As a user, I want x."}], True)  # a freed list's verdict
    assert _holds_stories(labels, False, memo) is False
    stories = [{"id": "S-1", "text": "As a user, I want x so that y."}]
    assert _holds_stories(stories, False, memo) is True and memo[(id(stories), False)][0] is stories
