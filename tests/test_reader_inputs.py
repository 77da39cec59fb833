"""Reader inputs from a user audit: estimates that are not story points (t-shirt sizes, values
that are no size at all), and values the parsers read but Python cannot hold."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from storylint.cli import app
from storylint.config import Config
from storylint.models import Story
from storylint.readers import read_file
from storylint.readers.structured import estimate_value
from storylint.runner import lint_paths

STORY = "As a user, I want to export reports so that I can share them."


def run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def work(tmp_path, monkeypatch):
    """An empty project directory as cwd, so no config is discovered from the repository."""
    (tmp_path / "storylint.toml").write_text("")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def put(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- 2. estimates that are not story points ----------------------------------------------

SIZES = ["XS", "s", "M", "l", "XL", "xxl", "XXS", "XXXL", " M "]


@pytest.mark.parametrize("size", SIZES)
def test_a_t_shirt_size_is_a_size_without_points(size):
    assert estimate_value(size) is None


@pytest.mark.parametrize(
    "value, message",
    [
        ("lots", "not a number"),
        ("XXXXL", "not a number"),
        ("?", "not a number"),
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


@pytest.mark.parametrize("value, points", [(3, 3.0), ("5", 5.0), (0.5, 0.5), ("13 ", 13.0), (0, 0.0)])
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
