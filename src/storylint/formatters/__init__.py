"""Output formats: one module per format, each ``render(report, rules) -> str``.

A format may also offer ``render_parts(report, rules)``: the same text in consecutive pieces,
for writing a large report without joining it into one string first.

``rules`` maps code -> Rule (for formats that describe rules, such as SARIF).
The exit-code policy lives in :mod:`storylint.outcome`, not here.
"""

from __future__ import annotations

from importlib import import_module
from typing import Iterator

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


def render_parts(fmt: str, report, rules=None, **options) -> Iterator[str]:
    """The text of :func:`render` in consecutive pieces (all of it in one piece for a format
    without ``render_parts``)."""
    mod = import_module(f"{__name__}.{FORMATS[fmt]}")
    parts = getattr(mod, "render_parts", None)
    if parts is None:
        yield render(fmt, report, rules, **options)
    else:
        yield from parts(report, rules or {}, **options)


def finding_path(story, finding) -> str:
    return finding.path or story.source.path
