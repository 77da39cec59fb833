"""The engine: findings, positions, set-level rules, suppression, scores and INVEST grades."""

from __future__ import annotations

from storylint.config import Config
from storylint.context import Hit
from storylint.engine import _position, review
from storylint.models import Source, Story

GOOD = "As a shopper, I want to save items to a wishlist so that I can buy them later."


def story(text, sid="S-1", line=1, **kw):
    return Story(id=sid, text=text, source=Source(path="b.txt", line=line), **kw)


def codes(report, i=0):
    return [f.code for f in report.reports[i].findings]


def test_clean_story_has_full_score_except_missing_ac():
    rep = review([story(GOOD, acceptance_criteria=["Saved items appear in the wishlist"])])
    assert codes(rep) == []
    assert rep.reports[0].score == 100
    assert set(rep.reports[0].invest.values()) == {"pass"}


def test_positions_point_into_the_source_line():
    text = "As a user, I want to upload and resize images so that they fit."
    rep = review([story(text, line=7)], Config(select=["US010"]))
    (f,) = rep.reports[0].findings
    assert (f.line, f.column) == (7, text.index(" and ") + 2)
    assert text[f.column - 1 : f.end_column - 1] == "and"


def test_score_and_invest_grades_follow_severity():
    rep = review([story("Export reports as PDF, etc.")], Config(select=["US001", "INV030", "US002"]))
    r = rep.reports[0]
    assert {"US001", "US002"} <= set(codes(rep))
    assert r.score == 100 - 20 - 20  # two errors; INV030 only looks at the means (there is none)
    assert r.invest["V"] == "fail"


def test_select_ignore_by_prefix_and_name():
    s = [story("Export reports.")]
    assert set(codes(review(s, Config(select=["US00"])))) <= {"US001", "US002", "US003", "US004", "US005", "US006", "US007"}
    assert "US001" not in codes(review(s, Config(ignore=["missing-role"])))
    assert "US001" in codes(review(s, Config(select=["US"], ignore=["US0"], extend_select=["US001"])))
    # a rule's name and its full code are the same selector: the tie goes to ignore, either way round
    assert "US001" not in codes(review(s, Config(select=["missing-role"], ignore=["US001"])))
    assert "US001" not in codes(review(s, Config(select=["US001"], ignore=["missing-role"])))
    assert "US001" in codes(review(s, Config(select=["missing-role"], ignore=["US0"])))


def test_rule_options_override_parameters():
    s = [story(GOOD, estimate=5)]
    assert "INV043" not in codes(review(s))
    assert "INV043" in codes(review(s, Config(rule_options={"estimate-too-large": {"max": 3}})))


def test_set_level_duplicates_attach_to_every_story_they_name():
    rep = review([story(GOOD, "A"), story("As a guest, I want to log in so that I see orders.", "B"), story(GOOD, "C")])
    a = [f for f in rep.reports[0].findings if f.code == "US041"]
    c = [f for f in rep.reports[2].findings if f.code == "US041"]
    assert a and a[0].related == ["C"] and c and c[0].related == ["A"]
    assert not [f for f in rep.reports[1].findings if f.code == "US041"]
    assert len([f for f in rep.set_findings if f.code == "US041"]) == 2


def test_near_duplicate_across_roles():
    rep = review([story(GOOD, "A"), story(GOOD.replace("shopper", "guest"), "B"), story("As a clerk, I want to print labels so that parcels ship.", "C")])
    assert [f.related for f in rep.reports[0].findings if f.code == "US042"] == [["B"]]
    assert not [f for f in rep.reports[2].findings if f.code == "US042"]


def test_suppression_with_reason_hides_and_unused_is_reported():
    text = "As a user, I want to export reports. <!-- storylint: disable=US003 -- obvious benefit -->"
    rep = review([story(text)], Config(select=["US003", "SL"]))
    assert codes(rep) == []
    rep = review([story(text.replace("US003", "US010"))], Config(select=["US003", "US010", "SL"]))
    assert sorted(codes(rep)) == ["SL002", "US003"]
    rep = review([story("As a user, I want to export reports. <!-- storylint: disable=US003 -->")], Config(select=["US003", "SL"]))
    assert codes(rep) == ["SL001"]


