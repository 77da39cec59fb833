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


_KNOWN: dict[tuple[str, int, int], tuple[str, ...] | None] = {}
ANALYSIS = 3
"""Bumped when the analysis changes, so prefixes kept in an older rules cache are not reused."""


def seed(table: dict[tuple[str, int, int], tuple[str, ...] | None]) -> None:
    """Prefixes computed earlier (kept in the rules cache), so start-up skips the analysis."""
    _KNOWN.update(table)


def analyse_rules(rules) -> dict[tuple[str, int, int], tuple[str, ...] | None]:
    out = {}
    for rule in rules:
        if rule.kind != "pattern":
            continue
        flags = 0 if rule.params.get("ignorecase") is False else re.I
        for pat in rule.params.get("patterns") or [rule.params.get("pattern")]:
            if isinstance(pat, str):
                out[(pat, flags, ANALYSIS)] = required_prefixes(pat, flags)
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
            per_branch = []
            for branch in av[1]:
                inner = [c for c in _candidates(list(branch.data)) if c]
                if not inner:
                    break
                per_branch.append(max(inner, key=_selectivity))
            else:
                union = set().union(*per_branch)
                if 0 < len(union) <= _MAX:
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
