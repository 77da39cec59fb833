"""How far can any simple atomic detector go on UStAI, even chosen per slice of the file?

UStAI's first 330 rows (abstracts A1-A11) are labelled far more strictly than the other 930
(see eval/README.md). This script scores a few detectors on each slice and then the best pair
(one detector for rows 1-330, another for the rest, chosen knowing the slice) on the whole file.

    python eval/scripts/ustai_atomic_bound.py [../shared/data/ustai-annotated.csv]

Reads the CSV only (nothing of it is stored here); prints F1 per detector and slice.
"""

from __future__ import annotations

import csv
import re
import sys
from itertools import product

from storylint import review
from storylint.config import Config
from storylint.models import Source, Story
from storylint.parse import parse_story

CONJ = re.compile(r"\b(?:and|or)\b|[/&]", re.I)
FIRST = 330  # rows 1-330: abstracts A1-A11


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def counts(rows: range, pred: list[bool], gold: list[bool]) -> tuple[int, int, int]:
    tp = sum(1 for i in rows if pred[i] and gold[i])
    fp = sum(1 for i in rows if pred[i] and not gold[i])
    fn = sum(1 for i in rows if gold[i] and not pred[i])
    return tp, fp, fn


def main(path: str) -> None:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    texts = [r["User story"] for r in rows]
    gold = [r["atomic"] == "conjunctions" for r in rows]
    stories = [Story(id=r["ID"], text=t, source=Source(path=path, row=i + 1)) for i, (r, t) in enumerate(zip(rows, texts))]
    report = review(stories, Config())

    def means(text: str) -> str:
        m = parse_story(text).means
        return m.text if m is not None else text

    detectors = {
        "storylint (US010)": [any("atomic" in f.criteria for f in r.findings) for r in report.reports],
        "and/or, / or & in the means": [CONJ.search(means(t)) is not None for t in texts],
        "and/or, / or & anywhere": [CONJ.search(t) is not None for t in texts],
        "always": [True] * len(rows),
        "never": [False] * len(rows),
    }
    first, rest = range(0, FIRST), range(FIRST, len(rows))
    print(f"{'detector':30} {'rows 1-330':>10} {'rows 331-':>10} {'all':>6}")
    for name, pred in detectors.items():
        a, b = counts(first, pred, gold), counts(rest, pred, gold)
        total = tuple(x + y for x, y in zip(a, b))
        print(f"{name:30} {f1(*a):10.3f} {f1(*b):10.3f} {f1(*total):6.3f}")
    best = max(
        product(detectors, detectors),
        key=lambda pair: f1(*(x + y for x, y in zip(counts(first, detectors[pair[0]], gold), counts(rest, detectors[pair[1]], gold)))),
    )
    total = tuple(x + y for x, y in zip(counts(first, detectors[best[0]], gold), counts(rest, detectors[best[1]], gold)))
    print(f"best per-slice pair: {best[0]!r} on rows 1-330, {best[1]!r} on the rest -> F1 {f1(*total):.3f} on the whole file")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/ustai-annotated.csv")
