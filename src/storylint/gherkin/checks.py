"""One small check per Gherkin rule. Rules name them with ``check: <name>``.

A check factory takes the rule's parameters once (regexes are compiled here, never per step)
and returns ``run(doc, path) -> Iterable[(line, column, values)]`` with document positions;
``values["_end"]`` is where the finding ends (:mod:`storylint.gherkin.spans`: the word, the step,
the tag or the name it is about). :mod:`storylint.kinds.gherkin` maps both ends to the story's
file and builds the findings.

The gherkin-lint equivalents keep gherkin-lint's meaning and options (see each rule's YAML for
the option names and :mod:`storylint.gherkin.lintrc` for the translation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, Callable, Iterable, Iterator

from ..kinds import covered, exception_spans
from ..registry import RuleError, wordlist
from . import spans
from .parse import Doc, error_text
from .spans import with_span
from .walk import (
    ORDER,
    children,
    effective_types,
    example_rows,
    is_outline,
    keyword_of,
    loc,
    node_lines,
    node_type,
    rules,
    scenarios,
    step_class,
    tagged,
)

Result = tuple[int, "int | None", dict[str, Any]]
Run = Callable[[Doc, str], Iterable[Result]]


@dataclass(frozen=True, slots=True)
class CheckSpec:
    make: Callable[[dict[str, Any]], Run]
    needs_ast: bool = True
    uses_path: bool = False
    """The result depends on the file's path, not only on its content (never cached)."""


CHECKS: dict[str, CheckSpec] = {}


def check(name: str, *, needs_ast: bool = True, uses_path: bool = False):
    def deco(fn: Callable[[dict[str, Any]], Run]):
        CHECKS[name] = CheckSpec(fn, needs_ast, uses_path)
        return fn

    return deco


def get_check(name: str) -> CheckSpec:
    try:
        return CHECKS[name]
    except KeyError:
        raise RuleError(f"no gherkin check named {name!r}; known: {', '.join(sorted(CHECKS))}") from None


def _words_regex(tokens: Iterable[str]) -> re.Pattern[str]:
    toks = sorted({t.strip() for t in tokens if t.strip()}, key=len, reverse=True)
    if not toks:
        return re.compile(r"(?!x)x")
    body = "|".join(r"\s+".join(re.escape(w) for w in t.split()) for t in toks)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.I)


def _tokens(p: dict[str, Any], key: str = "tokens", list_key: str = "wordlist") -> list[str]:
    toks = list(p.get(key) or [])
    names = p.get(list_key)
    for name in [names] if isinstance(names, str) else (names or []):
        toks.extend(wordlist(name, p.get("rules_root")))
    return toks


def _step_values(step: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"match": (step.get("keyword", "") + step.get("text", "")).strip(), "keyword": step.get("keyword", "").strip(), "text": step.get("text", ""), **extra}


# ---------------------------------------------------------------------------------------
# Parse errors and whole-file rules


@check("parse-error", needs_ast=False)
def _parse_error(p):
    def run(doc: Doc, path: str):
        for line, col, msg in doc.errors:
            values = {"match": msg, "error": error_text(line, col, msg)}
            if col is None:  # the end of the file: no column, nothing to highlight
                yield line, col, values
            else:  # the token the parser did not expect: the rest of its line
                yield with_span(spans.rest_of_line(doc, line, col), values)

    return run


@check("empty-file", needs_ast=False)
def _empty_file(p):
    def run(doc, path):
        if not doc.errors and doc.feature is None:
            yield with_span(spans.point(1, 1), {"match": ""})

    return run


@check("files-without-scenarios")
def _files_without_scenarios(p):
    def run(doc, path):
        f = doc.feature
        if f is not None and not any(True for _ in scenarios(f)):
            yield with_span(spans.header(doc, f), {"match": f.get("name", "")})

    return run


@check("unnamed-feature")
def _unnamed_feature(p):
    def run(doc, path):
        f = doc.feature
        if f is not None and not f.get("name", "").strip() and not doc.is_synthetic(f):
            yield with_span(spans.header(doc, f), {"match": f.get("keyword", "Feature")})

    return run


@check("unnamed-scenario")
def _unnamed_scenario(p):
    def run(doc, path):
        for sc, _rule in scenarios(doc.feature):
            if not sc.get("name", "").strip() and not doc.is_synthetic(sc):
                yield with_span(spans.header(doc, sc), {"match": sc.get("keyword", "Scenario")})

    return run


