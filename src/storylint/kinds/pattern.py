"""pattern: report every match of one or more regular expressions in a scope."""

from __future__ import annotations

import re

from ..context import Hit
from . import add_hits, exception_regex
from ..prefilter import Literals
from ..tokens import ascii_like
from .literals import may_match, required_prefixes, required_starts, wake_literals


def compile(rule, params):
    pats = params["patterns"] if "patterns" in params else [params["pattern"]]
    flags = 0 if params.get("ignorecase") is False else re.I
    # Each regex with the literals one of which any match must start with (a cheap prefilter).
    # Each regex is compiled on first use: a text that fails the prefilter never needs it.
    regexes = [(_Lazy(p, flags), required_prefixes(p, flags)) for p in pats]
    # All regexes have literal prefixes: one combined test can rule the whole rule out.
    union = None if any(pre is None for _, pre in regexes) else tuple(sorted({x for _, pre in regexes for x in pre}))
    # ``trigger``: an optional cheap regex that must match somewhere before the (costly)
    # patterns run at all; its own literal prefixes then serve as the rule's prefilter.
    trigger = re.compile(params["trigger"], flags) if params.get("trigger") else None
    if trigger is not None:
        union = required_prefixes(params["trigger"], flags)
    exc = exception_regex(params)
    scope = rule.scope
    first_only = bool(params.get("first_only", True))

    def prefilter(ctx) -> bool:
        """False when no text of the scope can match (the engine then skips the rule)."""
        for _field, _item, _base, text in ctx.scope(scope):
            if may_match(union, text, ctx.lower(text)):
                return True
        return False

    # With one regex and no trigger, the rule-wide literal test is that regex's own test.
    union_test = union if (len(regexes) > 1 or trigger is not None) else None
    plain = exc is None and first_only

    def check(ctx):
        """A list of hits, or None (a plain function, not a generator: most calls find nothing)."""
        hits = None
        for field, item, base, text in ctx.scope(scope):
            if text.isascii() or ascii_like(text):  # the literal prefilters hold on ASCII(-like) text only
                lower = ctx.lower(text)
                if union_test is not None:
                    for literal in union_test:
                        if literal in lower:
                            break
                    else:
                        continue
            else:
                lower = None
            if trigger is not None and not trigger.search(text):
                continue
            for lazy, prefixes in regexes:
                if lower is not None and prefixes is not None:
                    for literal in prefixes:
                        if literal in lower:
                            break
                    else:
                        continue
                regex = lazy.compiled or lazy.get()
                m = regex.search(text) if lower is None or lazy.starts is None else leftmost(regex, text, lower, lazy.starts)
                if plain:  # the first match is the one reported
                    if m is not None:
                        return [Hit(field, base + m.start(), base + m.end(), item, values={"match": m.group(0).strip()})]
                    continue
                if m is None:
                    continue  # (most texts: no match, so no exceptions to weigh)
                hits = add_hits(hits, regex, text, field, item, base, exc, first_only, strip=True)
                if first_only and hits:
                    return hits
        return hits

    if union is not None:
        check.prefilter = prefilter
    # What wakes the rule in the engine's fused scan: per regex (or the trigger alone) its
    # whole words where the analysis finds them, else its literal chunks.
    wakes = [wake_literals(params["trigger"], flags)] if trigger is not None else [wake_literals(p, flags) for p in pats]
    if all(wake is not None for wake in wakes):
        chunks = tuple(sorted({c for kind, found in wakes if kind == "chunks" for c in found}))
        words = frozenset(w for kind, found in wakes if kind == "words" for w in found)
        check.literals = Literals(scope, chunks=chunks, bounded=words)
    return check


def leftmost(regex: re.Pattern[str], text: str, lower: str, starts: tuple[str, ...]) -> re.Match[str] | None:
    """``regex.search(text)`` for a regex every match of which starts with one of ``starts``
    (``lower`` is ``text.lower()``, ASCII: the offsets are the same).

    The regex is tried only where one of them occurs, anchored there: ``match`` at a position
    sees the text before it (look-behinds, ``\\b``) as ``search`` does there, and the places
    are tried from the left, so the first match is search's. A pattern that starts with a
    look-behind or ``\\b`` and ignores case gives ``re`` nothing to skip ahead with: it runs
    its matcher at every position of the text, which costs far more than a few ``find``.
    """
    places = set()
    for literal in starts:
        i = lower.find(literal)
        while i != -1:
            places.add(i)
            i = lower.find(literal, i + 1)
    for i in sorted(places):
        m = regex.match(text, i)
        if m is not None:
            return m
    return None


class _Lazy:
    __slots__ = ("pattern", "flags", "compiled", "starts")

    def __init__(self, pattern: str, flags: int):
        self.pattern, self.flags, self.compiled, self.starts = pattern, flags, None, None

    def get(self) -> re.Pattern[str]:
        if self.compiled is None:
            self.compiled = re.compile(self.pattern, self.flags)
            self.starts = required_starts(self.pattern, self.flags)  # (on first use too)
        return self.compiled
