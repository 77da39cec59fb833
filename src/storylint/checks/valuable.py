"""Valuable: a benefit that only restates the means adds no value."""

from __future__ import annotations

import re
from itertools import filterfalse

from ..context import Hit
from . import story_check

_STOP = set(
    "a an the to be able of for in on at by with and or my our their his her its your i we they it that this these those "
    "can could will would so as is are was were have has do does am me us them there then also more some any all get gets getting obtain".split()
)
_TOKEN = re.compile(r"[a-z](?:[a-z0-9'-]+|(?<![\w'-][a-z])(?:\+\+|#)?(?![\w'+#-]))")
"""Words: two letters or more, or one letter standing alone ("into R", "C++", "C#"): a single
letter often names the thing itself (a language, a plan "B"), and dropping it made "a Data
Package into R" and "… into Excel" the same means. ("a" and "I" are stop words.)"""


def stem(w: str) -> str:
    """A crude stem: "exports"/"exported"/"exporting" -> "export", "logged" -> "log",
    "deleted"/"delete" -> "delet"."""
    for suf in ("ing", "ed", "es", "s"):
        if len(w) > len(suf) + 2 and w.endswith(suf):
            w = w[: -len(suf)]
            break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    return w


class _Stems(dict):
    """word -> stem, computed once per word (a dict lookup in C: cheaper than lru_cache)."""

    def __missing__(self, word: str) -> str:
        if len(self) >= 65536:  # a bound on memory for endless streams of new words
            self.clear()
        got = self[word] = stem(word)
        return got


_stems = _Stems()
_stem_of = _stems.__getitem__
_is_stop = _STOP.__contains__
_tokens = _TOKEN.findall


def part_words(ctx, part: str) -> frozenset[str]:
    """Content words of the story's means or ends, computed once per story."""
    key = ("content-words", part)
    got = ctx.cache.get(key)
    if got is None:
        p = getattr(ctx.parsed, part)
        got = ctx.cache[key] = content_words(p.text) if p is not None else frozenset()
    return got


def content_words(text: str) -> frozenset[str]:
    """Stems of the words of ``text`` that are not stop words."""
    return frozenset(map(_stem_of, filterfalse(_is_stop, _tokens(text.lower()))))  # (all in C)


@story_check("benefit-restates-means")
def benefit_restates_means(ctx, min_overlap: float = 0.8, **_):
    p = ctx.parsed
    if p.means is None or p.ends is None:
        return None
    means, ends = part_words(ctx, "means"), part_words(ctx, "ends")
    if not ends or not means:
        return None
    overlap = len(means & ends) / len(ends)
    if overlap >= min_overlap:
        return [Hit("text", p.ends.start, p.ends.end, values={"match": p.ends.text, "overlap": f"{overlap:.0%}"})]
