"""Well-formed: the story names a role, a means and (recommended) an end."""

from __future__ import annotations

import re
from itertools import islice
from operator import eq

from ..context import Hit
from ..kinds import covered, exception_spans
from ..prefilter import Literals
from ..tokens import word_runs
from . import story_check


def _whole(ctx) -> Hit:
    text = ctx.text
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    return Hit("text", start, max(start, end), values={"match": text.strip()[:60]})


@story_check("missing-role")
def missing_role(ctx, **_):
    if ctx.parsed.role is None and ctx.text.strip():
        return [_whole(ctx)]
    return None


@story_check("missing-means")
def missing_means(ctx, **_):
    p = ctx.parsed
    if p.means is None and ctx.text.strip():
        return [_whole(ctx)]
    return None


@story_check("missing-ends")
def missing_ends(ctx, **_):
    p = ctx.parsed
    if p.means is not None and p.ends is None:
        # Point at the end of the means: that is where "so that ..." belongs.
        return [Hit("text", p.means.end, p.means.end, values={"match": p.means.text[-30:]})]
    return None


@story_check("empty-story")
def empty_story(ctx, **_):
    """No story text at all (the role/means/benefit rules stay quiet then). A feature file is
    judged by the Gherkin rules: an empty one is GHK002's, a narrative-less one US008's."""
    if not ctx.text.strip() and ctx.story.gherkin is None:
        return [Hit("text", 0, 0, values={"match": ""})]
    return None


# How a narrative starts in some of the languages Gherkin speaks ("As a", "En tant que", ...).
_NARRATIVE_RE = re.compile(
    r"^\s*(?:as\s+(?:an?|the)?\b|en\s+tant\s+qu|als\s+\w|como\s+\w|come\s+\w|jako\s+\w|som\s+\w|kao\s+\w|in\s+qualit|как\s|作为|として)",
    re.I,
)
_KEYWORD_LINE_RE = re.compile(r"^\s*[^\s#|@\"][^:]{0,40}:")


def _gherkin_has_narrative(gherkin: str) -> bool | None:
    """True when the lines between the Feature line and the next keyword line tell a story;
    None when there is no Feature line at all (an empty or broken file: other rules report it)."""
    in_description = False
    for line in gherkin.split("\n")[:60]:
        if _KEYWORD_LINE_RE.match(line):
            if in_description:
                return False
            in_description = True
            continue
        if in_description and _NARRATIVE_RE.match(line):
            return True
    return False if in_description else None


@story_check("feature-without-story")
def feature_without_story(ctx, **_):
    """A Gherkin feature whose description has no user-story narrative."""
    gherkin = ctx.story.gherkin or ""
    if not ctx.text.strip() and gherkin.strip() and _gherkin_has_narrative(gherkin) is False:
        return [Hit("text", 0, 0, values={"match": ctx.story.title or ""})]
    return None


_PAIRS = {"(": ")", "[": "]", "{": "}"}
_BRACKET_RE = re.compile(r'[()\[\]{}"]')
_SMILEY_RE = re.compile(r"(?<!\w)[:;=8]-?[()\[\]DPp](?!\w)")
_LIST_ITEM_RE = re.compile(r"(?:^|\s)(?:\d+|[a-z])\)\s")
_CLOSERS = {v: k for k, v in _PAIRS.items()}


@story_check("unbalanced-brackets")
def unbalanced_brackets(ctx, **_):
    text = ctx.text
    if not _BRACKET_RE.search(text):
        return None
    if ":" in text or ";" in text or "=" in text:
        text = _SMILEY_RE.sub(lambda m: " " * len(m.group(0)), text)
    stack: list[int] = []
    for m in _BRACKET_RE.finditer(text):
        i, ch = m.start(), m.group(0)
        if ch in _PAIRS:
            stack.append(i)
        elif ch in _CLOSERS:
            if stack and text[stack[-1]] == _CLOSERS[ch]:
                stack.pop()
            else:
                return [Hit("text", i, i + 1, values={"match": ch})]
    if stack:
        i = stack[0]
        return [Hit("text", i, i + 1, values={"match": text[i]})]
    if text.count('"') % 2:
        i = text.rfind('"')
        return [Hit("text", i, i + 1, values={"match": '"'})]


# A text with none of the brackets has nothing to report: the engine's fused literal scan
# (see prefilter.py) then skips the check, on most stories, instead of calling it to find out.
unbalanced_brackets.literals = Literals("text", chunks=tuple(sorted('()[]{}"')))




@story_check("repeated-word")
def repeated_word(ctx, pattern: str = r"\b(\w+)\s+\1\b", exceptions: list[str] | tuple[str, ...] = (), **_):
    """A word written twice in a row ("that that"); ``exceptions`` are regexes of allowed runs."""
    words = word_runs(ctx.lower(ctx.text))
    if not any(map(eq, words, islice(words, 1, None))):
        return  # no two equal neighbouring words: the regex cannot match
    regex = _compiled(pattern, tuple(exceptions))
    rx, exc = regex
    text = ctx.text
    spans = None  # the exception spans, found once (not once per repeated word)
    for m in rx.finditer(text):
        if exc is not None:
            if spans is None:
                spans = exception_spans(exc, text)
            if covered(spans, m.start(), m.end()):
                continue
        return [Hit("text", m.start(), m.end(), values={"match": m.group(0)})]


_COMPILED: dict = {}


def _compiled(pattern: str, exceptions: tuple[str, ...]):
    key = (pattern, exceptions)
    got = _COMPILED.get(key)
    if got is None:
        exc = re.compile("|".join(f"(?:{e})" for e in exceptions), re.I) if exceptions else None
        got = _COMPILED[key] = (re.compile(pattern, re.I), exc)
    return got
