"""``# storylint:`` comments inside one YAML story item.

PyYAML drops comments, so they are found in the text, with the composed nodes saying where
values are: a ``#`` is a comment when it starts a line or follows a space or tab, and is not
inside a scalar - a plain or quoted scalar runs from its node's ``start_mark`` to its
``end_mark``, and a block scalar (``|``, ``>``) holds every line of its body, whatever those
lines start with (a ``#`` there is text, never a comment). The header line of a block scalar
(``text: |  # ...``) may end with a comment, as YAML allows.

Such a comment applies to the story of the item whose lines hold it: after a value on one
of the item's lines, or on a line of its own among the item's lines. After the item's last
value, a comment line belongs to the item only when indented at least as far as its keys: one
at a lesser indentation, between two items, is the next item's when it is at that item's dash
or at column 0 (see leading_directives: a comment line directly above an item belongs to it,
as a doc comment does). The lines of the stories nested in an item (an epic's ``stories``, a
story's ``subtasks``), and the comment lines directly above them, are theirs, not the item's.
"""

from __future__ import annotations

import re

_BLOCK_HEADER = re.compile(r"(?:[!&]\S*[ \t]+)*[|>][-+0-9]*")
"""What a block scalar's node spans on its header line: properties, then ``|``/``>`` and
its chomping and indentation indicators."""


def item_directives(lines: list[str], item, inner=()) -> list[tuple[int, str]]:
    """The ``storylint:`` comments on one story item's own lines, as ``(line, raw)`` for
    ``Source.directives``: ``line`` is 1-based; ``raw`` is the comment with everything before it
    on its line blanked to spaces, so that offsets into ``raw`` are columns of the file.

    ``lines``: the YAML text split at ``"\\n"``; ``item``: the item's node from ``yaml.compose``
    (a mapping, or a scalar for a story given as a bare string); ``inner``: the nodes of the
    lists of stories nested in it, whose lines (up to their last value) are left to those stories.
    """
    first, last = item.start_mark.line, _last_line(item, lines)
    if last < first or not any("storylint" in lines[k].lower() for k in range(first, last + 1)):
        return []
    inside, skip, values_end = _spans(item, lines)  # (block scalars' bodies are skipped)
    tails = []  # after a nested list's last value, the comment lines indented as its items are its
    for node in inner:
        inner_end = _spans(node, lines)[2]
        skip.update(range(node.start_mark.line, inner_end + 1))
        if isinstance(node.value, list) and node.value and not isinstance(node.value[0], tuple):
            skip.update(_leading_lines(lines, node.value[0], -1))  # (the first nested item's)
        tails.append((inner_end, _last_line(node, lines), node.start_mark.column))
    out = []
    indent = item.start_mark.column
    for k in range(first, last + 1):
        line = lines[k]
        if "storylint" not in line.lower() or k in skip:
            continue
        at = _comment_at(line, inside.get(k, ()))
        if at is None:
            continue
        if not line[:at].strip():  # a comment line of its own
            if k > values_end and at < indent:
                continue
            if any(a < k <= b and at >= col for a, b, col in tails):
                continue
        comment = line[at:].rstrip()
        if "storylint:" in comment.lower():
            out.append((k + 1, " " * at + comment))
    return out


def leading_directives(lines: list[str], item, floor: int) -> list[tuple[int, str]]:
    """The ``storylint:`` comment lines directly above one item of a block sequence (only blank
    lines and such comment lines between), written at the item's dash or at column 0: they
    belong to the item, as a doc comment does, as ``(line, raw)`` (see item_directives).
    ``floor``: the (0-based) line where the value before the item ends (the previous item's last
    value), above which nothing is looked at; -1 for none."""
    return [(k + 1, lines[k].rstrip()) for k in _leading_lines(lines, item, floor) if "storylint:" in lines[k].lower()]


def _leading_lines(lines: list[str], item, floor: int) -> list[int]:
    first = item.start_mark.line
    head = lines[first] if first < len(lines) else ""
    dash = len(head) - len(head.lstrip(" \t"))
    if not head[dash:].startswith("-") or item.start_mark.column <= dash:
        return []  # (not the first item on a "- " line: a flow sequence, a nested "- - x")
    out = []
    for k in range(first - 1, floor, -1):
        line = lines[k]
        text = line.lstrip(" \t")
        if not text:
            continue
        if not text.startswith("#") or len(line) - len(text) not in (0, dash):
            break
        out.append(k)
    return out[::-1]


def value_end(node, lines: list[str]) -> int:
    """The (0-based) line where the last value of a node ends (a block scalar's body included)."""
    return _spans(node, lines)[2]


def _last_line(node, lines: list[str]) -> int:
    """The last (0-based) line of a node: its end mark's, unless that is the start of a line."""
    end = node.end_mark
    return min(end.line - 1 if end.column == 0 and end.line > node.start_mark.line else end.line, len(lines) - 1)


def _comment_at(line: str, spans) -> int | None:
    """Where a comment starts on a line (None: no comment), given the ``(start, end)`` column
    spans of the scalars on it."""
    at = line.find("#")
    while at != -1:
        if (at == 0 or line[at - 1] in " \t") and not any(a <= at < b for a, b in spans):
            return at
        at = line.find("#", at + 1)
    return None


def _spans(item, lines: list[str]) -> tuple[dict[int, list[tuple[int, int]]], set[int], int]:
    """The column spans of the scalars under ``item``, by line; the body lines of its block
    scalars; and the (0-based) line where its last value ends."""
    inside: dict[int, list[tuple[int, int]]] = {}
    body: set[int] = set()
    values_end = item.start_mark.line
    seen: set[int] = set()
    todo = [item]
    while todo:
        node = todo.pop()
        if id(node) in seen:  # (an alias is the node it names: visit it once)
            continue
        seen.add(id(node))
        value = node.value
        if isinstance(value, list):  # a mapping (pairs) or a sequence
            for v in value:
                if isinstance(v, tuple):
                    todo.extend(v)
                else:
                    todo.append(v)
            continue
        start, end = node.start_mark, node.end_mark
        values_end = max(values_end, end.line - 1 if end.column == 0 and end.line > start.line else end.line)
        if getattr(node, "style", None) in ("|", ">"):
            head = lines[start.line] if start.line < len(lines) else ""
            m = _BLOCK_HEADER.match(head, start.column)
            inside.setdefault(start.line, []).append((start.column, m.end() if m else start.column + 1))
            body.update(range(start.line + 1, end.line if end.column == 0 else end.line + 1))
            continue
        if start.line == end.line:
            inside.setdefault(start.line, []).append((start.column, end.column))
            continue
        inside.setdefault(start.line, []).append((start.column, 1 << 30))
        for k in range(start.line + 1, end.line):
            inside.setdefault(k, []).append((0, 1 << 30))
        inside.setdefault(end.line, []).append((0, end.column))
    return inside, body, values_end
