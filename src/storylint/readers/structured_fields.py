"""Which key of a YAML/JSON story object holds which field: the aliases (``key``/``id``,
``summary``/``title``, ``ac``/``acceptanceCriteria`` ...), compared in any case and spelling and
by the names trackers wrap a field's name in (``System.Title``, ``Custom field (Story Points)``),
and a tracker item that keeps its fields in a ``fields`` mapping (Jira, Azure DevOps REST) read
as that mapping.

Separate from the reader because the reading of a story (structured_story), the judging of what
a file holds (structured_shapes) and the Markdown reader's table headers (markdown_tables) all
name fields by it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

ALIASES = {
    "id": ("id", "key", "story_id", "storyId", "issue_key"),
    "title": ("title", "summary", "name"),
    "text": ("text", "story", "user_story", "userStory", "user story"),
    "description": ("description", "details", "notes"),
    "acceptance_criteria": ("acceptance_criteria", "acceptanceCriteria", "acceptance criteria", "ac", "criteria"),
    "estimate": ("estimate", "points", "story_points", "storyPoints", "story points", "story point estimate"),
    "labels": ("labels", "tags"),
    "depends_on": ("depends_on", "dependsOn", "dependencies", "depends on"),
}


def _norm_key(key: Any) -> str:
    """A key as the aliases are compared: "Issue key", "issue_key" and "issueKey" are one."""
    return re.sub(r"[\s_-]+", "", key.lower()) if isinstance(key, str) else ""


_NORM_ALIASES = {field: tuple(dict.fromkeys(_norm_key(k) for k in keys)) for field, keys in ALIASES.items()}

_BRACKETED_RE = re.compile(r"^\s*custom\s*field\s*\((?P<name>[^()]+)\)\s*$", re.I)


@lru_cache(maxsize=4096)
def key_names(key: Any) -> tuple[str, ...]:
    """The names a key is compared with the aliases by: the key normalised (see _norm_key),
    then the names trackers wrap a field's name in: the last part of a dotted key (Azure
    DevOps: ``System.Title``, ``Microsoft.VSTS.Scheduling.StoryPoints``) and the name in
    brackets of a Jira CSV column (``Custom field (Story Points)``)."""
    if not isinstance(key, str):
        return ()
    names = [_norm_key(key)]
    if (m := _BRACKETED_RE.match(key)) is not None:
        names.append(_norm_key(m.group("name")))
    if "." in key:
        names.append(_norm_key(key.rsplit(".", 1)[1]))
    return tuple(dict.fromkeys(n for n in names if n))


def field_keys(obj: dict) -> dict[str, str | None]:
    """The key of ``obj`` each field is read from: its first alias that ``obj`` has exactly,
    else in any case and spelling ("Summary", "Acceptance Criteria", "Story Points" as trackers
    export them), else by the name a tracker wraps it in (see key_names). A key whose value is
    empty (null, blank) gives way to a later one that has a value: Jira exports carry both
    "Story Points": null and "Story point estimate": 21, and the 21 is the estimate."""
    out: dict[str, str | None] = {}
    missing = []
    for field, keys in ALIASES.items():
        found = next((k for k in keys if k in obj), None)
        out[field] = found
        if found is None or _empty(obj[found]):
            missing.append(field)
    if missing:
        normal: dict[str, list[Any]] = {}
        wrapped: dict[str, list[Any]] = {}
        for key in obj:
            names = key_names(key)
            if names:
                normal.setdefault(names[0], []).append(key)
                for name in names[1:]:
                    wrapped.setdefault(name, []).append(key)
        for field in missing:
            # every key that may hold the field, in order: exact aliases, any spelling, wrapped
            candidates = [k for k in ALIASES[field] if k in obj]
            for table in (normal, wrapped):
                candidates += [k for n in _NORM_ALIASES[field] for k in table.get(n, ()) if k not in candidates]
            out[field] = next((k for k in candidates if not _empty(obj[k])), candidates[0] if candidates else None)
    return out


def unread_aliases(obj: dict, keys: dict[str, str | None]) -> list[tuple[str, str, str]]:
    """``(field, key read, key not read)`` for each other key of ``obj`` that holds a field
    already read from ``keys[field]``, with a value of its own that differs ("text" and "story",
    "points" and "estimate"): one of them is not read, and the reader says so."""
    used = {k for k in keys.values() if k is not None}
    if len(obj) <= len(used):
        return []  # (the common case: every key is a field read)
    out = []
    for key in obj:
        if key in used or _empty(obj[key]):
            continue
        names = key_names(key)
        for field, read in keys.items():
            if read is not None and key != read and (key in ALIASES[field] or any(n in _NORM_ALIASES[field] for n in names)):
                if obj[key] != obj[read]:
                    out.append((field, read, key))
                break
    return out


def _empty(value: Any) -> bool:
    """A value that holds nothing: null, or a blank string."""
    return value is None or (isinstance(value, str) and not value.strip())


ID_FIRST = ("key", "issue_key", "issueKey")
"""In a tracker item whose fields are in a ``fields`` mapping (Jira, Azure DevOps REST), the
outer keys that name it, in order: Jira's ``key`` (``WEB-1``) before its numeric ``id``."""


def item_view(obj: dict, names: dict | None = None) -> tuple[dict, dict[str, tuple[bool, Any]] | None]:
    """The fields of a story object as the reader takes them, and where each comes from.

    A tracker item that keeps its fields in a ``fields`` mapping (Jira's and Azure DevOps' REST
    APIs: ``{"key": "WEB-1", "fields": {"summary": ..., "description": ...}}``) is read as
    that mapping, with its id from the outer object (``key``, else ``id``). Jira's custom
    field ids are read by their names when the export has them (``names``, from
    ``expand=names``: ``customfield_10016`` -> "Story point estimate"). Any other object is
    read as it is. The second value maps each key of the view to (in ``fields``, its key
    there), or is None when the view is ``obj`` itself."""
    inner = obj.get("fields")
    if not isinstance(inner, dict) or not any(k in obj for k in ("id", *ID_FIRST)):
        return obj, None
    view: dict = {}
    where: dict[str, tuple[bool, Any]] = {}
    outer_id = next((k for k in (*ID_FIRST, "id") if k in obj), None)
    if outer_id is not None:
        view[outer_id], where[outer_id] = obj[outer_id], (False, outer_id)
    id_names = set(_NORM_ALIASES["id"])
    for key, value in inner.items():
        name = names.get(key, key) if names and isinstance(key, str) and isinstance(names.get(key), str) else key
        if name in view or name in inner and name != key:
            name = key  # (a name that is taken: the field keeps its id)
        if outer_id is not None and (name in ALIASES["id"] or any(n in id_names for n in key_names(name)[:1])):
            continue  # (the outer object names the item)
        view[name], where[name] = value, (True, key)
    return view, where
