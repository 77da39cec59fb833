"""Literal prefilters for regular expressions (performance only, same matches).

``required_prefixes(pattern)`` returns a set of literal strings such that every match of the
pattern contains one of them (the match's own prefixes, or the literals of a later required
element, whichever set is the most selective), or None when no such small set exists. A checker can then
skip the regex entirely on a text that contains none of them — a substring test is far
cheaper than running a regex with look-behinds at every position.

The analysis walks the parsed pattern (``re._parser``) conservatively: zero-width assertions
are skipped, literals, small character classes, alternations, groups and repeats with a
minimum of one are followed, and anything else gives up. Comparison is case-insensitive on
ASCII text; on non-ASCII text the prefilter is not used (Unicode case folding in ``re``
matches more than ``str.lower`` shows).
"""

from __future__ import annotations

import re

try:  # Python 3.11+
    from re import _constants as C
    from re import _parser as P
except ImportError:  # pragma: no cover
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as P  # type: ignore[no-redef]

_MAX = 64
_ZERO_WIDTH = {C.AT, C.ASSERT, C.ASSERT_NOT}


def _seq(items) -> set[str] | None:
    out = {""}
    for op, av in items:
        if op in _ZERO_WIDTH or (op is C.BRANCH and all(_zero_width(b.data) for b in av[1])):
            continue
        if op is C.LITERAL:
            out = {p + chr(av) for p in out}
            continue
        first = _first(op, av)
        if first is None:
            break
        out = {p + f for p in out for f in first}
        if len(out) > _MAX:
            return None
        break
    if "" in out:
        return None
    return out


def _zero_width(items) -> bool:
    """True for a sequence of assertions only (an alternative such as ``^`` or a look-behind)."""
    return all(op in _ZERO_WIDTH for op, _av in items)


def _first(op, av) -> set[str] | None:
    if op is C.BRANCH:
        acc: set[str] = set()
        for branch in av[1]:
            got = _seq(branch.data)
            if got is None:
                return None
            acc |= got
        return acc
    if op is C.SUBPATTERN:
        return _seq(av[-1].data)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT) or op is getattr(C, "POSSESSIVE_REPEAT", None):
        lo, _hi, item = av
        return _seq(item.data) if lo >= 1 else None
    if op is C.IN:
        chars = set()
        for iop, iav in av:
            if iop is C.LITERAL:
                chars.add(chr(iav))
            elif iop is C.CATEGORY and iav is C.CATEGORY_DIGIT:
                chars.update("0123456789")  # \\d on ASCII text (other text skips the prefilter)
            else:
                return None
        return chars if 0 < len(chars) <= 16 else None
    return None


_KNOWN: dict[tuple, tuple[str, ...] | None] = {}
ANALYSIS = 6
"""Bumped when the analysis changes, so prefixes kept in an older rules cache are not reused."""


def seed(table: dict[tuple, tuple[str, ...] | None]) -> None:
    """Prefixes computed earlier (kept in the rules cache), so start-up skips the analysis."""
    _KNOWN.update(table)


def analyse_rules(rules) -> dict[tuple, tuple[str, ...] | None]:
    out = {}
    for rule in rules:
        if rule.kind != "pattern":
            continue
        flags = 0 if rule.params.get("ignorecase") is False else re.I
        for pat in [*(rule.params.get("patterns") or [rule.params.get("pattern")]), rule.params.get("trigger")]:
            if isinstance(pat, str):
                out[(pat, flags, ANALYSIS)] = required_prefixes(pat, flags)
                out[(pat, flags, ANALYSIS, "words")] = required_words(pat, flags)
    return out


def required_prefixes(pattern: str, flags: int = 0) -> tuple[str, ...] | None:
    key = (pattern, flags, ANALYSIS)
    if key in _KNOWN:
        return _KNOWN[key]
    got = _analyse(pattern, flags)
    _KNOWN[key] = got
    return got


