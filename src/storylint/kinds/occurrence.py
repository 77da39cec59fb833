"""occurrence: a token may occur at most ``max`` (or at least ``min``) times in a scope."""

from __future__ import annotations

import re

from ..context import Hit
from . import phrase_regex, tokens_from


def compile(rule, params):
    if "pattern" in params:
        regex = re.compile(params["pattern"], re.I)
    else:
        regex = phrase_regex(tokens_from(params))
    hi = params.get("max")
    lo = params.get("min")
    scope = rule.scope

    def check(ctx):
        for field, item, base, text in ctx.scope(scope):
            found = list(regex.finditer(text))
            n = len(found)
            if hi is not None and n > hi:
                m = found[hi]
                yield Hit(field, base + m.start(), base + m.end(), item, values={"match": m.group(0), "count": n, "max": hi})
            elif lo is not None and n < lo:
                yield Hit(field, base, base + len(text), item, values={"count": n, "min": lo, "match": text[:40]})

    return check
