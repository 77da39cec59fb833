"""Testable: a story needs acceptance criteria (a checklist, or Gherkin scenarios)."""

from __future__ import annotations

from ..context import Hit
from . import story_check


@story_check("no-acceptance-criteria")
def no_acceptance_criteria(ctx, **_):
    s = ctx.story
    if s.acceptance_criteria or (s.gherkin and s.gherkin.strip()) or not ctx.text.strip():
        return None  # (an empty story is reported as such)
    return [Hit("text", 0, 0, values={"match": ""})]
