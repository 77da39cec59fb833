"""The text of a YAML/JSON story field as trackers export it: HTML (Jira, Azure DevOps), and
acceptance criteria written inside a description or the story text under an "Acceptance
criteria" heading (Markdown ``## ``, bold ``**…:**``, Jira wiki ``h3.``, or a plain line).

Both give the reader the pieces of the value they keep, as offsets into it, so that findings
can still be placed in the file (see structured_positions.Origin).
"""

from __future__ import annotations

import re

Segments = list[tuple[int, int]]
"""(offset, length) of each piece of a source value that a field keeps, in order; the field's
text is the pieces joined by ``SEP``."""

SEP = "\n\n"

# --- HTML ---------------------------------------------------------------------------------

_HTML_TAG_RE = re.compile(r"</?(?:p|div|br|ul|ol|li|h[1-6]|span|strong|b|em|i|u|table|tr|td|th|pre|code|blockquote|a)\b[^<>]*>", re.I)
_BLOCK_TAG_RE = re.compile(r"<(?:/?(?:p|div|ul|ol|h[1-6]|table|tr|pre|blockquote)\b[^<>]*|br\b[^<>]*)>", re.I)
_LI_TAG_RE = re.compile(r"<li\b[^<>]*>", re.I)


def looks_html(value: str) -> bool:
    """Whether a field's value is HTML (a tracker's rich text): it has a tag such as ``<p>``,
    ``<div>``, ``<br>``, ``<li>`` or ``<h3>``; a ``<`` in prose ("x < y") is not one."""
    return "<" in value and _HTML_TAG_RE.search(value) is not None


def html_text(value: str) -> str:
    """The text of an HTML value, one line per block (paragraph, heading, list item, line
    break), list items as ``- item``. The parsing is the Markdown reader's (``_html_text``, an
    HTMLParser: tags, comments and scripts dropped, entities decoded); here line breaks are only
    put before block tags first, since exports write a whole description on one line."""
    from .markdown import _html_text

    marked = _LI_TAG_RE.sub(lambda m: "\n- " + m.group(0), _BLOCK_TAG_RE.sub(lambda m: "\n" + m.group(0), value))
    return _html_text(marked)[1]


# --- Atlassian Document Format (Jira Cloud's REST API v3) ---------------------------------

_ADF_BLOCKS = frozenset(["paragraph", "heading", "listItem", "codeBlock", "blockquote", "rule", "panel", "tableRow", "mediaSingle"])


def is_adf(value) -> bool:
    """Whether a value is a rich text in the Atlassian Document Format (``{"type": "doc",
    "content": [...]}``), as Jira Cloud's REST API v3 gives a description. A document with no
    ``content`` (``{"type": "doc", "version": 1}``, an emptied description) is one too: its
    text is empty."""
    return isinstance(value, dict) and value.get("type") == "doc" and isinstance(value.get("content", []), list)


def adf_text(doc: dict) -> str:
    """The text of an ADF document, one line per paragraph, heading and list item (list items
    as ``- item``; a hard break within one is a space). Read with a stack, not recursion: a document
    nested deeply is still read (JSON has already bounded its depth)."""
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = "".join(current).strip()
        if text == "-":
            return  # a list item's marker, waiting for its text
        if text:
            lines.append(text)
        current.clear()

    todo: list = [doc]
    while todo:
        node = todo.pop()
        if node is None:  # (the end of a block)
            flush()
            continue
        if not isinstance(node, dict):
            continue
        kind = node.get("type")
        if kind == "text" and isinstance(node.get("text"), str):
            current.append(node["text"])
        elif kind == "hardBreak":
            current.append(" ")  # (a line break inside a paragraph or a list item: one line of text)
        elif kind in ("mention", "emoji") and isinstance(node.get("attrs"), dict):
            current.append(str(node["attrs"].get("text") or ""))
        if kind in _ADF_BLOCKS:
            flush()
            if kind == "listItem":
                current.append("- ")
            todo.append(None)
        content = node.get("content")
        if isinstance(content, list):
            todo.extend(reversed(content))
    flush()
    return "\n".join(lines)


