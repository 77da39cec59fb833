"""Story text -> role / means / ends with character spans.

The parser is deliberately forgiving: text that does not follow any template is not an
error here, it simply yields a :class:`ParsedStory` with missing parts, which the
well-formedness rules then report.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

# "As a user", "As an admin", "As the editor", "As Bob" (a role without article).
PROSE_AS = (
    r"as\s+(?:(?:an?|the)\s+(?:result|rule|general\s+rule|whole|consequence|matter\s+of\s+fact|reminder|side\s+note|"
    r"(?:first|next)\s+step|follow-?up|workaround|fallback|precaution|quick\s+fix|default|start|bonus|courtesy|compromise|"
    r"stopgap|temporary\s+measure)(?=\s*[,:;.]|\s+of\b)|"
    r"(?:soon|well|far|long|much|per|of|part|such|usual|needed|discussed|agreed|mentioned|described|requested|noted|"
    r"shown|expected|planned|before|always|if|though|for|to|opposed|above|below|said)(?![\w-]))"
)
"""Openings of prose that starts "As" and names no role: "As a result of ...", "As a rule,",
"As soon as", "As per", "As part of", "As discussed". (An adverbial with an article counts only
before a comma or "of": "As the default user" is a role.) The readers use it to tell a story
sentence from prose; ROLE_RE does not (a look-ahead there costs every story ~1 % of review())."""
PROSE_AS_RE = re.compile(r"^[\s>*\-•]*" + PROSE_AS, re.I)

ROLE_RE = re.compile(r"^[\s>*\-•]*(?:\[[^\]]*\]\s*)?(?P<ind>as\s+(?:an?|the)\b|as\b)\s*", re.I)

# Means indicators, longest first so that "I want to be able to" wins over "I want".
_MEANS_INDICATORS = [
    r"i(?:\s+want|\s+would\s+like|'d\s+like|’d\s+like|\s+need|\s+wish|\s+expect|\s+should|\s+must)\s+to\s+be\s+able\s+to",
    r"i(?:\s+would|'d|’d)\s+like\s+to",
    r"i(?:\s+would|'d|’d)\s+like",
    # "I want", and its negated or qualified forms: "I don't want", "I only want", "I also need".
    r"i(?:\s+(?:do\s+not|don't|don’t|only|also|really|just|still|would\s+also))?\s+(?:want|need|wish|expect|would\s+want|have\s+to)\s+to",
    r"i(?:\s+(?:do\s+not|don't|don’t|only|also|really|just|still|would\s+also))?\s+(?:want|need|wish|expect|would\s+want|require)",
    r"i(?:\s+am|'m|’m)\s+able\s+to",
    r"i\s+(?:should|must|shall|will|would)\s+be\s+able\s+to",
    r"i\s+(?:can|could|should|must|shall|will)",
    r"we\s+(?:want|need|would\s+like)\s+to",
    r"we\s+(?:want|need|would\s+like|can)",
]
# (The leading look-ahead is a necessary condition that lets ``re`` skip ahead fast.)
MEANS_RE = re.compile(r"(?=[iw])(?<![\w'’])(?:" + "|".join(_MEANS_INDICATORS) + r")\b", re.I)
# The same for lower-cased ASCII text (offsets do not move then), starting with a plain
# character class, which ``re`` scans for fast where MEANS_RE (ignoring case) is tried at
# every position. Same matches; the indicator's own text is taken from the story.
_MEANS_LOWER_RE = re.compile(r"[iw](?<![\w'’][iw])(?:" + "|".join(f"(?<={m[0]}){m[1:]}" for m in _MEANS_INDICATORS) + r")\b")

# A wish with no subject right after the role's comma: "As a researcher, would like the ability
# to …", "As an admin, need to …". It is the means (the story says what is wanted); the missing
# "I" is a sentence fragment (US007), not a missing means.
SUBJECTLESS_MEANS_RE = re.compile(r"(?:would\s+like|wants?|needs?)(?:\s+to)?(?![\w'’-])|wish(?:es)?\s+to\b", re.I)

# Ends indicators: "so that", "in order to", "so I can" ("so" followed by a subject).
ENDS_RE = re.compile(
    r"(?=[si])(?<![\w'’])(?P<ind>so\s+that|in\s+order\s+(?:to|that)|so\s+(?=(?:i|we|they|he|she|it|you|that|the|my|our|their|users?|people)\b))",
    re.I,
)

# ENDS_RE for ASCII text once it is lower-cased (offsets do not move then), in two parts that
# each start with a literal, which ``re`` finds as fast as ``str.find``; the indicator's own
# text is taken from the story. "in order" is only looked for where "order" occurs at all.
_SO_LOWER_RE = re.compile(r"so(?<![\w'’]so)\s+(?:that|(?=(?:i|we|they|he|she|it|you|that|the|my|our|their|users?|people)\b))")
_IN_ORDER_LOWER_RE = re.compile(r"in(?<![\w'’]in)\s+order\s+(?:to|that)")

# The benefit first, then the role: "In order to find products, as a visitor, I want to browse
# the catalogue." (Connextra's ends-first variant, also Cucumber's three-line narrative
# "In order to …⏎As a …⏎I want …"). The role comes after a comma, a semicolon or a line break,
# with an article ("as well as", "as soon as" are no roles) or as a capitalised "As".
ENDS_FIRST_RE = re.compile(r"^[\s>*\-•]*(?:\[[^\]]*\]\s*)?(?P<ind>in\s+order\s+(?:to|that)|so\s+that)\s", re.I)
_LATE_ROLE_RE = re.compile(r"[,;\n]\s*(?P<ind>(?i:as\s+(?:an?|the))\b|As\b)\s*")


def _find_means(text: str, lower: str | None, pos: int = 0) -> re.Match[str] | None:
    """MEANS_RE.search(text, pos); ``lower`` is ``text.lower()`` when text is ASCII."""
    if lower is not None:
        return _MEANS_LOWER_RE.search(lower, pos)
    return MEANS_RE.search(text, pos)


def _find_ends(text: str, lower: str | None, pos: int, endpos: int | None = None) -> re.Match[str] | None:
    """ENDS_RE.search(text, pos, endpos); ``lower`` is ``text.lower()`` when text is ASCII."""
    if endpos is None:
        endpos = len(text)
    if lower is not None:
        m = _SO_LOWER_RE.search(lower, pos, endpos)
        if lower.find("order", pos, endpos) != -1:
            first = _IN_ORDER_LOWER_RE.search(lower, pos, endpos)
            if first is not None and (m is None or first.start() < m.start()):
                return first
        return m
    return ENDS_RE.search(text, pos, endpos)


# Conservative sentence boundary: ".", "!" or "?" followed by whitespace and an upper-case
# letter, or a newline. Abbreviations such as "e.g." and "etc." are skipped.
_ABBREV = ("e.g.", "i.e.", "etc.", "vs.", "approx.", "cf.", "incl.", "no.", "mr.", "mrs.", "dr.")
# (Starts with a character class that every match starts with, so that ``re`` can scan for
# it fast; the look-behinds then tell the three cases apart.)
SENTENCE_END_RE = re.compile(
    r"[.!?\n](?:(?<=[.!?])\s+(?=[\"'(\[]?[A-Z])|(?<=\n)\s*\n|(?<=\n)(?=\s*[-*•]|\s*\d+[.)]\s))"
)


class Part(NamedTuple):
    """A part of the story: its text and its [start, end) span in the story text."""

    text: str
    start: int
    end: int


_part = tuple.__new__
"""``_part(Part, (text, start, end))`` is ``Part(text, start, end)`` without the Python-level
``__new__`` that ``NamedTuple`` generates (half the cost; a few per story)."""


@dataclass(slots=True)
class ParsedStory:
    text: str
    role: Part | None = None
    means: Part | None = None
    ends: Part | None = None
    role_indicator: Part | None = None
    means_indicator: Part | None = None
    ends_indicator: Part | None = None
    main_end: int = 0
    """End of the story sentence (role + means + ends); text after it is extra."""
    rest: Part | None = None
    template: str = "free-text"

    @property
    def well_formed(self) -> bool:
        return self.role is not None and self.means is not None


def _strip_part(text: str, start: int, end: int, strip: str = " \t\r\n,;:-–—") -> Part | None:
    while start < end and text[start] in strip:
        start += 1
    while end > start and text[end - 1] in strip:
        end -= 1
    if end <= start:
        return None
    return _part(Part, (text[start:end], start, end))


def _sentence_end(text: str, start: int) -> int:
    """Index where the sentence that contains ``start`` ends (exclusive)."""
    pos = start
    while True:
        m = SENTENCE_END_RE.search(text, pos)
        if not m:
            return len(text)
        end = m.start() + 1 if text[m.start()] in ".!?" else m.start()
        before = text[max(0, end - 8) : end].lower()
        if any(before.endswith(a) for a in _ABBREV):
            pos = m.end()
            continue
        return end


@lru_cache(maxsize=1024)  # (a backlog uses a handful of indicator spellings)
def _norm_indicator(s: str) -> str:
    return " ".join(s.lower().replace("’", "'").split())


def parse_story(text: str) -> ParsedStory:
    """Find role, means and ends (with spans) in one story's text."""
    ps = ParsedStory(text=text)
    if not text.strip():
        return ps
    pos = 0
    lower = text.lower() if text.isascii() else None
    role_m = ROLE_RE.match(text)
    if role_m is None:
        first = ENDS_FIRST_RE.match(text)
        if first is not None and _parse_ends_first(ps, lower, first):
            return ps
    means_m = _find_means(text, lower)
    if role_m and means_m and means_m.start() < role_m.end():
        means_m = _find_means(text, lower, role_m.end())
    if role_m:
        comma = text.find(",", role_m.end(), role_m.end() + 81)
        # (only when something other than blanks comes between the comma and the means found:
        # "As a user, I want" - the usual story - has its subject)
        if comma != -1 and (means_m is None or (means_m.start() > comma and text[comma + 1 : means_m.start()].strip())):
            after = comma + 1
            while after < len(text) and text[after] in " \t":
                after += 1
            subjectless = SUBJECTLESS_MEANS_RE.match(text, after)
            if subjectless is not None:
                means_m = subjectless
    early_ends = None
    if means_m:
        early_ends = _find_ends(text, lower, role_m.end() if role_m else 0, means_m.start())
        if early_ends and not text[: means_m.start()].rstrip().endswith(","):
            # "As a user, so that I can ..." — an "I can" inside the benefit is not the means.
            means_m, early_ends = None, None
    if role_m:
        ps.role_indicator = _part(Part, (role_m.group("ind"), role_m.start("ind"), role_m.end("ind")))
        role_end = (early_ends.start() if early_ends else means_m.start()) if means_m else None
        if role_end is None:
            # No means: the role runs to the first comma.
            comma = text.find(",", role_m.end())
            role_end = comma if comma != -1 else _sentence_end(text, role_m.end())
        if role_end - role_m.end() <= 80:
            ps.role = _strip_part(text, role_m.end(), role_end)
        pos = role_end
    if means_m and (not role_m or means_m.start() >= (role_m.end() if role_m else 0)):
        ps.means_indicator = _part(Part, (text[means_m.start() : means_m.end()], means_m.start(), means_m.end()))
        pos = means_m.end()
    sentence_end = _sentence_end(text, max(pos, 0))
    if early_ends is not None:
        # Benefit first: "As a buyer, so that I pay less, I want to apply a coupon."
        ind = text[early_ends.start() : early_ends.end()].strip()
        ps.ends_indicator = _part(Part, (ind, early_ends.start(), early_ends.start() + len(ind)))
        ps.ends = _strip_part(text, early_ends.end(), ps.means_indicator.start)
        ps.means = _strip_part(text, ps.means_indicator.end, sentence_end, " \t\r\n,;:-–—.!")
        ps.main_end = sentence_end
        ps.rest = _strip_part(text, sentence_end, len(text), " \t\r\n.")
        ps.template = " … ".join(
            x for x in (_norm_indicator(ps.role_indicator.text).split()[0] if ps.role_indicator else "", _norm_indicator(ind), _norm_indicator(ps.means_indicator.text)) if x
        )
        return ps
    ends_m = _find_ends(text, lower, pos, sentence_end) if ps.means_indicator or ps.role else None
    # A benefit indicator found before ``sentence_end`` is in that sentence, and so is its
    # end: a SENTENCE_END_RE match is ".", "!", "?" or a line break and the blanks after it;
    # the indicator starts with a letter, holds no such mark, and a line break inside it would
    # have ended the sentence before it. So a search from its end meets the same sentence end
    # (tests/test_parse_sentence_end.py compares the two on many generated stories).
    same_sentence = ends_m is not None
    if ends_m is None and ps.means_indicator:
        # "..., so that" after a sentence break is still the benefit of this story.
        ends_m = _find_ends(text, lower, pos)
        if ends_m and text[sentence_end:ends_m.start()].strip(" .,\n") not in ("",):
            ends_m = None
    if ps.means_indicator:
        means_end = ends_m.start() if ends_m else sentence_end
        ps.means = _strip_part(text, ps.means_indicator.end, means_end, " \t\r\n,;:-–—.!")
    if ends_m:
        ind = text[ends_m.start() : ends_m.end()].strip()
        ps.ends_indicator = _part(Part, (ind, ends_m.start(), ends_m.start() + len(ind)))
        end = sentence_end if same_sentence else _sentence_end(text, ends_m.end())
        ps.ends = _strip_part(text, ends_m.end(), end, " \t\r\n,;:-–—.!")
        ps.main_end = end
    else:
        ps.main_end = sentence_end if (ps.means or ps.role) else len(text)
    rest = _strip_part(text, ps.main_end, len(text), " \t\r\n.")
    ps.rest = rest
    if ps.means_indicator or ps.role_indicator:
        key = (
            ps.role_indicator.text if ps.role_indicator else None,
            ps.means_indicator.text if ps.means_indicator else None,
            ps.ends_indicator.text if ps.ends_indicator else None,
        )
        template = _TEMPLATES.get(key)
        if template is None:
            template = _template(*key)
        ps.template = template
    return ps


