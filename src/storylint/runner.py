"""Orchestration (the I/O side): paths -> stories -> ``engine.review`` -> BacklogReport.

The CLI and the HTTP API call this; the engine itself never touches files.
"""

from __future__ import annotations

from typing import Iterable

from .config import Config
from .engine import review
from .models import BacklogReport, InputError, Story
from .readers import expand_paths, read_bytes, read_file


def collect(paths: Iterable[str], config: Config, *, stdin: bytes | None = None, stdin_format: str = "txt", stdin_name: str = "-") -> tuple[list[Story], list[InputError]]:
    stories: list[Story] = []
    errors: list[InputError] = []

    def take(items):
        for item in items:
            (stories if isinstance(item, Story) else errors).append(item)

    for p in paths:
        if p == "-":
            take(read_bytes(stdin_name, stdin or b"", "." + stdin_format.lstrip(".")))
            continue
        for entry in expand_paths([p], config.exclude):
            if isinstance(entry, InputError):
                errors.append(entry)
            else:
                take(read_file(entry))
    return stories, errors


def lint_paths(paths: Iterable[str], config: Config, **kwargs) -> BacklogReport:
    stories, errors = collect(paths, config, **kwargs)
    # --- gherkin (issue 3): parse + check Gherkin once, in a process pool; flush the result cache
    from .gherkin import hooks as gherkin_hooks

    gherkin_hooks.before_review(stories, config)
    report = review(stories, config, errors=errors)
    gherkin_hooks.finish()
    # --- end gherkin
    return report
