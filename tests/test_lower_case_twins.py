"""Regexes that run on lower-cased ASCII text in place of an ignore-case regex (performance
only) find exactly its spans: on the Dalpiaz stories and on random texts built from the
pieces the regexes look at (case, word edges, punctuation, blanks)."""

from __future__ import annotations

import random

from storylint.checks.minimal import _STRONG_MEANS_LOWER_RE, STRONG_MEANS_RE, _WH

from helpers import dalpiaz_lines


def _spans(regex, text, pos=0):
    out = []
    m = regex.search(text, pos)
    while m is not None:
        out.append((m.span(), m.span("ind")))
        m = regex.search(text, m.end())
    return out


def test_strong_means_on_lower_case_text_is_strong_means_re():
    rng = random.Random(11)
    pieces = [",", ".", ";", ":", " ", "  ", "\n", "so", "SO", "and", "But", "then", "also", "I", "i", "'d", " want", " need",
              " wish", " would", " like", " to", " the", "x", "-", "'", "a", "s", "b", "t", *_WH, "WHAT", "Which"]
    texts = dalpiaz_lines() + ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 14))) for _ in range(30000)]
    checked = 0
    for text in texts:
        if text.isascii():
            for pos in (0, len(text) // 3):
                want = _spans(STRONG_MEANS_RE, text, pos)
                assert _spans(_STRONG_MEANS_LOWER_RE, text.lower(), pos) == want, (text, pos)
                checked += bool(want)
    assert checked > 300


def test_conjunctions_on_lower_case_text_are_conj_re_s():
    from storylint.checks.atomic import _CONJ_LOWER_RE, CONJ_RE

    rng = random.Random(7)
    pieces = ["and", "AND", "And", "or", "Or", "&", "/", "as", "well", "As Well As", "plus", "then", "THEN", "x", "-", "_", " ", "  ", "\n", "a", "o", "p", "t", "1", "'"]
    texts = dalpiaz_lines() + ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(20000)]
    checked = 0
    for text in texts:
        if text.isascii():
            want = [m.span() for m in CONJ_RE.finditer(text)]
            assert [m.span() for m in _CONJ_LOWER_RE.finditer(text.lower())] == want, text
            checked += bool(want)
    assert checked > 1000
