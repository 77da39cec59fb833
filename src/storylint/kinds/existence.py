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


def _key(token: str) -> tuple[bool, str]:
    """(is a whole word, literal) that every match of ``token`` contains.

    A match of a phrase contains each of its words as a whole ``[\\w-]+`` run (the words are
    joined by whitespace and bounded by non-word characters), so any one word of a phrase
    will do; the longest is taken as the least common ("a lot" is told by "lot", not "a").
    A phrase with no such word is told by its longest part, as a substring.
    """
    parts = token.split() or [token]
    simple = [p for p in parts if _SIMPLE.fullmatch(p)]
    if simple:
        return True, max(simple, key=len).lower()
    return False, max(parts, key=len).lower()


def phrase_prefilter(tokens: list[str], raw: bool):
    """(words that need a whole-word hit, other literal chunks) or None (no prefilter)."""
    if raw:
        return None
    keys = {_key(t) for t in tokens}
    return frozenset(k for whole, k in keys if whole), tuple(sorted(k for whole, k in keys if not whole))


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
    pre = phrase_prefilter(tokens, raw)
    exc = exception_regex(params)
    scope = rule.scope
    first_only = bool(params.get("first_only", False))
    # The alternation of all tokens, compiled on first use; and, on ASCII text, alternations
    # of only the tokens whose key literal the text holds (a token without it cannot match
    # anywhere in the text, so leaving it out changes no match; the order is kept).
    regexes: dict[frozenset[str] | None, re.Pattern[str]] = {}
    by_key: dict[str, list[str]] = {}
    if pre is not None:
        for t in tokens:
            by_key.setdefault(_key(t)[1], []).append(t)

    def regex_for(keys: frozenset[str] | None) -> re.Pattern[str]:
        got = regexes.get(keys)
        if got is None:
            if keys is not None and len(regexes) > _MAX_SUBSETS:
                return regex_for(None)
            subset = tokens if keys is None else [t for t in tokens if _key(t)[1] in keys]
            got = regexes[keys] = phrase_regex(subset, raw=raw, ignorecase=ignorecase)
        return got

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
            keys = None
            if pre is not None and text.isascii():
                words, lower = text_words(ctx, text)
                keys = words & pre[0]
                if pre[1]:
                    keys |= {c for c in pre[1] if c in lower}
                if not keys:
                    continue
            for m in regex_for(keys).finditer(text):
                if exc is not None and overlaps(exc, text, m.start(), m.end()):
                    continue
                yield Hit(field, base + m.start(), base + m.end(), item, values={"match": m.group(0)})
                if first_only:
                    return

    if pre is not None:
        check.prefilter = prefilter
        check.literals = Literals(scope, words=pre[0], chunks=pre[1])
    return check


_MAX_SUBSETS = 512
"""Per rule, at most this many token subsets get their own alternation (memory bound)."""
