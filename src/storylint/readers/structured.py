"""YAML / JSON / JSONL: a list of story objects (or ``{stories: [...]}``).

Field names are forgiving (``key``/``id``, ``summary``/``title``, ``story``/``text``,
``ac``/``acceptanceCriteria``, ``points``/``story_points``/``estimate``, ``tags``/``labels``).
A row that cannot become a story is reported as an InputError naming its row and field.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from pathlib import PurePath
from typing import Any

from ..models import InputError, Source, Story

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


def _pick(obj: dict[str, Any], field: str) -> tuple[str | None, Any]:
    for key in ALIASES[field]:
        if key in obj:
            return key, obj[key]
    return None, None


def _str_list(value: Any, field: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        if field == "acceptance_criteria":
            return [re.sub(r"^\s*(?:[-*•]|\d+[.)])\s*(?:\[[ xX]\]\s*)?", "", ln) for ln in value.split("\n") if ln.strip()]
        return [x.strip() for x in re.split(r"[,;]", value) if x.strip()]
    if isinstance(value, list) and all(isinstance(x, (str, int, float)) for x in value):
        return [str(x) for x in value]
    raise ValueError(f"expected a list of strings, got {type(value).__name__}")


def estimate_value(value: Any) -> float:
    """An estimate as a number: finite and not negative (ValueError with a clear message)."""
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"estimate {value!r} is not a number") from None
    if not math.isfinite(number) or number < 0:
        raise ValueError(f"estimate {value!r} is not a size (a finite number, 0 or more)")
    return number


def to_story(obj: Any, path: str, row: int, line: int | None) -> Story | InputError:
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
                if value is None or value == "":
                    continue
                if isinstance(value, bool) or not isinstance(value, (int, float, str)):
                    raise ValueError(f"estimate {value!r} is not a number")
                fields[field] = estimate_value(value)
            elif value is None:
                continue
            elif isinstance(value, str) or (isinstance(value, (int, float)) and not isinstance(value, bool) and field in ("id", "title")):
                fields[field] = str(value)  # numeric ids and titles are common ("id: 12")
            else:
                raise ValueError(f"expected text, got {type(value).__name__}")
        except (TypeError, ValueError) as exc:
            return InputError(path=path, row=row, line=line, field=key, message=str(exc))
    if not fields.get("text") and fields.get("description", "").lstrip().lower().startswith("as "):
        fields["text"] = fields.pop("description")
    fields.setdefault("id", f"{PurePath(path).stem}:{row}")
    return Story(source=Source(path=path, line=line, row=row), **fields)


NOT_A_STORY_LIST = (
    "expected a list of stories (or a mapping with a 'stories' list)",
    "expected a JSON array of stories (or an object with a 'stories' array)",
)
"""The messages for a well-formed YAML/JSON file that holds no story list (a CI config,
package.json): when met while walking a folder, such a file is skipped, not an error."""

TOO_DEEP = "nested too deeply to read"


def _yaml_items(path: str, text: str):
    import yaml

    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        node = yaml.compose(text, Loader=loader_cls)
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
    if data is None:
        return
    seq_node = node
    if isinstance(data, dict) and "stories" in data:
        data = data["stories"]
        seq_node = next((v for k, v in node.value if getattr(k, "value", None) == "stories"), None)
    if not isinstance(data, list):
        yield InputError(path=path, line=1, message=NOT_A_STORY_LIST[0])
        return
    lines = [getattr(n, "start_mark", None) for n in getattr(seq_node, "value", [])] if seq_node is not None else []
    text_lines = text.split("\n")
    for i, obj in enumerate(data):
        line = lines[i].line + 1 if i < len(lines) and lines[i] is not None else None
        story = to_story(obj, path, i + 1, line)
        if isinstance(story, Story) and isinstance(obj, dict) and i < len(lines):
            _yaml_text_position(story, seq_node.value[i], text_lines)
        yield story


def _yaml_text_position(story: Story, item_node, lines: list[str]) -> None:
    """Point ``text`` and each acceptance criterion at where its value starts in the file."""
    import yaml

    text_key = next((k for k in ALIASES["text"] if story.text and _has_key(item_node, k)), None)
    ac_key = next((k for k in ALIASES["acceptance_criteria"] if _has_key(item_node, k)), None)
    for k, v in getattr(item_node, "value", []):
        key = getattr(k, "value", None)
        if key == text_key and isinstance(v, yaml.ScalarNode):
            story.source.text_line, story.source.text_column = _scalar_start(v, lines)
            if v.style == "|":
                story.source.continuation_column = story.source.text_column
            elif not _yaml_raw_equal(v, lines):
                story.source.exact_positions = False  # folded, multi-line or escaped: no exact columns
        elif key == ac_key and isinstance(v, yaml.SequenceNode) and len(v.value) == len(story.acceptance_criteria):
            if all(isinstance(n, yaml.ScalarNode) for n in v.value):
                story.source.ac_positions = [_scalar_start(n, lines) for n in v.value]
                if not all(n.style == "|" or _yaml_raw_equal(n, lines) for n in v.value):
                    story.source.exact_ac_positions = False
        elif key == ac_key and isinstance(v, yaml.ScalarNode) and story.acceptance_criteria:
            story.source.ac_positions = [_scalar_start(v, lines)] * len(story.acceptance_criteria)
            story.source.exact_ac_positions = False  # one string split into items


def _yaml_raw_equal(node, lines: list[str]) -> bool:
    """True when a one-line scalar's source text equals its value (no escapes, no folding)."""
    start, end = node.start_mark, node.end_mark
    if start.line != end.line or node.style in (">", "|"):
        return False
    raw = lines[start.line][start.column : end.column]
    if node.style in ("'", '"'):
        raw = raw[1:-1]
    return raw == node.value