def _analyse(pattern: str, flags: int) -> tuple[str, ...] | None:
    try:
        parsed = P.parse(pattern, flags)
    except re.error:
        return None
    # Every match starts with one of the prefixes; it also contains, somewhere, one of the
    # literal sets of each required element of the top-level sequence. Use the most selective
    # of these sets (the one whose shortest string is longest): "this depends on" is better
    # told by "depends" than by "this".
    candidates = [c for c in _candidates(list(parsed.data)) if c]
    if not candidates:
        return None
    got = max(candidates, key=_selectivity)
    return tuple(sorted({p.lower() for p in got}))


def required_starts(pattern: str, flags: int = 0) -> tuple[str, ...] | None:
    """Literals (lower case) one of which every match of the pattern *starts* with, or None.

    Unlike :func:`required_prefixes` (a literal anywhere in the match), these say where a
    match can begin: on ASCII text a search need only try the places where one of them
    occurs (see ``kinds.pattern``)."""
    try:
        parsed = P.parse(pattern, flags)
    except re.error:
        return None
    got = _seq(list(parsed.data))
    if not got or not all(p.isascii() for p in got):
        return None  # (a non-ASCII literal may match ASCII text when case is ignored: "K" for Kelvin)
    return tuple(sorted({p.lower() for p in got}))


def _selectivity(c: set[str]) -> tuple[int, int]:
    return min(len(x) for x in c), -len(c)


def _branch_union(branches, candidates, key) -> set[str] | None:
    """One candidate set per branch of an alternation (each branch's most selective one, by
    ``key``), united: every match of the alternation holds one of them. None when a branch has
    no candidate, or the union is empty or larger than ``_MAX``."""
    per_branch = []
    for branch in branches:
        inner = candidates(branch)
        if not inner:
            return None
        per_branch.append(max(inner, key=key))
    union = set().union(*per_branch)
    return union if 0 < len(union) <= _MAX else None


def _candidates(items) -> list[set[str]]:
    """Literal sets one of which every match of the sequence ``items`` contains.

    Each element of a sequence is required: the literals that start the rest of the
    sequence from it are one such set, and so are the sets required inside a group, inside
    every branch of an alternation (their union), or inside a repeat of at least one.
    """
    out: list[set[str]] = []
    for k, (op, av) in enumerate(items):
        if op in _ZERO_WIDTH:
            continue
        got = _seq(items[k:])
        if got:
            out.append(got)
        if op is C.SUBPATTERN:
            out.extend(c for c in _candidates(list(av[-1].data)) if c)
        elif op is C.BRANCH:
            union = _branch_union(av[1], lambda branch: [c for c in _candidates(list(branch.data)) if c], _selectivity)
            if union:
                out.append(union)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT) or op is getattr(C, "POSSESSIVE_REPEAT", None):
            lo, _hi, item = av
            if lo >= 1:
                out.extend(c for c in _candidates(list(item.data)) if c)
    return out


def may_match(prefixes: tuple[str, ...] | None, text: str, lower: str) -> bool:
    """False only when the regex certainly cannot match ``text`` (``lower`` = text.lower())."""
    if prefixes is None or not text.isascii():
        return True
    for p in prefixes:
        if p in lower:
            return True
    return False


# ---------------------------------------------------------------------------------------
# Whole words: literals that every match holds as a whole ``\w`` run.
#
# ``\buse\b`` is woken by "use" inside "user" when taken as a substring. Where the analysis can
# show that a literal word stands between two non-word characters (or the text's ends) in every
# match - a ``\b``, a blank, a punctuation mark, a look-around that rules out ``\w``, ``^``/``$``
# - the word is returned as a *whole* word: a text can only match if the word is one of its
# ``\w`` runs. On ASCII text only (``\w`` is ``[A-Za-z0-9_]`` there), as the prefixes above.

_LEFT_EDGES = {C.AT_BOUNDARY, C.AT_BEGINNING, C.AT_BEGINNING_STRING, C.AT_BEGINNING_LINE}
_RIGHT_EDGES = {C.AT_BOUNDARY, C.AT_END, C.AT_END_STRING, C.AT_END_LINE}
_NON_WORD_CATEGORIES = {C.CATEGORY_SPACE, C.CATEGORY_NOT_WORD, C.CATEGORY_LINEBREAK}
_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT)}


