"""length: a metric of a scope (words, characters, sentences, acceptance-criteria items)."""

from __future__ import annotations

import re

from ..context import Hit
from ..tokens import count_words

_SENT = re.compile(r"[.!?]+(?:\s|$)")


def _metric(name: str, text: str) -> int:
    if name == "words":
        return count_words(text)
    if name == "characters":
        return len(text)
    if name == "sentences":
        return max(1, len(_SENT.findall(text.strip()))) if text.strip() else 0
    raise ValueError(f"unknown metric {name!r} (words, characters, sentences, ac-items, estimate)")


def compile(rule, params):
    metric = params.get("metric", "words")
    hi = params.get("max")
    lo = params.get("min")
    scope = rule.scope
    if metric not in ("words", "characters", "sentences", "ac-items", "estimate"):
        raise ValueError(f"unknown metric {metric!r}")

    def out(field, item, start, end, n):
        bound = {"max": hi, "min": lo}
        return Hit(field, start, end, item, values={"count": n, **bound, "match": str(n)})

    # One plain function per metric (a list of hits or None): most calls find nothing.
    if metric == "ac-items":

        def check(ctx):
            n = len(ctx.story.acceptance_criteria)
            if (hi is not None and n > hi) or (lo is not None and n < lo):
                field, item = ("ac", hi) if hi is not None and n > hi else ("text", None)
                return [out(field, item, 0, 0, n)]
            return None

    elif metric == "estimate":

        def check(ctx):
            est = ctx.story.estimate
            if est is not None and ((hi is not None and est > hi) or (lo is not None and est < lo)):
                n = int(est) if float(est).is_integer() else est
                return [out("estimate", None, 0, 0, n)]  # (the engine places it where the estimate is written)
            return None

    else:
        # Words need a separator between them: a text of at most 2 * max characters has at
        # most (len + 1) // 2 <= max words, and is not counted.
        short = 2 * hi if metric == "words" and lo is None and hi is not None else -1

        def check(ctx):
            hits = None
            for field, item, base, text in ctx.scope(scope):
                if len(text) <= short:
                    continue
                n = _metric(metric, text)
                if (hi is not None and n > hi) or (lo is not None and n < lo):
                    hits = hits or []
                    hits.append(out(field, item, base, base + len(text), n))
            return hits

    return check
