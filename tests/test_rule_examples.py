"""Every rule ships with bad and good examples, and they behave as documented."""

from __future__ import annotations

import pytest

from storylint.config import Config
from storylint.engine import review
from storylint.registry import load_rules

from helpers import stories_from_example

RULES = load_rules()


def test_there_are_rules():
    assert len(RULES) >= 30


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_has_examples(rule):
    assert rule.examples.bad, f"{rule.code} has no failing (bad) examples"
    assert rule.examples.good, f"{rule.code} has no passing (good) examples"


def _codes(example):
    report = review(stories_from_example(example), Config())
    return {f.code for r in report.reports for f in r.findings}


@pytest.mark.parametrize(
    "rule,example",
    [(r, e) for r in RULES for e in r.examples.bad],
    ids=lambda v: v.code if hasattr(v, "code") else "",
)
def test_bad_example_fires(rule, example):
    assert rule.code in _codes(example), f"{rule.code} did not fire on its bad example: {example!r}"


@pytest.mark.parametrize(
    "rule,example",
    [(r, e) for r in RULES for e in r.examples.good],
    ids=lambda v: v.code if hasattr(v, "code") else "",
)
def test_good_example_passes(rule, example):
    assert rule.code not in _codes(example), f"{rule.code} fired on its good example: {example!r}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_rule_shows_its_first_example_fixed(rule):
    """ruff-style docs: every rule, story and Gherkin alike, rewrites its first bad example ("Use instead")."""
    assert rule.examples.fixed, f"{rule.code} has no 'fixed' example (its first bad example, as it should be)"
    doc = rule.doc()
    sections = ["## Example", "## Use instead", *(["## More examples it flags"] if rule.examples.bad[1:] else []), "## Not flagged"]
    assert [doc.index(s) for s in sections] == sorted(doc.index(s) for s in sections), f"{rule.code}: sections out of order"


@pytest.mark.parametrize(
    "rule,example",
    [(r, e) for r in RULES for e in r.examples.fixed],
    ids=lambda v: v.code if hasattr(v, "code") else "",
)
def test_fixed_example_passes_the_rule_and_every_error_rule(rule, example):
    """A "Use instead" example is a story the rule accepts - and no error-level rule rejects."""
    report = review(stories_from_example(example), Config())
    findings = [f for r in report.reports for f in r.findings]
    assert rule.code not in {f.code for f in findings}, f"{rule.code} fired on its fixed example: {example!r}"
    assert not [f.code for f in findings if f.severity == "error"], f"{rule.code}: an error on its fixed example {example!r}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_documents_itself(rule):
    """What it does / why / fix: every finding carries a message and a one-line suggestion."""
    assert rule.message.strip() and rule.why.strip()
    assert rule.suggestion and "\n" not in rule.suggestion.strip()
    assert f"# {rule.name} ({rule.code})" in rule.doc()
