"""The near-duplicate index finds exactly the pairs that comparing every pair finds."""

from __future__ import annotations

import random

import pytest

from storylint.checks.unique import _means_match, _norm_ctx, _parts, duplicate_story, near_duplicate
from storylint.context import StoryContext
from storylint.models import Story

from helpers import SHARED, dalpiaz_lines

THRESHOLD, MEANS_THRESHOLD = 0.6, 0.75


def _contexts(texts: list[str]) -> list[StoryContext]:
    return [StoryContext.build(Story(id=f"S{i}", text=t)) for i, t in enumerate(texts)]


def _all_pairs(contexts: list[StoryContext]) -> dict[int, list[str]]:
    """The O(n^2) definition: every pair of stories with different texts over both thresholds
    (exact copies are US041's, but each copy has the near-duplicates of its text)."""
    sets = []
    for i, ctx in enumerate(contexts):
        key = _norm_ctx(ctx)
        if not key:
            continue
        words, means = _parts(ctx)
        if len(words) >= 2:
            sets.append((i, key, words, means))
    related: dict[int, list[int]] = {}
    for a, (i, ki, wi, mi) in enumerate(sets):
        for j, kj, wj, mj in sets[a + 1 :]:
            if ki == kj:
                continue
            inter = len(wi & wj)
            if inter / (len(wi) + len(wj) - inter) >= THRESHOLD and _means_match(mi, mj, MEANS_THRESHOLD):
                related.setdefault(i, []).append(j)
                related.setdefault(j, []).append(i)
    return {i: [contexts[j].story.id for j in sorted(js)] for i, js in related.items()}


def _indexed(contexts: list[StoryContext]) -> dict[int, list[str]]:
    hits = near_duplicate(contexts, threshold=THRESHOLD, means_threshold=MEANS_THRESHOLD, max_related=10**9)
    return {i: hit.related for i, hit in hits}


VERBS = "export import delete archive share print scan upload review approve search filter".split()
NOUNS = "report invoice photo order ticket camper parent dataset page comment budget user file".split()
EXTRAS = "monthly paper new old all my shared pending weekly draft".split()
GOALS = "save time keep records stay informed plan ahead avoid mistakes find them later".split()


def _random_story(rng: random.Random) -> str:
    means = " ".join(rng.sample(VERBS, rng.randint(1, 2)) + rng.sample(EXTRAS, rng.randint(0, 2)) + rng.sample(NOUNS, rng.randint(1, 3)))
    goal = " ".join(rng.sample(GOALS, rng.randint(1, 4)))
    role = rng.choice(["user", "manager", "admin", "clerk"])
    return f"As a {role}, I want to {means} so that I can {goal}."


@pytest.mark.parametrize("seed", range(5))
def test_near_duplicates_equal_all_pairs_on_random_backlogs(seed):
    rng = random.Random(seed)
    contexts = _contexts([_random_story(rng) for _ in range(400)])
    expected = _all_pairs(contexts)
    assert expected, "the generator should produce near-duplicates"
    assert _indexed(contexts) == expected


@pytest.mark.skipif(not (SHARED / "data" / "dalpiaz").is_dir(), reason="../shared not present")
def test_near_duplicates_equal_all_pairs_on_dalpiaz():
    contexts = _contexts(dalpiaz_lines(files=6))
    expected = _all_pairs(contexts)
    assert expected
    assert _indexed(contexts) == expected


@pytest.mark.parametrize("seed", range(3))
def test_near_duplicates_equal_all_pairs_with_exact_copies(seed):
    """Copies (some in other letter case) are searched once, and every copy gets the pairs."""
    rng = random.Random(seed)
    texts = [_random_story(rng) for _ in range(400)]
    paired = sorted(_all_pairs(_contexts(texts)))  # copy the stories that have near-duplicates
    texts += [texts[i].upper() if rng.random() < 0.3 else texts[i] for i in paired for _ in range(rng.randint(1, 3))]
    texts += [rng.choice(texts) for _ in range(50)]
    rng.shuffle(texts)
    contexts = _contexts(texts)
    expected = _all_pairs(contexts)
    keys = [_norm_ctx(c) for c in contexts]
    assert sum(keys.count(keys[i]) > 1 for i in expected) > 10, "copies should have near-duplicates"
    assert _indexed(contexts) == expected


def test_exact_copies_all_get_the_near_duplicates_of_their_text():
    text = "As a clerk, I want to scan paper invoices so that I can archive them."
    contexts = _contexts([text, text.upper(), "As a clerk, I want to scan invoices so that I can archive them."])
    assert [i for i, _ in duplicate_story(contexts)] == [0, 1]
    # the copies are one entry of the search, but each is reported, and both are named to S2
    assert _indexed(contexts) == {0: ["S2"], 1: ["S2"], 2: ["S0", "S1"]}


