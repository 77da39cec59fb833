"""Unique (set level): exact and near-duplicate stories.

Exact duplicates: equal normalised text (a hash map, O(n)).

Near duplicates: Jaccard similarity of the content words (stemmed, stop words removed) of
means + benefit — the role is left out, so "the same story for another role" is caught —
found with an exact all-pairs similarity search with *prefix filtering* (Bayardo et al.,
"Scaling up all pairs similarity search", WWW 2007): each story's words are ordered from
rarest to commonest across the backlog; two stories can only reach the threshold ``t`` if
they share one of the first ``|s| - ceil(t*|s|) + 1`` words of each, so only stories that
share a *rare* word are ever compared (an inverted index over those prefixes, shortened
further for the index as in PPJoin), not all pairs. Candidates are then confirmed exactly,
and their means must overlap too. Exact copies (the same normalised text) enter the search
once, and so do stories with the same content words and means (the same story for another
role): one entry per group, whose pairs are then given to every member - every copy of a text
gets its near-duplicates, without comparing copies again.

The work is bounded whatever the input: an entry is compared with at most ``MAX_CANDIDATES``
(200) others - those that share the most prefix words with it - and one word's index list holds
at most ``MAX_POSTINGS`` (200) entries, so the search is O(n) (times the length of a story)
even when thousands of stories are all similar to each other, where an exact search is
O(n^2). The Dalpiaz stories and the 20,000-story bench stay far under both caps (there the
findings are exact: at most 154 candidates and 66 entries a word); where a cap cuts, the
stories that may have lost a near-duplicate say "at least N more" and that there may be more.

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

MAX_CANDIDATES = 200
"""At most this many other entries of the search are compared with one entry (the ones that
share the most prefix words with it, then the closest in size). Real backlogs stay far below
(the 20,000-story bench: at most 154, the Dalpiaz stories: 24); a backlog of thousands of
mutually similar stories would otherwise take time quadratic in its size."""
MAX_POSTINGS = 200
"""At most this many entries are indexed under one prefix word (the first ones, from the
fewest words up); an entry that finds a word's list full is not indexed under it. Real
backlogs stay below (the 20,000-story bench: at most 66). Together with ``MAX_CANDIDATES``
this bounds the work per entry by a constant: O(n) for the search, whatever the input."""


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


def _listing(ids: list[str], total: int, max_named: int, at_least: bool = False) -> str:
    """``A, B, C and 4,997 more``: the first ``max_named`` of ``ids``, and how many of ``total``
    are left (``and at least 4,997 more`` where ``total`` is a lower bound)."""
    named = ids[:max_named]
    more = total - len(named)
    return ", ".join(named) + (f" and {'at least ' if at_least else ''}{more:,} more" if more > 0 else "")


def _labels(contexts):
    """``j -> how the message names story j``: its id, and where it is when other stories of the
    backlog have that id too ("PAY-101 (b.json:5)"), so "Near-duplicate of PAY-101" never
    leaves a reader guessing which PAY-101, or reads as the story itself. The common case (every
    id its own) costs one set."""
    ids = [ctx.story.id for ctx in contexts]
    if len(set(ids)) == len(ids):
        return ids.__getitem__
    seen = Counter(ids)

    def label(j: int) -> str:
        story = contexts[j].story
        if seen[story.id] < 2:
            return story.id
        src = story.source
        return f"{story.id} ({src.path.rsplit('/', 1)[-1]}:{src.line})" if src.line is not None else f"{story.id} (row {src.row})"

    return label


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
    label = _labels(contexts)
    for members in groups.values():
        if len(members) < 2:
            continue
        total = len(members) - 1
        head = members[: max_related + 1]
        head_ids = [contexts[j].story.id for j in head]
        head_names = [label(j) for j in head]
        rest_ids = head_ids[:max_related]  # what every copy after the head lists
        rest_match = _listing(head_names[:max_related], total, max_named)
        for k, i in enumerate(members):
            if k < len(head):
                others = (head_ids[:k] + head_ids[k + 1 :])[:max_related]
                match = _listing((head_names[:k] + head_names[k + 1 :])[:max_related], total, max_named)
            else:
                others, match = rest_ids, rest_match
            yield i, Hit("text", 0, len(contexts[i].text), values={"match": match, "count": total}, related=others)


SAME_ROLE = "Keep one of the stories (after moving into it anything only the others hold), or reword them so that the difference is explicit."


def _role(ctx) -> str | None:
    """The story's role as compared for the suggestion: "a Shopper" and "a shopper" are one."""
    role = ctx.parsed.role
    return " ".join(role.text.casefold().split()) if role is not None else None


