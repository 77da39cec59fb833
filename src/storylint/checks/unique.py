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
and their means must overlap too. Exact copies (the same normalised text) enter the search
once, and so do stories with the same content words and means (the same story for another
role): one entry per group, whose pairs are then given to every member - every copy of a text
gets its near-duplicates, without comparing copies again.

A finding names at most ``max_named`` (5) other stories in its message ("… and 4,994 more")
and lists at most ``max_related`` (20) ids in ``related``, the first ones in input order: the
output grows with the number of stories, not with the square of a group's size.
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


MAX_NAMED = 5
"""How many other stories one message names ("… and N more" for the rest)."""
MAX_RELATED = 20
"""How many other stories' ids one finding lists in ``related`` (the first ones, in input order)."""


def _listing(ids: list[str], total: int, max_named: int) -> str:
    """``A, B, C and 4,997 more``: the first ``max_named`` of ``ids``, and how many of ``total`` are left."""
    named = ids[:max_named]
    more = total - len(named)
    return ", ".join(named) + (f" and {more:,} more" if more > 0 else "")


@set_check("duplicate-story")
def duplicate_story(contexts, max_named: int = MAX_NAMED, max_related: int = MAX_RELATED, **_):
    """Stories with the same normalised text. Each copy names the first ``max_named`` other
    copies in its message and lists the first ``max_related`` in ``related`` (input order), so
    a finding stays the same size however many copies there are (5,000 copies of one row would
    otherwise write 5,000 x 4,999 ids)."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, ctx in enumerate(contexts):
        key = _norm_ctx(ctx)
        if key:
            groups[key].append(i)
    for members in groups.values():
        if len(members) < 2:
            continue
        total = len(members) - 1
        head = members[: max_related + 1]
        head_ids = [contexts[j].story.id for j in head]
        rest_ids = head_ids[:max_related]  # what every copy after the head lists
        rest_match = _listing(rest_ids, total, max_named)
        for k, i in enumerate(members):
            if k < len(head):
                others = head_ids[:k] + head_ids[k + 1 :]
                others = others[:max_related]
                match = _listing(others, total, max_named)
            else:
                others, match = rest_ids, rest_match
            yield i, Hit("text", 0, len(contexts[i].text), values={"match": match, "count": total}, related=others)


SAME_WORDS = "the same content words in means and benefit; only the role, numbers or small words differ"


def _percent(sim: float) -> str:
    return f"{min(sim, 0.99):.0%}"  # below 1 never reads as 100%


@set_check("near-duplicate")
def near_duplicate(
    contexts,
    threshold: float = 0.6,
    means_threshold: float = 0.75,
    min_words: int = 2,
    max_named: int = MAX_NAMED,
    max_related: int = MAX_RELATED,
    **_,
):
    """Pairs whose means+benefit share at least ``threshold`` of their content words.

    Exact copies (the same normalised text) are one entry of the search - US041 reports them to
    each other - but every copy gets the near-duplicates of its text, and is named to them. The
    message names the first ``max_named`` stories of each kind (the same content words; similar
    ones, with the range of their similarity) and ``related`` lists the first ``max_related``
    in input order."""
    # One search entry per distinct text; stories with the same content words (and means) -
    # "the same story for another role" - are one entry too: their pairs are found once and
    # then given to every member. So: story -> text group (exact copies) -> word group.
    text_of: dict[str, int] = {}
    copies: list[list[int]] = []  # text group -> its stories, in input order
    group_of: dict[tuple[frozenset[str], frozenset[str]], int] = {}
    members: list[list[int]] = []  # word group -> its text groups
    sets: list[tuple[int, frozenset[str], frozenset[str]]] = []
    for i, ctx in enumerate(contexts):
        key = _norm_ctx(ctx)
        if not key:
            continue
        t = text_of.get(key)
        if t is not None:
            copies[t].append(i)
            continue
        t = text_of[key] = len(copies)
        copies.append([i])
        words, means = _parts(ctx)
        if len(words) >= min_words:
            g = group_of.get((words, means))
            if g is None:
                g = group_of[(words, means)] = len(members)
                members.append([t])
                sets.append((g, words, means))
            else:
                members[g].append(t)
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
    head = max(max_related, max_named)
    # word group -> what its neighbours add up to (counts, similarity range, first stories):
    # never the list of every pair, which grows with the square of a group of similar stories.
    neighbours: dict[int, _Near] = {}
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
                _note(neighbours, g, _stories(members[h], copies), sim, head)
                _note(neighbours, h, _stories(members[g], copies), sim, head)
        for r in order[: size - math.ceil(mid * size - _EPS) + 1]:
            postings = index.get(r)
            if postings is None:
                index[r] = [k]
            else:
                postings.append(k)
    if not neighbours and all(len(m) < 2 for m in members):
        return
    found: list[tuple[int, Hit]] = []
    for g, texts in enumerate(members):
        near = neighbours.get(g)
        if len(texts) < 2 and not near:
            continue
        # The stories of the neighbouring word groups are the same for every text of this group.
        if near is not None:
            same_far, similar = near.first(near.same, head), near.first(near.similar, head)
            n_same_far, n_similar, lo, hi = near.n_same, near.n_similar, near.lo, near.hi
        else:
            same_far, similar, n_same_far, n_similar, lo, hi = [], [], 0, 0, 1.0, 0.0
        inside = _stories(texts, copies) if len(texts) > 1 else []
        for t in texts:
            own = copies[t]
            mine = set(own) if len(own) > 1 else None
            same = [j for j in _first_not(inside, own[0], mine, head)] if inside else []
            n_same = len(inside) - len(own) if inside else 0
            if same_far:
                same = sorted(same + same_far)[:head]
            n_same += n_same_far
            if not n_same and not n_similar:
                continue
            ids_same = [contexts[j].story.id for j in same[:max_named]]
            ids_similar = [contexts[j].story.id for j in similar[:max_named]]
            parts = []
            if n_same:
                parts.append(f"{_listing(ids_same, n_same, max_named)} ({SAME_WORDS})")
            if n_similar:
                pct = _percent(hi) if _percent(lo) == _percent(hi) else f"{_percent(lo)[:-1]}–{_percent(hi)}"
                parts.append(f"{_listing(ids_similar, n_similar, max_named)} ({pct} of the content words of means and benefit in common)")
            related = [contexts[j].story.id for j in sorted(same + similar)[:max_related]]
            values = {"match": " and of ".join(parts), "count": n_same + n_similar}
            for i in own:
                found.append((i, Hit("text", 0, len(contexts[i].text), values=values, related=related)))
    found.sort(key=lambda item: item[0])
    yield from found


class _Near:
    """What the neighbours of one word group add up to: how many stories share its words
    (similarity 1: "same", other means) or are similar, the range of similarity, and the
    first ``head`` stories of each kind in input order - bounded, however many pairs."""

    __slots__ = ("same", "n_same", "similar", "n_similar", "lo", "hi")

    def __init__(self) -> None:
        self.same: list[int] = []
        self.similar: list[int] = []
        self.n_same = self.n_similar = 0
        self.lo, self.hi = 1.0, 0.0

    @staticmethod
    def first(stories: list[int], head: int) -> list[int]:
        stories.sort()
        del stories[head:]
        return stories


def _note(neighbours: dict[int, _Near], g: int, stories: list[int], sim: float, head: int) -> None:
    """Add a neighbour of word group ``g`` (its ``stories``, in input order) at similarity ``sim``."""
    near = neighbours.get(g)
    if near is None:
        near = neighbours[g] = _Near()
    if sim >= 1.0:
        kept = near.same
        near.n_same += len(stories)
    else:
        kept = near.similar
        near.n_similar += len(stories)
        near.lo, near.hi = min(near.lo, sim), max(near.hi, sim)
    kept.extend(stories[:head])
    if len(kept) > 4 * head:  # keep the first ``head`` seen so far (amortised)
        _Near.first(kept, head)


def _stories(texts: list[int], copies: list[list[int]]) -> list[int]:
    """Every story of these text groups, in input order."""
    if len(texts) == 1:
        return copies[texts[0]]
    return sorted(chain.from_iterable(copies[t] for t in texts))


def _first_not(stories: list[int], first: int, mine: set[int] | None, n: int) -> list[int]:
    """The first ``n`` of ``stories`` that are not the copies of one text (``first``, or ``mine``)."""
    out = []
    for j in stories:
        if j == first or (mine is not None and j in mine):
            continue
        out.append(j)
        if len(out) == n:
            break
    return out


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
