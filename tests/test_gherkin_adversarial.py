"""Untrusted Gherkin text: the step-word exceptions, the outline-variable search and the duplicate-name
rules stay linear (no input may hang the linter or blow its memory), with the same findings on normal
input. No timings here: the adversarial inputs are sized so the old quadratic code was slow but these
tests still finish quickly; what they assert is the result."""

from __future__ import annotations

import random
import re

import pytest
import yaml

from storylint.config import Config
from storylint.engine import review
from storylint.gherkin.checks import _VAR_RE
from storylint.kinds import covered, exception_spans
from storylint.gherkin.setchecks import _listing
from storylint.models import Source, Story
from storylint.registry import rules_dir


def lint(gherkin: str, select, path="x.feature"):
    s = Story(id="s", gherkin=gherkin, source=Source(path=path, line=1))
    report = review([s], Config(select=list(select)))
    return [(f.code, f.line, f.message) for r in report.reports for f in r.findings]


def feature(*steps: str) -> str:
    return "Feature: f\n  Scenario: s\n" + "".join(f"    {s}\n" for s in steps)


# --- the exceptions of GHK043 / GHK044 / GHK047 -------------------------------------------------


@pytest.mark.parametrize(
    "step, code, flagged",
    [
        ("When I click the login button", "GHK043", True),
        ("Then she sees 3 buttons", "GHK043", False),
        ("Then she sees 1,000 pages", "GHK043", False),
        ("Then she sees 2 blue save buttons", "GHK043", False),
        ("Then a row is added to the users table", "GHK044", True),
        ("Then the export has 1,024 rows", "GHK044", False),
        ("Then the export has 12 more rows", "GHK044", False),
        ("Then it works", "GHK047", True),
        ('Then it shows "works"', "GHK047", False),
        ("Then it shows <works>", "GHK047", False),
        ("Then it shows <result> and works", "GHK047", True),
    ],
)
def test_the_exceptions_keep_their_meaning(step, code, flagged):
    found = lint(feature("Given a", "When b", step) if not step.startswith("When") else feature("Given a", step, "Then c"), [code])
    assert bool(found) is flagged, found


def test_numbers_before_a_ui_word_on_a_long_run_of_digits_and_commas():
    # A run of "1," (quadratic with '\b\d[\d,.]*'): the click is still flagged, and it finishes.
    found = lint(feature("Given a", "When b", "Then click " + "1," * 10_000), ["GHK043"])
    assert [f[0] for f in found] == ["GHK043"]
    found = lint(feature("Given a", "When b", "Then click " + "1," * 10_000 + " 2 buttons"), ["GHK043"])
    assert [f[0] for f in found] == ["GHK043"]  # 'click' is not covered by the exception


def test_a_long_run_of_open_angles_finishes_and_is_flagged():
    found = lint(feature("Given a", "When b", "Then it works " + "<" * 20_000), ["GHK047"])
    assert [f[0] for f in found] == ["GHK047"]


@pytest.mark.parametrize(
    "code, step",
    [
        ("GHK043", "Then " + "2 x y buttons " * 1_500),
        ("GHK044", "Then " + "data table " * 2_000),
        ("GHK047", "Then " + '"works" ' * 2_500),
    ],
)
def test_many_excepted_matches_in_one_step_finish_with_no_finding(code, step):
    # Every candidate is inside an exception (the exception spans are found once per step).
    assert lint(feature("Given a", "When b", step), [code]) == []


def _exceptions(code: str) -> list[str]:
    (path,) = (rules_dir() / "gherkin").glob(f"{code}-*.yml")
    return yaml.safe_load(path.read_text())["exceptions"]


def test_exception_patterns_are_the_anchored_ones():
    for code in ("GHK043", "GHK044"):
        assert _exceptions(code)[0].startswith(r"(?<!\w)(?<!\d[,.])\d[\d,.]*"), code
    assert r"<[^<>\n]*>" in _exceptions("GHK047")


def test_the_anchored_number_exception_matches_like_the_old_one_on_normal_text():
    old = re.compile(r"\b\d[\d,.]*\s+(?:[a-z]+\s+){0,2}(?:pages?|buttons?|fields?|links?|screens?|tabs?)\b", re.I)
    new = re.compile(r"(?<!\w)(?<!\d[,.])\d[\d,.]*\s+(?:[a-z]+\s+){0,2}(?:pages?|buttons?|fields?|links?|screens?|tabs?)\b", re.I)
    for text in (
        "I see 3 buttons",
        "1,000 pages and 2.5 tabs",
        "see 12 red save buttons, then 4 fields",
        "version 1.2.3 links",
        "(2 tabs) [3 screens]",
        "no numbers here",
    ):
        assert [m.span() for m in new.finditer(text)] == [m.span() for m in old.finditer(text)], text


