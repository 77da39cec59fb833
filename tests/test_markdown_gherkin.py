"""Given/When/Then after a Markdown story sentence, with no "Acceptance criteria" heading: the
story's criteria (where the Gherkin rules see them), not its description. Prose that only opens
with "Given" stays prose.
"""

from __future__ import annotations

import json

import pytest
from helpers import stories, write

from storylint.config import Config
from storylint.runner import lint_paths

LOGIN = "As a user, I want to log in so that I can see my data."


def findings(path) -> list[tuple[str, str, int, int]]:
    report = lint_paths([str(path)], Config())
    return sorted((r.story.id, f.code, f.line, f.column) for r in report.reports for f in r.findings)


def test_given_when_then_lines_after_the_story_are_its_criteria(tmp_path):
    p = write(tmp_path, f"## Login\n{LOGIN}\n\nGiven a registered user\nWhen they log in\nThen they see the dashboard\n")
    (s,) = stories(p)
    assert (s.text, s.description) == (LOGIN, None)
    assert s.acceptance_criteria == ["Given a registered user\nWhen they log in\nThen they see the dashboard"]
    assert s.source.ac_positions == [(4, 1)]
    assert "INV050" not in {code for _sid, code, *_ in findings(p)}


def test_steps_as_separate_paragraphs_and_findings_on_their_lines(tmp_path):
    p = write(tmp_path, f"# Login\n\n{LOGIN}\n\nGiven a registered user\n\nWhen they log in\n\nThen it loads fast\n")
    (s,) = stories(p)
    assert s.description is None and len(s.acceptance_criteria) == 1
    got = findings(p)
    assert ("s", "INV051", 9, 15) in got and "INV050" not in {c for _s, c, *_ in got}


def test_steps_right_under_the_story_sentence_in_one_paragraph(tmp_path):
    p = write(tmp_path, f"## Login\n{LOGIN}\nGiven a registered user\nWhen they log in\nThen they see the dashboard\n")
    (s,) = stories(p)
    assert (s.text, s.source.text_line) == (LOGIN, 2)
    assert s.acceptance_criteria == ["Given a registered user\nWhen they log in\nThen they see the dashboard"]
    assert s.source.ac_positions == [(3, 1)]


def test_scenario_blocks_after_the_story(tmp_path):
    p = write(tmp_path, f"## Login\n\n{LOGIN}\n\nScenario: a good password\n  Given a registered user\n  When they log in\n"
                        "  Then they see the dashboard\n\nScenario: a bad password\n\nGiven a registered user\nWhen they type a wrong password\n"
                        "Then they see an error\n\nSee the security notes.\n")
    (s,) = stories(p)
    assert [a.split("\n")[0] for a in s.acceptance_criteria] == ["Scenario: a good password", "Scenario: a bad password"]
    assert s.acceptance_criteria[1] == "Scenario: a bad password\nGiven a registered user\nWhen they type a wrong password\nThen they see an error"
    assert s.source.ac_positions == [(5, 1), (10, 1)]
    assert s.description == "See the security notes."
    assert not {c for _s, c, *_ in findings(p)} & {"INV050", "GHK001"}


def test_gherkin_findings_land_on_the_file_lines(tmp_path):
    p = write(tmp_path, f"## Login\n\n{LOGIN}\n\nGiven a registered user\nWhen they log in\nWhen they log in again\nThen they see the dashboard\n")
    got = [f for f in findings(p) if f[1].startswith("GHK")]
    assert got and all(5 <= line <= 8 for _s, _c, line, _col in got)


@pytest.mark.parametrize("prose", [
    "Given the deadline, we keep the old login page for now.",
    "Given a registered user",
    "When in doubt, ask the security team.",
    "Then again, SSO may come later.",
    "Given the deadline, we keep the old page.\nAnd we tell support about it.",
])
def test_prose_that_opens_like_a_step_stays_the_description(tmp_path, prose):
    p = write(tmp_path, f"## Login\n\n{LOGIN}\n\n{prose}\n")
    (s,) = stories(p)
    assert (s.description, s.acceptance_criteria) == (prose, [])


def test_a_one_line_given_when_then_is_a_criterion(tmp_path):
    p = write(tmp_path, f"## Login\n\n{LOGIN}\n\nGiven a registered user, when they log in, then they see the dashboard.\n")
    (s,) = stories(p)
    assert s.acceptance_criteria == ["Given a registered user, when they log in, then they see the dashboard."]


def test_steps_before_any_story_sentence_stay_the_text(tmp_path):
    p = write(tmp_path, "## Login\n\nGiven a registered user\nWhen they log in\nThen they see the dashboard\n")
    (s,) = stories(p)
    assert s.text.startswith("Given a registered user") and s.acceptance_criteria == []


