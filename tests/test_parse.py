"""The story parser: role / means / ends with spans, for every template we claim to support."""

from __future__ import annotations

import pytest

from storylint.parse import offset_to_linecol, parse_story


@pytest.mark.parametrize(
    "text,role,means,ends",
    [
        ("As a user, I want to export reports so that I can share them.", "user", "export reports", "I can share them"),
        ("As an admin, I can block users in order to stop spam.", "admin", "block users", "stop spam"),
        ("As the editor, I'd like to schedule posts so I can take holidays.", "editor", "schedule posts", "I can take holidays"),
        ("As a buyer I need a receipt so that I can claim expenses", "buyer", "a receipt", "I can claim expenses"),
        ("As a User, I'm able to click a location on the map.", "User", "click a location on the map", None),
        ("As a Data Publishing User, I want to be able to edit a dataset, So that I can correct data.", "Data Publishing User", "edit a dataset", "I can correct data"),
        ("As a manager, I would like a weekly summary.", "manager", "a weekly summary", None),
        ("I want to export data so that I can share it.", None, "export data", "I can share it"),
        ("As a user, so that I can stay updated.", "user", None, "I can stay updated"),
    ],
)
def test_parts(text, role, means, ends):
    p = parse_story(text)
    assert (p.role.text if p.role else None) == role
    assert (p.means.text if p.means else None) == means
    assert (p.ends.text if p.ends else None) == ends
    for part in (p.role, p.means, p.ends):
        if part is not None:
            assert text[part.start : part.end] == part.text


def test_free_text_is_not_a_crash():
    p = parse_story("Export the monthly report as PDF.")
    assert p.role is None and p.means is None and p.ends is None
    assert p.template == "free-text"
    assert not p.well_formed
    assert parse_story("").template == "free-text"


def test_extra_sentence_is_rest_and_abbreviations_do_not_end_the_story():
    p = parse_story("As a user, I want to pay by card, e.g. Visa, so that checkout is quick. Note: SSO only.")
    assert p.ends.text == "checkout is quick"
    assert p.rest.text == "Note: SSO only"
    assert parse_story("As a user, I want to log in so that I see my orders.").rest is None


def test_template_names_the_indicators():
    assert parse_story("As a user, I want to log in so that I see orders.").template == "as … i want to … so that"
    assert parse_story("As a user, I can log in.").template == "as … i can"


def test_offset_to_linecol():
    text = "first line\nsecond line"
    assert offset_to_linecol(text, 0, 10, 5) == (10, 5)
    assert offset_to_linecol(text, 3, 10, 5) == (10, 8)
    assert offset_to_linecol(text, 11, 10, 5) == (11, 1)
    assert offset_to_linecol(text, 18, 10, 5) == (11, 8)


def test_benefit_first_form():
    p = parse_story("As a buyer, so that I pay less, I want to apply a coupon code.")
    assert (p.role.text, p.ends.text, p.means.text) == ("buyer", "I pay less", "apply a coupon code")
    assert p.template == "as … so that … i want to"


@pytest.mark.parametrize(
    "text,means",
    [
        ("As a user, I don't want to see ads so that I can focus.", "see ads"),
        ("As a user, I do not want to be emailed twice.", "be emailed twice"),
        ("As an agency user, I only want zero-padded fields.", "zero-padded fields"),
        ("As a user, I also need an export.", "an export"),
    ],
)
def test_negated_and_qualified_wishes_are_means(text, means):
    assert parse_story(text).means.text == means


def test_offset_to_linecol_on_long_text_matches_the_short_path():
    text = ("word " * 50 + "\n") * 200
    for offset in (0, 5, 251, 252, 9999, len(text) - 1):
        nl = text.count("\n", 0, offset)
        last = text.rfind("\n", 0, offset)
        expected = (3 + nl, 2 + offset) if nl == 0 else (3 + nl, offset - last + 4 - 1)
        assert offset_to_linecol(text, offset, 3, 2, 4) == expected


