"""conditional: if ``first`` occurs in a scope, ``second`` must occur too (in ``second_scope``)."""

from __future__ import annotations

import re

from ..context import Hit


def compile(rule, params):
    first = re.compile(params["first"], re.I)
    second = re.compile(params["second"], re.I)
    second_scope = params.get("second_scope", rule.scope)
    scope = rule.scope

    def check(ctx):
        for field, item, base, text in ctx.scope(scope):
            m = first.search(text)
            if not m:
                continue
            if any(second.search(t) for _, _, _, t in ctx.scope(second_scope)):
                continue
            yield Hit(field, base + m.start(), base + m.end(), item, values={"match": m.group(0)})
            return

    return check
