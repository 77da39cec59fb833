"""Parts of a story written on consecutive lines, with no blank line between them (user audit).

Markdown joins such lines into one paragraph. A label line above the story sentence
("**User story**", "_User story_", "Title: …"), an "Acceptance criteria:" label right under the
sentence, and ``Key: value`` metadata followed by more prose are still read as what they are:
the label is not story text, the criteria are criteria, the estimate and dependencies are read.
"""

from __future__ import annotations

import pytest
from helpers import stories, write

from storylint.config import Config
from storylint.runner import lint_paths

STORY = "As a shopper, I want to save my cart so that I can buy later."


def codes(path) -> list[tuple[str, int, int]]:
    report = lint_paths([str(path)], Config())
    return sorted((f.code, f.line, f.column) for r in report.reports for f in r.findings)


@pytest.mark.parametrize("label", ["**User story**", "**User story:**", "**User story**:", "_User story_", "User story:", "*Story*"])
def test_a_label_line_above_the_sentence_is_not_story_text(tmp_path, label):
    p = write(tmp_path, f"# CART-8 Save cart\n\n{label}\n{STORY}\n\n## Acceptance criteria\n- The cart is kept for 30 days\n", "s.md")
    (s,) = stories(p)
    assert s.text == STORY
    assert (s.source.text_line, s.source.text_column) == (4, 1)
    assert codes(p) == []


def test_a_title_line_is_the_title(tmp_path):
    p = write(tmp_path, f"# CART-7\n\nTitle: Save cart\n{STORY}\n\n## Acceptance criteria\n- The cart is kept for 30 days\n", "s.md")
    (s,) = stories(p)
    assert (s.id, s.title, s.text) == ("CART-7", "Save cart", STORY)


@pytest.mark.parametrize("label", ["Acceptance criteria:", "**Acceptance criteria:**", "Acceptance Criteria"])
def test_a_criteria_label_right_under_the_sentence_starts_the_criteria(tmp_path, label):
    p = write(tmp_path, f"# CART-21 Save cart\n\n{STORY}\n{label}\n- The cart is kept for 30 days\n- It is fast\n", "s.md")
    (s,) = stories(p)
    assert s.text == STORY
    assert s.acceptance_criteria == ["The cart is kept for 30 days", "It is fast"]
    assert ("INV051", 6, 9) in codes(p)  # 'fast', on its own line and column
    assert not any(c in ("INV050", "US021") for c, _l, _c in codes(p))


def test_criteria_lines_under_the_label_in_the_same_paragraph(tmp_path):
    p = write(tmp_path, f"# CART-22 Save cart\n\n{STORY}\nAcceptance criteria:\nThe cart is kept for 30 days\n", "s.md")
    (s,) = stories(p)
    assert (s.text, s.acceptance_criteria) == (STORY, ["The cart is kept for 30 days"])
    assert s.source.ac_positions == [(5, 1)]


def test_metadata_between_the_sentence_and_prose_is_read(tmp_path):
    body = f"## SHOP-104 Refund status\n{STORY}\nEstimate: 21\nDepends on: SHOP-12\nThis needs the new payment provider.\n"
    p = write(tmp_path, body, "s.md")
    (s,) = stories(p)
    assert (s.text, s.estimate, s.depends_on, s.description) == (STORY, 21, ["SHOP-12"], "This needs the new payment provider.")
    assert s.source.description_line == 5
    got = codes(p)
    assert ("INV043", 3, 11) in got
    assert not any(c in ("US021", "US025") for c, _l, _c in got)


def test_metadata_that_only_closes_the_paragraph_is_read_as_before(tmp_path):
    p = write(tmp_path, f"## SHOP-105 Refund\n{STORY}\nEstimate: 3\nLabels: refunds\n", "s.md")
    (s,) = stories(p)
    assert (s.text, s.estimate, s.labels, s.description) == (STORY, 3, ["refunds"], None)


def test_a_key_value_line_inside_prose_is_not_split_off_the_prose_above(tmp_path):
    # Not metadata: "Note:" is no key; the paragraph stays the description it was.
    p = write(tmp_path, f"## SHOP-106 Refund\n{STORY}\n\nThe provider decides.\nNote: see the contract.\n", "s.md")
    (s,) = stories(p)
    assert s.description == "The provider decides.\nNote: see the contract."
