"""JSONL: the stable machine contract. One JSON object per story, in input order.

``{"id", "source": {"path", "line"}, "findings": [...], "score", "invest"}``; each finding has
code, name, severity, criteria, invest, message, line, column, end_line, end_column,
suggestion, source and related (ids of the other stories a set-level finding names).
"""

from __future__ import annotations

import json

FINDING_KEYS = (
    "code", "name", "severity", "criteria", "invest", "message", "line", "column",
    "end_line", "end_column", "suggestion", "source", "related",
)


def finding_dict(f) -> dict:
    return {k: getattr(f, k) for k in FINDING_KEYS}


def story_dict(report) -> dict:
    s = report.story
    return {
        "id": s.id,
        "source": {"path": s.source.path, "line": s.source.line},
        "findings": [finding_dict(f) for f in report.findings],
        "score": report.score,
        "invest": report.invest,
    }


def render(report, rules, **_) -> str:
    dumps = json.dumps
    return "".join(dumps(story_dict(r), ensure_ascii=False) + "\n" for r in report.reports)