def _is_word_char(c: str) -> bool:
    return c.isascii() and (c.isalnum() or c == "_")


def _non_word_char(code: int) -> bool:
    """Whether a literal character can never match an ASCII word character (even ignoring
    case: a non-ASCII letter such as the long s may match one, so letters never count)."""
    c = chr(code)
    return not (c.isalnum() or c == "_")


def _non_word_set(items) -> bool:
    """Whether a character class ``[...]`` holds no ASCII word character."""
    for op, av in items:
        if op is C.LITERAL:
            if not _non_word_char(av):
                return False
        elif op is C.RANGE:
            if any(not _non_word_char(c) for c in range(av[0], av[1] + 1)):
                return False
        elif op is C.CATEGORY:
            if av not in _NON_WORD_CATEGORIES:
                return False
        else:  # NEGATE and anything else
            return False
    return True


def _excludes_word(items) -> bool:
    """Whether a look-around's body is one class that holds every word character
    (``(?<![\\w-])``, ``(?![\\w'’-])``): the character there is not a word character."""
    return len(items) == 1 and items[0][0] is C.IN and any(op is C.CATEGORY and av is C.CATEGORY_WORD for op, av in items[0][1])


def _non_word_at(op, av) -> bool:
    """Whether a one-character element (a literal, a class) never matches a word character."""
    if op is C.LITERAL:
        return _non_word_char(av)
    if op is C.IN:
        return _non_word_set(av)
    return False


def _left_bounded(items, k: int, left: bool) -> bool:
    """Whether the character before ``items[k]`` is certainly not a word character, or the
    text starts there (``left``: the same for the start of ``items``)."""
    while k > 0:
        op, av = items[k - 1]
        if op is C.AT:
            if av in _LEFT_EDGES:
                return True
        elif op is C.ASSERT_NOT:
            if av[0] == -1 and _excludes_word(av[1].data):
                return True
        elif op is C.ASSERT:
            if av[0] == -1 and _left_bounded(av[1].data, len(av[1].data), False):
                return True  # a look-behind that ends with a non-word character
        elif op is C.SUBPATTERN:
            inner = av[-1].data
            return _left_bounded(inner, len(inner), _left_bounded(items, k - 1, left))
        elif op is C.BRANCH:
            before = _left_bounded(items, k - 1, left)
            return all(_left_bounded(b.data, len(b.data), before) for b in av[1])
        elif op in _REPEATS:
            lo, _hi, item = av
            return _left_bounded(item.data, len(item.data), False) and (lo >= 1 or _left_bounded(items, k - 1, left))
        else:
            return _non_word_at(op, av)
        k -= 1
    return left


def _right_bounded(items, j: int, right: bool) -> bool:
    """Whether the character at ``items[j]`` is certainly not a word character, or the text
    ends there (``right``: the same for the end of ``items``)."""
    while j < len(items):
        op, av = items[j]
        if op is C.AT:
            if av in _RIGHT_EDGES:
                return True
        elif op is C.ASSERT_NOT:
            if av[0] == 1 and _excludes_word(av[1].data):
                return True
        elif op is C.ASSERT:
            if av[0] == 1 and _right_bounded(av[1].data, 0, False):
                return True  # a look-ahead that starts with a non-word character (or the end)
        elif op is C.SUBPATTERN:
            return _right_bounded(av[-1].data, 0, _right_bounded(items, j + 1, right))
        elif op is C.BRANCH:
            after = _right_bounded(items, j + 1, right)
            return all(_right_bounded(b.data, 0, after) for b in av[1])
        elif op in _REPEATS:
            lo, _hi, item = av
            return _right_bounded(item.data, 0, False) and (lo >= 1 or _right_bounded(items, j + 1, right))
        else:
            return _non_word_at(op, av)
        j += 1
    return right


