"""existence: report every occurrence of a word or phrase from a list (inline or a word list).

Before running the (large) alternation, a word-set prefilter checks whether one word of some
token (its longest) occurs in the text at all: the text's ``[\\w-]+`` runs are computed once per text and
shared by every existence rule (performance only; the regex decides what matches).
"""

from __future__ import annotations

import re

from ..context import Hit
from ..prefilter import Literals
from ..tokens import word_dash_runs
from . import exception_regex, overlaps, phrase_regex, tokens_from

_SIMPLE = re.compile(r"[\w-]+")


def phrase_prefilter(tokens: list[str], raw: bool):
    """(words that need a whole-word hit, other literal chunks) or None (no prefilter).

    A match of a phrase contains each of its words as a whole ``[\\w-]+`` run (the words are
    joined by whitespace and bounded by non-word characters), so any one word of a phrase
    will do; the longest is taken as the least common ("a lot" is told by "lot", not "a").
    """
    if raw:
        return None
    words, chunks = set(), set()
    for t in tokens:
        parts = t.split() or [t]
        simple = [p for p in parts if _SIMPLE.fullmatch(p)]
        if simple:
            words.add(max(simple, key=len).lower())
        else:
            chunks.add(max(parts, key=len).lower())
    return frozenset(words), tuple(sorted(chunks))


def text_words(ctx, text: str) -> tuple[frozenset[str], str]:
    key = ("words", id(text), len(text))
    got = ctx.cache.get(key)
    if got is None or got[2] is not text:
        lower = text.lower()
        got = (frozenset(word_dash_runs(lower)), lower, text)
        ctx.cache[key] = got
    return got[0], got[1]


def compile(rule, params):
    tokens = tokens_from(params)
    raw = bool(params.get("raw"))
    ignorecase = params.get("ignorecase", True)
    lazy: list = []  # the alternation is compiled on the first text that passes the prefilter
    pre = phrase_prefilter(tokens, raw)
    exc = exception_regex(params)
    scope = rule.scope
    first_only = bool(params.get("first_only", False))

    def prefilter(ctx) -> bool:
        for _field, _item, _base, text in ctx.scope(scope):
            if not text.isascii():
                return True
            words, lower = text_words(ctx, text)
            if not words.isdisjoint(pre[0]) or any(c in lower for c in pre[1]):
                return True
        return False

    def check(ctx):
        for field, item, base, text in ctx.scope(scope):
            if pre is not None and text.isascii():
                words, lower = text_words(ctx, text)
                if words.isdisjoint(pre[0]) and not any(c in lower for c in pre[1]):
                    continue
            if not lazy:
                lazy.append(phrase_regex(tokens, raw=raw, ignorecase=ignorecase))
            for m in lazy[0].finditer(text):
                if exc is not None and overlaps(exc, text, m.start(), m.end()):
                    continue
                yield Hit(field, base + m.start(), base + m.end(), item, values={"match": m.group(0)})
                if first_only:
                    return

    if pre is not None:
        check.prefilter = prefilter
        check.literals = Literals(scope, words=pre[0], chunks=pre[1])
    return check
