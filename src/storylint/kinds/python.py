"""python: a named structural check from :mod:`storylint.checks` (for what data cannot say)."""

from __future__ import annotations

from functools import partial

from ..checks import get_story_check


def compile(rule, params):
    fn = get_story_check(params["check"])
    return partial(fn, **{k: v for k, v in params.items() if k != "check"})
