"""Small helpers shared by tests: build stories from rule examples and review them."""

from __future__ import annotations

import glob
from pathlib import Path

from storylint.models import Source, Story

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


def dalpiaz_lines(files: int | None = None) -> list[str]:
    """The non-blank lines of the Dalpiaz backlogs (UTF-8, with or without BOM, or cp1252)."""
    out: list[str] = []
    for path in sorted(glob.glob(str(SHARED / "data" / "dalpiaz" / "*.txt")))[:files]:
        data = open(path, "rb").read()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252")
        out.extend(line for line in text.splitlines() if line.strip())
    return out


def story_from_example(example, index: int = 0, path: str = "example.txt") -> Story:
    if isinstance(example, str):
        return Story(id=f"ex{index}", text=example, source=Source(path=path, line=1, row=index + 1))
    data = dict(example)
    data.setdefault("id", f"ex{index}")
    data.setdefault("source", {"path": path, "line": 1, "row": index + 1})
    return Story.model_validate(data)


def stories_from_example(example) -> list[Story]:
    if isinstance(example, dict) and "stories" in example:
        return [story_from_example(e, i) for i, e in enumerate(example["stories"])]
    return [story_from_example(example)]
