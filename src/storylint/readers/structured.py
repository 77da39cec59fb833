"""YAML / JSON / JSONL: a list of story objects (or ``{stories: [...]}``, or one story object).

Field names are forgiving (``key``/``id``, ``summary``/``title``, ``story``/``text``,
``ac``/``acceptanceCriteria``, ``points``/``story_points``/``estimate``, ``tags``/``labels``).
A row that cannot become a story is reported as an InputError naming its row and field.
A file met while walking a folder (``walked``) is read only if it holds a story list (see
is_story_list); a file named on the command line is always read as one.
"""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any, Iterator

from ..models import InputError, Story
from .structured_fields import _norm_key, field_keys, item_view, key_names
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
from .structured_positions import (
    LineIndex,
    Origin,
    array_offsets,
    json_columns as _json_columns,  # noqa: F401 - tested here
    json_positions,
    object_offsets,
    skip,
    yaml_positions,
)
from .structured_shapes import (
    MAX_NESTING,
    NOT_A_STORY_LIST,
    TYPE_KEYS,
    _NORM_TYPE_KEYS,
    _STORY_LIST_KEYS,
    _holds_stories,
    is_single_story,
)
from .structured_story import read_story
from .yaml_comments import item_directives, leading_directives, value_end


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
    walk.directive_lines = [(k + 1, raw.strip()) for k, raw in enumerate(lines) if "storylint:" in raw and raw.lstrip().startswith("#")]
    yield from walk.top(data, node)


NO_STORY = "no story text or title"


class _YamlPlaces:
    """Where a YAML file's objects are: their nodes."""

    def __init__(self, yaml, lines: list[str]):
        self.yaml, self.lines = yaml, lines

    def line(self, node) -> int | None:
        return node.start_mark.line + 1 if node is not None else None

    def column(self, node) -> int:
        return node.start_mark.column + 1

    def members(self, node) -> dict[Any, tuple[int, Any]]:
        """key -> (line of the key, node of its value)."""
        if not isinstance(node, self.yaml.MappingNode):
            return {}
        return {getattr(k, "value", None): (k.start_mark.line + 1, v) for k, v in node.value}

    def elements(self, node) -> list:
        return list(node.value) if isinstance(node, self.yaml.SequenceNode) else []

    def place(self, story: Story, view: dict, origin: Origin, places: dict) -> None:
        yaml_positions(story, places, origin, self.lines)


class _JsonPlaces:
    """Where a JSON text's values are: their offsets."""

    def __init__(self, text: str, where: LineIndex):
        self.text, self.where = text, where

    def line(self, at: int | None) -> int | None:
        return self.where(at)[0] if at is not None else None

    def column(self, at: int) -> int:
        return self.where(at)[1]

    def members(self, at: int | None) -> dict[str, tuple[int, int]]:
        """key -> (line of the value, offset of the value)."""
        if at is None:
            return {}
        try:  # positions are a nicety; the values themselves were already read
            return {k: (self.where(v)[0], v) for k, v in object_offsets(self.text, at).items()}
        except ValueError:
            return {}

    def elements(self, at: int | None) -> list[int]:
        if at is None:
            return []
        try:
            return array_offsets(self.text, at)
        except ValueError:
            return []

    def place(self, story: Story, view: dict, origin: Origin, places: dict) -> None:
        try:
            json_positions(story, view, origin, self.text, places, self.where)
        except ValueError:
            pass


