"""Inline suppression: ``storylint: disable=CODE[,CODE] -- reason`` in stories and files."""

from __future__ import annotations

from storylint.config import Config
from storylint.engine import review
from storylint.models import Source, Story
from storylint.readers import read_text
from storylint.readers.yaml_comments import item_directives
from storylint.suppress import find_directives

VAGUE = "As a user, I want some reports so that I can plan."


def codes_of(text_or_stories, **story):
    if isinstance(text_or_stories, str):
        stories = [Story(id="s", text=text_or_stories, source=Source(path="t.txt", line=1), **story)]
    else:
        stories = text_or_stories
    report = review(stories, Config(ignore=["INV050"]))
    return [f.code for r in report.reports for f in r.findings]


def test_unsuppressed_baseline():
    assert "INV030" in codes_of(VAGUE)


def test_disable_by_code_with_reason():
    assert codes_of(VAGUE + " <!-- storylint: disable=INV030 -- 'some' is a product name -->") == []


def test_disable_by_prefix_and_by_name_and_lowercase():
    for sel in ("INV", "INV03", "vague-term", "inv030"):
        assert codes_of(VAGUE + f" <!-- storylint: disable={sel} -- ok -->") == [], sel


def test_disable_several_codes():
    text = "As a user, I want some reports (soon) so that I can plan. # storylint: disable=INV030,US020 -- agreed"
    assert codes_of(text) == []


def test_no_reason_is_sl001_but_still_suppresses():
    assert codes_of(VAGUE + " <!-- storylint: disable=INV030 -->") == ["SL001"]


def test_suppressing_nothing_is_sl002():
    codes = codes_of("As a user, I want to export reports so that I can plan. <!-- storylint: disable=US001 -- x -->")
    assert codes == ["SL002"]


def test_directive_text_is_not_linted_and_positions_stay_valid():
    text = "As a user, I want to export reports <!-- storylint: disable=US020 -- (why) --> so that I can plan etc."
    report = review([Story(id="s", text=text, source=Source(path="t.txt", line=3))], Config(ignore=["INV050"]))
    fs = report.reports[0].findings
    assert "US020" not in {f.code for f in fs}  # '(why)' inside the directive is not linted
    assert "SL002" in {f.code for f in fs}
    vague = next(f for f in fs if f.code.startswith("INV03"))
    assert text[vague.column - 1 : vague.column + 3] == "etc."


def test_directive_in_description_and_acceptance_criteria():
    assert codes_of(VAGUE, description="storylint: disable=INV030 -- known") == []
    assert codes_of(VAGUE, acceptance_criteria=["Shows a chart", "storylint: disable=INV030 -- known"]) == []


def test_file_level_comment_in_txt_applies_to_every_story():
    text = "# storylint: disable=INV030 -- legacy wording\n" + VAGUE + "\nAs an admin, I want various logs so that I can audit.\n"
    stories = list(read_text("b.txt", text))
    assert codes_of(stories) == []


def test_file_level_comment_in_md_applies_to_every_story():
    text = (
        "<!-- storylint: disable=INV030 -- legacy wording -->\n\n## A\n\n" + VAGUE + "\n\n## B\n\n"
        "As an admin, I want various logs so that I can audit.\n"
    )
    stories = list(read_text("b.md", text))
    assert len(stories) == 2 and codes_of(stories) == []


def test_unused_file_level_directive_is_reported_once_at_its_line():
    text = "# header\n# storylint: disable=US001 -- nothing to hide\nAs a user, I want x so that y.\nAs a user, I want z so that w.\n"
    report = review(list(read_text("b.txt", text)), Config(ignore=["INV050"]))
    sl = [f for r in report.reports for f in r.findings if f.code == "SL002"]
    assert len(sl) == 1 and sl[0].line == 2