@check("max-scenarios")
def _max_scenarios(p):
    limit = int(p.get("max_scenarios", 10))
    count_examples = bool(p.get("count_outline_examples", True))

    def run(doc, path):
        f = doc.feature
        if f is None:
            return
        n = 0
        for sc, _rule in scenarios(f):
            rows = example_rows(sc) if sc.get("examples") else 0
            n += rows if (count_examples and sc.get("examples")) else 1
        if n > limit:
            yield with_span(spans.header(doc, f), {"match": str(n), "count": n, "max": limit})

    return run


@check("scenario-size")
def _scenario_size(p):
    limits = {"background": p.get("max_background_steps", 15), "scenario": p.get("max_scenario_steps", 15)}

    def run(doc, path):
        d = doc.dialect
        for kind, node, _rule in children(doc.feature):
            limit = limits.get(kind)
            n = len(node.get("steps", ()))
            if limit and n > int(limit):
                yield with_span(spans.header(doc, node), {"match": node.get("name", ""), "type": node_type(node, d, kind), "count": n, "max": limit})

    return run


@check("name-length")
def _name_length(p):
    limits = {k: p.get(k, 70) for k in ("feature", "rule", "scenario", "step")}

    def hit(doc: Doc, kind: str, name: str, node):
        limit = limits[kind]
        if limit and name and len(name) > int(limit):
            span = spans.step_text(doc, node) if kind == "step" else spans.name(doc, node)
            return with_span(span, {"match": name, "type": kind.capitalize(), "length": len(name), "max": limit})
        return None

    def run(doc, path):
        f = doc.feature
        if f is None:
            return
        out = [hit(doc, "feature", f.get("name", ""), f)]
        out += [hit(doc, "rule", r.get("name", ""), r) for r in rules(f)]
        for kind, node, _rule in children(f):
            if kind == "scenario":
                out.append(hit(doc, "scenario", node.get("name", ""), node))
            out += [hit(doc, "step", s.get("text", ""), s) for s in node.get("steps", ())]
        yield from (h for h in out if h)

    return run


# A placeholder has no '<' or '>' in its name (Gherkin substitutes ``<header>`` literally); excluding
# '<' also keeps the search linear on untrusted text ("<a<a<a…" was quadratic with ``[^>]*``).
_VAR_RE = re.compile(r"<([^<>]*)>")


def _in_lines(doc: Doc, first: int, text: str) -> spans.Span | None:
    """The first ``text`` on document lines ``first`` and after (a doc string's content)."""
    for line in range(first, len(doc.lines) + 1):
        pos = spans.raw(doc, line).find(text)
        if pos >= 0:
            return line, pos + 1, line, pos + 1 + len(text)
    return None


@check("unused-variables")
def _unused_variables(p):
    def run(doc, path):
        for sc, _rule in scenarios(doc.feature):
            examples = sc.get("examples") or []
            if not examples:
                continue
            # Each variable's span: the header cell, or its first ``<name>`` in the scenario.
            ex_vars: dict[str, spans.Span] = {}
            for ex in examples:
                header = ex.get("tableHeader")
                for cell in (header or {}).get("cells", ()):
                    if cell.get("value"):
                        ex_vars[cell["value"]] = spans.cell(cell)
            used: dict[str, spans.Span] = {}
            if _VAR_RE.search(sc.get("name", "")):
                title = spans.name(doc, sc)
                for m in _VAR_RE.finditer(sc.get("name", "")):
                    used.setdefault(m.group(1), (title[0], title[1] + m.start(), title[0], title[1] + m.end()))
            for step in sc.get("steps", ()):
                if step.get("dataTable"):
                    for row in step["dataTable"].get("rows", ()):
                        for cell in row.get("cells", ()):
                            line, col = spans.cell(cell)[:2]
                            for m in _VAR_RE.finditer(cell.get("value", "")):
                                used.setdefault(m.group(1), (line, col + m.start(), line, col + m.end()))
                elif step.get("docString"):
                    first = loc(step["docString"])[0] + 1
                    for m in _VAR_RE.finditer(step["docString"].get("content", "")):
                        if m.group(1) not in used:  # (the line search only for a new name)
                            used[m.group(1)] = _in_lines(doc, first, m.group(0)) or spans.step(doc, step)
                for m in _VAR_RE.finditer(step.get("text", "")):
                    used.setdefault(m.group(1), spans.step_text(doc, step, m.start(), m.end()))
            for name, where in ex_vars.items():
                if name not in used:
                    yield with_span(where, {"match": name, "what": "Examples table variable", "problem": "is not used in any step"})
            for name, where in used.items():
                if name not in ex_vars:
                    yield with_span(where, {"match": name, "what": "Step variable", "problem": "does not exist in the examples table"})

    return run