SAME_WORDS = "the same content words in the 'I want' part and the benefit; only the role, numbers or small words differ"


CUT_SHORT = "too many similar stories to compare each with every other (at most {:,} each), so there may be more"


def _best(candidates: set[int], probe: list[int], index: dict[int, list[int]], n: int, sets: list, partial: set[int]) -> list[int]:
    """The ``n`` candidates that share the most of the ``probe`` words (ties: the closest in
    size, i.e. the latest entry); the word groups of the others are marked ``partial`` (a
    pair with them goes untested). Bounded work: the probe's lists are at most
    ``MAX_POSTINGS`` long."""
    hits: Counter[int] = Counter()
    for r in probe:
        postings = index.get(r)
        if postings is not None:
            hits.update(postings)
    ranked = sorted(candidates, key=lambda c: (-hits[c], -c))
    for c in ranked[n:]:
        partial.add(sets[c][0])
    return ranked[:n]


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
    max_candidates: int = MAX_CANDIDATES,
    max_postings: int = MAX_POSTINGS,
    stats: dict | None = None,
    **_,
):
    """Pairs whose means+benefit share at least ``threshold`` of their content words.

    Exact copies (the same normalised text) are one entry of the search - US041 reports them to
    each other - but every copy gets the near-duplicates of its text, and is named to them. The
    message names the first ``max_named`` stories of each kind (the same content words; similar
    ones, with the range of their similarity) and ``related`` lists the first ``max_related``
    in input order.

    The work is bounded: an entry is compared with at most ``max_candidates`` others, and an
    index list holds at most ``max_postings`` entries. Where either cap cuts (thousands of
    mutually similar stories), some pairs go unfound; the entries that may have lost one are
    marked, and their message says "at least N more" and that there may be more. ``stats``,
    if given, receives counts of the work done: ``entries`` (of the search), ``compared``
    (exact similarity tests, at most ``entries * max_candidates``), ``scanned`` (index entries
    read), ``partial`` (entries whose neighbours may be incomplete)."""
    label = _labels(contexts)
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
    # Word groups that may miss a near-duplicate because a cap cut (see the docstring).
    partial: set[int] = set()
    compared = scanned = 0
    group_heads: dict[int, tuple[list[int], int]] = {}  # word group -> its first stories, how many
    for k, (g, words, means) in enumerate(sets):
        size = len(words)
        order = sorted(map(rank.__getitem__, words))  # word ranks, rarest first
        probe = order[: size - math.ceil(threshold * size - _EPS) + 1]
        candidates: set[int] = set()
        for r in probe:
            postings = index.get(r)
            if postings is not None:
                candidates.update(postings)
                scanned += len(postings)
                if len(postings) >= max_postings:
                    partial.add(g)  # entries left out of this list are not found
        if len(candidates) > max_candidates:
            candidates = _best(candidates, probe, index, max_candidates, sets, partial)
            partial.add(g)
        compared += len(candidates)
        # An earlier story has at most ``size`` words, so a Jaccard of ``threshold`` needs an
        # overlap of at least threshold * size (a cheap test before the exact one).
        least = threshold * size - _EPS
        own = None  # this group's stories, once it has a neighbour
        for other in candidates:
            inter = len(words & wordsets[other])
            if inter < least:
                continue
            h, owords, omeans = sets[other]
            sim = inter / (size + len(owords) - inter)
            if sim >= threshold and _means_match(means, omeans, means_threshold):
                if own is None:
                    own = _group_head(g, members, copies, group_heads, head)
                _note(neighbours, g, *_group_head(h, members, copies, group_heads, head), sim, head)
                _note(neighbours, h, *own, sim, head)
        for r in order[: size - math.ceil(mid * size - _EPS) + 1]:
            postings = index.get(r)
            if postings is None:
                index[r] = [k]
            elif len(postings) < max_postings:
                postings.append(k)
            else:
                partial.add(g)  # later entries sharing this word may not find this one
    if stats is not None:
        stats.update(entries=len(sets), compared=compared, scanned=scanned, partial=len(partial))
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
            ids_same = [label(j) for j in same[:max_named]]
            ids_similar = [label(j) for j in similar[:max_named]]
            cut = g in partial
            parts = []
            if n_same:
                parts.append(f"{_listing(ids_same, n_same, max_named, cut)} ({SAME_WORDS})")
            if n_similar:
                pct = _percent(hi) if _percent(lo) == _percent(hi) else f"{_percent(lo)[:-1]}–{_percent(hi)}"
                parts.append(f"{_listing(ids_similar, n_similar, max_named, cut)} ({pct} of the content words of the 'I want' part and the benefit in common)")
            related = [contexts[j].story.id for j in _related(same, similar, max_named, max_related)]
            match = " and of ".join(parts)
            if cut:
                match += f"; {CUT_SHORT.format(max_candidates)}"
            values = {"match": match, "count": n_same + n_similar}
            named = same[:max_named] + similar[:max_named]
            for i in own:
                hit = Hit("text", 0, len(contexts[i].text), values=values, related=related)
                role = _role(contexts[i])
                if role is not None and all(_role(contexts[j]) == role for j in named):
                    hit.suggestion = SAME_ROLE  # ("one that names all the roles" would not fit)
                found.append((i, hit))
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


