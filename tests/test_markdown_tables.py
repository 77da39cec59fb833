"""Markdown (GFM) tables of stories: one story per row (user audit).

A table whose header names the story's columns (the names the YAML/JSON reader accepts: "Story",
"User story", "ID" with "Title" or "Points" ...), or whose rows mostly hold a story sentence in
one column, is a backlog: one story per body row, on the row's line, each field from its cell and
placed on the cell's column. Any other table is read as before (a paragraph of its lines).
"""

from __future__ import annotations

from helpers import findings, stories, write

from storylint.models import InputError, Story
from storylint.readers import read_file

CARD = "As a shopper, I want to pay by card so that I can check out without cash."
REFUND = "As an admin, I want to refund an order so that unhappy customers get their money back."


AUDIT = f"""# Backlog

| ID | Story | Points |
|----|-------|--------|
| SHOP-1 | {CARD} | 3 |
| SHOP-2 | {REFUND} etc. | 5 |
"""


def test_a_table_of_stories_is_one_story_per_row(tmp_path):
    p = write(tmp_path, AUDIT, "backlog.md")
    a, b = stories(p)
    assert [(s.id, s.title, s.text, s.estimate, s.source.line, s.source.text_line, s.source.text_column) for s in (a, b)] == [
        ("SHOP-1", None, CARD, 3, 5, 5, 12),
        ("SHOP-2", None, REFUND + " etc.", 5, 6, 6, 12),
    ]
    assert a.source.estimate_position == (5, 12 + len(CARD) + 3, 12 + len(CARD) + 4)
    got = findings(p)
    assert not {"US001", "US026", "INV041", "INV002"} & {f[1] for f in got}
    at = 12 + len(REFUND) + 1
    assert ("SHOP-2", "INV033", 6, at, 6, at + 3) in got  # 'etc' on its own column of row 2


def test_every_story_column_is_read_from_its_cell(tmp_path):
    line = f"| A-1 | Pay | {CARD} | charged once<br>receipt sent | 3 | shop, pay | A-0 A-9 | see _Figma_ | x |"
    text = f"| Key | Summary | User story | Acceptance criteria | Story points | Labels | Depends on | Notes | Owner |\n|---|---|---|---|---|---|---|---|---|\n{line}\n"
    p = write(tmp_path, text, "all.md")
    (s,) = stories(p)
    assert (s.id, s.title, s.text, s.estimate, s.labels, s.depends_on) == ("A-1", "Pay", CARD, 3, ["shop", "pay"], ["A-0", "A-9"])
    assert s.acceptance_criteria == ["charged once", "receipt sent"]
    assert s.source.ac_positions == [(3, line.index("charged") + 1), (3, line.index("receipt") + 1)]
    assert s.source.depends_positions == [(3, line.index("A-0") + 1), (3, line.index("A-9") + 1)]
    assert s.description == "see _Figma_\n\nx"  # the other columns: nothing is lost


def test_the_story_column_is_found_by_its_sentences_without_a_header_name(tmp_path):
    p = write(tmp_path, f"| # | What | Size |\n|---|---|---|\n| 1 | {CARD} | S |\n| 2 | {REFUND} | M |\n", "plain.md")
    a, b = stories(p)
    assert [(s.id, s.text, s.source.line, s.source.text_column) for s in (a, b)] == [("plain:3", CARD, 3, 7), ("plain:4", REFUND, 4, 7)]
    assert a.description == "1\n\nS"


def test_an_id_and_title_table_is_a_backlog_even_without_sentences(tmp_path):
    p = write(tmp_path, "| ID | Title | Points |\n|---|---|---|\n| A-1 | Login | 2 |\n", "t.md")
    (s,) = stories(p)
    assert (s.id, s.title, s.text, s.estimate) == ("A-1", "Login", "", 2)


def test_a_bad_estimate_is_an_input_error_and_the_story_is_still_read(tmp_path):
    p = write(tmp_path, f"| ID | Story | Points |\n|---|---|---|\n| A-1 | {CARD} | lots |\n", "e.md")
    items = list(read_file(p))
    assert [type(i) for i in items] == [Story, InputError]
    assert (items[1].line, items[1].field) == (3, "estimate") and items[0].estimate is None


def test_emphasis_in_a_story_cell_is_not_story_text(tmp_path):
    p = write(tmp_path, "| ID | Story |\n|---|---|\n| A-1 | **As a** shopper, I want a receipt, _so that_ I can claim it back. |\n", "em.md")
    (s,) = stories(p)
    assert s.text == "As a shopper, I want a receipt, so that I can claim it back."
    assert not {"US001", "US003"} & {f[1] for f in findings(p)}


