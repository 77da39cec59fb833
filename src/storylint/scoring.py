"""A story's score (0-100) and its INVEST grades, from its findings."""

from __future__ import annotations

from .models import INVEST_LETTERS, Finding

PENALTY = {"error": 20, "warning": 8, "info": 2}


def score_findings(findings: list[Finding]) -> int:
    """100 minus a penalty per finding (error 20, warning 8, info 2); each rule counts once."""
    seen: set[str] = set()
    total = 0
    for f in findings:
        if f.code in seen:
            continue
        seen.add(f.code)
        total += PENALTY.get(f.severity, 0)
    return max(0, 100 - total)


def grade_invest(findings: list[Finding]) -> dict[str, str]:
    """Per INVEST letter: fail on an error-level finding, warn on a warning, else pass."""
    grades = dict(_ALL_PASS)
    for f in findings:
        severity = f.severity
        if severity == "info":
            continue
        for letter in f.invest:
            if severity == "error":
                grades[letter] = "fail"
            elif severity == "warning" and grades[letter] == "pass":
                grades[letter] = "warn"
    return grades


_ALL_PASS = {letter: "pass" for letter in INVEST_LETTERS}