def _agrees_on_random_text(regex, fast, frags, seed):
    """``fast(text, text.lower(), pos)`` finds exactly what ``regex.search(text, pos)`` finds."""
    import random

    rng = random.Random(seed)
    found = 0
    for _ in range(5000):
        text = "".join(rng.choice(frags) for _ in range(rng.randint(1, 10)))
        for pos in (0, len(text) // 2):
            want = regex.search(text, pos)
            got = fast(text, text.lower(), pos)
            assert (want and want.span()) == (got and got.span()), repr(text)
            found += bool(want)
    return found


def test_lower_case_ends_search_equals_the_case_insensitive_regex():
    # parse uses faster regexes on lower-cased ASCII text; they must find what the others find.
    from storylint.parse import ENDS_RE, _find_ends

    frags = ["As a user,", " I want to", " so that", " So That", " in order to", " IN ORDER THAT", " so I can",
             " so we", " so,", "also", " 'so that", "-so that", " so\tthey", "x", " ", "\n", "In Order To", "Sothat"]
    assert _agrees_on_random_text(ENDS_RE, _find_ends, frags, 5) > 1000


def test_lower_case_ends_search_equals_the_regex_within_bounds():
    # "so" and "in order" are looked for separately on lower-cased text: the first of the two
    # must win, and an end bound must cut both as it cuts the regex.
    import random

    from storylint.parse import ENDS_RE, _find_ends

    frags = [" so that", " in order to", " in  order\nthat", " order", " so the", " so\tI", " in", " so", "so",
             " also", " person", " so that in order to", " reorder", "x", " ", ",", "to"]
    rng = random.Random(11)
    found = 0
    for _ in range(5000):
        text = "".join(rng.choice(frags) for _ in range(rng.randint(1, 8)))
        pos, end = sorted(rng.randint(0, len(text)) for _ in range(2))
        want = ENDS_RE.search(text, pos, end)
        got = _find_ends(text, text.lower(), pos, end)
        assert (want and want.span()) == (got and got.span()), (text, pos, end)
        found += bool(want)
    assert found > 1000


def test_lower_case_means_search_equals_the_case_insensitive_regex():
    from storylint.parse import MEANS_RE, _find_means

    frags = ["As a user,", " I want to", " I'd like", " I WOULD LIKE TO", " i need", " I don't want", " we can",
             " We Need to", " I am able to", " I'm able to", " i should be able to", " I can", "wi", "Iwant",
             " i  want", " I\twish", " I require", " so that", "x", " ", "\n"]
    assert _agrees_on_random_text(MEANS_RE, _find_means, frags, 6) > 1000


@pytest.mark.parametrize(
    "text,role,means,ends,template",
    [
        ("In order to find products, as a visitor, I want to browse the catalogue.", "visitor", "browse the catalogue", "find products", "in order to … as … i want to"),
        ("So that I pay less, as a buyer I want coupons.", "buyer", "coupons", "I pay less", "so that … as … i want"),
        ("In order to avoid silly mistakes\nAs a math idiot\nI want to be told the sum of two numbers", "math idiot", "be told the sum of two numbers", "avoid silly mistakes", "in order to … as … i want to"),
        # the benefit's own "I can" is not the means; the role is the last one before the means
        ("So that I can save time, as a clerk, I can file forms.", "clerk", "file forms", "I can save time", "so that … as … i can"),
        ("In order to act as the hub, as an admin, I want to log in.", "admin", "log in", "act as the hub", "in order to … as … i want to"),
        ("So that I can save time, as a clerk.", "clerk", None, "I can save time", "so that … as"),
    ],
)
def test_ends_first_form(text, role, means, ends, template):
    # "In order to X, as a Y, I want Z": the benefit first, then the role and the means.
    p = parse_story(text)
    assert (p.role and p.role.text, p.means and p.means.text, p.ends and p.ends.text) == (role, means, ends)
    assert p.template == template
    for part in (p.role, p.means, p.ends, p.role_indicator, p.means_indicator, p.ends_indicator):
        if part is not None:
            assert text[part.start : part.end] == part.text


@pytest.mark.parametrize(
    "text",
    [
        "In order to act as a proxy, I want to log in.",  # no comma before "as a": part of the benefit
        "So that I can pay less, I want to apply a coupon code.",  # no role at all
        "In order to see more, as well as faster, I want to zoom.",  # "as well as" is no role
    ],
)
def test_ends_first_without_a_role_has_no_role(text):
    assert parse_story(text).role is None


@pytest.mark.parametrize(
    "text,means,indicator",
    [
        ("As a ResearcherDeveloper, would like the ability import/export from MS-SQL, so that I can use it.", "the ability import/export from MS-SQL", "would like"),
        ("As an admin, need to reset passwords.", "reset passwords", "need to"),
        ("As a user, wants to log in so that I see my data.", "log in", "wants to"),
    ],
)
def test_a_wish_without_its_subject_after_the_role_is_the_means(text, means, indicator):
    # The means is there, only its "I" is missing (US007 reports the fragment, not US002).
    p = parse_story(text)
    assert (p.means.text, p.means_indicator.text) == (means, indicator)
    assert text[p.means.start : p.means.end] == p.means.text


def test_a_wish_without_a_subject_needs_the_roles_comma():
    assert parse_story("As a user, needless to say, I want to log in.").means_indicator.text == "I want to"
    assert parse_story("As a shopper, wish lists would help.").means is None
    # the subject's own wish wins when it comes first
    assert parse_story("As a user I need to log in, want to stay.").means_indicator.text == "I need to"
