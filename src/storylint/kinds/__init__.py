"""Check kinds: each module turns a rule's parameters into a checker.

A checker is a callable ``(StoryContext) -> Iterable[Hit] | None`` (None: no hit). Kinds are looked up by name so
that rules stay pure data; ``python`` and ``set`` kinds name a check in :mod:`storylint.checks`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import partial
from importlib import import_module
from typing import Any, Callable, Iterable

from ..context import Hit, StoryContext
from ..registry import Rule, RuleError, wordlist

Checker = Callable[[StoryContext], Iterable[Hit] | None]

_MODULES = {
    "existence": "existence",
    "pattern": "pattern",
    "occurrence": "occurrence",
    "length": "length",
    "conditional": "conditional",
    "python": "python",
    "gherkin": "gherkin",
}


def compile_rule(rule: Rule, params: dict[str, Any]) -> Checker:
    module = _MODULES.get(rule.kind)
    if module is None:
        raise RuleError(f"{rule.path}: kind {rule.kind!r} has no per-story checker")
    mod = import_module(f"{__name__}.{module}")
    try:
        checker = mod.compile(rule, params)
    except RuleError:
        raise
    except (KeyError, TypeError, ValueError, re.error) as exc:
        raise RuleError(f"{rule.path}: bad parameters for kind {rule.kind}: {exc}") from None
    if type(checker) is partial and not checker.args and not checker.keywords:
        return checker.func  # (a check with no options: called directly, once per story)
    return checker


def phrase_regex(tokens: Iterable[str], *, raw: bool = False, ignorecase: bool = True) -> re.Pattern[str]:
    """One alternation for a list of words/phrases, matched as whole words, longest first."""
    # Longest first, then a fixed order. A blank entry would match the empty string
    # everywhere: it is no entry at all (raw regexes are taken as they are).
    toks = sorted({t for t in tokens if t and (raw or t.strip())}, key=lambda t: (-len(t), t))
    if not toks:
        return re.compile(r"(?!x)x")
    flags = re.I if ignorecase else 0
    parts = []
    for t in toks:
        body = t if raw else r"\s+".join(re.escape(w) for w in t.split())
        left = r"(?<![\w-])" if re.match(r"\w", t) else ""
        right = r"(?![\w-])" if re.search(r"\w$", t) else ""
        parts.append((left, f"{body}{right}"))
    if raw or not all(t.split() for t in toks):
        return re.compile("|".join(left + rest for left, rest in parts), flags)
    # Performance only, same matches: a start guard, and each run of consecutive branches
    # that share a look-behind has it checked once (``L(?:a|b)`` == ``La|Lb``, order kept).
    runs: list[tuple[str, list[str]]] = []
    for left, rest in parts:
        if runs and runs[-1][0] == left:
            runs[-1][1].append(rest)
        else:
            runs.append((left, [rest]))
    alternation = "|".join(f"{left}(?:{'|'.join(rests)})" for left, rests in runs)
    return re.compile(f"{_start_guard(toks, flags)}(?:{alternation})", flags)


_ASCII = [chr(i) for i in range(128)]


def _start_guard(toks: Iterable[str], flags: int) -> str:
    """A zero-width guard that fails fast where no token can start (performance only).

    Without it, ``re`` tries every branch of the alternation (each starting with a
    look-behind) at every position of the text. The guard is a necessary condition, so the
    matches are exactly those of the bare alternation: an ASCII character may start a token
    only if it matches the token's first character under the same flags (tested here with
    ``re`` itself), after a non-word character when the token starts with a word character;
    any non-ASCII character passes the guard.
    """
    word_start: set[str] = set()
    other_start: set[str] = set()
    firsts: dict[str, set[str]] = {}
    for t in toks:
        first = t.split()[0][0]
        if first not in firsts:
            lit = re.compile(re.escape(first), flags)
            firsts[first] = {c for c in _ASCII if lit.fullmatch(c)}
        (word_start if re.match(r"\w", t) else other_start).update(firsts[first])
    alts = []
    if word_start:
        alts.append(r"(?<![\w-])[" + "".join(re.escape(c) for c in sorted(word_start)) + "]")
    if other_start:
        alts.append("[" + "".join(re.escape(c) for c in sorted(other_start)) + "]")
    alts.append(r"[^\x00-\x7f]")
    return "(?=(?-i:" + "|".join(alts) + "))"


def tokens_from(params: dict[str, Any], key: str = "tokens") -> list[str]:
    """Tokens given inline (``tokens:``) and/or from a word list file (``wordlist:``), and a
    team's own (``extend_tokens:``, from its configuration's ``rule-options``)."""
    toks = list(params.get(key) or [])
    if key == "tokens":
        toks.extend(params.get("extend_tokens") or ())
    names = params.get("wordlist") if key == "tokens" else params.get(f"{key}_wordlist")
    if names:
        for name in [names] if isinstance(names, str) else names:
            toks.extend(wordlist(name))
    return toks


def exception_regex(params: dict[str, Any]) -> re.Pattern[str] | None:
    exc = tokens_from(params, "exceptions")
    if not exc:
        return None
    return re.compile("|".join(f"(?:{e})" for e in exc), re.I)


def clip(text: str, limit: int = 60) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, with "…" when cut."""
    if len(text) <= limit:
        return text
    head = text[: limit + 1]  # (one more: a word that ends right at the limit is kept whole)
    if head[-1].isspace():
        cut = head
    else:
        words = head.rsplit(None, 1)
        cut = words[0] if len(words) == 2 else text[:limit]  # (one long word: cut inside it)
    return cut.rstrip(" \t\n,;:-–—") + "…"


