"""Where the values of a YAML or JSON story object are in the file: the story text, the
description, each acceptance criterion, the estimate and each ``depends_on`` id.

``keys`` names, per story field, the key of the object it was read from (``text`` may come
from ``description``). Positions are a nicety: a value they cannot place is left to the
engine's fallback (the value's first character), never given a wrong place.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from ..models import Source, Story
from .positions import Point, align, compress, region
from .structured_text import SEP, Segments

_AC_LINE_RE = re.compile(r"^[^\S\n]*(?:(?:[-*•]|\d+[.)](?!\d))[^\S\n]*(?:\[[ xX]\][^\S\n]*)?)?(?P<item>.*)$", re.MULTILINE)
_LIST_ITEM_RE = re.compile(r"[^,;]+")


def ac_items(value: str) -> list[tuple[int, str]]:
    """The items of acceptance criteria written as one string, one per non-blank line (list
    markers and checkboxes dropped), each with its offset in ``value``."""
    return [(m.start("item"), m.group("item")) for m in _AC_LINE_RE.finditer(value) if m.group(0).strip()]


def list_items(value: str) -> list[tuple[int, str]]:
    """The items of a comma- or semicolon-separated string, each with its offset."""
    out = []
    for m in _LIST_ITEM_RE.finditer(value):
        raw = m.group(0)
        if raw.strip():
            out.append((m.start() + len(raw) - len(raw.lstrip()), raw.strip()))
    return out


def _split_maps(points: list[Point], items: list[tuple[int, str]], start: Point):
    """(first position, anchor map) of each item of a value split into items."""
    firsts = [points[off] if off < len(points) else start for off, _ in items]
    maps = [compress(points[off : off + len(item) + 1]) or None for off, item in items]
    return firsts, maps


@dataclass
class Origin:
    """Where a story's values come from in its object: per field the key it was read from
    (``keys``), and, for a value the reader derived from a string (HTML made text, criteria
    split off a description, a title that is the story), which pieces of that string it kept.

    ``spans``: for ``text`` and ``description``, the segments of the key's value the field is
    made of (joined by ``SEP``), None when the value was rewritten (HTML: placed at its
    start); a field not named here is the whole value. ``ac_at``: the offset of each criterion
    in the criteria key's string value, None when rewritten."""

    keys: dict[str, str | None]
    spans: dict[str, Segments | None] = field(default_factory=dict)
    ac_at: list[int] | None = None
    ac_derived: bool = False
    """Whether the criteria were made from a string by the reader (not a list, not a criteria
    string split by lines), so that ``ac_at`` says where they are."""


def _derived_points(points: list[Point] | None, segments: Segments) -> list[Point] | None:
    """The points of a value made of ``segments`` of a string whose characters are at
    ``points`` (one more point for the string's end); a separator between two segments is
    placed at the next one's start."""
    if points is None:
        return None
    out: list[Point] = []
    for k, (off, n) in enumerate(segments):
        if off + n > len(points):
            return None
        if k:
            out += [points[off]] * len(SEP)
        out += points[off : off + n]
    off, n = segments[-1]
    if off + n < len(points):  # (JSON's points have one for the closing quote)
        out.append(points[off + n])
    return out


def _place_derived(src: Source, field: str, value: str, segments: Segments | None, whole: str, points, start: Point) -> None:
    """Place ``value`` of ``field`` (text or description), made by the reader of the string
    ``whole`` whose characters are at ``points`` (None: not known) and which starts at
    ``start``: character by character when it is made of pieces of ``whole``, else at its start."""
    mapped = None
    if segments and SEP.join(whole[off : off + n] for off, n in segments) == value:
        pts = _derived_points(points, segments)
        mapped = compress(pts) if pts else None
    if field == "description":
        src.description_map = mapped or compress([start] * len(value))  # (else each character at the start)
        return
    first = (mapped[0][1], mapped[0][2]) if mapped else start
    src.text_line, src.text_column = first
    src.exact_positions = False
    src.text_map = mapped


def _place_derived_ac(src: Source, items: list[str], offsets: list[int] | None, whole: str, points, start: Point) -> None:
    """Place criteria the reader made of the string ``whole`` (see _place_derived)."""
    src.exact_ac_positions = False
    if offsets is not None and len(offsets) == len(items) and all(whole[o : o + len(i)] == i for o, i in zip(offsets, items)):
        if points is not None and all(o + len(i) <= len(points) for o, i in zip(offsets, items)):
            src.ac_positions, src.ac_maps = _split_maps(points, list(zip(offsets, items)), start)
            return
    src.ac_positions = [start] * len(items)