@check("only-one-when")
def _only_one_when(p):
    limit = int(p.get("max_when", 1))

    def run(doc, path):
        for sc, _rule in scenarios(doc.feature):
            steps = sc.get("steps", ())
            count, first = 0, None
            last_leading = None
            for step in steps:
                t = step.get("keywordType")
                cls = step_class(step, doc.dialect)
                if t == "Action" or (cls in ("and", "but") and last_leading == "Action"):
                    count += 1
                    last_leading = "Action"
                    if count > limit and first is None:
                        first = step
                elif cls not in ("and", "but"):
                    last_leading = t
            if count > limit and first is not None:
                yield with_span(spans.step(doc, first), {"match": sc.get("name", ""), "count": count, "max": limit})

    return run


def steps_wanting_and(feature, d) -> Iterator[dict[str, Any]]:
    """Steps that repeat the kind (Given/When/Then) of the step before them instead of saying
    "And" (shared by the use-and check and its fixer)."""
    for _kind, node, _rule in children(feature):
        previous = None
        for step in node.get("steps", ()):
            cls = step_class(step, d)
            if cls == "and":
                continue
            if cls == previous:
                yield step
            previous = cls


@check("use-and")
def _use_and(p):
    def run(doc, path):
        for step in steps_wanting_and(doc.feature, doc.dialect):
            yield with_span(spans.step(doc, step), _step_values(step))

    return run


@check("keywords-in-logical-order")
def _logical_order(p):
    def run(doc, path):
        d = doc.dialect
        for _kind, node, _rule in children(doc.feature):
            best = -1
            best_type = None
            for step in node.get("steps", ()):
                t = step.get("keywordType")
                pos = ORDER.get(t)
                if pos is None:
                    continue
                if pos < best:
                    yield with_span(spans.step(doc, step), _step_values(step, after=keyword_of(d, best_type)))
                if pos > best:
                    best, best_type = pos, t

    return run


@check("restricted-patterns")
def _restricted_patterns(p):
    glob = [re.compile(x, re.I) for x in p.get("global") or ()]
    per = {k: [re.compile(x, re.I) for x in p.get(k) or ()] + glob for k in ("feature", "background", "scenario", "scenario_outline", "rule")}

    def places(doc: Doc, node, prop: str, value: str) -> Iterator[tuple[str, spans.Span]]:
        """``(string, span of the string)``: the name, the step text or each description line."""
        if prop == "name":
            yield value, spans.name(doc, node)
        elif prop == "text":
            yield value, spans.step_text(doc, node)
        else:  # description lines follow the header, in order (blank lines among them)
            line = loc(node)[0] + 1
            for s in value.split("\n"):
                at = line
                while at <= len(doc.lines) and spans.raw(doc, at).rstrip() != s.rstrip():
                    at += 1
                if at > len(doc.lines):
                    yield s, spans.header(doc, node)
                    continue
                stripped = s.strip()
                col = len(s) - len(s.lstrip()) + 1
                yield s, (at, col, at, col + len(stripped))
                line = at + 1

    def test(doc: Doc, node, prop: str, pats, typ: str):
        value = node.get(prop) or ""
        if not value:
            return
        for s, span in places(doc, node, prop, value):
            text = s.strip()
            for pat in pats:
                m = pat.search(text)
                if m:
                    line, col = span[0], span[1]
                    # The matched characters (the whole string for a pattern matching nothing).
                    where = (line, col + m.start(), line, col + m.end()) if m.end() > m.start() else span
                    yield with_span(where, {"match": text, "type": typ, "property": "name" if prop == "text" else prop, "pattern": pat.pattern})

    def run(doc, path):
        f = doc.feature
        if f is None:
            return
        d = doc.dialect
        yield from (h for prop in ("name", "description") for h in test(doc, f, prop, per["feature"], "Feature"))
        for rule in rules(f):
            yield from (h for prop in ("name", "description") for h in test(doc, rule, prop, per["rule"], "Rule"))
        for kind, node, _rule in children(f):
            key = "background" if kind == "background" else ("scenario_outline" if is_outline(node, d) else "scenario")
            pats = per[key]
            if not pats:
                continue
            yield from (h for prop in ("name", "description") for h in test(doc, node, prop, pats, node_type(node, d, kind)))
            for step in node.get("steps", ()):
                yield from test(doc, step, "text", pats, "Step")

    return run