def _parse_ends_first(ps: ParsedStory, lower: str | None, first: re.Match[str]) -> bool:
    """Fill ``ps`` from a story that starts with its benefit: "In order to X, as a Y, I want Z"
    (or "So that X, as a Y, ..."). False, with ``ps`` untouched, when no role follows the
    benefit in its sentence (then the story is parsed as any other)."""
    text = ps.text
    sentence_end = _sentence_end(text, first.end())
    role_m = _LATE_ROLE_RE.search(text, first.end(), sentence_end)
    if role_m is None:
        return False
    # The means follows the role ("so that I can …" before it is the benefit's own "I can").
    means_m = _find_means(text, lower, role_m.end())
    if means_m is not None and means_m.start() >= sentence_end:
        means_m = None
    if means_m is not None:  # the last role before the means: the benefit may hold ", as the …"
        for role_m in _LATE_ROLE_RE.finditer(text, role_m.start(), means_m.start()):
            pass
    if means_m is not None:
        role_end = means_m.start()
    else:  # no means: the role runs to the next comma
        comma = text.find(",", role_m.end(), sentence_end)
        role_end = comma if comma != -1 else sentence_end
    role = _strip_part(text, role_m.end(), role_end, " \t\r\n,;:-–—.!")
    ends = _strip_part(text, first.end("ind"), role_m.start(), " \t\r\n,;:-–—.!")
    if role is None or ends is None or role_end - role_m.end() > 80:
        return False
    ps.ends_indicator = _part(Part, (first.group("ind"), first.start("ind"), first.end("ind")))
    ps.ends = ends
    ps.role_indicator = _part(Part, (role_m.group("ind"), role_m.start("ind"), role_m.end("ind")))
    ps.role = role
    parts = [_norm_indicator(ps.ends_indicator.text), "as"]
    if means_m is not None:
        ps.means_indicator = _part(Part, (text[means_m.start() : means_m.end()], means_m.start(), means_m.end()))
        # A second benefit after the means ("…, I want Z so that W") is not part of the means;
        # it is left to the rules (a repeated indicator).
        later = _find_ends(text, lower, means_m.end(), sentence_end)
        ps.means = _strip_part(text, means_m.end(), later.start() if later else sentence_end, " \t\r\n,;:-–—.!")
        parts.append(_norm_indicator(ps.means_indicator.text))
    ps.main_end = sentence_end
    ps.rest = _strip_part(text, sentence_end, len(text), " \t\r\n.")
    ps.template = " … ".join(parts)
    return True


