"""Markdown list items that hold stories: which items are stories, and each one's parts.

A list of two or more items, most of which are story sentences, is a backlog (``_story_items``);
an item's id or bold title (``_item_prefix``), its story sentence (``_item_story``), the sections
of an item and its nested story items (``_item_sections``), and an item's parts as the entries of
its story (``_expanded``).
"""

from __future__ import annotations

import re

from .markdown_blocks import (
    AC_HEADING_RE,
    CHECKBOX_RE,
    META_RE,
    NOTES_RE,
    STORY_PART_RE,
    STORY_START_RE,
    TABLE,
    TITLE_KEY_RE,
    _Entry,
    _Item,
    _Section,
    _is_story_sentence,
    _without_metadata,
)


# What may open a list item before its story sentence: an id ("US-12 ", "**US-12**: ",
# "[US-12] ") or a bold title ("**Login**: ", "**Login** - ").
ITEM_ID_RE = re.compile(r"(?P<open>\[)?(?P<id>[A-Z][A-Z0-9_]*-\d+|US\d+|#\d+)(?(open)\](?:\([^()\s]*\))?)(?:[ \t]*[:.\-–—|][ \t]*|[ \t]+)")
ITEM_BOLD_RE = re.compile(r"(\*\*|__)([^*_\n]{1,80})\1(?P<sep>[ \t]*[:\-–—|])?[ \t]*")


def _item_prefix(first: str) -> tuple[str | None, str | None, int]:
    """The id and the title opening a list item's first line, and where its text starts."""
    at = 0
    m = CHECKBOX_RE.match(first)
    if m:
        at = m.end()
    m = ITEM_BOLD_RE.match(first, at)
    if m:
        inner = m.group(2).strip()
        key = ITEM_ID_RE.match(inner + " ")
        if key and key.end() >= len(inner):
            return key.group("id"), None, m.end()
        label = inner.rstrip(":").strip()
        if (m.group("sep") or inner.endswith(":")) and label and not STORY_START_RE.match(label) and not STORY_PART_RE.match(label):
            return None, label, m.end()
        return None, None, at
    m = ITEM_ID_RE.match(first, at)
    if m:
        return m.group("id"), None, m.end()
    return None, None, at


def _item_story(item: _Item, story: bool = True) -> tuple[str | None, str | None, _Entry] | None:
    """A list item's id, title and story text (its first paragraph without the checkbox, id or
    bold title before it) when that text reads as a story sentence (or, with ``story=False``,
    whenever the item opens with a paragraph); else None."""
    lead = item.lead
    if lead is None:
        return None
    _kind, line, content, _level, _nums, _x = lead
    first, nl, rest = content.partition("\n")
    sid, title, at = _item_prefix(first)
    text = first[at:] + nl + rest
    if nl and not first[at:].strip():  # "- **US-12**" over the story sentence
        text, line = rest, line + 1
    if story and (not text.strip() or not _is_story_sentence(_without_metadata(text))):
        return None
    return sid, title, ("para", line, text, 0, None, None)


