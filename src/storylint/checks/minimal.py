"""Minimal: nothing but role, means and ends — no extra sentences, no repeated indicators."""

from __future__ import annotations

import re

from ..context import Hit
from ..kinds import clip
from ..parse import ENDS_RE, MEANS_RE
from . import story_check

# A second wish anywhere after the first ("..., so I want to ...").
# Only at a clause boundary, so that "... what I want" inside the benefit is not a repeat; a
# comma straight after a question word is none either: "decide what, I want to look at" is the
# word's own clause, with a stray comma.
# (Each leading look-ahead is a necessary condition that only lets ``re`` skip ahead fast.)
_WH = ("what", "which", "who", "whom", "whose", "where", "when", "how", "whether", "whatever", "whichever", "wherever", "whoever")
STRONG_MEANS_RE = re.compile(
    r"(?=[,.;:sabt])(?:" + "".join(rf"(?<!\b{w})" for w in _WH) + r"[,.;:]\s*|(?<![\w'’])(?:so|and|but|then|also)\s+)"
    r"(?P<ind>i(?:\s+(?:want|need|wish)|(?:\s+would|'d|’d)\s+like)\s+(?:to|a|an|the|my|this|that)\b)",
    re.I,
)
# STRONG_MEANS_RE for lower-cased ASCII text (offsets do not move then; the indicator's own
# text is taken from the story), starting with a plain character class that ``re`` scans for
# fast, where STRONG_MEANS_RE (ignoring case, starting with a look-ahead) runs its thirteen
# look-behinds at every position: here each look-behind also takes the character just read.
# Same matches.
_STRONG_MEANS_LOWER_RE = re.compile(
    r"[,.;:sabt](?:(?<=[,.;:])" + "".join(rf"(?<!\b{w}.)" for w in _WH) + r"\s*|(?<![\w'’][sabt])(?:(?<=s)o|(?<=a)nd|(?<=b)ut|(?<=t)hen|(?<=a)lso)\s+)"
    r"(?P<ind>i(?:\s+(?:want|need|wish)|(?:\s+would|'d|’d)\s+like)\s+(?:to|a|an|the|my|this|that)\b)"
)


SECOND_ROLE_RE = re.compile(r"(?=[,.;:a])(?:[,.;:]\s*|\band\s+)(?P<ind>as\s+(?:an?|the)\s+[\w-]+(?:\s+[\w-]+)?\s*,?\s*(?=i\b|we\b))", re.I)


@story_check("extra-text")
def extra_text(ctx, min_words: int = 2, **_):
    rest = ctx.parsed.rest
    if rest is None or ctx.parsed.means is None or len(rest.text.split()) < min_words:
        return None
    return [Hit("text", rest.start, rest.end, values={"match": clip(rest.text)})]


_TWICE = "Template part repeated: '{match}' introduces the benefit twice."


@story_check("repeated-indicator")
def repeated_indicator(ctx, **_):
    p = ctx.parsed
    if p.means_indicator is None:
        return None
    text = ctx.text
    lower = ctx.lower(text)
    # "As a user, as a customer, I want ..." or a second story glued on: a second role.
    if p.role_indicator is not None and lower.find("as ", p.role_indicator.end) != -1:
        again_role = SECOND_ROLE_RE.search(text, p.role_indicator.end)
        if again_role is not None:
            return [Hit("text", again_role.start("ind"), again_role.end("ind"), values={"match": again_role.group("ind")})]
    # "I want to I want to": the same indicator twice in a row.
    after = p.means_indicator.end
    while after < len(text) and text[after].isspace():
        after += 1
    twice = MEANS_RE.match(text, after) if lower.startswith(("i", "we"), after) else None
    if twice is not None:
        return [Hit("text", twice.start(), twice.end(), values={"match": twice.group(0)})]
    # A second "I want ..." after the first one (often "..., so I want to ...").
    rest = lower[p.means_indicator.end :]
    # (STRONG_MEANS_RE needs "want", "need", "wish" or "like": a cheap test first)
    maybe = not rest.isascii() or "want" in rest or "need" in rest or "wish" in rest or "like" in rest
    second = None
    if maybe:
        regex, scan = (_STRONG_MEANS_LOWER_RE, lower) if text.isascii() else (STRONG_MEANS_RE, text)
        second = regex.search(scan, p.means_indicator.end)
    if second is not None:
        start, end = second.span("ind")
        return [Hit("text", start, end, values={"match": text[start:end]})]
    if p.ends_indicator is not None:
        tail = lower[p.ends_indicator.end :]
        if "so" not in tail and "in order" not in tail:
            return None
        again = ENDS_RE.search(text, p.ends_indicator.end)
        if again is None:
            return None
        second_ind = " ".join(again.group("ind").lower().split())
        # "so that, so that" or a second "so that": a merge/edit slip. A purpose clause
        # ("so that I need not convert data in order to use it") is fine.
        end = again.start() + len(again.group("ind").strip())
        if again.start() - p.ends_indicator.end <= 3:
            # "so that so I can", "so that, so that": quote both indicators, not a bare "so".
            return [Hit("text", again.start(), end, message=_TWICE, values={"match": text[p.ends_indicator.start : end]})]
        if second_ind == "so that":
            return [Hit("text", again.start(), end, values={"match": again.group("ind").strip()})]
