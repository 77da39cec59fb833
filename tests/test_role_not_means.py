"""INV011/INV012 check the means only: a technology word in the role names who asks, not how."""

from __future__ import annotations

import pytest

from storylint.config import Config
from storylint.engine import review
from storylint.models import Source, Story


def codes(text, select):
    story = Story(id="S-1", text=text, source=Source(path="b.txt", line=1))
    return [f.code for f in review([story], Config(select=select)).reports[0].findings]


@pytest.mark.parametrize(
    "text",
    [
        "As an API user, I want to see how much of my monthly quota is left so that I can plan my calls.",
        "As a database administrator, I want to see when the last backup ran so that I can restore it.",
        "As an SQL developer I need to see which reports are slow so that I can fix them first.",
        "As a clerk using the Oracle client, I want my drafts kept when the session ends so that I lose no work.",
    ],
)
def test_technology_in_the_role_only_is_not_a_prescription(text):
    assert codes(text, ["INV011", "INV012"]) == []


def test_same_role_with_technology_in_the_means_still_fires():
    assert codes("As an API user, I want my quota stored in a Redis table so that I can see it later.", ["INV011"]) == ["INV011"]
    assert codes("As an API user, I want to log in using OAuth so that I save time.", ["INV012"]) == ["INV012"]
