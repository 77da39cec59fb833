"""The fast run splitters return exactly what the regex would."""

from __future__ import annotations

import random
import re
import string

import pytest

from storylint.tokens import ascii_like, count_words, lower_alnum_runs, word_dash_runs, word_runs

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


@pytest.mark.parametrize(
    "text,expected",
    [
        ("As a user, I want reports.", True),
        ("I don’t want “live” data – or … a\xa0no-break\xadsoft hyphen — at all", True),
        ("a café", False),  # a letter
        ("a \ufb00 ligature", False),  # "ﬀ" is a letter too
        ("\u212a", False),  # the Kelvin sign: "k" when case is ignored
        ("x²", False),  # a digit to \\w
        ("\u017f", False),  # the long s: "s" when case is ignored
    ],
)
def test_ascii_like(text, expected):
    assert ascii_like(text) is expected


def test_ascii_like_text_lowers_in_place_and_its_word_runs_are_ascii():
    marks = "".join(chr(c) for c in range(0x80, 0x3000) if ascii_like(chr(c)))
    assert "’" in marks and "–" in marks and "…" in marks and "\xad" in marks
    rng = random.Random(11)
    for _ in range(3000):
        text = "".join(rng.choice(string.ascii_letters + " -_'" + marks[:200]) for _ in range(rng.randint(0, 30)))
        assert ascii_like(text)
        assert len(text.lower()) == len(text)
        assert all(w.isascii() for w in re.findall(r"[\w-]+", text))
        for c in text:
            if not c.isascii():  # no ASCII character matches it when case is ignored
                assert not any(re.fullmatch(re.escape(c), chr(a), re.I) for a in range(128))
