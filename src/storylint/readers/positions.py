"""Where the characters of a value read from a file are in that file.

A reader hands the engine an *anchor map* for a value that does not sit in the file as one
plain run of characters (a paragraph over several lines, a folded YAML scalar, a string with
escapes): ``(offset, line, column)`` triples, sorted by offset, 1-based line and column. The
characters from one anchor's offset up to the next anchor's follow each other on the anchor's
line. Readers build maps only where they can check them against the file; where they cannot,
they build none and findings point at the start of the value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

Anchor = tuple[int, int, int]
Point = tuple[int, int]


def compress(points: Iterable[Point]) -> list[Anchor]:
    """The anchors of a value from the (line, column) of each of its characters, in order."""
    out: list[Anchor] = []
    prev_line = prev_col = -1
    for i, (line, col) in enumerate(points):
        if line != prev_line or col != prev_col + 1:
            out.append((i, line, col))
        prev_line, prev_col = line, col
    return out


def shifted(anchors: list[Anchor], by: int) -> list[Anchor]:
    return [(offset + by, line, col) for offset, line, col in anchors]


def joined(parts: list[tuple[str, list[Anchor]]], sep: str) -> list[Anchor]:
    """The map of ``sep.join(texts)`` from the maps of its parts."""
    out: list[Anchor] = []
    offset = 0
    for text, anchors in parts:
        out += shifted(anchors, offset)
        offset += len(text) + len(sep)
    return out


def lines_in_file(content: str, line_numbers: list[int], lines: list[str]) -> list[Anchor]:
    """The map of a value whose k-th line is found, verbatim, in file line ``line_numbers[k]``
    (Markdown paragraphs, list items, Gherkin lines: the file's lines without their indentation
    or markers). A line not found there is anchored at that line's first non-blank character."""
    out: list[Anchor] = []
    offset = 0
    for k, piece in enumerate(content.split("\n")):
        line = line_numbers[k] if k < len(line_numbers) else line_numbers[-1] + k - len(line_numbers) + 1
        src = lines[line - 1] if 0 < line <= len(lines) else ""
        idx = src.rfind(piece) if piece else -1
        if idx >= 0:
            out.append((offset, line, idx + 1))
        else:
            out += _words_in_line(piece, offset, line, src) or [(offset, line, len(src) - len(src.lstrip()) + 1)]
        offset += len(piece) + 1
    return out


def by_lines(anchors: list[Anchor], content: str) -> bool:
    """Whether a map says no more than its first position: the value's later lines are the
    file's next lines from their first column (then the anchors are not needed to place it)."""
    if len(anchors) != content.count("\n") + 1:
        return False
    first_line = anchors[0][1]
    return all(line == first_line + k and (k == 0 or col == 1) for k, (_o, line, col) in enumerate(anchors))


def _words_in_line(piece: str, offset: int, line: int, src: str) -> list[Anchor]:
    """Anchors for a line whose text is not in the file verbatim (HTML with its tags dropped and
    entities decoded): each word where it next occurs in the file's line."""
    out: list[Anchor] = []
    pos = 0
    for m in _WORD_RE.finditer(piece):
        idx = src.find(m.group(0), pos)
        if idx >= 0:
            out.append((offset + m.start(), line, idx + 1))
            pos = idx + len(m.group(0))
    return out


_WORD_RE = re.compile(r"[^\s&<>]+|&")


def region(lines: list[str], l0: int, c0: int, l1: int, c1: int) -> list[tuple[str, int, int]]:
    """The file's characters from (l0, c0) up to (l1, c1), 0-based, each with its 1-based
    (line, column); a line break is a ``\\n`` just past its line's last character."""
    out = []
    for ln in range(l0, min(l1, len(lines) - 1) + 1):
        text = lines[ln]
        first = c0 if ln == l0 else 0
        last = c1 if ln == l1 else len(text)
        out += [(text[c], ln + 1, c + 1) for c in range(first, min(last, len(text)))]
        if ln != l1:
            out.append(("\n", ln + 1, len(text) + 1))
    return out


_SIMPLE = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
           "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}
_HEX = {"x": 2, "u": 4, "U": 8}
_HEX_RE = re.compile(r"[0-9A-Fa-f]+")


def _escape(raw: list[tuple[str, int, int]], j: int) -> tuple[str | None, int]:
    """The character a YAML double-quoted escape at ``raw[j]`` stands for, and its length."""
    kind = raw[j + 1][0] if j + 1 < len(raw) else ""
    if kind in _HEX:
        digits = "".join(ch for ch, _l, _c in raw[j + 2 : j + 2 + _HEX[kind]])
        if len(digits) != _HEX[kind] or not _HEX_RE.fullmatch(digits):
            return None, 2
        try:
            return chr(int(digits, 16)), 2 + _HEX[kind]
        except ValueError:
            return None, 2
    return _SIMPLE.get(kind), 2


def align(value: str, raw: list[tuple[str, int, int]], style: str | None) -> list[Point] | None:
    """Where each character of a YAML scalar's ``value`` is, given its source characters
    ``raw`` (without the quotes). Line folding (a line break read as a space, blank lines as
    line breaks), indentation and, in double quotes, escapes are matched up; any other
    difference means the value does not come from ``raw`` as expected, and gives None."""
    points: list[Point] = []
    j, n = 0, len(raw)
    dq, sq = style == '"', style == "'"
    flow = style not in ("|", ">")

    def past_break(j: int) -> int:
        """In a flow scalar, a continuation line's indentation is never part of the value."""
        while flow and j < n and raw[j][0] in " \t":
            j += 1
        return j

    for c in value:
        while True:
            if j >= n:
                return None
            r = raw[j][0]
            if r == "\n" and c != "\n":
                if c == " ":
                    points.append(raw[j][1:])  # a line break folded into a space
                    j = past_break(j + 1)
                    break
                j = past_break(j + 1)  # a line break folded away (before a blank line)
                continue
            if dq and r == "\\":
                if j + 1 < n and raw[j + 1][0] == "\n":
                    j = past_break(j + 2)  # an escaped line break stands for nothing
                    continue
                char, length = _escape(raw, j)
                if char != c:
                    return None
                points.append(raw[j][1:])
                j += length
                break
            if sq and r == "'":
                if c != "'" or j + 1 >= n or raw[j + 1][0] != "'":
                    return None
                points.append(raw[j][1:])
                j += 2
                break
            if r == c:
                points.append(raw[j][1:])
                j = past_break(j + 1) if r == "\n" else j + 1
                break
            if r in " \t\r":
                j += 1  # indentation, or spaces before a line break
                continue
            return None
    return points