def _has_key(node, key: str) -> bool:
    return any(getattr(k, "value", None) == key for k, _ in getattr(node, "value", []))


def _scalar_start(node, lines: list[str]) -> tuple[int, int]:
    """(line, column), 1-based, of the first character of a scalar's content."""
    mark = node.start_mark
    if node.style in ("|", ">"):
        # Block scalar: content starts on a following line, at the block's indentation.
        for i in range(mark.line + 1, len(lines)):
            if lines[i].strip():
                return i + 1, len(lines[i]) - len(lines[i].lstrip(" ")) + 1
        return mark.line + 2, 1
    return mark.line + 1, mark.column + 1 + (1 if node.style in ("'", '"') else 0)


_WS = re.compile(r"[ \t\n\r]*")
_DEC = json.JSONDecoder()


def _skip(text: str, pos: int, char: str = "") -> int:
    """Skip whitespace, then ``char`` (if it is next) and the whitespace after it."""
    pos = _WS.match(text, pos).end()
    if char and text.startswith(char, pos):
        pos = _WS.match(text, pos + 1).end()
    return pos


def _array_offsets(text: str, pos: int) -> list[int]:
    """Offset of each element of the JSON array that starts at ``text[pos]``."""
    out: list[int] = []
    if not text.startswith("[", pos):
        return out
    pos = _skip(text, pos + 1)
    while pos < len(text) and text[pos] != "]":
        out.append(pos)
        _, pos = _DEC.raw_decode(text, pos)
        pos = _skip(text, pos, ",")
    return out


def _object_offsets(text: str, pos: int) -> dict[str, int]:
    """Offset of each member's value of the JSON object that starts at ``text[pos]``."""
    out: dict[str, int] = {}
    if not text.startswith("{", pos):
        return out
    pos = _skip(text, pos + 1)
    while pos < len(text) and text[pos] != "}":
        key, pos = _DEC.raw_decode(text, pos)
        pos = _skip(text, pos, ":")
        out[key] = pos
        _, pos = _DEC.raw_decode(text, pos)
        pos = _skip(text, pos, ",")
    return out


class _LineIndex:
    """Offset -> (line, column), 1-based, in O(log n): a big JSON file holds many stories."""

    def __init__(self, text: str, first_line: int = 1):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.first_line = first_line

    def __call__(self, offset: int) -> tuple[int, int]:
        i = bisect_right(self.starts, offset) - 1
        return self.first_line + i, offset - self.starts[i] + 1


