"""python: a named structural check from :mod:`storylint.checks` (for what data cannot say)."""

from __future__ import annotations

from ..checks import get_story_check


def compile(rule, params):
    fn = get_story_check(params["check"])
    opts = {k: v for k, v in params.items() if k != "check"}

    def check(ctx):
        return fn(ctx, **opts)

    return check
