"""Unique (set level): exact and near-duplicate stories.

Exact duplicates: equal normalised text (a hash map, O(n)).

Near duplicates: Jaccard similarity of the content words (stemmed, stop words removed) of
means + benefit — the role is left out, so "the same story for another role" is caught —
found with an exact all-pairs similarity search with *prefix filtering* (Bayardo et al.,
"Scaling up all pairs similarity search", WWW 2007): each story's words are ordered from
rarest to commonest across the backlog; two stories can only reach the threshold ``t`` if
they share one of the first ``|s| - ceil(t*|s|) + 1`` words of each, so only stories that
share a *rare* word are ever compared (an inverted index over those prefixes, shortened
further for the index as in PPJoin), never all pairs. Candidates are then confirmed exactly,
and their means must overlap too. Stories with the same content words and means (the same
story for another role) enter the search once, as one group.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from itertools import chain

from ..context import Hit
from ..tokens import lower_alnum_runs
from . import set_check
from .valuable import content_words, part_words

MAX_POSTINGS = 5000
"""A prefix word shared by more stories than this is skipped (a guard for degenerate input)."""


def _norm(text: str) -> str:
    return " ".join(lower_alnum_runs(text.lower()))


def _norm_ctx(ctx) -> str:
    got = ctx.cache.get("unique.norm")
    if got is None:
        got = ctx.cache["unique.norm"] = _norm(ctx.lower(ctx.text))
    return got


def _parts(ctx) -> tuple[set[str], set[str]]:
    p = ctx.parsed
    if p.means is not None:
        means = part_words(ctx, "means")
        return means | part_words(ctx, "ends"), means
    words = content_words(ctx.text)
    return words, words


@set_check("duplicate-story")
def duplicate_story(contexts, **_):
    groups: dict[str, list[int]] = defaultdict(list)
    for i, ctx in enumerate(contexts):
        key = _norm_ctx(ctx)
        if key:
            groups[key].append(i)
    for members in groups.values():
        if len(members) < 2:
            continue
        for i in members:
            others = [contexts[j].story.id for j in members if j != i]
            yield i, Hit("text", 0, len(contexts[i].text), values={"match": ", ".join(others)}, related=others)


@set_check("near-duplicate")
def near_duplicate(contexts, threshold: float = 0.6, means_threshold: float = 0.75, min_words: int = 2, **_):
    """Pairs whose means+benefit share at least ``threshold`` of their content words."""
    first_of_text: set[str] = set()
    # Stories with the same content words (and means) - "the same story for another role" -
    # are one entry of the search: their pairs are found once and then given to every member.
    group_of: dict[tuple[frozenset[str], frozenset[str]], int] = {}
    members: list[list[int]] = []
    sets: list[tuple[int, frozenset[str], frozenset[str]]] = []
    for i, ctx in enumerate(contexts):
        key = _norm_ctx(ctx)
        if not key or key in first_of_text:
            continue  # exact duplicates are the other rule's
        first_of_text.add(key)
        words, means = _parts(ctx)
        if len(words) >= min_words:
            g = group_of.get((words, means))
            if g is None:
                g = group_of[(words, means)] = len(members)
                members.append([i])
                sets.append((g, words, means))
            else:
                members[g].append(i)
    freq = Counter(chain.from_iterable(words for _, words, _ in sets))
    # Words as ranks, rarest first, ties by the word itself (a fixed order, so the result never
    # depends on set iteration order); sorting small ints is cheaper than sorting words by key.
    by_rarity = sorted(freq)  # by word, then (stable) by count: the order of (count, word)
    by_rarity.sort(key=freq.__getitem__)
    rank = {w: r for r, w in enumerate(by_rarity)}
    # Stories are taken from the fewest words to the most (AllPairs/PPJoin, Xiao et al.,
    # WWW 2008): a story probes the index with its first |s| - ceil(t*|s|) + 1 words but is
    # indexed under only its first |s| - ceil(2t/(1+t)*|s|) + 1, which still meets every
    # longer story it can reach the threshold with, and far fewer candidates come up.
    sets.sort(key=lambda item: len(item[1]))  # stable: input order within a size
    wordsets = [words for _, words, _ in sets]
    mid = 2 * threshold / (1 + threshold)
    index: dict[int, list[int]] = {}
    pairs: list[tuple[int, int, float]] = []  # (group, group, similarity)
    for k, (g, words, means) in enumerate(sets):
        size = len(words)
        order = sorted(map(rank.__getitem__, words))  # word ranks, rarest first
        candidates: set[int] = set()
        for r in order[: size - math.ceil(threshold * size - _EPS) + 1]:
            postings = index.get(r)
            if postings is not None and len(postings) <= MAX_POSTINGS:
                candidates.update(postings)
        # An earlier story has at most ``size`` words, so a Jaccard of ``threshold`` needs an
        # overlap of at least threshold * size (a cheap test before the exact one).
        least = threshold * size - _EPS
        for other in candidates:
            inter = len(words & wordsets[other])
            if inter < least:
                continue
            h, owords, omeans = sets[other]
            sim = inter / (size + len(owords) - inter)
            if sim >= threshold and _means_match(means, omeans, means_threshold):
                pairs.append((g, h, sim))
        for r in order[: size - math.ceil(mid * size - _EPS) + 1]:
            postings = index.get(r)
            if postings is None:
                index[r] = [k]
            else:
                postings.append(k)
    related: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for group in members:  # the same words: similarity 1
        if len(group) > 1:
            for i in group:
                related[i].extend((j, 1.0) for j in group if j != i)
    for g, h, sim in pairs:
        for i in members[g]:
            for j in members[h]:
                related[i].append((j, sim))
                related[j].append((i, sim))
    for i in sorted(related):
        pairs = sorted(related[i])  # the other stories in input order
        ids = [contexts[j].story.id for j, _ in pairs]
        best = max(sim for _, sim in pairs)
        if best >= 1.0:  # the same content words: what differs is the role or words that are not counted
            how = "the same content words in means and benefit; only the role, numbers or small words differ"
        else:
            how = f"{'up to ' if len(pairs) > 1 else ''}{min(best, 0.99):.0%} of the content words of means and benefit in common"
        yield i, Hit("text", 0, len(contexts[i].text), values={"match": ", ".join(ids), "similarity": how}, related=ids)


_EPS = 1e-9
"""Rounding slack: a prefix is at worst one word longer than needed, never shorter."""


def _means_match(a: set[str], b: set[str], threshold: float) -> bool:
    """Whether two means ask for the same thing.

    A near-copy adds or drops words ("scan invoices" / "scan paper invoices": one means holds
    the other); a different object is a different feature ("delete campers" / "delete
    parents", "an SPSS integration" / "a Mongo integration"), even with the same benefit. So:
    the means overlap by at least ``threshold`` (Jaccard), or one contains the other and they
    share at least half of their words."""
    if not a or not b:
        return True
    inter = len(a & b)
    jaccard = inter / (len(a) + len(b) - inter)
    return jaccard >= threshold or (inter == min(len(a), len(b)) and jaccard >= 0.5)
