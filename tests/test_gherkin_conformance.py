"""Cucumber's own conformance files: good ones parse cleanly, bad ones give exactly the parser's
errors (message, line, column), through the real reader and engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storylint.config import Config
from storylint.engine import review
from storylint.models import Story
from storylint.readers import read_file

DATA = Path(__file__).parent / "gherkin"
GOOD = sorted(p for p in (DATA / "good").iterdir() if p.name.endswith((".feature", ".feature.md")))
BAD = sorted((DATA / "bad").glob("*.feature"))
PREFIX = "Gherkin parse error: "


def _findings(path: Path):
    items = list(read_file(path))
    stories = [s for s in items if isinstance(s, Story)]
    assert len(stories) == 1, items
    report = review(stories, Config(select=["GHK001"]))
    return [f for r in report.reports for f in r.findings]


def test_the_corpus_is_complete():
    assert len(GOOD) == 55
    assert len(BAD) == 12


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.name)
def test_good_files_have_no_parse_errors(path):
    assert _findings(path) == []


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_bad_files_give_exactly_the_expected_errors(path):
    expected = []
    for line in (path.parent / (path.name + ".errors.ndjson")).read_text(encoding="utf-8").splitlines():
        err = json.loads(line)["parseError"]
        loc = err["source"]["location"]
        expected.append((err["message"], loc["line"], loc.get("column")))
    got = []
    for f in _findings(path):
        assert f.code == "GHK001" and f.name == "gherkin-parse-error" and f.severity == "error"
        assert f.message.startswith(PREFIX)
        got.append((f"({f.line}:{f.column or 0}): {f.message[len(PREFIX):]}", f.line, f.column))
    assert got == expected


def test_one_bad_file_does_not_stop_the_others():
    stories = [s for p in (BAD[0], GOOD[0], BAD[1]) for s in read_file(p)]
    report = review(stories, Config(select=["GHK001"]))
    counts = [len(r.findings) for r in report.reports]
    assert counts[0] >= 1 and counts[1] == 0 and counts[2] >= 1


def _table_lines():
    from gherkin.gherkin_line import GherkinLine

    rows = ["|a|b|", "  | a |  b  |", "|\t a\u00a0| b |c", "||x||", "| é | ü|", "|a\\|b|c\\\\|\\n|", "|  |", "|"]
    for path in list(GOOD) + BAD:
        for i, text in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
            if text.lstrip().startswith("|"):
                rows.append(text)
    return [GherkinLine(r, 1) for r in rows]


def test_fast_table_split_matches_the_official_one():
    from storylint.gherkin.parse import _table_cells

    lines = _table_lines()
    assert len(lines) > 800
    for line in lines:
        assert _table_cells(line) == line.table_cells, line._line_text


@pytest.mark.parametrize("path", [p for p in GOOD if p.suffix == ".feature"], ids=lambda p: p.name)
def test_faster_matcher_and_builder_give_the_official_ast(path):
    from gherkin.ast_builder import AstBuilder
    from gherkin.parser import Parser
    from gherkin.stream.id_generator import IdGenerator
    from gherkin.token_matcher import TokenMatcher

    from storylint.gherkin.parse import parse_text

    text = path.read_text(encoding="utf-8")
    official = Parser(AstBuilder(IdGenerator())).parse(text, TokenMatcher())
    ours, errors = parse_text(text)
    assert errors == [] and ours == official
