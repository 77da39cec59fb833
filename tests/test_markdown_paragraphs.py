"""Several story-sentence paragraphs in one section: one story per paragraph (user audit).

Two or more paragraphs of one section that each read as a story sentence are stories of their
own, each on its paragraph's line, as the items of a list of stories are; the blocks after a
story paragraph (its notes, the "Acceptance criteria" after it) belong to it, up to the next
story paragraph, so criteria at the end of the section belong to the last story, as they do
under headings. The heading above them only groups them. One story paragraph among prose
paragraphs is one story, as before.
"""

from __future__ import annotations

import pytest
from helpers import stories, write

from storylint.config import Config
from storylint.runner import lint_paths

CARD = "As a shopper, I want to pay by card so that I can check out without cash."
PAYPAL = "As a shopper, I want to pay with PayPal so that I do not share my card number."
REFUND = "As an admin, I want to refund an order so that unhappy customers get their money back."


def findings(path) -> list[tuple[str, str, int, int]]:
    report = lint_paths([str(path)], Config())
    return sorted((r.story.id, f.code, f.line, f.column) for r in report.reports for f in r.findings)


AUDIT = f"""# Checkout stories

{CARD}

{PAYPAL}

{REFUND}

## Acceptance criteria

- card payments are charged once
"""


def test_story_paragraphs_of_one_section_are_one_story_each(tmp_path):
    p = write(tmp_path, AUDIT, "checkout.md")
    got = stories(p)
    assert [(s.id, s.title, s.text, s.source.line, s.source.text_line, s.source.text_column) for s in got] == [
        ("checkout:3", None, CARD, 3, 3, 1),
        ("checkout:5", None, PAYPAL, 5, 5, 1),
        ("checkout:7", None, REFUND, 7, 7, 1),
    ]
    # the criteria after the last story are its own, as under headings
    assert [s.acceptance_criteria for s in got] == [[], [], ["card payments are charged once"]]
    assert [s.source.ac_positions for s in got] == [[], [], [(11, 3)]]
    assert ("checkout:3", "INV050", 3, 1) in findings(p) and ("checkout:5", "INV050", 5, 1) in findings(p)
    assert not any(f[0] == "checkout:7" and f[1] == "INV050" for f in findings(p))


def test_a_paragraph_after_a_story_paragraph_is_its_description(tmp_path):
    p = write(tmp_path, f"## Payments\n\n{CARD}\n\nCards only, no cheques. TBD.\n\n{PAYPAL}\n", "pay.md")
    a, b = stories(p)
    assert (a.text, a.description, b.text, b.description) == (CARD, "Cards only, no cheques. TBD.", PAYPAL, None)
    assert ("pay:3", "INV031", 5, 25) in findings(p)  # 'TBD' in the first story's note, on its line


def test_story_paragraphs_without_a_heading_are_one_story_each(tmp_path):
    p = write(tmp_path, f"{CARD}\n\n{PAYPAL}\n", "plain.md")
    assert [(s.id, s.text, s.source.line) for s in stories(p)] == [("plain:1", CARD, 1), ("plain:3", PAYPAL, 3)]


def test_sentences_on_consecutive_lines_stay_one_paragraph_one_story(tmp_path):
    p = write(tmp_path, f"# Checkout\n\n{CARD}\n{PAYPAL}\n", "one.md")
    (s,) = stories(p)
    assert s.text == f"{CARD}\n{PAYPAL}"


def test_one_story_paragraph_among_prose_is_one_story_as_before(tmp_path):
    p = write(tmp_path, f"# Checkout\n\nSome context first.\n\n{CARD}\n\nMore notes.\n\n## Acceptance criteria\n\n- charged once\n", "single.md")
    (s,) = stories(p)
    assert (s.id, s.title, s.text, s.description, s.acceptance_criteria) == (
        "single", "Checkout", CARD, "Some context first.\n\nMore notes.", ["charged once"])


def test_story_paragraphs_under_a_user_story_part_are_one_story_each(tmp_path):
    p = write(tmp_path, f"# Checkout\n\n## User story\n\n{CARD}\n\n{PAYPAL}\n\n## Acceptance criteria\n\n- charged once\n", "part.md")
    a, b = stories(p)
    assert (a.text, a.source.line, b.text, b.source.line) == (CARD, 5, PAYPAL, 7)
    assert (a.acceptance_criteria, b.acceptance_criteria) == ([], ["charged once"])


def test_story_sentences_in_criteria_are_not_split(tmp_path):
    p = write(tmp_path, f"# Checkout\n\n{CARD}\n\n## Acceptance criteria\n\n{PAYPAL}\n\n{REFUND}\n", "ac.md")
    (s,) = stories(p)
    assert s.text == CARD and s.acceptance_criteria == [PAYPAL, REFUND]


