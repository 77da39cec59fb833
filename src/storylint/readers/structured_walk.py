"""The walk through one parsed YAML/JSON document: its story objects in document order (a list,
the lists a mapping holds, one story object, the stories nested in an epic or a story, up to
MAX_NESTING lists deep), each read by structured_story, placed in the file (by YAML nodes or
JSON offsets: _YamlPlaces, _JsonPlaces) and given the ``# storylint:`` comments that apply to it.

Separate from readers/structured, which parses a file by its format and reports what cannot be
parsed, because the walk is the same for a YAML file, a JSON file and each row of a JSONL file.
"""

from __future__ import annotations

from typing import Any, Iterator

from ..models import InputError, Story
from .structured_fields import _norm_key, field_keys, item_view, key_names
from .structured_positions import LineIndex, Origin, array_offsets, json_positions, object_offsets, yaml_positions
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
        return {self._key(k): (k.start_mark.line + 1, v) for k, v in node.value}

    def _key(self, node) -> Any:
        """A key node as the loaded mapping has it: a string, or what a plain scalar resolves
        to (``2024:`` is the int 2024, ``true:`` True), so that its value's node is found."""
        value = getattr(node, "value", None)
        if not isinstance(value, str) or getattr(node, "tag", "").endswith(":str"):
            return value
        try:
            return self.yaml.safe_load(value)
        except Exception:  # noqa: BLE001 - a key that does not load alone: as written
            return value

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