# --- acceptance criteria inside a description -------------------------------------------

_LINE_RE = re.compile(r"[^\n]*")
_MD_HEADING_RE = re.compile(r"^[^\S\n]{0,3}#{1,6}[^\S\n]+")
_JIRA_HEADING_RE = re.compile(r"^[^\S\n]*h[1-6]\.[^\S\n]*")
_BOLD_LINE_RE = re.compile(r"^[^\S\n]*(\*\*|__|\*)[^*_\n]+\1[^\S\n]*:?[^\S\n]*$|^[^\S\n]*(\*\*|__)[^*_\n]+:(\*\*|__)[^\S\n]*$")
_ITEM_RE = re.compile(r"^[^\S\n]*(?:(?:[-*•+]+|\d+[.)](?!\d))[^\S\n]*(?:\[[ xX]\][^\S\n]*)?)?")
_JIRA_ITEM_RE = re.compile(r"^[^\S\n]*(?:[-*#]+[^\S\n]*)?")


def _heading_rest(line: str) -> tuple[str, bool] | None:
    """A heading line's words and whether it is a Jira wiki heading (``h3. ``); None if the
    line is not written as a heading (``## ``, ``h3. ``, a bold-only line)."""
    if m := _MD_HEADING_RE.match(line):
        return line[m.end() :], False
    if m := _JIRA_HEADING_RE.match(line):
        return line[m.end() :], True
    if _BOLD_LINE_RE.match(line):
        return line, False
    return None


def _is_ac_heading(line: str) -> tuple[bool, bool]:
    """(is an "Acceptance criteria" heading, is a Jira wiki one)."""
    from .markdown import AC_HEADING_RE

    rest = _heading_rest(line)
    words, jira = rest if rest is not None else (line, False)
    return AC_HEADING_RE.match(words.strip()) is not None, jira


def _ends_criteria(line: str) -> bool:
    """Whether a line after the criteria starts another part: a heading, or a line naming a
    part of a story ("Notes:", "Out of scope")."""
    from .markdown import NOTES_RE

    if _heading_rest(line) is not None and not _ITEM_RE.match(line).end():
        return True
    return NOTES_RE.match(line.strip()) is not None


def split_criteria(value: str) -> tuple[Segments, list[tuple[int, str]]] | None:
    """The acceptance criteria written inside ``value`` under an "Acceptance criteria" heading
    (the Markdown reader's AC_HEADING_RE, written as a Markdown, bold, Jira wiki or plain
    line): one criterion per non-blank line (bullets, checkboxes and numbers dropped; Given /
    When / Then lines each one), up to the next heading or a line naming another part
    ("Notes:"). Returns the segments of ``value`` that remain (before the heading, and after
    the criteria) and each criterion with its offset in ``value``; None when there is no such
    heading or nothing under it."""
    if "\n" not in value:
        return None
    lines = [(m.start(), m.group()) for m in _LINE_RE.finditer(value) if m.start() == 0 or value[m.start() - 1] == "\n"]
    for k, (start, line) in enumerate(lines):
        found, jira = _is_ac_heading(line) if line.strip() else (False, False)
        if not found:
            continue
        items: list[tuple[int, str]] = []
        tail = None
        for at, raw in lines[k + 1 :]:
            if not raw.strip():
                continue
            if _ends_criteria(raw) and not (jira and raw.lstrip().startswith("#")):
                tail = at
                break
            m = (_JIRA_ITEM_RE if jira else _ITEM_RE).match(raw)
            item = raw[m.end() :].rstrip()
            if item:
                items.append((at + m.end(), item))
        if not items:
            return None
        keep: Segments = []
        head = value[:start].rstrip()
        if head.strip():
            lead = len(head) - len(head.lstrip())
            keep.append((lead, len(head) - lead))
        if tail is not None:
            rest = value[tail:].rstrip()
            keep.append((tail, len(rest)))
        return keep, items
    return None


def joined(value: str, segments: Segments) -> str:
    return SEP.join(value[off : off + n] for off, n in segments)
