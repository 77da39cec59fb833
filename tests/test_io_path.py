"""The I/O path around the engine: the plain-text reader, the JSONL writer, the runner.

These pin down behaviour that the fast paths in those modules must keep.
"""

from __future__ import annotations

import gc
import json

import pytest

from storylint.config import Config
from storylint.formatters import render
from storylint.formatters.jsonl import FINDING_KEYS, finding_dict
from storylint.models import BacklogReport, Finding, Source, Story, StoryReport
from storylint.readers import read_text
from storylint.runner import lint_paths

# --- plain text -------------------------------------------------------------------------


def test_txt_ids_columns_rows_and_file_level_directives():
    text = (
        "As a user, I want a first thing.\n"
        "\t  As an admin, I want an indented one.   \n"
        "# a plain comment\n"
        "\n"
        "  PROJ-7: As a user, I want a keyed one.\n"
        "#12 As a user, I want a hash-keyed one.\n"
        "   # storylint: disable=US001 -- a directive after the stories still applies\n"
    )
    got = list(read_text("dir/back.log.txt", text))
    assert all(isinstance(s, Story) for s in got)
    assert [s.id for s in got] == ["back.log:1", "back.log:2", "PROJ-7", "#12"]
    assert [s.text for s in got] == [
        "As a user, I want a first thing.",
        "As an admin, I want an indented one.",
        "As a user, I want a keyed one.",
        "As a user, I want a hash-keyed one.",
    ]
    assert [(s.source.line, s.source.row, s.source.text_column) for s in got] == [(1, 1, 1), (2, 2, 4), (5, 3, 11), (6, 4, 5)]
    directive = (7, "   # storylint: disable=US001 -- a directive after the stories still applies")  # (padded to its column)
    assert all(s.source.directives == [directive] for s in got)
    assert all(s.source.path == "dir/back.log.txt" and s.source.column == 1 for s in got)
    # Each story owns its lists: changing one story does not change the others.
    got[0].source.directives.append((99, "x"))
    assert got[1].source.directives == [directive]


def test_txt_stories_are_validated_models_like_hand_built_ones():
    (s,) = read_text("a.txt", "KEY-1) As a user, I want x.\n")
    assert s == Story(id="KEY-1", text="As a user, I want x.", source=Source(path="a.txt", line=1, column=1, row=1, text_column=8, holds_criteria=False))
    assert s.acceptance_criteria == [] and s.labels == [] and s.depends_on == [] and s.source.ac_positions == []


# --- JSONL ------------------------------------------------------------------------------


def reference_line(report: StoryReport) -> str:
    """The contract spelled out field by field."""
    s = report.story
    return json.dumps(
        {
            "id": s.id,
            "source": {"path": s.source.path, "line": s.source.line},
            "findings": [{k: getattr(f, k) for k in FINDING_KEYS} for f in report.findings],
            "score": report.score,
            "invest": report.invest,
        },
        ensure_ascii=False,
    ) + "\n"


class TaggedFinding(Finding):
    extra_note: str = "internal"


def scrambled(f: Finding) -> Finding:
    """The same finding with its fields stored in reverse order (as a hand-made fast
    constructor might leave them)."""
    g = f.model_copy()
    object.__setattr__(g, "__dict__", dict(reversed(list(f.__dict__.items()))))
    return g


def odd_findings() -> list[Finding]:
    base = Finding(
        code="US001", name="missing-role", severity="error", criteria=["well-formed"], invest=["V"],
        message="Quote \" backslash \\ dash \u2013 tab\t newline\n bell\x07 emoji \U0001F600",
        line=3, column=2, end_line=3, end_column=9, suggestion=None, related=["B-2"], path="other.txt",
    )
    return [
        base,
        base.model_copy(update={"line": 4, "message": "copied"}),
        Finding.model_construct(code="X1", name="n", severity="info", message="constructed"),
        TaggedFinding(code="X2", name="n", severity="warning", message="a subclass with an extra field"),
        scrambled(base),
    ]


