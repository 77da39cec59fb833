"""Markdown layouts: which headings are stories, and their ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from storylint.config import Config
from storylint.models import Story
from storylint.readers import read_file
from storylint.runner import lint_paths

LAYOUTS = Path(__file__).parent / "fixtures" / "markdown"


def stories(path) -> list[Story]:
    items = list(read_file(path))
    assert all(isinstance(i, Story) for i in items), [i for i in items if not isinstance(i, Story)]
    return items


def findings(path) -> list[tuple[str, str, int, int, int, int]]:
    """(story id, code, line, column, end line, end column) of every finding, sorted."""
    report = lint_paths([str(path)], Config())
    return sorted((r.story.id, f.code, f.line, f.column, f.end_line, f.end_column) for r in report.reports for f in r.findings)


def write(tmp_path, text: str, name: str = "s.md") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize("heading, sid, title", [
    ("[ACC-2] Logout", "ACC-2", "Logout"),
    ("[ACC-2]: Logout", "ACC-2", "Logout"),
    ("[ACC-2](https://jira.example.com/browse/ACC-2) Logout", "ACC-2", "Logout"),
    ("ACC-2 Logout", "ACC-2", "Logout"),
    ("[Draft] Logout", None, "[Draft] Logout"),
])
def test_a_bracketed_key_in_a_heading_is_the_story_id(tmp_path, heading, sid, title):
    p = write(tmp_path, f"## ACC-1 Login\nAs a member, I want to log in so that I can see my orders.\n## {heading}\n"
                        "As a member, I want to log out so that nobody else uses my account.\n")
    a, b = stories(p)
    assert a.id == "ACC-1" and (b.id, b.title) == (sid or "s:3", title)
