"""One entry point for ``storylint eval``: run suites and data sets, compare, update the baseline."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..config import Config
from . import EvalError
from . import baseline as bl
from .datasets import DatasetResult, parse_rows, run_dataset
from .metrics import Counts
from .report import render_text, to_json
from .run import SUITES, SuiteResult, cases_root, run_suite


def default_baseline() -> Path:
    return cases_root().parent / "baseline.json"


@dataclass(slots=True)
class EvalOutcome:
    suites: list[SuiteResult] = field(default_factory=list)
    datasets: list[DatasetResult] = field(default_factory=list)
    regressions: list[bl.Regression] | None = None

    def measured(self) -> dict[str, dict[str, Counts]]:
        out: dict[str, dict[str, Counts]] = {}
        for s in self.suites:
            out[f"rules:{s.suite}"] = s.rules
            if s.criteria:
                out[f"criteria:{s.suite}"] = s.criteria
        for d in self.datasets:
            out[f"dataset:{d.name}"] = d.criteria
        return out

    def render(self, fmt: str = "table") -> str:
        if fmt == "json":
            return to_json(self.suites, self.datasets, self.regressions)
        if fmt in ("table", "markdown"):
            return render_text(self.suites, self.datasets, self.regressions, markdown=fmt == "markdown")
        raise EvalError(f"unknown format {fmt!r}; known: table, json, markdown")

    @property
    def exit_code(self) -> int:
        return 1 if self.regressions else 0


def evaluate(
    suite: str | None = "all",
    *,
    datasets: list[tuple[Path, str | None]] = (),  # type: ignore[assignment]
    cases_dir: Path | None = None,
    rules_root: str | None = None,
    config: Config | None = None,
    check: bool = False,
    baseline: Path | None = None,
    update_baseline: bool = False,
    tolerance: float | None = None,
    group: str = "abstract-llm",
    rows: str | None = None,
) -> EvalOutcome:
    """Run ``suite`` (rules | gherkin | all | None) and the data sets; ``check`` compares against
    the baseline, ``update_baseline`` rewrites the measured sections of it; ``rows`` ("1-330")
    measures a slice of each data set (not with ``check`` or ``update_baseline``: the baseline
    holds whole data sets)."""
    if suite not in (None, "all", *SUITES):
        raise EvalError(f"unknown suite {suite!r}; known: {', '.join(SUITES)}, all")
    if tolerance is not None and not 0 <= tolerance <= 1:
        raise EvalError(f"--tolerance must be between 0 and 1, got {tolerance}")
    rows_range = parse_rows(rows)
    if rows_range is not None and (check or update_baseline):
        raise EvalError("--rows measures a slice; the baseline holds whole data sets, so it cannot be combined with --check or --update-baseline")
    if rows_range is not None and not datasets:
        raise EvalError("--rows applies to --dataset files; give one")
    outcome = EvalOutcome()
    names = SUITES if suite == "all" else (() if suite is None else (suite,))
    for name in names:
        outcome.suites.append(run_suite(name, cases_dir=cases_dir, rules_root=rules_root, config=config))
    for path, fmt in datasets:
        outcome.datasets.append(run_dataset(Path(path), fmt, config=config, rules_root=rules_root, group=group, rows_range=rows_range))
    path = baseline or default_baseline()
    if check:
        data = bl.load(path)
        tol = tolerance if tolerance is not None else float(data.get("tolerance", bl.DEFAULT_TOLERANCE))
        outcome.regressions = bl.compare(data, outcome.measured(), tol)
    if update_baseline:
        bl.update(path, outcome.measured(), tolerance)
    return outcome
