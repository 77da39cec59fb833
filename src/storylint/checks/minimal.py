"""Minimal: nothing but role, means and ends — no extra sentences, no repeated indicators."""

from __future__ import annotations

import re

from ..context import Hit
from ..parse import ENDS_RE, MEANS_RE
from . import story_check

# A second wish anywhere after the first ("..., so I want to ...").
STRONG_MEANS_RE = re.compile(r"(?<![\w'’])i(?:\s+(?:want|need|wish)|(?:\s+would|'d|’d)\s+like)\b", re.I)


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
    stop = p.ends_indicator.start if p.ends_indicator is not None else p.main_end
    second = MEANS_RE.search(text, p.means_indicator.end, stop) or STRONG_MEANS_RE.search(text, p.means_indicator.end)
    if second is not None:
        yield Hit("text", second.start(), second.end(), values={"match": second.group(0)})
        return
    if p.ends_indicator is not None:
        again = ENDS_RE.search(text, p.ends_indicator.end)
        if again is not None and again.start() - p.ends_indicator.end <= 40 or (
            again is not None and again.group("ind").strip().lower().startswith(("so that", "in order"))
        ):
            yield Hit("text", again.start(), again.end(), values={"match": again.group(0).strip()})
