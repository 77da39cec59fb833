"""Gherkin rules: gherkin-lint semantics, Cucumber guidance, languages, embedded blocks, positions."""

from __future__ import annotations

import pytest

from storylint.config import Config
from storylint.engine import review
from storylint.models import Source, Story
from storylint.readers import read_text


def lint(gherkin: str | None = None, select=("GHK",), options=None, path="x.feature", **story):
    s = Story(id="s", gherkin=gherkin, source=Source(path=path, line=1, **story.pop("source", {})), **story)
    report = review([s], Config(select=list(select), rule_options=options or {}))
    return [(f.name, f.line, f.column, f.message) for r in report.reports for f in r.findings]


def names(findings):
    return [f[0] for f in findings]


def test_parse_errors_are_findings_sorted_by_position():
    text = "Feature: x\n  Scenario: a\n    Given a\n    nonsense one\n    Given b\n    nonsense two\n"
    found = [f for f in lint(text, select=["GHK001"])]
    assert [(f[1], f[2]) for f in found] == [(4, 5), (6, 5)]
    assert all(f[3].startswith("Gherkin parse error: expected: #EOF") for f in found)


def test_a_document_with_errors_gets_no_structural_findings():
    text = "Feature: x\n  Scenario:\n    Given a\n    nonsense\n"
    assert names(lint(text)) == ["gherkin-parse-error"]


def test_use_and_reports_the_repeated_keyword_line():
    text = "Feature: x\n  Scenario: a\n    Given a\n    Given b\n    When c\n    Then d\n    But e\n    But f\n"
    found = lint(text, select=["use-and"])
    assert [(f[1], f[2]) for f in found] == [(4, 5), (8, 5)]
    assert "Given b" in found[0][3]


def test_keywords_in_logical_order_names_the_later_keyword():
    text = "Feature: x\n  Scenario: a\n    When c\n    Then d\n    Given a\n"
    found = lint(text, select=["keywords-in-logical-order"])
    assert found == [("keywords-in-logical-order", 5, 5, "Step 'Given a' should not come after a Then step.")]


def test_only_one_when_counts_and_after_when():
    text = "Feature: x\n  Scenario: a\n    Given a\n    When b\n    And c\n    Then d\n"
    found = lint(text, select=["only-one-when"])
    assert found and found[0][1] == 5 and "2 When steps" in found[0][3]


def test_unused_variables_both_directions():
    text = (
        "Feature: x\n  Scenario Outline: a\n    Given <a> and <missing>\n    Then ok\n\n"
        "    Examples:\n      | a | unused |\n      | 1 | 2      |\n"
    )
    found = lint(text, select=["no-unused-variables"])
    msgs = sorted(f[3] for f in found)
    assert msgs == [
        "Examples table variable '<unused>' is not used in any step.",
        "Step variable '<missing>' does not exist in the examples table.",
    ]


def test_max_scenarios_counts_outline_rows_unless_told_not_to():
    text = "Feature: x\n  Scenario Outline: a\n    Given <v>\n\n    Examples:\n      | v |\n      | 1 |\n      | 2 |\n      | 3 |\n"
    assert lint(text, select=["max-scenarios-per-file"], options={"max-scenarios-per-file": {"max_scenarios": 2}})
    opts = {"max-scenarios-per-file": {"max_scenarios": 2, "count_outline_examples": False}}
    assert lint(text, select=["max-scenarios-per-file"], options=opts) == []


def test_indentation_and_tag_spacing():
    text = "Feature: x\n @a   @b\n  Scenario: a\n   Given a\n    When b\n    Then c\n"
    found = lint(text, select=["indentation", "one-space-between-tags"])
    got = {(f[0], f[1]) for f in found}
    assert ("indentation", 2) in got  # scenario tag at 1 space, expected 2
    assert ("indentation", 4) in got  # step at 3 spaces, expected 4
    assert ("one-space-between-tags", 2) in got


def test_layout_rules():
    text = "Feature: x  \n\n\n  Scenario: a\n    Given a\n    When b\n    Then c"
    found = lint(text, select=["no-trailing-spaces", "no-multiple-empty-lines", "new-line-at-eof"])
    assert ("no-trailing-spaces", 1, 11) in [(f[0], f[1], f[2]) for f in found]
    assert ("no-multiple-empty-lines", 3) in [(f[0], f[1]) for f in found]
    assert ("new-line-at-eof", 7) in [(f[0], f[1]) for f in found]


def test_dupe_scenario_names_anywhere_and_in_feature():
    one = "Feature: a\n  Scenario: same\n    Given x\n"
    stories = [
        Story(id="a", gherkin=one, source=Source(path="a.feature", line=1)),
        Story(id="b", gherkin=one.replace("Feature: a", "Feature: b"), source=Source(path="b.feature", line=1)),
    ]
    anywhere = review(stories, Config(select=["no-dupe-scenario-names"]))
    found = {r.story.id: r.findings for r in anywhere.reports}
    # Both occurrences are reported, each naming the other place and story (the JSONL contract).
    assert "b.feature:2" in found["a"][0].message and found["a"][0].related == ["b"]
    assert "a.feature:2" in found["b"][0].message and found["b"][0].related == ["a"]
    local = review(stories, Config(select=["no-dupe-scenario-names"], rule_options={"no-dupe-scenario-names": {"within": "in-feature"}}))
    assert [f for r in local.reports for f in r.findings] == []


