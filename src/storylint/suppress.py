"""Inline suppression: ``storylint: disable=CODE[,CODE] -- reason``.

One syntax everywhere: in a story's text, description or acceptance criteria it applies to
that story; in a file-level comment (collected by the reader into ``Source.directives``) it
applies to every story of the file. Codes may be prefixes (``INV`` disables all INVEST rules)
or rule names. A directive without a reason, or one that suppresses nothing, is a finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .models import Story

_CODE = r"[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*"  # a code, prefix or rule name ("--" starts the reason)
DIRECTIVE_RE = re.compile(
    r"(?:<!--\s*|#\s*|//\s*)?storylint:\s*disable\b"
    rf"(?:(?:\s*=\s*|[ \t]+)(?P<codes>{_CODE}(?:\s*,\s*{_CODE})*))?"
    r"(?:[ \t]*(?:--(?!>)|[—–])[ \t]*(?P<reason>[^\n]*?))?[ \t]*(?:-->|$)",
    re.I | re.M,
)
"""A directive. Without ``=CODES`` (``# storylint: disable``, as a bare ``# noqa``) it is still
a directive - blanked out of the story and reported for naming no rule - never story text.
Forgiven: a space for the ``=`` (``disable INV030``) and an en or em dash for ``--`` (which
word processors and trackers turn ``--`` into)."""

ANY_DIRECTIVE_RE = re.compile(r"(?:<!--\s*|#\s*|//\s*)?storylint:\s*disable\b[^\n]*?[ \t]*(?:-->|$)", re.I | re.M)
"""Anything that means to be a directive, read or not: one that ``DIRECTIVE_RE`` cannot read
("disable=INV030 because NFR", "disable=INV030,") is still blanked out of the story - never
linted as story text - and reported as unreadable."""


@dataclass(slots=True)
class Directive:
    codes: tuple[str, ...]
    reason: str
    raw: str
    field: str = "text"
    item: int | None = None
    start: int = 0
    end: int = 0
    line: int | None = None
    column: int | None = None
    file_level: bool = False
    unreadable: bool = False
    """It says ``storylint: disable`` but not in the directive's syntax: it suppresses nothing."""

    def covers(self, code: str) -> bool:
        for c in map(_normal, self.codes):
            if c == "ALL" or code.startswith(c):
                return True
        return False

    def codes_covering(self, code: str) -> list[str]:
        """The directive's codes (as written) that cover a finding's ``code``."""
        return [c for c in self.codes if code_covers(c, code)]


def code_covers(written: str, code: str) -> bool:
    """Whether one code of a directive (a code, prefix, rule name or ``ALL``) covers ``code``."""
    c = _normal(written)
    return c == "ALL" or code.startswith(c)


def dead_codes(d: Directive, used: set[str], rules: dict, checked) -> tuple[list[str], list[str]]:
    """The codes of a directive that suppress nothing, judged one by one as ruff's RUF100 does:
    ``(unknown, unused)`` - the codes no rule has (``rules``: code -> rule), and the codes not in
    ``used`` (the codes that covered a finding) that name a rule this run checks (``checked``:
    a code -> bool). A code naming only rules the run does not check (left out by --select or
    --ignore, and the SL codes, which no directive applies to) cannot be judged: it is neither."""
    unknown, unused = [], []
    for c in d.codes:
        if not known_code(c, rules):
            unknown.append(c)
        elif c not in used and checked(c):
            unused.append(c)
    return unknown, unused


UNKNOWN_CODES = "Suppression '{match}' names no rule storylint knows: {unknown}."
UNREADABLE = "Suppression '{match}' cannot be read, so it suppresses nothing: write 'storylint: disable=CODE[,CODE] -- reason'."
NO_CODES = "Suppression '{match}' names no rule, so it suppresses nothing: write 'storylint: disable=CODE -- reason'."
UNUSED_CODES = "Suppression '{match}' suppresses nothing for {unused}."
UNKNOWN_AND_UNUSED = "Suppression '{match}' names no rule storylint knows: {unknown}; and it suppresses nothing for {unused}."
PART = "Remove {dead} from the suppression."


def unused_report(d: Directive, unknown: list[str], unused: list[str]) -> tuple[str, str | None, dict] | None:
    """What SL002 says of a directive: ``(message, suggestion, values)`` (None: the rule's own
    message or suggestion), or None when the directive has nothing to report. One finding per
    directive names every code that suppresses nothing."""
    if d.unreadable:
        return UNREADABLE, None, {}
    if not d.codes:  # "storylint: disable" alone (as a bare "noqa"): it names no rule
        return NO_CODES, None, {}
    if not unknown and not unused:
        return None
    dead = unknown + unused
    values = {"unknown": ", ".join(unknown), "unused": ", ".join(unused), "dead": ", ".join(dead)}
    # (the rule's suggestion, "Remove the suppression.", when no code of it does anything)
    suggestion = None if len(dead) == len(d.codes) else PART
    if unknown and unused:
        return UNKNOWN_AND_UNUSED, suggestion, values
    if unknown:
        return UNKNOWN_CODES, suggestion, values
    return (None if suggestion is None else UNUSED_CODES), suggestion, values


def known_code(code: str, rules: dict) -> bool:
    """Whether a directive's code, prefix or rule name matches a rule (``rules``: code -> rule)."""
    c = _normal(code)
    return c == "ALL" or any(k.startswith(c) for k in rules)


def _normal(code: str) -> str:
    """A directive's code as a code prefix: a rule name becomes its code ("vague-term" -> "INV030")."""
    return _NAMES().get(code.lower(), code.upper())


def _NAMES() -> dict[str, str]:
    """Rule name -> code, so that ``disable=missing-role`` works like ``disable=US001``."""
    global _NAME_MAP
    if _NAME_MAP is None:
        from .registry import load_rules

        try:
            _NAME_MAP = {r.name: r.code for r in load_rules()}
        except Exception:  # noqa: BLE001 - invalid rules are reported elsewhere
            _NAME_MAP = {}
    return _NAME_MAP


_NAME_MAP: dict[str, str] | None = None


def _scan(text: str, field: str, item: int | None = None) -> list[Directive]:
    out = []
    if "storylint" not in text.lower():  # (the marker in any case, as ruff reads noqa in any case)
        return out
    for loose in ANY_DIRECTIVE_RE.finditer(text):
        m = DIRECTIVE_RE.match(text, loose.start())
        if m is None or m.end() != loose.end():
            out.append(Directive((), "", loose.group(0).strip(), field, item, loose.start(), loose.end(), unreadable=True))
            continue
        codes = tuple(c.strip() for c in m.group("codes").split(",")) if m.group("codes") else ()
        out.append(Directive(codes, (m.group("reason") or "").strip(), m.group(0).strip(), field, item, m.start(), m.end()))
    return out


def find_directives(story: Story) -> list[Directive]:
    found = _scan(story.text, "text")
    if story.description:
        found += _scan(story.description, "description")
    for i, item in enumerate(story.acceptance_criteria):
        found += _scan(item, "ac", i)
    for line, raw in story.source.directives:
        # Offsets of a file-level directive are relative to its comment, not to the story
        # text, so it gets its own field: it must never be blanked out of the text.
        for d in _scan(raw, "file"):
            d.file_level = True
            d.line, d.column = line, d.start + 1  # (a raw comment starts at column 1, or is padded to its column)
            found.append(d)
    return found


def blank_directives(text: str, directives: list[Directive]) -> str:
    """Replace directive comments with spaces so that offsets of the rest stay valid."""
    if not directives:
        return text
    chars = list(text)
    for d in directives:
        for i in range(d.start, d.end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)
