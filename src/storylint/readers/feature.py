"""Gherkin files (``.feature``, ``.feature.md``): one story per file.

The story's id is the file name without ``.feature``/``.feature.md``, its title the Feature's
name, its ``gherkin`` the whole file. When the feature description holds a user-story sentence
("As a ..., I want ... so that ..."), that sentence becomes the story text and the story rules
check it; otherwise the text stays empty and the story is labelled ``feature`` so that the
story-template rules can leave it alone. The file is not parsed here (the Gherkin rules parse it
once, possibly in a process pool); a light line scan finds the name and the description.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Iterator

from ..models import InputError, Source, Story
from .positions import lines_in_file

_LANG_RE = re.compile(r"^\s*#\s*language\s*:\s*([a-zA-Z0-9_-]+)\s*$")
_STORY_START_RE = re.compile(r"^\s*(?:[-*>]\s*)?(?:\*\*)?(?:as\s+(?:an?|the)\b|as\b|in\s+order\s+to\b)", re.I)


def _keywords(lang: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    from ..gherkin.parse import dialect, words

    d = dialect(lang)
    w = words(lang)
    feature = tuple(d.feature_keywords)
    stops = tuple(k for k in w.headers if k not in feature) + tuple(k for k in w.steps if k.strip() != "*")
    return feature, stops


def story_id(path: str) -> str:
    name = PurePath(path).name
    for suffix in (".feature.md", ".feature"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)] or name
    return PurePath(path).stem


def read(path: str, text: str) -> Iterator[Story | InputError]:
    markdown = path.lower().endswith(".md")
    lines = text.split("\n")  # (as the Gherkin parser reads lines: U+2028 and the like are no line breaks)
    lang = "en"
    directives: list[tuple[int, str]] = []
    if "storylint:" in text.lower():
        for lineno, line in enumerate(lines, start=1):
            s = line.strip()
            if s.startswith("#") and "storylint:" in s.lower():
                directives.append((lineno, s))
    for line in lines[:5]:
        m = _LANG_RE.match(line)
        if m:
            lang = m.group(1)
    try:
        feature_kw, stops = _keywords(lang)
    except Exception:  # noqa: BLE001 - an unknown language is reported by the parse-error rule
        feature_kw, stops = _keywords("en")
    title = None
    feature_line = None
    desc: list[tuple[int, str]] = []
    for lineno, line in enumerate(lines, start=1):
        s = line.strip()
        if markdown:
            s = s.lstrip("#").strip()
        if feature_line is None:
            for k in feature_kw:
                if s.startswith(k + ":"):
                    title = s[len(k) + 1 :].strip()
                    feature_line = lineno
                    break
            continue
        if s.startswith("@") or (not markdown and s.startswith("#")):
            if desc:
                break
            continue
        if any(s.startswith(k + ":") for k in stops) or any(s.startswith(k) for k in stops if k.endswith(" ")):
            break
        desc.append((lineno, line))
    text_line = None
    story_text = ""
    rest: list[str] = []
    for i, (lineno, line) in enumerate(desc):
        if text_line is None and _STORY_START_RE.match(line):
            text_line = lineno
            sentence = [line.strip()]
            for _n, more in desc[i + 1 :]:
                if not more.strip():
                    break
                sentence.append(more.strip())
            story_text = "\n".join(sentence)
            break
    if text_line is None:
        while desc and not desc[0][1].strip():
            desc.pop(0)
        rest = [line.strip() for _n, line in desc]
    description = "\n".join(rest).strip() or None
    labels = [] if story_text else ["feature"]
    text_column = 1
    if text_line is not None:
        raw = lines[text_line - 1]
        text_column = len(raw) - len(raw.lstrip()) + 1
    yield Story(
        id=story_id(path),
        title=title,
        text=story_text,
        description=description,
        labels=labels,
        gherkin=text,
        source=Source(
            path=path,
            line=1,
            column=1,
            row=1,
            text_line=text_line,
            text_column=text_column,
            text_map=lines_in_file(story_text, list(range(text_line, text_line + story_text.count("\n") + 1)), lines) if text_line else None,
            description_line=desc[0][0] if (description and desc) else None,
            description_map=lines_in_file(description, [n for n, _ in desc], lines) if (description and desc) else None,
            directives=directives,
        ),
    )
