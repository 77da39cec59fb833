"""existence: report every occurrence of a word or phrase from a list (inline or a word list)."""

from __future__ import annotations

from ..context import Hit
from . import exception_regex, overlaps, phrase_regex, tokens_from


def compile(rule, params):
    regex = phrase_regex(tokens_from(params), raw=bool(params.get("raw")), ignorecase=params.get("ignorecase", True))
    exc = exception_regex(params)
    scope = rule.scope
    first_only = bool(params.get("first_only", False))

    def check(ctx):
        for field, item, base, text in ctx.scope(scope):
            for m in regex.finditer(text):
                if exc is not None and overlaps(exc, text, m.start(), m.end()):
                    continue
                yield Hit(field, base + m.start(), base + m.end(), item, values={"match": m.group(0)})
                if first_only:
                    return

    return check
