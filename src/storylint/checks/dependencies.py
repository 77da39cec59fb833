"""Story ids and references (set level): references to story ids that are not in the backlog, and
one id used by two stories of one file."""

from __future__ import annotations

import re

from ..context import Hit
from . import set_check

KEY_RE = re.compile(r"(?=[A-Z])(?<![\w-])(?:[A-Z][A-Z0-9_]{1,9}-\d+|US-?\d+)(?![\w-])")


@set_check("unknown-dependency")
def unknown_dependency(contexts, **_):
    known = {ctx.story.id for ctx in contexts}
    if not any(KEY_RE.fullmatch(k) for k in known):
        # This backlog has no keyed ids (e.g. a plain list): references cannot be checked.
        known_keys = False
    else:
        known_keys = True
    for i, ctx in enumerate(contexts):
        story = ctx.story
        for k, dep in enumerate(story.depends_on):
            if dep not in known:
                yield i, Hit("depends_on", 0, 0, k, values={"match": dep}, related=[dep])
        if not known_keys:
            continue
        for m in KEY_RE.finditer(ctx.text):
            if m.group(0) not in known and m.group(0) != story.id:
                yield i, Hit("text", m.start(), m.end(), values={"match": m.group(0)}, related=[m.group(0)])


@set_check("duplicate-id")
def duplicate_id(contexts, **_):
    """A story whose id an earlier story of the same file already has: a reference to that id
    (``depends_on``, "see SHOP-7") cannot say which one it means."""
    if len({ctx.story.id for ctx in contexts}) == len(contexts):
        return  # every id is unique (the common case)
    first: dict[tuple[str, str], object] = {}
    for i, ctx in enumerate(contexts):
        story = ctx.story
        key = (story.source.path, story.id)
        seen = first.get(key)
        if seen is None:
            first[key] = story
            continue
        same_line = seen.source.line is None or seen.source.line == story.source.line
        where = f"item {seen.source.row}" if same_line and seen.source.row is not None else f"line {seen.source.line}"
        yield i, Hit("text", 0, 0, values={"match": story.id, "first": where})