def test_file_level_directive_without_reason():
    text = "# storylint: disable=INV030\n" + VAGUE + "\n"
    report = review(list(read_text("b.txt", text)), Config(ignore=["INV050"]))
    (f,) = [f for r in report.reports for f in r.findings]
    assert f.code == "SL001" and f.line == 1


def test_find_directives_fields():
    s = Story(id="s", text=VAGUE + " <!-- storylint: disable=INV030 -- r -->", acceptance_criteria=["a", "storylint: disable=US -- r"])
    ds = find_directives(s)
    assert [(d.field, d.item, d.codes, d.reason) for d in ds] == [
        ("text", None, ("INV030",), "r"),
        ("ac", 1, ("US",), "r"),
    ]


def test_a_code_no_rule_has_is_reported_even_when_the_rest_of_the_directive_is_used():
    story = Story(id="s", text=VAGUE + " <!-- storylint: disable=INV030,US999 -- agreed -->")
    (f,) = [f for f in review([story], Config(ignore=["INV050"])).reports[0].findings]
    assert f.code == "SL002" and "US999" in f.message and "INV030" not in f.message.split(":")[-1]
    # codes, prefixes, rule names and ALL are all known
    for codes in ("INV030", "INV", "vague-term", "ALL", "inv030"):
        story = Story(id="s", text=VAGUE + f" <!-- storylint: disable={codes} -- agreed -->")
        assert review([story], Config(ignore=["INV050"])).reports[0].findings == [], codes


def test_an_unknown_code_in_a_file_level_directive_is_reported_once():
    text = "# storylint: disable=INV030,NOPE1 -- legacy\n" + VAGUE + "\n" + VAGUE.replace("some", "various") + "\n"
    report = review(list(read_text("b.txt", text)), Config(ignore=["INV050", "US04"]))
    sl = [f for r in report.reports for f in r.findings]
    assert [(f.code, f.line) for f in sl] == [("SL002", 1)] and "NOPE1" in sl[0].message


def test_a_suppressed_set_level_finding_does_not_fail_the_run():
    from storylint.outcome import exit_code

    dup = "As a shopper, I want to save items to a wishlist so that I can buy them later.\n"
    text = "# storylint: disable=US041 -- intentional copies for an A/B test\n" + dup + dup
    report = review(list(read_text("d.txt", text)), Config(ignore=["INV050"]))
    assert [f.code for r in report.reports for f in r.findings] == []
    assert report.set_findings == [] and report.max_severity() is None and exit_code(report) == 0
    plain = review(list(read_text("d.txt", dup + dup)), Config(ignore=["INV050"]))
    assert exit_code(plain) == 1  # (the same stories without the directive fail)


def test_a_file_level_directive_without_reason_is_reported_once_per_file():
    text = "# storylint: disable=INV030\n" + VAGUE + "\nAs an admin, I want various logs so that I can audit.\nAs a clerk, I want some invoices so that I can file them.\n"
    report = review(list(read_text("b.txt", text)), Config(ignore=["INV050"]))
    assert [(f.code, f.line) for r in report.reports for f in r.findings] == [("SL001", 1)]


def test_a_directive_for_rules_this_run_does_not_check_is_not_called_unused():
    text = VAGUE + " storylint: disable=INV030 -- agreed wording"
    story = Story(id="s", text=text, source=Source(path="t.txt", line=1))
    for config in (Config(select=["US", "SL"]), Config(ignore=["INV030", "INV050"])):
        assert [f.code for r in review([story], config).reports for f in r.findings] == []
    # with the rule on, the directive is used; aimed at a rule that is on but silent, it is SL002
    assert codes_of(text) == []
    assert codes_of(VAGUE + " storylint: disable=US001 -- has a role") == ["INV030", "SL002"]
    file_level = "# storylint: disable=INV030 -- legacy\n" + VAGUE + "\n"
    report = review(list(read_text("b.txt", file_level)), Config(select=["US", "SL"]))
    assert [f.code for r in report.reports for f in r.findings] == []


