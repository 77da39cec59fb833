"""What a check sees of one story, and what it returns (a Hit, before it becomes a Finding)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .models import Story
from .parse import ParsedStory, parse_story


@dataclass(slots=True)
class Hit:
    """A match of a check: a span in one field of the story, and values for the message.

    ``field`` is ``text``, ``title``, ``description`` or ``ac`` (then ``item`` is the index of
    the acceptance-criteria item); ``start``/``end`` are offsets into that field's text.
    ``estimate`` and ``depends_on`` (``item``: the index of the id) name a value with no text
    to point into: the engine places the finding where the reader found that value.
    """

    field: str = "text"
    start: int = 0
    end: int = 0
    item: int | None = None
    message: str | None = None
    values: dict[str, Any] | None = None
    related: list[str] | None = None
    suggestion: str | None = None
    line: int | None = None
    """Absolute line/column in the source file, for checks that know them (Gherkin)."""
    column: int | None = None
    end_line: int | None = None
    """Where the hit ends in the source file (exclusive), when ``line`` is set; None: where it starts."""
    end_column: int | None = None


@dataclass(slots=True)
class StoryContext:
    story: Story
    text: str
    parsed: ParsedStory
    options: dict[str, Any] = field(default_factory=dict)
    cache: dict[str, Any] = field(default_factory=dict)
    """Per-story scratch space shared by checks (e.g. parsed Gherkin documents)."""
    scopes: dict[str, list[tuple[str, int | None, int, str]]] = field(default_factory=dict)
    text_lower: tuple[str, str] | None = None
    """(the story text, its lower case), kept by :meth:`lower`."""
    words: dict[tuple[int, int], tuple[frozenset[str], str, str]] = field(default_factory=dict)
    """The word sets of this story's texts (see ``kinds.existence.text_words``)."""

    @classmethod
    def build(cls, story: Story, text: str | None = None, options: dict[str, Any] | None = None) -> "StoryContext":
        t = story.text if text is None else text
        return cls(story=story, text=t, parsed=parse_story(t), options=options or {})

    def lower(self, text: str) -> str:
        """``text.lower()``, computed once per text of this story."""
        if text is self.text:  # the common case, without a cache key
            got = self.text_lower
            if got is None or got[0] is not text:
                got = self.text_lower = (text, text.lower())
            return got[1]
        key = ("lower", id(text))
        got = self.cache.get(key)
        if got is None or got[0] is not text:
            got = self.cache[key] = (text, text.lower())
        return got[1]

    def release(self) -> None:
        """Drop the scratch that only the story's own checks use (word sets, scopes), once
        they have run. The engine keeps every story's context until the set-level checks are
        done; without this a backlog would hold ~2.5 KB more per story. Anything dropped is
        computed again if it is asked for."""
        self.words.clear()
        self.scopes.clear()

    def scope(self, scope: str) -> list[tuple[str, int | None, int, str]]:
        """``(field, item, base_offset, text)`` for every piece of text in a scope (cached)."""
        got = self.scopes.get(scope)
        if got is None:
            got = self.scopes[scope] = self._scope(scope)
        return got

    def _scope(self, scope: str) -> list[tuple[str, int | None, int, str]]:
        # (a list built directly, not through a generator: every story builds several)
        p = self.parsed
        story = self.story
        if scope == "text":
            return [("text", None, 0, self.text)] if self.text else []
        if scope in ("role", "means", "ends", "rest"):
            part = getattr(p, scope)
            return [("text", None, part.start, part.text)] if part is not None else []
        if scope == "title":
            return [("title", None, 0, story.title)] if story.title else []
        if scope == "description":
            return [("description", None, 0, story.description)] if story.description else []
        if scope == "ac":
            return [("ac", i, 0, item) for i, item in enumerate(story.acceptance_criteria)]
        if scope == "story":
            return self._scope("text") + self._scope("description") + self._scope("ac")
        if scope == "feature":
            return []
        raise ValueError(f"unknown scope {scope}")  # pragma: no cover - scopes are validated when rules load
