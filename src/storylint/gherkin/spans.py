"""Where a Gherkin finding ends: spans in document positions.

A check reports ``(line, column, values)``; the start is the document position of what the
finding is about, and ``values[END]`` is ``(end line, end column)``, the position just after
its last character (1-based, exclusive, as in SARIF and LSP). :func:`with_span` builds such a
result from a :data:`Span`. The positions are the document's; :func:`storylint.gherkin.parse.map_span`
maps both ends to the story's file.

The official parser gives every node the position of its first token (the keyword of a step
or a header, the ``@`` of a tag, the first character of a table cell) and trims names and step
text; the end of each span is found on the document's own line, so that extra spaces between
a keyword and its text, Markdown list bullets and the like never shift it.
"""

from __future__ import annotations

from typing import Any

from .parse import Doc
from .walk import Node, loc

END = "_end"
"""The key of ``values`` that holds the document position where a finding ends."""

Span = tuple[int, int, int, int]
"""``(line, column, end line, end column)`` in document positions, the end exclusive."""


def with_span(span: Span, values: dict[str, Any]) -> tuple[int, int, dict[str, Any]]:
    line, col, end_line, end_col = span
    values[END] = (end_line, end_col)
    return line, col, values


def raw(doc: Doc, line: int) -> str:
    return doc.lines[line - 1] if 1 <= line <= len(doc.lines) else ""


def point(line: int, col: int | None) -> Span:
    """A zero-width span (whole-document findings: an empty file, a missing final newline)."""
    c = col or 1
    return line, c, line, c


def text_at(doc: Doc, line: int, col: int | None, text: str) -> Span:
    """``text`` where it appears on ``line`` at or after ``col`` (at ``col`` when it does not)."""
    start = max((col or 1) - 1, 0)
    found = raw(doc, line).find(text, start) if text else -1
    pos = found if found >= 0 else start
    return line, pos + 1, line, pos + 1 + len(text)


def rest_of_line(doc: Doc, line: int, col: int | None) -> Span:
    """From ``col`` to the last non-blank character of the line (the line's text when there is
    no column)."""
    s = raw(doc, line)
    if col is None:
        col = len(s) - len(s.lstrip()) + 1
    end = len(s.rstrip()) + 1
    return line, col, line, max(end, col)


def _after_keyword(doc: Doc, node: Node, keyword: str, text: str) -> Span:
    """From the node's keyword to the end of ``text`` written after it (or of the keyword)."""
    line, col = loc(node)
    col = col or 1
    kw = keyword.rstrip()
    key_end = col - 1 + len(kw)
    s = raw(doc, line)
    if text:
        found = s.find(text, key_end)
        if found >= 0:
            return line, col, line, found + len(text) + 1
        return line, col, line, key_end + 1 + len(text)  # (not on the line: keyword + text)
    return line, col, line, key_end + 1


def step(doc: Doc, node: Node) -> Span:
    """A step from its keyword to the end of its text (``When I click the button``)."""
    return _after_keyword(doc, node, node.get("keyword", ""), node.get("text", ""))


def step_text(doc: Doc, node: Node, start: int = 0, end: int | None = None) -> Span:
    """Characters ``start:end`` of a step's text (a word a check matched in it)."""
    text = node.get("text", "")
    end = len(text) if end is None else end
    _line, _col, line, text_end = _after_keyword(doc, node, node.get("keyword", ""), text)
    text_start = text_end - len(text)
    return line, text_start + start, line, text_start + end


def header(doc: Doc, node: Node) -> Span:
    """A Feature / Rule / Background / Scenario / Examples line: ``Scenario: Pay by card``.

    The Feature and Scenario that wrap plain steps of the acceptance criteria are not in the
    story's file: their span is the whole block (the steps they stand for)."""
    if doc.is_synthetic(node):
        return block(doc, node)
    keyword = node.get("keyword", "")
    name = node.get("name", "")
    line, col = loc(node)
    colon = text_at(doc, line, col, keyword + ":")
    if not name:
        return colon
    found = raw(doc, line).find(name, colon[3] - 1)
    end = (found + len(name) + 1) if found >= 0 else colon[3] + 1 + len(name)
    return colon[0], colon[1], line, end


def name(doc: Doc, node: Node) -> Span:
    """The name of a header (``Pay by card``); the header's ``Keyword:`` when it has none."""
    nm = node.get("name", "")
    if not nm or doc.is_synthetic(node):
        return header(doc, node)
    full = header(doc, node)
    return full[2], full[3] - len(nm), full[2], full[3]


def keyword(doc: Doc, node: Node) -> Span:
    """The keyword of a header or step (``Scenario``, ``Given``)."""
    if doc.is_synthetic(node):
        return block(doc, node)
    line, col = loc(node)
    return text_at(doc, line, col, node.get("keyword", "").rstrip())


def tag(node: Node) -> Span:
    line, col = loc(node)
    col = col or 1
    return line, col, line, col + len(node.get("name", ""))


def cell(node: Node) -> Span:
    line, col = loc(node)
    col = col or 1
    return line, col, line, col + len(node.get("value") or "")


def block(doc: Doc, node: Node | None = None) -> Span:
    """The user's lines of a document with a synthetic wrapper: from its first step (or first
    written line) to the end of its last one. ``node`` narrows it to a scenario's steps."""
    steps = (node or {}).get("steps") or []
    if steps and not any(doc.is_synthetic(s) for s in (steps[0], steps[-1])):
        first, last = step(doc, steps[0]), step(doc, steps[-1])
        return first[0], first[1], last[2], last[3]
    lines = [
        i + 1 for i, s in enumerate(doc.lines) if s.strip() and not s.lstrip().startswith("#") and (i + 1) not in doc.synthetic_lines
    ]
    if not lines:
        return point(1, 1)
    first = rest_of_line(doc, lines[0], None)
    last = rest_of_line(doc, lines[-1], None)
    return first[0], first[1], last[2], last[3]
