"""GitHub Actions workflow commands: ``::error file=…,line=…::message`` annotations.

Findings are annotated at their severity (info as ``notice``), input errors as ``error``.
"""

from __future__ import annotations

from . import finding_path
from .text import _CONTROL

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}

# Story text is untrusted: control characters are shown escaped as the text format shows them
# (``\x1b``, never a raw ESC that the log viewer would act on), except CR and LF, which keep
# their workflow-command escapes (``%0D``, ``%0A``: a line break in the annotation).
_ESCAPE = {**_CONTROL, ord("%"): "%25", ord("\r"): "%0D", ord("\n"): "%0A"}
_ESCAPE_PROP = {**_ESCAPE, ord(":"): "%3A", ord(","): "%2C"}


def _data(s: str) -> str:
    return s.translate(_ESCAPE)


def _prop(s: str) -> str:
    return s.translate(_ESCAPE_PROP)


def render(report, rules, **_) -> str:
    out = []
    for r in report.reports:
        for f in r.findings:
            props = [f"file={_prop(finding_path(r.story, f))}"]
            if f.line is not None:
                props.append(f"line={f.line}")
                # Columns only on a one-line span: the toolkit's annotation properties say col
                # and endColumn "cannot be sent when startLine and endLine are different values"
                # (the runner drops them).
                one_line = f.end_line is None or f.end_line == f.line
                if f.column and one_line:
                    props.append(f"col={f.column}")
                if f.end_line is not None:
                    props.append(f"endLine={f.end_line}")
                if f.column and f.end_column is not None and f.end_line == f.line:
                    props.append(f"endColumn={f.end_column}")
            props.append(f"title={_prop(f'{f.code} {f.name}')}")
            out.append(f"::{LEVEL[f.severity]} {','.join(props)}::{_data(f.message + ' [' + r.story.id + ']')}")
    for e in report.errors:
        # (as SARIF's tool notifications and JUnit's error cases report them)
        props = [f"file={_prop(e.path)}"] + ([f"line={e.line}"] if e.line is not None else [])
        where = ", ".join(([f"row {e.row}"] if e.row is not None else []) + ([f"field {e.field}"] if e.field else []))
        out.append(f"::error {','.join(props)}::{_data(e.message + (f' ({where})' if where else ''))}")
    return "\n".join(out) + ("\n" if out else "")
