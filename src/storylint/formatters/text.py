"""Text: ruff-like ``path:line:col: CODE message`` lines, colour only on a terminal.

``full`` adds the offending source text with a caret and the suggestion.
"""

from __future__ import annotations

from . import finding_path

# Story text is untrusted: control characters (ANSI/OSC escapes, newlines that would start a
# fake "::error" workflow command on its own line, ...) are shown escaped, never raw.
_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]}
_CONTROL.update({ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): " "})
# Bidirectional embeddings, overrides and isolates reorder what a terminal or log viewer shows (a story could make a
# line read differently from what it holds, "Trojan Source"), and the Unicode line and paragraph
# separators break lines for readers that split on them (Python's ``str.splitlines``): shown
# escaped too (``\u202e``). (The marks LRM and RLM, which right-to-left text needs, are kept.)
_CONTROL.update({c: f"\\u{c:04x}" for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x2028, 0x2029]})


_SHOWN = {c: v for c, v in _CONTROL.items() if c != ord("\t")}
"""What :func:`safe` does to a line of ``full``'s snippet before its tabs are expanded."""


def safe(text: str | None) -> str:
    return (text or "").translate(_CONTROL)


COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
BOLD, DIM, RESET = "\033[1m", "\033[2m", "\033[0m"


def _loc(story, f) -> str:
    line = f.line if f.line is not None else story.source.line
    if line is None:
        return f"[row {story.source.row}]" if story.source.row else ""
    return f"{line}:{f.column or 1}"


def render(report, rules, *, color: bool = False, full: bool = False, statistics: bool = False, source_lines=None, **_) -> str:
    """``source_lines(path) -> list[str] | None``: the lines of a file as it was read (``full``
    shows the file's own line under a finding, where it can; without it, the story's value)."""
    out: list[str] = []
    c = (lambda code, s: f"{code}{s}{RESET}") if color else (lambda code, s: s)
    if statistics and report.summary.by_code:
        out.extend(statistics_lines(report))  # (as ruff: the counts instead of the findings)
    for r in () if statistics else report.reports:
        story = r.story
        for f in r.findings:
            path = safe(finding_path(story, f))
            loc = _loc(story, f)
            head = f"{c(BOLD, path)}:{loc}:" if loc and not loc.startswith("[") else f"{c(BOLD, path)}{loc}:"
            out.append(f"{head} {c(COLOURS.get(f.severity, ''), f.code)} {safe(f.message)}" + (f" [{safe(story.id)}]" if not full else ""))
            if full:
                out.append(f"  {c(DIM, 'story')} {safe(story.id)} ({f.name}, {f.severity})")
                snippet = _snippet(story, f, source_lines)
                if snippet:
                    out.extend("  | " + safe(s) for s in snippet)
                if f.suggestion:
                    out.append(f"  = help: {safe(f.suggestion)}")
                out.append("")
    s = report.summary
    if s.findings:
        sev = ", ".join(f"{n} {k}{'s' if n != 1 and k != 'info' else ''}" for k, n in s.by_severity.items())
        out.append(f"Found {s.findings} finding{'s' if s.findings != 1 else ''} ({sev}) in {s.stories} stor{'ies' if s.stories != 1 else 'y'}.")
    elif s.stories or not s.errors:
        out.append(f"All checks passed: {s.stories} stor{'ies' if s.stories != 1 else 'y'}, no findings.")
    else:
        out.append("No stories were read.")
    if s.errors:
        out[-1] = out[-1].rstrip(".") + f"; {s.errors} input error{'s' if s.errors != 1 else ''} (on standard error)."
    return "\n".join(out) + "\n"


def statistics_lines(report) -> list[str]:
    """``--statistics``: one line per rule, most findings first (count, code, name, severity)."""
    names = {}
    for r in report.reports:
        for f in r.findings:
            names[f.code] = (f.name, f.severity)
    out = []
    for code, n in sorted(report.summary.by_code.items(), key=lambda kv: (-kv[1], kv[0])):
        name, sev = names.get(code, ("", ""))
        out.append(f"{n:>6}  {code:<8} {name:<36} {sev}")
    return out


