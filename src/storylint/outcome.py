"""The exit-code policy, in one place: 0 clean, 1 findings at/above the fail level, 2 errors."""

from __future__ import annotations

from .models import SEVERITY_RANK, BacklogReport

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def exit_code(report: BacklogReport, fail_on: str = "error", exit_zero: bool = False) -> int:
    if report.errors:
        return EXIT_ERROR
    if exit_zero:
        return EXIT_CLEAN
    worst = report.max_severity()
    if worst is not None and SEVERITY_RANK[worst] >= SEVERITY_RANK[fail_on]:
        return EXIT_FINDINGS
    return EXIT_CLEAN
