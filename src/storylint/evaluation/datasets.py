"""External labelled data sets, read at run time (never copied into the repository).

- ``ustai``: the UStAI CSV (Yamani et al., PROMISE '25): one story a row, one column per QUS
  criterion. A story is *predicted* defective for a criterion when any finding on it carries
  that criterion (i.e. any rule whose ``criteria`` list it). Rows whose label for a criterion is
  blank (the ``no_feature`` rows, and unlabelled ``Unique`` cells) are left out of that criterion.
  The set-level criterion ``unique`` needs a backlog: by default each (Abstract, LLM) group -- the
  ten-odd stories one model generated for one abstract, the set the annotators compared -- is
  reviewed as one backlog (``group="abstract"`` or ``"all"`` are the alternatives).
- ``qus``: the QUS criteria examples CSV (SaveVic/llm_qus_analyzer, MIT): ``criterion, violation,
  stories``; several stories are separated by `` || ``; a violation starting with ``None`` is a
  valid example. Each row is reviewed as one backlog.
"""

from __future__ import annotations

import csv
import io
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..config import Config
from ..models import Source, Story
from ..registry import load_rules
from . import EvalError
from .metrics import Counts

# criterion -> (column, label -> True (defect) / False (fine); anything else: excluded)
USTAI_LABELS: dict[str, tuple[str, Callable[[str], bool | None]]] = {
    "atomic": ("atomic", lambda v: {"conjunctions": True, "atomic": False}.get(v)),
    "minimal": ("minimal", lambda v: None if not v else v != "minimal"),
    "conceptually-sound": ("Conceptually sound", lambda v: {"no_valid_role": True, "Conceptually sound": False}.get(v)),
    "problem-oriented": ("Problem-oriented", lambda v: {"solution_oriented": True, "problem-oriented": False}.get(v)),
    "unambiguous": ("Unambiguous", lambda v: {"General": True, "Vagueness": True, "Unambiguous": False}.get(v)),
    "estimatable": ("Estimatable", lambda v: {"No": True, "estimatable": False, "Yes": False}.get(v)),
    "independent": ("Independent", lambda v: {"No": True, "independent": False}.get(v)),
    "unique": ("Unique", lambda v: {"diffRoleSameStory": True, "isSemDuplicate": True, "unique": False}.get(v)),
}
GROUPS = ("abstract-llm", "abstract", "all")


def parse_rows(spec: str | None) -> tuple[int, int | None] | None:
    """``"1-330"`` -> (1, 330); ``"331-"`` -> (331, None): data rows (1 = the first row after the
    header) to measure, for a slice of a data set such as one annotator's share."""
    if spec is None:
        return None
    lo, sep, hi = spec.partition("-")
    try:
        first, last = int(lo), (int(hi) if hi.strip() else None)
    except ValueError:
        first = last = -1
    if not sep or first < 1 or (last is not None and last < first):
        raise EvalError(f"--rows: expected FIRST-LAST or FIRST- (data rows, from 1), got {spec!r}")
    return first, last


def _in_rows(i: int, rows: tuple[int, int | None] | None) -> bool:
    return rows is None or (rows[0] <= i + 1 and (rows[1] is None or i + 1 <= rows[1]))


def _rows_note(rows: tuple[int, int | None] | None, total: int) -> list[str]:
    if rows is None:
        return []
    return [f"rows {rows[0]}-{rows[1] if rows[1] is not None else total} of {total} measured (--rows)"]


@dataclass(slots=True)
class DatasetResult:
    name: str
    path: str
    rows: int
    criteria: dict[str, Counts]
    excluded: dict[str, int]
    seconds: float
    notes: list[str] = field(default_factory=list)
    unjudged: dict[str, int] = field(default_factory=dict)
    """QUS examples: rows per criterion that no deterministic rule can judge."""


