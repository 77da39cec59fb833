"""Output formats: the JSONL contract, SARIF structure, GitHub escaping, JUnit XML."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from storylint.config import Config
from storylint.engine import review
from storylint.formatters import render
from storylint.formatters.github import render as github_render
from storylint.models import BacklogReport, Finding, InputError, Source, Story, StoryReport, Summary
from storylint.registry import load_rules

RULES = {r.code: r for r in load_rules()}
DUP = "As a shopper, I want to save items to a wishlist so that I can buy them later."


def backlog() -> BacklogReport:
    stories = [
        Story(id="A-1", text=DUP, source=Source(path="a.txt", line=1, row=1)),
        Story(id="A-2", text="As a user, I want some reports (soon) so that I can plan.", source=Source(path="a.txt", line=2, row=2)),
        Story(id="B-1", text=DUP, source=Source(path="dir/b.txt", line=4, row=1)),
    ]
    return review(stories, Config(), errors=[InputError(path="bad.yaml", line=3, row=2, field="estimate", message="estimate 'x' is not a number")])


def test_jsonl_contract_one_object_per_story_in_input_order():
    report = backlog()
    lines = render("jsonl", report, RULES).splitlines()
    objs = [json.loads(x) for x in lines]
    assert [o["id"] for o in objs] == ["A-1", "A-2", "B-1"]
    for o in objs:
        assert set(o) == {"id", "source", "findings", "score", "invest"}
        assert set(o["source"]) == {"path", "line"}
        assert 0 <= o["score"] <= 100
        assert set(o["invest"]) == set("INVEST") and set(o["invest"].values()) <= {"pass", "warn", "fail"}
        for f in o["findings"]:
            for key in ("code", "name", "severity", "criteria", "invest", "message", "line", "column", "suggestion", "source"):
                assert key in f
            assert f["severity"] in ("error", "warning", "info") and f["source"] in ("rule", "llm")
    assert objs[1]["source"] == {"path": "a.txt", "line": 2}


def test_set_level_finding_is_attached_to_every_story_it_names():
    objs = [json.loads(x) for x in render("jsonl", backlog(), RULES).splitlines()]
    dup = {o["id"]: [f for f in o["findings"] if f["code"] == "US041"] for o in objs}
    assert dup["A-1"] and dup["B-1"] and not dup["A-2"]
    assert "B-1" in dup["A-1"][0]["related"] and "A-1" in dup["B-1"][0]["related"]


def test_json_document_groups_by_file_and_lists_errors():
    doc = json.loads(render("json", backlog(), RULES))
    assert [f["path"] for f in doc["files"]] == ["a.txt", "dir/b.txt"]
    assert doc["summary"]["stories"] == 3 and doc["summary"]["errors"] == 1
    assert doc["errors"][0]["field"] == "estimate"


def test_text_format_lines_and_summary():
    out = render("text", backlog(), RULES)
    assert "a.txt:2:" in out and " US020 " in out and out.rstrip().splitlines()[-1].startswith("Found ")
    assert "\033[" not in out and "\033[" in render("text", backlog(), RULES, color=True)


def test_sarif_structure():
    doc = json.loads(render("sarif", backlog(), RULES))
    assert doc["version"] == "2.1.0" and "sarif" in doc["$schema"]
    (run,) = doc["runs"]
    assert run["columnKind"] == "unicodeCodePoints"  # columns count code points, as in the other formats
    driver = run["tool"]["driver"]
    assert driver["name"] == "storylint" and driver["version"]
    ids = [r["id"] for r in driver["rules"]]
    assert len(ids) == len(set(ids))
    assert run["results"]
    for res in run["results"]:
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["level"] in ("none", "note", "warning", "error")
        assert res["message"]["text"]
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"]
        region = loc.get("region")
        if region:
            assert region["startLine"] >= 1 and region["startColumn"] >= 1
            if "endLine" in region:
                assert (region["endLine"], region["endColumn"]) >= (region["startLine"], region["startColumn"])
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["defaultConfiguration"]["level"] in ("note", "warning", "error")
        assert "{" not in rule["shortDescription"]["text"], rule  # a template reads as prose: <max>, …
        # GitHub code scanning shows ``help`` beside an alert (the SARIF Multitool's GH2012 asks for it)
        assert rule["help"]["text"].startswith(RULES[rule["id"]].why.strip())
    # input errors are reported as tool notifications, and the run as not successful
    (inv,) = run["invocations"]
    assert inv["executionSuccessful"] is False
    assert "bad.yaml" in json.dumps(inv["toolExecutionNotifications"])


def test_sarif_uri_is_a_relative_uri():
    story = Story(id="s", text="Export stuff", source=Source(path="my backlog/a#1.txt", line=1))
    doc = json.loads(render("sarif", review([story], Config()), RULES))
    uri = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "my%20backlog/a%231.txt"


def _one(message: str, path: str) -> BacklogReport:
    f = Finding(code="US001", name="missing-role", severity="error", message=message, line=1, column=2)
    story = Story(id="s,1", text="x", source=Source(path=path, line=1))
    return BacklogReport(reports=[StoryReport(story=story, findings=[f])], summary=Summary())


def test_github_workflow_command_escaping():
    out = github_render(_one("50% done\r\nnext: line", "dir/a,b:c.txt"), RULES)
    (line,) = out.splitlines()
    assert line.startswith("::error file=dir/a%2Cb%3Ac.txt,line=1,col=2,")
    assert "title=US001 missing-role::" in line
    assert line.endswith("::50%25 done%0D%0Anext: line [s,1]")


def test_github_sends_columns_only_for_a_span_on_one_line():
    # @actions/core: startColumn/endColumn "cannot be sent when startLine and endLine are
    # different values"; endColumn only with a start column.
    def line_of(**where):
        f = Finding(code="US001", name="missing-role", severity="error", message="m", **where)
        story = Story(id="s", text="x", source=Source(path="p", line=1))
        return github_render(BacklogReport(reports=[StoryReport(story=story, findings=[f])], summary=Summary()), RULES).split("::")[1]

    assert line_of(line=2, column=3, end_line=4, end_column=5) == "error file=p,line=2,endLine=4,title=US001 missing-role"
    assert line_of(line=2, column=3, end_line=2, end_column=5) == "error file=p,line=2,col=3,endLine=2,endColumn=5,title=US001 missing-role"
    assert line_of(line=2, end_line=2, end_column=5) == "error file=p,line=2,endLine=2,title=US001 missing-role"


def test_github_escapes_control_characters_like_the_text_format():
    # An OSC-8 hyperlink (ESC ... BEL) in story text and control characters in an id must not
    # reach the log raw: shown as the text format shows them, then workflow-command escaped.
    text = "As a user, I want to export data so that I can share it. Extra \x1b]8;;http://evil\x07link\x1b]8;;\x07 here."
    story = Story(id="G-\x01\x0c2", text=text, source=Source(path="g\x1bh.json", line=1))
    out = render("github", review([story], Config()), RULES)
    assert out and not any(ord(ch) < 0x20 and ch != "\n" or 0x7F <= ord(ch) < 0xA0 for ch in out), repr(out)
    assert "[G-\\x01\\x0c2]" in out and "\\x1b]8;;http://evil\\x07link" in out
    assert "file=g\\x1bh.json," in out
    # CR and LF keep their workflow-command escapes
    assert github_render(_one("a\rb\nc\x1bd", "p"), RULES).endswith("::a%0Db%0Ac\\x1bd [s,1]\n")


def test_github_reports_input_errors_as_error_annotations():
    report = BacklogReport(
        reports=[],
        summary=Summary(errors=2),
        errors=[
            InputError(path="bad.yaml", line=3, row=2, field="estimate", message="estimate 'x' is not a number"),
            InputError(path="dir/a,b:c.txt", message="cannot read: Permission denied\x1b[31m"),
        ],
    )
    lines = github_render(report, RULES).splitlines()
    assert lines == [
        "::error file=bad.yaml,line=3::estimate 'x' is not a number (row 2, field estimate)",
        "::error file=dir/a%2Cb%3Ac.txt::cannot read: Permission denied\\x1b[31m",
    ]
    # next to the findings of the stories that were read
    out = render("github", backlog(), RULES)
    assert out.splitlines()[-1] == "::error file=bad.yaml,line=3::estimate 'x' is not a number (row 2, field estimate)"


def test_github_levels():
    out = render("github", backlog(), RULES)
    assert out.startswith("::") and "::warning " in out and "::notice " in out


def test_junit_is_well_formed_and_counts_match():
    report = backlog()
    xml = render("junit", report, RULES)
    root = ET.fromstring(xml.encode("utf-8"))
    assert root.tag == "testsuites"
    cases = root.findall(".//testcase")
    assert int(root.get("tests")) == 4 == len(cases)  # 3 stories + 1 input error (JUnit counts errors as tests)
    assert all(len(c.findall("failure")) <= 1 for c in cases)  # one failure per test case
    assert int(root.get("failures")) == sum(1 for c in cases if c.find("failure") is not None)
    assert int(root.get("errors")) == 1 and root.find(".//error").get("type") == "input-error"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {"a.txt", "dir/b.txt", "bad.yaml"}
    assert int(suites["a.txt"].get("tests")) == 2


def test_junit_every_testsuite_has_the_counts_the_junit_schema_requires():
    # junit-10.xsd (Jenkins/Ant, the schema pytest validates its own JUnit XML against) requires
    # name, tests, failures and errors on every <testsuite>, also on one without input errors.
    root = ET.fromstring(render("junit", backlog(), RULES).encode("utf-8"))
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    for suite in suites.values():
        assert all(suite.get(a) is not None for a in ("name", "tests", "failures", "errors"))
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("errors")) == sum(1 for c in cases if c.find("error") is not None)
    assert suites["a.txt"].get("errors") == "0" and suites["bad.yaml"].get("errors") == "1"


def test_junit_input_errors_of_one_file_are_test_cases_with_different_names():
    errors = [
        InputError(path="b.yaml", line=3, row=1, field="estimate", message="estimate 'x' is not a number"),
        InputError(path="b.yaml", line=6, row=2, field="estimate", message="estimate 'y' is not a number"),
        InputError(path="b.yaml", message="twice the same"),
        InputError(path="b.yaml", message="twice the same"),
    ]
    report = review([Story(id="A-1", text=DUP, source=Source(path="b.yaml", line=1))], Config(), errors=errors)
    root = ET.fromstring(render("junit", report, RULES).encode("utf-8"))
    names = [c.get("name") for c in root.iter("testcase") if c.find("error") is not None]
    assert len(names) == 4 == len(set(names))
    assert names[0] == "read b.yaml:3 (row 1) [field estimate]"
    assert names[2:] == ["read b.yaml", "read b.yaml #2"]


def test_junit_fails_a_story_only_at_or_above_fail_on():
    report = backlog()
    by_story = {r.story.id: {f.severity for f in r.findings} for r in report.reports}
    assert "error" in by_story["A-1"] and "error" not in by_story["A-2"] and by_story["A-2"]  # the data the test needs

    def cases(fail_on):
        root = ET.fromstring(render("junit", report, RULES, fail_on=fail_on).encode("utf-8"))
        return root, {c.get("name"): c for c in root.findall(".//testcase")}

    root, got = cases("error")
    assert got["A-1"].find("failure") is not None and got["A-2"].find("failure") is None
    # findings below the level are still listed, not lost
    out = got["A-2"].find("system-out").text
    assert all(f.code in out for f in report.reports[1].findings)
    assert int(root.get("failures")) == sum(1 for c in got.values() if c.find("failure") is not None)
    root, got = cases("info")
    assert got["A-2"].find("failure") is not None and got["A-2"].find("system-out") is None


@pytest.mark.parametrize("fmt", ["junit", "sarif", "json", "jsonl", "github", "text", "full"])
def test_control_and_markup_characters_survive_every_format(fmt):
    text = "As a <admin> & \"ops\", I want some \x1b[31mreports\x0b so that I can plan."
    story = Story(id="x&<y>", text=text, source=Source(path="a&b.txt", line=1))
    out = render(fmt, review([story], Config()), RULES)
    if fmt == "junit":
        ET.fromstring(out.encode("utf-8"))
    elif fmt == "sarif" or fmt == "json":
        json.loads(out)
    elif fmt == "jsonl":
        [json.loads(x) for x in out.splitlines()]
    assert out


@pytest.mark.parametrize("fmt", ["text", "full", "github"])
def test_bidi_overrides_and_line_separators_reach_no_terminal_raw(fmt):
    # "Trojan Source": U+202E shows the rest of the line reversed; U+2028 splits a line for
    # str.splitlines. Shown escaped, as the other control characters are.
    text = "As a user \u202eadmin\u202c \u2066x\u2069, I want a fast\u2028search so that I find items."
    story = Story(id="B\u202e1", text=text, source=Source(path="b\u202e.txt", line=1, row=1))
    out = render(fmt, review([story], Config(select=["INV030"])), RULES)
    assert not any(ch in out for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029")
    assert "\\u202e" in out
    if fmt == "full":  # the caret still under 'fast' on the line as shown
        shown = next(x for x in out.splitlines() if x.startswith("  | As a"))[4:]
        caret = next(x for x in out.splitlines() if x.startswith("  |") and "^" in x)[4:]
        assert caret.index("^") == shown.index("fast")


def test_junit_drops_characters_xml_cannot_hold():
    out = render("junit", _one("bad \x0b\x1b char \ud800 & <ok>", "a\x01.txt"), RULES)
    root = ET.fromstring(out.encode("utf-8"))
    assert "& <ok>" in root.find(".//failure").get("message")


def test_full_format_shows_the_acceptance_criterion_line_under_a_finding_on_it(tmp_path):
    from storylint.config import Config
    from storylint.engine import review
    from storylint.formatters import render_parts
    from storylint.readers import read_file

    p = tmp_path / "b.md"
    p.write_text(
        "## S-1\n\nAs a user, I want to export reports so that I can share them.\n\n"
        "Acceptance criteria:\n- [ ] The export works correctly\n",
        encoding="utf-8",
    )
    report = review(list(read_file(p)), Config(select=["INV051"]))
    out = "".join(render_parts("full", report, {}))
    lines = out.splitlines()
    at = lines.index("  | The export works correctly")
    assert lines[at + 1] == "  |            ^^^^^^^^^^^^^^^"  # under 'works correctly'


@pytest.mark.parametrize("prefix", ["As a user 😀😀,", "As a 用户,", "As a user\t,"])
def test_full_format_caret_stays_under_the_word_after_wide_characters_and_tabs(prefix):
    from storylint.formatters.text import _cells

    text = f"{prefix} I want a fast search so that I find items."
    story = Story(id="W", text=text, source=Source(path="w.txt", line=1, row=1))
    report = review([story], Config(select=["INV030"]))
    lines = render("full", report, {}).splitlines()
    shown = next(x for x in lines if x.startswith("  | As a"))[4:]
    caret = next(x for x in lines if x.startswith("  |") and "^" in x)[4:]
    assert caret.strip() == "^^^^"
    # the caret starts after as many terminal cells as the shown line has before 'fast'
    assert caret.index("^") == _cells(shown[: shown.index("fast")])


@pytest.mark.parametrize("prefix", ["As a user\x1b[1m,", "As a user\x07,", "As a user\x85,", "As a\t\x1b user,"])
def test_full_format_caret_stays_under_the_word_after_escaped_control_characters(prefix):
    from storylint.formatters.text import _cells

    text = f"{prefix} I want a fast search so that I find items."
    story = Story(id="W", text=text, source=Source(path="w.txt", line=1, row=1))
    lines = render("full", review([story], Config(select=["INV030"])), {}).splitlines()
    shown = next(x for x in lines if x.startswith("  | As a"))[4:]
    caret = next(x for x in lines if x.startswith("  |") and "^" in x)[4:]
    assert "\\x" in shown and "\x1b" not in shown  # shown escaped
    assert caret.strip() == "^^^^"
    assert caret.index("^") == _cells(shown[: shown.index("fast")])


def test_sarif_set_level_results_have_related_locations():
    doc = json.loads(render("sarif", backlog(), RULES))
    dup = [r for r in doc["runs"][0]["results"] if r["ruleId"] == "US041"]
    assert {r["properties"]["story"] for r in dup} == {"A-1", "B-1"}
    for r in dup:
        (rel,) = r["relatedLocations"]
        other = {"A-1": ("dir/b.txt", 4), "B-1": ("a.txt", 1)}[r["properties"]["story"]]
        assert (rel["physicalLocation"]["artifactLocation"]["uri"], rel["physicalLocation"]["region"]["startLine"]) == other
        assert rel["message"]["text"] and isinstance(rel["id"], int)


def _repeated_ids() -> BacklogReport:
    stories = [
        Story(id="SHOP-2", text="As a shopper, I want to pay by card so that I check out.", source=Source(path="c.yaml", line=1, row=1)),
        Story(id="SHOP-2", text="As a seller, I want to see my sales so that I know my income.", source=Source(path="c.yaml", line=3, row=2)),
        Story(id="SHOP-2", text="As a guest, I want to browse so that I see the shop.", source=Source(path="d.jsonl", line=1, row=1)),
        Story(id="SHOP-2", text="As a clerk, I want to scan invoices so that I stop typing them.", source=Source(path="d.jsonl", line=1, row=2)),
    ]
    return review(stories, Config())


def test_sarif_duplicate_id_points_at_every_other_story_with_the_id():
    doc = json.loads(render("sarif", _repeated_ids(), RULES))
    res = [r for r in doc["runs"][0]["results"] if r["ruleId"] == "US044"]
    assert len(res) == 4
    first = res[0]["relatedLocations"]
    assert [(x["physicalLocation"]["artifactLocation"]["uri"], x["physicalLocation"]["region"]["startLine"]) for x in first] == [("c.yaml", 3), ("d.jsonl", 1), ("d.jsonl", 1)]


def test_junit_test_case_names_are_unique_when_ids_repeat():
    root = ET.fromstring(render("junit", _repeated_ids(), RULES).encode("utf-8"))
    for suite in root.iter("testsuite"):
        names = [c.get("name") for c in suite.iter("testcase")]
        assert len(names) == len(set(names)), names
    names = {s.get("name"): [c.get("name") for c in s.iter("testcase")] for s in root.iter("testsuite")}
    assert names == {"c.yaml": ["SHOP-2 (line 1)", "SHOP-2 (line 3)"], "d.jsonl": ["SHOP-2 (item 1)", "SHOP-2 (item 2)"]}
    # an id that does not repeat keeps its plain name
    assert [c.get("name") for c in ET.fromstring(render("junit", backlog(), RULES).encode("utf-8")).iter("testcase")][:2] == ["A-1", "A-2"]


def test_readme_jsonl_sample_is_real_output_of_its_command(monkeypatch):
    """The story object shown under "The JSONL contract" is, value for value, the line that the
    command named above it prints for that story (a user audit found a stale score)."""
    from pathlib import Path

    from typer.testing import CliRunner

    from storylint.cli import app

    root = Path(__file__).resolve().parents[1]
    section = (root / "README.md").read_text(encoding="utf-8").split("## The JSONL contract", 1)[1]
    command = "storylint lint examples/backlog.md --format jsonl"
    intro, block = section.split("```json\n", 1)
    assert f"`{command}`" in intro
    shown = json.loads(block.split("```", 1)[0])
    monkeypatch.chdir(root)
    result = CliRunner().invoke(app, [*command.split()[1:], "--no-cache"])
    real = {o["id"]: o for o in map(json.loads, result.stdout.splitlines())}
    assert shown == real[shown["id"]], f"README's JSONL sample is stale; `{command}` prints:\n{json.dumps(real[shown['id']])}"


@pytest.mark.parametrize(
    "text, shown, word",
    [
        # a YAML literal block: its later lines are indented in the file, not in the value
        ("- id: A-1\n  text: |\n    As a user,\n    I want some reports\n    so that I can plan.\n", "I want some reports", "some"),
        ("- id: A-1\n  text: As a user, I want reports so that I plan.\n  acceptance_criteria:\n    - |\n      Reports are\n      fast and complete\n", "fast and complete", "fast"),
        # a Markdown paragraph over two lines
        ("## S-1\n\nAs a user,\nI want various reports so that I can plan.\n", "I want various reports so that I can plan.", "various"),
    ],
)
def test_full_format_caret_on_a_later_line_of_a_value(tmp_path, text, shown, word):
    from storylint.readers import read_file

    p = tmp_path / ("b.yaml" if text.startswith("-") else "b.md")
    p.write_text(text, encoding="utf-8")
    report = review(list(read_file(p)), Config(select=["INV030", "INV051"]))
    lines = render("full", report, {}).splitlines()
    at = lines.index("  | " + shown)
    assert lines[at + 1] == "  | " + " " * shown.index(word) + "^" * len(word)


def test_sarif_is_compact_and_the_same_in_pieces():
    """One line (no indentation), written in pieces of results that join to one valid log."""
    from storylint.formatters.sarif import BATCH, _pieces

    texts = [f"As a user, I want report {i} so that I can plan." for i in range(BATCH + 20)]  # > BATCH results
    report = review([Story(id=f"R-{i}", text=t, source=Source(path="r.txt", line=i + 1)) for i, t in enumerate(texts)], Config())
    out = render("sarif", report, RULES)
    assert out.endswith("}\n") and out.count("\n") == 1 and '": ' not in out.split('"results"', 1)[1][:200]
    parts = list(_pieces(report, RULES))
    assert len(parts) > 3 and "".join(parts) == out
    doc = json.loads(out)
    results = doc["runs"][0]["results"]
    assert len(results) == sum(len(r.findings) for r in report.reports) > BATCH
    assert [r["properties"]["story"] for r in results] == [r.story.id for r in report.reports for _ in r.findings]
    empty = json.loads(render("sarif", review([], Config()), RULES))
    assert empty["runs"][0]["results"] == [] and empty["runs"][0]["tool"]["driver"]["rules"] == []


def test_sarif_related_locations_are_capped_and_cover_the_stories_the_message_names():
    """30 copies of a story and 4 near-copies: US041 and US042 list 20 related ids (JSON keeps
    them); SARIF gives 10 related locations, among them every story the message names."""
    from storylint.formatters.sarif import MAX_RELATED_LOCATIONS

    same = "As a clerk, I want to export monthly invoices so that I can keep records."
    near = "As a clerk, I want to export monthly invoices and receipts so that I can keep records."
    texts = [same] * 30 + [near.replace("clerk", role) for role in ("clerk", "manager", "buyer", "seller")]
    stories = [Story(id=f"S{i}", text=t, source=Source(path="s.txt", line=i + 1)) for i, t in enumerate(texts)]
    report = review(stories, Config(select=["US041", "US042"]))
    doc = json.loads(render("sarif", report, RULES))
    findings = {(r.story.id, f.code): f for r in report.reports for f in r.findings}
    assert MAX_RELATED_LOCATIONS == 10
    seen = set()
    for res in doc["runs"][0]["results"]:
        f = findings[(res["properties"]["story"], res["ruleId"])]
        rel = res["relatedLocations"]
        assert len(rel) == min(len(f.related), MAX_RELATED_LOCATIONS) and [x["id"] for x in rel] == list(range(len(rel)))
        ids = [x["message"]["text"].removeprefix("story ") for x in rel]
        assert ids == [sid for sid in f.related if sid in ids]  # in the order of related
        assert [x["physicalLocation"]["region"]["startLine"] for x in rel] == [int(sid[1:]) + 1 for sid in ids]
        named = {w.strip(",") for w in f.message.split() if w.strip(",").startswith("S") and w.strip(",")[1:].isdigit()}
        assert named and named <= set(ids), (f.message, f.related)
        seen.add((res["ruleId"], len(f.related)))
    assert ("US041", 20) in seen and ("US042", 20) in seen


def test_sarif_messages_link_the_stories_they_name_to_their_related_locations():
    # GitHub code scanning shows related locations where the message links to them ([id](n)).
    stories = [
        Story(id="PAY-101", text="As a shopper, I want to pay by card so that I can check out.", source=Source(path="d.json", line=1)),
        Story(id="PAY-101", text="As a guest, I want to pay by card so that I can check out.", source=Source(path="d.json", line=2)),
        Story(id="PAY-102", text="As a shopper, I want to pay by card so that I can check out [now].", source=Source(path="d.json", line=3)),
    ]
    doc = json.loads(render("sarif", review(stories, Config(select=["US042", "US044"])), RULES))
    for r in doc["runs"][0]["results"]:
        text, rel = r["message"]["text"], r["relatedLocations"]
        links = re.findall(r"(?<!\\)\[([^\]]+)\]\((\d+)\)", text)
        assert links, text
        for sid, n in links:  # every link names a related location of that story, on the line the message says
            loc = rel[int(n)]
            assert loc["message"]["text"] == f"story {sid}"
            place = re.search(re.escape(f"[{sid}]({n})") + r" \(d\.json:(\d+)\)", text)
            if place:
                assert loc["physicalLocation"]["region"]["startLine"] == int(place.group(1))
    us042 = {r["properties"]["story"] + str(r["locations"][0]["physicalLocation"]["region"]["startLine"]): r["message"]["text"]
             for r in doc["runs"][0]["results"] if r["ruleId"] == "US042"}
    assert us042["PAY-1023"].startswith("Near-duplicate of [PAY-101](0) (d.json:1), [PAY-101](1) (d.json:2) (")


@pytest.mark.parametrize("name", ["my backlog.json", "a:b.json", "x (1).json"])
def test_sarif_links_to_the_right_story_whatever_the_file_is_called(name):
    # (code review) "PAY-1 (my backlog.json:3)" linked to the story on line 1
    stories = [
        Story(id="PAY-1", text="As a shopper, I want to pay by card so that I can check out.", source=Source(path=name, line=1)),
        Story(id="PAY-1", text="As a guest, I want to export invoices so that I file them.", source=Source(path=name, line=3)),
        Story(id="PAY-2", text="As a guest, I want to export invoices so that I file them now.", source=Source(path=name, line=5)),
    ]
    doc = json.loads(render("sarif", review(stories, Config(select=["US042"])), RULES))
    (r,) = [r for r in doc["runs"][0]["results"] if r["locations"][0]["physicalLocation"]["region"]["startLine"] == 5]
    (sid, n), = re.findall(r"(?<!\\)\[([^\]]+)\]\((\d+)\)", r["message"]["text"])
    assert sid == "PAY-1" and f"[PAY-1]({n}) ({name}:3)" in r["message"]["text"]
    assert r["relatedLocations"][int(n)]["physicalLocation"]["region"]["startLine"] == 3


def test_sarif_message_quoting_a_link_from_the_input_holds_no_embedded_link():
    # A story names an unknown dependency written as a link: US043 quotes it. Unescaped, a SARIF
    # viewer shows an embedded link (SARIF 2.1.0 3.11.6) that the story's author wrote.
    stories = [
        Story(id="[a](https://evil.example)", text=DUP, source=Source(path="a.txt", line=1)),
        Story(id="C-3", text="As a user, I want to export reports so that I can share them.", depends_on=["[d](https://evil.example)"], source=Source(path="a.txt", line=2)),
        Story(id="D-4", text=DUP, source=Source(path="a.txt", line=3)),
    ]
    doc = json.loads(render("sarif", review(stories, Config()), RULES))
    results = doc["runs"][0]["results"]
    texts = [r["message"]["text"] for r in results]
    texts += [x["message"]["text"] for r in results for x in r.get("relatedLocations", ())]
    assert any("evil.example" in t for t in texts if "US043" in json.dumps(t) or "Refers" in t)
    link = re.compile(r"(?<!\\)\[(?:[^\]\\]|\\.)*(?<!\\)\]\((?!\d+\))")  # [text](target) whose target is no location id
    assert not [t for t in texts if link.search(t)]
    us041 = next(r for r in results if r["ruleId"] == "US041" and r["properties"]["story"] == "D-4")
    assert us041["message"]["text"].startswith("Duplicate story: same text as [\\[a\\](https://evil.example)](0)")
    assert us041["relatedLocations"][0]["message"]["text"] == "story \\[a\\](https://evil.example)"


def test_sarif_keeps_at_most_max_results_errors_first_and_says_how_many_were_left_out(monkeypatch):
    import storylint.formatters.sarif as sarif

    report = backlog()
    findings = [(r.story.id, f.code, f.severity) for r in report.reports for f in r.findings]
    errors = [x for x in findings if x[2] == "error"]
    assert errors and len(findings) > len(errors) + 1  # the data the test needs
    full = json.loads(render("sarif", report, RULES))["runs"][0]
    assert len(full["results"]) == len(findings)  # under the limit: all of them, no note
    assert not [n for n in full["invocations"][0]["toolExecutionNotifications"] if n["level"] == "warning"]
    monkeypatch.setattr(sarif, "MAX_RESULTS", len(errors) + 1)
    run = json.loads(render("sarif", report, RULES))["runs"][0]
    kept = [(r["properties"]["story"], r["ruleId"], r["level"]) for r in run["results"]]
    assert len(kept) == len(errors) + 1
    assert [x for x in kept if x[2] == "error"] == errors  # every error, in input order
    (note,) = [n for n in run["invocations"][0]["toolExecutionNotifications"] if n["level"] == "warning"]
    assert note["message"]["text"].startswith(f"{len(findings) - len(kept)} of {len(findings)} results left out")
    for r in run["results"]:
        assert run["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] == r["ruleId"]


def test_terminal_cells_of_joined_emoji_accents_and_wide_characters():
    from storylint.formatters.text import _cells

    assert _cells("🧑\u200d💻") == 2  # one picture: the joiner glues the laptop to the person
    assert _cells("e\u0301") == _cells("é") == 1 and _cells("用户") == 4 and _cells("a\u200bb") == 2
