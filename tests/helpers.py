"""Small helpers shared by tests: build stories from rule examples and review them."""

from __future__ import annotations

from storylint.models import Source, Story


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