def _read_csv(path: Path) -> list[dict[str, str]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise EvalError(f"{path}: cannot read: {exc.strerror}") from None
    if b"\x00" in raw[:8192]:
        raise EvalError(f"{path}: binary file, expected a CSV data set")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    try:
        return list(csv.DictReader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise EvalError(f"{path}: not a readable CSV data set: {exc}") from None


def detect_format(path: Path) -> str:
    rows = _read_csv(path)
    header = set(rows[0]) if rows else set()
    if {"criterion", "violation", "stories"} <= header:
        return "qus"
    if "User story" in header:
        return "ustai"
    raise EvalError(f"{path}: unknown data set layout (columns: {', '.join(sorted(header)) or 'none'}); use --dataset-format")


def _criteria_predicted(report) -> list[set[str]]:
    return [{c for f in r.findings for c in f.criteria} for r in report.reports]


def run_ustai(path: Path, *, config: Config | None = None, rules_root: str | None = None, group: str = "abstract-llm", rows_range: tuple[int, int | None] | None = None) -> DatasetResult:
    from ..engine import review

    if group not in GROUPS:
        raise EvalError(f"unknown grouping {group!r}; known: {', '.join(GROUPS)}")
    rows = _read_csv(path)
    needed = {"User story", *(col for col, _ in USTAI_LABELS.values())}
    if not rows or not needed <= set(rows[0]):
        missing = sorted(needed - set(rows[0] if rows else {}))
        raise EvalError(f"{path}: not the UStAI layout; missing column(s): {', '.join(missing)}")
    start = time.perf_counter()
    groups: dict[tuple, list[int]] = {}
    for i, row in enumerate(rows):
        if not _in_rows(i, rows_range):
            continue
        key = {"abstract-llm": (row.get("Abstract", ""), row.get("LLM", "")), "abstract": (row.get("Abstract", ""),), "all": ()}[group]
        groups.setdefault(key, []).append(i)
    predicted: list[set[str]] = [set() for _ in rows]
    cfg = config or Config()
    for idx in groups.values():
        stories = [
            Story(id=rows[i].get("ID") or f"row{i + 2}", text=rows[i]["User story"], source=Source(path=str(path), line=i + 2, row=i + 1))
            for i in idx
        ]
        report = review(stories, cfg, rules_root=rules_root)
        for i, crits in zip(idx, _criteria_predicted(report)):
            predicted[i] = crits
    seconds = time.perf_counter() - start
    counts: dict[str, Counts] = {}
    excluded: dict[str, int] = {}
    for crit, (col, label) in USTAI_LABELS.items():
        c = Counts()
        for i, row in enumerate(rows):
            if not _in_rows(i, rows_range):
                continue
            expected = label((row.get(col) or "").strip())
            if expected is None:
                excluded[crit] = excluded.get(crit, 0) + 1
                continue
            c.add(expected, crit in predicted[i], rows[i].get("ID") or f"row{i + 2}")
        counts[crit] = c
    notes = [f"set-level rules see one backlog per {group} group ({len(groups)} backlogs)", *_rows_note(rows_range, len(rows))]
    measured = sum(len(idx) for idx in groups.values())
    return DatasetResult("ustai", str(path), measured, counts, excluded, seconds, notes)


def run_qus(path: Path, *, config: Config | None = None, rules_root: str | None = None, rows_range: tuple[int, int | None] | None = None) -> DatasetResult:
    from ..engine import review

    rows = _read_csv(path)
    if not rows or not {"criterion", "violation", "stories"} <= set(rows[0]):
        raise EvalError(f"{path}: not the QUS examples layout (criterion, violation, stories)")
    judged = {c for r in load_rules(rules_root) for c in r.criteria}
    start = time.perf_counter()
    counts: dict[str, Counts] = {}
    unjudged: dict[str, int] = {}
    cfg = config or Config()
    per_crit_index: dict[str, int] = {}
    for i, row in enumerate(rows):
        crit = row["criterion"].strip()
        per_crit_index[crit] = per_crit_index.get(crit, 0) + 1
        if not _in_rows(i, rows_range):
            continue
        if crit not in judged:
            unjudged[crit] = unjudged.get(crit, 0) + 1
            continue
        texts = [t.strip() for t in row["stories"].split("||") if t.strip()]
        if not texts:
            raise EvalError(f"{path} (row {i + 2}) [field stories]: empty")
        rid = f"qus-{crit}-{per_crit_index[crit]}"
        stories = [Story(id=f"{rid}#{j + 1}", text=t, source=Source(path=str(path), line=i + 2, row=i + 1)) for j, t in enumerate(texts)]
        report = review(stories, cfg, rules_root=rules_root)
        fired = any(crit in f.criteria for r in report.reports for f in r.findings)
        expected = not row["violation"].strip().startswith("None")
        counts.setdefault(crit, Counts()).add(expected, fired, f"{rid} ({row['violation'].strip()})")
    seconds = time.perf_counter() - start
    notes = ["a row is judged when some rule carries its criterion; " + (f"not judged: {', '.join(f'{k} ({v})' for k, v in sorted(unjudged.items()))}" if unjudged else "all judged"), *_rows_note(rows_range, len(rows))]
    measured = sum(_in_rows(i, rows_range) for i in range(len(rows)))
    return DatasetResult("qus", str(path), measured, dict(sorted(counts.items())), {}, seconds, notes, unjudged)


def run_dataset(path: Path, fmt: str | None = None, **kwargs) -> DatasetResult:
    if not path.is_file():
        raise EvalError(f"{path}: no such data set file")
    fmt = fmt or detect_format(path)
    if fmt == "ustai":
        return run_ustai(path, **kwargs)
    if fmt == "qus":
        kwargs.pop("group", None)
        return run_qus(path, **kwargs)
    raise EvalError(f"unknown data set format {fmt!r}; known: ustai, qus")