_TEMPLATES: dict[tuple[str | None, str | None, str | None], str] = {}
"""Template by the indicators' own spellings (a backlog uses a handful of them)."""


def _template(role: str | None, means: str | None, ends: str | None) -> str:
    """"as … i want to … so that": the normalised indicators of a story, in order."""
    parts = []
    if role:
        parts.append(_norm_indicator(role).split()[0])
    if means:
        parts.append(_norm_indicator(means))
    if ends:
        parts.append(_norm_indicator(ends))
    template = " … ".join(parts)
    if len(_TEMPLATES) < 4096:  # a bound on memory for endless streams of new spellings
        _TEMPLATES[(role, means, ends)] = template
    return template


_WORD_RE = re.compile(r"[A-Za-z0-9][\w'’-]*")


def words(text: str) -> list[str]:
    return _WORD_RE.findall(text)


# ---------------------------------------------------------------------------------------
# Offsets -> line/column


def offset_to_linecol(text: str, offset: int, first_line: int, first_column: int = 1, next_column: int = 1) -> tuple[int, int]:
    """Map a character offset in ``text`` to a (line, column) pair in the source file.

    ``first_column`` is where the text starts on its first line; ``next_column`` is where
    its later lines start (greater than 1 for indented block text).
    """
    if len(text) < 4096:
        nl = text.count("\n", 0, offset)
        if nl == 0:
            return first_line, first_column + offset
        last = text.rfind("\n", 0, offset)
        return first_line + nl, offset - last + next_column - 1
    # Long texts: a cached index of line starts, so many findings stay O(log n) each.
    starts = _line_starts(text)
    nl = bisect_right(starts, offset) - 1
    if nl == 0:
        return first_line, first_column + offset
    return first_line + nl, offset - starts[nl] + next_column


@lru_cache(maxsize=32)
def _line_starts(text: str) -> list[int]:
    starts = [0]
    find = text.find
    pos = find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = find("\n", pos + 1)
    return starts
