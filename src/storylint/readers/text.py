"""Plain text: one story per line. ``#`` lines are comments; ``KEY-12: `` and ``[KEY-12]``
prefixes are ids; list markers (``- ``, ``* ``, ``12. ``, ``1) ``, ``- [ ] ``) are not text."""

from __future__ import annotations

import re
from pathlib import PurePath

from ..models import Story

_ID = r"[A-Z][A-Z0-9_]*-\d+|#\d+|US\d+"
STORY_ID_RE = re.compile(_ID, re.IGNORECASE)
"""A story id as backlogs write them: ``SHOP-12``, ``#12``, ``US12`` (any case)."""
KEY_RE = re.compile(
    r"^\s*(?:(?:[-*+•]|\d{1,4}[.)])\s+(?:\[[ xX]\]\s+)?)?"  # a list marker ("- ", "* ", "12. ", "1) ", "- [ ] ")
    rf"(?:\[(?P<bid>{_ID})\]\s*[:.–-]?\s+|(?P<id>{_ID})\s*[:.)\]–-]?\s+)?"  # an id ("SHOP-2: ", "[SHOP-2] ")
)
"""What may come before a line's story text: a list marker, and an id (bracketed or not).
Each part starts with a character the others cannot, so the match is linear."""


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
        if line.startswith("\ufeff"):  # a byte-order mark inside the file (exports pasted together)
            line = " " + line[1:]  # (a blank of the same width: columns stay those of the file)
        stripped = line.strip()
        if not stripped:
            continue
        m = match(line)
        key = m.group("id") or m.group("bid")
        if stripped[0] == "#" and not key:
            if "storylint:" in stripped.lower():
                # (padded to its column: a directive's column is where its comment starts)
                directives.append((lineno, line.rstrip()))
            continue
        if m.end() > len(line) - len(line.lstrip()):  # a list marker or an id before the text
            start = m.end()
            found.append((lineno, key or f"{stem}:{lineno}", start, line[start:].rstrip()))
        else:
            # the text is the line without surrounding whitespace, i.e. ``stripped``
            start = 0 if line[0] == stripped[0] else len(line) - len(line.lstrip())
            found.append((lineno, f"{stem}:{lineno}", start, stripped))
    # Validating one plain dict per story is the cheapest way to a validated Story (cheaper
    # than keyword construction, and pydantic's model_construct is slower still).
    validate = Story.model_validate
    for row, (lineno, sid, start, body) in enumerate(found, start=1):
        yield validate({
            "id": sid,
            "text": body,
            "source": {"path": path, "line": lineno, "column": 1, "row": row, "text_column": start + 1, "directives": directives, "holds_criteria": False},
        })
