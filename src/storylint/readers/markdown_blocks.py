"""Markdown blocks: the file as a flat list of entries (headings, paragraphs, fences, HTML, tables, list items).

``_entries`` parses the text with markdown-it-py into ``_Entry`` tuples; a list item becomes one
``item`` entry holding its parts (``_Item``), an HTML block its visible text (``_html_text``), a
table either rows of stories or a paragraph of its lines (see ``markdown_tables``). Also here:
the heading names every part of the Markdown reader matches (criteria, story, notes ...), the
section model (``_Section``) and the test for a story sentence (``_is_story_sentence``).
"""

from __future__ import annotations

import re

from .markdown_inline import plain
from .markdown_tables import Row, split_cells, story_rows


# "Acceptance criteria" and how teams write it: "ACs", "✅ Acceptance criteria", "Acceptance
# Criteria (MVP)", "Success criteria", "Acceptance criteria / DoD".
AC_HEADING_RE = re.compile(
    r"^[^\w\n]{0,8}(acceptance\s+criteria|acceptance\s+tests?|acs?|definition\s+of\s+done|success\s+criteria|done\s+criteria)"
    r"(?:\s{0,3}(?:\([^()\n]{0,40}\)|[/&+]\s{0,3}(?:dod|definition\s+of\s+done)))?[\s:*]*$",
    re.I,
)
# A metadata line: "Estimate: 5", also with its label emphasised as issue templates write it
# ("**Estimate:** 5", "**Estimate**: 5", "_Labels:_ ux"; ``em`` is "" for a plain label).
META_RE = re.compile(
    r"^(?P<em>\*\*|__|\*|_|)(?P<key>id|key|title|estimate|points|story\s*points|labels|tags|depends\s*on|dependencies)"
    r"(?:\s*:\s*(?P=em)|(?P=em)\s*:)\s*(?P<value>.+)$",
    re.I,
)
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
        if "storylint:" in raw.lower():
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
