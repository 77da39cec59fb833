"""US010 (atomic): a conjunction counts only where it joins two features of the wish itself.

Each class of non-feature conjunction has a story that must pass and, beside it, the nearest
story that must still fail."""

from __future__ import annotations

import pytest

from storylint.config import Config
from storylint.engine import review

from helpers import stories_from_example


def fires(text: str) -> bool:
    rep = review(stories_from_example(text), Config(select=["US010"]))
    return any(f.code == "US010" for r in rep.reports for f in r.findings)


@pytest.mark.parametrize(
    "text",
    [
        # a clause of its own that describes something named in the means
        "As a clerk, I want to have error codes that accurately reflect the rule and provide enough detail.",
        "As a lead, I want to configure nightly builds that run the installer, execute tests and report results.",
        "As a lead, I want to determine how agencies will generate and validate the files.",
        "As a teacher, I want to create quiz forms that my pupils can fill in and submit.",
        "As an editor, I want to define questions the reader can ask and answer.",
        "As a clerk, I want to renew a permit by visiting the portal and updating the form.",
        "As a user, I want to be notified when an order is packed and shipped.",
        # two adjectives of one noun
        "As a user, I want to have accurate and complete records of my payments.",
        "As a user, I want to search with a partial or complete title.",
        "As a user, I want the report to be as short and clear as possible.",
        # a list of noun phrases, a noun at the end, a gloss, a compound noun
        "As an editor, I want to see file size, creation date, file format and format version.",
        "As an editor, I want to set start dates, poll titles, and stop dates for each poll.",
        "As a researcher, I want to search for files by file type and format.",
        "As a clerk, I want to alias (or map) an item to a second folder.",
        "As an admin, I want to tune the index for ease of patron browsing and searching.",
    ],
)
def test_not_two_features(text):
    assert not fires(text)


@pytest.mark.parametrize(
    "text",
    [
        # the wish has no verb of its own: the clause is the feature
        "As a tenant, I want a portal that records each repair request and notifies the landlord.",
        # a modal clause states abilities that are asked for
        "As an analyst, I want to build a tool that can detect and classify intrusions.",
        # after a comma, or a base form after "who is ...", the wish goes on
        "As a resident, I want to know what the app does with my data, and share it only with consent.",
        "As a resident, I want to see who is standing at my door and open the door.",
        # a "that" clause after a verb is the wish itself; a second "that" clause is a second wish
        "As an owner, I want to ensure that the system logs each login and blocks repeated failures.",
        "As an owner, I want to be sure that backups are made daily, and that I can restore one in minutes.",
        # still two actions
        "As a user, I want to upload files and complete the form.",
        "As a user, I want to export records, manipulate this data set, and reload it into the system.",
        "As a user, I want to create a folder for my files, or my team's files, and apply some branding to it.",
    ],
)
def test_two_features(text):
    assert fires(text)
