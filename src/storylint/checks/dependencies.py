"""Story ids and references (set level): references to story ids that are not in the backlog or
that several stories share, and one id used by two stories (of one file or of two files)."""

from __future__ import annotations

import fnmatch
import re
from typing import Callable

from ..context import Hit
from . import set_check
from .unique import MAX_NAMED, MAX_RELATED, _listing

KEY_RE = re.compile(r"(?=[A-Z])(?<![\w-])(?:[A-Z][A-Z0-9_]{1,9}-\d+|US-?\d+)(?![\w-])")
PREFIX_RE = re.compile(r"([A-Z][A-Z0-9_]*?)-?\d+")
"""A key's project prefix: ``SHOP`` of ``SHOP-12``, ``US`` of ``US12``."""


def _prefix(key: str) -> str | None:
    m = PREFIX_RE.fullmatch(key)
    return m.group(1) if m else None


def _matcher(patterns) -> "Callable[[str], bool]":
    """Whether an id matches one of the glob ``patterns`` (``FIN-*``, ``SHOP-1?``); no pattern:
    never. Compiled once into one regular expression."""
    if isinstance(patterns, str):
        patterns = [patterns]
    if not patterns:
        return lambda _: False
    return re.compile("|".join(fnmatch.translate(p) for p in patterns)).match


def _holders(contexts) -> dict[str, list[int]]:
    """The ids that more than one story has, with those stories (input order); {} when all differ."""
    ids = [ctx.story.id for ctx in contexts]
    if len(set(ids)) == len(ids):
        return {}  # every id is unique (the common case)
    by_id: dict[str, list[int]] = {}
    for i, sid in enumerate(ids):
        by_id.setdefault(sid, []).append(i)
    return {sid: members for sid, members in by_id.items() if len(members) > 1}


def _where(story, other) -> str:
    """Where ``other`` is, as seen from ``story``: ``line 4 of this file``, ``line 2 of d.yaml``."""
    src, osrc = story.source, other.source
    same_file = src.path == osrc.path
    same_line = osrc.line is None or (same_file and osrc.line == src.line)
    place = f"item {osrc.row}" if same_line and osrc.row is not None else f"line {osrc.line}"
    return f"{place} of {'this file' if same_file else osrc.path}"


@set_check("unknown-dependency")
def unknown_dependency(contexts, known: list[str] | tuple[str, ...] = (), **_):
    """A ``depends_on`` id, or a ``KEY-123`` in the text, that no story of the backlog has - or
    that several stories have (the reference cannot say which one it means).

    In the text, only keys whose prefix one of the backlog's own ids has (``SHOP`` of
    ``SHOP-1``) are references: ``UTF-8``, ``SHA-256``, ``ISO-27001`` are names of standards.
    ``known``: glob patterns of ids that exist outside the files linted (``FIN-*``), e.g. when a
    pre-commit hook passes only the changed stories. A lone story is not checked: with no
    backlog beside it, every reference would be "unknown"."""
    if len(contexts) < 2:
        return
    elsewhere = _matcher(known)
    known = {ctx.story.id for ctx in contexts}
    prefixes = {_prefix(k) for k in known if KEY_RE.fullmatch(k)}
    shared = _holders(contexts) if len(known) < len(contexts) else {}
    folded: dict[str, str] | None = None  # casefolded id -> the id, for "did you mean"
    for i, ctx in enumerate(contexts):
        story = ctx.story
        for k, dep in enumerate(story.depends_on):
            if dep not in known and not elsewhere(dep):
                hit = Hit("depends_on", 0, 0, k, values={"match": dep}, related=[dep])
                if folded is None:
                    folded = {}
                    for sid in known:
                        folded[sid.casefold()] = sid if sid.casefold() not in folded else ""
                near = folded.get(dep.casefold())
                if near:  # "shop-1" for SHOP-1: the id as another tool or a typist spelt it
                    hit.values["near"] = near
                    hit.message = CASE
                    hit.suggestion = "Write the id as the story has it: '{near}'."
                    hit.related = [near]
                yield i, hit
            elif dep == story.id and dep not in shared:
                yield i, Hit("depends_on", 0, 0, k, values={"match": dep}, related=[], message=SELF,
                             suggestion="Remove '{match}' from the story's own dependencies, or correct the id.")
            elif dep in shared:
                hit = _ambiguous(contexts, i, dep, shared[dep], Hit("depends_on", 0, 0, k))
                if hit is not None:
                    yield i, hit
        if not prefixes:
            continue  # no keyed ids (e.g. a plain list): references in the text cannot be checked
        for m in KEY_RE.finditer(ctx.text):
            key = m.group(0)
            if key == story.id or _prefix(key) not in prefixes:
                continue
            if key not in known and not elsewhere(key):
                yield i, Hit("text", m.start(), m.end(), values={"match": key}, related=[key])
            elif key in shared:
                hit = _ambiguous(contexts, i, key, shared[key], Hit("text", m.start(), m.end()))
                if hit is not None:
                    yield i, hit


CASE = "Refers to '{match}', which is not a story in this backlog; '{near}' is (ids are compared as written)."
SELF = "Depends on itself ('{match}'): a story cannot wait for itself; the id is probably a copy-and-paste slip."

AMBIGUOUS = "Refers to '{match}', which {count} stories of this backlog have ({where}): it cannot say which one it means."


def _ambiguous(contexts, i: int, key: str, holders: list[int], hit: Hit) -> Hit | None:
    others = [j for j in holders if j != i]
    if len(others) < 2:
        return None  # the story refers to the one other story with its own id
    story = contexts[i].story
    where = _listing([_where(story, contexts[j].story) for j in others[:MAX_NAMED]], len(others), MAX_NAMED)
    # (ids and paths are the input's text: values the engine fills in, never part of the template)
    hit.values = {"match": key, "where": where, "count": len(others)}
    hit.message = AMBIGUOUS
    hit.suggestion = "Give those stories ids of their own, then refer to the one that is meant."
    hit.related = [key]
    return hit


@set_check("duplicate-id")
def duplicate_id(contexts, max_named: int = MAX_NAMED, max_related: int = MAX_RELATED, **_):
    """Stories that share an id, in one file or in several files linted together: a reference to
    that id (``depends_on``, "see SHOP-7") cannot say which one it means. Every story with the
    id is reported; its message names where the others are (the first ``max_named``) and
    ``related`` holds the id once per other story (at most ``max_related``)."""
    for sid, members in _holders(contexts).items():
        total = len(members) - 1
        head = members[: max(max_named, max_related) + 1]
        for i in members:
            others = [j for j in head if j != i]
            story = contexts[i].story
            where = _listing([_where(story, contexts[j].story) for j in others[:max_named]], total, max_named)
            where = ("the story at " if total == 1 else f"{total:,} stories, at ") + where
            yield i, Hit("text", 0, 0, values={"match": sid, "others": where}, related=[sid] * min(total, max_related))
