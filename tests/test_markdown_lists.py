"""Markdown backlogs written as lists: a list whose items are mostly story sentences is a
backlog, one story per item (its nested items are its criteria); any other list is what it
always was (the description, or the criteria under an "Acceptance criteria" heading). Every item
is read: as a story, a criterion or part of a description.
"""

from __future__ import annotations

import pytest
from helpers import findings, stories, write

LOGIN = "As a user, I want to log in so that I can see my data."
DELETE = "As an admin, I want to delete users so that spam goes away."
RESET = "As a user, I want to reset my password so that I can log in again."


def test_a_bulleted_backlog_is_one_story_per_item(tmp_path):
    p = write(tmp_path, f"# Backlog\n\n- {LOGIN}\n- {DELETE}\n- {RESET}\n", "backlog.md")
    got = stories(p)
    assert [(s.id, s.title, s.text, s.source.line, s.source.text_line, s.source.text_column) for s in got] == [
        ("backlog:3", None, LOGIN, 3, 3, 3),
        ("backlog:4", None, DELETE, 4, 4, 3),
        ("backlog:5", None, RESET, 5, 5, 3),
    ]
    assert all(s.description is None and s.acceptance_criteria == [] for s in got)
    # each story's findings are on its own line, at its own text
    assert findings(p) == [("backlog:3", "INV050", 3, 3, 3, 3), ("backlog:4", "INV050", 4, 3, 4, 3), ("backlog:5", "INV050", 5, 3, 5, 3)]


@pytest.mark.parametrize("marker", ["-", "*", "+", "1.", "1)", "- [ ]", "- [x]", "* [X]"])
def test_every_kind_of_list_is_a_backlog(tmp_path, marker):
    numbered = marker[0].isdigit()
    lines = [f"{marker.replace('1', str(n + 1)) if numbered else marker} {t}" for n, t in enumerate((LOGIN, "As a user, I want some reports so that I can plan."))]
    p = write(tmp_path, "## Stories\n\n" + "\n".join(lines) + "\n")
    a, b = stories(p)
    col = len(marker) + 2
    assert [(s.text, s.source.line, s.source.text_column) for s in (a, b)] == [(LOGIN, 3, col), ("As a user, I want some reports so that I can plan.", 4, col)]
    assert [f[1:4] for f in findings(p) if f[1] == "INV030"] == [("INV030", 4, col + 18)]  # under "some"


@pytest.mark.parametrize("prefix, sid, title", [
    ("**US-12**: ", "US-12", None),
    ("**US-12:** ", "US-12", None),
    ("US-12 ", "US-12", None),
    ("US-12: ", "US-12", None),
    ("[US-12] ", "US-12", None),
    ("[ ] **US-12** - ", "US-12", None),
    ("**Login**: ", None, "Login"),
    ("**ACC-7 Login**: ", "ACC-7", "Login"),
])
def test_an_id_or_bold_title_before_the_story_sentence(tmp_path, prefix, sid, title):
    p = write(tmp_path, f"# Backlog\n\n- {prefix}As a user, I want some reports so that I can plan.\n- US-13 {DELETE}\n")
    a, b = stories(p)
    assert (a.id, a.title, a.text) == (sid or "s:3", title, "As a user, I want some reports so that I can plan.")
    assert (b.id, b.text) == ("US-13", DELETE)
    assert a.source.text_column == 3 + len(prefix)
    assert [f[1:4] for f in findings(p) if f[1] == "INV030"] == [("INV030", 3, 3 + len(prefix) + 18)]


def test_nested_items_are_the_criteria_of_their_story(tmp_path):
    p = write(tmp_path, f"# Backlog\n\n- {LOGIN}\n  - Wrong passwords are rejected\n  - [ ] The page loads fast\n"
                        f"- {DELETE}\n  * Deleted users cannot log in\n")
    a, b = stories(p)
    assert (a.text, a.acceptance_criteria, a.source.ac_positions) == (LOGIN, ["Wrong passwords are rejected", "The page loads fast"], [(4, 5), (5, 9)])
    assert (b.text, b.acceptance_criteria, b.source.ac_positions) == (DELETE, ["Deleted users cannot log in"], [(7, 5)])
    assert findings(p) == [("s:3", "INV051", 5, 24, 5, 28)]  # "fast", on its own line