def test_a_gherkin_fence_after_the_story_is_criteria_and_prose_fences_are_not(tmp_path):
    p = write(tmp_path, f"## Login\n\n{LOGIN}\n\n```gherkin\nScenario: ok\n  Given a user\n  When they log in\n  Then they see it\n```\n\n"
                        "```\nSee the log etc.\n```\n\n```\nGiven a user\nWhen they log out\nThen they see the home page\n```\n")
    (s,) = stories(p)
    assert [a.split("\n")[0] for a in s.acceptance_criteria] == ["Scenario: ok", "Given a user"]
    assert s.description == "See the log etc."


def test_steps_in_a_story_list_item_and_under_criteria_headings_as_before(tmp_path):
    p = write(tmp_path, f"# Backlog\n\n- {LOGIN}\n\n  Given a registered user\n  When they log in\n  Then they see the dashboard\n"
                        "- As an admin, I want to delete users so that spam goes away.\n")
    a, b = stories(p)
    assert a.acceptance_criteria == ["Given a registered user\nWhen they log in\nThen they see the dashboard"]
    assert a.source.ac_positions == [(5, 3)] and b.acceptance_criteria == []
    p = write(tmp_path, f"## Login\n\n{LOGIN}\n\n## Acceptance criteria\n\nGiven a registered user\nWhen they log in\nThen they see the dashboard\n", "ac.md")
    (s,) = stories(p)
    assert s.acceptance_criteria == ["Given a registered user\nWhen they log in\nThen they see the dashboard"]


def test_a_given_sentence_after_the_steps_is_not_pulled_into_them(tmp_path):
    p = write(tmp_path, f"## Login\n\n{LOGIN}\n\nGiven a registered user\nWhen they log in\nThen they see the dashboard\n\n"
                        "Given the deadline, we keep the old page.\n\nGiven a locked user\n\nWhen they log in\n\nThen they see an error\n")
    (s,) = stories(p)
    assert s.description == "Given the deadline, we keep the old page."
    assert s.acceptance_criteria == ["Given a registered user\nWhen they log in\nThen they see the dashboard",
                                     "Given a locked user\nWhen they log in\nThen they see an error"]
    assert s.source.ac_positions == [(5, 1), (11, 1)]


@pytest.mark.parametrize("prose", [
    "Given that books close on the 5th, we run reports on the 6th.\n\nThen again, some teams close earlier.",
    "Given that books close on the 5th,\nThen the report runs on the 6th.\nWhen in doubt, ask finance.",
    "When in doubt, ask finance.\n\nThen again, some teams close earlier.",
])
def test_prose_with_step_words_of_two_kinds_stays_the_description(tmp_path, prose):
    # ("Given that ..., we ...", "Then again, ...", "When in doubt, ..." are prose, not steps)
    p = write(tmp_path, f"# Reports\n\n{LOGIN}\n\n{prose}\n")
    (s,) = stories(p)
    assert (s.acceptance_criteria, s.description) == ([], prose)
    assert not any(code.startswith("GHK") for _sid, code, *_ in findings(p))


def test_given_that_as_a_step_is_still_a_step(tmp_path):
    p = write(tmp_path, f"# Login\n\n{LOGIN}\n\nGiven that a user is registered\nWhen they log in\nThen they see the dashboard\n")
    (s,) = stories(p)
    assert s.acceptance_criteria == ["Given that a user is registered\nWhen they log in\nThen they see the dashboard"]


WHEN_ONLY = ["When documents are needed, the list of missing documents is shown", "When the application is decided, the decision letter can be downloaded"]


@pytest.mark.parametrize("items", [WHEN_ONLY[:1], WHEN_ONLY, ["Statuses shown: received, decided", WHEN_ONLY[0]]])
def test_criteria_that_only_open_with_when_are_plain_conditions(tmp_path, items):
    # (user audit) each is a complete criterion: no made-up scenario with no Given and no Then
    bullets = "".join(f"- {x}\n" for x in items)
    p = write(tmp_path, f"# Status\n\n{LOGIN}\n\n## Acceptance criteria\n{bullets}")
    report = lint_paths([str(p)], Config())
    assert [f.code for r in report.reports for f in r.findings if f.code.startswith("GHK")] == []
    j = tmp_path / "s.json"
    j.write_text(json.dumps({"id": "W-1", "text": LOGIN, "acceptance_criteria": items}))
    assert [f.code for r in lint_paths([str(j)], Config()).reports for f in r.findings if f.code.startswith("GHK")] == []


def test_when_with_a_then_among_the_criteria_is_still_a_scenario(tmp_path):
    p = write(tmp_path, f"# Status\n\n{LOGIN}\n\n## Acceptance criteria\n- When they log in\n- When they log in again\n- Then the dashboard shows\n")
    codes = [f.code for r in lint_paths([str(p)], Config()).reports for f in r.findings]
    assert "GHK012" in codes  # two When steps in one scenario: the steps are Gherkin


def test_when_then_and_without_then_is_still_steps(tmp_path):
    p = write(tmp_path, f"# Status\n\n{LOGIN}\n\n## Acceptance criteria\n- When they log in\n- And they open settings\n")
    codes = [f.code for r in lint_paths([str(p)], Config()).reports for f in r.findings]
    assert "GHK041" in codes  # no Then step: an "And" says these are steps
