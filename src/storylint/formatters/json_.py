"""JSON: the whole report as one document (stories grouped by file, summary, input errors)."""

from __future__ import annotations

import json

from .. import __version__
from .jsonl import story_dict


def render(report, rules, **_) -> str:
    files: dict[str, list] = {}
    for r in report.reports:
        files.setdefault(r.story.source.path, []).append(story_dict(r))
    doc = {
        "version": __version__,
        "summary": report.summary.model_dump(),
        "files": [{"path": p, "stories": s} for p, s in files.items()],
        "errors": [e.model_dump() for e in report.errors],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
