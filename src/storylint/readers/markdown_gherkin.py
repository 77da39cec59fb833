"""Gherkin steps in Markdown: Given/When/Then lines, scenarios, and prose that only opens like a step.

``_STEP_RE`` groups step lines within acceptance criteria; outside them, ``_gherkin_lines`` reads
lines as steps (or says they are not Gherkin), ``_is_gherkin`` judges the result, and
``_gherkin_tail`` finds where a paragraph's steps begin under a story sentence.
"""

from __future__ import annotations

import re


_STEP_RE = re.compile(r"^\s*(given|when|then|and|but|\*)\s", re.I)

# Gherkin outside an "Acceptance criteria" section: written as Gherkin is (capitalised keywords).
GHERKIN_STEP_RE = re.compile(r"[ \t]*(Given|When|Then|And|But)\b")
GHERKIN_HEADER_RE = re.compile(r"[ \t]*(?:Scenario(?:[ \t]+(?:Outline|Template))?|Example|Background)[ \t]*:")
GHERKIN_MORE_RE = re.compile(r"[ \t]*(?:\||Examples[ \t]*:|@|#)")
# Prose that opens with a step word: an idiom ("Then again, ...", "When in doubt, ...", "But
# still, ..."), the keyword and at most two words before a comma, or "Given that ..., we ...",
# a condition over a clause of its own. (A step has no comma right after its keyword's first
# words, and "Given a user, when ..., then ..." is a one-line scenario, not prose.)
PROSE_STEP_RE = re.compile(
    r"[ \t]*(?:(?:When|Then|And|But)(?:[ \t]+[^\s,]+){0,2},"
    r"|Given[ \t]+that\b[^,\n]*,[ \t]*(?:we|you|I|they|let(?:'s|[ \t]+us)?|it|this|there)\b)"
)
_WHEN_RE = re.compile(r"\bwhen\b", re.I)
_THEN_RE = re.compile(r"\bthen\b", re.I)


def _gherkin_lines(lines: list[str]) -> tuple[set[str], bool] | None:
    """The kinds of step (given, when, then) in lines that read as Gherkin, and whether a
    scenario header ("Scenario:", "Scenario Outline:", "Example:", "Background:") is among
    them; None when they are not Gherkin: a line that is neither a step, a header nor a table
    row, tag or comment after one, or a first line that is none of the first two or is an
    "And"/"But". One line "Given ..., when ..., then ..." holds all three kinds."""
    kinds: set[str] = set()
    header = seen = False
    for x in lines:
        if not x.strip():
            continue
        m = GHERKIN_STEP_RE.match(x)
        if m and PROSE_STEP_RE.match(x):
            return None  # "Then again, ...": prose
        if m:
            word = m.group(1).lower()
            if not seen and word in ("and", "but"):
                return None
            if word in ("given", "when", "then"):
                kinds.add(word)
            if word == "given":
                w = _WHEN_RE.search(x, m.end())
                if w is not None and _THEN_RE.search(x, w.end()) is not None:
                    kinds.update(("when", "then"))
        elif GHERKIN_HEADER_RE.match(x):
            header = True
        elif not seen or not GHERKIN_MORE_RE.match(x):
            return None
        seen = True
    return (kinds, header) if seen else None


def _is_gherkin(found: tuple[set[str], bool] | None) -> bool:
    """Whether lines read by ``_gherkin_lines`` are Gherkin enough to be criteria: steps of
    two kinds (Given and Then, When and Then ...), or a scenario header with steps. ("Given
    the deadline, we keep the old page." is prose.)"""
    return found is not None and (len(found[0]) >= 2 or (found[1] and bool(found[0])))


def _gherkin_tail(content: str) -> int | None:
    """The index of the line from which a paragraph that opens with the story sentence goes on
    as Gherkin ("As a user, I want ...⏎Given ...⏎When ...⏎Then ..."), if it does."""
    para_lines = content.split("\n")
    if GHERKIN_STEP_RE.match(para_lines[0]) or GHERKIN_HEADER_RE.match(para_lines[0]):
        return None  # Gherkin from its first line: no story sentence above it
    for k in range(1, len(para_lines)):
        if GHERKIN_STEP_RE.match(para_lines[k]) or GHERKIN_HEADER_RE.match(para_lines[k]):
            return k if _is_gherkin(_gherkin_lines(para_lines[k:])) else None
    return None
