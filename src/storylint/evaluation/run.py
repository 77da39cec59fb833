"""Run a suite of cases through the engine and score every expectation."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Config
from ..registry import QUS_CRITERIA, Rule, data_dir, load_rules
from . import EvalError
from .cases import Case, load_suite, validate_labels
from .metrics import Counts

SUITES = ("rules", "gherkin")
MIN_CASES = 10
"""Coverage floor: cases where each deterministic rule must fire, and as many where it must not."""


def is_gherkin_rule(rule: Rule) -> bool:
    return rule.kind == "gherkin" or rule.code.startswith("GHK")


def suite_rules(suite: str, rules: tuple[Rule, ...] | list[Rule]) -> list[Rule]:
    if suite == "gherkin":
        return [r for r in rules if is_gherkin_rule(r)]
    return [r for r in rules if not is_gherkin_rule(r)]


def cases_root() -> Path:
    """``eval/cases`` of the repository (or of the installed data)."""
    try:
        return data_dir("eval") / "cases"
    except Exception:  # noqa: BLE001 - fall back to the working directory
        return Path.cwd() / "eval" / "cases"


@dataclass(slots=True)
class CaseResult:
    case: Case
    fired_codes: set[str]
    fired_criteria: set[str]
    failures: list[str]
    seconds: float


@dataclass(slots=True)
class SuiteResult:
    suite: str
    rules: dict[str, Counts]
    criteria: dict[str, Counts]
    cases: list[CaseResult]
    rule_names: dict[str, str]
    coverage: dict[str, tuple[int, int]]
    """Per rule of the suite: (cases where it must fire, cases where it must not)."""
    seconds: float
    extra: dict = field(default_factory=dict)

    @property
    def failing(self) -> list[CaseResult]:
        return [c for c in self.cases if c.failures]

    @property
    def no_cases(self) -> list[str]:
        return sorted(code for code, (f, n) in self.coverage.items() if f == 0 and n == 0)

    def under_covered(self, minimum: int = MIN_CASES) -> dict[str, tuple[int, int]]:
        return {code: fn for code, fn in sorted(self.coverage.items()) if fn[0] < minimum or fn[1] < minimum}


def evaluate_case(case: Case, config: Config, rules_root: str | None) -> CaseResult:
    from ..engine import review

    start = time.perf_counter()
    report = review(case.stories, config, rules_root=rules_root)
    codes: set[str] = set()
    crits: set[str] = set()
    for r in report.reports:
        for f in r.findings:
            codes.add(f.code)
            crits.update(f.criteria)
    failures = []
    for label in case.fire:
        if label not in codes and label not in crits:
            failures.append(f"{label} should fire")
    for label in case.not_fire:
        if label in codes or label in crits:
            failures.append(f"{label} should not fire")
    return CaseResult(case, codes, crits, failures, time.perf_counter() - start)


def run_suite(
    suite: str,
    *,
    cases_dir: Path | None = None,
    rules_root: str | None = None,
    config: Config | None = None,
) -> SuiteResult:
    if suite not in SUITES:
        raise EvalError(f"unknown suite {suite!r}; known: {', '.join(SUITES)}")
    start = time.perf_counter()
    rules = load_rules(rules_root)
    folder = (cases_dir or cases_root()) / suite
    cases = load_suite(folder)
    codes = {r.code for r in rules}
    validate_labels(cases, codes, set(QUS_CRITERIA))
    config = config or Config()
    mine = suite_rules(suite, rules)
    per_rule: dict[str, Counts] = {r.code: Counts() for r in mine}
    per_crit: dict[str, Counts] = {}
    results = []
    for case in cases:
        res = evaluate_case(case, config, rules_root)
        results.append(res)
        for label, expected in [*((l, True) for l in case.fire), *((l, False) for l in case.not_fire)]:
            if label in codes:
                per_rule.setdefault(label, Counts()).add(expected, label in res.fired_codes, case.id)
            else:
                per_crit.setdefault(label, Counts()).add(expected, label in res.fired_criteria, case.id)
    coverage = {r.code: (per_rule[r.code].positives, per_rule[r.code].negatives) for r in mine}
    names = {r.code: r.name for r in rules}
    return SuiteResult(suite, per_rule, dict(sorted(per_crit.items())), results, names, coverage, time.perf_counter() - start)