def _tag_regexes(p: dict[str, Any]) -> tuple[set[str], list[re.Pattern[str]]]:
    return set(p.get("tags") or ()), [re.compile(x) for x in p.get("patterns") or ()]


@check("required-tags")
def _required_tags(p):
    required = [(t, re.compile(t)) for t in p.get("tags") or ()]
    ignore_untagged = bool(p.get("ignore_untagged", True))

    def run(doc, path):
        if not required:
            return
        d = doc.dialect
        for sc, _rule in scenarios(doc.feature):
            tags = [t["name"] for t in sc.get("tags", ())]
            if ignore_untagged and not tags:
                continue
            for raw, rx in required:
                if not any(rx.search(t) for t in tags):
                    yield with_span(spans.header(doc, sc), {"match": raw, "type": node_type(sc, d, "scenario")})

    return run


@check("allowed-tags")
def _allowed_tags(p):
    names, pats = _tag_regexes(p)

    def run(doc, path):
        if not names and not pats:
            return  # nothing configured: every tag is allowed
        d = doc.dialect
        for kind, node, _parents in tagged(doc.feature):
            for tag in node.get("tags", ()):
                if tag["name"] not in names and not any(rx.search(tag["name"]) for rx in pats):
                    yield with_span(spans.tag(tag), {"match": tag["name"], "type": node_type(node, d, kind)})

    return run


@check("restricted-tags")
def _restricted_tags(p):
    names, pats = _tag_regexes(p)

    def run(doc, path):
        d = doc.dialect
        for kind, node, _parents in tagged(doc.feature):
            for tag in node.get("tags", ()):
                if tag["name"] in names or any(rx.search(tag["name"]) for rx in pats):
                    yield with_span(spans.tag(tag), {"match": tag["name"], "type": node_type(node, d, kind)})

    return run


@check("homogenous-tags")
def _homogenous_tags(p):
    least = int(p.get("min_children", 2))

    def common(tag_lists: list[list[str]]) -> list[str]:
        if len(tag_lists) < max(least, 1):
            return []
        first, rest = tag_lists[0], [set(x) for x in tag_lists[1:]]
        out = []
        for t in first:
            if t not in out and all(t in r for r in rest):
                out.append(t)
        return out

    def run(doc, path):
        f = doc.feature
        if f is None:
            return
        # A tag a scenario already inherits (from the Feature or its Rule) is not to be moved
        # up: it is only repeated below (superfluous-tags' finding), so it is left out here.
        on_feature = {t["name"] for t in f.get("tags", ())}
        lists = []
        inherited_by_all: set[str] | None = None
        for sc, rule in scenarios(f):
            lists.append([t["name"] for t in sc.get("tags", ())])
            above = on_feature | {t["name"] for t in (rule or {}).get("tags", ())}
            inherited_by_all = above if inherited_by_all is None else inherited_by_all & above
            ex_common = [t for t in common([[t["name"] for t in ex.get("tags", ())] for ex in sc.get("examples", ())]) if t not in above and t not in lists[-1]]
            if ex_common:
                yield with_span(spans.header(doc, sc), {"match": ", ".join(ex_common), "where": "Examples of a Scenario Outline", "parent": "Scenario Outline"})
        all_common = [t for t in common(lists) if t not in (inherited_by_all or ())]
        if all_common:
            yield with_span(spans.header(doc, f), {"match": ", ".join(all_common), "where": "Scenarios on this Feature", "parent": "Feature"})

    return run


@check("superfluous-tags")
def _superfluous_tags(p):
    def run(doc, path):
        d = doc.dialect
        kinds = {"feature": "feature", "rule": "rule", "scenario": "scenario", "examples": "examples"}
        for kind, node, parents in tagged(doc.feature):
            for parent in parents:
                parent_kind = "feature" if parent is doc.feature else ("scenario" if "steps" in parent else "rule")
                ptags = {t["name"] for t in parent.get("tags", ())}
                for tag in node.get("tags", ()):
                    if tag["name"] in ptags:
                        yield with_span(
                            spans.tag(tag),
                            {"match": tag["name"], "type": node_type(node, d, kinds[kind]), "parent": node_type(parent, d, parent_kind)},
                        )

    return run


@check("duplicate-tags")
def _duplicate_tags(p):
    def run(doc, path):
        for _kind, node, _parents in tagged(doc.feature):
            seen, failed = set(), set()
            for tag in node.get("tags", ()):
                name = tag["name"]
                if name in seen and name not in failed:
                    failed.add(name)
                    yield with_span(spans.tag(tag), {"match": name})
                seen.add(name)

    return run