def test_a_criterion_holding_only_a_directive_is_no_criterion():
    s = Story(id="s", text="As a shopper, I want to compare items so that I choose well.", acceptance_criteria=["storylint: disable=US010 -- legacy"], source=Source(path="a.yaml", line=1))
    codes = [f.code for r in review([s], Config()).reports for f in r.findings]
    assert "INV050" in codes and "SL002" in codes
    s2 = s.model_copy(update={"acceptance_criteria": ["Items are shown side by side", "storylint: disable=US010 -- legacy"]})
    assert "INV050" not in [f.code for r in review([s2], Config()).reports for f in r.findings]


def test_a_yaml_comment_before_the_first_story_is_a_file_level_directive():
    text = (
        "# storylint: disable=INV030 -- legacy wording\n"
        "- id: A-1\n  text: " + VAGUE + "\n"
        "- id: A-2\n  text: |\n    As an admin, I want various logs so that I can audit.\n"
    )
    stories = list(read_text("b.yaml", text))
    assert len(stories) == 2 and codes_of(stories) == []
    unused = "# storylint: disable=US001 -- nothing to hide\n- id: A-1\n  text: " + VAGUE + "\n"
    report = review(list(read_text("b.yaml", unused)), Config(ignore=["INV050"]))
    assert sorted((f.code, f.line) for r in report.reports for f in r.findings) == [("INV030", 3), ("SL002", 1)]


def test_a_bare_disable_is_a_directive_that_names_no_rule():
    # As a bare noqa comment would be: never story text (no US026 about its '#'), and reported.
    text = VAGUE + " # storylint: disable"
    report = review([Story(id="s", text=text, source=Source(path="t.txt", line=1))], Config(ignore=["INV050"]))
    findings = [f for r in report.reports for f in r.findings]
    assert [f.code for f in findings] == ["INV030", "SL002"]
    assert "names no rule" in findings[1].message and findings[1].column == len(VAGUE) + 2
    file_level = "# storylint: disable\n" + VAGUE + "\n"
    report = review(list(read_text("b.txt", file_level)), Config(ignore=["INV050"]))
    assert sorted((f.code, f.line) for r in report.reports for f in r.findings) == [("INV030", 2), ("SL002", 1)]


def test_a_reason_may_follow_the_codes_without_a_space():
    (d,) = find_directives(Story(id="s", text=VAGUE + " # storylint:disable=INV030--agreed wording"))
    assert d.codes == ("INV030",) and d.reason == "agreed wording"
    assert codes_of(VAGUE + " # storylint:disable=INV030--agreed wording") == []
    # a rule name keeps its single hyphens
    (d,) = find_directives(Story(id="s", text=VAGUE + " <!-- storylint: disable=vague-term -- agreed -->"))
    assert d.codes == ("vague-term",) and d.reason == "agreed"


# --- per-file-ignores and the SL codes (user audit) ---------------------------------------

NO_REASON = "As a user, I want to reset my password so that I can log in again. # storylint: disable=INV033"


def _pfi_codes(codes, text=NO_REASON, **config):
    story = Story(id="s", text=text, source=Source(path="legacy/old.txt", line=1))
    report = review([story], Config(per_file_ignores={"legacy/*.txt": codes}, **config))
    return [f.code for r in report.reports for f in r.findings]


def test_per_file_ignores_silence_the_suppression_findings_too():
    assert {"SL001", "SL002"} <= set(_pfi_codes([]))
    assert "SL001" not in _pfi_codes(["SL001"]) and "SL002" in _pfi_codes(["SL001"])
    for codes in (["SL"], ["SL0"], ["suppression-without-reason", "unused-suppression"], ["sl"], ["ALL"]):
        assert not {"SL001", "SL002"} & set(_pfi_codes(codes)), codes
    # a file-level directive's findings as well
    text = "# storylint: disable=US001\n" + VAGUE + "\n"
    stories = list(read_text("legacy/b.txt", text))
    for codes, left in ((["SL"], ["INV030"]), (["ALL"], [])):  # (no INV050: a .txt line cannot hold criteria)
        report = review(stories, Config(per_file_ignores={"legacy/*.txt": codes}))
        assert sorted(f.code for r in report.reports for f in r.findings) == left, codes