# --- YAML -------------------------------------------------------------------------------


def yaml_positions(story: Story, values: dict, origin: Origin, lines: list[str]) -> None:
    """Place the story's values: ``values`` maps the keys of its object (``origin.keys``) to
    their YAML nodes."""
    import yaml

    scalar, sequence = yaml.ScalarNode, yaml.SequenceNode
    keys = origin.keys
    src = story.source
    derived = origin.spans
    for name in ("text", "description"):
        node = values.get(keys.get(name))
        value = getattr(story, name)
        if name in derived and value and isinstance(node, scalar):
            _place_derived(src, name, value, derived[name], node.value, yaml_points(node, lines), scalar_start(node, lines))
        elif name in derived and value and node is not None:  # (a mapping read as text: at its start)
            _place_derived(src, name, value, None, "", None, (node.start_mark.line + 1, node.start_mark.column + 1))
    text = values.get(keys.get("text"))
    if "text" in derived:
        pass
    elif story.text and isinstance(text, scalar) and text.value == story.text:
        src.text_line, src.text_column = scalar_start(text, lines)
        if text.style == "|":
            src.continuation_column = src.text_column
        if not yaml_raw_equal(text, lines):
            src.exact_positions = text.style == "|"  # (a literal block's lines are the file's)
            points = yaml_points(text, lines)
            if points is not None:
                src.text_map = compress(points)
            else:
                src.exact_positions = False
    desc = values.get(keys.get("description"))
    if "description" in derived:
        pass
    elif story.description and isinstance(desc, scalar) and desc.value == story.description:
        points = [scalar_start(desc, lines)] if yaml_raw_equal(desc, lines) else yaml_points(desc, lines)
        if points is None:
            points = [scalar_start(desc, lines)] * len(desc.value)  # each character at the start
        src.description_map = compress(points)
    ac = values.get(keys.get("acceptance_criteria"))
    items = story.acceptance_criteria
    if origin.ac_derived:
        if isinstance(ac, scalar) and items:
            _place_derived_ac(src, items, origin.ac_at, ac.value, yaml_points(ac, lines), scalar_start(ac, lines))
        elif ac is not None and items:
            _place_derived_ac(src, items, None, "", None, (ac.start_mark.line + 1, ac.start_mark.column + 1))
    elif isinstance(ac, sequence) and len(ac.value) == len(items) and all(isinstance(n, scalar) or not v for n, v in zip(ac.value, items)):
        # (an item that is not text - a mapping - was read as an empty criterion: placed at its start)
        src.ac_positions = [scalar_start(n, lines) if isinstance(n, scalar) else (n.start_mark.line + 1, n.start_mark.column + 1) for n in ac.value]
        exact = [not isinstance(n, scalar) or (yaml_raw_equal(n, lines) and n.value == v) for n, v in zip(ac.value, items)]
        src.exact_ac_positions = all(e or n.style == "|" for e, n in zip(exact, ac.value))
        if not all(exact):
            # An item with no map is placed at its start when the items are not all exact, so
            # a one-line exact item gets a map of one anchor (its characters follow each other).
            maps = [[(0, *p)] if e else _compressed(yaml_points(n, lines)) if n.value == v else None
                    for e, n, v, p in zip(exact, ac.value, items, src.ac_positions)]
            if any(maps):
                src.ac_maps = maps
    elif isinstance(ac, scalar) and items:
        start = scalar_start(ac, lines)
        points, split = yaml_points(ac, lines), ac_items(ac.value)
        src.exact_ac_positions = False  # one string split into items
        if points is not None and [item for _, item in split] == items:
            src.ac_positions, src.ac_maps = _split_maps(points, split, start)
        else:
            src.ac_positions = [start] * len(items)
    est = values.get(keys.get("estimate"))
    if (story.estimate is not None or src.estimate_text is not None) and isinstance(est, scalar) and est.start_mark.line == est.end_mark.line:
        line, col = _start(est, lines)
        src.estimate_position = (line + 1, col + 1, est.end_mark.column + 1)
    deps = values.get(keys.get("depends_on"))
    if isinstance(deps, sequence) and len(deps.value) == len(story.depends_on) and all(isinstance(n, scalar) for n in deps.value):
        src.depends_positions = [scalar_start(n, lines) for n in deps.value]
    elif isinstance(deps, scalar) and story.depends_on:
        points, split = yaml_points(deps, lines), list_items(deps.value)
        if points is not None and [item for _, item in split] == story.depends_on:
            src.depends_positions = [points[off] for off, _ in split]


def _compressed(points):
    return compress(points) if points else None