@check("one-space-between-tags")
def _one_space_between_tags(p):
    def run(doc, path):
        if doc.markdown:
            return  # Gherkin in Markdown writes tags as `@code` spans: spacing is Markdown's
        for _kind, node, _parents in tagged(doc.feature):
            by_line: dict[int, list[dict[str, Any]]] = {}
            for tag in node.get("tags", ()):
                by_line.setdefault(loc(tag)[0], []).append(tag)
            for tags in by_line.values():
                tags.sort(key=lambda t: loc(t)[1] or 0)
                for a, b in zip(tags, tags[1:]):
                    end = (loc(a)[1] or 0) + len(a["name"])
                    if end < (loc(b)[1] or 0) - 1:
                        # The blanks between the two tags.
                        span = (loc(a)[0], end, loc(a)[0], loc(b)[1] or end)
                        yield with_span(span, {"match": f"{a['name']} {b['name']}", "first": a["name"], "second": b["name"]})

    return run


@check("partially-commented-tag-lines")
def _partially_commented(p):
    comment = re.compile(r"\s#")

    def run(doc, path):
        if doc.markdown:
            return
        seen_lines = set()
        for _kind, node, _parents in tagged(doc.feature):
            for tag in node.get("tags", ()):
                line, col = loc(tag)
                if "#" in tag["name"][1:]:
                    yield with_span(spans.tag(tag), {"match": tag["name"]})
                    continue
                if line in seen_lines or line > len(doc.lines):
                    continue
                seen_lines.add(line)
                raw = doc.lines[line - 1]
                m = comment.search(raw, (col or 1) - 1)
                if m:
                    yield with_span(spans.rest_of_line(doc, line, m.start() + 2), {"match": raw[m.start() + 1 :].strip()})

    return run


# ---------------------------------------------------------------------------------------
# Layout rules (on the raw lines)


@check("trailing-spaces", needs_ast=False)
def _trailing_spaces(p):
    rx = re.compile(r"[\t ]+$")

    def run(doc, path):
        # In a .feature.md, two trailing spaces on a Markdown prose line are a hard line break
        # (--fix leaves them too): only Gherkin lines and blank ones are judged.
        prose = doc.markdown and doc.ast is not None
        gherkin = node_lines(doc.ast) if prose else ()
        for i, line in enumerate(doc.lines, start=1):
            if line and line[-1] in " \t" and not (prose and i not in gherkin and line.strip()):
                m = rx.search(line)
                if m:
                    yield with_span((i, m.start() + 1, i, len(line) + 1), {"match": repr(m.group(0))})

    return run


@check("newline-at-eof", needs_ast=False)
def _newline_at_eof(p):
    want = str(p.get("newline", "yes")).lower()
    if want not in ("yes", "no"):
        raise RuleError(f"newline must be 'yes' or 'no', got {want!r}")

    def run(doc, path):
        if not doc.text:
            return
        has = doc.lines[-1] == ""
        n = len(doc.lines)
        if want == "yes" and not has:
            # The last line, which wants its line break (its blanks when it has no text).
            last = spans.rest_of_line(doc, n, None)
            yield with_span(last if last[1] < last[3] else (n, 1, n, len(doc.lines[-1]) + 1), {"match": "", "problem": "is required"})
        elif want == "no" and has:
            # The final line break: from the end of the last line to the end of the file.
            start = (n - 1, len(doc.lines[-2]) + 1) if n > 1 else (n, 1)
            yield with_span((*start, n, 1), {"match": "", "problem": "is not allowed"})

    return run


@check("multiple-empty-lines", needs_ast=False)
def _multiple_empty_lines(p):
    def run(doc, path):
        lines = doc.lines
        # The empty string after a final newline is not a line of its own.
        end = len(lines) - 1 if lines and lines[-1] == "" else len(lines)
        fence = None
        for i in range(end - 1):
            stripped = lines[i].strip()
            if fence is None and (stripped.startswith('"""') or stripped.startswith("```")):
                fence = stripped[:3]
                continue
            if fence is not None:
                if stripped.startswith(fence):
                    fence = None
                continue  # doc-string content is test data, blank lines included
            if not stripped and not lines[i + 1].strip():
                # The extra blank line: its blanks, or its line break when it is empty.
                n = len(lines[i + 1])
                yield with_span((i + 2, 1, i + 2, n + 1) if n else (i + 2, 1, i + 3, 1), {"match": ""})

    return run


