"""JUnit XML: one test suite per file, one test case per story, one test case with an error per
input error.

Every <testsuite> has the ``tests``, ``failures`` and ``errors`` counts (the Jenkins/Ant JUnit
schema, junit-10.xsd, requires all three).

A story's test case fails (one <failure> listing its findings) when it has a finding at or above
``fail_on`` - the CLI passes ``--fail-on``, so the report is red exactly when the exit code is 1;
findings below that level are listed in the test case's <system-out>, so none is lost. Without
``fail_on`` every finding fails its test case."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

# Characters XML 1.0 cannot hold at all (not even escaped): most C0 controls, surrogates, U+FFFE/F.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _x(s: str) -> str:
    return _NOT_XML.sub("\ufffd", s)


_RANK = {"info": 0, "warning": 1, "error": 2}


def _lines(path: str, findings) -> str:
    out = []
    for f in findings:
        where = f"{f.line}:{f.column}" if f.line is not None else ""
        out.append(f"{path}:{where} {f.code} {f.name}: {f.message}" + (f" Suggestion: {f.suggestion}" if f.suggestion else ""))
    return _x("\n".join(out))


def _case_names(reports) -> list[str]:
    """One test-case name per story, unique within its file's suite: the story id, or - when
    the file has that id more than once (US044) - the id and where the story is
    (``SHOP-2 (line 6)``; ``(item 3)`` when the stories share a line)."""
    count: dict[tuple, int] = {}
    for r in reports:
        key = (r.story.source.path, r.story.id)
        count[key] = count.get(key, 0) + 1
        at = (*key, r.story.source.line)
        count[at] = count.get(at, 0) + 1
    names: list[str] = []
    used: set[tuple[str, str]] = set()
    for r in reports:
        src = r.story.source
        name = r.story.id
        if count[(src.path, name)] > 1:
            if src.line is not None and count[(src.path, name, src.line)] == 1:
                name = f"{name} (line {src.line})"
            elif src.row is not None:
                name = f"{name} (item {src.row})"
        base, n = name, 1
        while (src.path, name) in used:  # still the same (no line, no row): number them
            n += 1
            name = f"{base} #{n}"
        used.add((src.path, name))
        names.append(name)
    return names


def render(report, rules, fail_on: str = "info", **_) -> str:
    floor = _RANK[fail_on]
    root = ET.Element("testsuites", name="storylint")
    suites: dict[str, ET.Element] = {}
    totals = {"tests": 0, "failures": 0}
    names = _case_names(report.reports)
    for r, name in zip(report.reports, names):
        path = r.story.source.path
        suite = suites.get(path)
        if suite is None:
            suite = suites[path] = ET.SubElement(root, "testsuite", name=_x(path), tests="0", failures="0", errors="0")
        case = ET.SubElement(suite, "testcase", name=_x(name), classname=_x(path))
        suite.set("tests", str(int(suite.get("tests")) + 1))
        totals["tests"] += 1
        failing = [f for f in r.findings if _RANK[f.severity] >= floor]
        if failing:
            suite.set("failures", str(int(suite.get("failures")) + 1))
            totals["failures"] += 1
            # One <failure> per test case (what JUnit consumers expect), listing its findings.
            worst = max(failing, key=lambda f: _RANK[f.severity])
            summary = f"{len(failing)} finding{'s' if len(failing) != 1 else ''}, first {failing[0].code}: {failing[0].message}"
            fail = ET.SubElement(case, "failure", message=_x(summary), type=worst.severity)
            fail.text = _lines(path, failing)
        below = [f for f in r.findings if _RANK[f.severity] < floor]
        if below:
            ET.SubElement(case, "system-out").text = _lines(path, below)
    error_names: set[tuple[str, str]] = set()
    for e in report.errors:
        # Named after where the error is (``read b.yaml:3 (row 2) [field estimate]``, as
        # ``describe`` places it), so that two errors of one file are two test cases, not one
        # name twice (consumers key test cases on their class and name).
        name = base = "read " + e.describe().removesuffix(f": {e.message}")
        n = 1
        while (e.path, name) in error_names:
            n += 1
            name = f"{base} #{n}"
        error_names.add((e.path, name))
        suite = suites.get(e.path)
        if suite is None:
            suite = suites[e.path] = ET.SubElement(root, "testsuite", name=_x(e.path), tests="0", failures="0", errors="0")
        suite.set("tests", str(int(suite.get("tests")) + 1))
        suite.set("errors", str(int(suite.get("errors")) + 1))
        case = ET.SubElement(suite, "testcase", name=_x(name), classname=_x(e.path))
        err = ET.SubElement(case, "error", message=_x(e.message), type="input-error")
        err.text = _x(e.describe())
    root.set("tests", str(totals["tests"] + len(report.errors)))
    root.set("failures", str(totals["failures"]))
    root.set("errors", str(len(report.errors)))
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