def _spellings(items) -> set[str] | None:
    """Every text the elements can match when they are word characters only (literals,
    groups, alternatives, ``?``), in lower case; None otherwise or when there are too many."""
    out = {""}
    for op, av in items:
        if op is C.LITERAL:
            c = chr(av)
            if not _is_word_char(c):
                return None
            got = {c.lower()}
        elif op is C.SUBPATTERN:
            got = _spellings(av[-1].data)
        elif op is C.BRANCH:
            got = set()
            for branch in av[1]:
                one = _spellings(branch.data)
                if one is None:
                    return None
                got |= one
        elif op in _REPEATS and av[1] <= 1:
            got = _spellings(av[2].data)
            if got is not None and av[0] == 0:
                got = got | {""}
        else:
            return None
        if got is None:
            return None
        out = {p + g for p in out for g in got}
        if len(out) > _MAX:
            return None
    return out


def _word_candidates(items, left: bool, right: bool) -> list[set[str]]:
    """Sets of whole words one of which every match of the sequence ``items`` holds
    (``left``/``right``: whether the sequence is bounded by non-word characters)."""
    out: list[set[str]] = []
    for k, (op, av) in enumerate(items):
        if op in _ZERO_WIDTH:
            continue
        if _spellings([(op, av)]) is not None and _left_bounded(items, k, left):
            j = k
            while j < len(items) and items[j][0] not in _ZERO_WIDTH and _spellings([items[j]]) is not None:
                j += 1
            words = _spellings(items[k:j])
            if words and "" not in words and _right_bounded(items, j, right):
                out.append(words)
        if op is C.SUBPATTERN:
            out.extend(_word_candidates(av[-1].data, _left_bounded(items, k, left), _right_bounded(items, k + 1, right)))
        elif op is C.BRANCH:
            inner_left, inner_right = _left_bounded(items, k, left), _right_bounded(items, k + 1, right)
            union = _branch_union(av[1], lambda branch: _word_candidates(branch.data, inner_left, inner_right), _word_selectivity)
            if union:
                out.append(union)
        elif op in _REPEATS and av[0] >= 1:
            # (between two rounds of a repeat the context is the repeat itself: not followed)
            out.extend(_word_candidates(av[2].data, False, False))
    return out


def _word_selectivity(c: set[str]) -> tuple[bool, int, int]:
    """As :func:`_selectivity`, but a set without the story template's own words ("as", "i",
    "want", "to", "so", "that": every story has them) first."""
    from ..prefilter import TEMPLATE_LITERALS

    return TEMPLATE_LITERALS.isdisjoint(c), *_selectivity(c)


def required_words(pattern: str, flags: int = 0) -> tuple[str, ...] | None:
    """Words (lower case) one of which every match of the pattern holds as a whole ``\\w``
    run on ASCII text - bounded by non-word characters or the text's ends - or None."""
    key = (pattern, flags, ANALYSIS, "words")
    if key in _KNOWN:
        return _KNOWN[key]
    try:
        parsed = P.parse(pattern, flags)
    except re.error:
        got = None
    else:
        candidates = _word_candidates(list(parsed.data), False, False)
        got = tuple(sorted(max(candidates, key=_word_selectivity))) if candidates else None
    _KNOWN[key] = got
    return got


def wake_literals(pattern: str, flags: int = 0) -> tuple[str, tuple[str, ...]] | None:
    """What every match of the pattern holds, for the engine's fused scan: ``("words", ...)``,
    whole words (see :func:`required_words`), or ``("chunks", ...)``, substrings (see
    :func:`required_prefixes`), or None. Whole words are taken unless only they hold a word of
    the story template, which nearly every story has (then the rule would wake on every story)."""
    from ..prefilter import TEMPLATE_LITERALS

    words, chunks = required_words(pattern, flags), required_prefixes(pattern, flags)
    if words is not None and (TEMPLATE_LITERALS.isdisjoint(words) or chunks is None or not TEMPLATE_LITERALS.isdisjoint(chunks)):
        return "words", words
    return ("chunks", chunks) if chunks is not None else None
