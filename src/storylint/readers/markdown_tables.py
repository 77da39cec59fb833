"""Markdown tables (GFM) of stories: one story per row.

A table is a backlog when its header names the story's text column (the column names the
YAML/JSON reader accepts, ``structured_fields.ALIASES``: "Story", "User story", "Text"), or an id
column and a title, estimate, labels or dependencies column ("| ID | Title | Points |"), or when most of its rows hold a story
sentence in one column (that column is then the text); never under "Acceptance criteria". Each body row is a story on its row's
line: id, title, text, acceptance criteria (``<br>`` separates several), estimate, labels and
dependencies from their columns, each placed on its cell's column; any other column (and a
repeated one) is the story's description, cell by cell. A table that is not of stories is read
as it always was: a paragraph of its lines.

The cells are split from the file's line as markdown-it-py splits them (a ``|`` right after a
backslash, ``\\|``, even ``\\\\|``, is text: a ``|`` in the story text), so that every cell keeps its column; markdown-it-py only says which lines are the table and its rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .positions import Anchor, compress
from .structured_fields import ALIASES, _norm_key

FIELD_OF: dict[str, str] = {}
for _field, _keys in ALIASES.items():
    for _key in _keys:
        FIELD_OF.setdefault(_norm_key(_key), _field)

BR_RE = re.compile(r"<br\s{0,4}/?>", re.I)

Cell = tuple[str, int]
"""A cell's text (stripped) and the 1-based column of its first character (of where it would
be, when empty)."""


class Row:
    """A story row of a table: the cell of each story field, and the other cells."""

    __slots__ = ("line", "fields", "others")

    def __init__(self, line: int):
        self.line = line
        self.fields: dict[str, Cell] = {}
        self.others: list[Cell] = []


def split_cells(src: str) -> list[Cell]:
    """The cells of a table line, in order (linear: one pass over the line)."""
    n = len(src)
    start = n - len(src.lstrip())
    if start < n and src[start] == "|":
        start += 1  # the opening bar

    def cell(a: int, b: int) -> Cell:
        raw = src[a:b]
        return raw.strip(), a + 1 + len(raw) - len(raw.lstrip())

    cells: list[Cell] = []
    seg = k = start
    while k < n:
        if src[k] == "|" and not (k > 0 and src[k - 1] == "\\"):  # (as markdown-it-py splits: any "\|" is text)
            cells.append(cell(seg, k))
            seg = k + 1
        k += 1
    if src[seg:].strip():
        cells.append(cell(seg, n))
    return cells


def story_rows(
    header: list[Cell], rows: list[tuple[int, list[Cell]]], is_story: Callable[[str], bool]
) -> list[Row] | None:
    """The stories of a table (its header cells, and each body row's line and cells), or None
    when it is not a table of stories."""
    width = len(header)
    fields = [FIELD_OF.get(_norm_key(name)) for name, _c in header]
    named = {f for f in fields if f}
    text_col = fields.index("text") if "text" in fields else None
    if text_col is None and rows:
        best = 0
        for c in range(width):
            count = sum(c < len(cells) and bool(cells[c][0]) and is_story(cells[c][0]) for _l, cells in rows)
            if 2 * count > len(rows) and count > best:
                text_col, best = c, count
    if text_col is None and not ("id" in named and named & {"title", "estimate", "labels", "depends_on"}):
        return None
    if text_col is not None:
        fields[text_col] = "text"
    out: list[Row] = []
    for line, cells in rows:
        row = Row(line)
        for c in range(width):
            cell = cells[c] if c < len(cells) else ("", (cells[-1][1] + len(cells[-1][0]) + 3) if cells else 1)
            field = fields[c]
            if field and field not in row.fields:
                row.fields[field] = cell
            elif cell[0]:
                row.others.append(cell)
        out.append(row)
    return out


def criteria(cell: Cell) -> list[Cell]:
    """The criteria of an "Acceptance criteria" cell: ``<br>`` separates them."""
    text, col = cell
    out: list[Cell] = []
    at = 0
    for m in [*BR_RE.finditer(text), None]:
        end = m.start() if m else len(text)
        piece = text[at:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append((piece.strip(), col + at + lead))
        at = m.end() if m else at
    return out


def values(cell: Cell, split: str) -> list[Cell]:
    """The values of a list cell ("auth, ui"), each with its column; ``split`` is a regex of
    the separators."""
    text, col = cell
    out: list[Cell] = []
    for m in re.finditer(rf"[^{split}]+", text):
        value = m.group(0)
        if value.strip():
            out.append((value.strip(), col + m.start() + len(value) - len(value.lstrip())))
    return out


def unescaped(cell: Cell, line: int) -> tuple[str, list[Anchor]]:
    """A cell's text with each ``\\|`` read as the ``|`` it stands for in a table, and the
    anchor map of that text on ``line``."""
    text, col = cell
    out: list[str] = []
    points: list[tuple[int, int]] = []
    k = 0
    while k < len(text):
        if text.startswith("\\|", k):
            k += 1
        out.append(text[k])
        points.append((line, col + k))
        k += 1
    return "".join(out), compress(points) or [(0, line, col)]
