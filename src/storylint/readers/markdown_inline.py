"""Story text without its inline Markdown markers, each character still at its file column.

Teams stress the keywords of the template: ``_As a_ shopper, **I want** …, *so that* …``. The
rules read the text as it reads, without the emphasis (``*``, ``_``), strong emphasis (``**``,
``__``) and code span (backticks) markers around words; only the markers that markdown-it-py
itself reads as such are removed (a literal ``*`` in "5 * 3", a ``snake_case_word`` or an
escaped ``\\*`` stays). The anchor map of the text is moved to match, so that findings stay on
the file's own columns.

The markers are found by walking markdown-it-py's inline tokens along the text, one character
at a time (linear). When the walk meets what it cannot follow (a link, an image, an autolink) or
the tokens do not line up with the text, the text is left as it is.
"""

from __future__ import annotations

from functools import lru_cache
from html import unescape

from .positions import Anchor, compress

_MARKERS = {"em_open", "em_close", "strong_open", "strong_close"}
_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_SKIPPED = {"html_inline"}  # kept as written: their raw text is in the token


@lru_cache(maxsize=1)
def _md():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def marker_spans(text: str) -> list[tuple[int, int]] | None:
    """The ``(start, end)`` offsets in ``text`` of its emphasis, strong and code span markers,
    in order; None when the inline tokens cannot be followed along the text."""
    if not any(c in text for c in "*_`"):
        return []
    try:
        (inline,) = _md().parseInline(text)
    except ValueError:
        return None
    spans: list[tuple[int, int]] = []
    cur, n = 0, len(text)
    for tok in inline.children or ():
        kind = tok.type
        if kind == "text":
            cur = _follow(text, cur, tok.content)
            if cur is None:
                return None
        elif kind in ("softbreak", "hardbreak"):
            while cur < n and text[cur] in " \t\\":
                cur += 1
            if cur >= n or text[cur] != "\n":
                return None
            cur += 1
            while cur < n and text[cur] in " \t":
                cur += 1
        elif kind in _MARKERS:
            if not tok.markup or not text.startswith(tok.markup, cur):
                return None
            spans.append((cur, cur + len(tok.markup)))
            cur += len(tok.markup)
        elif kind == "code_inline":
            fence = tok.markup
            if not fence or not text.startswith(fence, cur):
                return None
            close = _closing_run(text, cur + len(fence), len(fence))
            if close is None:
                return None
            spans += [(cur, cur + len(fence)), (close, close + len(fence))]
            cur = close + len(fence)
        elif kind in _SKIPPED:
            if not text.startswith(tok.content, cur):
                return None
            cur += len(tok.content)
        else:  # a link, an image, an autolink: not followed
            return None
    return spans if not text[cur:].strip() else None


def _follow(text: str, cur: int, content: str) -> int | None:
    """Where ``text`` is after the characters of a text token ``content`` read from ``cur``
    (backslash escapes and entities as written in the text, decoded in the token)."""
    i, n = 0, len(text)
    while i < len(content):
        if cur >= n:
            return None
        ch = text[cur]
        if ch == "\\" and cur + 1 < n and text[cur + 1] in _PUNCTUATION and text[cur + 1] == content[i]:
            cur, i = cur + 2, i + 1  # an escape: "\\*" is a "*"
            continue
        if ch == "&":
            end = text.find(";", cur, cur + 40)
            decoded = unescape(text[cur : end + 1]) if end != -1 else ""
            if decoded and decoded != text[cur : end + 1] and content.startswith(decoded, i):
                cur, i = end + 1, i + len(decoded)  # an entity: "&amp;" is a "&"
                continue
        if ch != content[i]:
            return None
        cur, i = cur + 1, i + 1
    return cur


def _closing_run(text: str, at: int, length: int) -> int | None:
    """The start of the next run of exactly ``length`` backticks from ``at``."""
    n = len(text)
    k = at
    while k < n:
        if text[k] != "`":
            k += 1
            continue
        run = k
        while k < n and text[k] == "`":
            k += 1
        if k - run == length:
            return run
    return None


def without_markers(text: str, anchors: list[Anchor]) -> tuple[str, list[Anchor]]:
    """``text`` without its emphasis, strong and code span markers, and its anchor map (see
    :mod:`storylint.readers.positions`) moved to match; unchanged when it has none."""
    spans = marker_spans(text)
    if not spans or not anchors:
        return text, anchors
    drop = bytearray(len(text))
    for a, b in spans:
        drop[a:b] = b"\x01" * (b - a)
    kept: list[str] = []
    points: list[tuple[int, int]] = []
    k = 0
    for i, ch in enumerate(text):
        while k + 1 < len(anchors) and anchors[k + 1][0] <= i:
            k += 1
        if drop[i]:
            continue
        offset, line, col = anchors[k]
        kept.append(ch)
        points.append((line, col + i - offset))
    return "".join(kept), compress(points)


def plain(text: str) -> str:
    """``text`` without its emphasis, strong and code span markers (see ``without_markers``)."""
    spans = marker_spans(text)
    if not spans:
        return text
    out, last = [], 0
    for a, b in spans:
        out.append(text[last:a])
        last = b
    out.append(text[last:])
    return "".join(out)
