"""One Markdown section as a Story: its text, id, title, metadata, criteria and positions.

``_to_story`` reads a ``_Section`` (see ``markdown_layout``): the story sentence (without a
"Story:" label or emphasis markers), ``Key: value`` metadata, the acceptance criteria (list
items, fences, Given/When/Then; see ``markdown_gherkin``) and the description, each with the
line and column it came from.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from ..models import InputError, Source, Story
from .estimate import estimate_value, unsized
from .markdown_blocks import (
    AC_HEADING_RE,
    CHECKBOX_RE,
    META_RE,
    STORY_START_RE,
    TITLE_KEY_RE,
    _Section,
    _is_story_sentence,
)
from .markdown_gherkin import GHERKIN_HEADER_RE, GHERKIN_STEP_RE, _STEP_RE, _gherkin_lines, _gherkin_tail, _is_gherkin
from .markdown_inline import without_markers
from .markdown_items import _expanded, _item_story
from .markdown_layout import _notes_label
from .markdown_tables import criteria, unescaped, values
from .positions import Anchor, by_lines, joined, lines_in_file, shifted
from .text import STORY_ID_RE


# A label before the story sentence: "**User story:** As a …", "Story: I want …", or on a line
# of its own right above it ("**User story**", "_User story_", "User story:").
_EM = r"(?:\*\*|__|\*|_)?"
LABEL_RE = re.compile(
    _EM + r"(?:user\s)?story(?:\sstatement)?" + _EM + r"(?:\s?:\s?" + _EM + r"[ \t]*(?:\n[ \t]*)?|[ \t]*\n[ \t]*)(?=as\b|i\b|we\b)",
    re.I,
)


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


def _to_story(path: str, sec: _Section, row: int, lines: list[str], directives, problems: list[InputError], alone: bool = False) -> Story | InputError:
    """The story of one section; a bad ``Estimate:`` value goes to ``problems`` and the story
    is read without it (its text is fine: it is still linted). ``alone``: the file's only
    story, whose id (when it has none of its own) is the file's stem, titled or not."""
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
    estimate = estimate_at = estimate_text = None
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

    def read_meta(meta: re.Match, at: int, listed: bool = False) -> bool:
        """A ``Key: value`` metadata line (``META_RE``'s match) on line ``at``; whether it was
        taken as metadata. A list item (``listed``) is only when it reads as metadata beyond
        doubt: an estimate that is one, ids to depend on, labels - never an id or a title, which
        would replace the heading's ("- Title: Mr, Ms or Dr", "- ID: the national ID, masked"
        describe a form), and a value that is none ("- Points: the loyalty balance",
        "- Dependencies: Python 3.11, pip") stays description; "- Estimate: lots" is an estimate
        that is wrong, reported."""
        nonlocal sid, title, estimate, estimate_text, estimate_at, labels, depends, depends_at
        key = meta.group("key").lower().replace(" ", "")
        value = meta.group("value").strip()
        if key in ("id", "key", "title") and listed:
            return False
        if key in ("id", "key"):
            sid = value
        elif key == "title":
            title = value
        elif key in ("estimate", "points", "storypoints"):
            token = value.split()[0] if value.split() else value
            try:
                size = estimate_value(token)
            except ValueError as exc:
                if listed and key == "points":
                    return False  # ("- Points: the loyalty balance": a field of something described)
                problems.append(InputError(path=path, line=at, row=row, field="estimate", message=str(exc)))
                return True
            estimate, estimate_text = size, unsized(token)
            (_l, col), = _values_at(lines, at, [token])
            estimate_at = (at, col, col + len(token))
        elif key in ("labels", "tags"):
            labels = [x.strip() for x in re.split(r"[,;]", value) if x.strip()]
        else:
            ids = [x.strip() for x in re.split(r"[,;\s]+", value) if x.strip()]
            if listed and not all(STORY_ID_RE.fullmatch(x) for x in ids):
                return False
            depends = ids
            depends_at = _values_at(lines, at, depends)
        return True

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
                estimate_text = unsized(token)
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
    text_at = sec.text_at
    index = -1
    while index + 1 < len(blocks):
        index += 1
        kind, line, content, level, nums, item = blocks[index]
        if kind == "para" and (k := _inner_break(content.split("\n"))) is not None:
            # Markdown joins lines with no blank line between them into one paragraph: the
            # part from an "Acceptance criteria:" label or a metadata line on is a block of its own.
            para_lines = content.split("\n")
            content = "\n".join(para_lines[:k])
            rest = ("para", line + k, "\n".join(para_lines[k:]), level, nums[k:] if nums else None, item)
            blocks[index] = (kind, line, content, level, nums[:k] if nums else None, item)
            blocks.insert(index + 1, rest)
            if text_at is not None and text_at > index:
                text_at += 1
        is_text = index == text_at
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
                    read_meta(meta, line + k)
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
            elif "\n" not in content and (meta := META_RE.match(content.strip())) is not None and read_meta(meta, line, listed=True):
                pass  # "- Estimate: 5" in a list under the story: metadata, as a line would be
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
        sid = f"{PurePath(path).stem}:{sec.line}" if (sec.title or sec.item) and not alone else PurePath(path).stem
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
            estimate_text=estimate_text,
            depends_positions=depends_at,
            directives=directives,
        ),
    )


def _inner_break(lines: list[str]) -> int | None:
    """Where a paragraph holds a part of its own, after its first line: an "Acceptance
    criteria:" label (or the label's own first line when criteria follow it), or ``Key: value``
    metadata with more prose after it ("Estimate: 21" between the story sentence and a note).
    Metadata that only opens or closes the paragraph is read where it is (None)."""
    if len(lines) > 1 and AC_HEADING_RE.match(lines[0].strip()):
        return 1
    for k in range(1, len(lines)):
        s = lines[k].strip()
        if AC_HEADING_RE.match(s):
            return k
        if META_RE.match(s) and not all(META_RE.match(x.strip()) for x in lines[:k]):
            if any(x.strip() and not META_RE.match(x.strip()) for x in lines[k + 1 :]):
                return k
    return None


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
