"""The fast run splitters return exactly what the regex would."""

from __future__ import annotations

import random
import re
import string

import pytest

from storylint.tokens import count_words, lower_alnum_runs, word_dash_runs, word_runs

ALPHABET = string.ascii_letters + string.digits + "_-'’ .,;:!?()[]/\\\"\t\n\r\x0b\x0c\x1c\x1f\x7fé€"


@pytest.mark.parametrize(
    "split,pattern",
    [(word_dash_runs, r"[\w-]+"), (word_runs, r"\w+"), (lower_alnum_runs, r"[a-z0-9]+")],
)
def test_runs_equal_findall_on_random_text(split, pattern):
    rng = random.Random(7)
    regex = re.compile(pattern)
    for _ in range(5000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40)))
        for t in (text, text.lower()):
            assert split(t) == regex.findall(t), repr(t)


def test_examples():
    assert word_dash_runs("As a user, I want a read-only view_2.") == ["As", "a", "user", "I", "want", "a", "read-only", "view_2"]
    assert word_runs("that  that, x-y") == ["that", "that", "x", "y"]
    assert lower_alnum_runs("as a user, i want 2 e-mails") == ["as", "a", "user", "i", "want", "2", "e", "mails"]
    assert word_dash_runs("café-bar ok") == ["café-bar", "ok"]  # not ASCII: the regex decides


def test_count_words_equals_findall_on_random_text():
    rng = random.Random(11)
    regex = re.compile(r"[A-Za-z0-9][\w'’-]*")
    for _ in range(5000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40)))
        assert count_words(text) == len(regex.findall(text)), repr(text)
    assert count_words("As a user - I want _x_ and re-use it's 'quoted' 2x") == 11