class _Walk:
    """Reads the stories of one parsed YAML/JSON document, in document order: a list of story
    objects, the lists of stories a mapping holds (``{stories: [...]}``, ``{epics: [...]}``,
    Jira's ``{issues: [...]}``), one story object, and the lists of stories nested in a story
    object (an epic's ``stories``, a story's ``subtasks``, up to MAX_NESTING lists deep).

    An object that holds stories but has no story text or criteria of its own (an epic with a
    summary) only groups them: it is not a story. ``row`` counts every object read, nested ones
    included, in document order."""

    def __init__(self, path: str, places, walked: bool, row: int = 0):
        self.path, self.places, self.walked, self.row = path, places, walked, row
        self.memo: dict = {}
        self.names: dict | None = None
        self.directive_lines: list[tuple[int, str]] = []
        self.directives: list[tuple[int, str]] | None = None
        self.inherited: list[tuple[int, str]] = []
        """The YAML comments of the epics the items being read are nested in: theirs too."""

    def story_lists(self, obj: dict, skip: set, strong: bool = False, nested: bool = False) -> list[tuple[Any, list]]:
        """The values of ``obj`` (but the keys in ``skip``) that are lists holding stories, or
        that say they do (``stories``, ``user_stories``: their rows are read, broken ones
        reported, as in a ``{stories: [...]}`` file).

        ``nested``: ``obj`` is itself an item of a list (a story, an epic). Its lists hold
        stories only when they say so, or when one of their items is a story proper (see
        is_story_proper: story text or criteria, a type that says "story", a value that reads as
        a user story), at any depth: a story's ``links``, ``attachments`` or GitHub
        ``sub_issues`` have a ``title`` or a ``name`` too, and are not stories."""
        return [
            (key, value)
            for key, value in obj.items()
            if isinstance(value, list)
            and value
            and key not in skip
            and (
                ((nested or not strong) and _norm_key(key) in _STORY_LIST_KEYS)
                or _holds_stories(value, strong or nested, self.memo, 1)
            )
        ]

    def top(self, data: Any, place: Any) -> Iterator[Story | InputError]:
        json_file = isinstance(self.places, _JsonPlaces)
        if isinstance(data, list):
            if self.walked and not _holds_stories(data, False, self.memo):
                yield InputError(path=self.path, line=1, message=NOT_A_STORY_LIST[2])
                return
            yield from self.items(data, place, 0)
            return
        if isinstance(data, dict):
            if isinstance(data.get("names"), dict):  # Jira's names of its custom fields (expand=names)
                self.names = data["names"]
            if "stories" in data and not isinstance(data["stories"], list):
                data = None
            elif is_single_story(data, self.walked):  # one story object: a story-per-file layout
                yield from self.item(data, place, 0)
                return
            else:
                lists = self.story_lists(data, {"stories"}, strong=self.walked)
                if "stories" in data:
                    lists.insert(0, ("stories", data["stories"]))  # (a file that says what it holds)
                if lists:
                    members = self.places.members(place)
                    for key, items in lists:
                        yield from self.items(items, members[key][1] if key in members else None, 1)
                    return
        yield InputError(path=self.path, line=1, message=NOT_A_STORY_LIST[1 if json_file else 0])

    def items(self, items: list, place: Any, depth: int) -> Iterator[Story | InputError]:
        places = self.places.elements(place)
        lines = self.places.lines if isinstance(self.places, _YamlPlaces) and self.directive_lines else None
        prev = None
        for i, obj in enumerate(items):
            node = places[i] if i < len(places) else None
            lead: list[tuple[int, str]] = []
            if lines is not None and node is not None:
                # "# storylint: ..." lines directly above the item, at its dash or at column 0
                lead = leading_directives(lines, node, -1)
                if lead and prev is not None:
                    end = value_end(prev, lines)  # (a "#" line in the last item's block scalar is text)
                    lead = [d for d in lead if d[0] - 1 > end]
            yield from self.item(obj, node, depth, lead)
            prev = node

    def item(self, obj: Any, place: Any, depth: int, lead: list[tuple[int, str]] = ()) -> Iterator[Story | InputError]:
        self.row += 1
        row, line = self.row, self.places.line(place)
        if self.directives is None:
            self.directives = [d for d in self.directive_lines if line is None or d[0] < line]
        if lead and self.directives:  # (the comments before the first item are the whole file's)
            lead = [d for d in lead if d not in self.directives]
        if not isinstance(obj, dict):
            yield InputError(path=self.path, row=row, line=line, message=f"expected a story object (mapping), got {type(obj).__name__}")
            return
        members = self.places.members(place)
        view, where = item_view(obj, self.names)
        if where is not None:
            inner = self.places.members(members["fields"][1]) if "fields" in members else {}
            members_of_view = {vk: (inner if in_fields else members).get(k) for vk, (in_fields, k) in where.items()}
            view_members = {k: v for k, v in members_of_view.items() if v is not None}
        else:
            view_members = members
        problems: list[InputError] = []
        grouping: list[tuple[int, str]] = []
        story, origin = read_story(view, self.path, row, line, {k: v[0] for k, v in view_members.items()}, problems)
        if where is not None:
            skip = {"fields", *where}  # (Jira's fields.subtasks and fields.parent only name other issues)
        else:
            skip = {k for k in (origin.keys if origin else field_keys(view)).values() if k is not None}
        lists = self.story_lists(obj, skip, nested=True)
        if isinstance(story, Story):
            if place is not None:
                story.source.column = self.places.column(place)  # (where a finding of the whole item lands)
                self.places.place(story, view, origin, {k: v[1] for k, v in view_members.items()})
            own = [*lead]
            if isinstance(self.places, _YamlPlaces) and place is not None:
                # "# storylint: ..." comments on the item's own lines (readers/yaml_comments)
                own += item_directives(self.places.lines, place, [members[k][1] for k, _ in lists if k in members])
            if self.directives or self.inherited or own:
                story.source.directives = [*(self.directives or []), *self.inherited, *own]
            if lists and not story.text.strip() and not story.acceptance_criteria:
                grouping = own  # an epic, a feature: it groups the stories it holds, and its comments are theirs
            elif not story.text.strip() and story.title is None and (unknown := _unknown_keys(view, origin, lists)):
                # Nothing to read a story from, and keys the reader does not know: name them.
                yield InputError(path=self.path, row=row, line=line, message=f"{NO_STORY}; keys: {_keys_shown(view)} (not known: {_keys_shown(unknown)})")
            else:
                yield story
        else:
            yield story
        yield from problems
        if lists and depth >= MAX_NESTING:
            yield InputError(path=self.path, row=row, line=line, message=f"stories nested more than {MAX_NESTING} lists deep are not read")
            return
        inherited = self.inherited
        if grouping:
            self.inherited = [*inherited, *grouping]
        for key, items in lists:
            yield from self.items(items, members[key][1] if key in members else None, depth + 1)
        self.inherited = inherited