def _note(neighbours: dict[int, _Near], g: int, stories: list[int], count: int, sim: float, head: int) -> None:
    """Add a neighbour of word group ``g`` at similarity ``sim``: ``count`` stories, the first
    ones in input order ``stories`` (only the first ``head`` of them are kept)."""
    near = neighbours.get(g)
    if near is None:
        near = neighbours[g] = _Near()
    if sim >= 1.0:
        kept = near.same
        near.n_same += count
    else:
        kept = near.similar
        near.n_similar += count
        near.lo, near.hi = min(near.lo, sim), max(near.hi, sim)
    kept.extend(stories[:head])
    if len(kept) > 4 * head:  # keep the first ``head`` seen so far (amortised)
        _Near.first(kept, head)


def _related(same: list[int], similar: list[int], max_named: int, max_related: int) -> list[int]:
    """The first ``max_related`` of ``same`` and ``similar`` in input order - always with the
    ones the message names (the first ``max_named`` of each): 25 stories with the same words
    before the first similar one would otherwise push the named similar ones out."""
    merged = sorted(same + similar)
    first = merged[:max_related]
    named = set(same[:max_named]) | set(similar[:max_named])
    if named.issubset(first) or len(named) >= max_related:
        return first if len(named) < max_related else sorted(named)[:max_related]
    others = [j for j in merged if j not in named][: max_related - len(named)]
    return sorted(named.union(others))


def _group_head(g: int, members: list[list[int]], copies: list[list[int]], cache: dict, head: int) -> tuple[list[int], int]:
    """The stories of word group ``g`` in input order (at least the first ``head``) and how
    many there are. A group of several texts is merged once, not once per neighbour (a group
    of 5,000 role variants near 5,000 other stories would sort 5,000 stories 5,000 times)."""
    texts = members[g]
    if len(texts) == 1:
        stories = copies[texts[0]]
        return stories, len(stories)
    got = cache.get(g)
    if got is None:
        stories = _stories(texts, copies)
        got = cache[g] = (stories[:head], len(stories))
    return got


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


def _opposites(a: set[str], b: set[str]) -> bool:
    """Two means that differ only by a word and its negation ("loan records" / "non-loan
    records", "read" / "unread"): parallel stories for opposite cases, not copies."""
    if len(a) != len(b):
        return False
    diff = a ^ b
    if len(diff) != 2:
        return False
    short, long_ = sorted(diff, key=len)
    return long_ in (f"non-{short}", f"non{short}", f"un{short}")


def _means_match(a: set[str], b: set[str], threshold: float) -> bool:
    """Whether two means ask for the same thing.

    A near-copy adds or drops words ("scan invoices" / "scan paper invoices": one means holds
    the other); a different object is a different feature ("delete campers" / "delete
    parents", "an SPSS integration" / "a Mongo integration"), even with the same benefit. So:
    the means overlap by at least ``threshold`` (Jaccard), or one contains the other and they
    share at least half of their words."""
    if not a or not b:
        return True
    if _opposites(a, b):
        return False
    inter = len(a & b)
    jaccard = inter / (len(a) + len(b) - inter)
    return jaccard >= threshold or (inter == min(len(a), len(b)) and jaccard >= 0.5)