def test_file_level_suppression_applies_to_all_stories_of_the_file():
    src = Source(path="f.txt", line=2, directives=[(1, "# storylint: disable=US003 -- legacy backlog")])
    stories = [Story(id=f"s{i}", text="As a user, I want to export reports.", source=src) for i in range(2)]
    rep = review(stories, Config(select=["US003", "SL"]))
    assert all(not r.findings for r in rep.reports)


def test_summary_counts():
    rep = review([story("Export reports."), story(GOOD, "S-2")], Config(select=["US001"]))
    assert rep.summary.stories == 2 and rep.summary.findings == 1
    assert rep.summary.by_code == {"US001": 1} and rep.summary.by_severity == {"error": 1}
    assert rep.max_severity() == "error"


def test_unknown_dependency_on_keyed_backlog():
    rep = review([story(GOOD, "SHOP-1", depends_on=["SHOP-9"]), story("As a user, I want what SHOP-1 has.", "SHOP-2")], Config(select=["US043"]))
    assert [f.related for f in rep.reports[0].findings] == [["SHOP-9"]]
    assert rep.reports[1].findings == []


def test_word_lists_come_from_the_rules_folder_under_review(tmp_path):
    import shutil

    from storylint.registry import rules_dir

    root = tmp_path / "rules"
    shutil.copytree(rules_dir(), root)
    s = [story("As a user, I want a fast search so that I find items.")]
    assert "INV030" in codes(review(s, Config(select=["INV030"])))
    (root / "wordlists" / "vague.txt").write_text("# emptied\n", encoding="utf-8")
    assert "INV030" not in codes(review(s, Config(select=["INV030"]), rules_root=str(root)))
    (root / "wordlists" / "action-verbs.txt").write_text("# emptied\n", encoding="utf-8")
    (root / "wordlists" / "noun-verbs.txt").write_text("# emptied\n", encoding="utf-8")
    s = [story("As a user, I want to upload and resize images so that they fit.")]
    assert "US010" in codes(review(s, Config(select=["US010"])))
    assert "US010" not in codes(review(s, Config(select=["US010"]), rules_root=str(root)))


def test_free_text_is_an_outlier_in_a_templated_backlog():
    good = [story(GOOD.replace("wishlist", w), f"S{i}") for i, w in enumerate(["list", "cart", "basket", "bag"])]
    rep = review(good + [story("Export data to CSV.", "S9")], Config(select=["US040"]))
    assert [r.story.id for r in rep.reports if r.findings] == ["S9"]


def test_a_template_outlier_is_named_as_a_writer_spells_the_template():
    good = [story(GOOD.replace("wishlist", w), f"S{i}") for i, w in enumerate(["list", "cart", "basket", "bag"])]
    rep = review(good + [story("As a shopper, I can save items to a tray so that I can buy them later.", "S9")], Config(select=["US040"]))
    (f,) = [f for r in rep.reports for f in r.findings]
    assert "'As … I can … so that'" in f.message and "'As … I want … so that'" in f.message


def test_directive_text_in_criteria_is_not_linted():
    s = story(GOOD, acceptance_criteria=["Saved items show <!-- storylint: disable=INV030 -- the fast path is specified elsewhere -->"])
    rep = review([s], Config(select=["INV051", "INV030", "SL"]))
    assert codes(rep) == ["SL002"]  # 'fast' inside the directive itself is not a finding
    assert rep.reports[0].story.acceptance_criteria == s.acceptance_criteria


def test_indented_block_text_columns():
    text = "As a user, I want reports\nso that I can plan etc."
    src = Source(path="b.yaml", line=1, text_line=3, text_column=5, continuation_column=5)
    rep = review([Story(id="B", text=text, source=src)], Config(select=["INV033"]))
    (f,) = rep.reports[0].findings
    assert (f.line, f.column) == (4, 5 + text.split("\n")[1].index("etc"))