def test_per_file_ignores_match_codes_as_ignore_does():
    text = "As a user, I want some reports (soon) so that I can plan."
    assert set(_pfi_codes([], text)) == {"INV030", "US020", "INV050"}
    # lower case, ALL and names match as they do in --ignore
    for codes, left in ((["us020"], {"INV030", "INV050"}), (["vague-term"], {"US020", "INV050"}), (["ALL"], set()), (["inv05"], {"INV030", "US020"})):
        assert set(_pfi_codes(codes, text)) == left, codes


def test_a_directive_for_rules_per_file_ignores_switch_off_is_not_called_unused():
    # (coach review: a legacy file ignores US003 by per-file-ignores; a story's own
    # "disable=US003 -- reason" was reported as SL002 "suppresses nothing")
    text = "As a parent, I want to get emails about my child. # storylint: disable=US003 -- benefit is obvious"
    assert _pfi_codes([], text) == ["INV050"]
    for codes in (["US003"], ["US"], ["missing-benefit"]):
        assert _pfi_codes(codes + ["INV050"], text) == [], codes
    # a code the file still checks is judged as before
    text2 = "As a parent, I want to get emails about my child. # storylint: disable=US003,US001 -- legacy"
    assert _pfi_codes(["US003", "INV050"], text2) == ["SL002"]
    # a file-level directive as well
    stories = list(read_text("legacy/b.txt", "# storylint: disable=US003 -- legacy\n" + text.split(" #")[0] + "\n"))
    report = review(stories, Config(per_file_ignores={"legacy/*.txt": ["US003", "INV050"]}))
    assert [f.code for r in report.reports for f in r.findings] == []


def test_select_and_ignore_treat_the_suppression_codes_as_any_other():
    for config, want in (
        ({"ignore": ["SL001"]}, {"SL002"}),
        ({"ignore": ["SL"]}, set()),
        ({"ignore": ["sl"]}, set()),
        ({"select": ["SL"]}, {"SL001"}),  # INV033 is not checked: the directive cannot be judged unused
        ({"select": ["SL", "INV"]}, {"SL001", "SL002"}),
        ({"select": ["ALL"], "ignore": ["SL002"]}, {"SL001"}),
    ):
        got = {c for c in _pfi_codes([], **config) if c.startswith("SL")}
        assert got == want, (config, got)


# --- SL002 judges each code of a directive (user audit; as ruff's RUF100) -------------------


def _findings(text, config=None, path="t.txt"):
    story = Story(id="s", text=text, source=Source(path=path, line=1))
    return [f for r in review([story], config or Config(ignore=["INV050"])).reports for f in r.findings]


def test_each_code_that_suppresses_nothing_is_reported():
    (f,) = _findings(VAGUE + " <!-- storylint: disable=INV030,US010 -- legacy -->")
    assert f.code == "SL002" and f.message.endswith("suppresses nothing for US010.")
    assert f.suggestion == "Remove US010 from the suppression."
    # an unknown code and an unused one: one finding naming both
    fs = _findings(VAGUE + " <!-- storylint: disable=INV033,US999 -- legacy -->")
    assert [f.code for f in fs] == ["INV030", "SL002"]
    assert "names no rule storylint knows: US999" in fs[1].message and "suppresses nothing for INV033" in fs[1].message
    # every code unused: the rule's own message
    (f,) = _findings("As a user, I want to export reports so that I can plan. # storylint: disable=US001,INV030 -- x")
    assert f.message == "Suppression '# storylint: disable=US001,INV030 -- x' suppresses nothing."
    assert f.suggestion == "Remove the suppression."
    # several unused codes are named together, in the directive's order
    fs = _findings(VAGUE + " # storylint: disable=US001,vague-term,US010 -- x")
    assert [f.code for f in fs] == ["SL002"] and fs[0].message.endswith("suppresses nothing for US001, US010.")


