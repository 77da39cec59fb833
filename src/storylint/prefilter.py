"""One literal scan per story decides which word-list and pattern rules can fire at all.

Every ``existence`` and ``pattern`` rule knows literals one of which any match must contain
(``kinds.literals`` derives them from the regexes; word lists give whole words). Testing
them rule by rule costs a call, a scope lookup and a loop per rule and story. Here all of
them go into one Aho-Corasick automaton per scope (``pyahocorasick``): a story's texts are
scanned once per scope, and each literal found sets the bits of the rules it can wake. A
rule whose bit stays clear is skipped - exactly when its own prefilter would have said no,
so this is a performance measure only and never changes a finding.

A literal is a *chunk* (a substring anywhere) or a *word* (a whole ``[\\w-]+`` run, as the
``existence`` kind tokenises). A text that is not ASCII wakes every rule of its scope:
lower-casing may then move offsets, and the rules decide for themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

import ahocorasick

from .context import StoryContext


@dataclass(frozen=True, slots=True)
class Literals:
    """What a rule needs to find in its scope before it can fire (lower-case)."""

    scope: str
    words: frozenset[str] = frozenset()
    chunks: tuple[str, ...] = ()


def _word_char(c: str) -> bool:
    return c.isalnum() or c in "_-"


class FusedPrefilter:
    """Bit ``1 << i`` of :meth:`mask` is set when rule ``i`` may fire on the story."""

    __slots__ = ("_scopes",)

    def __init__(self, literals: dict[int, Literals]):
        by_scope: dict[str, dict[int, Literals]] = {}
        for bit, lit in literals.items():
            by_scope.setdefault(lit.scope, {})[bit] = lit
        self._scopes: list[tuple[str, int, ahocorasick.Automaton | None]] = []
        for scope, members in by_scope.items():
            # key -> [chunk mask, word mask]: the same string can be both kinds.
            keys: dict[str, list[int]] = {}
            everyone = 0
            for bit, lit in members.items():
                flag = 1 << bit
                everyone |= flag
                for chunk in lit.chunks:
                    keys.setdefault(chunk, [0, 0])[0] |= flag
                for word in lit.words:
                    keys.setdefault(word, [0, 0])[1] |= flag
            automaton = None
            if keys:
                automaton = ahocorasick.Automaton()
                for key, (chunk_mask, word_mask) in keys.items():
                    automaton.add_word(key, (len(key), chunk_mask, word_mask))
                automaton.make_automaton()
            self._scopes.append((scope, everyone, automaton))

    def mask(self, ctx: StoryContext) -> int:
        out = 0
        for scope, everyone, automaton in self._scopes:
            for _field, _item, _base, text in ctx.scope(scope):
                if not text.isascii():
                    out |= everyone
                    break
                if automaton is None:
                    continue
                lower = ctx.lower(text)
                last = len(lower) - 1
                for end, (size, chunk_mask, word_mask) in automaton.iter(lower):
                    out |= chunk_mask
                    if word_mask and (out & word_mask) != word_mask:
                        start = end - size + 1
                        if (start == 0 or not _word_char(lower[start - 1])) and (end == last or not _word_char(lower[end + 1])):
                            out |= word_mask
        return out
