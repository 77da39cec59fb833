"""Untrusted story text: pathological inputs give the same findings a linear scan gives and
stay bounded. (No timing here - bench/ measures speed; these inputs took seconds to minutes
before their regexes and exception checks were made linear, and now run in milliseconds.)"""

from __future__ import annotations

import re

from storylint.config import Config
from storylint.engine import MAX_FINDINGS_PER_RULE, review
from storylint.kinds import covered, exception_spans
from storylint.models import Story


def codes(text: str, **config) -> list[str]:
    return [f.code for r in review([Story(id="x", text=text)], Config(**config)).reports for f in r.findings]


def test_exception_spans_answer_as_a_scan_of_every_exception_match():
    exc = re.compile(r"ab|b+c|x{2,}", re.I)
    text = "ab bbc xxx abbc a b c xx" * 3
    spans = exception_spans(exc, text)
    for start in range(len(text)):
        for end in range(start, min(len(text), start + 6) + 1):
            slow = any(m.start() <= start and m.end() >= end for m in exc.finditer(text))
            assert covered(spans, start, end) == slow, (start, end)


def test_runs_of_excepted_words_and_symbols_are_judged_as_before():
    assert "US006" not in codes("1 " * 8000, select=["US006"])  # every "1 1" is excepted
    assert codes("As a user, I want C# " * 400 + "so that I can code.", select=["US026"]) == []
    assert codes("As a user, I want to email a@b.com so that I get help.", select=["US026"]) == []
    assert codes("@" * 3000, select=["US026"]) == ["US026"]
    assert codes("*" * 50000, select=["US026"]) == ["US026"]


def test_long_hyphen_and_clause_runs_still_give_their_findings():
    assert codes("See (#1) " + "a-" * 20000, select=["INV002"]) == ["INV002"]
    assert "US009" in codes("As a Nurse, I review lab results, I notify physicians when values are critical.", select=["US009"])
    assert codes("a, I zz. " + "I " * 8000, select=["US009"]) == []


def test_set_level_findings_are_capped_per_story_like_story_rules():
    refs = " ".join(f"AB-{n}" for n in range(10_000, 10_400))
    stories = [Story(id="AB-1", text=f"As a user, I want x so that y. Depends on {refs}."), Story(id="AB-2", text="As a user, I want z.")]
    report = review(stories, Config(select=["US043"]))
    assert len(report.reports[0].findings) == MAX_FINDINGS_PER_RULE
