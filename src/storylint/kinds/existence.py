"""existence: report every occurrence of a word or phrase from a list (inline or a word list).

Before running the (large) alternation, a word-set prefilter checks whether one word of some
token (its longest) occurs in the text at all: the text's ``[\\w-]+`` runs are computed once per text and
shared by every existence rule (performance only; the regex decides what matches).
"""

from __future__ import annotations

import re

from ..prefilter import Literals
from ..tokens import ascii_like, word_dash_runs
from . import add_hits, exception_regex, phrase_regex, tokens_from

_SIMPLE = re.compile(r"[\w-]+")
_WORD_START = re.compile(r"\w")
_WORD_END = re.compile(r"\w$")
_WHOLE = re.compile(r"\w(?:[\w-]*\w)?")
"""A word that a match holds as a whole [\\w-]+ run: it starts and ends with a word character
(phrase_regex puts no boundary beside a "-" at either end of an entry)."""


def _key(token: str) -> tuple[bool, str]:
    """(is a whole word, literal) that every match of ``token`` contains.

    A match of a phrase contains each of its words as a whole ``[\\w-]+`` run (the words are
    joined by whitespace and bounded by non-word characters), so any one word of a phrase
    will do; the longest is taken as the least common ("a lot" is told by "lot", not "a").
    A phrase with no such word is told by its longest part, as a substring.
    """
    whole = _whole_words(token)
    if whole:
        return True, max(whole, key=len).lower()
    parts = token.split() or [token]
    return False, max(parts, key=len).lower()


def _whole_words(token: str) -> list[str]:
    """The words of ``token`` that every match holds as whole ``[\\w-]+`` runs, in order."""
    parts = token.split() or [token]
    # phrase_regex bounds an entry by non-word characters only where the entry itself starts
    # (ends) with a word character; inner words are bounded by the whitespace between them.
    first = 0 if _WORD_START.match(token) else 1
    last = len(parts) - (1 if _WORD_END.search(token) else 2)
    return [p for i, p in enumerate(parts) if first <= i <= last and _WHOLE.fullmatch(p)]


def _wake_word(token: str) -> str:
    """A phrase of whole words only ("and so on") as itself, in lower case (the fused
    prefilter finds it as a run of words: waking on its key "and" would wake on most stories);
    any other entry as its key word."""
    parts = token.split()
    if len(parts) > 1 and _whole_words(token) == parts:
        return " ".join(parts).lower()
    return _key(token)[1]


def _phrase_needs(tokens: list[str]) -> dict[str, tuple[frozenset[str], ...]]:
    """key word -> the word sets of its entries, for the key words that only phrases have.

    A phrase can match only where *every* one of its whole words is a word of the text, not
    just its key: "and so on" is keyed by "and", which most means hold, while the three words
    together are rare. A key that some entry holds as its only word needs nothing more (the
    key itself is in the text) and is left out.
    """
    needs: dict[str, list[frozenset[str]]] = {}
    plain: set[str] = set()
    for token in tokens:
        whole = frozenset(w.lower() for w in _whole_words(token))
        if not whole:
            continue  # keyed by a chunk (see _key)
        key = _key(token)[1]
        if len(whole) == 1:
            plain.add(key)
        else:
            needs.setdefault(key, []).append(whole)
    return {key: tuple(sets) for key, sets in needs.items() if key not in plain}


def phrase_prefilter(tokens: list[str], raw: bool):
    """(words that need a whole-word hit, other literal chunks) or None (no prefilter)."""
    if raw:
        return None
    keys = {_key(t) for t in tokens}
    return frozenset(k for whole, k in keys if whole), tuple(sorted(k for whole, k in keys if not whole))


def text_words(ctx, text: str) -> tuple[frozenset[str], str]:
    key = (id(text), len(text))
    got = ctx.words.get(key)
    if got is None or got[2] is not text:
        lower = text.lower()
        got = (frozenset(word_dash_runs(lower)), lower, text)
        ctx.words[key] = got
    return got[0], got[1]


