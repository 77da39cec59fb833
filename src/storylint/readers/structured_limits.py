"""What a YAML or JSON document may hold before the reader refuses it: how deeply a YAML file
may nest (checked on the text, before libyaml, which recurses in C, sees it), how far its
aliases may expand (an alias bomb), and the values a parser reads but Python cannot hold (a date
such as 2023-02-30, an integer of thousands of digits).

Separate from the reader (readers/structured) because these are guards, not reading, and so
that the Markdown reader can check its front matter with yaml_too_deep without loading the
YAML/JSON reader.
"""

from __future__ import annotations

import re
from typing import Any

TOO_DEEP = "nested too deeply to read"

MAX_YAML_DEPTH = 500
"""How deeply a YAML file may nest (flow brackets, and the columns a block line's indentation,
dashes and ``?``/``:`` indicators take). libyaml recurses in C, where a file nested some 20,000
levels deep (50 KB of ``[``) overflows the stack and kills the process: no Python exception."""

_FLOW_BRACKET_RE = re.compile(r"[\[\]{}]")
_BLOCK_PREFIX_RE = re.compile(r"^[ \t]*(?:[-?:][ \t]+(?:[&!]\S*[ \t]+)*)*", re.M)
"""A line's indentation with its block indicators (``- - - x``, ``? - &a - x``); unambiguous
(each part starts with a character no other can match), so linear."""


def yaml_too_deep(text: str, limit: int = MAX_YAML_DEPTH) -> bool:
    """Whether YAML ``text`` may nest more than ``limit`` levels: a cheap, linear, conservative
    check made before the parser sees the text (see MAX_YAML_DEPTH). Either bound on its own:
    the deepest run of flow brackets (``[``/``{`` not yet closed, wherever they are), or the
    widest block prefix of a line that has content (indentation, dashes, ``?``/``:``). Both
    together are still far below what libyaml survives; a real backlog is far below either."""
    for line in text.splitlines():
        if len(line) > limit and (m := _BLOCK_PREFIX_RE.match(line)) and m.end() > limit:
            if m.end() < len(line) or len(m.group().rstrip(" \t")) > limit:  # (not a blank line)
                return True
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for m in _FLOW_BRACKET_RE.finditer(text):
        if m.group() in "[{":
            depth += 1
            if depth > limit:
                return True
        elif depth:
            depth -= 1
    return False


def yaml_expanded_size(node: Any, yaml: Any) -> int:
    """The size of a composed YAML node graph once its aliases are expanded: one for each node
    plus the length of each scalar, a node shared by aliases counted once per reference
    (memoised per node, so linear in the number of distinct nodes). A node that holds itself
    through an alias (``- &a [*a]``) expands without end: a ValueError (RECURSIVE_ALIAS)."""
    sizes: dict[int, int] = {}
    started: set[int] = set()
    todo: list[tuple[Any, bool]] = [(node, False)]
    while todo:
        n, done = todo.pop()
        if id(n) in sizes:
            continue
        if isinstance(n, yaml.ScalarNode):
            sizes[id(n)] = 1 + len(n.value)
            continue
        children = [x for pair in n.value for x in pair] if isinstance(n, yaml.MappingNode) else list(n.value)
        if done:
            sizes[id(n)] = 1 + sum(sizes.get(id(c), 0) for c in children)
        elif id(n) in started:  # (met again below itself, before its size is known)
            raise ValueError(RECURSIVE_ALIAS)
        else:
            started.add(id(n))
            todo.append((n, True))
            todo.extend((c, False) for c in children if id(c) not in sizes)
    return sizes.get(id(node), 0)


RECURSIVE_ALIAS = "an alias refers to a node that holds it (a structure without end)"


def yaml_expansion_limit(text: str) -> int:
    """How large a YAML file's alias-expanded content may be (see yaml_expanded_size): ten times
    the file, and a million characters of room for small files' shared anchors."""
    return 10 * len(text) + 1_000_000


def _unholdable(exc: Exception) -> str:
    """What is wrong with a value the parser read but Python cannot hold (a date such as
    2023-02-30, an integer of more than 4,300 digits), without Python's advice to the programmer."""
    return str(exc).split("; use sys.set_int_max_str_digits", 1)[0]


def _unholdable_line(node, yaml) -> int | None:
    """The line of the first scalar of ``node`` that YAML reads as a date or a number but
    Python cannot hold, if there is one."""
    loader = yaml.SafeLoader("")
    todo = [node]
    while todo:
        n = todo.pop()
        if isinstance(n, yaml.ScalarNode):
            if n.tag.endswith((":timestamp", ":int", ":float")):
                try:
                    loader.construct_object(n)
                except (ValueError, OverflowError):
                    return n.start_mark.line + 1
        elif isinstance(n, yaml.SequenceNode):
            todo.extend(reversed(n.value))
        elif isinstance(n, yaml.MappingNode):
            todo.extend(x for pair in reversed(n.value) for x in reversed(pair))
    return None
