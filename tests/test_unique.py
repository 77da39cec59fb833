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
    assert hit.values["match"] == "S1 (the same content words in the 'I want' part and the benefit; only the role, numbers or small words differ)"
    close = _contexts([
        "As a clerk, I want to export monthly invoices and receipts so that I can keep records.",
        "As a clerk, I want to export monthly invoices so that I can keep records.",
    ])
    hits = list(near_duplicate(close, threshold=THRESHOLD, means_threshold=MEANS_THRESHOLD))
    assert hits and all(h.values["match"].endswith("% of the content words of the 'I want' part and the benefit in common)") for _, h in hits)
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
        "S1 (the same content words in the 'I want' part and the benefit; only the role, numbers or small words differ)"
        " and of S2, S3 (71–83% of the content words of the 'I want' part and the benefit in common)"
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
        _note(neighbours, 0, stories, len(stories), 0.7, head)
        assert len(neighbours[0].similar) <= 4 * head
    near = neighbours[0]
    assert near.first(near.similar, head) == sorted(seen)[:head]
    assert near.n_similar == len(seen) and (near.lo, near.hi) == (0.7, 0.7) and near.n_same == 0
    assert isinstance(near, _Near)


def _made_up(i: int) -> str:
    """A distinct non-word for each ``i`` (three syllables and a consonant)."""
    out = []
    for _ in range(3):
        i, c = divmod(i, 14)
        i, v = divmod(i, 3)
        out.append("bdfgklmnprstvz"[c] + "aou"[v])
    return "".join(out) + "bdfgklmnprstvz"[i % 14]


def _all_similar(n: int) -> list[StoryContext]:
    """n stories that are all near-duplicates of each other (6 of 8 content words in common,
    the same means), no two with the same content words: the quadratic case of a pair search."""
    return _contexts([
        f"As a user, I want to export report {i} as PDF so that the {_made_up(i)} team can review it offline." for i in range(n)
    ])


@pytest.mark.parametrize(("n", "k", "p"), [(600, 200, 200), (400, 10, 10), (400, 10, 50), (400, 50, 10)])
def test_near_duplicate_work_is_bounded_per_story(n, k, p):
    """However similar the stories, one is compared with at most ``max_candidates`` others and
    reads at most ``max_postings`` index entries per probed word: O(n) in all."""
    contexts = _all_similar(n)
    stats: dict = {}
    hits = dict(near_duplicate(contexts, threshold=THRESHOLD, means_threshold=MEANS_THRESHOLD, max_candidates=k, max_postings=p, stats=stats))
    assert stats["entries"] == n
    assert stats["compared"] <= n * k
    assert stats["scanned"] <= n * 3 * p  # 7 content words: 3 probed at a threshold of 0.6
    assert stats["partial"] > 0
    # every story is still reported, with at least as many near-duplicates as it was compared with
    assert sorted(hits) == list(range(n))
    assert all(hit.values["count"] >= min(k, p) for hit in hits.values())


def test_a_capped_search_is_honest():
    """Where a cap cut, a finding names only true near-duplicates, its count is a lower bound,
    and its message says so; a finding whose count is exact does not."""
    contexts = _all_similar(300)
    expected = _all_pairs(contexts)
    assert all(len(v) == 299 for v in expected.values())
    hits = dict(near_duplicate(contexts, threshold=THRESHOLD, means_threshold=MEANS_THRESHOLD, max_candidates=20, max_postings=20, max_related=10**9))
    assert sorted(hits) == list(range(300))
    exact = 0
    for i, hit in hits.items():
        assert set(hit.related) <= set(expected[i])
        assert len(hit.related) == hit.values["count"] <= 299
        if hit.values["count"] < 299:
            assert " and at least " in hit.values["match"] and hit.values["match"].endswith(", so there may be more")
        elif "there may be more" not in hit.values["match"]:
            exact += 1
            assert " and 294 more (" in hit.values["match"]
    assert exact  # the first stories indexed are compared with every other one: their count is exact


def test_near_duplicate_caps_are_not_reached_on_real_backlogs():
    rng = random.Random(0)
    stats: dict = {}
    list(near_duplicate(_contexts([_random_story(rng) for _ in range(400)]), stats=stats))
    assert stats["partial"] == 0 and stats["compared"] < stats["entries"] * 200


def test_a_large_word_group_counts_every_member_for_each_neighbour():
    """150 role variants (one word group) near 60 stories with words of their own: each of the
    60 counts all 150 variants, and each variant counts the 149 others and the 60."""
    variants = [f"As a {_made_up(1000 + i)}, I want to export report as PDF so that the team can review it offline." for i in range(150)]
    contexts = _contexts(variants + [c.text for c in _all_similar(60)])
    expected = _all_pairs(contexts)
    stats: dict = {}
    hits = dict(near_duplicate(contexts, threshold=THRESHOLD, means_threshold=MEANS_THRESHOLD, max_related=10**9, stats=stats))
    assert stats["partial"] == 0
    assert {i: h.related for i, h in hits.items()} == expected
    assert hits[0].values["count"] == 209 and hits[150].values["count"] == 209


