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


# --- Markdown reader tests (tests/test_markdown_*.py) ---------------------------------------


def stories(path) -> list[Story]:
    """The stories read from ``path``; the test fails if the reader gave an input error."""
    from storylint.readers import read_file

    items = list(read_file(path))
    assert all(isinstance(i, Story) for i in items), [i for i in items if not isinstance(i, Story)]
    return items


def findings(path) -> list[tuple[str, str, int, int, int, int]]:
    """(story id, code, line, column, end line, end column) of every finding, sorted."""
    from storylint.config import Config
    from storylint.runner import lint_paths

    report = lint_paths([str(path)], Config())
    return sorted((r.story.id, f.code, f.line, f.column, f.end_line, f.end_column) for r in report.reports for f in r.findings)


def write(tmp_path, text: str, name: str = "s.md") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p