def _unknown_keys(view: dict, origin: Origin, lists: list) -> list:
    """The keys of a story object the reader reads nothing from: not a field's (see ALIASES,
    key_names), a type's (TYPE_KEYS), or a list of stories'."""
    used = {k for k in origin.keys.values() if k is not None} | {k for k, _ in lists}
    return [k for k in view if k not in used and k not in TYPE_KEYS and not any(n in _NORM_TYPE_KEYS for n in key_names(k))]


def _keys_shown(obj, limit: int = 12) -> str:
    """The keys of an object, for a message: the first ``limit`` of them, each cut short."""
    keys = [str(k) if len(str(k)) <= 40 else str(k)[:37] + "..." for k in list(obj)[:limit]]
    more = f" and {len(obj) - limit} more" if len(obj) > limit else ""
    return (", ".join(keys) or "none") + more


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
        yield from walk.item(obj, skip(line, 0), 0)


def read(path: str, text: str, suffix: str | None = None, *, walked: bool = False):
    """The stories of a YAML, JSON or JSONL file (by ``suffix``, else the path's), and an
    InputError for each row or field that cannot be read.

    ``walked``: the file was met while walking a folder, not named. A list that is not one of
    stories (see is_story_list) then gives one file-level error of ``NOT_A_STORY_LIST``, and
    nothing else, so that the caller can skip the file; a named file is always read row by row.
    """
    suffix = (suffix or PurePath(path).suffix).lower()
    if suffix in (".jsonl", ".ndjson"):
        yield from _jsonl_items(path, text, walked)
    elif suffix == ".json":
        yield from _json_items(path, text, walked)
    else:
        yield from _yaml_items(path, text, walked)
