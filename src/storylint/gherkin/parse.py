"""Find the Gherkin documents of a story and parse each one once with gherkin-official.

A story carries Gherkin in two ways:

- ``Story.gherkin``: a whole document (a ``.feature`` or ``.feature.md`` file). Its lines are the
  file's lines, so positions need no mapping.
- blocks in ``Story.acceptance_criteria``: a fenced ```gherkin block (one AC item holding the
  block body) or plain step lines (``Given ...`` / ``When ...`` / ``Then ...`` and their
  translations, one AC item per line or several lines in one item). Such a block is wrapped in a
  synthetic ``Feature:`` (and ``Scenario:``) header so that the official parser accepts it, and
  every document line remembers which AC item and which line of that item it came from, so that
  findings carry the line and column of the story's source file.

Nothing here is hand-rolled parsing: the official parser does the work; this module only
decides which text to hand it and maps positions back.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from gherkin.ast_builder import AstBuilder
from gherkin.dialect import DIALECTS, Dialect
from gherkin.errors import CompositeParserException, ParserError, ParserException
from gherkin.parser import Parser
from gherkin.stream.id_generator import IdGenerator
from gherkin.token_matcher import TokenMatcher
from gherkin.token_matcher_markdown import GherkinInMarkdownTokenMatcher

from ..models import Story

LANGUAGE_RE = re.compile(r"^\s*#\s*language\s*:\s*([a-zA-Z0-9_-]+)\s*$")
_PREFIX_RE = re.compile(r"^\(\d+:\d+\): ")
LINE_SPLIT_RE = re.compile(r"\r?\n")  # (as the parser reads lines: a lone \r is no line break)


# ---------------------------------------------------------------------------------------
# Parsed documents


@dataclass(slots=True)
class Doc:
    """One parsed Gherkin document (or the parse errors it produced)."""

    text: str
    lines: list[str]
    ast: dict[str, Any] | None
    errors: list[tuple[int, int | None, str]]
    """``(line, column or None, message)`` with the message as the parser words it, minus the
    ``(L:C): `` prefix (rebuild it with :func:`error_text`)."""
    language: str = "en"
    synthetic: int = 0
    """0: a real document; 1: a ``Feature:`` line was added; 2: ``Feature:`` and ``Scenario:``."""
    synthetic_lines: frozenset[int] = frozenset()
    origin: str = "feature"
    """``feature`` (a whole file, ``Story.gherkin``) or ``ac`` (a block in the acceptance criteria)."""
    markdown: bool = False

    @property
    def feature(self) -> dict[str, Any] | None:
        return self.ast.get("feature") if self.ast else None

    @property
    def dialect(self) -> Dialect:
        return dialect(self.language)

    def is_synthetic(self, node: dict[str, Any]) -> bool:
        """True for the Feature / Scenario node that the wrapper added (not the user's)."""
        return bool(self.synthetic_lines) and node.get("location", {}).get("line", 0) in self.synthetic_lines


def error_text(line: int, column: int | None, message: str) -> str:
    """The parser's own wording: ``(L:C): message`` (column 0 when there is none)."""
    return f"({line}:{column or 0}): {message}"


@lru_cache(maxsize=128)
def dialect(name: str) -> Dialect:
    return Dialect.for_name(name) or Dialect.for_name("en")


class _TokenMatcher(TokenMatcher):
    """gherkin-official's TokenMatcher, made faster without changing what it matches.

    ``GherkinLine.table_cells`` walks a row character by character; rows without a backslash
    (no escapes) are split with ``str.split`` instead, giving the same cells and columns.
    Step and title keywords are looked up by their first character instead of trying every
    keyword of the dialect. The parser, the AST builder and the grammar are the official ones;
    tests check that every conformance file gives the same AST with this matcher and with the
    official one."""

    def match_TableRow(self, token) -> bool:
        line = token.line
        if not line.startswith("|"):
            return False
        self._set_token_matched(token, "TableRow", items=_table_cells(line))
        return True

    # Keyword look-ups by first character (same keywords, same order as the base class).

    def _change_dialect(self, dialect_name: str, location=None) -> None:
        super()._change_dialect(dialect_name, location)
        steps: dict[str, list[str]] = {}
        for k in self._sorted_step_keywords:
            steps.setdefault(k[:1], []).append(k)
        self._steps_by_char = steps
        self._titles_by_list: dict[int, tuple[Any, dict[str, list[str]]]] = {}

    def match_StepLine(self, token) -> bool:
        text = token.line._trimmed_line_text
        for keyword in self._steps_by_char.get(text[:1], ()):
            if text.startswith(keyword):
                types = self.keyword_types[keyword]
                self._set_token_matched(
                    token, "StepLine", token.line.get_rest_trimmed(len(keyword)), keyword,
                    keyword_type=types[0] if len(types) == 1 else "Unknown",
                )
                return True
        return False

    def _match_title_line(self, token, token_type: str, keywords) -> bool:
        entry = self._titles_by_list.get(id(keywords))
        if entry is None or entry[0] is not keywords:
            index: dict[str, list[str]] = {}
            for k in keywords:
                index.setdefault(k[:1], []).append(k)
            entry = self._titles_by_list[id(keywords)] = (keywords, index)
        index = entry[1]
        text = token.line._trimmed_line_text
        for keyword in index.get(text[:1], ()):
            if text.startswith(keyword) and text[len(keyword) : len(keyword) + 1] == ":":
                self._set_token_matched(token, token_type, token.line.get_rest_trimmed(len(keyword) + 1), keyword)
                return True
        return False


class _AstBuilder(AstBuilder):
    """The official AstBuilder; table cells are built without the per-cell ``reject_nones``
    pass (a cell's location and text are never None), which is the builder's hottest spot on
    table-heavy files. Same AST (tested on every conformance file)."""

    def get_cells(self, table_row_token):
        line = table_row_token.location["line"]
        loc = table_row_token.location
        return [
            {"location": {"line": line, "column": c["column"]} if c["column"] else loc, "value": c["text"]}
            if c["text"] is not None
            else self.reject_nones({"location": {"line": line, "column": c["column"]} if c["column"] else loc, "value": None})
            for c in table_row_token.matched_items
        ]


def _table_cells(line) -> list[dict[str, Any]]:
    row = line._trimmed_line_text.strip()
    if "\\" in row:
        return line.table_cells
    parts = row.split("|")
    cells = []
    pos = len(parts[0]) + 1
    indent = line.indent
    for part in parts[1:-1]:
        stripped = part.lstrip()
        cells.append({"column": pos + 1 + indent + len(part) - len(stripped), "text": stripped.rstrip()})
        pos += len(part) + 1
    return cells


def parse_text(text: str, markdown: bool = False) -> tuple[dict[str, Any] | None, list[tuple[int, int | None, str]]]:
    """Parse with a fresh AstBuilder/IdGenerator. Returns ``(ast, errors)``; ast is None on error."""
    parser = Parser(_AstBuilder(IdGenerator()))
    matcher = GherkinInMarkdownTokenMatcher() if markdown else _TokenMatcher()
    try:
        return parser.parse(text, matcher), []
    except CompositeParserException as exc:
        errs: list[ParserException] = list(exc.errors)
    except ParserException as exc:
        errs = [exc]
    except ParserError as exc:  # pragma: no cover - every parser error carries a location
        return None, [(1, 1, str(exc))]
    out = []
    for e in errs:
        loc = e.location or {}
        out.append((int(loc.get("line") or 1), loc.get("column"), _PREFIX_RE.sub("", str(e), count=1)))
    out.sort(key=lambda t: (t[0], t[1] or 0))
    return None, out


def build_doc(
    text: str, *, markdown: bool = False, synthetic: int = 0, origin: str = "feature", synthetic_lines: frozenset[int] = frozenset()
) -> Doc:
    ast, errors = parse_text(text, markdown)
    language = "en"
    if ast and ast.get("feature"):
        language = ast["feature"].get("language") or "en"
    else:
        for line in text.split("\n", 5)[:5]:
            m = LANGUAGE_RE.match(line)
            if m:
                language = m.group(1)
                break
    return Doc(text, LINE_SPLIT_RE.split(text), ast, errors, language, synthetic, synthetic_lines, origin, markdown)


# ---------------------------------------------------------------------------------------
# Where the documents of a story are


@dataclass(slots=True)
class DocRef:
    """A document of a story, before parsing: its text and how to map its positions back."""

    key: str
    text: str
    markdown: bool
    origin: str
    synthetic: int = 0
    line_map: tuple[tuple[int, int, int] | None, ...] | None = None
    """Per document line: ``(ac item, line within the item, column delta)``; None for the
    synthetic header lines. ``None`` for the whole map: document lines are file lines."""
    first_item: int | None = None
    items: tuple[int, ...] = ()

    def build(self) -> Doc:
        synth = frozenset(i + 1 for i, e in enumerate(self.line_map or ()) if e is None)
        return build_doc(self.text, markdown=self.markdown, synthetic=self.synthetic, origin=self.origin, synthetic_lines=synth)


def doc_key(text: str, markdown: bool, synthetic: int, origin: str) -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{int(markdown)}{synthetic}{origin}\0".encode())
    h.update(text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _is_markdown(path: str) -> bool:
    return path.lower().endswith(".md")


# Keywords per dialect, for recognising plain step lines and block headers in AC items.
@dataclass(slots=True)
class _Words:
    name: str
    steps: tuple[str, ...]
    """All step keywords (with their trailing space when the language uses one), longest first."""
    leading: tuple[str, ...]
    """Given/When/Then keywords (not And/But/*), longest first."""
    kinds: dict[str, str] = field(default_factory=dict)
    """keyword -> given|when|then|and|but."""
    headers: tuple[str, ...] = ()
    """Feature/Rule/Background/Scenario/Scenario Outline/Examples keywords (without colon)."""
    feature: tuple[str, ...] = ()
    scenarioish: tuple[str, ...] = ()


@lru_cache(maxsize=128)
def words(name: str) -> _Words:
    d = dialect(name)
    kinds: dict[str, str] = {}
    for kind, kws in (("given", d.given_keywords), ("when", d.when_keywords), ("then", d.then_keywords), ("and", d.and_keywords), ("but", d.but_keywords)):
        for k in kws:
            kinds.setdefault(k, kind)
    steps = tuple(sorted(kinds, key=len, reverse=True))
    leading = tuple(sorted({k for k in d.given_keywords + d.when_keywords + d.then_keywords if k.strip() != "*"}, key=len, reverse=True))
    feature = tuple(d.feature_keywords)
    scen = tuple(d.rule_keywords + d.background_keywords + d.scenario_keywords + d.scenario_outline_keywords)
    headers = tuple(sorted(set(feature + scen + tuple(d.examples_keywords)), key=len, reverse=True))
    return _Words(name, steps, leading, kinds, headers, feature, scen)


def _starts_with(line: str, keywords: tuple[str, ...]) -> str | None:
    s = line.lstrip()
    for k in keywords:
        if s.startswith(k):
            return k
    return None


_OTHER_LANGS = tuple(n for n in DIALECTS if n != "en")


def _meaningful(lines: list[str]) -> str | None:
    for line in lines:
        s = line.strip()
        if s and not s.startswith("#") and not s.startswith("@") and not s.startswith("```"):
            return line
    return None


def _item_language(text: str) -> str | None:
    for line in text.split("\n", 3)[:3]:
        m = LANGUAGE_RE.match(line)
        if m:
            return m.group(1) if m.group(1) in DIALECTS else "en"
    return None


@lru_cache(maxsize=1)
def _keyword_index() -> dict[str, list[tuple[str, str, str]]]:
    """First character -> ``(keyword, language, kind)`` for every dialect, longest keyword first.

    Kinds: ``block-feature`` / ``block-scenario`` (a header keyword with its colon) and ``steps``
    (any step keyword in English; only Given/When/Then keywords of three letters or more in
    other languages, so that short words such as Czech 'A' do not turn prose into Gherkin)."""
    entries: list[tuple[str, str, str]] = []
    for lang in ("en",) + _OTHER_LANGS:
        w = words(lang)
        entries += [(k + ":", lang, "block-feature") for k in w.feature]
        entries += [(k + ":", lang, "block-scenario") for k in w.scenarioish]
        steps = w.steps if lang == "en" else tuple(k for k in w.leading if len(k.strip()) >= 3)
        entries += [(k, lang, "steps") for k in steps]
    index: dict[str, list[tuple[str, str, str]]] = {}
    for entry in sorted(entries, key=lambda e: -len(e[0])):
        index.setdefault(entry[0][0], []).append(entry)
    return index


def _classify(text: str, langs: tuple[str, ...] | None) -> tuple[str, str] | None:
    """``(kind, language)`` of an AC item: ``block-feature``, ``block-scenario``, ``steps``.

    ``langs`` restricts the languages (an explicit ``# language:``); None tries English first,
    then every other dialect."""
    first = _meaningful(text.split("\n", 50)[:50])
    if first is None:
        return None
    index = _keyword_index()
    best: tuple[str, str] | None = None
    line = first.lstrip()
    heading = line.lstrip("# ")
    for candidate, steps_allowed in ((line, True), (heading, False)) if heading != line else ((line, True),):
        for kw, lang, kind in index.get(candidate[:1], ()):
            if langs is not None and lang not in langs:
                continue
            if kind == "steps" and not steps_allowed:
                continue  # a Markdown heading ("## Scenario: ...") is a header, never a step
            if candidate.startswith(kw):
                if lang == "en":
                    return kind, lang
                if best is None:
                    best = (kind, lang)
    return best


def ac_docs(story: Story) -> list[DocRef]:
    """Gherkin blocks found in the story's acceptance criteria, in order."""
    items = story.acceptance_criteria
    if not items:
        return []
    out: list[DocRef] = []
    group: list[int] = []
    group_lang = "en"

    def flush() -> None:
        nonlocal group
        if not group:
            return
        if (group_lang != "en" and not _foreign_group_ok(story, group, group_lang)) or _only_when(story, group, group_lang):
            group = []
            return
        out.append(_wrap(story, group, group_lang, synthetic=2))
        group = []

    taken: set[int] = set()
    for i, item in enumerate(items):
        if i in taken:
            continue  # (an And/But line that goes on the one-sentence scenario before it)
        explicit = _item_language(item)
        cls = _classify(item, (explicit,) if explicit else None)
        if cls is None:
            flush()
            continue
        kind, lang = cls
        multi = "\n" in item.strip()
        if kind == "steps" and not multi and not group:  # (an item that goes on a group's steps stays one step)
            pieces = _inline_steps(item, lang)
            if pieces is None and lang != "en" and not explicit:
                lang, pieces = _inline_language(item, lang)
            if pieces is not None:
                flush()
                more = _conjunction_lines(items, i + 1, lang)
                taken.update(more)
                out.append(_wrap_inline(story, i, lang, pieces, more))
                continue
        if kind.startswith("block") or multi:
            flush()
            out.append(_wrap(story, [i], lang, synthetic=0 if kind == "block-feature" else (1 if kind == "block-scenario" else 2)))
            continue
        if group and lang != group_lang:
            # A conjunction line continues the group in the group's language.
            if _starts_with(item, words(group_lang).steps) is None:
                flush()
            else:
                lang = group_lang
        if not group:
            group_lang = lang
        group.append(i)
    flush()
    return out


def _inline_steps(item: str, lang: str) -> list[tuple[str, int, int]] | None:
    """The steps of a scenario written as one sentence, as trackers' criteria often are: "Given
    I am on the orders list, when I choose a region, then only its orders are shown." ->
    ``(keyword, start, end)`` of each step in the item (the keyword as the dialect spells it;
    ``start`` where the item's keyword starts, ``end`` past the step's text, without the comma or
    full stop that closes it).

    A When or Then keyword opens a clause after a comma or a semicolon, or anywhere when
    capitalised (a YAML plain scalar folds "Given ...⏎When ...⏎Then ..." into one line); "Given
    I log in when offline" and "log in and then open settings" keep theirs. None unless the item
    opens with a Given or When keyword and a Then clause follows: "When the card is declined,
    the bank's reason is shown" is one plain condition, not a scenario."""
    w = words(lang)
    first = _starts_with(item, w.steps)
    if first is None or w.kinds.get(first) not in ("given", "when"):
        return None
    spelled = {k.strip().lower(): k for k in w.leading if w.kinds[k] in ("when", "then") and k.strip()}
    if not spelled:
        return None
    opens = _clause_re(tuple(sorted(spelled, key=len, reverse=True)))
    found: list[tuple[str, int]] = [(first, len(item) - len(item.lstrip()))]
    quoted = [m.span() for m in _QUOTED_RE.finditer(item)] if '"' in item or "“" in item else []
    # (matched on the item itself, ignoring case: a lower-cased copy can be longer - "İ")
    for m in opens.finditer(item, found[0][1] + len(first)):
        at = m.start(2)
        kw = spelled.get(m.group(2).lower())
        if kw is None or any(a < at < b for a, b in quoted):
            continue  # (a keyword inside a quotation: "Save, then close")
        if m.group(1) or item[at].isupper():
            found.append((kw, at))
    if not any(w.kinds[kw] == "then" for kw, _at in found[1:]):
        return None
    out: list[tuple[str, int, int]] = []
    for n, (kw, start) in enumerate(found):
        end = found[n + 1][1] if n + 1 < len(found) else len(item)
        while end > start and (item[end - 1].isspace() or item[end - 1] in ",;."):
            end -= 1
        out.append((kw, start, end))
    return out


def _inline_language(item: str, lang: str) -> tuple[str, list[tuple[str, int, int]] | None]:
    """Languages share step keywords ("Dato" is Bosnian and Italian, "Dado que" Spanish and
    Portuguese): the first language whose keywords split the item into a one-sentence scenario,
    else ``lang`` (the first whose keyword opens it) and None."""
    index = _keyword_index()
    line = item.lstrip()
    for kw, other, kind in index.get(line[:1], ()):
        if kind == "steps" and other not in ("en", lang) and line.startswith(kw):
            pieces = _inline_steps(item, other)
            if pieces is not None:
                return other, pieces
    return lang, None


@lru_cache(maxsize=64)
def _clause_re(keywords: tuple[str, ...]) -> re.Pattern[str]:
    """A keyword (in any case) after a comma or a semicolon (group 1) or a blank."""
    return re.compile(r"(?:([,;])\s*|\s)(" + "|".join(re.escape(k) for k in keywords) + r")(?=\s)", re.IGNORECASE)


_QUOTED_RE = re.compile(r'"[^"\n]*"|“[^”\n]*”')


def _conjunction_lines(items: list[str], start: int, lang: str) -> list[int]:
    """The one-line criteria from ``start`` on that open with And or But: they go on the
    one-sentence scenario before them ("..., then its orders are shown." / "And the total is
    their sum.")."""
    w = words(lang)
    out = []
    for j in range(start, len(items)):
        text = items[j]
        if "\n" in text.strip() or w.kinds.get(_starts_with(text, w.steps)) not in ("and", "but"):
            break
        out.append(j)
    return out


def _wrap_inline(story: Story, item: int, lang: str, pieces: list[tuple[str, int, int]], more: list[int] | None = None) -> DocRef:
    """One criterion written as a one-sentence scenario, wrapped as a scenario of its own with a
    step per clause (and the And/But criteria after it, ``more``, a step each); each step line
    maps back to its clause's column in the criterion."""
    w = words(lang)
    text = story.acceptance_criteria[item]
    doc_lines: list[str] = []
    line_map: list[tuple[int, int, int] | None] = []
    if lang != "en":
        doc_lines.append(f"# language: {lang}")
        line_map.append(None)
    scen = [k for k in dialect(lang).scenario_keywords if k.strip() != "*"] or ["Scenario"]
    doc_lines += [f"{w.feature[0]}:", f"{scen[0]}:"]
    line_map += [None, None]
    for kw, start, end in pieces:
        doc_lines.append(kw + text[start + len(kw) : end])  # (the keyword as the dialect spells it)
        line_map.append((item, 0, start))
    for j in more or ():
        doc_lines.append(story.acceptance_criteria[j])
        line_map.append((j, 0, 0))
    doc = "\n".join(doc_lines) + "\n"
    return DocRef(doc_key(doc, False, 2, "ac"), doc, False, "ac", 2, tuple(line_map), item, (item, *(more or ())))


def _only_when(story: Story, group: list[int], lang: str) -> bool:
    """Criteria that all open with "When" and nothing else ("When the card is declined, the
    bank's reason is shown"; "When documents are needed, the list is shown") are plain-language
    conditions, each complete in itself: prose, not the steps of one scenario with no Given and
    no Then. A Given, Then, And or But among them makes them steps."""
    w = words(lang)
    return all(w.kinds.get(_starts_with(story.acceptance_criteria[i], w.steps)) == "when" for i in group)


def _foreign_group_ok(story: Story, group: list[int], lang: str) -> bool:
    """Plain step lines in a language other than English must look like real Gherkin: two or
    more steps with at least two different leading keyword kinds (e.g. Given and Then), so that
    prose such as "Dan can see it" / "Dan can edit it" (Dutch 'Dan' = Then) stays prose."""
    if len(group) < 2:
        return False
    w = words(lang)
    kinds = set()
    for i in group:
        k = _starts_with(story.acceptance_criteria[i], w.steps)
        if k is not None:
            kinds.add(w.kinds.get(k))
    return len(kinds - {"and", "but", None}) >= 2


def _wrap(story: Story, idxs: list[int], lang: str, synthetic: int) -> DocRef:
    items = story.acceptance_criteria
    w = words(lang)
    doc_lines: list[str] = []
    line_map: list[tuple[int, int, int] | None] = []
    body: list[tuple[str, tuple[int, int, int]]] = []
    header_lang: list[tuple[str, tuple[int, int, int]]] = []
    for i in idxs:
        for j, line in enumerate(items[i].split("\n")):
            if line.rstrip().startswith("```"):
                continue  # a fence kept inside the item by a reader
            if not body and not header_lang and LANGUAGE_RE.match(line):
                header_lang.append((line, (i, j, 0)))
                continue
            body.append((line, (i, j, 0)))
    if lang != "en" and not header_lang and synthetic:
        doc_lines.append(f"# language: {lang}")
        line_map.append(None)
    for line, pos in header_lang:
        doc_lines.append(line)
        line_map.append(pos)
    if synthetic >= 1:
        doc_lines.append(f"{w.feature[0]}:")
        line_map.append(None)
    if synthetic >= 2:
        scen = [k for k in dialect(lang).scenario_keywords if k.strip() != "*"] or ["Scenario"]
        doc_lines.append(f"{scen[0]}:")
        line_map.append(None)
    for line, pos in body:
        doc_lines.append(line)
        line_map.append(pos)
    text = "\n".join(doc_lines) + "\n"
    markdown = False
    key = doc_key(text, markdown, synthetic, "ac")
    return DocRef(key, text, markdown, "ac", synthetic, tuple(line_map), idxs[0], tuple(idxs))


_KEYS: dict[int, tuple[str, bool, str]] = {}


def _feature_key(text: str, markdown: bool) -> str:
    """Hash a whole document once per process (the prefetch and the rules see the same str)."""
    hit = _KEYS.get(id(text))
    if hit is not None and hit[0] is text and hit[1] == markdown:
        return hit[2]
    key = doc_key(text, markdown, 0, "feature")
    if len(_KEYS) > 4096:
        _KEYS.clear()
    _KEYS[id(text)] = (text, markdown, key)
    return key


def story_docs(story: Story) -> list[DocRef]:
    """Every Gherkin document of a story: its ``gherkin`` text first, then AC blocks."""
    refs: list[DocRef] = []
    if story.gherkin is not None:
        md = _is_markdown(story.source.path)
        refs.append(DocRef(_feature_key(story.gherkin, md), story.gherkin, md, "feature"))
    refs.extend(ac_docs(story))
    return refs


def map_position(story: Story, ref: DocRef, line: int, column: int | None) -> tuple[str, int | None, int, int | None, int | None]:
    """Document position -> ``(field, item, offset, abs line, abs column)`` in the story's file.

    ``offset`` is the character offset within the AC item (for the engine's fallback when the
    reader recorded no AC positions).
    """
    if ref.line_map is None:
        return "text", None, 0, line, column
    entry = None
    if 1 <= line <= len(ref.line_map):
        entry = ref.line_map[line - 1]
        if entry is None:  # a synthetic header line: point at the first real line
            entry = next((e for e in ref.line_map if e is not None), None)
            column = 1
    elif ref.line_map:
        entry = next((e for e in reversed(ref.line_map) if e is not None), None)
    if entry is None:
        item = ref.first_item or 0
        return "ac", item, 0, None, None
    item, j, delta = entry
    text = story.acceptance_criteria[item]
    item_lines = text.split("\n")
    offset = sum(len(x) + 1 for x in item_lines[:j]) + delta + max((column or 1) - 1, 0)
    src = story.source
    positions = src.ac_positions
    if item >= len(positions):
        return "ac", item, offset, None, None
    base_line, base_col = positions[item]
    anchors = _item_anchors(src, item)
    if anchors:
        # The reader mapped the item's characters to the file ((offset, line, column) anchors:
        # lines at varying columns, escapes): the character at ``offset`` is where it says.
        k = bisect_right(anchors, offset, key=_anchor_offset) - 1
        start_offset, a_line, a_col = anchors[max(k, 0)]
        return "ac", item, offset, a_line, (a_col + offset - start_offset) if column is not None else None
    columns = _item_columns(src, item)
    if columns:
        # A JSON string with escapes: one line of the file, each character mapped by the reader.
        at = min(offset, len(columns) - 1)
        return "ac", item, offset, base_line, (base_col + columns[at]) if column is not None else None
    if not src.exact_ac_positions:
        # Escapes or folding the reader did not map: the start of the value, as the
        # engine does for such values (never a wrong column).
        return "ac", item, offset, base_line, base_col if column is not None else None
    # The item's later lines follow its first one, each at the item's column (a YAML block
    # scalar, a list item's continuation). Readers record anchors (``ac_maps``) for items
    # whose lines are elsewhere (stripped indentation, dropped blank lines, escapes). The
    # file itself is never read here: the engine does no I/O (a story's path may name
    # anything, a FIFO or a file that has changed since).
    file_line, start = base_line + j, base_col
    col = (column or 1) + delta + start - 1
    return "ac", item, offset, file_line, col if column is not None else None


def map_span(
    story: Story, ref: DocRef, line: int, column: int | None, values: dict[str, Any]
) -> tuple[str, int | None, int, int, int | None, int | None, int | None, int | None]:
    """A check's result -> ``(field, item, start offset, end offset, line, column, end line,
    end column)`` in the story's file. The end is ``values["_end"]`` (see
    :mod:`storylint.gherkin.spans`); a result without one ends where it starts."""
    field, item, offset, abs_line, abs_col = map_position(story, ref, line, column)
    end = values.get("_end")
    if end is None or column is None:
        return field, item, offset, offset, abs_line, abs_col, abs_line, abs_col
    end_line, end_col = end
    e_field, e_item, e_offset, e_line, e_col = map_position(story, ref, end_line, end_col)
    if e_field != field or e_item != item:  # a block over several criteria items
        e_offset = len(story.acceptance_criteria[item]) if field == "ac" and item is not None else offset
    if e_line is None or e_col is None or abs_line is None or (e_line, e_col) < (abs_line, abs_col or 1):
        e_line, e_col = abs_line, abs_col
    return field, item, offset, max(e_offset, offset), abs_line, abs_col, e_line, e_col


def _item_anchors(src, item: int) -> list[tuple[int, int, int]] | None:
    maps = getattr(src, "ac_maps", None)
    return maps[item] if maps is not None and item < len(maps) and maps[item] else None


def _item_columns(src, item: int) -> list[int] | None:
    if src.exact_ac_positions:
        return None
    cols = getattr(src, "ac_columns", None)
    return cols[item] if cols is not None and item < len(cols) and cols[item] else None


def _anchor_offset(anchor: tuple[int, int, int]) -> int:
    return anchor[0]


def make_hit(story: Story, ref: DocRef, line: int, column: int | None, values: dict[str, Any], **extra: Any):
    """The :class:`~storylint.context.Hit` of a check's result, both ends mapped to the file.

    Sets ``end_line`` / ``end_column`` on hits that have them; the hit's offsets span the same
    characters of the AC item (the engine's fallback when a reader recorded no positions)."""
    from ..context import Hit

    field, item, start, end, l1, c1, l2, c2 = map_span(story, ref, line, column, values)
    vals = {k: v for k, v in values.items() if k != "_end"}
    hit = Hit(field, start, end, item, values=vals, line=l1, column=c1, **extra)
    if _HIT_HAS_END:
        hit.end_line, hit.end_column = l2, c2  # type: ignore[attr-defined]
    return hit


def _hit_has_end() -> bool:
    from ..context import Hit

    return "end_line" in getattr(Hit, "__dataclass_fields__", {})


_HIT_HAS_END = _hit_has_end()
