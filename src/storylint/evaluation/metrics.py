"""Confusion counts and the scores derived from them. Pure functions, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    failing: list[str] = field(default_factory=list)
    """Ids of the cases this key got wrong (false positives and false negatives)."""

    def add(self, expected: bool, predicted: bool, case_id: str | None = None) -> None:
        if expected and predicted:
            self.tp += 1
        elif expected:
            self.fn += 1
            if case_id:
                self.failing.append(case_id)
        elif predicted:
            self.fp += 1
            if case_id:
                self.failing.append(case_id)
        else:
            self.tn += 1

    @property
    def positives(self) -> int:
        return self.tp + self.fn

    @property
    def negatives(self) -> int:
        return self.fp + self.tn

    @property
    def precision(self) -> float | None:
        d = self.tp + self.fp
        return self.tp / d if d else None

    @property
    def recall(self) -> float | None:
        d = self.tp + self.fn
        return self.tp / d if d else None

    @property
    def specificity(self) -> float | None:
        d = self.tn + self.fp
        return self.tn / d if d else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def scores(self) -> dict[str, float | None]:
        return {"precision": _round(self.precision), "recall": _round(self.recall), "f1": _round(self.f1), "specificity": _round(self.specificity)}

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "tn": self.tn, **self.scores()}


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)