def indentation_config(p: dict[str, Any]) -> tuple[dict[str, Any], int | None]:
    """The indentation rule's options as (wanted indentation per element, rule nesting)."""
    cfg = {k: p.get(k) for k in ("feature", "rule", "background", "scenario", "step", "given", "when", "then", "and", "but")}
    cfg["examples"] = p.get("examples_line")
    cfg["example"] = p.get("example_row")
    cfg["feature_tag"] = cfg["feature"] if p.get("feature_tag") is None else p["feature_tag"]
    cfg["scenario_tag"] = cfg["scenario"] if p.get("scenario_tag") is None else p["scenario_tag"]
    nest = p.get("rule_nesting", 2)
    return cfg, (None if nest is None or int(nest) < 0 else int(nest))


def indentation_targets(feature, cfg: dict[str, Any], nest: int | None, d) -> Iterator[tuple[tuple, str, int]]:
    """``(nodes, key, extra)`` for every line whose indentation the ``indentation`` options
    fix: ``nodes`` is one node, or all tags of one tag list; the wanted indentation is
    ``cfg[key] + extra`` (rule children are nested ``nest`` deeper). Shared by the check and
    the fixer so that both look at the same lines."""
    yield (feature,), "feature", 0
    yield tuple(feature.get("tags", ())), "feature_tag", 0
    for rule in rules(feature):
        yield (rule,), "rule", 0
    for kind, node, rule in children(feature):
        if rule is not None and nest is None:
            continue
        extra = int(nest) if rule is not None else 0
        yield (node,), kind, extra
        if kind == "scenario":
            yield tuple(node.get("tags", ())), "scenario_tag", extra
        for step in node.get("steps", ()):
            cls = step_class(step, d)
            yield (step,), cls if cfg.get(cls) is not None else "step", extra
        for ex in node.get("examples", ()):
            yield (ex,), "examples", extra
            if ex.get("tableHeader"):
                yield (ex["tableHeader"], *ex.get("tableBody", ())), "example", extra


@check("indentation")
def _indentation(p):
    cfg, nest = indentation_config(p)

    def run(doc, path):
        if doc.markdown:
            return
        f = doc.feature
        if f is None:
            return
        for nodes, key, extra in indentation_targets(f, cfg, nest, doc.dialect):
            want = cfg.get(key)
            if want is None:
                continue
            want = int(want) + extra
            if key.endswith("_tag"):  # several tags on a line: the first one counts
                first_per_line: dict[int, dict[str, Any]] = {}
                for tag in nodes:
                    line, col = loc(tag)
                    if line not in first_per_line or (col or 0) < (loc(first_per_line[line])[1] or 0):
                        first_per_line[line] = tag
                nodes = tuple(first_per_line.values())
            for node in nodes:
                line, col = loc(node)
                got = (col or 1) - 1
                if got != want:
                    yield with_span(spans.rest_of_line(doc, line, col), {"match": key.replace("_", " "), "expected": want, "actual": got})

    return run


_CASE_WORDS = re.compile(r"[A-Z]{2,}(?=[A-Z][a-z]|[^A-Za-z]|$)|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")


def _case(style: str, name: str) -> str | None:
    words = _CASE_WORDS.findall(name)
    if style == "PascalCase":
        return "".join(w[:1].upper() + w[1:] for w in words)
    if style == "Title Case":
        return " ".join(w[:1].upper() + w[1:] for w in words)
    if style == "camelCase":
        return "".join((w.lower() if i == 0 else w[:1].upper() + w[1:].lower()) for i, w in enumerate(words))
    if style == "kebab-case":
        return "-".join(w.lower() for w in words)
    if style == "snake_case":
        return "_".join(w.lower() for w in words)
    return None


_STYLE_RE = {
    "PascalCase": re.compile(r"^(?:[A-Z][a-z0-9]*)+$"),
    "Title Case": re.compile(r"^[A-Z][a-z0-9]*(?: [A-Z][a-z0-9]*)*$"),
    "camelCase": re.compile(r"^[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)*$"),
    "kebab-case": re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$"),
    "snake_case": re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$"),
}


@check("file-name", needs_ast=False, uses_path=True)
def _file_name(p):
    style = p.get("style") or ""
    if style and _case(style, "x") is None:
        raise RuleError(f"style {style!r} not supported; use PascalCase, Title Case, camelCase, kebab-case or snake_case")

    def run(doc, path):
        if not style or doc.origin != "feature" or not path:
            return
        name = PurePath(path).name
        for suffix in (".feature.md", ".feature"):
            if name.lower().endswith(suffix):
                name = name[: -len(suffix)]
                break
        else:
            return  # standard input or a name without a feature suffix: no file name to judge
        if _STYLE_RE[style].match(name):
            return
        expected = _case(style, name)
        if expected is not None and expected != name:
            yield with_span(spans.point(1, 1), {"match": name, "style": style, "expected": expected})  # (the name is not in the file)

    return run


