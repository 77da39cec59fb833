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
    """The O(n^2) definition: every pair of distinct texts over both thresholds."""
    seen: set[str] = set()
    sets = []
    for i, ctx in enumerate(contexts):
        key = _norm_ctx(ctx)
        if not key or key in seen:
            continue
        seen.add(key)
        words, means = _parts(ctx)
        if len(words) >= 2:
            sets.append((i, words, means))
    related: dict[int, list[int]] = {}
    for a, (i, wi, mi) in enumerate(sets):
        for j, wj, mj in sets[a + 1 :]:
            inter = len(wi & wj)
            if inter / (len(wi) + len(wj) - inter) >= THRESHOLD and _means_match(mi, mj, MEANS_THRESHOLD):
                related.setdefault(i, []).append(j)
                related.setdefault(j, []).append(i)
    return {i: [contexts[j].story.id for j in sorted(js)] for i, js in related.items()}


def _indexed(contexts: list[StoryContext]) -> dict[int, list[str]]:
    return {i: hit.related for i, hit in near_duplicate(contexts, threshold=THRESHOLD, means_threshold=MEANS_THRESHOLD)}


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


def test_exact_duplicates_are_left_to_the_exact_rule():
    text = "As a clerk, I want to scan paper invoices so that I can archive them."
    contexts = _contexts([text, text.upper(), "As a clerk, I want to scan invoices so that I can archive them."])
    assert [i for i, _ in duplicate_story(contexts)] == [0, 1]
    # the copy is not compared again: story 2 names only the first of the two equal texts
    assert _indexed(contexts) == {0: ["S2"], 2: ["S0"]}


def test_near_duplicate_message_says_what_the_similarity_is():
    same = _contexts([
        "As a designer, I want to move on to round 3 of the help page edits so that I get approvals.",
        "As a designer, I want to move on to round 2 of the help page edits so that I get approvals.",
    ])
    (_, hit), _ = near_duplicate(same, threshold=THRESHOLD, means_threshold=MEANS_THRESHOLD)
    assert hit.values["similarity"].startswith("the same content words")  # not "100%" for texts that differ
    close = _contexts([
        "As a clerk, I want to export monthly invoices and receipts so that I can keep records.",
        "As a clerk, I want to export monthly invoices so that I can keep records.",
    ])
    hits = list(near_duplicate(close, threshold=THRESHOLD, means_threshold=MEANS_THRESHOLD))
    assert hits and all(h.values["similarity"].endswith("% of the content words of means and benefit in common") for _, h in hits)
    assert all(not h.values["similarity"].startswith("100%") for _, h in hits)
