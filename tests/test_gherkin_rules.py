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


# ---- spans: every finding covers the characters it is about, in the story's own file

_FEATURE = """\
@smoke @wip @smoke
Feature: Checkout for a very long feature name that goes on and on beyond seventy chars
  TODO describe the checkout

  Scenario Outline: pay by <card>
    Given   I am on the checkout page  
    When the shopper pays by <card> with <missing>
    Then it should work correctly

    Examples:
      | card | unused |
      | visa | 1      |

  @x   @y
  Scenario:
    Given a cart
    Given a book
    Then the total is 10
"""

# (code, exact text the finding spans); multi-line spans are written with their newlines.
_FEATURE_SPANS = {
    ("GHK029", "@smoke"),  # tag rules: the tag
    ("GHK018", "@wip"),
    ("GHK010", "Checkout for a very long feature name that goes on and on beyond seventy chars"),  # name
    ("GHK015", "TODO"),  # pattern rule: the matched text, on its description line
    ("GHK043", "page"),  # word list: the word, past the extra blanks after the keyword
    ("GHK020", "  "),  # trailing spaces: the spaces
    ("GHK011", "<missing>"),  # variables: the <name> in the step ...
    ("GHK011", "unused"),  # ... or the Examples header cell
    ("GHK047", "should work"),  # pattern of words
    ("GHK050", "Scenario Outline: pay by <card>"),  # structure: the header line
    ("GHK030", "   "),  # the blanks between two tags
    ("GHK005", "Scenario:"),  # unnamed: the keyword and its colon
    ("GHK040", "Scenario:"),
    ("GHK013", "Given a book"),  # step rules: keyword to the end of the step
}


def _slice(text: str, line: int, col: int, end_line: int, end_col: int) -> str:
    lines = text.split("\n")
    if line == end_line:
        return lines[line - 1][col - 1 : end_col - 1]
    return "\n".join([lines[line - 1][col - 1 :], *lines[line : end_line - 1], lines[end_line - 1][: end_col - 1]])


def _direct_spans(stories, prefix="GHK"):
    """``(code, line, column, end line, end column)`` of every per-story Gherkin finding, from
    the checks and the position mapping themselves (what the rule kind turns into findings)."""
    from storylint.gherkin import results
    from storylint.gherkin.checks import get_check
    from storylint.gherkin.parse import map_span, story_docs
    from storylint.registry import load_rules

    rules = [r for r in load_rules() if r.code.startswith(prefix) and r.kind == "gherkin"]
    out = set()
    for story in stories:
        for ref in story_docs(story):
            d = results.doc(ref)
            for rule in rules:
                if (rule.scope == "feature" and ref.origin != "feature") or (rule.scope == "ac" and ref.origin != "ac"):
                    continue
                spec = get_check(rule.params["check"])
                if spec.needs_ast and d.ast is None:
                    continue
                run = spec.make({k: v for k, v in rule.params.items() if k != "check"})
                for line, col, values in run(d, story.source.path):
                    _f, _i, start, end, l1, c1, l2, c2 = map_span(story, ref, line, col, values)
                    assert end >= start
                    out.add((rule.code, l1, c1, l2, c2))
    return out


def _span_texts(found, text):
    return {(code, _slice(text, *where)) for code, *where in found}


def _read(path):
    from storylint.readers import read_file

    return [s for s in read_file(str(path)) if isinstance(s, Story)]


_HAS_END = "end_line" in getattr(__import__("storylint.context", fromlist=["Hit"]).Hit, "__dataclass_fields__", {})
needs_end = pytest.mark.skipif(not _HAS_END, reason="Hit has no end_line/end_column yet: the engine reports where GHK findings start only")


def _review_spans(stories, select=("GHK",)):
    report = review(stories, Config(select=list(select)))
    return {(f.code, f.line, f.column, f.end_line, f.end_column) for r in report.reports for f in r.findings}


def test_feature_file_spans_slice_the_text_each_rule_is_about(tmp_path):
    path = tmp_path / "checkout.feature"
    path.write_text(_FEATURE)
    found = _direct_spans(_read(path))
    got = _span_texts(found, _FEATURE)
    assert _FEATURE_SPANS <= got, sorted(_FEATURE_SPANS - got)
    # Nothing is zero-width in this file; every span starts where the finding is reported.
    assert all((l2, c2) > (l1, c1) for _c, l1, c1, l2, c2 in found)


@needs_end
def test_feature_file_findings_carry_the_spans(tmp_path):
    path = tmp_path / "checkout.feature"
    path.write_text(_FEATURE)
    stories = _read(path)
    findings = _review_spans(stories)
    assert {f for f in findings if f[0] != "GHK032"} >= _direct_spans(stories)
    assert _FEATURE_SPANS <= _span_texts(findings, _FEATURE)


def test_parse_error_spans_the_line_it_did_not_expect_and_empty_files_are_points(tmp_path):
    bad = tmp_path / "bad.feature"
    bad.write_text("Feature: bad\n  Scenario: a\n    Given x\n    this is not a step   \n")
    assert _span_texts(_direct_spans(_read(bad), "GHK001"), bad.read_text()) == {("GHK001", "this is not a step")}
    empty = tmp_path / "empty.feature"
    empty.write_text("# only a comment\n")
    assert _direct_spans(_read(empty), "GHK002") == {("GHK002", 1, 1, 1, 1)}


