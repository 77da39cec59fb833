"""Output formats: one module per format, each ``render(report, rules) -> str``.

``rules`` maps code -> Rule (for formats that describe rules, such as SARIF).
The exit-code policy lives in :mod:`storylint.outcome`, not here.
"""

from __future__ import annotations

from importlib import import_module

FORMATS = {
    "text": "text",
    "full": "text",
    "json": "json_",
    "jsonl": "jsonl",
    "sarif": "sarif",
    "github": "github",
    "junit": "junit",
}


def render(fmt: str, report, rules=None, **options) -> str:
    mod = import_module(f"{__name__}.{FORMATS[fmt]}")
    if fmt == "full":
        options["full"] = True
    return mod.render(report, rules or {}, **options)


def finding_path(story, finding) -> str:
    return finding.path or story.source.path
