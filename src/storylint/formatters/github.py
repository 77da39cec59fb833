"""GitHub Actions workflow commands: ``::error file=…,line=…::message`` annotations."""

from __future__ import annotations

from . import finding_path

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(s: str) -> str:
    return _data(s).replace(":", "%3A").replace(",", "%2C")


def render(report, rules, **_) -> str:
    out = []
    for r in report.reports:
        for f in r.findings:
            props = [f"file={_prop(finding_path(r.story, f))}"]
            if f.line is not None:
                props.append(f"line={f.line}")
                if f.column:
                    props.append(f"col={f.column}")
                if f.end_line is not None:
                    props.append(f"endLine={f.end_line}")
                if f.end_column is not None and f.end_line == f.line:
                    props.append(f"endColumn={f.end_column}")
            props.append(f"title={_prop(f'{f.code} {f.name}')}")
            out.append(f"::{LEVEL[f.severity]} {','.join(props)}::{_data(f.message + ' [' + r.story.id + ']')}")
    return "\n".join(out) + ("\n" if out else "")