def test_a_nested_criteria_label_metadata_and_notes_in_an_item(tmp_path):
    p = write(tmp_path, f"## Stories\n\n1. **A-1**: {LOGIN}\n   Estimate: 3\n\n   Talk to security, TBD.\n\n"
                        "   - Acceptance criteria:\n     - A lock after 5 tries\n     - An email on lock\n"
                        f"   - Labels: auth\n2. A-2 {RESET}\n")
    a, b = stories(p)
    assert (a.id, a.estimate, a.labels, a.description) == ("A-1", 3, ["auth"], "Talk to security, TBD.")
    assert a.acceptance_criteria == ["A lock after 5 tries", "An email on lock"]
    assert a.source.ac_positions == [(9, 8), (10, 8)]
    assert (b.id, b.text, b.source.line) == ("A-2", RESET, 12)
    assert [f[:4] for f in findings(p) if f[1] == "INV031"] == [("A-1", "INV031", 6, 22)]


def test_a_lone_story_item_with_nested_items_is_the_story_and_its_criteria(tmp_path):
    p = write(tmp_path, f"## Login\n\n- {LOGIN}\n  - Wrong passwords are rejected\n  - A locked account says so\n")
    (s,) = stories(p)
    assert (s.id, s.title, s.text, s.source.text_line, s.source.text_column) == ("s", "Login", LOGIN, 3, 3)
    assert s.acceptance_criteria == ["Wrong passwords are rejected", "A locked account says so"]


def test_criteria_written_as_bullets_are_never_split_into_stories(tmp_path):
    p = write(tmp_path, f"# Login\n\n{LOGIN}\n\n## Acceptance criteria\n\n- As a user I can log in with my email\n"
                        "- As a user I can log in with my phone\n- Wrong passwords are rejected\n")
    (s,) = stories(p)
    assert s.text == LOGIN and len(s.acceptance_criteria) == 3
    p = write(tmp_path, f"# Login\n\n{LOGIN}\n\n**Acceptance criteria:**\n\n- As a user I can log in with my email\n"
                        "- As a user I can log in with my phone\n", "b.md")
    (s,) = stories(p)
    assert s.acceptance_criteria == ["As a user I can log in with my email", "As a user I can log in with my phone"]


def test_non_story_bullets_under_a_story_stay_its_description(tmp_path):
    p = write(tmp_path, f"# Login\n\n{LOGIN}\n\n- Use the design system\n- Talk to security\n- {DELETE}\n")
    (s,) = stories(p)
    assert s.text == LOGIN and s.description == f"- Use the design system\n\n- Talk to security\n\n- {DELETE}"


def test_nothing_in_a_mostly_story_list_is_lost(tmp_path):
    p = write(tmp_path, f"# Backlog\n\n- {LOGIN}\n- {DELETE}\n- Search must be quick\n\nSome notes about the backlog.\n\n- More notes\n")
    a, b, c = stories(p)
    assert [s.text for s in (a, b, c)] == [LOGIN, DELETE, "Search must be quick"]  # a badly written story is reported
    assert c.description == "Some notes about the backlog.\n\n- More notes"  # what follows a story is part of it
    assert {code for sid, code, *_ in findings(p) if sid == c.id} >= {"US001"}


def test_a_list_under_a_story_sentence_of_its_own_section_is_that_story_s(tmp_path):
    # A list right under a story sentence belongs to that story (its description), whatever its
    # items say: a list of stories is a backlog only when no story sentence of its section is above it.
    p = write(tmp_path, f"# Accounts\n\nAs a member, I want to manage my account so that it stays mine.\n\n- {LOGIN}\n- {RESET}\n\n"
                        f"## Billing\n\n- {DELETE}\n- As an admin, I want to refund orders so that customers are happy.\n")
    got = stories(p)
    assert [(s.id, s.title, s.text[:14]) for s in got] == [
        ("s:1", "Accounts", "As a member, I"), ("s:10", None, DELETE[:14]), ("s:11", None, "As an admin, I")]
    assert got[0].description == f"- {LOGIN}\n\n- {RESET}" and got[0].acceptance_criteria == []
    p = write(tmp_path, "# Checkout\n\nAs a shopper, I want to pay by card so that I can check out.\n\n"
                        "- As a user, I can pay with Visa.\n- As a user, I can pay with Mastercard.\n- As a user, I can see a receipt.\n", "a3.md")
    (s,) = stories(p)
    assert s.description.count("- As a user, I can") == 3
    p = write(tmp_path, "### SHOP-1 Pay by card\n\nAs a shopper, I want to pay by card so that I can check out.\n\n"
                        "1. As a shopper, I can enter my card number.\n2. As a shopper, I can see the charge on my receipt.\n"
                        "3. As a shopper, I can retry when the card is declined.\n\n"
                        "### SHOP-2 Pay by cash\n\nAs a shopper, I want to pay by cash so that I can check out.\n", "i4.md")
    assert [s.id for s in stories(p)] == ["SHOP-1", "SHOP-2"]
    assert "US040" not in {f[1] for f in findings(p)}


