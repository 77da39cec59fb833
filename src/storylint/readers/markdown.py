"""Markdown: one story per file, or one story per section of a backlog.

Which headings are stories (see ``markdown_layout``): a file whose title section (or "## Story"
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

The work is split by what it does: ``markdown_blocks`` (the file as entries), ``markdown_items``
(list items holding stories), ``markdown_layout`` (which blocks are stories, as sections),
``markdown_gherkin`` (steps outside a criteria section), ``markdown_story`` (a section as a
Story), ``markdown_tables`` and ``markdown_inline``; this module reads front matter and ties
them together (``read``), and re-exports the names other modules and tests use.
"""

from __future__ import annotations

from pathlib import PurePath

from ..models import InputError
from .markdown_blocks import (  # noqa: F401  (re-exported)
    AC_HEADING_RE,
    CHECKBOX_RE,
    DIRECTIVE_LINE_RE,
    GHERKIN_FENCES,
    META_RE,
    NOTE_LABEL_RE,
    NOTES_RE,
    SIBLING_NOTES_RE,
    STORY_FENCES,
    STORY_PART_RE,
    STORY_START_RE,
    TABLE,
    TITLE_KEY_RE,
    _html_text,
    _is_story_sentence,
)
from .markdown_gherkin import GHERKIN_HEADER_RE, GHERKIN_MORE_RE, GHERKIN_STEP_RE, PROSE_STEP_RE  # noqa: F401
from .markdown_items import ITEM_BOLD_RE, ITEM_ID_RE  # noqa: F401
from .markdown_layout import ROOT, _sections  # noqa: F401
from .markdown_story import LABEL_RE, _to_story  # noqa: F401
from .structured_limits import yaml_too_deep


def _without_front_matter(lines: list[str], found: list | None = None) -> str:
    """The text with a leading YAML front matter block (``---`` ... ``---``/``...``, as Jekyll
    and Hugo write it) blanked out, line for line, so that later line numbers stay right.
    ``found`` (when given) receives the block's mapping node."""
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
    if found is not None and meta is not None:
        found.append(meta)
    return "\n" * (end + 1) + "\n".join(lines[end + 1 :])


def _front_matter_fields(path: str, story, meta) -> tuple[object, list[InputError]]:
    """``story`` (a file's only story) with the id, title, estimate, labels and dependencies
    its front matter gives (``id: task-7``, ``estimate: 5``, ``dependencies: [task-2]``, as
    story files of Backlog.md, Obsidian or Jekyll keep them) where the Markdown gives none."""
    import yaml

    from .estimate import estimate_value, unsized
    from .structured_fields import field_keys

    nodes = {
        k.value: v
        for k, v in meta.value
        if isinstance(k, yaml.ScalarNode) and isinstance(k.value, str) and v.tag != "tag:yaml.org,2002:null"  # (null, ~: absent)
    }
    keys = field_keys(nodes)
    update: dict = {}
    src: dict = {}
    problems: list[InputError] = []

    def at(node) -> tuple[int, int]:  # the block starts on the file's line 2
        return node.start_mark.line + 2, node.start_mark.column + 1

    def texts(node) -> list[tuple[str, object]]:
        if isinstance(node, yaml.SequenceNode):
            return [(n.value.strip(), n) for n in node.value if isinstance(n, yaml.ScalarNode) and n.value.strip()]
        if isinstance(node, yaml.ScalarNode) and node.value.strip():
            return [(x.strip(), None) for x in node.value.split(",") if x.strip()]
        return []

    def scalar(field: str):
        """The field's node when it is a non-blank scalar, else None."""
        node = nodes.get(keys[field]) if keys[field] else None
        return node if isinstance(node, yaml.ScalarNode) and node.value.strip() else None

    if story.id == PurePath(path).stem and (node := scalar("id")) is not None:
        update["id"] = node.value.strip()
    if story.title is None and (node := scalar("title")) is not None:
        update["title"] = node.value.strip()
    node = scalar("estimate")
    if node is not None and story.estimate is None and story.source.estimate_position is None:
        token = node.value.strip()
        line, col = at(node)
        try:
            update["estimate"] = estimate_value(token)
            src["estimate_text"] = unsized(token)
            end = node.end_mark.column + 1 if node.end_mark.line == node.start_mark.line else col + 1
            src["estimate_position"] = (line, col, end)
        except ValueError as exc:
            problems.append(InputError(path=path, line=line, row=story.source.row, field="estimate", message=str(exc)))
    node = nodes.get(keys["labels"]) if keys["labels"] else None
    if node is not None and not story.labels and (labels := texts(node)):
        update["labels"] = [x for x, _n in labels]
    node = nodes.get(keys["depends_on"]) if keys["depends_on"] else None
    if node is not None and not story.depends_on and (deps := texts(node)):
        update["depends_on"] = [x for x, _n in deps]
        if all(n is not None for _x, n in deps):
            src["depends_positions"] = [at(n) for _x, n in deps]
    if src:
        update["source"] = story.source.model_copy(update=src)
    return (story.model_copy(update=update) if update else story), problems


def read(path: str, text: str):
    lines = text.split("\n")
    front: list = []
    sections, directives = _sections(_without_front_matter(lines, front))
    sections = [sec for sec in sections if not (sec.title is None and not sec.blocks and sec.row is None)]
    alone = len(sections) == 1  # one story in the file: with no id of its own, the file's name is its id
    row = 0
    for sec in sections:
        row += 1
        problems: list[InputError] = []
        story = _to_story(path, sec, row, lines, directives, problems, alone=alone)
        if alone and front and not isinstance(story, InputError):
            story, more = _front_matter_fields(path, story, front[0])
            problems += more
        yield story
        yield from problems
