"""The fused literal prefilter only skips rules that cannot fire: it never changes a finding."""

from __future__ import annotations

import glob

import yaml

from storylint import engine
from storylint.config import Config
from storylint.context import StoryContext
from storylint.engine import review
from storylint.models import Source, Story
from storylint.prefilter import FusedPrefilter, Literals
from storylint.registry import load_rules

from conftest import ROOT
from helpers import dalpiaz_lines


def ctx(text: str, **kw) -> StoryContext:
    return StoryContext.build(Story(id="S", text=text, source=Source(path="t.txt", line=1), **kw))


def test_whole_words_need_word_boundaries():
    f = FusedPrefilter({0: Literals("means", words=frozenset({"lot"}))})
    assert f.mask(ctx("As a user, I want a lot of reports.")) == 1
    assert f.mask(ctx("As a user, I want a LOT-based view.")) == 0  # "lot-based" is one [\w-]+ run
    assert f.mask(ctx("As a user, I want a parking slot.")) == 0
    assert f.mask(ctx("lot")) == 1


def test_a_phrase_of_whole_words_wakes_only_where_its_words_follow_each_other():
    f = FusedPrefilter({0: Literals("ends", words=frozenset({"and so on"}))})
    assert f.mask(ctx("As a user, I want reports so that I can plan, budget and so on.")) == 1
    assert f.mask(ctx("As a user, I want reports so that I can plan and  so\non.")) == 1  # (any blanks)
    assert f.mask(ctx("As a user, I want reports and stats so that I can plan on time.")) == 0
    assert f.mask(ctx("As a user, I want reports so that I can plan and so-on.")) == 0  # "so-on" is one run


def test_bounded_words_are_whole_word_runs_even_between_hyphens():
    f = FusedPrefilter({0: Literals("means", bounded=frozenset({"use"}))})
    assert f.mask(ctx("As a user, I want to use reports.")) == 1
    assert f.mask(ctx("As a user, I want a re-use policy.")) == 1  # (\\b sees "use" in "re-use")
    assert f.mask(ctx("As a user, I want use-cases, -use- and (use).")) == 1
    assert f.mask(ctx("use")) == 1
    assert f.mask(ctx("As a user, I want the user list.")) == 0  # "use" inside "user"
    assert f.mask(ctx("As a user, I want a use_case list.")) == 0  # "_" is a word character


def test_chunks_are_found_anywhere_and_each_rule_has_its_own_bit():
    f = FusedPrefilter({0: Literals("text", chunks=("e.g",)), 1: Literals("text", chunks=(";",)), 2: Literals("ac", chunks=("tbd",))})
    assert f.mask(ctx("As a user; I want reports e.g. weekly.")) == 0b011
    assert f.mask(ctx("As a user I want reports")) == 0
    assert f.mask(ctx("As a user I want reports", acceptance_criteria=["Limits TBD"])) == 0b100


def test_a_rule_woken_by_a_template_word_is_woken_by_every_text_it_reads():
    f = FusedPrefilter({0: Literals("text", chunks=(",", "e.g")), 1: Literals("means", words=frozenset({"so", "lot"})), 2: Literals("ac", chunks=("tbd",))})
    assert f.mask(ctx("Reports")) == 0b011  # no comma, no "so": woken all the same
    assert f.mask(ctx("")) == 0  # nothing to read, nothing to wake
    assert f.mask(ctx("", acceptance_criteria=["Limits TBD"])) == 0b100


def test_non_ascii_text_wakes_every_rule_that_reads_it():
    f = FusedPrefilter({0: Literals("text", chunks=("todo",)), 1: Literals("ac", chunks=("todo",))})
    assert f.mask(ctx("As a user, I want a café menu.")) == 0b01


def test_typographic_marks_read_as_ascii():
    f = FusedPrefilter({0: Literals("text", chunks=("todo",)), 1: Literals("text", bounded=frozenset({"use"})), 2: Literals("text", chunks=("–",))})
    assert f.mask(ctx("As a user, I don’t want “live” data.")) == 0
    assert f.mask(ctx("As a user, I’d use “live” data – TODO.")) == 0b111
    assert f.mask(ctx("As a user, I want re–use…")) == 0b110  # (an en dash is no hyphen: "use" is a word)


def test_a_rule_without_literals_never_wakes():
    f = FusedPrefilter({0: Literals("means")})
    assert f.mask(ctx("As a user, I want anything at all.")) == 0


def _stories() -> list[Story]:
    texts: list[str] = []
    for rule in load_rules():
        for ex in rule.examples.bad + rule.examples.good:
            if isinstance(ex, str):
                texts.append(ex)
    for path in sorted(glob.glob(str(ROOT / "eval" / "cases" / "rules" / "*.yaml"))):
        for case in yaml.safe_load(open(path, encoding="utf-8"))["cases"]:
            if isinstance(case.get("text"), str):
                texts.append(case["text"])
    texts.extend(dalpiaz_lines(files=6))
    return [Story(id=f"S{i}", text=t, source=Source(path="t.txt", line=i + 1)) for i, t in enumerate(texts)]


def _findings(report) -> list:
    return [[f.model_dump() for f in r.findings] for r in report.reports]


def test_findings_are_the_same_with_and_without_the_fused_scan(monkeypatch):
    stories = _stories()
    assert len(stories) > 500
    fused = review(stories, Config())
    assert engine.compile_config(Config()).fused is not None
    engine._compile.cache_clear()
    monkeypatch.setattr(engine, "_fuse", lambda rules: None)  # every rule runs its own prefilter
    try:
        plain = review(stories, Config())
        assert engine.compile_config(Config()).fused is None
    finally:
        engine._compile.cache_clear()
    assert fused.summary.findings == plain.summary.findings > 100
    assert _findings(fused) == _findings(plain)