def yaml_points(node, lines: list[str]) -> list[Point] | None:
    """The (line, column) of each character of a scalar's value (None if not to be told)."""
    start, end = node.start_mark, node.end_mark
    if node.style in ("|", ">"):
        raw = region(lines, start.line + 1, 0, end.line, end.column)
    else:
        quote = 1 if node.style in ("'", '"') else 0
        line, col = _start(node, lines)
        raw = region(lines, line, col + quote, end.line, end.column - quote)
    return align(node.value, raw, node.style)


def _start(node, lines: list[str]) -> tuple[int, int]:
    """(line, column), 0-based, where a flow scalar is written: its start mark, or past the
    anchor (``&a``) and tag (``!!str``) written before it, which the mark includes."""
    line, col = node.start_mark.line, node.start_mark.column
    text = lines[line] if line < len(lines) else ""
    if text[col : col + 1] not in ("&", "!"):
        return line, col
    while line < len(lines):
        text = lines[line]
        while col < len(text) and text[col] in " \t":
            col += 1
        if col >= len(text):
            line, col = line + 1, 0
        elif text[col] in "&!":
            while col < len(text) and text[col] not in " \t":
                col += 1
        else:
            return line, col
    return node.start_mark.line, node.start_mark.column


def yaml_raw_equal(node, lines: list[str]) -> bool:
    """True when a one-line scalar's source text equals its value (no escapes, no folding)."""
    end = node.end_mark
    if node.style in (">", "|"):
        return False
    line, col = _start(node, lines)
    if line != end.line:
        return False
    raw = lines[line][col : end.column]
    if node.style in ("'", '"'):
        raw = raw[1:-1]
    return raw == node.value


def scalar_start(node, lines: list[str]) -> tuple[int, int]:
    """(line, column), 1-based, of the first character of a scalar's content."""
    mark = node.start_mark
    if node.style in ("|", ">"):
        # Block scalar: content starts on a following line, at the block's indentation.
        for i in range(mark.line + 1, len(lines)):
            if lines[i].strip():
                return i + 1, len(lines[i]) - len(lines[i].lstrip(" ")) + 1
        return mark.line + 2, 1
    line, col = _start(node, lines)
    return line + 1, col + 1 + (1 if node.style in ("'", '"') else 0)


# --- JSON -------------------------------------------------------------------------------

_WS = re.compile(r"[ \t\n\r]*")
_DEC = json.JSONDecoder()


def skip(text: str, pos: int, char: str = "") -> int:
    """Skip whitespace, then ``char`` (if it is next) and the whitespace after it."""
    pos = _WS.match(text, pos).end()
    if char and text.startswith(char, pos):
        pos = _WS.match(text, pos + 1).end()
    return pos


def array_offsets(text: str, pos: int) -> list[int]:
    """Offset of each element of the JSON array that starts at ``text[pos]``."""
    out: list[int] = []
    if not text.startswith("[", pos):
        return out
    pos = skip(text, pos + 1)
    while pos < len(text) and text[pos] != "]":
        out.append(pos)
        _, pos = _DEC.raw_decode(text, pos)
        pos = skip(text, pos, ",")
    return out


def object_offsets(text: str, pos: int) -> dict[str, int]:
    """Offset of each member's value of the JSON object that starts at ``text[pos]``."""
    out: dict[str, int] = {}
    if not text.startswith("{", pos):
        return out
    pos = skip(text, pos + 1)
    while pos < len(text) and text[pos] != "}":
        key, pos = _DEC.raw_decode(text, pos)
        pos = skip(text, pos, ":")
        out[key] = pos
        _, pos = _DEC.raw_decode(text, pos)
        pos = skip(text, pos, ",")
    return out


class LineIndex:
    """Offset -> (line, column), 1-based, in O(log n): a big JSON file holds many stories."""

    def __init__(self, text: str, first_line: int = 1):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.first_line = first_line

    def __call__(self, offset: int) -> tuple[int, int]:
        i = bisect_right(self.starts, offset) - 1
        return self.first_line + i, offset - self.starts[i] + 1


