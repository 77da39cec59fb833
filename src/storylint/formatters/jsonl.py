"""JSONL: the stable machine contract. One JSON object per story, in input order.

``{"id", "source": {"path", "line"}, "findings": [...], "score", "invest"}``; each finding has
code, name, severity, criteria, invest, message, line, column, end_line, end_column,
suggestion, source and related (ids of the other stories a set-level finding names).
"""

from __future__ import annotations

import json
from operator import attrgetter

from ..models import Finding

FINDING_KEYS = (
    "code", "name", "severity", "criteria", "invest", "message", "line", "column",
    "end_line", "end_column", "suggestion", "source", "related",
)

_finding_values = attrgetter(*FINDING_KEYS)

# A model's fields live in its ``__dict__`` in declaration order. While Finding declares
# exactly the contract's keys, in the contract's order, followed by ``path`` (which JSONL
# leaves out), a finding's dict is a copy of its ``__dict__`` without ``path``: about twice
# as fast as reading the fields one by one. Should the model ever change, the general path
# below takes over, so the output never follows the model's layout by accident.
_DICT_LAYOUT = tuple(Finding.model_fields) == (*FINDING_KEYS, "path")


def finding_dict(f) -> dict:
    if _DICT_LAYOUT and type(f) is Finding:
        d = f.__dict__.copy()
        del d["path"]
        return d
    return dict(zip(FINDING_KEYS, _finding_values(f)))


def story_dict(report) -> dict:
    s = report.story
    return {
        "id": s.id,
        "source": {"path": s.source.path, "line": s.source.line},
        "findings": [finding_dict(f) for f in report.findings],
        "score": report.score,
        "invest": report.invest,
    }


# One encoder for all lines (``json.dumps`` with options builds a new one per call); the
# output is the same as ``json.dumps(obj, ensure_ascii=False)``. The circular-reference
# check is off because these dicts are built just above and hold only plain values.
_encode = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


def render(report, rules, **_) -> str:
    encode = _encode
    lines = [encode(story_dict(r)) for r in report.reports]
    lines.append("")
    return "\n".join(lines)
