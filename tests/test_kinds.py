"""The pattern and existence kinds: every match or the first, exceptions, scopes, the reported text."""

from __future__ import annotations

from storylint.context import StoryContext
from storylint.kinds import compile_rule
from storylint.models import Source, Story
from storylint.registry import Rule


def _checker(kind: str, scope: str = "story", **params):
    rule = Rule(code="XX001", name="probe", level="info", message="{match}", why="test", kind=kind, scope=scope, examples={"bad": ["x"], "good": ["y"]})
    return compile_rule(rule, params)


def _hits(checker, text: str, **fields) -> list[tuple[str, int | None, int, int, str]]:
    ctx = StoryContext.build(Story(id="S", text=text, **fields))
    return [(h.field, h.item, h.start, h.end, h.values["match"]) for h in checker(ctx) or []]


TEXT = "As a user, I want some reports and some charts so that I can plan."


def test_pattern_reports_every_match_in_every_text_of_the_scope_unless_first_only():
    every = _checker("pattern", patterns=[r"\bsome\s+\w+ "], first_only=False)
    assert _hits(every, TEXT, acceptance_criteria=["Shows some totals "]) == [
        ("text", None, 18, 31, "some reports"),  # the match's text is stripped of blanks
        ("text", None, 35, 47, "some charts"),
        ("ac", 0, 6, 18, "some totals"),
    ]
    first = _checker("pattern", patterns=[r"\bsome\s+\w+ "], first_only=True)
    assert _hits(first, TEXT, acceptance_criteria=["Shows some totals "]) == [("text", None, 18, 31, "some reports")]


def test_pattern_exceptions_drop_only_the_matches_they_cover():
    checker = _checker("pattern", patterns=[r"\bsome\s+\w+"], first_only=False, exceptions=[r"some\s+reports"])
    assert _hits(checker, TEXT) == [("text", None, 35, 46, "some charts")]
    first = _checker("pattern", patterns=[r"\bsome\s+\w+"], first_only=True, exceptions=[r"some\s+reports"])
    assert _hits(first, TEXT) == [("text", None, 35, 46, "some charts")]  # the first one not excepted


def test_existence_reports_every_entry_unless_first_only_and_keeps_exceptions():
    every = _checker("existence", tokens=["some", "plan"], first_only=False)
    assert [h[2:] for h in _hits(every, TEXT)] == [(18, 22, "some"), (35, 39, "some"), (61, 65, "plan")]
    first = _checker("existence", tokens=["some", "plan"], first_only=True)
    assert [h[2:] for h in _hits(first, TEXT)] == [(18, 22, "some")]
    excepted = _checker("existence", tokens=["some", "plan"], exceptions=[r"some\s+reports"])
    assert [h[2:] for h in _hits(excepted, TEXT)] == [(35, 39, "some"), (61, 65, "plan")]


def test_a_text_without_any_match_gives_none():
    assert _checker("pattern", patterns=[r"\bTBD\b"])(StoryContext.build(Story(id="S", text=TEXT))) is None
    assert _checker("existence", tokens=["etc."])(StoryContext.build(Story(id="S", text=TEXT))) is None


def test_word_list_comments_start_a_line_or_follow_a_blank(tmp_path):
    from storylint.registry import wordlist

    (tmp_path / "wordlists").mkdir()
    (tmp_path / "wordlists" / "langs.txt").write_text("# languages\nc#\nf#  # a trailing comment\nc++\n\n#c\n", encoding="utf-8")
    assert wordlist("langs", str(tmp_path)) == ("c#", "f#", "c++")


def test_existence_words_with_only_blanks_between_are_one_finding():
    from storylint.config import Config
    from storylint.engine import review
    from storylint.models import Story

    story = Story(id="A", text="As a user, I want to resize images so that they fit.",
                  acceptance_criteria=["Resizing works correctly", "It is fast, easy"])
    got = [(f.code, f.message) for r in review([story], Config(select=["INV051"])).reports for f in r.findings]
    assert [m.split("'")[1] for _, m in got] == ["works correctly", "fast", "easy"]  # (a comma keeps them apart)


def test_a_long_run_of_one_vague_word_is_one_finding_quoted_in_brief():
    # (user audit) 20,000 x "fast" was one finding whose message quoted all 100 KB of it
    from storylint.config import Config
    from storylint.engine import review

    text = "As a user, I want " + "fast " * 20000 + "search so that I find things."
    report = review([Story(id="s", text=text, source=Source(path="s.txt", line=1))], Config(select=["INV030"]))
    (f,) = report.reports[0].findings
    assert f.message.startswith("Vague term 'fast fast fast") and "…'" in f.message and len(f.message) < 200
    assert (f.column, f.end_column) == (19, 19 + len("fast " * 20000) - 1)  # the span still covers the whole run


def test_inv001_quotes_a_verbless_dependency_note_without_the_full_stop_before_it():
    from storylint import review
    from storylint.config import Config

    text = "As a clerk, I want to export invoices so that I can file taxes. Needs the reporting API first."
    report = review([Story(id="s", text=text, source=Source(path="t.txt", line=1))], Config(select=["INV001"]))
    (f,) = report.reports[0].findings
    assert "'Needs the reporting API first'" in f.message
    assert f.column == text.index("Needs") + 1
