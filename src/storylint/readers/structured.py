"""YAML / JSON / JSONL: a list of story objects (or ``{stories: [...]}``).

Field names are forgiving (``key``/``id``, ``summary``/``title``, ``story``/``text``,
``ac``/``acceptanceCriteria``, ``points``/``story_points``/``estimate``, ``tags``/``labels``).
A row that cannot become a story is reported as an InputError naming its row and field.
"""

from __future__ import annotations

import json
import re
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
                if isinstance(value, bool):
                    raise ValueError("expected a number")
                fields[field] = float(value)
            elif value is None:
                continue
            elif isinstance(value, (str, int, float)):
                fields[field] = str(value)
            else:
                raise ValueError(f"expected text, got {type(value).__name__}")
        except (TypeError, ValueError) as exc:
            return InputError(path=path, row=row, line=line, field=key, message=str(exc))
    if not fields.get("text") and fields.get("description", "").lstrip().lower().startswith("as "):
        fields["text"] = fields.pop("description")
    fields.setdefault("id", f"{PurePath(path).stem}:{row}")
    return Story(source=Source(path=path, line=line, row=row), **fields)


def _yaml_items(path: str, text: str):
    import yaml

    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        node = yaml.compose(text, Loader=loader_cls)
        data = yaml.load(text, Loader=loader_cls)
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
        yield InputError(path=path, line=1, message="expected a list of stories (or a mapping with a 'stories' list)")
        return
    lines = [getattr(n, "start_mark", None) for n in getattr(seq_node, "value", [])] if seq_node is not None else []
    for i, obj in enumerate(data):
        line = lines[i].line + 1 if i < len(lines) and lines[i] is not None else None
        story = to_story(obj, path, i + 1, line)
        if isinstance(story, Story) and isinstance(obj, dict) and i < len(lines):
            _yaml_text_position(story, seq_node.value[i])
        yield story


def _yaml_text_position(story: Story, item_node) -> None:
    for k, v in getattr(item_node, "value", []):
        if getattr(k, "value", None) in ALIASES["text"] and getattr(v, "style", None) in (None, "", "'", '"'):
            story.source.text_line = v.start_mark.line + 1
            story.source.text_column = v.start_mark.column + 1 + (1 if v.style in ("'", '"') else 0)
        elif getattr(k, "value", None) in ALIASES["text"] and getattr(v, "style", None) in ("|", ">"):
            story.source.text_line = v.start_mark.line + 2
            story.source.text_column = 1


def _array_item_lines(text: str) -> list[int]:
    """Line of each element of a top-level JSON array, found with the stdlib decoder."""
    dec = json.JSONDecoder()
    ws = re.compile(r"[ \t\n\r]*")
    pos = ws.match(text, 0).end()
    if not text.startswith("[", pos):
        return []
    pos = ws.match(text, pos + 1).end()
    out = []
    while pos < len(text) and text[pos] != "]":
        out.append(text.count("\n", 0, pos) + 1)
        _, pos = dec.raw_decode(text, pos)
        pos = ws.match(text, pos).end()
        if text.startswith(",", pos):
            pos = ws.match(text, pos + 1).end()
    return out


def _json_items(path: str, text: str):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield InputError(path=path, line=exc.lineno, message=f"invalid JSON: {exc.msg} (column {exc.colno})")
        return
    lines: list[int] = []
    if isinstance(data, dict) and "stories" in data:
        data = data["stories"]
    elif isinstance(data, list):
        lines = _array_item_lines(text)
    if not isinstance(data, list):
        yield InputError(path=path, line=1, message="expected a JSON array of stories (or an object with a 'stories' array)")
        return
    for i, obj in enumerate(data):
        yield to_story(obj, path, i + 1, lines[i] if i < len(lines) else None)


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
        yield to_story(obj, path, row, lineno)


def read(path: str, text: str):
    suffix = PurePath(path).suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        yield from _jsonl_items(path, text)
    elif suffix == ".json":
        yield from _json_items(path, text)
    else:
        yield from _yaml_items(path, text)