def test_a_code_is_used_by_any_finding_it_covers():
    for codes in ("INV,INV030", "INV03,vague-term", "ALL,INV030"):
        assert _findings(VAGUE + f" # storylint: disable={codes} -- x") == [], codes


def test_a_code_this_run_does_not_check_is_not_judged():
    # --select US: INV030 is not checked, so it cannot be called unused; US001 is, and is unused
    (f,) = _findings(VAGUE + " # storylint: disable=INV030,US001 -- x", Config(select=["US", "SL"]))
    assert f.code == "SL002" and f.message.endswith("suppresses nothing for US001.") and "INV030" not in f.message.split("'")[-1]
    assert _findings(VAGUE + " # storylint: disable=INV030,US010 -- x", Config(select=["INV", "SL"], ignore=["INV050"])) == []
    # a code for a rule this run leaves out by --ignore, likewise
    assert _findings(VAGUE + " # storylint: disable=INV030,US001 -- x", Config(ignore=["INV050", "US001"])) == []
    # the SL codes themselves are not judged: a directive does not apply to SL findings
    assert _findings(VAGUE + " # storylint: disable=INV030,SL001 -- x") == []


def test_a_file_level_directive_is_judged_per_code_over_its_file():
    text = "# storylint: disable=INV030,US001 -- legacy wording\n" + VAGUE + "\nAs an admin, I want various logs so that I can audit.\n"
    report = review(list(read_text("b.txt", text)), Config(ignore=["INV050"]))
    (f,) = [f for r in report.reports for f in r.findings]
    assert (f.code, f.line) == ("SL002", 1) and f.message.endswith("suppresses nothing for US001.")
    # a code used by any story of the file is used
    text = "# storylint: disable=INV030,US020 -- legacy\n" + VAGUE + "\nAs an admin, I want logs (soon) so that I can audit.\n"
    report = review(list(read_text("b.txt", text)), Config(ignore=["INV050"]))
    assert [f.code for r in report.reports for f in r.findings] == []


# --- YAML: a comment on a story item's lines applies to that story (user audit) -------------


def _items(text):
    import yaml

    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    lines = text.split("\n")
    return [item_directives(lines, item) for item in root.value]


def _yaml_review(text, config=None):
    """Review the items of a YAML list as the reader will once it attaches item comments."""
    import yaml

    stories = []
    for i, (obj, found) in enumerate(zip(yaml.safe_load(text), _items(text))):
        src = Source(path="b.yaml", line=1, directives=found)
        stories.append(Story(id=obj["id"], text=obj["text"], acceptance_criteria=obj.get("ac", []), source=src))
    return [(r.story.id, f.code, f.line, f.column) for r in review(stories, config or Config(ignore=["INV050"])).reports for f in r.findings]


FAST = "As a user, I want some logout so that I save time."
LOGIN = "As a user, I want some login so that I save time."


def test_a_comment_after_a_yaml_value_is_a_directive_of_its_story():
    text = f"- id: A-1\n  text: {FAST}  # storylint: disable=INV030 -- defined in NFR\n- id: A-2\n  text: {LOGIN}\n"
    assert _items(text) == [[(2, " " * (10 + len(FAST)) + "# storylint: disable=INV030 -- defined in NFR")], []]
    assert [c[:2] for c in _yaml_review(text)] == [("A-2", "INV030")]  # (the other story keeps its finding)
    # without a reason: SL001 at the comment's line and column
    text = f"- id: A-1\n  text: {FAST}  # storylint: disable=INV030\n"
    assert _yaml_review(text) == [("A-1", "SL001", 2, 11 + len(FAST))]
    # suppressing nothing: SL002 there too, once
    text = f"- id: A-1\n  text: {FAST}  # storylint: disable=INV030,US001 -- x\n"
    assert _yaml_review(text) == [("A-1", "SL002", 2, 11 + len(FAST))]