def _snippet(story, f, source_lines=None) -> list[str]:
    """The source line a finding points at, with a caret under its span: the file's own line
    (``source_lines``), else the line of the story text, acceptance criterion or description
    that holds that position - but not where the reader could not map the value's characters
    to the file one to one (escapes, folded YAML): the value's columns would not line up."""
    from ..engine import position_of

    src = story.source
    if f.line is None:
        return []
    file_lines = source_lines(finding_path(story, f)) if source_lines is not None else None
    if file_lines and 0 < f.line <= len(file_lines):
        # Findings are placed in the file's own columns (escapes, folded YAML, list markers
        # included), so the file's line always lines up with them.
        return _caret(file_lines[f.line - 1], (f.column or 1) - 1, f)
    text_line = src.text_line if src.text_line is not None else src.line
    pieces = []  # (first line, text, exact, field, item)
    if text_line is not None and story.text:
        pieces.append((text_line, story.text, src.exact_positions, "text", None))
    for i, ((line, _column), item) in enumerate(zip(src.ac_positions, story.acceptance_criteria)):
        pieces.append((line, item, src.exact_ac_positions, "ac", i))
    if src.description_line is not None and story.description:
        pieces.append((src.description_line, story.description, True, "description", None))
    column = f.column or 1
    for first, text, exact, field, item in pieces:
        lines = text.split("\n")
        idx = f.line - first
        if not 0 <= idx < len(lines):
            continue
        line = lines[idx]
        # The file column of this line's first character, placed as the engine places findings
        # (a YAML block's later lines are indented, a Markdown item's lines follow its marker).
        offset = sum(len(piece) + 1 for piece in lines[:idx])
        start = column - (position_of(story, field, item, offset)[1] or 1)
        if idx == 0 and not 0 <= start <= len(line) and len(pieces) > 1:
            continue  # another value on the same line (JSON, YAML flow style)
        if not exact:
            return []
        if not 0 <= start <= len(line):
            return [line]
        return _caret(line, start, f)
    return []


def _caret(line: str, start: int, f) -> list[str]:
    """``line`` and a caret line under the finding's span, which starts at index ``start``."""
    if not 0 <= start <= len(line):
        return [_clip(line, 0, 0)[0]]
    width = max(1, (f.end_column - f.column) if f.end_line == f.line and f.end_column and f.column else 1)
    line, start = _clip(line, start, width)
    span = line[start : start + min(width, max(1, len(line) - start))]
    # The line is shown with its control characters escaped (``\x1b``: four cells, not one),
    # so the caret is placed on the line as shown. (A terminal shows wide characters - CJK,
    # most emoji - in two cells, tabs in several.)
    shown, prefix, span = (x.translate(_SHOWN) for x in (line, line[:start], span))
    return [shown.expandtabs(8) if "\t" in shown else shown, _pad(prefix) + "^" * max(1, _cells(span))]


MAX_SHOWN = 160
"""Characters of a long line shown around a finding (a one-line JSON file is one long line)."""


def _clip(line: str, start: int, width: int) -> tuple[str, int]:
    """``line`` cut to about MAX_SHOWN characters around ``start`` (with "…" where it was cut),
    and where ``start`` is in the cut line."""
    if len(line) <= MAX_SHOWN:
        return line, start
    left = max(0, min(start - 40, len(line) - MAX_SHOWN)) if start > 60 else 0
    right = left + max(MAX_SHOWN, min(width, 400) + 40)
    head = "…" if left else ""
    return head + line[left:right] + ("…" if right < len(line) else ""), start - left + len(head)


def _cells(text: str) -> int:
    """Terminal cells ``text`` takes: two for a wide character, none for a combining mark or a
    format character (zero-width joiner, variation selector), nor for a character an emoji
    joiner glues to the one before it ("🧑‍💻" is one picture, two cells)."""
    if text.isascii():
        return len(text)
    from unicodedata import category, combining, east_asian_width

    cells, joined = 0, False
    for ch in text:
        if not joined and not combining(ch) and category(ch) != "Cf" and not "\ufe00" <= ch <= "\ufe0f":
            cells += 2 if east_asian_width(ch) in "WF" else 1
        joined = ch == "\u200d"
    return cells


def _pad(prefix: str) -> str:
    """Blanks as wide as ``prefix`` on a terminal (tabs to the next multiple of 8)."""
    if "\t" not in prefix:
        return " " * _cells(prefix)
    width = 0
    for ch in prefix:
        width = (width // 8 + 1) * 8 if ch == "\t" else width + _cells(ch)
    return " " * width

