"""Unique (set level): exact and near-duplicate stories.

Exact duplicates: equal normalised text. Near duplicates: MinHash over word 3-shingles of
the means+ends (role excluded, so "same story, different role" is caught), with
locality-sensitive hashing in bands, so candidate pairs are found in ~O(n) rather than by
comparing every pair; each candidate pair is then confirmed with exact Jaccard similarity.
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict

from ..context import Hit
from . import set_check

_WORD = re.compile(r"[a-z0-9]+")
_MASK = (1 << 32) - 1
_PRIME = (1 << 61) - 1
# Fixed hash-function coefficients: results are identical across runs and machines.
_COEFFS = [((i * 0x9E3779B1 + 0x7F4A7C15) % _PRIME | 1, (i * 0x85EBCA77 + 0xC2B2AE3D) % _PRIME) for i in range(1, 129)]


def _norm(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _shingles(text: str, k: int = 3) -> set[int]:
    words = _WORD.findall(text.lower())
    if len(words) < k:
        return {zlib.crc32(" ".join(words).encode())} if words else set()
    return {zlib.crc32(" ".join(words[i : i + k]).encode()) for i in range(len(words) - k + 1)}


def _minhash(sh: set[int], n: int) -> list[int]:
    return [min(((a * x + b) % _PRIME) & _MASK for x in sh) for a, b in _COEFFS[:n]]


def _body(ctx) -> str:
    p = ctx.parsed
    if p.means is not None:
        return p.means.text + " " + (p.ends.text if p.ends else "")
    return ctx.text


def _means_similar(contexts, cache: dict[int, set[str]], a: int, b: int, threshold: float) -> bool:
    """The means themselves must overlap: "an SPSS integration" and "a Mongo integration"
    with the same benefit are two features, not one story written twice."""
    from .valuable import content_words

    for i in (a, b):
        if i not in cache:
            p = contexts[i].parsed
            cache[i] = content_words(p.means.text if p.means is not None else contexts[i].text)
    wa, wb = cache[a], cache[b]
    if not wa or not wb:
        return True
    return len(wa & wb) / len(wa | wb) >= threshold


@set_check("duplicate-story")
def duplicate_story(contexts, **_):
    groups: dict[str, list[int]] = defaultdict(list)
    for i, ctx in enumerate(contexts):
        key = _norm(ctx.text)
        if key:
            groups[key].append(i)
    for members in groups.values():
        if len(members) < 2:
            continue
        for i in members:
            others = [contexts[j].story.id for j in members if j != i]
            yield i, Hit("text", 0, len(contexts[i].text), values={"match": ", ".join(others)}, related=others)


@set_check("near-duplicate")
def near_duplicate(contexts, threshold: float = 0.6, means_threshold: float = 0.5, bands: int = 16, rows: int = 4, **_):
    """Pairs whose means+ends share at least ``threshold`` of their 3-shingles (Jaccard)."""
    exact: dict[str, int] = {}
    shingles: list[set[int]] = []
    buckets: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, ctx in enumerate(contexts):
        sh = _shingles(_body(ctx))
        shingles.append(sh)
        if len(sh) < 2:
            continue
        key = _norm(ctx.text)
        if key in exact:
            continue  # exact duplicates are the other rule's
        exact[key] = i
        sig = _minhash(sh, bands * rows)
        for b in range(bands):
            buckets[(b, hash(tuple(sig[b * rows : (b + 1) * rows])))].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        if len(members) < 2 or len(members) > 200:
            continue
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                pairs.add((members[x], members[y]))
    related: dict[int, list[tuple[str, float]]] = defaultdict(list)
    means_words: dict[int, set[str]] = {}
    for a, b in sorted(pairs):
        sa, sb = shingles[a], shingles[b]
        sim = len(sa & sb) / len(sa | sb)
        if sim >= threshold and _means_similar(contexts, means_words, a, b, means_threshold):
            related[a].append((contexts[b].story.id, sim))
            related[b].append((contexts[a].story.id, sim))
    for i in sorted(related):
        ids = [sid for sid, _ in related[i]]
        best = max(s for _, s in related[i])
        yield i, Hit("text", 0, len(contexts[i].text), values={"match": ", ".join(ids), "similarity": f"{best:.0%}"}, related=ids)
