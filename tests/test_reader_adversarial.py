"""Untrusted input: a hostile file is an input error naming the file (exit 2), the other files
are still linted; never a crash, a hang or a huge allocation. Behaviour only, never timing."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import yaml

from storylint.models import InputError, Story
from storylint.readers import markdown, structured
from storylint.readers.structured_limits import MAX_YAML_DEPTH, TOO_DEEP, yaml_expanded_size, yaml_too_deep

CLEAN = "As a shopper, I want to save items to a wishlist so that I can buy them later.\n"


@pytest.fixture
def work(tmp_path, monkeypatch):
    (tmp_path / "storylint.toml").write_text("")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ok.txt").write_text(CLEAN, encoding="utf-8")
    return tmp_path


def lint(*args: str) -> subprocess.CompletedProcess:
    """The CLI in its own process: a regression that crashes the interpreter must fail the test,
    not kill the test run."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "STORYLINT_DEBUG")}
    return subprocess.run(
        [sys.executable, "-m", "storylint", "lint", *args, "--format", "jsonl"], capture_output=True, text=True, env=env, timeout=300
    )


def ids(r: subprocess.CompletedProcess) -> set[str]:
    return {json.loads(line)["id"] for line in r.stdout.splitlines()}


def errors(path: str, text: str) -> list[InputError]:
    return [x for x in structured.read(path, text) if isinstance(x, InputError)]


# --- 1. deeply nested YAML (libyaml overflowed the C stack: exit 139) -----------------------


@pytest.mark.parametrize(
    "text",
    [
        "[" * 25_000 + "]" * 25_000 + "\n",
        "{a: " * 25_000 + "}" * 25_000 + "\n",
        "- " * 30_000 + "\n",
        "- " * 30_000 + "x\n",
        "- &a " * 30_000 + "x\n",
        "stories:\n  - text: x\n    ac: " + "[" * 25_000 + "\n",  # unclosed, deep inside a story
    ],
    ids=["brackets", "braces", "dashes", "dashes-value", "dashes-anchors", "unclosed"],
)
def test_deeply_nested_yaml_is_an_input_error_naming_the_file(work, text):
    (work / "d.yaml").write_text(text, encoding="utf-8")
    r = lint("ok.txt", "d.yaml")
    assert r.returncode == 2, r.stderr
    assert f"d.yaml: invalid YAML: {TOO_DEEP}" in r.stderr and "internal error" not in r.stderr
    assert ids(r) == {"ok:1"}  # the other file is still linted


def test_depth_check_leaves_normal_yaml_alone():
    normal = (
        "# storylint: disable=INV050 -- why\n"
        "stories:\n"
        "  - id: A-1\n"
        "    text: 'As a user [admin], I want {x} so that y'\n"
        "    ac:\n"
        "      - Given [a] - b\n"
        "      - 'nested: [[1, 2], {a: [3]}]'\n"
        "    labels: [a, b]\n"
        "    notes: |\n"
        "      - - a list in a block scalar\n"
        "      " + " " * 100 + "indented\n"
    )
    assert not yaml_too_deep(normal)
    assert not yaml_too_deep("[" * MAX_YAML_DEPTH + "]" * MAX_YAML_DEPTH)
    assert yaml_too_deep("[" * (MAX_YAML_DEPTH + 1))
    assert not yaml_too_deep("[]" * 100_000)  # many brackets, never deep
    assert not yaml_too_deep("- " * 200 + "x")
    assert not yaml_too_deep(" " * 5_000 + "\n")  # a blank line of spaces is no nesting
    assert yaml_too_deep(" " * 5_000 + "x\n")
    assert [type(x) for x in structured.read("s.yaml", normal)] == [Story]


# --- 4. alias bombs ---------------------------------------------------------------------------


def _bomb(stories: int = 2_000, items: int = 200) -> str:
    lines = ["base: &b"] + [f'  - "{"x" * 20}"' for _ in range(items)] + ["stories:"]
    lines += ["  - {text: 'As a user, I want x so that y', ac: *b}"] * stories
    return "\n".join(lines) + "\n"


def test_a_yaml_alias_bomb_is_an_input_error_and_other_files_are_still_linted(work):
    (work / "bomb.yaml").write_text(_bomb(), encoding="utf-8")
    r = lint("ok.txt", "bomb.yaml")
    assert r.returncode == 2, r.stderr
    assert "bomb.yaml: YAML aliases expand to" in r.stderr and "internal error" not in r.stderr
    assert ids(r) == {"ok:1"}


def test_nested_aliases_are_counted_per_reference_without_expanding():
    # a billion-laughs chain: 10 levels of 10 references each
    text = 'a0: &a0 ["lol"]\n' + "".join(f"a{k}: &a{k} [{', '.join([f'*a{k - 1}'] * 10)}]\n" for k in range(1, 10))
    text += "stories: [*a9]\n"
    errs = errors("laughs.yaml", text)
    assert len(errs) == 1 and errs[0].path == "laughs.yaml" and errs[0].message.startswith("YAML aliases expand to ")
    node = yaml.compose("a: &x [ab, cd]\nb: *x\nc: *x\n", Loader=yaml.SafeLoader)
    # mapping + 3 keys + the list counted 3 times (list + 2 scalars of 2)
    assert yaml_expanded_size(node, yaml) == 1 + 3 * 2 + 3 * (1 + 3 + 3)