def add_hits(
    hits: list[Hit] | None,
    regex: re.Pattern[str],
    text: str,
    field: str,
    item: int | None,
    base: int,
    exc: re.Pattern[str] | None,
    first_only: bool,
    strip: bool = False,
    merge: bool = False,
) -> list[Hit] | None:
    """``hits`` (a list, or None for none yet) with a Hit for every match of ``regex`` in
    ``text`` that no exception covers - only the first one when ``first_only``. The match's
    text is the message's ``{match}`` (stripped of surrounding blanks when ``strip``). With
    ``merge``, matches with only blanks between them are one hit ("works correctly": one
    phrase, one finding)."""
    last_end = -1
    covers = None  # the exception spans of ``text``, found once (not once per match)
    merged: list[Hit] = []  # hits that grew: their text is taken once, at the end
    for m in regex.finditer(text):
        start, end = m.span()
        if exc is not None:
            if covers is None:
                covers = exception_spans(exc, text)
            if covered(covers, start, end):
                continue
        if merge and hits and last_end >= 0 and not text[last_end:start].strip(" \t"):
            prev = hits[-1]
            if not merged or merged[-1] is not prev:
                merged.append(prev)
            prev.end = base + end
            last_end = end
            continue
        last_end = end
        match = m.group(0)
        hit = Hit(field, base + start, base + end, item, values={"match": match.strip() if strip else match})
        if hits is None:
            hits = [hit]
        else:
            hits.append(hit)
        if first_only:
            break
    for hit in merged:  # ("fast fast fast ..." 20,000 times is one finding, quoted in brief)
        hit.values["match"] = clip(text[hit.start - base : hit.end - base], 80)
    return hits


def exception_spans(exc: re.Pattern[str], text: str) -> tuple[list[int], list[int]]:
    """The spans of the exception's matches in ``text``: their starts, and for each the
    furthest end of any match starting there or before (so one bisect answers "covered?")."""
    starts: list[int] = []
    reach: list[int] = []
    furthest = -1
    for m in exc.finditer(text):
        furthest = max(furthest, m.end())
        starts.append(m.start())
        reach.append(furthest)
    return starts, reach


def covered(spans: tuple[list[int], list[int]], start: int, end: int) -> bool:
    """Whether some exception match starts at or before ``start`` and ends at or after ``end``."""
    starts, reach = spans
    i = bisect_right(starts, start) - 1
    return i >= 0 and reach[i] >= end
