"""SARIF 2.1.0, for code-scanning dashboards."""

from __future__ import annotations

import json
import os
from urllib.parse import quote

from .. import __version__
from ..registry import readable_template
from . import finding_path

LEVEL = {"error": "error", "warning": "warning", "info": "note"}
MAX_RELATED_LOCATIONS = 20
"""At most this many ``relatedLocations`` per result (a finding lists at most 20 related ids)."""
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def artifact_uri(path: str) -> str:
    """A SARIF ``uri``: forward slashes, percent-encoded (a relative reference for relative paths)."""
    p = path.replace(os.sep, "/") if os.sep != "/" else path
    if os.path.isabs(path):
        return "file://" + quote(p if p.startswith("/") else "/" + p)
    return quote(p)


def render(report, rules, **_) -> str:
    used: dict[str, int] = {}
    results = []
    rule_list = []
    by_id: dict[str, list] | None = None  # story id -> the stories with it (built on first use)
    for r in report.reports:
        for f in r.findings:
            if f.code not in used:
                used[f.code] = len(rule_list)
                rule = rules.get(f.code)
                entry = {"id": f.code, "name": f.name, "shortDescription": {"text": f.message if rule is None else readable_template(rule.message)}}
                if rule is not None:
                    entry["fullDescription"] = {"text": rule.why.strip()}
                    entry["defaultConfiguration"] = {"level": LEVEL[rule.level]}
                    if rule.link:
                        entry["helpUri"] = rule.link
                    entry["properties"] = {"criteria": rule.criteria, "invest": rule.invest}
                rule_list.append(entry)
            region = {}
            if f.line is not None:
                region = {"startLine": f.line, "startColumn": f.column or 1}
                if f.end_line is not None and f.end_column is not None and (f.end_line, f.end_column) > (f.line, f.column or 1):
                    region.update(endLine=f.end_line, endColumn=f.end_column)
            loc = {"physicalLocation": {"artifactLocation": {"uri": artifact_uri(finding_path(r.story, f))}}}
            if region:
                loc["physicalLocation"]["region"] = region
            result = {
                "ruleId": f.code,
                "ruleIndex": used[f.code],
                "level": LEVEL[f.severity],
                "message": {"text": f.message + (f" Suggestion: {f.suggestion}" if f.suggestion else "")},
                "locations": [loc],
                "properties": {"story": r.story.id},
            }
            if f.related:
                if by_id is None:
                    by_id = {}
                    for other in report.reports:
                        by_id.setdefault(other.story.id, []).append(other.story)
                related = _related_locations(r.story, f.related, by_id)
                if related:
                    result["relatedLocations"] = related
            results.append(result)
    doc = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "storylint", "version": __version__, "informationUri": "https://github.com/storylint/storylint", "rules": rule_list}},
                "results": results,
                # Columns count code points (as in every other format), not UTF-16 units.
                "columnKind": "unicodeCodePoints",
                "invocations": [
                    {
                        "executionSuccessful": not report.errors,
                        "toolExecutionNotifications": [
                            {
                                "level": "error",
                                "message": {"text": e.describe()},
                                "locations": [{"physicalLocation": _error_location(e)}],
                            }
                            for e in report.errors
                        ],
                    }
                ],
            }
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _related_locations(story, related: list[str], by_id: dict[str, list]) -> list[dict]:
    """Where the stories a set-level finding names are: their file and line, one location per
    story (an id that several stories share gives each of them, the story itself left out; an
    id that no story has - an unknown dependency - gives none)."""
    out: list[dict] = []
    seen: set[int] = {id(story)}
    for sid in dict.fromkeys(related):
        for other in by_id.get(sid, ()):
            if id(other) in seen:
                continue
            seen.add(id(other))
            loc: dict = {"artifactLocation": {"uri": artifact_uri(other.source.path)}}
            if other.source.line is not None:
                loc["region"] = {"startLine": other.source.line, "startColumn": other.source.column or 1}
            out.append({"id": len(out), "physicalLocation": loc, "message": {"text": f"story {sid}"}})
            if len(out) == MAX_RELATED_LOCATIONS:
                return out
    return out


def _error_location(e) -> dict:
    loc: dict = {"artifactLocation": {"uri": artifact_uri(e.path)}}
    if e.line is not None:
        loc["region"] = {"startLine": e.line}
    return loc
