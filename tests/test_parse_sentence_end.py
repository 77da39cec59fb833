"""parse_story takes the end of the benefit's sentence to be the sentence end it already found
when the benefit indicator lies before it (one search instead of two): the two must agree."""

from __future__ import annotations

import random

import pytest

from storylint.parse import _find_ends, _sentence_end

FRAGMENTS = [
    "As a user", ", ", "I want to", " export data", " so that", " so ", "so\n", "\n", "\n\n", "e.g.", " etc.", " vs. ",
    ". ", "! ", "? ", " in order to", " In order to ", "- ", "1. ", " so I can", " So That ", " we ", " the report",
    "İ", "ſo that", " so that\n\n", " I can", " that", " Export.", " And", " i.e. ", " (see A)", " so\nthat ",
    " so  we", "\n- item", "\n2) x", "  ", ".", "so that I", "\u2028", " TODO", "No. 5", " Dr. Who",
]


def _stories(seed: int, n: int = 4000):
    rng = random.Random(seed)
    for _ in range(n):
        yield "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 14)))


@pytest.mark.parametrize("seed", range(4))
def test_an_indicator_before_the_sentence_end_ends_in_that_sentence(seed):
    checked = 0
    for text in _stories(seed):
        lower = text.lower() if text.isascii() else None
        for pos in range(0, len(text), 3):
            end = _sentence_end(text, pos)
            m = _find_ends(text, lower, pos, end)
            if m is not None:
                checked += 1
                assert _sentence_end(text, m.end()) == end, (text, pos)
    assert checked > 1000