# ---------------------------------------------------------------------------------------
# Backgrounds, examples, outlines


@check("empty-background")
def _empty_background(p):
    def run(doc, path):
        for kind, node, _rule in children(doc.feature):
            if kind == "background" and not node.get("steps"):
                yield with_span(spans.header(doc, node), {"match": node.get("name", "")})

    return run


@check("background-only-scenario")
def _background_only_scenario(p):
    def run(doc, path):
        f = doc.feature
        if f is None:
            return
        groups: list[tuple[Any, list[Any]]] = []
        top_bg = next((c["background"] for c in f.get("children", ()) if "background" in c), None)
        top_sc = [c["scenario"] for c in f.get("children", ()) if "scenario" in c]
        rule_sc = []
        for rule in rules(f):
            sc = [c["scenario"] for c in rule.get("children", ()) if "scenario" in c]
            rule_sc += sc
            bg = next((c["background"] for c in rule.get("children", ()) if "background" in c), None)
            if bg is not None:
                groups.append((bg, sc))
        if top_bg is not None:
            groups.insert(0, (top_bg, top_sc + rule_sc))
        for bg, sc in groups:
            if len(sc) <= 1:
                yield with_span(spans.header(doc, bg), {"match": bg.get("name", "")})

    return run


@check("examples-in-scenario")
def _examples_in_scenario(p):
    def run(doc, path):
        d = doc.dialect
        for sc, _rule in scenarios(doc.feature):
            if sc.get("examples") and not is_outline(sc, d) and sc.get("keyword") in d.scenario_keywords:
                yield with_span(spans.keyword(doc, sc), {"match": sc.get("keyword", "")})

    return run


@check("outline-without-examples")
def _outline_without_examples(p):
    def run(doc, path):
        d = doc.dialect
        for sc, _rule in scenarios(doc.feature):
            if is_outline(sc, d) and example_rows(sc) == 0:
                yield with_span(spans.header(doc, sc), {"match": sc.get("name", "")})

    return run


@check("outline-single-example")
def _outline_single_example(p):
    least = int(p.get("min_rows", 2))

    def run(doc, path):
        for sc, _rule in scenarios(doc.feature):
            if sc.get("examples"):
                n = example_rows(sc)
                if 0 < n < least:
                    yield with_span(spans.header(doc, sc), {"match": sc.get("name", ""), "rows": n})

    return run


@check("background-too-long")
def _background_too_long(p):
    limit = int(p.get("max_steps", 4))

    def run(doc, path):
        for kind, node, _rule in children(doc.feature):
            n = len(node.get("steps", ()))
            if kind == "background" and n > limit:
                yield with_span(spans.header(doc, node), {"match": str(n), "count": n, "max": limit})

    return run


@check("background-non-given")
def _background_non_given(p):
    def run(doc, path):
        for kind, node, _rule in children(doc.feature):
            if kind != "background":
                continue
            steps = node.get("steps", ())
            for step, t in zip(steps, effective_types(steps)):
                if t in ("Action", "Outcome"):
                    yield with_span(spans.step(doc, step), _step_values(step, type=t))

    return run


# ---------------------------------------------------------------------------------------
# Cucumber guidance: one behaviour per scenario, declarative and observable steps


def _inline(d_words: tuple[str, ...]) -> re.Pattern[str]:
    body = "|".join(re.escape(w.strip()) for w in d_words if w.strip() and w.strip() != "*")
    return re.compile(rf"(?:^|[,;]\s*|\s)(?:{body})\s", re.I) if body else re.compile(r"(?!x)x")


