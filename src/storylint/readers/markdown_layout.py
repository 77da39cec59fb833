"""Markdown layout: which headings, list items and paragraphs are stories, as ``_Section``s.

``_layout`` tells a one-story file from a backlog by where the story sentences are under the
heading tree; ``_story_paragraphs`` finds several story sentences in one section; ``_sections``
puts it together with the stories of lists and tables (``markdown_items``) into the sections
that each become one story, and collects the ``storylint:`` directives.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Container

from .markdown_blocks import (
    AC_HEADING_RE,
    NOTES_RE,
    SIBLING_NOTES_RE,
    STORY_PART_RE,
    TABLE,
    TITLE_KEY_RE,
    _Entry,
    _Section,
    _entries,
    _is_story_sentence,
    _without_metadata,
)
from .markdown_inline import plain
from .markdown_items import _item_sections, _item_story, _story_items


ROOT = -1
"""The part of the file before its first heading, as a node of the heading tree."""


def _first_sentence(entries: list[_Entry], start: int, items: Container[int]) -> int | None:
    """The index of the first block from ``start`` up to the next heading that reads as a
    story sentence (criteria under a bold "Acceptance criteria" line, and the list ``items``
    that are stories of their own, excluded), if any."""
    for k in range(start, len(entries)):
        kind, _line, content, _level, _nums, item = entries[k]
        if kind == "heading":
            return None
        if kind == "para":
            if "\n" not in content and AC_HEADING_RE.match(content.strip()):
                return None  # a bold "Acceptance criteria" line: criteria from here on
            content = _without_metadata(content)
        elif kind == "item":
            if k not in items and item is not None and _item_story(item) is not None:
                return k
            continue
        elif kind != "html":
            continue
        if content.strip() and _is_story_sentence(content):
            return k
    return None


def _layout(entries: list[_Entry], items: Container[int] = frozenset()) -> tuple[list[tuple[int, int | None]], set[int]]:
    """Where the stories of a file start, and which headings end a story without starting one.

    Returns ``[(start, sentence)]``, in file order: ``start`` is the index of the story's
    heading, or ``ROOT`` for a story that begins before any heading (the whole file, or the
    text above the first heading); ``sentence`` the index of the block that is its story
    sentence when it is known (else its first paragraph is). And the set of *cuts*: headings
    that close the story above them but start none (a grouping heading such as an epic).

    The file is a heading tree. A section is *story-like* when it holds a story sentence
    (directly, or in a "Story" / "User story" / "Description" part under it, which then counts
    for the section that holds the part) or when its heading starts with an id (``ACC-1``,
    ``[ACC-1]``) or is itself a story sentence. "Acceptance criteria" sections are always
    parts of the story above them.

    - No story-like section (a README, or stories without a role or a wish): one story per
      ``## `` section, or the whole file (as this reader always did).
    - One story-like section: the sections under it are parts of it (criteria, notes, out of
      scope, design ...), never stories of their own; the sections at its own level are
      stories as before, except those whose heading names a part of a story (``NOTES_RE``).
    - Several: a backlog. The stories are the sections at the level that holds the most
      story-like sections (the deeper one on a tie); shallower headings group them (epics)
      and are stories only when they hold a story sentence themselves; deeper ones are parts.
    """
    heads = [k for k, e in enumerate(entries) if e[0] == "heading"]
    level = {ROOT: 0, **{k: entries[k][3] for k in heads}}
    title = {k: entries[k][2] for k in heads}
    ac = {k for k in heads if AC_HEADING_RE.match(title[k])}
    part = {k for k in heads if k not in ac and STORY_PART_RE.match(title[k])}
    parent: dict[int, int] = {}
    stack: list[int] = []
    under: dict[int, int] = {}  # list item -> the heading it is under
    for k, e in enumerate(entries):
        if e[0] == "heading":
            while stack and level[stack[-1]] >= level[k]:
                stack.pop()
            parent[k] = stack[-1] if stack else ROOT
            stack.append(k)
        elif k in items:
            under[k] = stack[-1] if stack else ROOT

    sentence: dict[int, int] = {}
    credits: dict[int, list[tuple[int, int]]] = {}  # owner -> (part section, its sentence)
    def story_above(node: int) -> bool:
        while node != ROOT:
            node = parent[node]
            if node in sentence or (node != ROOT and TITLE_KEY_RE.match(title[node])):
                return True
        return False

    for node in (ROOT, *heads):
        if node in ac:
            continue
        if node != ROOT and NOTES_RE.match(title[node]) and story_above(node):
            continue  # "## Related stories" under a story: its description, whatever it holds
        at = _first_sentence(entries, node + 1, items)
        if at is None:
            continue
        owner = node
        while owner in part:
            owner = parent[owner]
        if owner not in ac:
            sentence.setdefault(owner, at)
            if owner != node:
                credits.setdefault(owner, []).append((node, at))
    # Two "## User story" sections under one title are two stories, not one: each such part
    # becomes a story of its own (its criteria follow it as before).
    promoted: set[int] = set()
    for owner, found in credits.items():
        if len(found) > 1:
            if sentence.get(owner) == found[0][1]:
                del sentence[owner]
            for node, at in found:
                sentence[node] = at
                promoted.add(node)
    # A section that holds a list of stories holds stories (itself one only with a story
    # sentence of its own): it is laid out as one that holds a story sentence.
    holders: set[int] = set()
    for node in under.values():
        while node in part:
            node = parent[node]
        if node not in ac:
            holders.add(node)
    like = set(sentence) | holders | {
        k for k in heads if k not in ac and k not in part and (TITLE_KEY_RE.match(title[k]) or _is_story_sentence(title[k]))
    }

    if not like:  # nothing reads as a story: one story per ## section, else the whole file
        h2 = [k for k in heads if level[k] == 2]
        # (an "Acceptance criteria" ## is a story only when it comes first, above the others)
        starts = [k for n, k in enumerate(h2) if k not in ac or n == 0] if any(k not in ac for k in h2) else []
        if not starts:
            first = next((k for k, e in enumerate(entries) if e[0] != "directive"), None)
            starts = [first if first in heads and level[first] == 1 else ROOT]
        return [(k, None) for k in starts], set()

    if len(like) == 1:
        (node,) = like
        depth = level[node]
        before = [k for k in heads if k < node and k not in ac]
        if node in holders and node not in sentence:
            before = []  # a heading over a list of stories groups them: the text above it is no story
        # Sections after it at its own level are stories too (a backlog with one well-written
        # story: "## Login" holds a story, "## Logout" reads "Users can log out."), unless
        # they name a part of a story ("## Notes", "## Out of scope"); deeper ones are parts.
        # (The story of a "# Title" or "## Story" file sits above its "## " sections.)
        after = [k for k in heads if k > node and level[k] == depth and k not in ac and k not in part and not SIBLING_NOTES_RE.match(title[k])]
        # The sections of a one-story file ("# Login", its story, "## Notes") are its parts when
        # they are named so; any other section under it is a story of its own ("# Checkout",
        # its story, "## Guest checkout": "Shoppers can check out without an account."), which
        # is reported rather than folded into a description where nothing would check it.
        inside = [k for k in heads if k > node and level[k] > depth and parent[k] == node and k not in ac and k not in part and not NOTES_RE.match(title[k])]
        starts = sorted([k for k in before if level[k] == depth and k not in part] + [node] + after + inside)
        # Headings above the story's level close the story above them, before and after it.
        cuts = {k for k in heads if k != node and level[k] < depth and k not in ac}
    else:
        counts: dict[int, int] = {}
        for node in like:
            counts[level[node]] = counts.get(level[node], 0) + 1
        depth = max(counts, key=lambda d: (counts[d], d))
        # (a section beside them named as a part of a story, "## Notes", is none: unless it
        # holds a story sentence or a list of stories itself)
        chosen = {
            k for k in heads
            if level[k] == depth and k not in ac and (k not in part or k in promoted) and (k in like or not SIBLING_NOTES_RE.match(title[k]))
        } | {
            n for n in (*sentence, *holders) if level[n] < depth
        }
        starts = sorted(chosen)
        cuts = {k for k in heads if level[k] < depth and k not in ac and k not in chosen}
    # Criteria above every story (a file that opens with "## Acceptance criteria") belong to no
    # story above them: they are one of their own, reported rather than dropped.
    first = next((k for k in heads if level[k] == depth), None)
    if first in ac and first < starts[0]:
        starts.insert(0, first)
    return [(k, sentence.get(k)) for k in starts], cuts


def _story_paragraphs(entries: list[_Entry], owned: list[int]) -> list[int]:
    """The positions in ``owned`` (the blocks of one story's section) of the paragraphs (or
    HTML blocks, "<p>As an admin, ...</p>") that read as story sentences with a role or a
    benefit, outside acceptance criteria (under an "Acceptance criteria" heading or bold line).
    A story sentence with a role after criteria that do not read as stories (a list, steps)
    ends them: it starts the next story, and is no criterion of the one above."""
    out: list[int] = []
    in_ac, ac_level = False, 0
    ac_other = False  # criteria so far that are not story sentences
    notes, notes_level = False, 0  # under a part of a story ("## Out of scope", "Related stories:"): description
    for n, k in enumerate(owned):
        kind, _line, content, level, _nums, _item = entries[k]
        if kind == "heading":
            if notes and level <= notes_level:
                notes = False
            if AC_HEADING_RE.match(content):
                in_ac, ac_level, ac_other, notes = True, level, False, False
            elif in_ac and level <= ac_level:
                in_ac = False
            if not in_ac and NOTES_RE.match(content):
                notes, notes_level = True, level
        elif notes:
            continue
        elif kind in ("para", "html"):
            if kind == "para" and "\n" not in content and AC_HEADING_RE.match(content.strip()):
                in_ac, ac_level, ac_other = True, 99, False
                continue
            if kind == "para" and _notes_label(content) and (not in_ac or ac_level == 99):
                in_ac, notes, notes_level = False, True, 99  # (up to the next heading)
                continue
            text = _without_metadata(content) if kind == "para" else content
            story = level != TABLE and bool(text.strip()) and _is_story_sentence(text)
            if in_ac:
                if story and ac_other and _has_role(text):
                    in_ac = False
                    out.append(n)
                elif not story:
                    ac_other = True
            elif story and _has_role_or_benefit(text):
                out.append(n)
        elif in_ac:
            ac_other = True
    return out


def _notes_label(content: str) -> bool:
    """Whether a paragraph is a one-line label naming a part of a story other than its criteria
    ("**Out of scope**", "Related stories:", "Notes:"): what follows it is the description."""
    return "\n" not in content and bool(content.strip()) and bool(NOTES_RE.match(content.strip())) and not AC_HEADING_RE.match(content.strip())


def _has_role(text: str) -> bool:
    from ..parse import parse_story

    return parse_story(plain(text)).role_indicator is not None


def _has_role_or_benefit(text: str) -> bool:
    """Whether a story sentence names its role or its benefit: a paragraph that only opens
    with a wish ("I want the button green.") under a story is a note of it, not a story."""
    from ..parse import parse_story

    p = parse_story(plain(text))
    return p.ends is not None or p.role_indicator is not None


def _sections(text: str) -> tuple[list[_Section], list[tuple[int, str]]]:
    entries = _entries(text)
    items = _story_items(entries)
    items.update({k: False for k, e in enumerate(entries) if e[0] == "row"})  # rows of a table of stories
    layout, cuts = _layout(entries, items)
    bounds = sorted({k for k, _ in layout} | cuts)
    ac_heads = {k for k, e in enumerate(entries) if e[0] == "heading" and AC_HEADING_RE.match(e[2])}
    sections: list[_Section] = []
    inside: set[int] = set()

    def section(title: str | None, line: int, owned: list[int], sentence: int | None) -> _Section:
        sec = _Section(title, line)
        for k in owned:
            if k == sentence:
                sec.text_at = len(sec.blocks)
            sec.blocks.append(entries[k])
        inside.update(owned)
        return sec

    for start, sentence in layout:
        after = bisect_right(bounds, start)
        end = bounds[after] if after < len(bounds) else len(entries)
        title, line = (None, 1) if start == ROOT else (entries[start][2], entries[start][1])
        owned = list(range(start + 1, end))
        if title is None:  # a comment at the top of a file without a title: it is the file's
            while owned and entries[owned[0]][0] == "directive":
                owned.pop(0)
        cut = [n for n, k in enumerate(owned) if k in items]
        paras = [] if start in ac_heads else _story_paragraphs(entries, owned)
        if len(paras) > 1:
            if not cut and title and TITLE_KEY_RE.match(title) and owned[paras[0]] == sentence:
                paras = paras[1:]  # "## ACC-1 Login" over them: its id and title are the first one's
            cut = sorted({*cut, *paras})
        if not cut:
            sections.append(section(title, line, owned, sentence))
            continue
        # A list of stories (or two or more story paragraphs): each item (paragraph) is a story,
        # with the blocks after it up to the next one (its criteria, notes). The section itself
        # is a story when it has a story sentence of its own above them; else it only groups
        # them, as an epic heading does.
        head = owned[: cut[0]]
        if (sentence is not None and sentence in head) or (title and _is_story_sentence(title)):
            sections.append(section(title, line, head, sentence))
        for n, c in enumerate(cut):
            segment = owned[c : cut[n + 1] if n + 1 < len(cut) else len(owned)]
            if entries[segment[0]][0] == "row":
                sec = _Section(None, entries[segment[0]][1], item=True)
                sec.row = entries[segment[0]][5]
                found = [sec]
            elif segment[0] in items:
                found = _item_sections(entries[segment[0]][5], items[segment[0]])
            else:
                sec = _Section(None, entries[segment[0]][1], item=True)
                sec.blocks, sec.text_at = [entries[segment[0]]], 0
                found = [sec]
            found[-1].blocks += [entries[k] for k in segment[1:]]
            inside.update(segment)
            sections += found
    # Comments outside every story (above the first one, under a heading that only groups
    # stories) apply to the whole file.
    directives = []
    for k, e in enumerate(entries):
        if k not in inside:
            if e[0] == "directive":
                directives.append((e[1], e[2]))
            elif e[0] == "item":
                directives += [(d[1], d[2]) for d in e[5].directives]
    return sections, directives