def test_comment_lines_inside_an_item_and_between_items():
    text = (
        "- id: A-1\n"
        "  # storylint: disable=INV030 -- a line of its own, inside the item\n"
        f"  text: {FAST}\n"
        "# storylint: disable=US001 -- between items: neither's\n"
        "- id: A-2\n"
        f"  text: {FAST}\n"
        "# storylint: disable=US002 -- among A-2's values, at any indentation\n"
        "  ac: [Logs out at once]\n"
        "  # storylint: disable=US003 -- after A-2's last value, indented as its keys\n"
    )
    lines = [[line for line, _ in found] for found in _items(text)]
    assert lines == [[2], [7, 9]]


def test_a_hash_in_a_value_is_no_comment():
    text = (
        "- id: A-1\n"
        "  text: |\n"
        "    # storylint: disable=INV030 -- the body of a block scalar is text\n"
        f"    {FAST} # storylint: disable=US001 -- text as well\n"
        "  ac:\n"
        "  - 'Shown # storylint: disable=US002 -- in quotes'\n"
        "  - \"Shown\n"
        "    # storylint: disable=US003 -- in a quoted scalar's second line\"\n"
        "  - Shown#storylint:disable=US004 -- no space before '#' so a plain scalar's text\n"
        "  - >-\n"
        "    folded # storylint: disable=US005 -- text\n"
        "- id: A-2\n"
        "  text: >-  # storylint: disable=INV030 -- a block scalar's header may end with a comment\n"
        f"    {FAST}\n"
    )
    assert [[line for line, _ in found] for found in _items(text)] == [[], [13]]


def test_comments_after_keys_flow_collections_and_multi_line_scalars():
    text = (
        "- id: A-1\n"
        f"  text: {FAST[:20]}\n"
        f"    {FAST[20:]}   # storylint: disable=INV030 -- after a plain scalar's last line\n"
        "  ac:  # storylint: disable=US001 -- after a key\n"
        "    - [a, 'b # c', \"d\"]\t# storylint: disable=US002 -- after a flow sequence\n"
        "  notes: {k: v} # storylint: disable=US003 -- after a flow mapping\n"
        "  other: 'x' # plain comment, no directive\n"
        f"- {FAST}  # storylint: disable=INV030 -- a story given as a bare string\n"
    )
    assert [[line for line, _ in found] for found in _items(text)] == [[3, 4, 5, 6], [8]]
    # (offsets into raw are the file's columns)
    (line, raw), *_ = _items(text)[0]
    assert raw.index("#") == text.split("\n")[2].index("# storylint")


def test_item_directives_are_cheap_without_storylint_and_survive_aliases():
    assert _items(f"- id: A-1\n  text: {FAST}  # a comment\n") == [[]]
    text = f"- id: A-1\n  text: &t {FAST}  # storylint: disable=INV030 -- x\n- id: A-2\n  text: *t  # storylint: disable=INV030 -- y\n"
    assert [[line for line, _ in found] for found in _items(text)] == [[2], [4]]


def test_the_lines_of_nested_stories_are_theirs():
    import yaml

    text = (
        "- id: S-1\n"
        f"  text: {FAST}  # storylint: disable=INV030 -- S-1's\n"
        "  subtasks:  # storylint: disable=US001 -- S-1's: on its key line\n"
        "    - id: T-1\n"
        f"      text: {LOGIN}  # storylint: disable=INV030 -- T-1's\n"
        "      # storylint: disable=US002 -- T-1's\n"
        "  # storylint: disable=US003 -- S-1's: after its last value, at its keys\n"
        "- id: S-2\n"
    )
    lines = text.split("\n")
    s1 = yaml.compose(text).value[0]
    subtasks = s1.value[2][1]
    assert [line for line, _ in item_directives(lines, s1, [subtasks])] == [2, 3, 7]
    assert [line for line, _ in item_directives(lines, subtasks.value[0])] == [5, 6]


