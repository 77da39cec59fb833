"""Minimal: nothing but role, means and ends — no extra sentences, no repeated indicators."""

from __future__ import annotations

import re

from ..context import Hit
from ..parse import ENDS_RE
from . import story_check

# A second wish anywhere after the first ("..., so I want to ...").
# Only at a clause boundary, so that "... what I want" inside the benefit is not a repeat.
STRONG_MEANS_RE = re.compile(
    r"(?:[,.;:]\s*|(?<![\w'’])(?:so|and|but|then|also)\s+)(?P<ind>i(?:\s+(?:want|need|wish)|(?:\s+would|'d|’d)\s+like)\s+(?:to|a|an|the|my|this|that)\b)",
    re.I,
)


@story_check("extra-text")
def extra_text(ctx, min_words: int = 2, **_):
    rest = ctx.parsed.rest
    if rest is None or ctx.parsed.means is None:
        return
    if len(rest.text.split()) < min_words:
        return
    yield Hit("text", rest.start, rest.end, values={"match": rest.text[:60]})


@story_check("repeated-indicator")
def repeated_indicator(ctx, **_):
    p = ctx.parsed
    if p.means_indicator is None:
        return
    text = ctx.text
    # A second "I want ..." after the first one (often "..., so I want to ...").
    second = STRONG_MEANS_RE.search(text, p.means_indicator.end)
    if second is not None:
        yield Hit("text", second.start("ind"), second.end("ind"), values={"match": second.group("ind")})
        return
    if p.ends_indicator is not None:
        again = ENDS_RE.search(text, p.ends_indicator.end)
        if again is None:
            return
        first = " ".join(p.ends_indicator.text.lower().split())
        second_ind = " ".join(again.group("ind").lower().split())
        # "so that, so that" or a second "so that": a merge/edit slip. A purpose clause
        # ("so that I need not convert data in order to use it") is fine.
        if second_ind == first == "so that" or again.start() - p.ends_indicator.end <= 3:
            yield Hit("text", again.start(), again.start() + len(again.group("ind").strip()), values={"match": again.group("ind").strip()})
