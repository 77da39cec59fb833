"""Findings and story reports that the engine builds without validation are valid models.

``storylint.models.trusted`` skips pydantic's validation on the hot path; these tests
validate every finding and report built that way, over every rule's examples, the example
backlog, the test fixtures and (when present) the Dalpiaz backlogs.
"""

from __future__ import annotations

from pathlib import Path

from storylint.config import Config
from storylint.engine import review
from storylint.models import Finding, Story, StoryReport, trusted
from storylint.readers import read_file
from storylint.registry import load_rules

from helpers import SHARED, stories_from_example

ROOT = Path(__file__).resolve().parent.parent


def _stories_from_files() -> list[Story]:
    paths = sorted(ROOT.glob("examples/*.*")) + sorted(ROOT.glob("tests/fixtures/**/*.*"))
    paths += sorted((SHARED / "data" / "dalpiaz").glob("*.txt"))
    out: list[Story] = []
    for path in paths:
        out.extend(item for item in read_file(str(path)) if isinstance(item, Story))
    return out


def _backlogs():
    for rule in load_rules():
        for example in [*rule.examples.bad, *rule.examples.good]:
            yield stories_from_example(example)
    yield _stories_from_files()


def _assert_valid(report: StoryReport) -> None:
    again = StoryReport.model_validate(report.model_dump())
    assert again == report
    for f in report.findings:
        assert Finding.model_validate(f.model_dump()) == f
        assert f.model_fields_set == set(Finding.model_fields)


def test_every_finding_and_report_validates():
    n = 0
    for stories in _backlogs():
        for report in review(stories, Config()).reports:
            _assert_valid(report)
            n += len(report.findings)
    assert n > 1000


def test_findings_do_not_share_the_rules_lists():
    story = Story(id="A", text="As a user, I want things, etc.")
    first, second = (review([story], Config()).reports[0].findings for _ in range(2))
    first[0].criteria.append("changed")
    assert "changed" not in second[0].criteria
    assert "changed" not in [c for rule in load_rules() for c in rule.criteria]


def test_a_trusted_model_behaves_like_a_validated_one():
    data = {name: None for name in Finding.model_fields}
    data.update(code="US001", name="missing-role", severity="warning", criteria=["well-formed"], invest=[], message="m", source="rule", related=[])
    made, validated = trusted(Finding, dict(data)), Finding.model_validate(data)
    assert made == validated
    assert made.model_dump() == validated.model_dump()
    assert made.model_dump_json() == validated.model_dump_json()
    assert made.model_copy(update={"line": 3}).line == 3
    made.line = 7  # plain assignment works as on a validated model
    assert made.line == 7 and "line" in made.model_fields_set


def test_trusted_findings_share_their_field_names_safely():
    """All trusted findings share one set of field names (every field is set); nothing a
    caller does through pydantic changes another finding's set."""
    data = {name: None for name in Finding.model_fields}
    data.update(code="US001", name="missing-role", severity="warning", criteria=[], invest=[], message="m", source="rule", related=[])
    a, b = trusted(Finding, dict(data)), trusted(Finding, dict(data))
    copied = a.model_copy(update={"line": 3})
    a.line = 5
    assert copied.model_fields_set == b.model_fields_set == set(Finding.model_fields)
    assert copied.model_fields_set is not a.model_fields_set
    assert b.model_dump(exclude_unset=True) == Finding.model_validate(data).model_dump()