def test_the_yaml_reader_attaches_item_comments():
    text = f"- id: A-1\n  text: {FAST}  # storylint: disable=INV030 -- defined in NFR\n- id: A-2\n  text: {LOGIN}\n"
    stories = list(read_text("b.yaml", text))
    report = review(stories, Config(ignore=["INV050"]))
    assert [(r.story.id, f.code) for r in report.reports for f in r.findings] == [("A-2", "INV030")]


# --- YAML: a comment line above an item, and a comment on an epic (a regression audit) ------


def _read_review(text):
    stories = list(read_text("b.yaml", text))
    report = review(stories, Config(ignore=["INV050"]))
    return [(r.story.id, f.code, f.line) for r in report.reports for f in r.findings if f.code in ("INV030", "SL001", "SL002")]


def test_a_comment_line_above_an_item_at_its_dash_or_column_0_is_the_next_items():
    text = (
        "- id: A-1\n"
        f"  text: {FAST}\n"
        "# storylint: disable=INV030 -- at column 0, above A-2: A-2's, as a doc comment\n"
        "- id: A-2\n"
        f"  text: {FAST}\n"
        "\n"
        "- id: A-3\n"
        f"  text: {FAST}\n"
        "  # storylint: disable=US001 -- indented as A-3's keys, after its values: A-3's\n"
        "- id: A-4\n"
        f"  text: {LOGIN}\n"
    )
    assert _read_review(text) == [("A-1", "INV030", 2), ("A-3", "INV030", 8), ("A-3", "SL002", 9), ("A-4", "INV030", 11)]


def test_a_comment_above_a_nested_item_is_its_own():
    text = (
        "- id: E-1\n"
        "  summary: Epic\n"
        "  stories:\n"
        "    # storylint: disable=INV030 -- above S-1, at its dash\n"
        "    - id: S-1\n"
        f"      text: {FAST}\n"
        "    # storylint: disable=INV030 -- above S-2\n"
        "    - id: S-2\n"
        f"      text: {FAST}\n"
        "    - id: S-3\n"
        f"      text: {LOGIN}\n"
    )
    assert _read_review(text) == [("S-3", "INV030", 11)]


def test_a_comment_on_an_epic_applies_to_each_story_in_it_and_is_reported_once_when_unused():
    text = (
        "- id: E-1\n"
        "  summary: Epic  # storylint: disable=INV030 -- on the epic\n"
        "  stories:\n"
        "    - id: S-1\n"
        f"      text: {FAST}\n"
        "    - id: S-2\n"
        f"      text: {LOGIN}\n"
        "- id: S-3\n"
        f"  text: {FAST}\n"
        "- id: E-2\n"
        "  summary: Epic  # storylint: disable=US001 -- nothing to suppress\n"
        "  stories:\n"
        "    - id: S-4\n"
        f"      text: {LOGIN}\n"
        "    - id: S-5\n"
        f"      text: {LOGIN}\n"
    )
    got = _read_review(text)
    assert [g for g in got if g[1] == "INV030"] == [("S-3", "INV030", 9), ("S-4", "INV030", 14), ("S-5", "INV030", 16)]
    assert [g for g in got if g[1] == "SL002"] == [("S-4", "SL002", 11)]


def test_a_column_0_comment_before_the_first_item_stays_file_level_and_is_read_once():
    text = "# storylint: disable=INV030 -- whole file\n" f"- id: A-1\n  text: {FAST}\n- id: A-2\n  text: {LOGIN}\n"
    (a1, a2) = read_text("b.yaml", text)
    assert a1.source.directives == a2.source.directives == [(1, "# storylint: disable=INV030 -- whole file")]