def test_anchor_maps_place_hits_across_lines_and_escapes():
    # Line 2 holds 'As a user, I want \"fast\"' (the quotes escaped), line 3 'search etc.' from column 7.
    text = 'As a user, I want "fast"\nsearch etc.'
    anchors = [(0, 2, 1), (18, 2, 19), (19, 2, 21), (23, 2, 25), (25, 3, 7)]
    src = Source(path="b.yaml", line=1, text_line=2, exact_positions=False, text_map=anchors)
    rep = review([Story(id="B", text=text, source=src)], Config(select=["INV030"]))
    got = {(f.code, f.line, f.column, f.end_line, f.end_column) for f in rep.reports[0].findings}
    assert ("INV030", 2, 21, 2, 25) in got  # 'fast' between the escaped quotes
    s = Story(id="C", text='A "b"', source=Source(path="c.json", line=1, exact_positions=False, text_map=[(0, 1, 1), (2, 1, 3), (3, 1, 5), (4, 1, 6), (5, 1, 8)]))
    hit = Hit("text", 2, 5)  # '"b"', written \"b\": ends after the closing escape, two columns wide
    assert _position(s, hit) == (1, 3, 1, 8)
    assert ("INV030", 3, 14, 3, 17) in got  # 'etc' on the next line


def test_findings_without_a_map_have_a_whole_span_at_a_known_start():
    s = Story(id="B", text=GOOD, description="We need it. TBD", source=Source(path="b.json", line=4))
    rep = review([s], Config(select=["INV031"]))
    (f,) = rep.reports[0].findings
    assert (f.line, f.column, f.end_line, f.end_column) == (4, 1, 4, 1)
    s = Story(id="C", text="As a user, I want a fast search.", source=Source(path="b.yaml", line=2, text_line=3, text_column=9, exact_positions=False))
    (f,) = review([s], Config(select=["INV030"])).reports[0].findings
    assert (f.line, f.column, f.end_line, f.end_column) == (3, 9, 3, 10)  # the value's first character


def test_estimate_and_dependency_findings_point_at_the_values_the_reader_placed():
    src = Source(path="b.md", line=1, estimate_position=(5, 11, 13), depends_positions=[(6, 13), (6, 18)])
    s = Story(id="A-1", text=GOOD, estimate=13, depends_on=["A-1", "A-9"], source=src)
    rep = review([s, Story(id="A-2", text=GOOD)], Config(select=["INV043", "US043"]))  # (a lone story's references are not checked)
    got = {(f.code, f.line, f.column, f.end_line, f.end_column) for f in rep.reports[0].findings}
    assert got == {("INV043", 5, 11, 5, 13), ("US043", 6, 13, 6, 16), ("US043", 6, 18, 6, 21)}  # (A-1 on itself, A-9 unknown)


def test_every_rule_can_be_selected_alone():
    from storylint.registry import load_rules

    s = [story(GOOD, "A"), story(GOOD, "B", gherkin="Feature: x\n  Scenario: y\n    Given a\n    When b\n    Then c\n")]
    for rule in load_rules():
        review(s, Config(select=[rule.code]))  # must compile and run on its own


def test_a_pathological_story_is_capped_and_fast_enough_to_finish():
    from storylint.engine import MAX_FINDINGS_PER_RULE

    rep = review([story("As a user, I want " + "some and fast " * 2000 + "so that I win.")], Config(select=["INV030"]))
    assert len(rep.reports[0].findings) == MAX_FINDINGS_PER_RULE


def test_review_restores_the_collector_state():
    import gc

    was = gc.isenabled()
    try:
        gc.enable()
        review([story("As a user, I want to log in so that I see my orders.")], Config())
        assert gc.isenabled()
        gc.disable()
        review([story("As a user, I want to log in so that I see my orders.")], Config())
        assert not gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()


def _custom_rule(tmp_path, yml: str) -> str:
    import shutil

    from storylint.registry import rules_dir

    root = tmp_path / "rules"
    shutil.copytree(rules_dir(), root)
    (root / "story" / "XX901-custom.yml").write_text(yml, encoding="utf-8")
    return str(root)


BASE_RULE = """code: XX901
name: custom-words
level: warning
message: "Found {match}."
why: A test rule.
suggestion: Say it otherwise.
examples:
  bad: ["x bb-c", "a login"]
  good: ["nothing here"]
kind: existence
"""


def test_a_word_list_rule_on_the_feature_scope_reads_no_story_text(tmp_path):
    root = _custom_rule(tmp_path, BASE_RULE + "scope: feature\ntokens: [login]\n")
    rep = review([story("As a user, I want a login so that I get in.")], Config(select=["XX901"]), rules_root=root)
    assert codes(rep) == []


