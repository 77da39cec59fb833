"""One YAML/JSON story object as a Story: each field's value coerced (text, a list of strings,
an estimate), HTML and Jira's rich text read as text, criteria written in the story text or the
description split off, the story sentence found in a description or a title when there is no
story text, and where each value comes from (an Origin, for positions). A value that cannot be
read is an InputError that names its field.

Separate from the walk (structured_walk), which finds the story objects in a document and
places them, because this reads one object, whatever document and place it came from.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from ..models import InputError, Source, Story
from .estimate import estimate_value, unsized
from .structured_fields import ALIASES, field_keys, unread_aliases
from .structured_positions import Origin, ac_items, list_items
from .structured_text import adf_text, html_text, is_adf, joined, looks_html, split_criteria

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
    if isinstance(value, (int, float)) and not isinstance(value, bool) and field != "acceptance_criteria":
        return [str(value)]  # one numeric id or label ("depends_on: 42", as Azure DevOps ids are)
    raise ValueError(f"expected a list of strings, got {type(value).__name__}")


OPTIONAL_FIELDS = ("description", "estimate", "labels", "depends_on")
"""Fields a story is still linted without: a bad value is reported on its own (the story's
text is fine), never a reason to drop the story. (A list of acceptance criteria with an item
that is not text is read with that item empty, see read_story.)"""


def read_story(
    obj: Any, path: str, row: int, line: int | None, field_lines: dict[str, int] | None = None, problems: list[InputError] | None = None
) -> tuple[Story | InputError, Origin | None]:
    """A story from one object of a list, and where its values come from in ``obj`` (see
    Origin). An InputError names the row and the field, and the field's own line when
    ``field_lines`` (key -> line) knows it. With ``problems``, a bad value of an optional field
    (``OPTIONAL_FIELDS``) is added there and the story is read without it.

    What the reader makes of the values, in order: HTML (a tracker's rich text) in the story
    text, description or criteria is read as its text; with no criteria field, criteria
    written in the story text or the description under an "Acceptance criteria" heading are
    the criteria (see structured_text.split_criteria), and leave that field; with no story
    text, a description that starts "As ..." is the story text, else a title or summary that
    is a story sentence (see is_story_sentence) is."""
    if not isinstance(obj, dict):
        return InputError(path=path, row=row, line=line, message=f"expected a story object (mapping), got {type(obj).__name__}"), None
    keys = field_keys(obj)
    if problems is not None:
        for field, read, unread in unread_aliases(obj, keys):
            what = {"depends_on": "dependencies", "acceptance_criteria": "acceptance criteria"}.get(field, field)
            message = f"'{unread}' is not read: '{read}' already gives the story's {what}"
            problems.append(InputError(path=path, row=row, line=(field_lines or {}).get(unread, line), field=unread, message=message))
    origin = Origin(keys=dict(keys))
    fields: dict[str, Any] = {}
    estimate_text = None
    for field in ALIASES:
        key = keys[field]
        if key is None:
            continue
        value = obj[key]
        if field in ("text", "description", "acceptance_criteria") and is_adf(value):
            value = adf_text(value)  # Jira Cloud's rich text (REST API v3)
            if field == "acceptance_criteria":
                origin.ac_derived = True
            else:
                origin.spans[field] = None  # (placed at the value's start)
        try:
            if field in ("acceptance_criteria", "labels", "depends_on"):
                if field == "acceptance_criteria" and isinstance(value, str) and looks_html(value):
                    value = html_text(value)
                    origin.ac_derived = True  # (placed at the value's start)
                fields[field] = _str_list(value, field)
            elif field == "estimate":
                if (said := unsized(value)) is not None:
                    estimate_text = said  # "?": no points, and not estimable yet (INV044)
                elif value is not None and (points := estimate_value(value)) is not None:
                    fields[field] = points  # (a t-shirt size: read without points)
            elif value is None:
                continue
            elif isinstance(value, str) or (isinstance(value, (int, float)) and not isinstance(value, bool) and field in ("id", "title")):
                fields[field] = str(value)  # numeric ids and titles are common ("id: 12")
            else:
                raise ValueError(f"expected text, got {type(value).__name__}")
        except (TypeError, ValueError) as exc:
            error = InputError(path=path, row=row, line=(field_lines or {}).get(key, line), field=key, message=str(exc))
            if problems is not None and field == "acceptance_criteria":
                # One criterion that is not text (a mapping, a list) is reported and read as an
                # empty item - the others keep their places - and the story is still linted; so
                # is a field that is no list at all (a mapping): one empty item.
                if isinstance(value, list):
                    fields[field] = [str(x) if isinstance(x, (str, int, float)) and not isinstance(x, bool) else "" for x in value]
                else:
                    fields[field] = [""]
                problems.append(error)
                continue
            if problems is None or field not in OPTIONAL_FIELDS:
                return error, None
            problems.append(error)
    for field in ("text", "description"):
        if field in fields and looks_html(fields[field]):
            fields[field] = html_text(fields[field])
            origin.spans[field] = None  # (placed at the value's start)
    if not fields.get("acceptance_criteria"):
        for field in ("text", "description"):
            value = fields.get(field)
            if not value or (split := split_criteria(value)) is None:
                continue
            kept, items = split
            fields[field] = joined(value, kept)
            fields["acceptance_criteria"] = [item for _, item in items]
            origin.keys["acceptance_criteria"] = keys[field]
            origin.ac_derived = True
            if field not in origin.spans:  # (in HTML made text, offsets are not the file's)
                origin.spans[field] = kept
                origin.ac_at = [off for off, _ in items]
            break
        if not fields.get("description"):
            fields.pop("description", None)
    segments = origin.spans.get("description")
    if not fields.get("text") and fields.get("description", "").lstrip().lower().startswith("as ") and segments and len(segments) > 1:
        # Criteria split off the middle of a description that starts with the story: the story
        # is the part before them, the description the part after ("## Notes").
        whole = obj[keys["description"]]
        fields["text"], fields["description"] = joined(whole, segments[:1]), joined(whole, segments[1:])
        origin.keys["text"] = keys["description"]
        origin.spans["text"], origin.spans["description"] = segments[:1], segments[1:]
    elif not fields.get("text") and fields.get("description", "").lstrip().lower().startswith("as "):
        fields["text"] = fields.pop("description")
        origin.keys["text"], origin.keys["description"] = keys["description"], None
        if "description" in origin.spans:
            origin.spans["text"] = origin.spans.pop("description")
    elif not fields.get("text") and fields.get("title") and is_story_sentence(fields["title"]):
        # The story sentence only in the title ("Summary: As a shopper, I want ..."): the story.
        fields["text"] = fields.pop("title")
        origin.keys["text"], origin.keys["title"] = keys["title"], None
    fields.setdefault("id", f"{PurePath(path).stem}:{row}")
    return Story(source=Source(path=path, line=line, row=row, estimate_text=estimate_text), **fields), origin


def is_story_sentence(text: str) -> bool:
    """Whether a title or summary is a user story sentence, as the parser reads one: a role
    and a wish (``parse_story``'s role and means), and not prose that starts "As" (see
    parse.PROSE_AS_RE): "As a result of the audit, we need logging" is a title, not a story."""
    from ..parse import PROSE_AS_RE, parse_story

    if PROSE_AS_RE.match(text):
        return False

    parsed = parse_story(html_text(text) if looks_html(text) else text)
    return parsed.role is not None and parsed.means is not None