def json_positions(story: Story, obj: dict, origin: Origin, text: str, members: dict[str, int], where: LineIndex) -> None:
    """Point the story's values at their JSON source (a string is one line of the file; its
    escapes are mapped character by character). ``obj`` is the story object as read, with the
    keys of ``origin.keys``; ``members`` maps them to the offsets of their values in ``text``."""
    src = story.source
    keys = origin.keys
    derived = origin.spans

    def points(pos: int, value: Any) -> list[Point] | None:
        if not isinstance(value, str) or not text.startswith('"', pos):
            return None
        cols = json_columns(text, pos, value)
        if cols is None:
            return None
        line, col = where(pos + 1)
        return [(line, col + c) for c in cols]  # (and one past the end: the closing quote)

    for name in ("text", "description"):
        key = keys.get(name)
        value = getattr(story, name)
        if name in derived and value and key in members and isinstance(obj.get(key), str):
            at = members[key]
            _place_derived(src, name, value, derived[name], obj[key], points(at, obj[key]), where(at + 1))
        elif name in derived and value and key in members:  # (a mapping read as text: at its start)
            _place_derived(src, name, value, None, "", None, where(members[key]))
    key = keys.get("text")
    if "text" in derived:
        pass
    elif story.text and key in members and obj[key] == story.text:
        at = members[key]
        src.text_line, src.text_column = where(at + 1)  # + 1: the quote
        if not json_raw_equal(text, at, story.text):
            src.exact_positions = False  # escapes: columns are mapped one by one
            src.text_map = _compressed(points(at, story.text))
    key = keys.get("description")
    if "description" in derived:
        pass
    elif story.description and key in members and obj[key] == story.description:
        src.description_map = _compressed(points(members[key], story.description))
    key = keys.get("acceptance_criteria")
    items = story.acceptance_criteria
    if origin.ac_derived:
        if key in members and isinstance(obj.get(key), str) and items:
            at = members[key]
            _place_derived_ac(src, items, origin.ac_at, obj[key], points(at, obj[key]), where(at + 1))
        elif key in members and items:
            _place_derived_ac(src, items, None, "", None, where(members[key]))
    elif key in members and isinstance(obj[key], list):
        offsets = array_offsets(text, members[key])
        if len(offsets) == len(items) and all(text.startswith('"', i) for i in offsets):
            src.ac_positions = [where(i + 1) for i in offsets]
            exact = [json_raw_equal(text, i, v) for i, v in zip(offsets, items)]
            if not all(exact):
                src.exact_ac_positions = False
                src.ac_maps = [[(0, *p)] if e else _compressed(points(i, v)) for e, i, v, p in zip(exact, offsets, items, src.ac_positions)]
    elif key in members and isinstance(obj[key], str) and items:
        at = members[key]
        src.exact_ac_positions = False  # a newline-separated string split into items
        pts, split = points(at, obj[key]), ac_items(obj[key])
        if pts is not None and [item for _, item in split] == items:
            src.ac_positions, src.ac_maps = _split_maps(pts, split, where(at + 1))
        else:
            src.ac_positions = [where(at + 1)] * len(items)
    key = keys.get("estimate")
    if (story.estimate is not None or src.estimate_text is not None) and key in members:
        at = members[key]
        _, end = _DEC.raw_decode(text, at)
        line, col = where(at)
        src.estimate_position = (line, col, col + end - at)
    key = keys.get("depends_on")
    if story.depends_on and key in members:
        at, value = members[key], obj[key]
        if isinstance(value, list):
            offsets = array_offsets(text, at)
            if len(offsets) == len(story.depends_on):
                src.depends_positions = [where(i + 1 if text.startswith('"', i) else i) for i in offsets]
        elif isinstance(value, str):
            pts, split = points(at, value), list_items(value)
            if pts is not None and [item for _, item in split] == story.depends_on:
                src.depends_positions = [pts[off] for off, _ in split]


def json_columns(text: str, pos: int, value: str) -> list[int] | None:
    """For the JSON string literal whose opening quote is at ``pos``: how far after the quote
    each character of its decoded ``value`` starts, and one entry for its end (None if the
    literal does not decode to ``value``, which the reader's parse rules out)."""
    cols = []
    start = i = pos + 1
    try:
        while text[i] != '"':
            cols.append(i - start)
            if text[i] != "\\":
                i += 1
            elif text[i + 1] != "u":
                i += 2
            elif 0xD800 <= int(text[i + 2 : i + 6], 16) < 0xDC00 and text.startswith("\\u", i + 6) and 0xDC00 <= int(text[i + 8 : i + 12], 16) < 0xE000:
                i += 12  # a surrogate pair: one character
            else:
                i += 6
    except (IndexError, ValueError):
        return None
    cols.append(i - start)
    return cols if len(cols) == len(value) + 1 else None


def json_raw_equal(text: str, pos: int, value: str) -> bool:
    """True when the JSON string literal at ``pos`` has no escapes (raw text == value)."""
    _, end = _DEC.raw_decode(text, pos)
    return text[pos + 1 : end - 1] == value