def test_word_list_entries_with_a_dash_at_either_end_are_found(tmp_path):
    # "bb-" has no word boundary after its dash, so it is found inside "bb-c".
    root = _custom_rule(tmp_path, BASE_RULE + "scope: text\ntokens: ['a bb-', '-x', 'login']\n")
    rep = review([story("As a user, I want a bb-c so that I -x now."), story("As a user, I want a login.", "S-2")], Config(select=["XX901"]), rules_root=root)
    assert [f.message for f in rep.reports[0].findings] == ["Found a bb-.", "Found -x."]
    assert [f.message for f in rep.reports[1].findings] == ["Found login."]


def test_a_second_wish_after_a_line_break_is_a_repeated_indicator():
    rep = review([story("As a user, I want to export reports, so I\nwant to print them.")], Config(select=["US024"]))
    assert codes(rep) == ["US024"]


def test_message_placeholders_are_filled_and_unknown_ones_kept():
    from storylint.engine import _fill

    assert _fill("'{match}' joins two actions", {"match": "and"}) == "'and' joins two actions"
    assert _fill("'{match}' in {field}", {"match": "etc."}) == "'etc.' in {field}"  # unknown: kept
    assert _fill("{match} {count}", None) == "{match} {count}"
    assert _fill("no placeholders", None) == "no placeholders"
    assert _fill("broken {match", {"match": "x"}) == "broken {match"  # a bad template stays as it is
    assert _fill("{0} first", {"match": "x"}) == "{0} first"


def test_context_lower_follows_a_replaced_text():
    from storylint.context import StoryContext
    from storylint.models import Story

    ctx = StoryContext.build(Story(id="A", text="As a User"))
    assert ctx.lower(ctx.text) == "as a user"
    ctx.text = "As an ADMIN"
    assert ctx.lower(ctx.text) == "as an admin"


def _message(text, code):
    rep = review([story(text)], Config(select=[code]))
    return next(f.message for f in rep.reports[0].findings if f.code == code)


def test_messages_quote_whole_words_and_whole_names():
    # a long extra sentence is cut at a word boundary, and the cut is shown
    msg = _message("As a user, I want to log in so that I see my orders. This is a much longer trailing sentence that goes on and on and on.", "US021")
    assert "'This is a much longer trailing sentence that goes on and on…'" in msg
    # a technology name of several capitalised words is quoted whole; "implement" without its article
    assert "'using Active Directory'" in _message("As an employee, I want to sign in using Active Directory credentials so that I save time.", "INV012")
    assert "'implement'" in _message("As an admin, I want to implement a caching layer so that pages load fast.", "INV012")
    # "so that so": both indicators are quoted, not a bare "so"
    assert "'so that so' introduces the benefit twice" in _message("As a researcher, I want citation data, so that so I can cite a file.", "US024")
    # 'etc.' in the benefit is vague, not a comparison
    msg = _message("As an analyst, I want to export data so that I can share charts, tables, etc.", "INV033")
    assert "'etc" in msg and "comparison" not in msg


def test_overlapping_collector_pauses_hold_until_the_last_ends_and_restore_it():
    # (code review) concurrent reviews each saved and restored the collector's switch on their
    # own: the first to finish switched it on under the other, and an unlucky interleaving
    # could leave it off for the process. Now one shared pause: the last one out restores it.
    import gc

    from storylint.gcpause import gc_paused

    assert gc.isenabled()
    first, second = gc_paused(), gc_paused()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert not gc.isenabled()  # the second review still runs: still paused
    second.__exit__(None, None, None)
    assert gc.isenabled()
    gc.disable()  # a caller that keeps the collector off keeps it off
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_item_with_no_story_text_does_not_grade_as_healthy():
    # (coach audit: a 'Tech debt' title with no story sentence scored all six INVEST letters 'pass')
    (r,) = review([story("", "X-1")], Config()).reports
    assert [f.code for f in r.findings] == ["US004"]
    assert {k for k, v in r.invest.items() if v == "fail"} == {"V", "E", "T"}
    (r,) = review([story("As a user, so that I can plan.", "X-2")], Config(select=["US002"])).reports
    assert r.invest["E"] == "fail"  # no 'I want' part: nothing to estimate
