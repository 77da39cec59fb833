"""The regex prefilter never hides a match (it only skips texts that cannot match)."""
# required_prefixes: literals one of which every match contains (a prefix or a later element).

from __future__ import annotations

import re

import pytest

from storylint.kinds.literals import may_match, required_prefixes, required_starts, required_words
from storylint.kinds.pattern import leftmost
from storylint.registry import load_rules

from helpers import dalpiaz_lines


@pytest.mark.parametrize(
    "pattern,expected",
    [
        (r"\bblocked\s+by\b", ("blocked",)),
        (r"(?<![\w-])(?:TODO|FIXME)(?![\w-])", ("fixme", "todo")),
        (r"\((?!s\))[^()]+\)", ("(",)),
        (r"\w+ing", ("ing",)),  # not a prefix, but every match contains it
        (r"(?:^|;)\s*note", ("note",)),
        (r"x*y", ("y",)),
        (r"\w+\s*", None),
        (r"\bthis\s+depends\s+on\b", ("depends",)),  # the most selective required literal
        (r"(?:ab)+c", ("ab",)),
        (r"[@#]\w", ("#", "@")),
    ],
)
def test_required_prefixes(pattern, expected):
    assert required_prefixes(pattern, re.I) == expected


def _texts():
    out = dalpiaz_lines()
    for rule in load_rules():
        for ex in rule.examples.bad + rule.examples.good:
            if isinstance(ex, str):
                out.append(ex)
    return out


def _rule_patterns(triggers: bool = False):
    """(code, pattern, flags, compiled) for every pattern of every ``pattern`` rule (and
    every trigger, with ``triggers``)."""
    for rule in load_rules():
        if rule.kind != "pattern":
            continue
        flags = 0 if rule.params.get("ignorecase") is False else re.I
        extra = [rule.params["trigger"]] if triggers and rule.params.get("trigger") else []
        for pat in [*(rule.params.get("patterns") or [rule.params["pattern"]]), *extra]:
            yield rule.code, pat, flags, re.compile(pat, flags)


def test_prefilter_agrees_with_the_regex_on_every_rule_pattern():
    texts = _texts()
    assert len(texts) > 100
    checked = 0
    for code, pat, flags, rx in _rule_patterns():
        prefixes = required_prefixes(pat, flags)
        for text in texts:
            if rx.search(text):
                assert may_match(prefixes, text, text.lower()), (code, pat, text)
                checked += 1
    assert checked > 50


@pytest.mark.parametrize(
    "pattern,expected",
    [
        (r"\b(?:and|but|as\s+well\s+as)\s+so", ("and", "as", "but")),
        (r"(?<![\w-])(?:note|n\.b\.?)\s*:", ("n.b", "note")),
        (r"^\s*As\s+", None),  # a match may start with blanks
        (r"\bthis\s+depends\s+on\b", ("this",)),  # where a match starts, not its rarest word
        (r"(?:^|;)\s*note", None),
    ],
)
def test_required_starts(pattern, expected):
    assert required_starts(pattern, re.I) == expected


def test_leftmost_is_search_on_every_rule_pattern():
    """The pattern kind's search at the places where a match can start finds what
    ``search`` finds, on every rule pattern, the Dalpiaz stories and the rule examples, and on
    texts that repeat a start literal in awkward places (inside words, at the very start, twice)."""
    texts = [t for t in _texts() if t.isascii()]
    checked = 0
    for code, pat, flags, rx in _rule_patterns():
        starts = required_starts(pat, flags)
        if starts is None:
            continue
        extra = [f"{s}{s} x{s} {s.upper()}: , {s} so that {s}" for s in starts]
        for text in texts + extra:
            want = rx.search(text)
            got = leftmost(rx, text, text.lower(), starts)
            assert (got and got.span()) == (want and want.span()), (code, pat, text)
            checked += want is not None
    assert checked > 50


@pytest.mark.parametrize(
    "pattern,expected",
    [
        (r"\b(?:must|should|shall)\s+use\b", ("must", "shall", "should")),
        (r"\bsystem\s+to\s+use\b", ("system",)),  # the longest of the words
        (r"\b(?:re)?train(?:s|ed)?\b", ("retrain", "retrained", "retrains", "train", "trained", "trains")),
        (r"(?<![\w-])(?:note|nb)\s*:", ("nb", "note")),  # blanks, then a non-word character
        (r"(?:^|(?<=[.;]\s))note\s+that\b", ("note",)),  # look-behinds that end with a blank
        (r"\bto\s+(?:easily\s+)?(?:manage|handle)\b", ("handle", "manage")),
        (r"\buse", None),  # "user" holds it: no whole word
        (r"use\b", None),
        (r"\b(?:use|u\w+)\b", None),  # one branch has no literal word
        (r"\w+ing\b", None),
        (r"x\w*\buse\b", ("use",)),
        (r"\bn\.b\.", ("n",)),  # each word alone will do: the first of equals
        (r"\b(?:CNN|RNN)s?\b", ("cnn", "cnns", "rnn", "rnns")),
    ],
)
def test_required_words(pattern, expected):
    assert required_words(pattern, re.I) == expected


def _word_runs(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower(), re.ASCII))


def test_whole_words_agree_with_the_regex_on_every_rule_pattern():
    """Every match on ASCII text holds one of the pattern's whole words as a ``\\w`` run: on
    the Dalpiaz stories, the rule examples and texts that put each word in awkward places
    (inside a longer word, between hyphens or underscores, at the very start and end)."""
    texts = [t for t in _texts() if t.isascii()]
    checked = 0
    for code, pat, flags, rx in _rule_patterns(triggers=True):
        words = required_words(pat, flags)
        if words is None:
            continue
        extra = [f"{w}{w} x{w} {w.upper()}: , {w}-{w}_{w} so that {w}" for w in words]
        for text in texts + extra:
            if rx.search(text):
                assert not _word_runs(text).isdisjoint(words), (code, pat, text)
                checked += 1
    assert checked > 50
