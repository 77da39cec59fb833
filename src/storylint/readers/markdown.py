"""Markdown: one story per ``## `` section, or the whole file as one story.

Within a story: the first paragraph is the story text; ``Key: value`` paragraphs set
metadata (ID, Estimate/Points, Labels/Tags, Depends on); a heading (or a bold line) named
"Acceptance criteria" starts the criteria: list items (checklists included) become items,
a fenced code block becomes one item (Gherkin), and consecutive Given/When/Then lines
become one item. The visible text of an HTML block is the story text when it starts like
one ("<p>As a user, ...</p>"), else part of the description. Everything else is the description. Parsed with markdown-it-py (HTML blocks with
the standard library's ``html.parser``).
"""

from __future__ import annotations

import re
from pathlib import PurePath

from .positions import Anchor, by_lines, joined, lines_in_file, shifted
from .structured import estimate_value
from ..models import InputError, Source, Story

AC_HEADING_RE = re.compile(r"^\**\s*(acceptance\s+criteria|acceptance\s+tests?|ac|definition\s+of\s+done)\s*:?\s*\**\s*:?$", re.I)
META_RE = re.compile(r"^(?P<key>id|key|estimate|points|story\s*points|labels|tags|depends\s*on|dependencies)\s*:\s*(?P<value>.+)$", re.I)
# An id opening a heading: "ACC-1 Login", "ACC-1: Login", "[ACC-1] Login", "[ACC-1](https://...) Login".
TITLE_KEY_RE = re.compile(r"^(?P<open>\[)?(?P<id>[A-Z][A-Z0-9_]*-\d+|US\d+|#\d+)(?(open)\](?:\([^()\s]*\))?)(?:\s*[:.\-–]\s*|\s+|$)(?P<title>.*)$")
STORY_START_RE = re.compile(r"\s*as\s+an?\b", re.I)
CHECKBOX_RE = re.compile(r"^\[[ xX]\]\s*")
DIRECTIVE_LINE_RE = re.compile(r"^\s*<!--\s*storylint:.*-->\s*$")


def _md():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


class _Section:
    __slots__ = ("title", "line", "blocks")

    def __init__(self, title: str | None, line: int):
        self.title = title
        self.line = line
        self.blocks: list[tuple[str, int, str, int, list[int] | None]] = []
        """(kind, line, content, level, the line of each line of content if not consecutive)"""


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


def _story_fence(info: str) -> bool:
    words = info.split()
    return (words[0].strip("{}.").lower() if words else "") in STORY_FENCES