def test_covered_agrees_with_the_scan_it_replaces():
    rng = random.Random(7)
    exc = re.compile(r'(?:"[^"]*")|(?:<[^<>\n]*>)|(?:\bx*)', re.I)
    for _ in range(300):
        text = "".join(rng.choice('ab x"<> ') for _ in range(rng.randint(0, 30)))
        spans = exception_spans(exc, text)
        for start in range(len(text) + 1):
            for end in range(start, len(text) + 1):
                want = any(e.start() <= start and e.end() >= end for e in exc.finditer(text))
                assert covered(spans, start, end) is want, (text, start, end)


# --- outline variables (GHK011) -------------------------------------------------------------------


def _outline(step: str, header: str = "a") -> str:
    return f"Feature: f\n  Scenario Outline: s\n    Given {step}\n    Then x\n\n    Examples:\n      | {header} |\n      | 1 |\n"


def test_placeholders_cannot_contain_angle_brackets():
    assert [m.group(1) for m in _VAR_RE.finditer("<a> and <b c> <x <y> >z<")] == ["a", "b c", "y"]
    assert lint(_outline("<a> is set"), ["GHK011"]) == []
    found = lint(_outline("<b <a>"), ["GHK011"])
    assert found == []  # '<b' is text, '<a>' the variable


def test_a_long_run_of_unclosed_placeholders_finishes():
    found = lint(_outline("<a" * 20_000), ["GHK011"])
    assert [f[0] for f in found] == ["GHK011"]
    assert "'<a>'" in found[0][2] and "not used" in found[0][2]


# --- duplicate names (GHK006 / GHK007): the output grows linearly ----------------------------------


def _stories(n: int, text: str):
    return [Story(id=f"s{i}", gherkin=text, source=Source(path=f"f{i}.feature", line=1)) for i in range(n)]


def _findings(stories, code):
    report = review(stories, Config(select=[code]))
    return [f for r in report.reports for f in r.findings if f.code == code]


@pytest.mark.parametrize("code", ["GHK006", "GHK007"])
def test_five_thousand_copies_name_a_few_and_relate_at_most_twenty(code):
    stories = _stories(5_000, "Feature: same\n  Scenario: same\n    Given x\n")
    found = _findings(stories, code)
    assert found
    for f in found:
        assert len(f.related) <= 20
        assert f.message.endswith(" and 4,994 more"), f.message
        assert f.message.count(".feature") == 5
    first = next(f for f in found if f.line in (1, 2) and "f1.feature" in f.message)
    assert first.message.split(": ", 1)[1].startswith("f")


def test_five_thousand_scenarios_of_one_feature():
    found = lint("Feature: f\n" + "  Scenario: s\n" * 5_000, ["GHK007"])
    assert found
    assert all(msg.endswith(" and 4,994 more") and msg.count("x.feature:") == 5 for _c, _l, msg in found)
    assert found[0][2] == "Scenario name 's' is also used in: x.feature:3, x.feature:4, x.feature:5, x.feature:6, x.feature:7 and 4,994 more"


def test_small_groups_keep_their_full_message():
    stories = _stories(3, "Feature: same\n  Scenario: other\n    Given x\n")
    found = _findings(stories, "GHK006")
    assert sorted(f.message for f in found) == [
        "Feature name 'same' is also used in: f0.feature, f1.feature",
        "Feature name 'same' is also used in: f0.feature, f2.feature",
        "Feature name 'same' is also used in: f1.feature, f2.feature",
    ]
    assert sorted(tuple(f.related) for f in found) == [("s0", "s1"), ("s0", "s2"), ("s1", "s2")]


def test_six_copies_name_all_five_others():
    found = lint("Feature: f\n" + "  Scenario: s\n" * 6, ["GHK007"])
    assert len(found) == 6
    assert all(" more" not in msg and msg.count("x.feature:") == 5 for _c, _l, msg in found)


def test_listing():
    assert _listing(["a", "b"], 2) == "a, b"
    assert _listing(["a", "b"], 4_999) == "a, b and 4,997 more"
