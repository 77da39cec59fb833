"""The regex prefilter never hides a match (it only skips texts that cannot match)."""
# required_prefixes: literals one of which every match contains (a prefix or a later element).

from __future__ import annotations

import re

import pytest

from storylint.kinds.literals import may_match, required_prefixes
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


def test_prefilter_agrees_with_the_regex_on_every_rule_pattern():
    texts = _texts()
    assert len(texts) > 100
    checked = 0
    for rule in load_rules():
        if rule.kind != "pattern":
            continue
        flags = 0 if rule.params.get("ignorecase") is False else re.I
        for pat in rule.params.get("patterns") or [rule.params["pattern"]]:
            rx = re.compile(pat, flags)
            prefixes = required_prefixes(pat, flags)
            for text in texts:
                if rx.search(text):
                    assert may_match(prefixes, text, text.lower()), (rule.code, pat, text)
                    checked += 1
    assert checked > 50