def _sections(text: str) -> tuple[list[_Section], list[tuple[int, str]]]:
    tokens = _md().parse(text)
    # An "Acceptance criteria" heading (## or setext ----) starts the criteria of the story
    # above it, never a story of its own.
    ac_h2 = {i for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2" and AC_HEADING_RE.match(tokens[i + 1].content.strip())}
    has_h2 = any(t.type == "heading_open" and t.tag == "h2" and i not in ac_h2 for i, t in enumerate(tokens))
    sections: list[_Section] = []
    directives: list[tuple[int, str]] = []
    current = _Section(None, 1) if not has_h2 else None
    i = 0
    list_depth = 0
    while i < len(tokens):
        tok = tokens[i]
        line = (tok.map[0] + 1) if tok.map else 0
        if tok.type == "heading_open":
            title = tokens[i + 1].content.strip()
            if (tok.tag == "h2" and (i not in ac_h2 or current is None)) or (tok.tag == "h1" and not has_h2 and current is not None and current.title is None and not current.blocks):
                if tok.tag == "h2" or current is None:
                    current = _Section(title, line)
                    sections.append(current)
                else:
                    current.title, current.line = title, line
            elif current is not None:
                current.blocks.append(("heading", line, title, int(tok.tag[1]), None))
            i += 3
            continue
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif tok.type == "list_item_open" and current is not None and list_depth == 1:
            # The whole item (its paragraphs and nested lists) as one block.
            j = i + 1
            depth = 1
            parts = []
            nums: list[int] = []
            while j < len(tokens) and depth:
                t = tokens[j]
                if t.type == "list_item_open":
                    depth += 1
                elif t.type == "list_item_close":
                    depth -= 1
                elif t.type == "inline":
                    parts.append(t.content)
                    nums += range(t.map[0] + 1, t.map[0] + 2 + t.content.count("\n"))
                j += 1
            current.blocks.append(("item", line, "\n".join(parts), 0, nums))
            i = j
            continue
        elif tok.type == "paragraph_open" and list_depth == 0:
            content = tokens[i + 1].content
            if current is not None:
                current.blocks.append(("para", line, content, 0, None))
            i += 3
            continue
        elif tok.type in ("fence", "code_block") and list_depth == 0:
            if current is not None and _story_fence(tok.info):
                current.blocks.append(("code", line + 1 if tok.type == "fence" else line, tok.content.rstrip("\n"), 0, None))
        elif tok.type == "html_block":
            for k, raw in enumerate(tok.content.split("\n")):
                if "storylint:" in raw:
                    if current is None or (not current.blocks and current.title is None):
                        directives.append((line + k, raw.strip()))
                    elif current is not None:
                        current.blocks.append(("directive", line + k, raw.strip(), 0, None))
            if current is not None and list_depth == 0:
                at, visible = _html_text(tok.content)
                if visible:
                    current.blocks.append(("html", line + at[0], visible, 0, [line + k for k in at]))
        i += 1
    if current is not None and not sections:
        sections.append(current)
    return sections, directives


_STEP_RE = re.compile(r"^\s*(given|when|then|and|but|\*)\s", re.I)


def _to_story(path: str, sec: _Section, row: int, lines: list[str], directives) -> Story | InputError:
    sid = None
    title = sec.title
    if title:
        m = TITLE_KEY_RE.match(title)
        if m:
            sid, title = m.group("id"), m.group("title").strip() or None
    text, text_map = "", None
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

    for kind, line, content, level, nums in sec.blocks:
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
                            return InputError(path=path, line=line + k, row=row, field="estimate", message=str(exc))
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
            if in_ac:
                if all(_STEP_RE.match(x) or not x.strip() for x in content.split("\n")):
                    for k, x in enumerate(content.split("\n")):
                        pending_steps.append((line + k, x.strip()))
                    continue
                flush_steps()
                add_ac(content, line)
                continue
            if not text:
                text, text_map = content, place(content, line)
            else:
                add_desc(content, line)
            continue
        if kind == "html":  # visible text of an HTML block: the story if it reads like one
            if not text and not in_ac and STORY_START_RE.match(content):
                text, text_map = content, place(content, line, nums)
            else:
                add_desc(content, line, nums)
            continue
        if kind == "item":
            if in_ac:
                flush_steps()
                add_ac(CHECKBOX_RE.sub("", content), line, nums)
            elif not text and STORY_START_RE.match(content):
                text, text_map = content, place(content, line, nums)
            else:
                add_desc(content, line, nums, bullet=True)
            continue
        if kind == "code":
            flush_steps()
            if in_ac:
                add_ac(content, line)
            else:
                add_desc(content, line)
    flush_steps()
    if sid is None:
        sid = f"{PurePath(path).stem}:{sec.line}" if sec.title else PurePath(path).stem
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

    try:
        meta = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError:
        return "\n".join(lines)
    if meta is not None and not isinstance(meta, dict):
        return "\n".join(lines)  # a rule, a paragraph and another rule: not front matter
    return "\n" * (end + 1) + "\n".join(lines[end + 1 :])


def read(path: str, text: str):
    lines = text.split("\n")
    sections, directives = _sections(_without_front_matter(lines))
    row = 0
    for sec in sections:
        if sec.title is None and not sec.blocks:
            continue
        row += 1
        yield _to_story(path, sec, row, lines, directives)
