"""Well-formed: the story names a role, a means and (recommended) an end."""

from __future__ import annotations

from ..context import Hit
from . import story_check


def _whole(ctx) -> Hit:
    text = ctx.text
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    return Hit("text", start, max(start, end), values={"match": text.strip()[:60]})


@story_check("missing-role")
def missing_role(ctx, **_):
    if ctx.parsed.role is None:
        yield _whole(ctx)


@story_check("missing-means")
def missing_means(ctx, **_):
    p = ctx.parsed
    if p.means is None:
        yield _whole(ctx)


@story_check("missing-ends")
def missing_ends(ctx, **_):
    p = ctx.parsed
    if p.means is not None and p.ends is None:
        # Point at the end of the means: that is where "so that ..." belongs.
        yield Hit("text", p.means.end, p.means.end, values={"match": p.means.text[-30:]})


@story_check("empty-story")
def empty_story(ctx, **_):
    s = ctx.story
    if not ctx.text.strip() and not (s.description or "").strip() and not s.acceptance_criteria and not s.gherkin:
        yield Hit("text", 0, 0, values={"match": ""})


_PAIRS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}


@story_check("unbalanced-brackets")
def unbalanced_brackets(ctx, **_):
    text = ctx.text
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch in _PAIRS:
            stack.append(i)
        elif ch in _CLOSERS:
            if stack and text[stack[-1]] == _CLOSERS[ch]:
                stack.pop()
            else:
                yield Hit("text", i, i + 1, values={"match": ch})
                return
    if stack:
        i = stack[0]
        yield Hit("text", i, i + 1, values={"match": text[i]})
        return
    if text.count('"') % 2:
        i = text.rfind('"')
        yield Hit("text", i, i + 1, values={"match": '"'})
