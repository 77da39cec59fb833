"""Structural checks that need Python: one small module per check family.

A story check is ``fn(ctx: StoryContext, **params) -> Iterable[Hit] | None`` (None: no hit;
the simplest checks return a list or None, which is cheaper than a generator).
A set check is ``fn(contexts: list[StoryContext], **params) -> Iterable[tuple[int, Hit]]``,
yielding the index of the story each finding is attached to.
Rules name them with ``kind: python`` / ``kind: set`` and ``check: <name>``.
"""

from __future__ import annotations

from importlib import import_module
from typing import Callable

from ..registry import RuleError

_STORY: dict[str, Callable] = {}
_SET: dict[str, Callable] = {}

# Modules that register checks; imported on first lookup.
MODULES = ("wellformed", "atomic", "minimal", "valuable", "estimable", "testable", "uniform", "unique", "dependencies", "gherkin")
_loaded = False


def story_check(name: str):
    def deco(fn):
        _STORY[name] = fn
        return fn

    return deco


def set_check(name: str):
    def deco(fn):
        _SET[name] = fn
        return fn

    return deco


def _load() -> None:
    global _loaded
    if _loaded:
        return
    for mod in MODULES:
        try:
            import_module(f"{__name__}.{mod}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{mod}":
                raise
    _loaded = True


def get_story_check(name: str) -> Callable:
    _load()
    try:
        return _STORY[name]
    except KeyError:
        raise RuleError(f"no story check named {name!r}; known: {', '.join(sorted(_STORY))}") from None


def get_set_check(name: str) -> Callable:
    _load()
    try:
        return _SET[name]
    except KeyError:
        raise RuleError(f"no set check named {name!r}; known: {', '.join(sorted(_SET))}") from None
