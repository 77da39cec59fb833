"""INV030: a vague word that is a label, a preference of the asker or a trait of the person is
not a vague quality asked of the product; the same words about the product still fire."""

from __future__ import annotations

import pytest

from storylint.config import Config
from storylint.engine import review
from storylint.models import Source, Story


def inv030(text):
    story = Story(id="S-1", text=text, source=Source(path="b.txt", line=1))
    return [f.code for f in review([story], Config(select=["INV030"])).reports[0].findings]


@pytest.mark.parametrize(
    "text",
    [
        "As a lab technician, I want to mark each measurement as good or bad so that bad ones are left out.",
        "As a researcher, I want to flag which samples are good/bad and hide the bad ones.",
        "As a nurse, I want to be reminded at nine, but it would be better to choose the hour myself.",
        "As an older person, I want the quiz to end after ten minutes as I get tired easily.",
        "As a child, I want short levels because I get bored quickly.",
    ],
)
def test_label_preference_or_trait_is_not_vague(text):
    assert inv030(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "As a clerk, I want better search results so that I find cases.",
        "As a buyer, I want to get notified quickly when a parcel arrives.",
        "As a researcher, I want good data so that my results hold.",
        "As a user, I want it to be easy to cancel so that I do not call support.",
    ],
)
def test_vague_quality_of_the_product_still_fires(text):
    assert inv030(text) == ["INV030"]