def _json_positions(story: Story, obj: dict, text: str, pos: int, where: _LineIndex) -> None:
    """Point ``text`` and the acceptance criteria at their string values in the JSON source.

    Exact unless a string holds escapes (``\\"``, ``\\n``) before the finding.
    """
    try:
        members = _object_offsets(text, pos)
        key = next((k for k in ALIASES["text"] if k in obj), None)
        if key in members and isinstance(obj[key], str) and story.text == obj[key]:
            story.source.text_line, story.source.text_column = where(members[key] + 1)  # + 1: the quote
            if not _json_raw_equal(text, members[key], obj[key]):
                story.source.exact_positions = False  # escapes: columns are mapped one by one
                story.source.text_columns = _json_columns(text, members[key], obj[key])
        key = next((k for k in ALIASES["acceptance_criteria"] if k in obj), None)
        if key in members and isinstance(obj[key], list):
            items = _array_offsets(text, members[key])
            if len(items) == len(story.acceptance_criteria) and all(text.startswith('"', i) for i in items):
                story.source.ac_positions = [where(i + 1) for i in items]
                if not all(_json_raw_equal(text, i, v) for i, v in zip(items, story.acceptance_criteria)):
                    story.source.exact_ac_positions = False
                    columns = [_json_columns(text, i, v) for i, v in zip(items, story.acceptance_criteria)]
                    if all(c is not None for c in columns):
                        story.source.ac_columns = columns
        elif key in members and isinstance(obj[key], str):
            story.source.ac_positions = [where(members[key] + 1)] * len(story.acceptance_criteria)
            story.source.exact_ac_positions = False  # a newline-separated string split into items
    except ValueError:  # positions are a nicety; the values themselves were already read
        pass


def _json_columns(text: str, pos: int, value: str) -> list[int] | None:
    """For the JSON string literal whose opening quote is at ``pos``: how far after the quote
    each character of its decoded ``value`` starts, and one entry for its end (None if the
    literal does not decode to ``value``, which the reader's parse rules out)."""
    cols = []
    start = i = pos + 1
    try:
        while text[i] != '"':
            cols.append(i - start)
            if text[i] != "\\":
                i += 1
            elif text[i + 1] != "u":
                i += 2
            elif 0xD800 <= int(text[i + 2 : i + 6], 16) < 0xDC00 and text.startswith("\\u", i + 6) and 0xDC00 <= int(text[i + 8 : i + 12], 16) < 0xE000:
                i += 12  # a surrogate pair: one character
            else:
                i += 6
    except (IndexError, ValueError):
        return None
    cols.append(i - start)
    return cols if len(cols) == len(value) + 1 else None


def _json_raw_equal(text: str, pos: int, value: str) -> bool:
    """True when the JSON string literal at ``pos`` has no escapes (raw text == value)."""
    _, end = _DEC.raw_decode(text, pos)
    return text[pos + 1 : end - 1] == value


def _json_items(path: str, text: str):
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
    if isinstance(data, dict) and "stories" in data:
        data = data["stories"]
        array_at = _object_offsets(text, _skip(text, 0)).get("stories", -1)
    else:
        array_at = _skip(text, 0)
    if not isinstance(data, list):
        yield InputError(path=path, line=1, message=NOT_A_STORY_LIST[1])
        return
    where = _LineIndex(text)
    offsets = _array_offsets(text, array_at) if array_at >= 0 else []
    for i, obj in enumerate(data):
        at = offsets[i] if i < len(offsets) else None
        story = to_story(obj, path, i + 1, where(at)[0] if at is not None else None)
        if isinstance(story, Story) and at is not None:
            _json_positions(story, obj, text, at, where)
        yield story


def _jsonl_items(path: str, text: str):
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
        story = to_story(obj, path, row, lineno)
        if isinstance(story, Story):
            _json_positions(story, obj, line, _skip(line, 0), _LineIndex(line, lineno))
        yield story


def read(path: str, text: str, suffix: str | None = None):
    suffix = (suffix or PurePath(path).suffix).lower()
    if suffix in (".jsonl", ".ndjson"):
        yield from _jsonl_items(path, text)
    elif suffix == ".json":
        yield from _json_items(path, text)
    else:
        yield from _yaml_items(path, text)
