"""Markdown: one story per file, or one story per section of a backlog.

Which headings are stories (see ``_layout``): a file whose title section (or "## Story"
section) holds the story sentence is one story, and its other sections (criteria, notes, out of
scope ...) are parts of it; a backlog (several sections that each hold a story sentence or
start with an id, "## ACC-1 Login", "## [ACC-1] Login") has one story per section at the
heading level that holds them, the levels above grouping them (epics). A list (outside
acceptance criteria) of two or more items, most of which are story sentences, is a backlog too:
one story per item ("- US-12: As a ..." / "1. **Login**: As a ..." give the id / title), whose
nested items are its criteria and whose other paragraphs and the blocks after it (up to the next
item) are the rest of it; the section holding the list only groups them. A list under a story
sentence of its own section, or in a section named as a part of a story ("## Related stories",
"## Out of scope") under a story, belongs to that story (its description), whatever its items
say. Nested items that are mostly story
sentences are stories too under an item that only groups them ("- Accounts"), even one alone;
under a story item they are its criteria, whatever they say.
A story sentence written as a lone list item is the story text too, its nested items its criteria.
Two or more paragraphs of one story's section (outside its criteria) that each read as a story
sentence are one story each, like list items: each with the blocks after it up to the next, so
that criteria at the end belong to the last one (as under headings); the heading only groups them
(an id heading, "## ACC-1 Login", is the first one's).
A table whose header names story columns or whose rows hold story sentences is a backlog too: one
story per row, its fields from its cells (see ``markdown_tables``); any other table is a paragraph
of its lines, as before tables were parsed.

Within a story: the story sentence (else the first paragraph) is the story text; ``Key: value``
paragraphs set metadata (ID, Estimate/Points, Labels/Tags, Depends on); a heading (or a bold
line) named "Acceptance criteria" starts the criteria: list items (checklists included) become
items, a fenced code block becomes one item (Gherkin), and consecutive Given/When/Then lines
become one item. Without one, Gherkin after the story sentence is criteria too: Given/When/Then
lines or paragraphs (steps of two kinds, or under a "Scenario:" line; a paragraph opening with
"Given" after steps starts another scenario), lines of them right under the sentence, and a
```gherkin fence (or an untagged one holding such steps); prose that opens with "Given" is
not. The story text is read without its emphasis, strong and code span markers ("_As a_ user,
**I want** ..."; see ``markdown_inline``). The visible text of an HTML block is the story text when it starts like one
("<p>As a user, ...</p>"), else part of the description. Everything else is the description.
Parsed with markdown-it-py (HTML blocks with the standard library's ``html.parser``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Container
from pathlib import PurePath

from .markdown_inline import plain, without_markers
from .markdown_tables import Row, criteria, split_cells, story_rows, unescaped, values
from .positions import Anchor, by_lines, joined, lines_in_file, shifted
from .structured import estimate_value, yaml_too_deep
from ..models import InputError, Source, Story

# "Acceptance criteria" and how teams write it: "ACs", "✅ Acceptance criteria", "Acceptance
# Criteria (MVP)", "Success criteria", "Acceptance criteria / DoD".
AC_HEADING_RE = re.compile(
    r"^[^\w\n]{0,8}(acceptance\s+criteria|acceptance\s+tests?|acs?|definition\s+of\s+done|success\s+criteria|done\s+criteria)"
    r"(?:\s{0,3}(?:\([^()\n]{0,40}\)|[/&+]\s{0,3}(?:dod|definition\s+of\s+done)))?[\s:*]*$",
    re.I,
)
META_RE = re.compile(r"^(?P<key>id|key|estimate|points|story\s*points|labels|tags|depends\s*on|dependencies)\s*:\s*(?P<value>.+)$", re.I)
# An id opening a heading: "ACC-1 Login", "ACC-1: Login", "[ACC-1] Login", "[ACC-1](https://...) Login".
TITLE_KEY_RE = re.compile(r"^(?P<open>\[)?(?P<id>[A-Z][A-Z0-9_]*-\d+|US\d+|#\d+)(?(open)\](?:\([^()\s]*\))?)(?:\s*[:.\-–]\s*|\s+|$)(?P<title>.*)$")
# A heading that names the part of a story holding its sentence ("## Story", "## User story").
STORY_PART_RE = re.compile(r"^\**\s*(?:the\s+)?(?:(?:user\s+)?story(?:\s+(?:text|statement))?|description|narrative|summary)[\s:*]*$", re.I)
# A heading that names a part of a story other than its sentence or criteria ("## Notes"), under
# a one-story file's title.
NOTES_RE = re.compile(
    r"^\**\s*(?:(?:technical|implementation|design|dev|developer|additional|other|open|related)\s+)?"
    r"(?:notes?|out\s+of\s+scope|scope|non-goals|design|mock-?ups?|wireframes?|screenshots?|links?|references?|resources?|"
    r"attachments?|questions?|assumptions?|dependencies|risks?|context|background|comments?|discussion|details?|tasks?|sub-?tasks?|"
    r"test\s+notes|tests?|testing|qa|estimates?|history|changelog|implementation|architecture|constraints|edge\s+cases|"
    r"non-functional\s+requirements|requirements|rollout|metrics|success\s+metrics|ux|ui|security|performance|"
    r"related(?:\s+(?:issues?|stories|tickets|items|work|links))?|see\s+also|follow-?ups?|definition\s+of\s+ready)[\s:*]*$",
    re.I,
)
# The same for a section beside a lone "## " story in a backlog, where "## Comments" or
# "## History" may well be a feature: only names that cannot be one.
SIBLING_NOTES_RE = re.compile(
    r"^\**\s*(?:(?:technical|implementation|design|dev|developer|additional|other|open|general)\s+)?"
    r"(?:notes?|out\s+of\s+scope|non-goals|questions|assumptions|references|test\s+notes|definition\s+of\s+ready)[\s:*]*$",
    re.I,
)
STORY_START_RE = re.compile(r"\s*as\s+an?\b", re.I)
CHECKBOX_RE = re.compile(r"^\[[ xX]\]\s*")
DIRECTIVE_LINE_RE = re.compile(r"^\s*<!--\s*storylint:.*-->\s*$")


def _md():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


_Entry = tuple[str, int, str, int, "list[int] | None", "_Item | None"]
"""(kind, line, content, level, the line of each line of content if not consecutive, the list
item's parts for a top-level list item)"""


class _Item:
    """A list item as parsed: its parts in order (``para``, ``code``, ``html``, ``directive``
    blocks as entries, and nested items as ``_Item``), and its whole text as the flat
    ``item`` entry gives it."""

    __slots__ = ("line", "list_id", "parts", "texts", "nums", "directives")

    def __init__(self, line: int, list_id: int = 0):
        self.line = line
        self.list_id = list_id
        self.parts: list[_Entry | _Item] = []
        self.texts: list[str] = []
        self.nums: list[int] = []
        self.directives: list[_Entry] = []
        """The ``storylint:`` comments anywhere in the item (nested items included)."""

    @property
    def content(self) -> str:
        return "\n".join(self.texts)

    @property
    def lead(self) -> _Entry | None:
        """The item's first paragraph, when the item opens with one."""
        first = self.parts[0] if self.parts else None
        return first if isinstance(first, tuple) and first[0] == "para" else None


class _Section:
    __slots__ = ("title", "line", "blocks", "text_at", "sid", "item", "row")

    def __init__(self, title: str | None, line: int, sid: str | None = None, item: bool = False):
        self.title = title
        self.line = line
        self.blocks: list[_Entry] = []
        self.text_at: int | None = None
        """The index in ``blocks`` of the story sentence, when known (else the first paragraph is)."""
        self.sid = sid
        """The id written before the story sentence of a list item ("- US-12: As a ...")."""
        self.item = item
        """A story of a list of stories (its id is ``file-stem:line`` when it has none)."""
        self.row: Row | None = None
        """The row of a table of stories that this story is."""


def _html_text(block: str) -> tuple[list[int], str]:
    """The visible text of an HTML block, line by line (tags, comments and scripts dropped,
    entities decoded), and the index in the block of each of its lines; ``([], "")`` if none."""
    from html.parser import HTMLParser

    per_line: dict[int, list[str]] = {}
    hidden = 0

    class _Text(HTMLParser):
        def handle_starttag(self, tag, attrs):
            nonlocal hidden
            hidden += tag in ("script", "style", "template")

        def handle_endtag(self, tag):
            nonlocal hidden
            hidden -= tag in ("script", "style", "template") and hidden > 0

        def handle_data(self, data):
            if hidden:
                return
            first = self.getpos()[0] - 1
            for k, piece in enumerate(data.split("\n")):
                per_line.setdefault(first + k, []).append(piece)

    parser = _Text(convert_charrefs=True)
    parser.feed(block)
    parser.close()
    lines = [(k, " ".join("".join(v).split())) for k, v in sorted(per_line.items())]
    lines = [(k, t) for k, t in lines if t]
    return [k for k, _ in lines], "\n".join(t for _, t in lines)


STORY_FENCES = {"", "gherkin", "cucumber", "feature", "text", "txt", "plain", "plaintext", "markdown", "md"}
"""Fenced blocks read as part of a story (Gherkin, untagged, prose). A fence that names another
language (```python, ```json, ```sh) is code: neither description nor criteria, and the
``storylint:`` comments inside it are not directives."""


GHERKIN_FENCES = {"gherkin", "cucumber", "feature"}


def _story_fence(info: str) -> bool:
    words = info.split()
    return (words[0].strip("{}.").lower() if words else "") in STORY_FENCES


def _entries(text: str) -> list[_Entry]:
    """The file as a flat list of headings and blocks, in order: ``(kind, line, content, level,
    the line of each line of content if not consecutive, item)``; kind is ``heading`` (content:
    its title, level: 1-6), ``para``, ``item`` (a whole top-level list item: its text, and its
    parts as an ``_Item``), ``code`` (a fenced block of a story language), ``html`` (an HTML
    block's visible text) or ``directive`` (a ``storylint:`` comment line)."""
    tokens = _md().parse(text)
    src = text.split("\n")
    out: list[_Entry] = []
    in_ac, ac_level = False, 0  # under an "Acceptance criteria" heading or bold line: no table is a backlog
    story_here = False  # a story sentence above in this section: a table is a backlog only by its header
    i = 0
    list_depth = 0
    lists = 0
    while i < len(tokens):
        tok = tokens[i]
        line = (tok.map[0] + 1) if tok.map else 0
        if tok.type == "heading_open":
            out.append(("heading", line, tokens[i + 1].content.strip(), int(tok.tag[1]), None, None))
            if AC_HEADING_RE.match(out[-1][2]):
                in_ac, ac_level = True, out[-1][3]
            elif in_ac and out[-1][3] <= ac_level:
                in_ac = False
            story_here = False
            i += 3
            continue
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
            lists += list_depth == 1
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif tok.type == "table_open" and list_depth == 0:
            found, i = _table(tokens, i, src, in_ac, story_here)
            out += found
            continue
        elif tok.type == "list_item_open" and list_depth == 1:
            item, i = _item(tokens, i, lists, src)
            out.append(("item", line, item.content, 0, item.nums, item))
            continue
        elif tok.type == "paragraph_open" and list_depth == 0:
            out.append(("para", line, tokens[i + 1].content, 0, None, None))
            if "\n" not in out[-1][2] and AC_HEADING_RE.match(out[-1][2].strip()):
                in_ac, ac_level = True, 99
            elif not in_ac and not story_here:
                story_here = _is_story_sentence(_without_metadata(out[-1][2]))
            i += 3
            continue
        elif tok.type in ("fence", "code_block") and list_depth == 0:
            if _story_fence(tok.info):
                out.append(_code(tok, line))
        elif tok.type == "html_block":
            out += _html_entries(tok.content, line)
        i += 1
    return out


def _code(tok, line: int) -> _Entry:
    """A fenced (or indented) block of a story language; its level is 1 when it is tagged as
    Gherkin (```gherkin, ```cucumber, ```feature)."""
    words = tok.info.split() if tok.type == "fence" else []
    tagged = bool(words) and words[0].strip("{}.").lower() in GHERKIN_FENCES
    return ("code", line + 1 if tok.type == "fence" else line, tok.content.rstrip("\n"), int(tagged), None, None)


def _html_entries(block: str, line: int) -> list[_Entry]:
    """The ``storylint:`` comment lines of an HTML block, then its visible text, if any."""
    out: list[_Entry] = []
    for k, raw in enumerate(block.split("\n")):
        if "storylint:" in raw:
            out.append(("directive", line + k, raw.strip(), 0, None, None))
    at, visible = _html_text(block)
    if visible:
        out.append(("html", line + at[0], visible, 0, [line + k for k in at], None))
    return out


TABLE = 2
"""The level of a paragraph that is a table's lines (no story paragraph, whatever a row says)."""


def _table_end(tokens, i: int) -> int:
    """The index of the token after the table that opens at ``tokens[i]``."""
    j = i + 1
    while j < len(tokens) and tokens[j].type != "table_close":
        j += 1
    return j + 1


def _table_lines(tok, src: list[str]) -> tuple[int, str]:
    """The first line of a table and its lines as a paragraph holds them (as it was read before
    tables were: each line without its indentation)."""
    m0, m1 = tok.map
    return m0 + 1, "\n".join(x.strip() for x in src[m0:m1]).strip()


def _table(tokens, i: int, src: list[str], criteria: bool = False, under_story: bool = False) -> tuple[list[_Entry], int]:
    """The entries of the table that opens at ``tokens[i]``: a ``row`` per story when it is a
    table of stories (see ``markdown_tables``) outside acceptance ``criteria``, else one
    paragraph of its lines (level ``TABLE``). A table under a story sentence of its own section
    is a table of stories only when its header names story columns: its rows' sentences are
    that story's description."""
    end = _table_end(tokens, i)
    first, content = _table_lines(tokens[i], src)
    header_line = tokens[i].map[0]
    body = [t.map[0] for t in tokens[i:end] if t.type == "tr_open" and t.map and t.map[0] > header_line + 1]
    raw = src[header_line] if header_line < len(src) else ""
    found = None
    if not criteria and not raw.lstrip().startswith(">"):  # (a table in a block quote is left as it was)
        header = split_cells(raw)
        rows = [(k + 1, split_cells(src[k])) for k in body if k < len(src)]
        found = story_rows(header, rows, (lambda x: False) if under_story else _is_story_sentence) if header else None
    if found is None:
        return [("para", first, content, TABLE, None, None)], end
    return [("row", r.line, r.fields.get("text", ("", 1))[0], 0, None, r) for r in found], end


def _item(tokens, i: int, list_id: int, src: list[str]) -> tuple[_Item, int]:
    """The list item that opens at ``tokens[i]``, and the index of the token after it."""
    top = _Item(tokens[i].map[0] + 1, list_id)
    stack = [top]
    j = i + 1
    while j < len(tokens) and stack:
        t = tokens[j]
        line = (t.map[0] + 1) if t.map else 0
        if t.type == "table_open":  # a table in a list item: a paragraph of its lines
            first, content = _table_lines(t, src)
            nums = list(range(first, first + 1 + content.count("\n")))
            for node in stack:
                node.texts.append(content)
                node.nums += nums
            stack[-1].parts.append(("para", first, content, 0, None, None))
            j = _table_end(tokens, j)
            continue
        if t.type == "list_item_open":
            kid = _Item(line)
            stack[-1].parts.append(kid)
            stack.append(kid)
        elif t.type == "list_item_close":
            stack.pop()
        elif t.type == "inline":
            nums = list(range(line, line + 1 + t.content.count("\n")))
            for node in stack:
                node.texts.append(t.content)
                node.nums += nums
            stack[-1].parts.append(("para", line, t.content, 0, None, None))
        elif t.type in ("fence", "code_block") and _story_fence(t.info):
            stack[-1].parts.append(_code(t, line))
        elif t.type == "html_block":
            found = _html_entries(t.content, line)
            stack[-1].parts += found
            for node in stack:
                node.directives += [e for e in found if e[0] == "directive"]
        j += 1
    return top, j


def _without_metadata(content: str) -> str:
    """A paragraph without the ``Key: value`` lines that open or close it."""
    lines = content.split("\n")
    while lines and META_RE.match(lines[0].strip()):
        lines.pop(0)
    while lines and META_RE.match(lines[-1].strip()):
        lines.pop()
    return "\n".join(lines)


# A paragraph labelled as a note ("Notes: ...", "**Note:** ...", "Out of scope: ...").
NOTE_LABEL_RE = re.compile(r"[^\w\n]{0,4}(?:notes?|nb|n\.b\.|out\s+of\s+scope|related(?:\s+stories)?|see\s+also|remarks?|fyi)[*_]*\s*:", re.I)


def _is_story_sentence(text: str) -> bool:
    """Whether ``text`` reads as a user story: a role and a wish ("As a member, I want ..."),
    a wish and a benefit ("I want ... so that ..."), or a sentence that opens with a wish
    ("I want to log out."). A note that merely contains a wish ("Discuss whether we want to
    keep it"), or a role-like opening ("As discussed, ..."), is not one."""
    from ..parse import PROSE_AS_RE, parse_story

    text = plain(text)  # "_As a_ user, **I want** ..." reads as "As a user, I want ..."
    if NOTE_LABEL_RE.match(text) or PROSE_AS_RE.match(text):
        return False  # "Notes: we want ... so that ...": a note; "As a rule, we want ...": no role
    p = parse_story(text)
    if p.means is None:
        return False
    if p.ends is not None or (p.role_indicator is not None and len(p.role_indicator.text.split()) > 1):
        return True  # a benefit, or a role with its article ("As a", "As the"; not "As discussed")
    ind = p.means_indicator
    return ind is not None and not text[: ind.start].strip(" \t\r\n>*-•") and text[ind.start] in "iI"


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
        chosen = {k for k in heads if level[k] == depth and k not in ac and (k not in part or k in promoted)} | {
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


_STEP_RE = re.compile(r"^\s*(given|when|then|and|but|\*)\s", re.I)

# Gherkin outside an "Acceptance criteria" section: written as Gherkin is (capitalised keywords).
GHERKIN_STEP_RE = re.compile(r"[ \t]*(Given|When|Then|And|But)\b")
GHERKIN_HEADER_RE = re.compile(r"[ \t]*(?:Scenario(?:[ \t]+(?:Outline|Template))?|Example|Background)[ \t]*:")
GHERKIN_MORE_RE = re.compile(r"[ \t]*(?:\||Examples[ \t]*:|@|#)")
# Prose that opens with a step word: an idiom ("Then again, ...", "When in doubt, ...", "But
# still, ..."), the keyword and at most two words before a comma, or "Given that ..., we ...",
# a condition over a clause of its own. (A step has no comma right after its keyword's first
# words, and "Given a user, when ..., then ..." is a one-line scenario, not prose.)
PROSE_STEP_RE = re.compile(
    r"[ \t]*(?:(?:When|Then|And|But)(?:[ \t]+[^\s,]+){0,2},"
    r"|Given[ \t]+that\b[^,\n]*,[ \t]*(?:we|you|I|they|let(?:'s|[ \t]+us)?|it|this|there)\b)"
)
_WHEN_RE = re.compile(r"\bwhen\b", re.I)
_THEN_RE = re.compile(r"\bthen\b", re.I)


def _gherkin_lines(lines: list[str]) -> tuple[set[str], bool] | None:
    """The kinds of step (given, when, then) in lines that read as Gherkin, and whether a
    scenario header ("Scenario:", "Scenario Outline:", "Example:", "Background:") is among
    them; None when they are not Gherkin: a line that is neither a step, a header nor a table
    row, tag or comment after one, or a first line that is none of the first two or is an
    "And"/"But". One line "Given ..., when ..., then ..." holds all three kinds."""
    kinds: set[str] = set()
    header = seen = False
    for x in lines:
        if not x.strip():
            continue
        m = GHERKIN_STEP_RE.match(x)
        if m and PROSE_STEP_RE.match(x):
            return None  # "Then again, ...": prose
        if m:
            word = m.group(1).lower()
            if not seen and word in ("and", "but"):
                return None
            if word in ("given", "when", "then"):
                kinds.add(word)
            if word == "given":
                w = _WHEN_RE.search(x, m.end())
                if w is not None and _THEN_RE.search(x, w.end()) is not None:
                    kinds.update(("when", "then"))
        elif GHERKIN_HEADER_RE.match(x):
            header = True
        elif not seen or not GHERKIN_MORE_RE.match(x):
            return None
        seen = True
    return (kinds, header) if seen else None


def _is_gherkin(found: tuple[set[str], bool] | None) -> bool:
    """Whether lines read by ``_gherkin_lines`` are Gherkin enough to be criteria: steps of
    two kinds (Given and Then, When and Then ...), or a scenario header with steps. ("Given
    the deadline, we keep the old page." is prose.)"""
    return found is not None and (len(found[0]) >= 2 or (found[1] and bool(found[0])))


def _gherkin_tail(content: str) -> int | None:
    """The index of the line from which a paragraph that opens with the story sentence goes on
    as Gherkin ("As a user, I want ...⏎Given ...⏎When ...⏎Then ..."), if it does."""
    para_lines = content.split("\n")
    if GHERKIN_STEP_RE.match(para_lines[0]) or GHERKIN_HEADER_RE.match(para_lines[0]):
        return None  # Gherkin from its first line: no story sentence above it
    for k in range(1, len(para_lines)):
        if GHERKIN_STEP_RE.match(para_lines[k]) or GHERKIN_HEADER_RE.match(para_lines[k]):
            return k if _is_gherkin(_gherkin_lines(para_lines[k:])) else None
    return None


# A label before the story sentence: "**User story:** As a …", "Story: I want …".
LABEL_RE = re.compile(r"(?:\*\*|__|\*|_)?(?:user\s)?story(?:\sstatement)?(?:\*\*|__|\*|_)?\s?:\s?(?:\*\*|__|\*|_)?[ \t]*(?=as\b|i\b|we\b)", re.I)


def _without_label(text: str, anchors: list[Anchor]) -> tuple[str, list[Anchor]]:
    """The story text without a leading label, and its anchors moved to match."""
    m = LABEL_RE.match(text)
    if m is None:
        return text, anchors
    k = m.end()
    moved: list[Anchor] = []
    for i, (offset, line, col) in enumerate(anchors):
        if offset >= k:
            moved.append((offset - k, line, col))
        elif i + 1 == len(anchors) or anchors[i + 1][0] > k:  # the anchor that holds the new start
            moved.append((0, line, col + k - offset))
    return text[k:], moved


def _to_story(path: str, sec: _Section, row: int, lines: list[str], directives, problems: list[InputError]) -> Story | InputError:
    """The story of one section; a bad ``Estimate:`` value goes to ``problems`` and the story
    is read without it (its text is fine: it is still linted)."""
    sid = sec.sid
    title = sec.title
    if title and sid is None:
        m = TITLE_KEY_RE.match(title)
        if m:
            sid, title = m.group("id"), m.group("title").strip() or None
    text, text_map = "", None
    html_text = False  # the text is an HTML block's visible text (no Markdown markers in it)
    desc_parts: list[tuple[str, list[Anchor]]] = []
    desc_line = None
    ac: list[str] = []
    ac_maps: list[list[Anchor]] = []
    estimate = estimate_at = None
    labels: list[str] = []
    depends: list[str] = []
    depends_at: list[tuple[int, int]] = []
    in_ac = False
    ac_level = 0
    pending_steps: list[tuple[int, str]] = []

    def place(content: str, line: int, nums: list[int] | None = None) -> list[Anchor]:
        """Where each line of a block's content is in the file."""
        return lines_in_file(content, nums or list(range(line, line + content.count("\n") + 1)), lines)

    def add_ac(content: str, line: int, nums: list[int] | None = None) -> None:
        ac.append(content)
        ac_maps.append(place(content, line, nums))

    def add_desc(content: str, line: int, nums: list[int] | None = None, bullet: bool = False) -> None:
        nonlocal desc_line
        anchors = place(content, line, nums)
        if bullet:  # "- " stands for the item's marker, just before its text
            _o, first_line, first_col = anchors[0]
            anchors = [(0, first_line, max(first_col - 2, 1)), *shifted(anchors, 2)]
            content = "- " + content
        desc_parts.append((content, anchors))
        desc_line = desc_line or line

    def flush_steps():
        if pending_steps:
            add_ac("\n".join(s for _, s in pending_steps), pending_steps[0][0], [n for n, _ in pending_steps])
            pending_steps.clear()

    # Paragraphs of Gherkin after the story sentence, outside the criteria: criteria when
    # together they read as Gherkin (``_is_gherkin``), else the description they always were.
    gherkin: list[tuple[int, str]] = []  # (line, text) of their lines
    gherkin_paras: list[tuple[str, int]] = []

    gherkin_steps = False  # a step among them

    def flush_gherkin():
        nonlocal gherkin_steps
        if not gherkin_paras:
            return
        if _is_gherkin(_gherkin_lines([x for _n, x in gherkin])):
            scenario: list[tuple[int, str]] = []
            for n, x in gherkin:
                if x and GHERKIN_HEADER_RE.match(x) and scenario:
                    add_ac("\n".join(y for _m, y in scenario), scenario[0][0], [m for m, _y in scenario])
                    scenario = []
                if x:
                    scenario.append((n, x))
            add_ac("\n".join(y for _m, y in scenario), scenario[0][0], [m for m, _y in scenario])
        else:
            for content, line in gherkin_paras:
                add_desc(content, line)
        gherkin.clear()
        gherkin_paras.clear()
        gherkin_steps = False

    def set_text(content: str, line: int) -> None:
        """The story text from a paragraph, and the Gherkin right under it as criteria."""
        nonlocal text, text_map, gherkin_steps, html_text
        html_text = False
        k = _gherkin_tail(content)
        if k is not None:
            para_lines = content.split("\n")
            gherkin_steps = True
            content = "\n".join(para_lines[:k])
            gherkin.extend((line + k + n, x.strip()) for n, x in enumerate(para_lines[k:]))
            gherkin_paras.append(("\n".join(para_lines[k:]), line + k))
        text, text_map = content, place(content, line)

    known = sec.text_at is not None  # the story sentence was found: it is the text, wherever it is
    if sec.row is not None:  # a row of a table of stories: its cells, on their columns
        known = True
        at, cells = sec.row.line, sec.row.fields
        sid = cells["id"][0] if cells.get("id", ("",))[0] else sid
        title = cells["title"][0] if cells.get("title", ("",))[0] else title
        if "text" in cells:
            text, text_map = unescaped(cells["text"], at)
        for crit, col in criteria(cells["acceptance_criteria"]) if "acceptance_criteria" in cells else ():
            ac.append(crit)
            ac_maps.append([(0, at, col)])
        if cells.get("estimate", ("",))[0]:
            token, col = cells["estimate"]
            token = token.split()[0]
            try:
                estimate = estimate_value(token)
                estimate_at = (at, col, col + len(token))
            except ValueError as exc:
                problems.append(InputError(path=path, line=at, row=row, field="estimate", message=str(exc)))
        labels = [v for v, _c in values(cells["labels"], ",;")] if "labels" in cells else []
        if "depends_on" in cells:
            found_deps = values(cells["depends_on"], ",;\\s")
            depends, depends_at = [v for v, _c in found_deps], [(at, c) for _v, c in found_deps]
        for value, col in ([cells["description"]] if cells.get("description", ("",))[0] else []) + sec.row.others:
            desc_parts.append((value, [(0, at, col)]))
            desc_line = desc_line or at
    blocks = list(sec.blocks)
    index = -1
    while index + 1 < len(blocks):
        index += 1
        kind, line, content, level, nums, item = blocks[index]
        is_text = index == sec.text_at
        if kind == "para" and not in_ac and not is_text and (text or known):
            found = _gherkin_lines(content.split("\n"))
            if found is not None:
                if gherkin_steps and (found[1] or GHERKIN_STEP_RE.match(content).group(1) == "Given"):
                    flush_gherkin()  # a Given after steps starts another group ("Given the deadline, ...")
                gherkin_steps = gherkin_steps or bool(found[0])
                gherkin.extend((line + n, x.strip()) for n, x in enumerate(content.split("\n")))
                gherkin_paras.append((content, line))
                continue
        flush_gherkin()
        if kind == "heading":
            flush_steps()
            if AC_HEADING_RE.match(content):
                in_ac, ac_level = True, level
            elif in_ac and level <= ac_level:
                in_ac = False
            continue
        if kind == "directive":
            add_desc(content, line)
            continue
        if kind == "para":
            first = content.split("\n", 1)[0].strip()
            if AC_HEADING_RE.match(first) and "\n" not in content:
                flush_steps()
                in_ac, ac_level = True, 99
                continue
            if in_ac and ac_level == 99 and _notes_label(content):
                flush_steps()
                in_ac = False  # "**Out of scope**" after bold criteria: the description again
            # Metadata lines ("ID: A-4", "Estimate: 5", ...) may open or close a paragraph, even
            # directly under the story sentence with no blank line in between.
            para_lines = content.split("\n")
            head = 0
            while head < len(para_lines) and META_RE.match(para_lines[head].strip()):
                head += 1
            tail = len(para_lines)
            while tail > head and META_RE.match(para_lines[tail - 1].strip()):
                tail -= 1
            meta_lines = [(k, META_RE.match(para_lines[k].strip())) for k in [*range(head), *range(tail, len(para_lines))]]
            if meta_lines:
                for k, meta in meta_lines:
                    key = meta.group("key").lower().replace(" ", "")
                    value = meta.group("value").strip()
                    if key in ("id", "key"):
                        sid = value
                    elif key in ("estimate", "points", "storypoints"):
                        token = value.split()[0] if value.split() else value
                        try:
                            estimate = estimate_value(token)
                        except ValueError as exc:
                            problems.append(InputError(path=path, line=line + k, row=row, field="estimate", message=str(exc)))
                            continue
                        (_l, col), = _values_at(lines, line + k, [token])
                        estimate_at = (line + k, col, col + len(token))
                    elif key in ("labels", "tags"):
                        labels = [x.strip() for x in re.split(r"[,;]", value) if x.strip()]
                    else:
                        depends = [x.strip() for x in re.split(r"[,;\s]+", value) if x.strip()]
                        depends_at = _values_at(lines, line + k, depends)
                if head == tail:
                    continue
                line += head
                content = "\n".join(para_lines[head:tail])
            if is_text:
                set_text(content, line)
                continue
            if in_ac:
                if all(_STEP_RE.match(x) or not x.strip() for x in content.split("\n")):
                    for k, x in enumerate(content.split("\n")):
                        pending_steps.append((line + k, x.strip()))
                    continue
                flush_steps()
                add_ac(content, line)
                continue
            if not text and not known:
                set_text(content, line)
            else:
                add_desc(content, line)
            continue
        if kind == "html":  # visible text of an HTML block: the story if it reads like one
            if is_text or (not text and not known and not in_ac and STORY_START_RE.match(content)):
                text, text_map, html_text = content, place(content, line, nums), True
            else:
                add_desc(content, line, nums)
            continue
        if kind == "item":
            if is_text or (not in_ac and not text and not known and STORY_START_RE.match(content)):
                found = _item_story(item, story=False) if item is not None and not sec.item else None
                if found is None:
                    text, text_map, html_text = content, place(content, line, nums), False
                else:
                    # The item's first paragraph is the story text; its nested items are
                    # the criteria, its other paragraphs the description (and so on).
                    item_sid, _t, (_k, lead_line, lead, *_rest) = found
                    sid = sid or item_sid
                    text, text_map, html_text = lead, place(lead, lead_line), False
                    blocks[index + 1 : index + 1] = _expanded(item)
                    continue
            elif in_ac:
                flush_steps()
                add_ac(CHECKBOX_RE.sub("", content), line, nums)
            else:
                add_desc(content, line, nums, bullet=True)
            for d in item.directives if item is not None else ():
                add_desc(d[2], d[1])
            continue
        if kind == "crit":  # a nested item of a story's list item: a criterion
            flush_steps()
            add_ac(CHECKBOX_RE.sub("", content), line, nums)
            continue
        if kind == "code":
            flush_steps()
            gherkin_fence = (text or known) and (level == 1 or _is_gherkin(_gherkin_lines(content.split("\n"))))
            if in_ac or gherkin_fence:
                add_ac(content, line)
            else:
                add_desc(content, line)
    flush_steps()
    flush_gherkin()
    if text and text_map:
        text, text_map = _without_label(text, text_map)
    elif not text and title and _is_story_sentence(title):
        # "# As a user, I want … so that …" over its criteria: the heading is the story.
        raw = lines[sec.line - 1] if 0 < sec.line <= len(lines) else ""
        at = raw.find(title)
        if at != -1:
            text, text_map, title = title, [(0, sec.line, at + 1)], None
    markup = False
    if text and text_map and not html_text:
        # The text as it reads: "_As a_ user, **I want** ..." without its emphasis markers.
        size = len(text)
        text, text_map = without_markers(text, text_map)
        markup = len(text) < size
    if sid is None:
        sid = f"{PurePath(path).stem}:{sec.line}" if sec.title or sec.item else PurePath(path).stem
    return Story(
        id=sid,
        title=title,
        text=text,
        description="\n\n".join(d for d, _ in desc_parts) or None,
        acceptance_criteria=ac,
        estimate=estimate,
        labels=labels,
        depends_on=depends,
        source=Source(
            path=path,
            line=sec.line,
            row=row,
            text_line=text_map[0][1] if text_map else None,
            text_column=text_map[0][2] if text_map else 1,
            text_map=text_map if text_map and len(text_map) > 1 else None,
            text_map_markup=markup,
            exact_positions=not text_map or by_lines(text_map, text),
            exact_ac_positions=all(by_lines(m, item) for m, item in zip(ac_maps, ac)),
            description_line=desc_line,
            description_map=joined(desc_parts, "\n\n") if desc_parts else None,
            ac_positions=[(m[0][1], m[0][2]) for m in ac_maps],
            ac_maps=ac_maps if any(len(m) > 1 for m in ac_maps) else None,
            estimate_position=estimate_at,
            depends_positions=depends_at,
            directives=directives,
        ),
    )


def _values_at(lines: list[str], line: int, values: list[str]) -> list[tuple[int, int]]:
    """(line, column) of each value of a ``Key: value`` line, in order, after its colon."""
    src = lines[line - 1] if 0 < line <= len(lines) else ""
    pos = src.find(":") + 1
    out = []
    for value in values:
        idx = src.find(value, pos)
        idx = idx if idx >= 0 else pos
        out.append((line, idx + 1))
        pos = idx + len(value)
    return out


def _without_front_matter(lines: list[str]) -> str:
    """The text with a leading YAML front matter block (``---`` ... ``---``/``...``, as Jekyll
    and Hugo write it) blanked out, line for line, so that later line numbers stay right."""
    if not lines or lines[0].rstrip() != "---":
        return "\n".join(lines)
    end = next((k for k in range(1, len(lines)) if lines[k].rstrip() in ("---", "...")), None)
    if end is None:
        return "\n".join(lines)
    import yaml

    block = "\n".join(lines[1:end])
    if yaml_too_deep(block):
        return "\n".join(lines)  # nested too deeply for a parser: not front matter
    try:  # composed, not loaded: a value Python cannot hold (2023-02-30) is still front matter
        meta = yaml.compose(block, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError, ValueError, OverflowError, TypeError):
        return "\n".join(lines)
    if meta is not None and not isinstance(meta, yaml.MappingNode):
        return "\n".join(lines)  # a rule, a paragraph and another rule: not front matter
    return "\n" * (end + 1) + "\n".join(lines[end + 1 :])


def read(path: str, text: str):
    lines = text.split("\n")
    sections, directives = _sections(_without_front_matter(lines))
    row = 0
    for sec in sections:
        if sec.title is None and not sec.blocks and sec.row is None:
            continue
        row += 1
        problems: list[InputError] = []
        yield _to_story(path, sec, row, lines, directives, problems)
        yield from problems