def test_jsonl_lines_match_the_contract_for_unusual_findings():
    reports = [
        StoryReport(story=Story(id="A-1", text="t", source=Source(path="ä/b.txt", line=1)), findings=odd_findings(), score=40,
                    invest={"I": "pass", "N": "warn", "V": "fail", "E": "pass", "S": "pass", "T": "pass"}),
        StoryReport(story=Story(id="A-2", text="t"), findings=[]),
    ]
    out = render("jsonl", BacklogReport(reports=reports), {})
    assert out == "".join(reference_line(r) for r in reports)
    first = json.loads(out.splitlines()[0])
    assert [list(f) for f in first["findings"]] == [list(FINDING_KEYS)] * 5  # key order, no "path", no extras


@pytest.mark.parametrize("finding", odd_findings(), ids=["validated", "copied", "constructed", "subclass", "scrambled"])
def test_finding_dict_has_exactly_the_contract_keys_in_order(finding):
    assert finding_dict(finding) == {k: getattr(finding, k) for k in FINDING_KEYS}
    assert list(finding_dict(finding)) == list(FINDING_KEYS)


def test_jsonl_of_an_empty_report_is_empty():
    assert render("jsonl", BacklogReport(), {}) == ""


@pytest.mark.parametrize("n", [0, 1, 255, 256, 257, 600])
def test_jsonl_in_pieces_is_the_jsonl_text(n):
    from storylint.formatters import jsonl, render_parts

    stories = [Story(id=f"S-{i}", text="t", source=Source(path="a.txt", line=i + 1)) for i in range(n)]
    reports = [StoryReport(story=s, findings=odd_findings()[: i % 4]) for i, s in enumerate(stories)]
    for i in range(0, n, 97):  # some stories with text beyond ASCII and beyond Latin-1
        reports[i].findings.append(Finding(code="X", name="n", severity="info", message="caf\u00e9 \u2013 \U0001F600"))
    report = BacklogReport(reports=reports)
    parts = list(render_parts("jsonl", report, {}))
    assert "".join(parts) == render("jsonl", report, {}) == "".join(reference_line(r) for r in reports)
    assert len(parts) == -(-n // jsonl.BATCH) and all(p.endswith("\n") for p in parts)


@pytest.mark.parametrize("fmt", ["text", "full", "json", "sarif", "github", "junit"])
def test_formats_without_pieces_come_in_one_piece(fmt):
    from storylint.formatters import render_parts

    story = Story(id="A-1", text="As a user, I want some reports.", source=Source(path="a.txt", line=1))
    report = BacklogReport(reports=[StoryReport(story=story, findings=odd_findings())])
    assert list(render_parts(fmt, report, {}, statistics=True)) == [render(fmt, report, {}, statistics=True)]


# --- runner -----------------------------------------------------------------------------


@pytest.mark.parametrize("enabled", [True, False])
def test_lint_paths_leaves_the_garbage_collector_as_it_found_it(tmp_path, enabled):
    p = tmp_path / "s.txt"
    p.write_text("As a user, I want to export reports so that I can share them.\n", encoding="utf-8")
    was = gc.isenabled()
    try:
        if enabled:
            gc.enable()
        else:
            gc.disable()
        report = lint_paths([str(p)], Config())
        assert gc.isenabled() is enabled
    finally:
        if was:
            gc.enable()
        else:
            gc.disable()
    assert [r.story.id for r in report.reports] == ["s:1"]


def test_reading_restores_the_garbage_collector_when_it_fails(tmp_path, monkeypatch):
    from storylint import runner

    def broken(*_a, **_k):
        assert not gc.isenabled()  # paused while reading
        raise RuntimeError("reader crashed")

    monkeypatch.setattr(runner, "read_file", broken)
    (tmp_path / "s.txt").write_text("As a user, I want x.\n", encoding="utf-8")
    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        lint_paths([str(tmp_path)], Config())
    assert gc.isenabled()