def test_normal_anchors_and_aliases_still_work():
    text = (
        "common: &ac\n  - Given a user\n  - Then it works\n"
        "stories:\n"
        "  - {id: A, text: 'As a user, I want to log in so that I see my data', acceptance_criteria: *ac}\n"
        "  - {id: B, text: 'As a user, I want to log out so that I am safe', acceptance_criteria: *ac}\n"
    )
    out = list(structured.read("s.yaml", text))
    assert [s.id for s in out if isinstance(s, Story)] == ["A", "B"]
    assert all(s.acceptance_criteria == ["Given a user", "Then it works"] for s in out)
    assert len(errors("small.yaml", _bomb(stories=20, items=20))) == 0  # small files keep room


# --- 2. Markdown front matter Python cannot hold ----------------------------------------------


@pytest.mark.parametrize(
    "front",
    ["a: 2023-02-30", "a: " + "9" * 5_000, "a: " + "[" * 1_000, "a: " + "[" * 30_000, "- " * 30_000, "a: !!python/object x"],
    ids=["bad-date", "huge-int", "recursion", "deep", "deep-dashes", "unknown-tag"],
)
def test_bad_front_matter_does_not_abort_the_run(work, front):
    (work / "f.md").write_text(f"---\n{front}\n---\n\nAs a user, I want to export reports so that I can share them.\n", encoding="utf-8")
    r = lint("ok.txt", "f.md")
    assert "internal error" not in r.stderr and "Traceback" not in r.stderr
    assert r.returncode in (0, 1), r.stderr
    # both files linted (f.md's story has no criteria: INV050); a block that is not front matter
    # is read as Markdown, and may add a section (f:2)
    assert "ok:1" in ids(r) and any(i == "f" or i.startswith("f:") for i in ids(r))


def test_front_matter_with_a_value_python_cannot_hold_is_still_front_matter():
    text = "---\ntitle: x\ndate: 2023-02-30\n---\n\nAs a user, I want to export reports so that I can share them.\n"
    (story,) = markdown.read("f.md", text)
    assert story.text == "As a user, I want to export reports so that I can share them."
    assert story.source.text_line == 6
    assert story.description is None  # the front matter is not read as the story's description


# --- 3. Markdown headings: no catastrophic backtracking ---------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "# As a user, I want x so that y\n\n## Acceptance criteria" + " " * 2_000 + "x\n\n- a\n",
        "# As a user, I want x so that y\n\nAC" + " " * 2_000 + "x\n\n- a\n",
        "# As a user, I want x so that y\n\n## Story" + " " * 2_000 + "x\n\n- a\n",
        "# As a user, I want x so that y\n\n## Notes" + " " * 2_000 + "x\n\n- a\n",
        "# As a user, I want x so that y\n\n## **Acceptance criteria" + " :" * 1_000 + "x\n\n- a\n",
    ],
    ids=["ac-heading", "ac-paragraph", "story-heading", "notes-heading", "colons"],
)
def test_long_blank_runs_in_headings_are_read(text):
    out = list(markdown.read("a.md", text))
    # (read at all: the regexes were cubic; a heading with a word after the blanks is not a part's
    # name, so its section may be a story of its own)
    assert out and all(isinstance(o, Story) for o in out) and "As a user" in f"{out[0].title} {out[0].text}"


@pytest.mark.parametrize(
    "heading",
    [
        "Acceptance criteria",
        "**Acceptance criteria:**",
        "Acceptance Criteria :",
        "AC:",
        "**AC**:",
        "Definition of done",
        "Acceptance tests",
    ],
)
def test_criteria_headings_are_still_recognised(heading):
    assert markdown.AC_HEADING_RE.match(heading)
    text = f"# As a user, I want to export reports so that I can share them\n\n## {heading}\n\n- it exports\n- it shares\n"
    (story,) = markdown.read("a.md", text)
    assert story.acceptance_criteria == ["it exports", "it shares"]


@pytest.mark.parametrize("heading", ["Acceptance criteria x", "ACME", "Acceptance"])
def test_other_headings_are_not_criteria(heading):
    assert not markdown.AC_HEADING_RE.match(heading)


def test_story_and_notes_headings_are_still_recognised():
    for h in ("Story", "User story:", "**The user story**", "Description :"):
        assert markdown.STORY_PART_RE.match(h), h
    for h in ("Notes:", "## Notes", "**Technical notes**", "Out of scope :"):
        assert markdown.NOTES_RE.match(h.lstrip("# ")), h
    for h in ("Storyline", "Notes on x"):
        assert not markdown.STORY_PART_RE.match(h) and not markdown.NOTES_RE.match(h)
