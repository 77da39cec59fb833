"""YAML / JSON / JSONL: a list of story objects (or ``{stories: [...]}``, or one story object).

Field names are forgiving (``key``/``id``, ``summary``/``title``, ``story``/``text``,
``ac``/``acceptanceCriteria``, ``points``/``story_points``/``estimate``, ``tags``/``labels``).
A row that cannot become a story is reported as an InputError naming its row and field.
A file met while walking a folder (``walked``) is read only if it holds a story list (see
is_story_list); a file named on the command line is always read as one.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import PurePath
from typing import Any

from ..models import InputError, Source, Story
from .structured_positions import (
    LineIndex,
    ac_items,
    array_offsets,
    json_columns as _json_columns,  # noqa: F401 - tested here
    json_positions,
    list_items,
    object_offsets,
    skip,
    yaml_positions,
)

ALIASES = {
    "id": ("id", "key", "story_id", "storyId", "issue_key"),
    "title": ("title", "summary", "name"),
    "text": ("text", "story", "user_story", "userStory", "user story"),
    "description": ("description", "details", "notes"),
    "acceptance_criteria": ("acceptance_criteria", "acceptanceCriteria", "acceptance criteria", "ac", "criteria"),
    "estimate": ("estimate", "points", "story_points", "storyPoints", "story points"),
    "labels": ("labels", "tags"),
    "depends_on": ("depends_on", "dependsOn", "dependencies", "depends on"),
}


def _norm_key(key: Any) -> str:
    """A key as the aliases are compared: "Issue key", "issue_key" and "issueKey" are one."""
    return re.sub(r"[\s_-]+", "", key.lower()) if isinstance(key, str) else ""


_NORM_ALIASES = {field: tuple(dict.fromkeys(_norm_key(k) for k in keys)) for field, keys in ALIASES.items()}


def _pick(obj: dict[str, Any], field: str) -> tuple[str | None, Any]:
    """The first alias of ``field`` that ``obj`` has (exactly, else in any case and spelling:
    "Summary", "Acceptance Criteria", "Story Points" as exported by trackers)."""
    for key in ALIASES[field]:
        if key in obj:
            return key, obj[key]
    normal = {}
    for key in obj:
        normal.setdefault(_norm_key(key), key)
    for key in _NORM_ALIASES[field]:
        if key in normal:
            return normal[key], obj[normal[key]]
    return None, None


def _str_list(value: Any, field: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        if field == "acceptance_criteria":
            return [item for _, item in ac_items(value)]
        return [item for _, item in list_items(value)]
    if isinstance(value, list):
        for k, x in enumerate(value):
            if not isinstance(x, (str, int, float)) or isinstance(x, bool):
                shown = "null" if x is None else type(x).__name__
                raise ValueError(f"expected a list of strings; item {k + 1} is {shown}")
        return [str(x) for x in value]
    raise ValueError(f"expected a list of strings, got {type(value).__name__}")


T_SHIRT_SIZE = re.compile(r"X{0,3}S|M|X{0,3}L", re.IGNORECASE)
"""T-shirt sizes, in any case: XXXS, XXS, XS, S, M, L, XL, XXL, XXXL."""

POINTS_RE = re.compile(r"(?P<n>\d+(?:[.,]\d+)?)\s*(?:sp|pts?|points?|story[ _-]?points?)?", re.IGNORECASE)
"""Story points as people write them: ``5 SP``, ``3 pts``, ``8 points``, a decimal comma ``1,5``."""


def estimate_value(value: Any) -> float | None:
    """An estimate as story points: a finite number, 0 or more (``3``, ``"5"``, ``0.5``,
    ``"1,5"``), with or without a unit (``"5 SP"``, ``"3 pts"``, ``"8 points"``).

    Shared by every reader (YAML, JSON, JSONL and Markdown's ``Estimate:`` line). A t-shirt
    size (see ``T_SHIRT_SIZE``) or a blank string is a size that is not a number: None, the
    story is read without points and no point threshold (INV043) applies to it. Anything else
    (``lots``, ``?``, ``true``, a list, a negative number, NaN, infinity, ``1e400``, an
    integer too large for a float) is a ValueError with a message that names the value.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(f"estimate {_shown(value)} is not a number")
    if isinstance(value, str) and (not value.strip() or T_SHIRT_SIZE.fullmatch(value.strip())):
        return None
    if isinstance(value, str) and (m := POINTS_RE.fullmatch(value.strip())):
        value = m.group("n").replace(",", ".")  # "5 SP", "3 pts", "1,5"
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"estimate {_shown(value)} is not a number or a t-shirt size (XS, S, M, L, XL, XXL)") from None
    except OverflowError:  # a JSON integer with hundreds of digits
        number = math.inf
    if not math.isfinite(number) or number < 0:
        raise ValueError(f"estimate {_shown(value)} is not a size (a finite number, 0 or more)")
    return number


