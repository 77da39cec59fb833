"""Rule catalogue renderings: the `storylint rules` table, JSON metadata, and the README table."""

from __future__ import annotations

import json
import re


def rules_table(rules) -> str:
    lines = [f"{'CODE':<8} {'NAME':<40} {'LEVEL':<8} {'KIND':<11} CRITERIA / INVEST"]
    for r in rules:
        tags = ", ".join(r.criteria) + (f" [{''.join(r.invest)}]" if r.invest else "")
        lines.append(f"{r.code:<8} {r.name:<40} {r.level:<8} {r.kind:<11} {tags}")
    lines.append(f"\n{len(rules)} rules. `storylint rule CODE` explains one.")
    return "\n".join(lines) + "\n"


def rules_json(rules) -> str:
    return json.dumps([r.model_dump() for r in rules], ensure_ascii=False, indent=2) + "\n"


def _md_cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


_SENTENCE_END = re.compile(r"(?<=[.!?])['\"]?\s+(?=['\"(]?[A-Z])")
_TAGS = re.compile(r"^(?:QUS|INVEST|Options)\b")
_OPEN_QUOTE = re.compile(r"(?:^|(?<=[\s(]))'")
_CLOSE_QUOTE = re.compile(r"'(?=[\s.,;:!?)]|$)")
"""Quotation marks, told from apostrophes ("team's") by what stands beside them."""


def summary(why: str, at_least: int = 60) -> str:
    """The first sentence(s) of a rule's ``why``: at least ``at_least`` characters where the
    text allows, never cut after an abbreviation ("e.g.") or inside a quotation, and without
    the trailing "QUS: ..." / "INVEST: ..." tags."""
    text = " ".join(why.split())
    out = ""
    start = 0
    for m in _SENTENCE_END.finditer(text):
        before = text[start : m.start()]
        head = text[: m.start()]
        if before.lower().endswith(("e.g.", "i.e.", "etc.", "vs.", "cf.")) or len(_OPEN_QUOTE.findall(head)) > len(_CLOSE_QUOTE.findall(head)):
            continue  # an abbreviation, or the end of a sentence quoted inside this one
        out = text[: m.start()].rstrip()
        start = m.end()
        if len(out) >= at_least or _TAGS.match(text[start:]):
            return out
    return text if text.endswith((".", "!", "?")) else text + "."


def rules_markdown(rules) -> str:
    lines = ["| Code | Name | Level | QUS criteria | INVEST | Why it matters |", "|---|---|---|---|---|---|"]
    for r in rules:
        first = summary(r.why)
        lines.append(
            f"| `{r.code}` | {r.name} | {r.level} | {', '.join(r.criteria)} | {''.join(r.invest)} | {_md_cell(first)} |"
        )
    return "\n".join(lines) + "\n"


START, END = "<!-- rules:start -->", "<!-- rules:end -->"


def update_readme(path: str) -> bool:
    """Rewrite the rule catalogue between the markers in ``path``; True if it changed."""
    from pathlib import Path

    from .registry import load_rules

    p = Path(path)
    text = p.read_text(encoding="utf-8")
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    new = f"{head}{START}\n{rules_markdown(load_rules())}{END}{tail}"
    if new != text:
        p.write_text(new, encoding="utf-8")
        return True
    return False


if __name__ == "__main__":  # python -m storylint.ruledocs README.md
    import sys

    changed = update_readme(sys.argv[1] if len(sys.argv) > 1 else "README.md")
    print("README rule catalogue " + ("updated" if changed else "already up to date"))
