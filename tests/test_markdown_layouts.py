"""Markdown layouts: which headings are stories, which are parts of a story, which group them.

A file whose ``# `` title section (or ``## Story`` section) holds the story sentence is one
story, and its other ``## `` sections (criteria, notes, out of scope ...) are parts of it. A
``## `` section is a story of its own in a backlog: several sections that each hold a story
sentence or an id-like heading, or one such section and siblings at its level that do not name a
part of a story (a badly written story is still a story, and is reported as one). Stories sit at the heading level whose sections hold them; the
levels above group them (epics). Every story read is reported.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import findings, stories, write

LAYOUTS = Path(__file__).parent / "fixtures" / "markdown"


# --- one story per file: the other sections are parts of it ------------------------------------


def test_a_title_story_with_a_notes_section_is_one_story():
    path = LAYOUTS / "title_story_with_notes.md"
    (s,) = stories(path)
    assert (s.id, s.title, s.source.line, s.source.text_line) == ("title_story_with_notes", "Login", 1, 3)
    assert s.text == "As a member, I want to log in so that I can see my orders etc."
    assert s.description == "See Figma. TBD." and s.acceptance_criteria == []
    sid = s.id
    assert findings(path) == [
        (sid, "INV031", 7, 12, 7, 15),  # 'TBD' in the notes, read as the description
        (sid, "INV033", 3, 59, 3, 62),  # 'etc' in the story sentence
        (sid, "INV050", 3, 1, 3, 1),
    ]


def test_a_title_story_with_criteria_notes_and_out_of_scope_is_one_story():
    path = LAYOUTS / "title_story_criteria_notes_out_of_scope.md"
    (s,) = stories(path)
    assert (s.title, s.source.line, s.source.text_line) == ("Login", 1, 3)
    assert s.acceptance_criteria == ["Orders are listed within 2 seconds", "The page loads fast"]
    assert s.source.ac_positions == [(7, 3), (8, 3)]
    assert s.description == "See Figma. TBD.\n\n- Social login"
    sid = s.id
    assert findings(path) == [
        (sid, "INV031", 12, 12, 12, 15),
        (sid, "INV033", 3, 59, 3, 62),
        (sid, "INV051", 8, 18, 8, 22),  # 'fast' in the second criterion
    ]


def test_a_story_section_under_the_title_is_the_story_sentence():
    path = LAYOUTS / "story_section.md"
    (s,) = stories(path)
    assert (s.id, s.title, s.source.line, s.source.text_line) == ("story_section", "Login", 1, 5)
    assert s.text == "As a member, I want to log in so that I can see my orders etc."
    assert s.acceptance_criteria == ["The page loads fast"] and s.description == "Use OAuth. TBD."
    sid = s.id
    assert findings(path) == [
        (sid, "INV031", 13, 12, 13, 15),
        (sid, "INV033", 5, 59, 5, 62),
        (sid, "INV051", 9, 18, 9, 22),
    ]


@pytest.mark.parametrize("part", ["Notes", "Out of scope", "Technical notes", "Design", "Open questions", "Links", "Definition of done"])
def test_no_section_without_a_story_sentence_is_a_story_in_a_one_story_file(tmp_path, part):
    p = write(tmp_path, f"# Login\n\nAs a member, I want to log in so that I can see my orders.\n\n## {part}\n\n- Use the design system\n")
    (s,) = stories(p)
    assert (s.title, s.text) == ("Login", "As a member, I want to log in so that I can see my orders.")
    assert "Use the design system" in (s.description or "") + "".join(s.acceptance_criteria)


def test_a_story_sentence_before_any_heading_keeps_the_sections_as_parts(tmp_path):
    p = write(tmp_path, "As a member, I want to log in so that I can see my orders.\n\n## Notes\n\nSee Figma.\n")
    (s,) = stories(p)
    assert (s.id, s.title, s.text, s.description) == ("s", None, "As a member, I want to log in so that I can see my orders.", "See Figma.")


def test_a_user_story_section_after_an_intro_is_the_text_and_the_intro_the_description(tmp_path):
    p = write(tmp_path, "# Login\n\nPart of the accounts work.\n\n## User story\n\nAs a member, I want to log in so that I can see my orders.\n\n"
                        "## Acceptance criteria\n\n- Orders are listed within 2 seconds\n")
    (s,) = stories(p)
    assert (s.title, s.source.text_line) == ("Login", 7)
    assert s.text.startswith("As a member") and s.description == "Part of the accounts work."
    assert s.acceptance_criteria == ["Orders are listed within 2 seconds"]


def test_one_id_like_story_section_with_a_notes_section_is_one_story(tmp_path):
    p = write(tmp_path, "## A-1 Export\n\nAs a user, I want to export reports so that I can share them.\n\n## Notes\n\nSee the TBD spec.\n")
    (s,) = stories(p)
    assert (s.id, s.title, s.source.line, s.description) == ("A-1", "Export", 1, "See the TBD spec.")
    assert [f[1:4] for f in findings(p) if f[1] == "INV031"] == [("INV031", 7, 9)]


# --- backlogs: several stories, at the level that holds them ------------------------------------


def test_stories_under_epic_headings_are_stories_of_their_own():
    path = LAYOUTS / "epics.md"
    acc1, acc2, pay1 = stories(path)
    assert [(s.id, s.title, s.source.line, s.source.text_line) for s in (acc1, acc2, pay1)] == [
        ("ACC-1", "Login", 5, 6), ("ACC-2", "Logout", 10, 11), ("PAY-1", "Saved card", 19, 20)]
    assert acc1.acceptance_criteria == ["Orders are listed within 2 seconds", "The page loads fast"]
    assert acc2.acceptance_criteria == ["The session ends quickly"] and acc2.description is None
    assert pay1.acceptance_criteria == ["A saved card can be chosen, TBD"]
    assert pay1.description is None  # the epic's own text groups, it is no part of its first story
    assert [s.source.ac_positions for s in (acc1, acc2, pay1)] == [[(8, 3), (9, 3)], [(13, 3)], [(22, 3)]]
    assert findings(path) == [
        ("ACC-1", "INV033", 6, 59, 6, 62),
        ("ACC-1", "INV051", 9, 18, 9, 22),
        ("ACC-2", "INV051", 13, 20, 13, 27),
        ("PAY-1", "INV031", 22, 31, 22, 34),
    ]


def test_the_audit_epic_layout_gives_two_stories_with_their_own_criteria(tmp_path):
    p = write(tmp_path, "# Backlog\n## Epic: Accounts\n### ACC-1 Login\nAs a member, I want to log in so that I can see my orders.\n"
                        "#### Acceptance criteria\n- Orders are listed within 2 seconds\n### ACC-2 Logout\n"
                        "As a member, I want to log out so that nobody else uses my account.\n#### Acceptance criteria\n"
                        "- The session ends within 1 second\n")
    a, b = stories(p)
    assert (a.id, a.source.line, a.acceptance_criteria, a.description) == ("ACC-1", 3, ["Orders are listed within 2 seconds"], None)
    assert (b.id, b.source.line, b.acceptance_criteria, b.description) == ("ACC-2", 7, ["The session ends within 1 second"], None)


@pytest.mark.parametrize("heading, sid, title", [
    ("[ACC-2] Logout", "ACC-2", "Logout"),
    ("[ACC-2]: Logout", "ACC-2", "Logout"),
    ("[ACC-2](https://jira.example.com/browse/ACC-2) Logout", "ACC-2", "Logout"),
    ("ACC-2 Logout", "ACC-2", "Logout"),
    ("[Draft] Logout", None, "[Draft] Logout"),
])
def test_a_bracketed_key_in_a_heading_is_the_story_id(tmp_path, heading, sid, title):
    p = write(tmp_path, f"## ACC-1 Login\nAs a member, I want to log in so that I can see my orders.\n## {heading}\n"
                        "As a member, I want to log out so that nobody else uses my account.\n")
    a, b = stories(p)
    assert a.id == "ACC-1" and (b.id, b.title) == (sid or "s:3", title)


def test_a_story_sentence_in_the_title_and_another_story_section_are_two_stories(tmp_path):
    p = write(tmp_path, "# Login\n\nAs a member, I want to log in so that I can see my orders.\n\n"
                        "## A-2 Logout\n\nAs a member, I want to log out so that nobody else uses my account.\n")
    a, b = stories(p)
    assert (a.title, a.text[:12], a.source.line) == ("Login", "As a member,", 1)
    assert (b.id, b.text[:12], b.source.line) == ("A-2", "As a member,", 5)


def test_a_backlog_keeps_every_section_a_story_even_a_badly_written_one(tmp_path):
    p = write(tmp_path, "## Login\n\nAs a member, I want to log in so that I can see my orders.\n\n"
                        "## Logout\n\nI want to log out so that nobody else uses my account.\n\n"
                        "## Search\n\nThe search must be quick.\n")
    assert [(s.title, s.source.line) for s in stories(p)] == [("Login", 1), ("Logout", 5), ("Search", 9)]


def test_sections_without_any_story_sentence_are_read_as_before(tmp_path):
    p = write(tmp_path, "# Ideas\n\nIntro.\n\n## Search\n\nThe search must be quick.\n\n## Export\n\nReports export to PDF.\n")
    assert [(s.title, s.text) for s in stories(p)] == [("Search", "The search must be quick."), ("Export", "Reports export to PDF.")]


def test_an_issue_template_without_a_title_is_one_story(tmp_path):
    p = write(tmp_path, "## User Story\n\nAs a member, I want to log in so that I can see my orders.\n\n"
                        "## Acceptance Criteria\n\n- [ ] Orders are listed within 2 seconds\n\n## Notes\n\n- The page is fast\n")
    (s,) = stories(p)
    assert (s.id, s.title, s.source.text_line) == ("s", None, 3)
    assert s.acceptance_criteria == ["Orders are listed within 2 seconds"] and s.description == "- The page is fast"
    assert findings(p) == []  # 'fast' in a note is not an unmeasurable criterion


def test_a_note_that_only_opens_like_a_role_is_no_story(tmp_path):
    p = write(tmp_path, "# Login\n\nAs a member, I want to log in so that I can see my orders.\n\n"
                        "## Details\n\nAs discussed, we want to keep the old page for a while.\n")
    (s,) = stories(p)
    assert s.description == "As discussed, we want to keep the old page for a while."


# --- nothing read is lost ----------------------------------------------------------------------


def test_a_story_sentence_above_the_first_story_heading_is_a_story_too(tmp_path):
    p = write(tmp_path, "As an admin, I want to export reports so that I can share them.\n\n"
                        "## A-1 Login\n\nAs a member, I want to log in so that I can see my orders.\n\n"
                        "## A-2 Logout\n\nAs a member, I want to log out so that nobody else uses my account.\n")
    assert [(s.id, s.source.line, s.text[:11]) for s in stories(p)] == [("s", 1, "As an admin"), ("A-1", 3, "As a member"), ("A-2", 7, "As a member")]


def test_an_epic_written_as_a_story_is_a_story_beside_its_stories(tmp_path):
    p = write(tmp_path, "# Backlog\n\n## Epic: Accounts\n\nAs a member, I want to manage my account so that it stays mine.\n\n"
                        "### ACC-1 Login\n\nAs a member, I want to log in so that I can see my orders.\n\n"
                        "### ACC-2 Logout\n\nAs a member, I want to log out so that nobody else uses my account.\n")
    assert [(s.id, s.title, s.source.line) for s in stories(p)] == [("s:3", "Epic: Accounts", 3), ("ACC-1", "Login", 7), ("ACC-2", "Logout", 11)]


def test_stories_under_level_one_headings_are_not_merged(tmp_path):
    p = write(tmp_path, "# A-1 Login\nAs a member, I want to log in so that I can see my orders.\n"
                        "# A-2 Logout\nAs a member, I want to log out so that nobody else uses my account.\n")
    assert [(s.id, s.source.line, s.source.text_line) for s in stories(p)] == [("A-1", 1, 2), ("A-2", 3, 4)]


def test_a_comment_under_an_epic_heading_applies_to_the_file(tmp_path):
    p = write(tmp_path, "# Backlog\n\n## Epic: Accounts\n\n<!-- storylint: disable=INV050 -- criteria live in the epic -->\n\n"
                        "### ACC-1 Login\n\nAs a member, I want to log in so that I can see my orders.\n\n"
                        "### ACC-2 Logout\n\nAs a member, I want to log out so that nobody else uses my account.\n")
    a, b = stories(p)
    assert a.source.directives == b.source.directives == [(5, "<!-- storylint: disable=INV050 -- criteria live in the epic -->")]
    assert findings(p) == []


def test_sibling_sections_of_a_lone_story_are_stories_unless_they_name_a_part(tmp_path):
    # One well-written story among badly written ones: each ## is a story, reported as such
    # (never folded into the first story's description, where nothing would check it).
    p = write(tmp_path, "# Backlog\n\n## Login\n\nAs a member, I want to log in so that I can see my orders.\n\n"
              "## Logout\n\nUsers can log out.\n\n## Profile\n\nEdit profile page.\n")
    got = stories(p)
    assert [(s.title, s.text) for s in got] == [
        ("Login", "As a member, I want to log in so that I can see my orders."),
        ("Logout", "Users can log out."),
        ("Profile", "Edit profile page."),
    ]
    assert {code for sid, code, *_ in findings(p) if sid == got[1].id} >= {"US001", "US002"}
    # Siblings that name a part of a story are parts of it, not stories.
    p = write(tmp_path, "## Login\n\nAs a member, I want to log in so that I can see my orders.\n\n"
              "## Notes\n\nSee Figma.\n\n## Out of scope\n\nSSO.\n\n## Open questions\n\nRemember me?\n", "n.md")
    (only,) = stories(p)
    assert only.title == "Login" and "See Figma." in only.description and "Remember me?" in only.description


def _shape(p):
    return [(s.title, s.text, s.acceptance_criteria, s.description) for s in stories(p)]


def test_two_user_story_sections_under_one_title_are_two_stories(tmp_path):
    p = write(tmp_path, "# Feature: Password management\n\n## User story\n\nAs a user, I want to reset my password so that I can regain access.\n\n"
              "## Acceptance criteria\n\n- Reset link expires after 1 hour\n\n## User story\n\n"
              "As a user, I want to change my password so that I can keep my account secure.\n\n## Acceptance criteria\n\n- Old password is required\n")
    got = stories(p)
    assert [(s.text, s.acceptance_criteria) for s in got] == [
        ("As a user, I want to reset my password so that I can regain access.", ["Reset link expires after 1 hour"]),
        ("As a user, I want to change my password so that I can keep my account secure.", ["Old password is required"]),
    ]


def test_badly_written_stories_beside_or_under_a_lone_story_are_reported_not_folded_in(tmp_path):
    # Feature names that could name a part ("Comments", "History") beside a lone "## " story.
    p = write(tmp_path, "# Collaboration backlog\n\n## Share documents\n\nAs an editor, I want to share a document with a link so that colleagues can read it.\n\n"
              "## Comments\n\nReaders can leave comments on a paragraph.\n\n## History\n\nShow the version history of a document.\n")
    assert [t for t, *_ in _shape(p)] == ["Share documents", "Comments", "History"]
    # Sections under a one-story title that do not name a part are stories too.
    p = write(tmp_path, "# Checkout\n\nAs a shopper, I want a fast checkout so that I complete my purchase.\n\n"
              "## Guest checkout\n\nShoppers can check out without creating an account.\n\n## Notes\n\nSee Figma.\n\n"
              "## Saved cards\n\nReturning shoppers can pay with a saved card.\n", "c.md")
    got = _shape(p)
    assert [t for t, *_ in got] == ["Checkout", "Guest checkout", "Saved cards"]
    assert got[1][3] == "See Figma."  # (a part named so belongs to the section above it)
    p = write(tmp_path, "# ABC-12 Export data\n\n## Story\n\nAs an analyst, I want to export data as CSV so that I can use Excel.\n\n"
              "## Acceptance criteria\n\n- Header row\n\n## Related\n\nABC-13 Import data\n", "r.md")
    (only,) = stories(p)
    assert only.id == "ABC-12" and only.acceptance_criteria == ["Header row"] and only.description == "ABC-13 Import data"


def test_a_later_epic_heading_closes_the_story_above_it(tmp_path):
    p = write(tmp_path, "# Backlog\n## Epic: Accounts\nEverything about user accounts.\n### Sign up\n"
              "As a visitor, I want to sign up with my email so that I can save my preferences.\n### Password reset\n"
              "Users can reset their password.\n## Epic: Billing\nPayments and invoices.\n### Invoices\nDownload invoices as PDF.\n")
    got = _shape(p)
    assert [(t, d) for t, _x, _a, d in got] == [("Sign up", None), ("Password reset", None), ("Invoices", None)]


@pytest.mark.parametrize("heading", ["ACs", "✅ Acceptance criteria", "Acceptance Criteria (MVP)", "Success criteria", "Acceptance criteria / DoD"])
def test_criteria_headings_as_teams_write_them(tmp_path, heading):
    p = write(tmp_path, f"## Bulk export\n\nAs an admin, I want to export all users as CSV so that I can audit accounts.\n\n## {heading}\n\n"
              "- Export includes email and role\n\n## Definition of Ready\n\n- Designs approved\n")
    (only,) = stories(p)
    assert only.acceptance_criteria == ["Export includes email and role"]


@pytest.mark.parametrize("label", ["**User story:** ", "**User story**: ", "User story: ", "*Story:* "])
def test_a_label_before_the_story_sentence_is_not_story_text(tmp_path, label):
    p = write(tmp_path, f"# Reports\n\n{label}As a user, I want some reports so that I can plan.\n\n## Acceptance criteria\n\n- A link is sent\n")
    (only,) = stories(p)
    assert only.text == "As a user, I want some reports so that I can plan."
    got = [(code, line, col) for _sid, code, line, col, _el, _ec in findings(p)]
    assert got == [("INV030", 3, len(label) + 19)]  # under "some", past the label


def test_a_story_sentence_as_the_heading_is_the_story_text(tmp_path):
    p = write(tmp_path, "# As a user, I want some reports so that I can plan\n\n## Acceptance criteria\n\n- A CSV downloads\n")
    (only,) = stories(p)
    assert (only.text, only.title, only.acceptance_criteria) == ("As a user, I want some reports so that I can plan", None, ["A CSV downloads"])
    assert [(code, line, col) for _s, code, line, col, _el, _ec in findings(p)] == [("INV030", 1, 21)]


def test_a_notes_section_beside_a_list_of_stories_is_no_story(tmp_path):
    # An epic file: its own story sentence, a "## Stories" list, then "## Notes": the notes
    # item ("As a rule, ...") is not read as a story (it gave US002, an error, and exit 1).
    path = write(tmp_path, (
        "# Epic: Search\nAs a shopper, I want to find products so that I can buy them.\n\n"
        "## Stories\n- As a shopper, I want to search by name so that I find a product I know.\n"
        "- As a shopper, I want to filter by price so that I stay in budget.\n\n"
        "## Notes\n- As a rule, search must respect stock.\n"
    ))
    assert [s.source.line for s in stories(path)] == [1, 5, 6]
    assert not [f for f in findings(path) if f[1] in ("US001", "US002", "US040")]
    assert stories(path)[-1].description == "- As a rule, search must respect stock."  # (kept, not lost)