# (user audit, code review) directives as people really type them


def test_an_en_or_em_dash_before_the_reason_and_a_space_for_the_equals_sign_are_read():
    for directive in ("# storylint: disable=INV030 — agreed in NFR-2", "# storylint: disable=INV030 – agreed", "# storylint: disable INV030 -- agreed"):
        assert codes_of(f"{VAGUE} {directive}") == [], directive


def test_the_marker_is_read_in_any_case():
    assert codes_of(f"{VAGUE} # StoryLint: disable=INV030 -- agreed") == []
    assert codes_of(f"{VAGUE} <!-- STORYLINT: Disable=inv030 -- agreed -->") == []


def test_a_directive_that_cannot_be_read_is_reported_and_not_linted_as_text():
    report = review([Story(id="s", text=f"{VAGUE} # storylint: disable=INV030 because NFR", source=Source(path="t.txt", line=1))], Config(ignore=["INV050"]))
    found = {f.code: f for r in report.reports for f in r.findings}
    assert sorted(found) == ["INV030", "SL002"]  # no US025/US026 on the comment's characters
    assert found["SL002"].message == "Suppression '# storylint: disable=INV030 because NFR' cannot be read, so it suppresses nothing: write 'storylint: disable=CODE[,CODE] -- reason'."
    assert found["SL002"].column == len(VAGUE) + 2


def test_a_file_level_directive_in_a_text_file_is_at_its_column_and_read_in_any_case():
    items = list(read_text("ind.txt", "    # StoryLint: disable=US003\nAs a user, I want a search.\n"))
    (story,) = items
    report = review(items, Config(ignore=["INV050"]))
    got = [(f.code, f.line, f.column) for r in report.reports for f in r.findings]
    assert got == [("SL001", 1, 5)]  # US003 suppressed; the reason is missing, at the comment's column
    assert story.source.directives == [(1, "    # StoryLint: disable=US003")]


def test_a_feature_file_directive_keeps_its_line_after_a_unicode_line_separator():
    text = "# note\u2028 more\n# storylint: disable=GHK050 -- ok\nFeature: Login\n  Scenario: ok\n    Given a user\n    When they log in\n    Then they see data\n"
    report = review(list(read_text("ls.feature", text)), Config(select=["SL", "GHK"]))
    assert [(f.code, f.line) for r in report.reports for f in r.findings if f.code.startswith("SL")] == [("SL002", 2)]


def test_yaml_directives_are_read_in_any_case():
    text = "# StoryLint: disable=INV050 -- criteria live in Jira\n- id: A-1\n  text: As a user, I want fast search so that I find.  # STORYLINT: disable=INV030 -- NFR-2\n"
    report = review(list(read_text("c.yaml", text)), Config())
    assert [f.code for r in report.reports for f in r.findings] == []


def test_a_txt_suppression_of_inv050_is_not_unused_now_that_txt_lines_get_no_inv050():
    # (review: 'disable=INV050 -- criteria live in Jira' silenced INV050 in .txt backlogs; since
    # INV050 leaves .txt lines alone, it drew SL002 'suppresses nothing', failing --fail-on warning)
    text = "# storylint: disable=INV050 -- criteria live in Jira\n" + VAGUE + "\nAs an admin, I want logs purged so that disk stays free. # storylint: disable=INV050 -- in Jira\n"
    report = review(list(read_text("b.txt", text)), Config())
    assert not [f.code for r in report.reports for f in r.findings if f.code.startswith("SL")]
    md = review(list(read_text("b.md", "# A\n\n" + VAGUE + " <!-- storylint: disable=INV050 -- in Jira -->\n")), Config())
    assert [f.code for r in md.reports for f in r.findings if f.code == "INV050"] == []  # (used there: INV050 fires on Markdown)