def test_a_near_duplicate_pair_is_not_lost_behind_an_exact_copy():
    """b:1 is a copy of a:1; b:2 is the same story for another role: b:2 is near both."""
    shopper = "As a shopper, I want to save items to a wishlist so that I can buy them later."
    guest = "As a guest, I want to save items to a wishlist so that I can buy them later."
    contexts = _contexts([shopper, "As a shopper, I want to compare items so that I choose well.", shopper, guest])
    assert _indexed(contexts) == {0: ["S3"], 2: ["S3"], 3: ["S0", "S2"]}


def test_near_duplicate_message_says_what_the_similarity_is():
    same = _contexts([
        "As a designer, I want to move on to round 3 of the help page edits so that I get approvals.",
        "As a designer, I want to move on to round 2 of the help page edits so that I get approvals.",
    ])
    (_, hit), _ = near_duplicate(same, threshold=THRESHOLD, means_threshold=MEANS_THRESHOLD)
    assert hit.values["match"] == "S1 (the same content words in means and benefit; only the role, numbers or small words differ)"
    close = _contexts([
        "As a clerk, I want to export monthly invoices and receipts so that I can keep records.",
        "As a clerk, I want to export monthly invoices so that I can keep records.",
    ])
    hits = list(near_duplicate(close, threshold=THRESHOLD, means_threshold=MEANS_THRESHOLD))
    assert hits and all(h.values["match"].endswith("% of the content words of means and benefit in common)") for _, h in hits)
    assert all("100%" not in h.values["match"] for _, h in hits)


def test_near_duplicate_message_tells_identical_from_similar_stories():
    """One message listing stories of different similarity says which is which (not the best
    similarity for the whole list)."""
    contexts = _contexts([
        "As a clerk, I want to export monthly invoices so that I can keep records.",
        "As a manager, I want to export monthly invoices so that I can keep records.",  # same words
        "As a clerk, I want to export monthly invoices and receipts so that I can keep records.",  # 83 %
        "As a clerk, I want to export monthly invoices and receipts so that I can keep records and plan.",  # 71 %
    ])
    hits = dict(near_duplicate(contexts, threshold=THRESHOLD, means_threshold=MEANS_THRESHOLD))
    assert hits[0].values["match"] == (
        "S1 (the same content words in means and benefit; only the role, numbers or small words differ)"
        " and of S2, S3 (71–83% of the content words of means and benefit in common)"
    )
    assert hits[0].related == ["S1", "S2", "S3"]


def test_one_finding_lists_a_bounded_number_of_copies():
    text = "As a clerk, I want to scan paper invoices so that I can archive them."
    guest = "As a guest, I want to scan paper invoices so that I can archive them."
    contexts = _contexts([text] * 300 + [guest] * 2)
    dup = [(i, hit) for i, hit in duplicate_story(contexts) if i < 300]
    assert len(dup) == 300
    for i, hit in dup:
        assert len(hit.related) == 20 and f"S{i}" not in hit.related
        assert hit.values["match"].endswith(" and 294 more") and hit.values["match"].count(",") == 4
    assert dup[0][1].related[:2] == ["S1", "S2"] and dup[299][1].related[:2] == ["S0", "S1"]
    near = dict(near_duplicate(contexts, threshold=THRESHOLD, means_threshold=MEANS_THRESHOLD))
    assert len(near) == 302
    assert near[0].related == ["S300", "S301"]
    assert len(near[300].related) == 20 and near[300].values["match"].startswith("S0, S1, S2, S3, S4 and 295 more (")


def test_near_duplicate_neighbours_stay_bounded_and_keep_the_first_stories():
    """A word group's neighbours are summed up as they are found (counts, similarity range,
    the first stories in input order), never kept as every pair: N similar stories would
    otherwise hold N^2 pairs (3,000 such stories: 841 MB)."""
    import random

    from storylint.checks.unique import _Near, _note

    neighbours: dict = {}
    head = 20
    rng = random.Random(7)
    seen: list[int] = []
    for _ in range(2000):
        stories = sorted(rng.sample(range(100_000), rng.randint(1, 3)))
        seen += stories[:head]
        _note(neighbours, 0, stories, 0.7, head)
        assert len(neighbours[0].similar) <= 4 * head
    near = neighbours[0]
    assert near.first(near.similar, head) == sorted(seen)[:head]
    assert near.n_similar == len(seen) and (near.lo, near.hi) == (0.7, 0.7) and near.n_same == 0
    assert isinstance(near, _Near)
