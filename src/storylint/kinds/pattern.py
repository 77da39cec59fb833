"""pattern: report every match of one or more regular expressions in a scope."""

from __future__ import annotations

import re

from ..context import Hit
from . import add_hits, exception_regex
from ..prefilter import Literals
from .literals import may_match, required_prefixes


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
            if text.isascii():  # the literal prefilters hold on ASCII text only
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
                if plain:  # the first match is the one reported
                    m = regex.search(text)
                    if m is not None:
                        return [Hit(field, base + m.start(), base + m.end(), item, values={"match": m.group(0).strip()})]
                    continue
                if regex.search(text) is None:
                    continue  # (most texts: no match, so no exceptions to weigh)
                hits = add_hits(hits, regex, text, field, item, base, exc, first_only, strip=True)
                if first_only and hits:
                    return hits
        return hits

    if union is not None:
        check.prefilter = prefilter
        check.literals = Literals(scope, chunks=union)
    return check


class _Lazy:
    __slots__ = ("pattern", "flags", "compiled")

    def __init__(self, pattern: str, flags: int):
        self.pattern, self.flags, self.compiled = pattern, flags, None

    def get(self) -> re.Pattern[str]:
        if self.compiled is None:
            self.compiled = re.compile(self.pattern, self.flags)
        return self.compiled
