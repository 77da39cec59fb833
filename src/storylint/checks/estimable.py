"""Estimable: an estimate of "?" or "TBD" says the team could not size the story."""

from __future__ import annotations

from ..context import Hit
from . import story_check


@story_check("unsized-estimate")
def unsized_estimate(ctx, **_):
    said = ctx.story.source.estimate_text
    if said is None:
        return None
    # (placed where the reader found the estimate, as INV043's findings are)
    return [Hit("estimate", 0, 0, values={"match": said})]