@check("missing-step-type")
def _missing_step_type(p):
    want = p.get("step_type", "Action")
    if want not in ("Context", "Action", "Outcome"):
        raise RuleError(f"step_type must be Context, Action or Outcome, got {want!r}")
    cache: dict[str, re.Pattern[str]] = {}

    def inline_for(doc: Doc) -> re.Pattern[str]:
        rx = cache.get(doc.language)
        if rx is None:
            d = doc.dialect
            kws = {"Context": d.given_keywords, "Action": d.when_keywords, "Outcome": d.then_keywords}[want]
            rx = cache[doc.language] = _inline(tuple(kws))
        return rx

    def run(doc, path):
        d = doc.dialect
        for sc, _rule in scenarios(doc.feature):
            steps = sc.get("steps") or []
            if not steps:
                continue
            if any(s.get("keywordType") == want for s in steps):
                continue
            # "Given I am logged in, when I log out, then ..." written on one line still counts.
            rx = inline_for(doc)
            if any(rx.search(s.get("text", "")) for s in steps):
                continue
            yield with_span(spans.header(doc, sc), {"match": sc.get("name", "") or sc.get("keyword", ""), "keyword": keyword_of(d, want)})

    return run


@check("action-after-outcome")
def _action_after_outcome(p):
    def run(doc, path):
        for sc, _rule in scenarios(doc.feature):
            steps = sc.get("steps") or []
            seen_outcome = False
            for step, t in zip(steps, effective_types(steps)):
                if step.get("keywordType") == "Outcome":
                    seen_outcome = True
                elif seen_outcome and step.get("keywordType") == "Action":
                    yield with_span(spans.step(doc, step), _step_values(step))
                    break

    return run


def _step_word_check(p, types: tuple[str, ...] | None):
    rx = _words_regex(_tokens(p))
    exc_list = list(p.get("exceptions") or [])
    exc = re.compile("|".join(f"(?:{e})" for e in exc_list), re.I) if exc_list else None

    def run(doc, path):
        for _kind, node, _rule in children(doc.feature):
            steps = node.get("steps") or []
            for step, t in zip(steps, effective_types(steps)):
                if types is not None and t not in types:
                    continue
                text = step.get("text", "")
                covers = None
                for m in rx.finditer(text):
                    if exc is not None:
                        if covers is None:  # the exception spans, once per text (not once per match)
                            covers = exception_spans(exc, text)
                        if covered(covers, m.start(), m.end()):
                            continue
                    span = spans.step_text(doc, step, m.start(), m.end())
                    yield with_span(span, {"match": m.group(0), "keyword": step.get("keyword", "").strip(), "text": text})
                    break

    return run


@check("step-words")
def _step_words(p):
    types = p.get("step_types")
    return _step_word_check(p, tuple(types) if types else None)


@check("step-pattern")
def _step_pattern(p):
    """Steps of the given effective types whose text matches a pattern (built from word lists)."""
    types = tuple(p.get("step_types") or ("Context", "Action", "Outcome", "Unknown"))
    verbs = _tokens(p, "verbs", "verbs_wordlist")
    verb_alt = "|".join(sorted((r"\s+".join(re.escape(x) for x in v.split()) for v in verbs), key=len, reverse=True)) or r"(?!x)x"
    rx = re.compile(p["pattern"].replace("{verbs}", f"(?:{verb_alt})"), re.I)

    def run(doc, path):
        for _kind, node, _rule in children(doc.feature):
            steps = node.get("steps") or []
            for step, t in zip(steps, effective_types(steps)):
                if t not in types:
                    continue
                text = step.get("text", "")
                m = rx.search(text)
                if m:
                    found = m.group(0)
                    start = m.start() + len(found) - len(found.lstrip())  # the match without its blanks
                    end = m.end() - (len(found) - len(found.rstrip()))
                    if end <= start:
                        start, end = m.start(), m.end()
                    span = spans.step_text(doc, step, start, end)
                    yield with_span(span, {"match": found.strip(), "keyword": step.get("keyword", "").strip(), "text": text})

    return run


_FIRST = re.compile(r"^(?:I|I'm|I've|I'd|I'll|me|my|we|we're|our|us)\b", re.I)


@check("mixed-person")
def _mixed_person(p):
    third = _words_regex(_tokens(p, "third_person", "third_person_wordlist"))

    def person(text: str) -> str | None:
        if _FIRST.match(text):
            return "first"
        m = third.match(text)
        if m:
            return "third"
        return None

    def run(doc, path):
        for kind, node, _rule in children(doc.feature):
            norm = None
            for step in node.get("steps") or []:
                who = person(step.get("text", "").lstrip())
                if who is None:
                    continue
                if norm is None:
                    norm = who
                elif who != norm:
                    yield with_span(spans.step(doc, step), _step_values(step, person=who, norm=norm))
                    break

    return run


def run_check(name: str, params: dict[str, Any]) -> Run:
    return get_check(name).make(params)


def iter_results(run: Run, doc: Doc, path: str) -> Iterator[Result]:
    yield from run(doc, path)
