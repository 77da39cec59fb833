"""Plain text: one story per line. ``#`` lines are comments; ``KEY-12: `` prefixes are ids."""

from __future__ import annotations

import re
from pathlib import PurePath

from ..models import Source, Story

KEY_RE = re.compile(r"^\s*(?P<id>[A-Z][A-Z0-9_]*-\d+|#\d+|US\d+)\s*[:.)\]–-]?\s+")


def story_id(path: str, line: int) -> str:
    return f"{PurePath(path).stem}:{line}"


def read(path: str, text: str):
    directives = []
    items = []
    for lineno, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#") and not KEY_RE.match(stripped):
            if "storylint:" in stripped:
                directives.append((lineno, stripped))
            continue
        items.append((lineno, line))
    row = 0
    stem = PurePath(path).stem
    for lineno, line in items:
        row += 1
        m = KEY_RE.match(line)
        if m:
            sid, start = m.group("id"), m.end()
        else:
            sid, start = f"{stem}:{lineno}", len(line) - len(line.lstrip())
        body = line[start:].rstrip()
        yield Story(
            id=sid,
            text=body,
            source=Source(path=path, line=lineno, column=1, row=row, text_column=start + 1, directives=directives),
        )
