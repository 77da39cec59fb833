"""YAML / JSON / JSONL: a list of story objects (or ``{stories: [...]}``, or one story object).

Field names are forgiving (``key``/``id``, ``summary``/``title``, ``story``/``text``,
``ac``/``acceptanceCriteria``, ``points``/``story_points``/``estimate``, ``tags``/``labels``).
A row that cannot become a story is reported as an InputError naming its row and field.
A file met while walking a folder (``walked``) is read only if it holds a story list (see
structured_shapes.is_story_list); a file named on the command line is always read as one.

This module parses a file by its format and reports what cannot be parsed, or must not be (see
structured_limits), then hands the document to the walk (structured_walk), which reads each
story object (structured_story) by its fields (structured_fields).
"""

from __future__ import annotations

import json
from pathlib import PurePath

from ..models import InputError
from .structured_limits import (
    MAX_YAML_DEPTH,
    RECURSIVE_ALIAS,
    TOO_DEEP,
    _unholdable,
    _unholdable_line,
    yaml_expanded_size,
    yaml_expansion_limit,
    yaml_too_deep,
)
from .structured_positions import LineIndex, skip
from .structured_shapes import NOT_A_STORY_LIST, _holds_stories
from .structured_walk import _JsonPlaces, _Walk, _YamlPlaces


def _yaml_items(path: str, text: str, walked: bool = False):
    import yaml

    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    if yaml_too_deep(text):
        yield InputError(path=path, message=f"invalid YAML: {TOO_DEEP} (more than {MAX_YAML_DEPTH} levels)")
        return
    node = None
    try:
        node = yaml.compose(text, Loader=loader_cls)
        # (no "&", no anchor: no alias, and nothing to count)
        try:
            size = yaml_expanded_size(node, yaml) if node is not None and "&" in text else 0
        except ValueError:
            yield InputError(path=path, message=f"invalid YAML: {RECURSIVE_ALIAS}")
            return
        if size > yaml_expansion_limit(text):
            yield InputError(
                path=path,
                message=f"YAML aliases expand to {size:,} characters; a file of {len(text):,} may expand to "
                f"{yaml_expansion_limit(text):,} at most (an alias bomb?)",
            )
            return
        data = yaml.load(text, Loader=loader_cls)
    except RecursionError:
        yield InputError(path=path, message=f"invalid YAML: {TOO_DEEP}")
        return
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc).split("\n", 1)[0]
        yield InputError(path=path, line=line, message=f"invalid YAML: {problem}")
        return
    except (ValueError, OverflowError) as exc:
        yield InputError(path=path, line=_unholdable_line(node, yaml), message=f"invalid YAML: {_unholdable(exc)}")
        return
    if data is None:
        return
    lines = text.split("\n")
    walk = _Walk(path, _YamlPlaces(yaml, lines), walked, 0)
    # File-level directives: "# storylint: disable=... -- why" comment lines before the first
    # story (after it, a "#" line may be the content of a block scalar).
    walk.directive_lines = [(k + 1, raw.strip()) for k, raw in enumerate(lines) if "storylint:" in raw.lower() and raw.lstrip().startswith("#")]
    yield from walk.top(data, node)


def _json_items(path: str, text: str, walked: bool = False):
    if not text.strip():
        return  # an empty file holds no stories (as an empty YAML, text or Markdown file)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield InputError(path=path, line=exc.lineno, message=f"invalid JSON: {exc.msg} (column {exc.colno})")
        return
    except RecursionError:
        yield InputError(path=path, message=f"invalid JSON: {TOO_DEEP}")
        return
    except ValueError as exc:
        yield InputError(path=path, message=f"invalid JSON: {_unholdable(exc)}")
        return
    yield from _Walk(path, _JsonPlaces(text, LineIndex(text)), walked).top(data, skip(text, 0))


def _jsonl_rows_may_be_stories(text: str) -> bool:
    """Whether a JSONL file met while walking a folder may hold stories: one of its rows is
    meant as a story (is_story_item) or holds stories (an epic's ``stories``), or none could be
    read at all (a broken file is reported, not skipped). A log whose last line was cut off is
    not a backlog: its other rows say so."""
    read_any = False
    for line in text.split("\n"):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except (ValueError, RecursionError):
            continue
        if _holds_stories([obj], False, {}):
            return True
        read_any = True
    return not read_any


def _jsonl_items(path: str, text: str, walked: bool = False):
    if walked and not _jsonl_rows_may_be_stories(text):
        yield InputError(path=path, line=1, message=NOT_A_STORY_LIST[2])
        return
    walk = _Walk(path, None, walked)
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            walk.row += 1
            yield InputError(path=path, line=lineno, row=walk.row, message=f"invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        except RecursionError:
            walk.row += 1
            yield InputError(path=path, line=lineno, row=walk.row, message=f"invalid JSON: {TOO_DEEP}")
            continue
        except ValueError as exc:
            walk.row += 1
            yield InputError(path=path, line=lineno, row=walk.row, message=f"invalid JSON: {_unholdable(exc)}")
            continue
        walk.places = _JsonPlaces(line, LineIndex(line, lineno))
        walk.memo = {}  # (judged lists are keyed by id(): a row's lists are freed after it)
        yield from walk.item(obj, skip(line, 0), 0)


def read(path: str, text: str, suffix: str | None = None, *, walked: bool = False):
    """The stories of a YAML, JSON or JSONL file (by ``suffix``, else the path's), and an
    InputError for each row or field that cannot be read.

    ``walked``: the file was met while walking a folder, not named. A list that is not one of
    stories (see structured_shapes.is_story_list) then gives one file-level error of ``NOT_A_STORY_LIST``, and
    nothing else, so that the caller can skip the file; a named file is always read row by row.
    """
    suffix = (suffix or PurePath(path).suffix).lower()
    if suffix in (".jsonl", ".ndjson"):
        yield from _jsonl_items(path, text, walked)
    elif suffix == ".json":
        yield from _json_items(path, text, walked)
    else:
        yield from _yaml_items(path, text, walked)
