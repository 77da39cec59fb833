"""What a parsed YAML/JSON document holds: whether an object is meant as a story
(is_story_item) or surely is one (is_story_proper), whether a file's top-level mapping is one
story (is_single_story), whether a list holds stories, at any depth (is_story_list,
_holds_stories), and the messages for a file that holds none (NOT_A_STORY_LIST).

Separate from the reading of stories because it judges shapes without reading them: a file met
while walking a folder that holds no story list (a CI config, package.json) is skipped, not
reported, and the runner tells such a file by these messages.
"""

from __future__ import annotations

from typing import Any

from .structured_fields import ALIASES, _norm_key, item_view, key_names
from .structured_text import html_text, looks_html

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
_NORM_TYPE_KEYS = frozenset(_norm_key(k) for k in TYPE_KEYS)
_STORY_TYPES = ("story", "user story", "userstory", "user_story")


def _has_key(obj: dict, normal: frozenset[str]) -> bool:
    """Whether a key of ``obj`` is one of the ``normal`` names (see key_names)."""
    return any(name in normal for key in obj for name in key_names(key))


def _says_story(obj: dict) -> bool:
    """A tracker item that says what it is ("type: story", "issuetype: User Story", Jira's
    ``issuetype: {name: Story}``, Azure DevOps' ``System.WorkItemType: User Story``)."""
    for key, value in obj.items():
        if key in TYPE_KEYS or any(n in _NORM_TYPE_KEYS for n in key_names(key)):
            if isinstance(value, dict):
                value = value.get("name")
            if isinstance(value, str) and value.strip().lower() in _STORY_TYPES:
                return True
    return False


def _reads_as_story(obj: dict, keys: frozenset[str] | None = None) -> bool:
    """Whether a string value of ``obj`` (of the normalised ``keys`` only, when given) reads as
    a user story: a role ("As a ...") or a wish ("I want ...")."""
    texts = [v for k, v in obj.items() if (keys is None or any(n in keys for n in key_names(k))) and isinstance(v, str) and v.strip()]
    if not texts:
        return False
    from ..parse import parse_story

    return any((p := parse_story(html_text(t) if looks_html(t) else t)).role is not None or p.means is not None for t in texts)


_NORM_GENERIC_KEYS = frozenset(_norm_key(k) for k in GENERIC_KEYS)
_NORM_TEXT_KEYS = frozenset(_norm_key(k) for field in ("text", "acceptance_criteria") for k in ALIASES[field])


def is_story_item(obj: Any) -> bool:
    """Whether one object of a list met while walking a folder is meant as a story: it has a key
    of ``STORY_KEYS`` (whatever its value, even an empty or broken one), or a ``name`` or
    ``description`` (``GENERIC_KEYS``) whose value reads as a user story (a role, "As a ...",
    or a wish, "I want ..."), or a type (``TYPE_KEYS``) that says "story". Ids, estimates,
    labels and dependencies alone say nothing. Keys are judged as the reader reads them (see
    item_view and key_names: ``fields.summary``, ``System.Title``)."""
    if not isinstance(obj, dict):
        return False
    obj = item_view(obj)[0]
    if any(key in STORY_KEYS for key in obj) or _has_key(obj, _NORM_STORY_KEYS):
        return True
    return _says_story(obj) or _reads_as_story(obj, _NORM_GENERIC_KEYS)


def is_story_proper(obj: Any) -> bool:
    """Whether an object is surely a story, as a file met while walking a folder that is not a
    list needs one (see is_single_story): it is a story item (see is_story_item) with story
    text or acceptance criteria, a type that says "story", or a value that reads as a user story."""
    if not is_story_item(obj):
        return False
    view = item_view(obj)[0]
    return _has_key(view, _NORM_TEXT_KEYS) or _says_story(view) or _reads_as_story(view)


def is_single_story(obj: Any, walked: bool) -> bool:
    """Whether a YAML/JSON file's top-level mapping (not a list, not ``{stories: [...]}``) is
    one story: a story-per-file layout. A named file needs what a list item needs (see
    is_story_item). A file met while walking a folder needs more, since many configuration
    files have a ``title`` or a ``name`` (a site's ``_config.yml``): see is_story_proper."""
    if not isinstance(obj, dict) or "stories" in obj:
        return False
    return is_story_proper(obj) if walked else is_story_item(obj)


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


_STORY_LIST_KEYS = frozenset(["stories", "userstories"])
"""Keys (normalised) whose list says it holds stories, whatever its items."""

MAX_NESTING = 8
"""How many lists deep stories are read (an epic's stories' subtasks are three lists deep)."""

MAX_SEARCH = 4 * MAX_NESTING
"""How many lists deep the reader looks for a story (see _holds_stories): deeper than
MAX_NESTING, so that stories nested too deeply are named (an input error), not passed over."""


def _holds_stories(items: list, strong: bool, memo: dict, depth: int = 0) -> bool:
    """Whether a list holds stories: one of its items is a story item (see is_story_item; with
    ``strong``, a story proper, see is_story_proper), or holds, in one of its values, a list
    that holds stories (an epic's ``stories``, a feature's ``children``), up to MAX_SEARCH
    lists deep. Each list is judged once (``memo``), so that judging a file is linear. The memo
    holds each list it judged, so that no other list can take its id() while the memo lives."""
    mark = (id(items), strong)
    got = memo.get(mark)
    if got is not None and got[0] is items:
        return got[1]
    memo[mark] = (items, False)  # (a list that holds itself, through YAML aliases)
    found = False
    for x in items:
        if not isinstance(x, dict):
            continue
        if is_story_proper(x) if strong else is_story_item(x):
            found = True
        elif depth < MAX_SEARCH:
            found = any(isinstance(v, list) and v and _holds_stories(v, strong, memo, depth + 1) for v in x.values())
        if found:
            break
    memo[mark] = (items, found)
    return found