def test_a_table_that_is_not_of_stories_stays_a_paragraph_of_its_lines(tmp_path):
    p = write(tmp_path, f"# Login\n\n{CARD}\n\n| Browser | Version |\n|---|---|\n| Firefox | 120 |\n", "notes.md")
    (s,) = stories(p)
    assert s.text == CARD
    assert s.description == "| Browser | Version |\n|---|---|\n| Firefox | 120 |"


def test_a_table_in_a_list_item_stays_its_text(tmp_path):
    p = write(tmp_path, f"# Login\n\n{CARD}\n\n- browsers:\n\n  | Browser | Version |\n  |---|---|\n  | Firefox | 120 |\n", "item.md")
    (s,) = stories(p)
    assert s.description == "- browsers:\n| Browser | Version |\n|---|---|\n| Firefox | 120 |"


def test_a_table_under_a_story_backlog_heading_groups_like_a_list(tmp_path):
    p = write(tmp_path, f"# Shop\n\n## Payments\n\n| ID | Story |\n|---|---|\n| P-1 | {CARD} |\n\n## Admin\n\n| ID | Story |\n|---|---|\n| A-1 | {REFUND} |\n", "epics.md")
    assert [(s.id, s.source.line) for s in stories(p)] == [("P-1", 7), ("A-1", 13)]


def test_tables_under_acceptance_criteria_or_of_ids_and_notes_are_not_backlogs(tmp_path):
    p = write(tmp_path, f"# Login\n\n{CARD}\n\n## Acceptance criteria\n\n| ID | Criteria |\n|---|---|\n| 1 | {REFUND} |\n", "ac.md")
    (s,) = stories(p)
    assert s.acceptance_criteria == [f"| ID | Criteria |\n|---|---|\n| 1 | {REFUND} |"]
    p = write(tmp_path, f"# Login\n\n{CARD}\n\n| ID | Description |\n|---|---|\n| 1 | a note |\n", "notes.md")
    (s,) = stories(p)
    assert s.description == "| ID | Description |\n|---|---|\n| 1 | a note |"


def test_an_escaped_bar_in_a_story_cell_is_a_bar_on_its_column(tmp_path):
    line = "| A-1 | As a user, I want a\\|b export so that I can file it etc. |"
    p = write(tmp_path, f"| ID | Story |\n|---|---|\n{line}\n", "bar.md")
    (s,) = stories(p)
    assert s.text == "As a user, I want a|b export so that I can file it etc."
    got = findings(p)
    assert ("A-1", "US026", 3, line.index("|b") + 1, 3, line.index("|b") + 2) in got
    assert ("A-1", "INV033", 3, line.index("etc") + 1, 3, line.index("etc") + 4) in got


def test_a_table_under_a_story_is_its_description_unless_it_names_story_columns(tmp_path):
    # (one row, or most rows, holding a story sentence make no story of a table under a story)
    for rows in (["| Visa | yes |", f"| {REFUND} | no |"], [f"| {REFUND} | no |", f"| {CARD} | yes |"]):
        table = "| Card | Supported |\n|------|-----------|\n" + "\n".join(rows)
        p = write(tmp_path, f"# SHOP-9 Pay\n\n{CARD}\n\n{table}\n", "t4.md")
        (s,) = stories(p)
        assert (s.id, s.text, s.description) == ("SHOP-9", CARD, table)
    p = write(tmp_path, f"# SHOP-9 Pay\n\n{CARD}\n\n| ID | Story |\n|---|---|\n| A-1 | {REFUND} |\n", "named.md")
    assert [s.id for s in stories(p)] == ["SHOP-9", "A-1"]


def test_a_bar_after_an_escaped_backslash_is_in_the_cell_as_markdown_it_reads_it(tmp_path):
    # markdown-it-py: a "|" right after a backslash is in the cell ("a\\|b" is one cell)
    line = "| A-2 | As a user, I want a\\\\|b so that I can pipe etc. |"
    p = write(tmp_path, f"| ID | Story |\n|---|---|\n{line}\n", "pipes.md")
    (s,) = stories(p)
    assert (s.id, s.text, s.description) == ("A-2", "As a user, I want a\\|b so that I can pipe etc.", None)
    assert ("A-2", "INV033", 3, line.index("etc") + 1, 3, line.index("etc") + 4) in findings(p)