def test_related_holds_every_story_the_message_names():
    """30 stories with the same content words come first in the input, then the similar ones:
    the message names 5 of each kind, and ``related`` (the first 20 in input order) holds all
    10 of them, not the first 20 same-word stories only."""
    same = "As a clerk, I want to export monthly invoices so that I can keep records."
    near = "As a clerk, I want to export monthly invoices and receipts so that I can keep records."
    contexts = _contexts([same.replace("clerk", f"clerk {i}") for i in range(30)] + [near] * 1 + [near.replace("clerk", "buyer")])
    hits = dict(near_duplicate(contexts, threshold=THRESHOLD, means_threshold=MEANS_THRESHOLD))
    first = hits[0]
    assert first.values["match"].startswith("S1, S2, S3, S4, S5 and 24 more (the same") and " and of S30, S31 (" in first.values["match"]
    assert first.related == [f"S{i}" for i in range(1, 19)] + ["S30", "S31"]
    assert hits[30].related == [f"S{i}" for i in range(19)] + ["S31"] and hits[30].values["match"].startswith("S31 (the same")


def test_a_story_whose_id_others_share_is_named_with_where_it_is():
    # Two stories with one id (an export pasted twice): "Near-duplicate of PAY-101 [PAY-101]"
    # read as the story itself (user audit). Such an id is named with its file and line.
    from storylint.config import Config
    from storylint.engine import review
    from storylint.models import Source, Story

    def s(sid, text, line):
        return Story(id=sid, text=text, source=Source(path="exports/d.json", line=line))

    card = "I want to pay by card so that I can check out."
    report = review([s("PAY-101", "As a shopper, " + card, 1), s("PAY-101", "As a guest, " + card, 2),
                     s("PAY-102", "As a shopper, " + card, 3)], Config(select=["US041", "US042"]))
    got = {(r.story.source.line, f.code): f.message for r in report.reports for f in r.findings}
    assert got[(1, "US041")] == "Duplicate story: same text as PAY-102."
    assert got[(3, "US041")] == "Duplicate story: same text as PAY-101 (d.json:1)."
    assert got[(1, "US042")].startswith("Near-duplicate of PAY-101 (d.json:2) (")
    assert got[(2, "US042")].startswith("Near-duplicate of PAY-101 (d.json:1), PAY-102 (")
    assert [f.related for r in report.reports for f in r.findings if f.code == "US042"][0] == ["PAY-101"]  # ids stay ids


def test_one_letter_names_are_words_so_different_targets_are_different_features():
    # "into R" / "into C++" / "into Excel": the single letter was dropped, so R's means was held
    # in Excel's and they read as near-duplicates (precision audit, Dalpiaz g08).
    from storylint.config import Config
    from storylint.engine import review

    tail = " in seconds, so that I can start using the data for doing analysis and visualizations."
    stories = [Story(id=f"S{i}", text=f"As a {role}, I want to get a Data Package into {target}{tail}")
               for i, (role, target) in enumerate([("Researcher", "R"), ("Researcher", "Excel"), ("Developer", "C++"),
                                                   ("Researcher", "Julia"), ("Developer", "Julia")])]
    report = review(stories, Config(select=["US042"]))
    got = {r.story.id: sorted(f.related[0] for f in r.findings) for r in report.reports if r.findings}
    assert got == {"S3": ["S4"], "S4": ["S3"]}  # only the same target for another role


def test_stories_for_opposite_cases_are_not_near_duplicates():
    # (precision audit) "loan records" / "non-loan records": parallel stories, not copies
    from storylint.config import Config
    from storylint.engine import review
    from storylint.models import Source, Story

    texts = [
        "As an agency user, I want the FABS validation rules to accept zero and blank for loan records.",
        "As an agency user, I want the FABS validation rules to accept zero and blank for non-loan records.",
        "As an agency user, I want the FABS validation rules to accept zero and blank for all loan records.",
    ]
    stories = [Story(id=f"S{i}", text=t, source=Source(path="s.txt", line=i + 1)) for i, t in enumerate(texts)]
    found = {r.story.id: [f.related for f in r.findings] for r in review(stories, Config(select=["US042"])).reports}
    assert found == {"S0": [["S2"]], "S1": [], "S2": [["S0"]]}


def test_near_duplicates_of_one_role_are_not_told_to_name_all_the_roles():
    # (coach review: "Merge the stories into one that names all the roles" for two stories of
    # the same role that differ by a word)
    from storylint.config import Config
    from storylint.engine import review

    a = Story(id="A", text="As a user, I want to get info about perceptually similar video items and segments.")
    b = Story(id="B", text="As a User, I want to get info about similar video items and segments.")
    c = Story(id="C", text="As an editor, I want to get info about similar video items and segments.")
    got = {r.story.id: r.findings for r in review([a, b], Config(select=["US042"])).reports}
    assert len(got["A"]) == len(got["B"]) == 1 and got["A"][0].suggestion == got["B"][0].suggestion
    assert got["A"][0].suggestion.startswith("Keep one of the stories") and "roles" not in got["A"][0].suggestion
    got = {r.story.id: r.findings for r in review([b, c], Config(select=["US042"])).reports}
    assert all(f.suggestion.startswith("Merge the stories into one that names all the roles") for fs in got.values() for f in fs)
    assert len(got["B"]) == len(got["C"]) == 1