def _story_items(entries: list[_Entry]) -> dict[int, bool]:
    """The top-level list items (outside acceptance criteria) that are stories of their own or
    hold some, and whether each is one itself: the items of a list of two or more items, most
    of which read as story sentences, and then those of any later list under the same heading
    with a story sentence among its items (the backlog goes on after a paragraph: its other
    items are reported as stories too); and an item whose nested items are stories
    ("- Accounts" over "  - As a user, ..." items). A list that belongs to a story is never
    one of stories: one under a story sentence of its own section (its description, whatever
    its items say), or in a section named as a part of a story ("## Related stories",
    "## Out of scope") under a story."""
    lists: dict[int, list[int]] = {}
    ac_lists: set[int] = set()
    owned: set[int] = set()  # lists that belong to the story above them
    under: dict[int, int] = {}  # list -> the number of headings above it
    headings = 0
    in_ac, ac_level = False, 0
    stack: list[tuple[int, str, bool]] = [(0, "", False)]  # (level, title, a story) of the headings above
    story_here = False  # a story sentence in the section so far (outside criteria)
    for k, (kind, _line, content, level, _nums, item) in enumerate(entries):
        if kind == "heading":
            headings += 1
            if AC_HEADING_RE.match(content):
                in_ac, ac_level = True, level
            elif in_ac and level <= ac_level:
                in_ac = False
            while len(stack) > 1 and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, content, bool(TITLE_KEY_RE.match(content)) or _is_story_sentence(content)))
            story_here = False
        elif kind == "para" and "\n" not in content and AC_HEADING_RE.match(content.strip()):
            in_ac, ac_level = True, 99
        elif kind in ("para", "html") and not in_ac and not story_here and level != TABLE:
            text = _without_metadata(content)
            if text.strip() and _is_story_sentence(text):
                story_here = True
                stack[-1] = (*stack[-1][:2], True)
        elif kind == "item" and item is not None:
            if item.list_id not in lists and (
                story_here or (NOTES_RE.match(stack[-1][1]) and any(a for _l, _t, a in stack[:-1]))
            ):
                owned.add(item.list_id)
            lists.setdefault(item.list_id, []).append(k)
            under.setdefault(item.list_id, headings)
            if in_ac:
                ac_lists.add(item.list_id)
    free = {list_id for list_id in lists if list_id not in ac_lists and list_id not in owned}
    told = {list_id: sum(_item_story(entries[k][5]) is not None for k in lists[list_id]) for list_id in free}
    mostly = {list_id for list_id in free if 2 * told[list_id] > len(lists[list_id])}
    backlogs = {under[list_id] for list_id in mostly if len(lists[list_id]) > 1}
    out = {k: True for list_id in free if told[list_id] and under[list_id] in backlogs for k in lists[list_id]}
    for list_id in free:
        for k in lists[list_id]:
            if k not in out and _holds_stories(entries[k][5]):
                out[k] = False
    return out


def _kids(item: _Item) -> list[_Item]:
    return [p for p in item.parts if isinstance(p, _Item)]


def _holds_stories(item: _Item) -> bool:
    """Whether an item's nested items are stories: the item only groups them ("- Accounts", not
    a story sentence itself: a story item's nested items are its criteria, whatever they say)
    and most of them (one of one included) are story sentences."""
    kids = _kids(item)
    return bool(kids) and _item_story(item) is None and 2 * sum(_item_story(k) is not None for k in kids) > len(kids)


def _item_sections(item: _Item, story: bool) -> list[_Section]:
    """The stories of a list item that is a story (``story``) or holds some: its own, then
    those of its nested items when they are stories (else they are its criteria)."""
    out: list[_Section] = []
    holds = _holds_stories(item)
    if story:
        sid, title, lead = _item_story(item, story=False) or (None, None, None)
        sec = _Section(title, item.line, sid, item=True)
        # (an item that does not open with a paragraph: all of it is the story)
        sec.blocks = [("item", item.line, item.content, 0, item.nums, item)] if lead is None else [lead, *_expanded(item, holds)]
        sec.text_at = 0
        out.append(sec)
    if holds:
        for kid in _kids(item):
            out += _item_sections(kid, True)
    return out


def _expanded(item: _Item, stories: bool = False) -> list[_Entry]:
    """The parts of a story's list item after its story sentence, as blocks of the story:
    its paragraphs, code and comments as they are, and its nested items as acceptance criteria
    (a nested "Acceptance criteria" item opens them: its own items are the criteria; a nested
    ``Key: value`` item is metadata), unless they are ``stories`` of their own."""
    out: list[_Entry] = []
    for part in item.parts[1:]:
        if isinstance(part, tuple):
            out.append(part)
            continue
        if stories:
            continue
        lead = part.lead
        if lead is not None and "\n" not in lead[2] and AC_HEADING_RE.match(CHECKBOX_RE.sub("", lead[2]).strip()) and len(part.parts) > 1:
            out.append(("para", lead[1], CHECKBOX_RE.sub("", lead[2]).strip(), 0, None, None))
            out += _expanded(part)
            continue
        if lead is not None and len(part.parts) == 1 and "\n" not in lead[2] and META_RE.match(lead[2].strip()):
            out.append(lead)
            continue
        if part.texts:
            out.append(("crit", part.line, part.content, 0, part.nums, None))
        out += part.directives
    return out
