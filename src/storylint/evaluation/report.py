"""Render eval results: a plain table, Markdown (for eval/README.md) or JSON."""

from __future__ import annotations

import json
from typing import Iterable

from .baseline import Regression
from .datasets import DatasetResult
from .metrics import Counts
from .run import MIN_CASES, SuiteResult

WORST = 15


def _f(x: float | None) -> str:
    return "  -  " if x is None else f"{x:.3f}"


def _rows(counts: dict[str, Counts], names: dict[str, str] | None = None) -> list[list[str]]:
    out = []
    for key, c in counts.items():
        label = f"{key} {names[key]}" if names and key in names else key
        out.append([label, str(c.positives), str(c.negatives), str(c.tp), str(c.fp), str(c.fn), str(c.tn), _f(c.precision), _f(c.recall), _f(c.f1)])
    return out


HEAD = ["key", "pos", "neg", "tp", "fp", "fn", "tn", "P", "R", "F1"]


def _table(rows: list[list[str]], head: list[str] = HEAD) -> list[str]:
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
    fmt = lambda r: "  ".join(str(v).ljust(w) if i == 0 else str(v).rjust(w) for i, (v, w) in enumerate(zip(r, widths)))  # noqa: E731
    return [fmt(head), "  ".join("-" * w for w in widths), *(fmt(r) for r in rows)]


def _md(rows: list[list[str]], head: list[str] = HEAD) -> list[str]:
    return ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|", *("| " + " | ".join(r) + " |" for r in rows)]


def _suite_summary(s: SuiteResult) -> str:
    n = len(s.cases)
    rate = f", {n / s.seconds:.0f} cases/s" if s.seconds > 0 else ""
    return f"suite {s.suite}: {n} cases, {len(s.failing)} failing, {len(s.rules)} rules, {s.seconds:.2f} s{rate}"


def _dataset_summary(d: DatasetResult) -> str:
    rate = f", {d.rows / d.seconds:.0f} stories/s" if d.seconds > 0 else ""
    return f"dataset {d.name} ({d.path}): {d.rows} rows, {d.seconds:.2f} s{rate}"


def render_text(suites: Iterable[SuiteResult], datasets: Iterable[DatasetResult], regressions: list[Regression] | None, markdown: bool = False) -> str:
    table = _md if markdown else _table
    h = (lambda t: f"## {t}") if markdown else (lambda t: f"== {t} ==")
    lines: list[str] = []
    for s in suites:
        lines += [h(_suite_summary(s)), ""]
        lines += ["Per rule:" if not markdown else "Per rule:", "", *table(_rows(s.rules, s.rule_names)), ""]
        if s.criteria:
            lines += ["Per QUS criterion (cases labelled with a criterion):", "", *table(_rows(s.criteria)), ""]
        if s.no_cases:
            lines += [f"Rules with no cases: {', '.join(s.no_cases)}", ""]
        under = {k: v for k, v in s.under_covered().items() if k not in s.no_cases}
        if under:
            lines += [f"Rules under the coverage floor ({MIN_CASES} fire + {MIN_CASES} not-fire): " + ", ".join(f"{k} ({f}/{n})" for k, (f, n) in under.items()), ""]
        failing = s.failing
        if failing:
            lines += [f"Failing cases ({len(failing)}; first {min(WORST, len(failing))}):", ""]
            for r in failing[:WORST]:
                bullet = "- " if markdown else "  "
                lines.append(f"{bullet}{r.case.id}: {'; '.join(r.failures)} -- {r.case.rationale} [{r.case.file}]")
            lines.append("")
    for d in datasets:
        lines += [h(_dataset_summary(d)), "", *table(_rows(d.criteria)), ""]
        if d.excluded:
            lines += ["Rows left out (blank label): " + ", ".join(f"{k} {v}" for k, v in d.excluded.items()), ""]
        for note in d.notes:
            lines.append(f"Note: {note}")
        lines.append("")
        if not markdown:
            for key, c in d.criteria.items():
                if c.failing:
                    more = f" (+{len(c.failing) - 8} more)" if len(c.failing) > 8 else ""
                    lines.append(f"  wrong on {key}: {', '.join(c.failing[:8])}{more}")
            lines.append("")
    if regressions is not None:
        if regressions:
            lines += [f"CHECK FAILED: {len(regressions)} regression(s) against the baseline:"]
            lines += [f"  {r.describe()}" for r in regressions]
        else:
            lines.append("check passed: nothing fell below the baseline")
    return "\n".join(lines).rstrip() + "\n"


def to_json(suites: Iterable[SuiteResult], datasets: Iterable[DatasetResult], regressions: list[Regression] | None) -> str:
    data: dict = {"suites": {}, "datasets": {}}
    for s in suites:
        data["suites"][s.suite] = {
            "cases": len(s.cases),
            "failing": len(s.failing),
            "seconds": round(s.seconds, 4),
            "rules": {k: {"name": s.rule_names.get(k), **c.as_dict(), "failing": c.failing} for k, c in s.rules.items()},
            "criteria": {k: {**c.as_dict(), "failing": c.failing} for k, c in s.criteria.items()},
            "coverage": {k: {"fire": f, "not_fire": n} for k, (f, n) in s.coverage.items()},
            "no_cases": s.no_cases,
            "failing_cases": [
                {"id": r.case.id, "rationale": r.case.rationale, "file": r.case.file, "failures": r.failures} for r in s.failing
            ],
        }
    for d in datasets:
        data["datasets"][d.name] = {
            "path": d.path,
            "rows": d.rows,
            "seconds": round(d.seconds, 4),
            "criteria": {k: {**c.as_dict(), "failing": c.failing} for k, c in d.criteria.items()},
            "excluded": d.excluded,
            "notes": d.notes,
        }
    if regressions is not None:
        data["check"] = {"passed": not regressions, "regressions": [r.describe() for r in regressions]}
    return json.dumps(data, indent=2) + "\n"