class PhraseList:
    """Words and phrases matched as one alternation (``phrase_regex``), longest first.

    On ASCII text only the entries whose key literal (see :func:`_key`) the text holds can
    match, so only they go into the alternation that runs (compiled per set of keys on first
    use, at most ``_MAX_SUBSETS`` of them): leaving out an entry that cannot match anywhere in
    the text changes no match, and the order of the others is kept.
    """

    def __init__(self, tokens: list[str], *, raw: bool = False, ignorecase: bool = True):
        self.tokens = [t for t in tokens if t and (raw or t.strip())]  # (as phrase_regex does)
        self.raw, self.ignorecase = raw, ignorecase
        self.prefilter = phrase_prefilter(self.tokens, raw)
        """(words that need a whole-word hit, other literal chunks), or None (raw regexes)."""
        self._keys = None if raw else [_key(t)[1] for t in self.tokens]
        self._needs = {} if raw else _phrase_needs(self.tokens)
        self._phrase_keys = frozenset(self._needs)
        self.wake_words = frozenset() if raw else frozenset(_wake_word(t) for t in self.tokens if _key(t)[0])
        """For the fused prefilter: what wakes the rule for each entry keyed by a whole word."""
        # A chunk that is not a [\w-]+ run holds some other character: when every chunk does,
        # none can be in a text that has none of those characters (None: always look).
        chunks = self.prefilter[1] if self.prefilter else ()
        marked = all(not _SIMPLE.fullmatch(chunk) for chunk in chunks)
        self._markers = tuple(sorted({c for chunk in chunks for c in chunk if not _SIMPLE.fullmatch(c)})) if marked else None
        self._regexes: dict[frozenset[str] | None, re.Pattern[str]] = {}

    def regex(self, keys: frozenset[str] | None = None) -> re.Pattern[str]:
        """The alternation of all entries (``keys`` None) or of those with these keys."""
        got = self._regexes.get(keys)
        if got is None:
            if keys is not None and len(self._regexes) > _MAX_SUBSETS:
                return self.regex(None)
            subset = self.tokens if keys is None else [t for t, k in zip(self.tokens, self._keys) if k in keys]
            got = self._regexes[keys] = phrase_regex(subset, raw=self.raw, ignorecase=self.ignorecase)
        return got

    def regex_for(self, words: frozenset[str], lower: str, text: str) -> re.Pattern[str] | None:
        """The alternation to run on ``text`` (``words``/``lower``: see :func:`text_words`), or
        None when no entry can match it."""
        if self.prefilter is None or not (text.isascii() or ascii_like(text)):
            return self.regex(None)
        keys = words & self.prefilter[0]
        if keys and not keys.isdisjoint(self._phrase_keys):  # (a phrase's key: are its other words there too?)
            needs = self._needs
            keys = frozenset(k for k in keys if k not in needs or any(n <= words for n in needs[k]))
        if self.prefilter[1] and (self._markers is None or any(c in lower for c in self._markers)):
            keys |= {c for c in self.prefilter[1] if c in lower}
        return self.regex(keys) if keys else None


def compile(rule, params):
    phrases = PhraseList(tokens_from(params), raw=bool(params.get("raw")), ignorecase=params.get("ignorecase", True))
    pre = phrases.prefilter
    exc = exception_regex(params)
    scope = rule.scope
    first_only = bool(params.get("first_only", False))

    def prefilter(ctx) -> bool:
        for _field, _item, _base, text in ctx.scope(scope):
            if not text.isascii():
                return True
            words, lower = text_words(ctx, text)
            if not words.isdisjoint(pre[0]) or any(c in lower for c in pre[1]):
                return True
        return False

    def check(ctx):
        """A list of hits, or None (a plain function, not a generator: most calls find nothing)."""
        hits = None
        for field, item, base, text in ctx.scope(scope):
            if pre is None:
                regex = phrases.regex()
            else:
                words, lower = text_words(ctx, text)
                regex = phrases.regex_for(words, lower, text)
                if regex is None:
                    continue
            hits = add_hits(hits, regex, text, field, item, base, exc, first_only, merge=True)
            if first_only and hits:
                return hits
        return hits

    if pre is not None:
        check.prefilter = prefilter
        check.literals = Literals(scope, words=phrases.wake_words, chunks=pre[1])
    return check


_MAX_SUBSETS = 512
"""Per word list, at most this many entry subsets get their own alternation (memory bound)."""