_MARKDOWN = """\
## Login

As a member, I want to log in so that I see my orders.

### Acceptance criteria

   ```gherkin
   @wip
   Scenario: log in
     Given I am on the login page
     When I click the submit button
     Then it should work correctly
   ```

## Logout

As a member, I want to log out so that nobody else uses my account.

### Acceptance criteria

  Given I am on the account page
  When I click the logout button

  Then it should work

## Cart

As a shopper, I want a cart so that I can buy books.

### Acceptance criteria

- Given an empty cart
  When the shopper presses the add button
- Given a full cart
- Given a book
"""

_MARKDOWN_SPANS = {
    ("GHK018", "@wip"),  # an indented fence: the reader drops its indentation, the span does not
    ("GHK043", "page"),
    ("GHK043", "click"),
    ("GHK047", "should work"),
    ("GHK043", "presses"),  # a list item's continuation line
    ("GHK041", "Given an empty cart\n  When the shopper presses the add button"),  # the whole wrapped scenario
    ("GHK013", "Given a book"),  # a step of its own list item
}


def test_markdown_criteria_spans_slice_the_file(tmp_path):
    path = tmp_path / "backlog.md"
    path.write_text(_MARKDOWN)
    found = _direct_spans(_read(path))
    got = _span_texts(found, _MARKDOWN)
    assert _MARKDOWN_SPANS <= got, sorted(_MARKDOWN_SPANS - got)
    # The paragraph of plain steps is indented and split by a blank line: each word still
    # lands on its own line and column.
    assert ("GHK043", 21, 29, 21, 33) in found and ("GHK047", 24, 11, 24, 22) in found


_YAML = """\
stories:
  - id: A-1
    text: As a member, I want to log in so that I see my orders.
    acceptance_criteria:
      - |
        @wip
        Scenario: log in
          Given I am on the login page
          When I click the submit button
          Then it should work correctly
  - id: A-2
    text: As a member, I want to log out so that I can leave.
    acceptance_criteria:
      - Given I am on the account page
      - "Then it should work"
"""

_YAML_SPANS = {
    ("GHK018", "@wip"),
    ("GHK043", "page"),
    ("GHK043", "click"),
    ("GHK047", "should work"),
    ("GHK040", 'Given I am on the account page\n      - "Then it should work'),  # items of one wrapped scenario
}


def test_yaml_criteria_spans_slice_the_file(tmp_path):
    path = tmp_path / "stories.yaml"
    path.write_text(_YAML)
    got = _span_texts(_direct_spans(_read(path)), _YAML)
    assert _YAML_SPANS <= got, sorted(_YAML_SPANS - got)


def test_yaml_block_spans_without_the_file_on_disk():
    # Standard input: no file to look at; a block scalar's lines keep the block's indentation.
    stories = [s for s in read_text("-", _YAML, ".yaml") if isinstance(s, Story)]
    assert len(stories) == 2
    got = _span_texts(_direct_spans(stories), _YAML)
    assert _YAML_SPANS <= got, sorted(_YAML_SPANS - got)


def test_json_criteria_with_escapes_span_the_escaped_text(tmp_path):
    text = (
        '[{"id": "J-1", "text": "As a member, I want to log in so that I see my orders.",\n'
        '  "acceptance_criteria": ["Given I am on the \\"login\\" page\\nWhen I click the submit button\\nThen it should work"]}]\n'
    )
    path = tmp_path / "stories.json"
    path.write_text(text)
    stories = _read(path)
    src = stories[0].source
    if not (getattr(src, "ac_maps", None) or getattr(src, "ac_columns", None)):
        # A reader that does not map escaped characters: every finding at the value's start.
        assert {f[1:] for f in _direct_spans(stories)} == {(2, 28, 2, 28)}
        return
    got = _span_texts(_direct_spans(stories), text)
    assert {("GHK043", "page"), ("GHK043", "click"), ("GHK047", "should work")} <= got


@needs_end
def test_embedded_findings_carry_the_spans(tmp_path):
    for name, text, want in (("backlog.md", _MARKDOWN, _MARKDOWN_SPANS), ("stories.yaml", _YAML, _YAML_SPANS)):
        path = tmp_path / name
        path.write_text(text)
        stories = _read(path)
        findings = _review_spans(stories)
        assert findings >= _direct_spans(stories)
        assert want <= _span_texts(findings, text)


@needs_end
def test_duplicate_scenario_names_span_the_name(tmp_path):
    a, b = tmp_path / "a.feature", tmp_path / "b.feature"
    a.write_text("Feature: a\n  Scenario:   same name  \n    Given x\n")
    b.write_text("Feature: b\n  Scenario: same name\n    Given x\n")
    findings = _review_spans(_read(a) + _read(b), ["GHK007"])
    assert sorted(f[1:] for f in findings) == [(2, 13, 2, 22), (2, 15, 2, 24)]
