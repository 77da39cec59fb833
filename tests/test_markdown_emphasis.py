"""Emphasis on the template's keywords is not part of the story text (user audit).

``_As a_ shopper, **I want** …, *so that* …``: the rules read the text without the emphasis,
strong and code span markers that markdown-it-py reads as such, and each character of it keeps
its own column in the file. A literal ``*`` ("5 * 3"), a ``snake_case_word`` or an escaped
``\\*`` is text, and so is the visible text of an HTML block.
"""

from __future__ import annotations

import pytest
from helpers import findings, stories, write

from storylint.readers.markdown_inline import marker_spans, plain, without_markers


def codes(path) -> set[str]:
    return {f[1] for f in findings(path)}


def test_emphasised_keywords_under_a_user_story_heading(tmp_path):
    line = "_As a_ returning shopper, _I want_ my cart to be saved between visits, _so that_ I do not have to add the items again etc."
    p = write(tmp_path, f"# Saved cart\n\n## User story\n\n{line}\n", "cart.md")
    (s,) = stories(p)
    assert s.text == "As a returning shopper, I want my cart to be saved between visits, so that I do not have to add the items again etc."
    assert not {"US001", "US002", "US003"} & codes(p)
    at = line.index("etc") + 1
    assert ("cart", "INV033", 5, at, 5, at + 3) in findings(p)  # 'etc' on its own column


def test_an_emphasised_benefit_is_a_benefit(tmp_path):
    p = write(tmp_path, "# Saved cart\n\nAs a shopper, I want my cart saved, _so that_ I do not add items again.\n", "b.md")
    (s,) = stories(p)
    assert s.text == "As a shopper, I want my cart saved, so that I do not add items again."
    assert "US003" not in codes(p)


def test_strong_keywords_on_three_lines(tmp_path):
    text = "# Saved cart\n\n**As a** returning shopper,\n**I want** my cart to be saved between visits,\n**so that** I do not have to add the items again etc.\n"
    p = write(tmp_path, text, "c.md")
    (s,) = stories(p)
    assert s.text == "As a returning shopper,\nI want my cart to be saved between visits,\nso that I do not have to add the items again etc."
    assert not {"US003", "US021"} & codes(p)
    at = "**so that** I do not have to add the items again etc.".index("etc") + 1
    assert ("c", "INV033", 5, at, 5, at + 3) in findings(p)
    assert s.source.text_line == 3 and s.source.text_column == 3


def test_a_code_span_and_emphasis_in_a_list_backlog_keep_their_columns(tmp_path):
    p = write(tmp_path, "## Backlog\n\n- *As a* user, I want to save my `cart` so that I can come back etc.\n- As an admin, I want to delete users so that spam goes away.\n", "l.md")
    a, _b = stories(p)
    assert a.text == "As a user, I want to save my cart so that I can come back etc."
    src = "- *As a* user, I want to save my `cart` so that I can come back etc."
    at = src.index("etc") + 1
    assert ("l:3", "INV033", 3, at, 3, at + 3) in findings(p)


def test_literal_stars_and_underscores_stay(tmp_path):
    p = write(tmp_path, "# Maths\n\nAs a teacher, I want 5 * 3 shown as snake_case_word and \\*stars\\* so that pupils see it.\n", "m.md")
    (s,) = stories(p)
    assert s.text == "As a teacher, I want 5 * 3 shown as snake_case_word and \\*stars\\* so that pupils see it."


def test_html_text_is_not_read_as_markdown(tmp_path):
    p = write(tmp_path, "# Maths\n\n<p>As a teacher, I want *stars* kept so that pupils see them.</p>\n", "h.md")
    (s,) = stories(p)
    assert s.text == "As a teacher, I want *stars* kept so that pupils see them."


def test_the_duplicate_rule_sees_the_same_text_either_way(tmp_path):
    p = write(tmp_path, "## Backlog\n\n- **As a** user, **I want** to log in so that I can see my data.\n- As a user, I want to log in so that I can see my data.\n", "d.md")
    a, b = stories(p)
    assert a.text == b.text
    assert "US041" in codes(p)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("_As a_ user", "As a user"),
        ("__As a__ user", "As a user"),
        ("***As a*** user", "As a user"),
        ("a ``b ` c`` d", "a b ` c d"),
        ("5 * 3 and 2 * 4", "5 * 3 and 2 * 4"),
        ("snake_case_word", "snake_case_word"),
        ("see [the *docs*](http://x) now", "see [the *docs*](http://x) now"),  # a link: left as it is
        ("a &amp; *b*", "a &amp; b"),
        ("*a*\nb  \n*c*", "a\nb  \nc"),
        ("\\\\*a* \\_b_", "\\\\a \\_b_"),  # an escaped backslash, then emphasis; an escaped _
    ],
)
def test_markers_removed(text, expected):
    assert plain(text) == expected


def test_anchors_follow_the_removed_markers():
    text = "**As a** user,\n_I want_ x"
    out, anchors = without_markers(text, [(0, 3, 1), (15, 4, 3)])
    assert out == "As a user,\nI want x"
    assert anchors == [(0, 3, 3), (4, 3, 9), (11, 4, 4), (17, 4, 11)]
    assert marker_spans("x" * 10) == []


def test_a_long_run_of_markers_is_read_in_linear_time():
    import time

    text = "*_" * 20000 + " As a user"
    t = time.perf_counter()
    plain(text)
    assert time.perf_counter() - t < 5


def test_emphasis_in_a_heading_story_and_after_an_item_id(tmp_path):
    head = "# _As a_ user, **I want** to log in so that I see my orders etc."
    p = write(tmp_path, f"{head}\n\n## Acceptance criteria\n\n- orders listed\n", "h1.md")
    (s,) = stories(p)
    assert s.text == "As a user, I want to log in so that I see my orders etc."
    assert ("h1", "INV033", 1, head.index("etc") + 1, 1, head.index("etc") + 4) in findings(p)
    item = "- **US-2**: _As an_ admin, I want to ban users so that spam stops etc."
    p = write(tmp_path, f"## Backlog\n\n- As a user, I want to log in so that I see my orders.\n{item}\n", "ids.md")
    _a, b = stories(p)
    assert (b.id, b.text) == ("US-2", "As an admin, I want to ban users so that spam stops etc.")
    assert ("US-2", "INV033", 4, item.index("etc") + 1, 4, item.index("etc") + 4) in findings(p)


def test_a_hit_ends_at_its_last_character_before_a_closing_marker(tmp_path):
    line = "As a shopper, I want a **fast** search and `Elasticsearch` so that I find things."
    p = write(tmp_path, f"# Pay\n\n{line}\n", "e8.md")
    got = findings(p)
    fast, es = line.index("fast") + 1, line.index("Elasticsearch") + 1
    assert ("e8", "INV030", 3, fast, 3, fast + 4) in got and ("e8", "INV011", 3, es, 3, es + 13) in got
