"""JUnit XML: one test suite per file, one test case per story, one test case with an error per
input error.

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


def render(report, rules, fail_on: str = "info", **_) -> str:
    floor = _RANK[fail_on]
    root = ET.Element("testsuites", name="storylint")
    suites: dict[str, ET.Element] = {}
    totals = {"tests": 0, "failures": 0}
    for r in report.reports:
        path = r.story.source.path
        suite = suites.get(path)
        if suite is None:
            suite = suites[path] = ET.SubElement(root, "testsuite", name=_x(path), tests="0", failures="0")
        case = ET.SubElement(suite, "testcase", name=_x(r.story.id), classname=_x(path))
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
    for e in report.errors:
        suite = suites.get(e.path)
        if suite is None:
            suite = suites[e.path] = ET.SubElement(root, "testsuite", name=_x(e.path), tests="0", failures="0")
        suite.set("tests", str(int(suite.get("tests")) + 1))
        suite.set("errors", str(int(suite.get("errors") or 0) + 1))
        case = ET.SubElement(suite, "testcase", name=_x(f"read {e.path}"), classname=_x(e.path))
        err = ET.SubElement(case, "error", message=_x(e.message), type="input-error")
        err.text = _x(e.describe())
    root.set("tests", str(totals["tests"] + len(report.errors)))
    root.set("failures", str(totals["failures"]))
    root.set("errors", str(len(report.errors)))
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