def test_rules_inside_rule_blocks_are_checked():
    text = "Feature: x\n  Rule: r\n    Scenario: a\n      Given a\n      Then b\n"
    assert "missing-when" in names(lint(text, select=["missing-when"]))


def test_cucumber_guidance_rules():
    text = (
        "Feature: x\n  Scenario: a\n    Given I click the start button\n    When she logs in and submits the form\n"
        "    Then it should work correctly\n    And a record is written to the database\n    When she logs out\n    Then I see the page\n"
    )
    got = set(names(lint(text)))
    for name in ("given-user-action", "conjunction-step", "vague-outcome", "unobservable-outcome", "when-after-then", "imperative-ui-step", "mixed-person"):
        assert name in got, name


def test_declarative_scenario_is_clean_of_guidance_findings():
    text = "Feature: Checkout\n\n  Scenario: Pay by card\n    Given a cart with 2 books\n    When the shopper pays by card\n    Then the order is confirmed\n"
    assert lint(text) == []


def test_french_uses_keyword_types():
    text = (
        "# language: fr\nFonctionnalité: Panier\n  Scénario: ajout\n    Soit un panier vide\n    Soit un client\n"
        "    Alors le panier contient 1 livre\n"
    )
    got = names(lint(text, select=["use-and", "missing-when", "missing-then"]))
    assert "use-and" in got and "missing-when" in got and "missing-then" not in got


def test_embedded_step_items_map_to_source_positions():
    s = Story(
        id="s",
        text="As a shopper, I want to pay so that I get my books.",
        acceptance_criteria=["Given a cart with 2 books", "When I click the pay button"],
        source=Source(path="b.md", line=1, ac_positions=[(10, 3), (11, 3)]),
    )
    report = review([s], Config(select=["missing-then", "imperative-ui-step"]))
    found = {(f.name, f.line, f.column) for r in report.reports for f in r.findings}
    # missing-then points at the first AC line; the UI word at its own column (3 + len("When I ")).
    assert ("missing-then", 10, 3) in found
    assert ("imperative-ui-step", 11, 10) in found


def test_fenced_block_parse_error_carries_the_file_line():
    md = (
        "# Backlog\n\n## Checkout\n\nAs a shopper, I want to pay so that I get my books.\n\n"
        "### Acceptance criteria\n\n```gherkin\nScenario: pay\n  Given a cart\n  this is not a step\n  Then it is paid\n```\n"
    )
    stories = [s for s in read_text("backlog.md", md) if isinstance(s, Story)]
    report = review(stories, Config(select=["GHK001"]))
    found = [(f.line, f.column) for r in report.reports for f in r.findings]
    assert found == [(12, 3)]


def test_markdown_step_paragraph_is_one_scenario():
    md = (
        "## Login\n\nAs a member, I want to log in so that I see my orders.\n\n### Acceptance criteria\n\n"
        "Given a registered member\nWhen she logs in\nThen she sees her orders\n"
    )
    stories = [s for s in read_text("b.md", md) if isinstance(s, Story)]
    report = review(stories, Config(select=["GHK"]))
    assert [f.code for r in report.reports for f in r.findings] == []


def test_synthetic_wrapper_is_not_reported_as_unnamed():
    s = Story(id="s", acceptance_criteria=["Given a\nWhen b\nThen c"], source=Source(path="x.md", line=1, ac_positions=[(5, 1)]))
    report = review([s], Config(select=["no-unnamed-features", "no-unnamed-scenarios"]))
    assert [f for r in report.reports for f in r.findings] == []


def test_plain_text_criteria_are_not_gherkin():
    s = Story(id="s", acceptance_criteria=["The total includes VAT", "Dan can see the invoice"], source=Source(path="x.md", line=1))
    report = review([s], Config(select=["GHK"]))
    assert [f for r in report.reports for f in r.findings] == []


@pytest.mark.parametrize("style,name,ok", [("snake_case", "check_out", True), ("snake_case", "CheckOut", False), ("PascalCase", "CheckOut", True), ("kebab-case", "check-out", True)])
def test_file_name_styles(style, name, ok):
    found = lint("Feature: x\n", select=["file-name"], options={"file-name": {"style": style}}, path=f"features/{name}.feature")
    assert (found == []) is ok


def test_plain_french_steps_are_recognised_and_prose_is_not():
    from storylint.gherkin.parse import story_docs

    fr = Story(id="f", acceptance_criteria=["Soit un panier vide", "Quand j'ajoute un livre", "Alors le panier contient 1 livre"])
    (doc,) = story_docs(fr)
    assert doc.build().language == "fr" and doc.build().errors == []
    prose = Story(id="p", acceptance_criteria=["Dan can see the invoice", "Dan can edit the invoice"])
    assert story_docs(prose) == []


def test_every_gherkin_rule_names_a_known_check_with_valid_options():
    from storylint.checks import get_set_check
    from storylint.gherkin.checks import get_check
    from storylint.registry import load_rules

    rules = [r for r in load_rules() if r.family == "gherkin"]
    assert len(rules) >= 44
    for rule in rules:
        opts = {k: v for k, v in rule.params.items() if k != "check"}
        if rule.kind == "set":
            assert get_set_check(rule.params["check"])
        else:
            get_check(rule.params["check"]).make(opts)  # compiles its regexes; raises on bad options
        assert rule.code.startswith("GHK")


def test_plain_stories_do_not_load_the_parser():
    import subprocess
    import sys

    code = (
        "import sys; from storylint.engine import review; from storylint.models import Story;"
        "review([Story(id='a', text='As a user, I want x so that y.')]);"
        "print('gherkin.parser' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
