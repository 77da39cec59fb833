"""Orchestration (the I/O side): paths -> stories -> ``engine.review`` -> BacklogReport.

The CLI and the HTTP API call this; the engine itself never touches files.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Iterable

from .config import Config
from .engine import review
from .gcpause import gc_paused
from .models import BacklogReport, InputError, Story
from .readers import expand_paths, read_bytes, read_file, reader_for


def collect(
    paths: Iterable[str],
    config: Config,
    *,
    stdin: bytes | None = None,
    stdin_format: str = "txt",
    stdin_name: str = "-",
    skipped: list[str] | None = None,
    spreadsheets: list[str] | None = None,
) -> tuple[list[Story], list[InputError]]:
    """Every story and input error under ``paths``, read with the cyclic collector paused.

    Files met while walking a folder that hold nothing story-like are left out; their paths
    are appended to ``skipped`` (when given) so that the caller can say so, and so are the
    spreadsheet exports met there (``.csv``, ...; not read) to ``spreadsheets``."""
    with gc_paused():
        return _collect(paths, config, stdin, stdin_format, stdin_name, skipped if skipped is not None else [], spreadsheets)


def _collect(
    paths: Iterable[str], config: Config, stdin: bytes | None, stdin_format: str, stdin_name: str, skipped: list[str], spreadsheets: list[str] | None = None
) -> tuple[list[Story], list[InputError]]:
    stories: list[Story] = []
    errors: list[InputError] = []

    def take(items):
        for item in items:
            (stories if isinstance(item, Story) else errors).append(item)

    seen: set[str] = set()  # each file once, however often it is named or reached
    for p in paths:
        if p == "-":
            if "-" not in seen:
                seen.add("-")
                take(read_bytes(stdin_name, stdin or b"", "." + stdin_format.lstrip(".")))
            continue
        for entry in expand_paths([p], config.exclude, mark_found=True, seen=seen, force_exclude=config.force_exclude, spreadsheets=spreadsheets):
            if isinstance(entry, InputError):
                errors.append(entry)
                continue
            path, found = entry
            items = list(read_file(path, walked=found))
            if found and not looks_like_stories(path, items):
                skipped.append(path)  # e.g. a CI .yml, package.json or README.md met while walking a folder
                continue
            take(items)
    if len({s.source.path for s in stories}) > 1:
        _disambiguate_ids(stories)  # ids can only clash between files
    return stories, errors


def _disambiguate_ids(stories: list[Story]) -> None:
    """Generated ids are ``<file stem>:<line>`` (or the stem alone; the stem as the readers take
    it, ``PurePath.stem``: ``sprint.1`` for ``sprint.1.txt``). Files with the same name in
    different folders would collide (and look like duplicates of each other), so when any
    generated id of a file is also an id of another file, *every* generated id of that file is
    qualified with its path (``p/x:1``, ``p/x:2``, ``q/x:1``): the ids of one file read alike
    and say which file they are in. Where the path without its suffix is still shared
    (``p/x.txt`` and ``p/x.md``), the whole path is used (``p/x.txt:1``). Explicit ids
    (``SHOP-1``) are never rewritten: US044 reports those that repeat."""
    stems: dict[str, str] = {}
    by_id: dict[str, set[str]] = {}
    for s in stories:
        by_id.setdefault(s.id, set()).add(s.source.path)
    clashing_files: set[str] = set()
    for s in stories:
        path = s.source.path
        if len(by_id[s.id]) < 2 or path in clashing_files:
            continue
        stem = stems.get(path)
        if stem is None:
            stem = stems[path] = PurePath(path).stem
        if _generated(s.id, stem):
            clashing_files.add(path)
    if not clashing_files:
        return
    qualifier: dict[str, str] = {}
    users: dict[str, int] = {}
    for path in clashing_files:
        q = PurePath(path).with_name(stems[path]).as_posix() if stems[path] else PurePath(path).as_posix()
        qualifier[path] = q
        users[q] = users.get(q, 0) + 1
    for path, q in qualifier.items():
        if users[q] > 1:  # p/x.txt and p/x.md
            qualifier[path] = PurePath(path).as_posix()
    for s in stories:
        path = s.source.path
        if path in clashing_files:
            stem = stems[path]
            if _generated(s.id, stem):
                s.id = qualifier[path] + s.id[len(stem) :]


def _generated(story_id: str, stem: str) -> bool:
    """Whether ``story_id`` is one the readers made up from the file's stem."""
    if not story_id.startswith(stem):
        return False
    rest = story_id[len(stem) :]
    return not rest or (rest[0] == ":" and rest[1:].isdigit())


def looks_like_stories(path: str, items: list) -> bool:
    """Whether a file met while walking a directory is a story file at all.

    A file named on the command line is always read and reported. One found by walking is
    skipped when it holds nothing story-like: a well-formed YAML/JSON file that is not a list
    of stories (a CI config, package.json), or a text/Markdown file in which no item has a
    role, a wish, acceptance criteria, an estimate or dependencies (a README, a licence). Feature files always count, and
    so does a YAML/JSON list the reader takes as stories
    (readers.structured_shapes.is_story_list), however weak its stories. A file that cannot be
    read, decoded or parsed is never skipped: its error is reported.
    """
    name = path.lower()
    if name.endswith((".feature", ".feature.md")):
        return True
    if not any(isinstance(i, Story) for i in items):
        file_errors = [i for i in items if isinstance(i, InputError) and i.row is None]
        if file_errors:  # the file as a whole: not a story list (skipped), or broken (reported)
            from .readers.structured_shapes import NOT_A_STORY_LIST

            return not all(e.message in NOT_A_STORY_LIST for e in file_errors)
    elif reader_for(name) == "structured":
        return True  # the reader judged the list when walking (readers.structured_shapes.is_story_list)
    from .parse import parse_story

    for item in items:
        if isinstance(item, InputError):
            return True  # rows that are meant as stories but are broken: report them
        if item.acceptance_criteria or item.gherkin:
            return True
        if item.depends_on or item.estimate is not None or item.source.estimate_position or item.source.estimate_text:
            return True  # a backlog item (a spike) with an Estimate: or Depends on: line, no story sentence yet
        p = parse_story(item.text)
        if p.role is not None or p.means is not None:
            return True
    return False


def lint_paths(paths: Iterable[str], config: Config, **kwargs) -> BacklogReport:
    stories, errors = collect(paths, config, **kwargs)
    # --- gherkin (issue 3): parse + check Gherkin once, in a process pool; flush the result cache
    from .gherkin import hooks as gherkin_hooks

    gherkin_hooks.before_review(stories, config)
    report = review(stories, config, errors=errors)  # pauses the collector itself
    gherkin_hooks.finish()
    # --- end gherkin
    return report