def _shown(value: Any, limit: int = 40) -> str:
    """``repr(value)``, cut short when it is long (a number of hundreds of digits)."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 12]}... ({len(text)} characters)"


OPTIONAL_FIELDS = ("estimate", "labels", "depends_on")
"""Fields a story is still linted without: a bad value is reported on its own (the story's
text is fine), never a reason to drop the story."""


def to_story(
    obj: Any, path: str, row: int, line: int | None, field_lines: dict[str, int] | None = None, problems: list[InputError] | None = None
) -> Story | InputError:
    """A story from one object of a list; an InputError names the row and the field, and the
    field's own line when ``field_lines`` (key -> line) knows it. With ``problems``, a bad
    value of an optional field (``OPTIONAL_FIELDS``) is added there and the story is read
    without it."""
    if not isinstance(obj, dict):
        return InputError(path=path, row=row, line=line, message=f"expected a story object (mapping), got {type(obj).__name__}")
    fields: dict[str, Any] = {}
    for field in ALIASES:
        key, value = _pick(obj, field)
        if key is None:
            continue
        try:
            if field in ("acceptance_criteria", "labels", "depends_on"):
                fields[field] = _str_list(value, field)
            elif field == "estimate":
                if value is not None and (points := estimate_value(value)) is not None:
                    fields[field] = points  # (a t-shirt size: read without points)
            elif value is None:
                continue
            elif isinstance(value, str) or (isinstance(value, (int, float)) and not isinstance(value, bool) and field in ("id", "title")):
                fields[field] = str(value)  # numeric ids and titles are common ("id: 12")
            else:
                raise ValueError(f"expected text, got {type(value).__name__}")
        except (TypeError, ValueError) as exc:
            error = InputError(path=path, row=row, line=(field_lines or {}).get(key, line), field=key, message=str(exc))
            if problems is None or field not in OPTIONAL_FIELDS:
                return error
            problems.append(error)
    if not fields.get("text") and fields.get("description", "").lstrip().lower().startswith("as "):
        fields["text"] = fields.pop("description")
    fields.setdefault("id", f"{PurePath(path).stem}:{row}")
    return Story(source=Source(path=path, line=line, row=row), **fields)


def used_keys(obj: dict, story: Story) -> dict[str, str | None]:
    """The key of ``obj`` each field of ``story`` was read from (``text`` may be ``description``'s)."""
    keys = {field: _pick(obj, field)[0] for field in ALIASES}
    desc = keys["description"]
    if story.text and story.description is None and desc is not None and obj.get(desc) == story.text:
        keys["text"], keys["description"] = desc, None
    return keys


NOT_A_STORY_LIST = (
    "expected a list of stories (or a mapping with a 'stories' list)",
    "expected a JSON array of stories (or an object with a 'stories' array)",
    (
        "a list, but not of stories: no item has story text, a title or summary, acceptance criteria, "
        "or a name or description that reads as a user story"
    ),
)
"""The messages for a well-formed YAML/JSON file that holds no story list (a CI config,
package.json; with ``walked``, a list that is not one of stories): when met while walking a
folder, such a file is skipped, not an error."""

GENERIC_KEYS = ("name", *ALIASES["description"])
"""Keys the reader takes (a story's title, its description) that most lists of other things use
too: Ansible tasks, country tables, package and label lists have a ``name`` and a ``description``."""

STORY_KEYS = frozenset(
    [k for field in ("text", "title", "acceptance_criteria") for k in ALIASES[field] if k not in GENERIC_KEYS]
    + [k for keys in ALIASES.values() for k in keys if "story" in k.lower()]
)
"""Keys that only a backlog item has: its story text, title or summary, acceptance criteria,
and any key that says "story" (``story_id``, ``story_points``)."""


TYPE_KEYS = ("type", "issuetype", "issue_type", "issueType", "kind", "work_item_type", "workItemType")
"""Keys that name an item's type in tracker exports."""


_NORM_STORY_KEYS = frozenset(_norm_key(k) for k in STORY_KEYS)


def _says_story(obj: dict) -> bool:
    """A tracker item that says what it is ("type: story", "issuetype: User Story")."""
    return any(isinstance(v := obj.get(k), str) and v.strip().lower() in ("story", "user story", "userstory", "user_story") for k in TYPE_KEYS)


def _reads_as_story(obj: dict, keys: frozenset[str] | None = None) -> bool:
    """Whether a string value of ``obj`` (of the normalised ``keys`` only, when given) reads as
    a user story: a role ("As a ...") or a wish ("I want ...")."""
    texts = [v for k, v in obj.items() if (keys is None or _norm_key(k) in keys) and isinstance(v, str) and v.strip()]
    if not texts:
        return False
    from ..parse import parse_story

    return any((p := parse_story(t)).role is not None or p.means is not None for t in texts)


_NORM_GENERIC_KEYS = frozenset(_norm_key(k) for k in GENERIC_KEYS)
_NORM_TEXT_KEYS = frozenset(_norm_key(k) for field in ("text", "acceptance_criteria") for k in ALIASES[field])


def is_story_item(obj: Any) -> bool:
    """Whether one object of a list met while walking a folder is meant as a story: it has a key
    of ``STORY_KEYS`` (whatever its value, even an empty or broken one), or a ``name`` or
    ``description`` (``GENERIC_KEYS``) whose value reads as a user story (a role, "As a ...",
    or a wish, "I want ..."), or a type (``TYPE_KEYS``) that says "story". Ids, estimates,
    labels and dependencies alone say nothing."""
    if not isinstance(obj, dict):
        return False
    if any(key in STORY_KEYS or _norm_key(key) in _NORM_STORY_KEYS for key in obj):
        return True
    return _says_story(obj) or _reads_as_story(obj, _NORM_GENERIC_KEYS)


def is_single_story(obj: Any, walked: bool) -> bool:
    """Whether a YAML/JSON file's top-level mapping (not a list, not ``{stories: [...]}``) is
    one story: a story-per-file layout. A named file needs what a list item needs (see
    is_story_item). A file met while walking a folder needs more, since many configuration
    files have a ``title`` or a ``name`` (a site's ``_config.yml``): story text or acceptance
    criteria, a type that says "story", or a value that reads as a user story."""
    if not isinstance(obj, dict) or "stories" in obj or not is_story_item(obj):
        return False
    if not walked or any(_norm_key(key) in _NORM_TEXT_KEYS for key in obj):
        return True
    return _says_story(obj) or _reads_as_story(obj)


def is_story_list(items: list) -> bool:
    """Whether a YAML/JSON list met while walking a folder is a story list.

    The principle: a list is taken as stories when at least one of its items is meant as one
    (see is_story_item), as a text or Markdown file met while walking counts when one of its
    items has a role, a wish or acceptance criteria. One story is enough: the whole file is
    then read, and every other row reported as it is, broken rows as input errors. A list of
    scalars, or of objects with nothing but a ``name`` (an Ansible task list, a country table)
    is not a backlog and is skipped. A file named on the command line is not judged: it is
    always read as stories (see ``read``), and a file that says it holds stories (a mapping with
    a ``stories`` list) always counts.
    """
    return any(is_story_item(obj) for obj in items)


TOO_DEEP = "nested too deeply to read"

MAX_YAML_DEPTH = 500
"""How deeply a YAML file may nest (flow brackets, and the columns a block line's indentation,
dashes and ``?``/``:`` indicators take). libyaml recurses in C, where a file nested some 20,000
levels deep (50 KB of ``[``) overflows the stack and kills the process: no Python exception."""

_FLOW_BRACKET_RE = re.compile(r"[\[\]{}]")
_BLOCK_PREFIX_RE = re.compile(r"^[ \t]*(?:[-?:][ \t]+(?:[&!]\S*[ \t]+)*)*", re.M)
"""A line's indentation with its block indicators (``- - - x``, ``? - &a - x``); unambiguous
(each part starts with a character no other can match), so linear."""


def yaml_too_deep(text: str, limit: int = MAX_YAML_DEPTH) -> bool:
    """Whether YAML ``text`` may nest more than ``limit`` levels: a cheap, linear, conservative
    check made before the parser sees the text (see MAX_YAML_DEPTH). Either bound on its own:
    the deepest run of flow brackets (``[``/``{`` not yet closed, wherever they are), or the
    widest block prefix of a line that has content (indentation, dashes, ``?``/``:``). Both
    together are still far below what libyaml survives; a real backlog is far below either."""
    for line in text.splitlines():
        if len(line) > limit and (m := _BLOCK_PREFIX_RE.match(line)) and m.end() > limit:
            if m.end() < len(line) or len(m.group().rstrip(" \t")) > limit:  # (not a blank line)
                return True
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for m in _FLOW_BRACKET_RE.finditer(text):
        if m.group() in "[{":
            depth += 1
            if depth > limit:
                return True
        elif depth:
            depth -= 1
    return False


def yaml_expanded_size(node: Any, yaml: Any) -> int:
    """The size of a composed YAML node graph once its aliases are expanded: one for each node
    plus the length of each scalar, a node shared by aliases counted once per reference
    (memoised per node, so linear in the number of distinct nodes)."""
    sizes: dict[int, int] = {}
    todo: list[tuple[Any, bool]] = [(node, False)]
    while todo:
        n, done = todo.pop()
        if id(n) in sizes:
            continue
        if isinstance(n, yaml.ScalarNode):
            sizes[id(n)] = 1 + len(n.value)
            continue
        children = [x for pair in n.value for x in pair] if isinstance(n, yaml.MappingNode) else list(n.value)
        if done:
            sizes[id(n)] = 1 + sum(sizes.get(id(c), 0) for c in children)
        else:
            todo.append((n, True))
            todo.extend((c, False) for c in children if id(c) not in sizes)
    return sizes.get(id(node), 0)


def yaml_expansion_limit(text: str) -> int:
    """How large a YAML file's alias-expanded content may be (see yaml_expanded_size): ten times
    the file, and a million characters of room for small files' shared anchors."""
    return 10 * len(text) + 1_000_000


def _unholdable(exc: Exception) -> str:
    """What is wrong with a value the parser read but Python cannot hold (a date such as
    2023-02-30, an integer of more than 4,300 digits), without Python's advice to the programmer."""
    return str(exc).split("; use sys.set_int_max_str_digits", 1)[0]


def _unholdable_line(node, yaml) -> int | None:
    """The line of the first scalar of ``node`` that YAML reads as a date or a number but
    Python cannot hold, if there is one."""
    loader = yaml.SafeLoader("")
    todo = [node]
    while todo:
        n = todo.pop()
        if isinstance(n, yaml.ScalarNode):
            if n.tag.endswith((":timestamp", ":int", ":float")):
                try:
                    loader.construct_object(n)
                except (ValueError, OverflowError):
                    return n.start_mark.line + 1
        elif isinstance(n, yaml.SequenceNode):
            todo.extend(reversed(n.value))
        elif isinstance(n, yaml.MappingNode):
            todo.extend(x for pair in reversed(n.value) for x in reversed(pair))
    return None


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
        if node is not None and "&" in text and (size := yaml_expanded_size(node, yaml)) > yaml_expansion_limit(text):
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
    seq_node = node
    wrapped = isinstance(data, dict) and "stories" in data
    if wrapped:
        data = data["stories"]
        seq_node = next((v for k, v in node.value if getattr(k, "value", None) == "stories"), None)
    single = not wrapped and is_single_story(data, walked)
    if single:  # one story object, not in a list: a story-per-file layout
        data = [data]
    elif not isinstance(data, list):
        yield InputError(path=path, line=1, message=NOT_A_STORY_LIST[0])
        return
    if walked and not wrapped and not is_story_list(data):
        yield InputError(path=path, line=1, message=NOT_A_STORY_LIST[2])
        return
    nodes = [node] if single else getattr(seq_node, "value", []) if seq_node is not None else []
    text_lines = text.split("\n")
    # File-level directives: "# storylint: disable=... -- why" comment lines before the first
    # story (after it, a "#" line may be the content of a block scalar).
    first = nodes[0].start_mark.line if nodes else len(text_lines)
    directives = [(k + 1, raw.strip()) for k, raw in enumerate(text_lines[:first]) if raw.lstrip().startswith("#") and "storylint:" in raw]
    for i, obj in enumerate(data):
        item = nodes[i] if i < len(nodes) else None
        line = item.start_mark.line + 1 if item is not None else None
        key_lines = {getattr(k, "value", None): k.start_mark.line + 1 for k, _ in item.value} if isinstance(item, yaml.MappingNode) else None
        problems: list[InputError] = []
        story = to_story(obj, path, i + 1, line, key_lines, problems)
        if isinstance(story, Story) and isinstance(obj, dict) and item is not None:
            yaml_positions(story, item, used_keys(obj, story), text_lines)
        if directives and isinstance(story, Story):
            story.source.directives = directives
        yield story
        yield from problems


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
    wrapped = isinstance(data, dict) and "stories" in data
    single = not wrapped and is_single_story(data, walked)
    if wrapped:
        data = data["stories"]
        array_at = object_offsets(text, skip(text, 0)).get("stories", -1)
    else:
        array_at = skip(text, 0)
    if single:  # one story object, not in an array: a story-per-file layout
        data = [data]
    elif not isinstance(data, list):
        yield InputError(path=path, line=1, message=NOT_A_STORY_LIST[1])
        return
    if walked and not wrapped and not is_story_list(data):
        yield InputError(path=path, line=1, message=NOT_A_STORY_LIST[2])
        return
    where = LineIndex(text)
    offsets = [array_at] if single else array_offsets(text, array_at) if array_at >= 0 else []
    for i, obj in enumerate(data):
        yield from _json_story(obj, path, i + 1, text, offsets[i] if i < len(offsets) else None, where)


def _json_story(obj: Any, path: str, row: int, text: str, at: int | None, where: LineIndex) -> list[Story | InputError]:
    """The story of the JSON object at offset ``at`` of ``text``, placed in the file, and the
    errors of its optional fields."""
    problems: list[InputError] = []
    if at is None:
        return [to_story(obj, path, row, None, None, problems), *problems]
    try:
        members = object_offsets(text, at)
    except ValueError:  # positions are a nicety; the values themselves were already read
        members = {}
    story = to_story(obj, path, row, where(at)[0], {k: where(v)[0] for k, v in members.items()}, problems)
    if isinstance(story, Story) and members:
        try:
            json_positions(story, obj, used_keys(obj, story), text, members, where)
        except ValueError:
            pass
    return [story, *problems]


def _jsonl_rows_may_be_stories(text: str) -> bool:
    """Whether a JSONL file met while walking a folder may hold stories: one of its rows is
    meant as a story (is_story_item), or none could be read at all (a broken file is reported,
    not skipped). A log whose last line was cut off is not a backlog: its other rows say so."""
    read_any = False
    for line in text.split("\n"):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except (ValueError, RecursionError):
            continue
        if is_story_item(obj):
            return True
        read_any = True
    return not read_any


def _jsonl_items(path: str, text: str, walked: bool = False):
    if walked and not _jsonl_rows_may_be_stories(text):
        yield InputError(path=path, line=1, message=NOT_A_STORY_LIST[2])
        return
    row = 0
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        row += 1
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(path=path, line=lineno, row=row, message=f"invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        except RecursionError:
            yield InputError(path=path, line=lineno, row=row, message=f"invalid JSON: {TOO_DEEP}")
            continue
        except ValueError as exc:
            yield InputError(path=path, line=lineno, row=row, message=f"invalid JSON: {_unholdable(exc)}")
            continue
        yield from _json_story(obj, path, row, line, skip(line, 0), LineIndex(line, lineno))


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