def test_an_id_heading_over_story_paragraphs_is_the_first_ones(tmp_path):
    text = f"## ACC-1 Pay\n\n{CARD}\n\n{PAYPAL}\n\n## ACC-2 Refund\n\n{REFUND}\n"
    p = write(tmp_path, text, "ids.md")
    assert [(s.id, s.title, s.text, s.source.line) for s in stories(p)] == [
        ("ACC-1", "Pay", CARD, 1),
        ("ids:5", None, PAYPAL, 5),
        ("ACC-2", "Refund", REFUND, 7),
    ]


def test_text_that_only_groups_stories_is_not_a_story(tmp_path):
    """The prose above the first of several story paragraphs (or above a list of stories) and a
    grouping item's label ("- Payments") group the stories, as an epic heading does: they are
    no story's text, description or criteria."""
    p = write(tmp_path, f"# Checkout\n\nThese cover payment. TBD.\n\n{CARD}\n\n{PAYPAL}\n\n# Admin\n\n- Refunds\n  - {REFUND}\n  - {CARD}\n", "group.md")
    got = stories(p)
    assert [(s.id, s.text, s.description) for s in got] == [
        ("group:5", CARD, None), ("group:7", PAYPAL, None), ("group:12", REFUND, None), ("group:13", CARD, None)]
    assert not any(f[1] == "INV031" for f in findings(p))  # the 'TBD' of the grouping text


def test_a_wish_without_role_or_benefit_under_a_story_is_its_note(tmp_path):
    p = write(tmp_path, f"# Checkout\n\n{CARD}\n\nI want the pay button green.\n", "note.md")
    (s,) = stories(p)
    assert (s.text, s.description) == (CARD, "I want the pay button green.")


CASH = "As a shopper, I want to pay by cash so that I can check out."


@pytest.mark.parametrize("label", ["**Acceptance criteria**\n\n", "Acceptance criteria:\n", "### Acceptance criteria\n\n"])
def test_a_story_paragraph_after_a_story_s_criteria_starts_the_next_story(tmp_path, label):
    # (criteria end where a new story sentence starts: it is no criterion of the story above)
    p = write(tmp_path, f"## Payments\n\n{CARD}\n\n{label}- card is charged once\n\n{CASH}\n\n{label}- change is given\n", "k.md")
    a, b = stories(p)
    assert (a.text, a.acceptance_criteria) == (CARD, ["card is charged once"])
    assert (b.text, b.acceptance_criteria, b.source.text_line, b.source.text_column) == (
        CASH, ["change is given"], 9 if label.endswith("\n\n") else 8, 1)


def test_a_story_in_an_html_block_between_story_paragraphs_is_a_story(tmp_path):
    p = write(tmp_path, f"## Backlog\n\n{CARD}\n\n<p>{REFUND}</p>\n\n{PAYPAL}\n", "l3.md")
    assert [(s.text, s.source.text_line, s.description) for s in stories(p)] == [(CARD, 3, None), (REFUND, 5, None), (PAYPAL, 7, None)]


def test_a_note_with_a_wish_and_a_benefit_under_a_story_is_its_description(tmp_path):
    # ("Notes:" labels a note; "as a rule" / "as a result" are no roles)
    for note in ("Notes: as a rule, we want to support Visa so that most customers can pay.",
                 "As a rule, we want to support Visa so that most customers can pay.",
                 "As a result, I want to support Visa so that most customers can pay."):
        p = write(tmp_path, f"# SHOP-9 Pay\n\n{CARD}\n\n{note}\n", "t4d.md")
        (s,) = stories(p)
        assert (s.id, s.text, s.description) == ("SHOP-9", CARD, note)


OOS_CASES = {
    "heading": "## Out of scope\n\n",
    "label": "Related stories:\n\n",
    "bold after criteria": "**Acceptance criteria**\n\n- card is charged once\n\n**Out of scope**\n\n",
}


@pytest.mark.parametrize("part", OOS_CASES.values(), ids=OOS_CASES.keys())
@pytest.mark.parametrize("body", [PAYPAL, f"- {PAYPAL}\n- {REFUND}"])
def test_what_a_part_of_a_story_holds_is_its_description(tmp_path, part, body):
    # (notes, out of scope, related ...: the story's description, whatever they hold; a bold
    # "Out of scope" line ends the criteria above it)
    p = write(tmp_path, f"# SHOP-1 Pay\n\n{CARD}\n\n{part}{body}\n", "oos.md")
    (s,) = stories(p)
    assert (s.id, s.text) == ("SHOP-1", CARD)
    assert s.acceptance_criteria == (["card is charged once"] if "Acceptance" in part else [])
    assert PAYPAL in s.description
