"""One literal scan per story decides which word-list and pattern rules can fire at all.

Every ``existence`` and ``pattern`` rule knows literals one of which any match must contain
(``kinds.literals`` derives them from the regexes; word lists give whole words). Testing
them rule by rule costs a call, a scope lookup and a loop per rule and story. Here all of
them go into one Aho-Corasick automaton per kind of text (``pyahocorasick``): each text of
a story is scanned once, and each literal found sets the bits of the rules it can wake. A
rule whose bit stays clear is skipped - only when its own prefilter would have said no, so
this is a performance measure only and never changes a finding (tests/test_prefilter.py
compares every finding with and without it).

A literal is a *chunk* (a substring anywhere), a *word* (a whole ``[\\w-]+`` run, as the
``existence`` kind tokenises) or a *bounded* word (a whole ``\\w+`` run, as a regex's
``\\bword\\b`` sees it). A text that is not ASCII wakes every rule that reads it:
lower-casing may then move offsets, and the rules decide for themselves - unless its other
characters are only typographic marks (quotes, dashes, ellipses: see ``tokens.ascii_like``),
which read as ASCII.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import itemgetter, or_
from typing import Sequence

import ahocorasick

from .context import StoryContext
from .tokens import ascii_like, word_dash_runs


@dataclass(frozen=True, slots=True)
class Literals:
    """What a rule needs to find in its scope before it can fire (lower-case)."""

    scope: str
    words: frozenset[str] = frozenset()
    """Whole words, or phrases of whole words ("and so on": the words one after the other,
    with only blanks between them)."""
    chunks: tuple[str, ...] = ()
    bounded: frozenset[str] = frozenset()
    """Whole ``\\w`` runs (a regex's ``\\bword\\b``, see ``kinds.literals.required_words``):
    a ``[\\w-]`` run, or a part of one between hyphens ("re-use" holds "use")."""


_PIECES = {
    "text": ("text",),
    "story": ("text", "description", "ac"),
    # Role, means and benefit are parts of the text: one scan of the whole text serves them
    # (a literal found elsewhere in the text wakes the rule, whose own check then looks only
    # at its part).
    "role": ("text",),
    "means": ("text",),
    "ends": ("text",),
    "rest": ("text",),
    "title": ("title",),
    "description": ("description",),
    "ac": ("ac",),
    "feature": (),  # (no story text: such a rule never wakes, as its scope reads nothing)
}
"""The texts of a story each scope reads (see ``StoryContext.scope``)."""

_NON_WORD = bytes(c if chr(c).isalnum() or chr(c) in "_-" else 32 for c in range(256))
"""ASCII bytes -> the same, with every character outside ``[\\w-]`` turned into a space."""


TEMPLATE_LITERALS = frozenset({"as", ",", "i", "want", "to", "so", "that"})
"""The template's own words ("As a …, I want to …, so that …"): nearly every story holds
them, so a rule that one of them can wake is woken for every non-empty text without
scanning for its literals (fewer matches to report; the rule's own check still decides)."""


class FusedPrefilter:
    """Bit ``1 << i`` of :meth:`mask` is set when rule ``i`` may fire on the story.

    Each kind of text (the story text, which also serves rules on the role, means and
    benefit; the description; each acceptance criterion; the title) has one automaton with
    the literals of every rule that reads it. A text is scanned once as
    ``lower + "\\0 " + words + " "`` where ``words`` is the ``[\\w-]`` runs of ``lower``, one
    space between each two: a chunk is found as itself, a whole word as `` word `` (spaces
    on both sides), a phrase of whole words as `` and so on `` and a bounded word as
    `` word ``, `` word-``, ``-word `` or ``-word-`` (a ``\\w`` run is a ``[\\w-]`` run or
    the part of one between its hyphens), so one C-level scan answers all four. (A bounded
    word's key found in ``lower`` is a whole ``\\w`` run there too: blanks and hyphens are
    not word characters.) (A chunk can also be found in the
    ``words`` half; that only wakes a rule that then finds nothing: never a missed finding.)
    """

    __slots__ = ("_pieces",)

    def __init__(self, literals: dict[int, Literals]):
        keys: dict[str, dict[str, int]] = {}
        everyone: dict[str, int] = {}
        always: dict[str, int] = {}
        for bit, lit in literals.items():
            flag = 1 << bit
            for piece in _PIECES[lit.scope]:
                table = keys.setdefault(piece, {})
                everyone[piece] = everyone.get(piece, 0) | flag
                if not (TEMPLATE_LITERALS.isdisjoint(lit.chunks) and TEMPLATE_LITERALS.isdisjoint(lit.words) and TEMPLATE_LITERALS.isdisjoint(lit.bounded)):
                    always[piece] = always.get(piece, 0) | flag  # woken by every story anyway
                    continue
                for chunk in lit.chunks:
                    table[chunk] = table.get(chunk, 0) | flag
                for word in lit.words:
                    table[f" {word} "] = table.get(f" {word} ", 0) | flag
                for word in lit.bounded:  # (a \w run ends at a blank or a hyphen of the words)
                    for key in (f" {word} ", f" {word}-", f"-{word} ", f"-{word}-"):
                        table[key] = table.get(key, 0) | flag
        self._pieces: list[tuple[str, int, int, ahocorasick.Automaton | None]] = []
        for piece, table in keys.items():
            automaton = None  # no literal at all (e.g. an empty word list): nothing can wake
            if table:
                automaton = ahocorasick.Automaton()
                for key, mask in table.items():
                    automaton.add_word(key, mask)
                automaton.make_automaton()
            self._pieces.append((piece, everyone[piece], always.get(piece, 0), automaton))

    def pieces_for(self, has_ac: bool, has_description: bool, has_title: bool) -> list:
        """The pieces a story of this shape has text for (the story text always)."""
        wanted = {"text": True, "ac": has_ac, "description": has_description, "title": has_title}
        return [p for p in self._pieces if wanted.get(p[0], True)]

    def mask(self, ctx: StoryContext, pieces: list | None = None) -> int:
        """The rules that may fire on the story; ``pieces`` (from :meth:`pieces_for`) leaves
        out the kinds of text the story does not have."""
        out = 0
        story = ctx.story
        for piece, everyone, always, automaton in self._pieces if pieces is None else pieces:
            if piece == "text":  # (the common case first: one text, read through ctx)
                text = ctx.text
                if not text:
                    continue
                if not (text.isascii() or ascii_like(text)):
                    out |= everyone
                    continue
                out |= always
                if automaton is not None:
                    lower = ctx.lower(text)  # (shared with the checks that read this text)
                    scan = _scan_text(lower)
                    out = reduce(or_, map(_second, automaton.iter(scan)), out)
                continue
            if piece == "ac":
                texts: Sequence[str] = story.acceptance_criteria
            else:  # title, description
                value = getattr(story, piece)
                if not value:
                    continue
                texts = (value,)
            for text in texts:
                if not (text.isascii() or ascii_like(text)):
                    out |= everyone
                    break
                if text:
                    out |= always
                if automaton is not None and text:
                    lower = ctx.lower(text)
                    scan = _scan_text(lower)
                    out = reduce(or_, map(_second, automaton.iter(scan)), out)
        return out


_second = itemgetter(1)


def _scan_text(lower: str) -> str:
    """What the automaton scans for an ASCII-like text (see :class:`FusedPrefilter`)."""
    if lower.isascii():
        words = b" ".join(lower.encode().translate(_NON_WORD).split()).decode()
    else:  # (its other characters are marks, never part of a [\w-] run: see tokens.ascii_like)
        words = " ".join(word_dash_runs(lower))
    return f"{lower}\0 {words} "
