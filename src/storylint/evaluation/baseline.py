"""The committed baseline (``eval/baseline.json``) and the ``--check`` comparison.

Layout: ``{"version": 1, "tolerance": 0.0, "sections": {"<section>": {"<key>": {tp, fp, fn, tn,
precision, recall, f1, specificity}}}}``. A section is ``rules:<suite>`` (per rule code),
``criteria:<suite>`` (per QUS criterion of the suite's cases) or ``dataset:<name>`` (per criterion).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from . import EvalError
from .metrics import Counts

VERSION = 1
METRICS = ("precision", "recall", "f1", "specificity")
DEFAULT_TOLERANCE = 0.0


@dataclass(slots=True)
class Regression:
    section: str
    key: str
    metric: str
    baseline: float | None
    current: float | None

    def describe(self) -> str:
        if self.metric == "missing":
            return f"{self.section} {self.key}: in the baseline but not measured now (removed or renamed?)"
        cur = "n/a" if self.current is None else f"{self.current:.3f}"
        return f"{self.section} {self.key}: {self.metric} {self.baseline:.3f} -> {cur}"


def load(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EvalError(f"{path}: no baseline file (create it with --update-baseline)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EvalError(f"{path}: invalid baseline: {exc}") from None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("sections"), dict):
        raise EvalError(f"{path}: invalid baseline: expected version {VERSION} with a 'sections' mapping")
    for name, section in data["sections"].items():
        if not isinstance(section, dict) or not all(isinstance(v, dict) for v in section.values()):
            raise EvalError(f"{path} [field sections.{name}]: must map keys to metric objects")
    return data


def sections_of(measured: dict[str, dict[str, Counts]]) -> dict[str, dict[str, dict]]:
    return {name: {k: c.as_dict() for k, c in sorted(section.items())} for name, section in measured.items()}


def update(path: Path, measured: dict[str, dict[str, Counts]], tolerance: float | None = None) -> dict:
    """Rewrite the measured sections; sections not measured in this run are kept."""
    try:
        data = load(path)
    except EvalError:
        data = {"version": VERSION, "tolerance": DEFAULT_TOLERANCE, "sections": {}}
    if tolerance is not None:
        data["tolerance"] = tolerance
    data["sections"].update(sections_of(measured))
    data["sections"] = dict(sorted(data["sections"].items()))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    return data


def compare(baseline: dict, measured: dict[str, dict[str, Counts]], tolerance: float) -> list[Regression]:
    """Regressions of the measured sections against the baseline (other sections are ignored)."""
    out: list[Regression] = []
    for name, section in measured.items():
        base = baseline["sections"].get(name)
        if base is None:
            continue
        for key, old in sorted(base.items()):
            now = section.get(key)
            if now is None:
                out.append(Regression(name, key, "missing", None, None))
                continue
            scores = now.scores()
            for metric in METRICS:
                b = old.get(metric)
                if b is None:
                    continue
                c = scores[metric]
                if c is None or c < b - tolerance - 1e-9:
                    out.append(Regression(name, key, metric, b, c))
    return out