def test_word_list_rules_find_the_same_with_the_full_alternation(monkeypatch):
    # On ASCII text an existence rule runs an alternation of only the tokens whose key word
    # the text holds; with the subset cache disabled every text gets the full alternation.
    from storylint.kinds import existence

    stories = _stories()
    engine._compile.cache_clear()
    subsets = review(stories, Config())
    engine._compile.cache_clear()
    monkeypatch.setattr(existence, "_MAX_SUBSETS", -1)
    try:
        full = review(stories, Config())
    finally:
        engine._compile.cache_clear()
    assert _findings(subsets) == _findings(full)
    assert any(f.code == "INV030" for r in full.reports for f in r.findings)


class _Ctx:
    """Just enough of a StoryContext for one checker: one text in every scope."""

    def __init__(self, text: str):
        self.text, self.cache, self.words = text, {}, {}

    def scope(self, _scope):
        return [("text", None, 0, self.text)]

    def lower(self, text):
        return text.lower()


def test_every_word_list_entry_is_found_by_its_rule():
    # The prefilter keys (one word or chunk per entry) must never hide an entry.
    from storylint.engine import rule_params
    from storylint.kinds import compile_rule, exception_regex, tokens_from

    checked = 0
    for rule in load_rules():
        if rule.kind != "existence" or rule.params.get("raw"):
            continue
        params = rule_params(rule, Config())
        checker = compile_rule(rule, params)
        exc = exception_regex(params)
        for token in tokens_from(params):
            text = f"x {token} y"
            if exc is not None and exc.search(text):
                continue
            assert list(checker(_Ctx(text))), (rule.code, token)
            checked += 1
    assert checked > 200


def test_phrase_subsets_match_like_the_full_alternation_on_random_lists():
    import random

    from storylint.kinds import phrase_regex
    from storylint.kinds.existence import PhraseList
    from storylint.tokens import word_dash_runs

    rng = random.Random(9)
    pieces = ["a", "bb", "K", "-", "x-", "-y", "c.d", "e&f", "g/h", " ", "  ", "lot", "a lot", "q"]
    checked = 0
    for _ in range(3000):
        tokens = [rng.choice(pieces) + rng.choice(["", " ", "-"]) + rng.choice(pieces) for _ in range(rng.randint(1, 4))]
        phrases = PhraseList(tokens)
        full = phrase_regex(tokens)
        for _ in range(5):
            text = "".join(rng.choice(pieces + [".", ",", "_", "(", ")"]) for _ in range(rng.randint(1, 8)))
            lower = text.lower()
            fast = phrases.regex_for(frozenset(word_dash_runs(lower)), lower, text)
            want = [m.span() for m in full.finditer(text)]
            got = [m.span() for m in fast.finditer(text)] if fast is not None else []
            assert got == want, (tokens, text)
            checked += bool(want)
    assert checked > 1000


def test_a_phrase_runs_only_where_all_its_words_are():
    """"and so on" is keyed by "and", but a text needs "so" and "on" too before it is searched."""
    from storylint.kinds.existence import PhraseList
    from storylint.tokens import word_dash_runs

    phrases = PhraseList(["and so on", "quickly"])

    def regex(text):
        lower = text.lower()
        return phrases.regex_for(frozenset(word_dash_runs(lower)), lower, text)

    assert regex("export and share the data") is None
    assert regex("export, share and so on").search("export, share and so on")
    assert regex("quickly export and share").pattern == PhraseList(["quickly"]).regex().pattern
    assert PhraseList(["and", "and so on"])._needs == {}  # "and" alone needs nothing more


def test_a_python_check_with_literals_runs_only_where_one_occurs():
    """US005 (unbalanced brackets) is in the fused scan: woken by a bracket or a quote, and it
    still finds every unbalanced one."""
    from storylint.checks.wellformed import unbalanced_brackets

    compiled = engine.compile_config(Config())
    bit = next(cr.bit for cr in compiled.story_rules if cr.rule.code == "US005")
    assert bit and unbalanced_brackets.literals.scope == "text"
    assert not compiled.fused.mask(ctx("As a user, I want reports.")) & bit
    for text in ("As a user, I want reports (weekly.", 'As a user, I want "reports.', "As a user, I want reports].", "As a user, I want {x."):
        assert compiled.fused.mask(ctx(text)) & bit, text
        report = review([Story(id="S", text=text, source=Source(path="t.txt", line=1))], Config(select=["US005"]))
        assert [f.code for f in report.reports[0].findings] == ["US005"], text


def _typographic(text: str) -> str:
    """The text as a word processor writes it: curly quotes and apostrophes, dashes, ellipses,
    no-break spaces."""
    return (
        text.replace("'", "’").replace(' "', " “").replace('"', "”").replace(" - ", " – ").replace("...", "…").replace("e.g. ", "e.g.\xa0")
    )


def test_typographic_text_gets_the_findings_of_any_other_non_ascii_text(monkeypatch):
    # Text whose only non-ASCII characters are typographic marks takes the ASCII fast paths
    # (tokens.ascii_like); with those paths closed to it, every rule looks at it in full.
    from storylint import prefilter
    from storylint.kinds import existence, pattern

    stories = [s.model_copy(update={"text": _typographic(s.text) + " – it’s “done”"}) for s in _stories()]
    engine._compile.cache_clear()
    fast = review(stories, Config())
    for module in (prefilter, pattern, existence):
        monkeypatch.setattr(module, "ascii_like", str.isascii)
    engine._compile.cache_clear()
    try:
        full = review(stories, Config())
    finally:
        engine._compile.cache_clear()
    assert fast.summary.findings == full.summary.findings > 100
    assert _findings(fast) == _findings(full)
