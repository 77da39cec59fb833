"""Plain text: one story per line. ``#`` lines are comments; ``KEY-12: `` prefixes are ids."""

from __future__ import annotations

import re
from pathlib import PurePath

from ..models import Source, Story, trusted

KEY_RE = re.compile(r"^\s*(?P<id>[A-Z][A-Z0-9_]*-\d+|#\d+|US\d+)\s*[:.)\]–-]?\s+")


def story_id(path: str, line: int) -> str:
    return f"{PurePath(path).stem}:{line}"


def read(path: str, text: str):
    """One pass over the lines finds the stories and the file-level directives; the stories
    are built afterwards, because a directive anywhere in the file applies to all of them."""
    match = KEY_RE.match
    stem = PurePath(path).stem
    directives = []
    found = []  # (line number, id, column where the text starts, text)
    for lineno, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped[0] == "#" and not match(stripped):
            if "storylint:" in stripped:
                directives.append((lineno, stripped))
            continue
        m = match(line)
        if m:
            start = m.end()
            found.append((lineno, m.group("id"), start, line[start:].rstrip()))
        else:
            # the text is the line without surrounding whitespace, i.e. ``stripped``
            start = 0 if line[0] == stripped[0] else len(line) - len(line.lstrip())
            found.append((lineno, f"{stem}:{lineno}", start, stripped))
    # Each Story and its Source are built with every field's value in declaration order, as
    # validating the same values gives them (tests/test_io_path.py compares the two): the values
    # are strings and ints made here, so validation would only check and copy them.
    for row, (lineno, sid, start, body) in enumerate(found, start=1):
        yield _story(sid, body, path, lineno, row, start + 1, directives)


def _story(sid: str, body: str, path: str, line: int, row: int, text_column: int, directives: list) -> Story:
    """``Story.model_validate({"id": sid, "text": body, "source": {"path": path, "line": line,
    "column": 1, "row": row, "text_column": text_column, "directives": directives}})`` without
    validation (models.trusted), with the same fields recorded as set (``model_fields_set``)."""
    source = trusted(Source, {
        "path": path, "line": line, "column": 1, "row": row, "text_line": None,
        "text_column": text_column, "continuation_column": 1, "exact_positions": True,
        "exact_ac_positions": True, "description_line": None, "ac_positions": [],
        "directives": list(directives),
    })
    _setattr(source, "__pydantic_fields_set__", {"path", "line", "column", "row", "text_column", "directives"})
    story = trusted(Story, {
        "id": sid, "title": None, "text": body, "description": None, "acceptance_criteria": [],
        "estimate": None, "labels": [], "depends_on": [], "gherkin": None, "source": source,
    })
    _setattr(story, "__pydantic_fields_set__", {"id", "text", "source"})
    return story


_setattr = object.__setattr__