@pytest.mark.parametrize("label", ["## Related stories", "## Out of scope", "Related stories:"])
def test_a_list_under_a_part_of_a_story_is_its_description(tmp_path, label):
    p = write(tmp_path, "# SHOP-7 Pay by card\n\nAs a shopper, I want to pay by card so that I can check out.\n\n"
                        + ("## Acceptance criteria\n\n- card is charged once\n\n" if label.startswith("#") else "")
                        + f"{label}\n\n"
                        "- As a shopper, I want to pay by PayPal so that I can check out.\n- As a shopper, I want to save my card so that I pay faster.\n")
    (s,) = stories(p)
    assert (s.id, s.acceptance_criteria) == ("SHOP-7", ["card is charged once"] if label.startswith("#") else [])
    assert "- As a shopper, I want to pay by PayPal" in s.description and "- As a shopper, I want to save my card" in s.description


def test_lists_of_stories_under_headings_beside_heading_stories(tmp_path):
    p = write(tmp_path, f"# Backlog\n\n## ACC-1 Login\n\n{LOGIN}\n\n### Acceptance criteria\n\n- Wrong passwords are rejected\n\n"
                        f"## More\n\n- {DELETE}\n- {RESET}\n\n## ACC-9 Logout\n\nAs a user, I want to log out so that nobody else uses my account.\n")
    got = stories(p)
    assert [(s.id, s.source.line) for s in got] == [("ACC-1", 3), ("s:13", 13), ("s:14", 14), ("ACC-9", 16)]
    assert got[0].acceptance_criteria == ["Wrong passwords are rejected"]


def test_a_list_before_any_heading(tmp_path):
    p = write(tmp_path, f"Sprint 4 backlog:\n\n- {LOGIN}\n- {DELETE}\n\n## Notes\n\nSee Figma.\n", "sprint.md")
    got = stories(p)
    assert [(s.id, s.text) for s in got] == [("sprint:3", LOGIN), ("sprint:4", DELETE)]
    assert got[1].description == "See Figma."


def test_ids_are_unique_and_stable(tmp_path):
    text = f"# Backlog\n\n- {LOGIN}\n- {LOGIN}\n\n## More\n\n- {DELETE}\n- {DELETE}\n"
    p = write(tmp_path, text)
    ids = [s.id for s in stories(p)]
    assert ids == ["s:3", "s:4", "s:8", "s:9"] and ids == [s.id for s in stories(p)]


def test_suppression_comments_inside_list_items(tmp_path):
    p = write(tmp_path, "# Backlog\n\n- As a user, I want some reports so that I can plan.\n"
                        "  <!-- storylint: disable=INV030 -- the report list is in the epic -->\n"
                        "- As a user, I want some exports so that I can plan. <!-- storylint: disable=INV030 -- ditto -->\n"
                        "- As a user, I want some charts so that I can plan.\n")
    got = findings(p)
    assert [f[:4] for f in got if f[1] == "INV030"] == [("s:6", "INV030", 6, 21)]
    assert not [f for f in got if f[1].startswith("SL")]
    # (and in a one-story file, a comment inside a bullet of the description)
    p = write(tmp_path, "## Login\n\n- As a user, I want some reports so that I can plan.\n"
                        "  <!-- storylint: disable=INV030 -- fine -->\n- Talk to security\n", "one.md")
    assert [f[1] for f in findings(p)] == ["INV050"]


def test_a_comment_in_a_grouping_list_applies_to_the_file(tmp_path):
    p = write(tmp_path, "# Backlog\n\n- Owner: Ann\n  <!-- storylint: disable=INV050 -- criteria are in Jira -->\n\n"
                        f"## Stories\n\n- {LOGIN}\n- {DELETE}\n")
    a, b = stories(p)
    assert a.source.directives == b.source.directives == [(4, "<!-- storylint: disable=INV050 -- criteria are in Jira -->")]
    assert findings(p) == []


@pytest.mark.parametrize("heading", ["# Backlog", "## Backlog", "## Stories", "### Sprint 4"])
def test_a_list_under_a_backlog_heading_below_an_intro(tmp_path, heading):
    p = write(tmp_path, f"# Project\n\nWhat we are building.\n\n{heading}\n\n- {LOGIN}\n- {DELETE}\n")
    assert [(s.id, s.title, s.text) for s in stories(p)] == [("s:7", None, LOGIN), ("s:8", None, DELETE)]


