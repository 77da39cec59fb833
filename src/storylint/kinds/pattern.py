"""pattern: report every match of one or more regular expressions in a scope."""

from __future__ import annotations

import re

from ..context import Hit
from . import exception_regex, overlaps


def compile(rule, params):
    pats = params["patterns"] if "patterns" in params else [params["pattern"]]
    flags = 0 if params.get("ignorecase") is False else re.I
    regexes = [re.compile(p, flags) for p in pats]
    exc = exception_regex(params)
    scope = rule.scope
    first_only = bool(params.get("first_only", True))

    def check(ctx):
        for field, item, base, text in ctx.scope(scope):
            for regex in regexes:
                for m in regex.finditer(text):
                    if exc is not None and overlaps(exc, text, m.start(), m.end()):
                        continue
                    yield Hit(field, base + m.start(), base + m.end(), item, values={"match": m.group(0).strip()})
                    if first_only:
                        return

    return check
