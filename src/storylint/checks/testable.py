"""Testable: a story needs acceptance criteria (a checklist, or Gherkin scenarios)."""

from __future__ import annotations

from ..context import Hit
from . import story_check


@story_check("no-acceptance-criteria")
def no_acceptance_criteria(ctx, **_):
    s = ctx.story
    if not s.source.holds_criteria:
        return None  # (a .txt line: no place to write criteria)
    if (s.gherkin and s.gherkin.strip()) or not ctx.text.strip():
        return None  # (an empty story is reported as such)
    # (the story's criteria with directive comments already blanked: an item that held only a
    # "storylint: disable=..." comment is no criterion)
    if any(item.strip() for item in s.acceptance_criteria):
        return None
    return [Hit("text", 0, 0, values={"match": ""})]