def test_a_one_item_list_further_down_a_backlog_is_a_story_too(tmp_path):
    p = write(tmp_path, f"# Backlog\n\n1. {LOGIN}\n2. {DELETE}\n\nLater:\n\n1. {RESET}\n")
    assert [(s.id, s.text, s.description) for s in stories(p)] == [("s:3", LOGIN, None), ("s:4", DELETE, "Later:"), ("s:8", RESET, None)]


def test_an_id_on_its_own_line_above_the_story_sentence(tmp_path):
    p = write(tmp_path, "# Backlog\n\n- **US-12**\n  As a user, I want some reports so that I can plan.\n- **US-13**\n  " + LOGIN + "\n")
    a, b = stories(p)
    assert [(s.id, s.source.text_line, s.source.text_column) for s in (a, b)] == [("US-12", 4, 3), ("US-13", 6, 3)]
    assert [f[:4] for f in findings(p) if f[1] == "INV030"] == [("US-12", "INV030", 4, 21)]


def test_stories_nested_under_grouping_items(tmp_path):
    p = write(tmp_path, f"# Backlog\n\n- Accounts\n  - {LOGIN}\n  - {RESET}\n- **Billing**\n  - {DELETE}\n"
                        "  - As an admin, I want to refund orders so that customers are happy.\n    - A refund takes 1 day\n")
    got = stories(p)
    assert [(s.id, s.text[:14], s.source.text_line, s.source.text_column) for s in got] == [
        ("s:4", LOGIN[:14], 4, 5), ("s:5", RESET[:14], 5, 5), ("s:7", DELETE[:14], 7, 5), ("s:8", "As an admin, I", 8, 5)]
    assert got[3].acceptance_criteria == ["A refund takes 1 day"]


def test_nested_items_under_a_story_item_are_its_criteria_even_phrased_as_stories(tmp_path):
    # (nested items under a STORY item are its criteria, always; only a grouping item holds stories)
    p = write(tmp_path, f"## Accounts\n\n- As a member, I want to manage my account so that it stays mine.\n  - {LOGIN}\n  - {RESET}\n"
                        "  - Wrong passwords are rejected\n")
    (s,) = stories(p)
    assert (s.id, s.title, s.text[:14]) == ("s", "Accounts", "As a member, I")  # a lone story item: the section's story
    assert s.acceptance_criteria == [LOGIN, RESET, "Wrong passwords are rejected"]
    p = write(tmp_path, "- As a shopper, I want to pay by card so that I can check out.\n  - As a user, I can pay with Visa.\n"
                        "  - As a user, I can pay with Mastercard.\n- As a shopper, I want to see a receipt so that I can keep records.\n", "a4.md")
    a, b = stories(p)
    assert a.acceptance_criteria == ["As a user, I can pay with Visa.", "As a user, I can pay with Mastercard."]
    assert (b.id, b.acceptance_criteria) == ("a4:4", [])


@pytest.mark.parametrize("groups", [[1, 1, 1], [2, 1], [1, 2]])
def test_a_grouping_item_with_one_nested_story_keeps_it(tmp_path, groups):
    texts = iter([LOGIN, DELETE, RESET, "As a user, I want to log out so that nobody else uses my account."])
    lines, want = ["# Backlog", ""], []
    for n, count in enumerate(groups):
        lines.append(f"- Group {n}")
        for _ in range(count):
            t = next(texts)
            lines.append(f"  - {t}")
            want.append((f"s:{len(lines)}", t, len(lines), 5))
    p = write(tmp_path, "\n".join(lines) + "\n")
    assert [(s.id, s.text, s.source.text_line, s.source.text_column) for s in stories(p)] == want


def test_a_later_list_of_the_backlog_with_a_story_among_its_items(tmp_path):
    # (the backlog goes on after a paragraph: nothing in the second list is folded into a story)
    p = write(tmp_path, f"# Backlog\n\n- {LOGIN}\n- {DELETE}\n\nSome text between.\n\n"
                        "- As a guest, I want to browse so that I can decide.\n- Search must be fast.\n- Exports are needed.\n")
    got = stories(p)
    assert [(s.id, s.text) for s in got] == [("s:3", LOGIN), ("s:4", DELETE), ("s:8", "As a guest, I want to browse so that I can decide."),
                                            ("s:9", "Search must be fast."), ("s:10", "Exports are needed.")]
    assert ("s:9", "US001", 9, 3, 9, 23) in findings(p)  # reported, on its own line
