"""The core engine: ``review(stories, config) -> BacklogReport``. No I/O happens here.

Flow per story: blank out suppression comments, parse role/means/ends, run every selected
per-story checker, turn hits into findings with file positions. Then set-level checks run
across all stories (uniform, unique, dependencies) and attach their findings to every story
they name. Suppressions are applied last, then scores and INVEST grades are computed.

Optional passes (the LLM pass, later) plug in as ``passes``: callables that take a
:class:`StoryContext` and return findings; the caller owns their I/O.
"""

from __future__ import annotations

import fnmatch
import threading
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from operator import attrgetter
from typing import Any, Callable, Iterable, Sequence

from .config import Config
from .context import Hit, StoryContext
from .gcpause import gc_paused
from .kinds import Checker, compile_rule
from .models import INVEST_LETTERS, SEVERITY_RANK, BacklogReport, Finding, InputError, Story, StoryReport, Summary, trusted
from .parse import offset_to_linecol
from .prefilter import FusedPrefilter, Literals
from .registry import Rule, RuleError, load_rules, matches, select_rules
from .scoring import grade_invest, score_findings
from .suppress import Directive, blank_directives, code_covers, dead_codes, find_directives, unused_report

Pass = Callable[[StoryContext], Iterable[Finding]]

MAX_FINDINGS_PER_RULE = 50
"""At most this many findings of one rule on one story (a pathological story stays readable)."""


@dataclass(slots=True)
class CompiledRule:
    rule: Rule
    params: dict[str, Any]
    checker: Checker | None = None
    prefilter: Callable[[StoryContext], bool] | None = None
    """A cheap test: False means the rule cannot fire on this story (performance only)."""
    bit: int = 0
    """The rule's bit in the fused literal prefilter (0: the rule is not in it)."""

    def __post_init__(self) -> None:
        if self.prefilter is None and self.checker is not None:
            self.prefilter = getattr(self.checker, "prefilter", None)


def _gate(rule: Rule) -> str:
    """What a story must carry for the rule to have anything to look at."""
    if rule.kind == "gherkin":
        return "gherkin"  # a .feature document or acceptance criteria
    if rule.kind in ("existence", "pattern") and rule.scope in ("ac", "description", "title"):
        return rule.scope
    return "always"


@dataclass(slots=True)
class Compiled:
    story_rules: list[CompiledRule]
    gated: dict[str, list[CompiledRule]]
    set_rules: list[CompiledRule]
    engine_rules: dict[str, CompiledRule]
    all_rules: dict[str, Rule]
    per_file_ignores: list[tuple[str, list[str]]]
    fused: FusedPrefilter | None = None
    by_shape: dict[tuple[bool, ...], list[CompiledRule]] = field(default_factory=dict)
    """The applicable rules by which fields a story has (filled on first use)."""

    def checks(self, code: str) -> bool:
        """Whether one code of a directive names a rule this run checks: a code that names only
        rules left out by --select/--ignore (ruff's "non-enabled") cannot be judged used or unused."""
        return any(code_covers(code, cr.rule.code) for rules in (self.story_rules, self.set_rules) for cr in rules)

    def checker(self, ignored: list[str] | None):
        """``checks`` for one file: a code whose rules that file's per-file-ignores all switch off
        names no rule checked there, so it cannot be judged unused either (as ruff's RUF100)."""
        if not ignored:
            return self.checks

        def checks(code: str) -> bool:
            return any(
                code_covers(code, cr.rule.code) and not matches(cr.rule.code, cr.rule.name, ignored)
                for rules in (self.story_rules, self.set_rules)
                for cr in rules
            )

        return checks


def rule_params(rule: Rule, config: Config) -> dict[str, Any]:
    params = dict(rule.params)
    for key in (rule.name, rule.code):
        override = config.rule_options.get(key)
        if override:
            params.update(override)
    return params


@lru_cache(maxsize=16)
def _compile(config_json: str, rules_root: str | None) -> Compiled:
    from .registry import set_active_root

    previous = set_active_root(rules_root)
    try:
        return _compile_rules(Config.model_validate_json(config_json), rules_root)
    finally:
        set_active_root(previous)


def _compile_rules(config: Config, rules_root: str | None) -> Compiled:
    rules = load_rules(rules_root)
    _check_config(config, rules)
    select, ignore = config.selectors()
    chosen = select_rules(rules, select, ignore)
    story_rules, set_rules, engine_rules = [], [], {}
    for rule in chosen:
        params = rule_params(rule, config)
        if rules_root and rule.kind == "python":
            params["rules_root"] = rules_root
        if rule.kind == "set":
            from .checks import get_set_check

            get_set_check(params["check"])  # fail early on a bad name
            set_rules.append(CompiledRule(rule, params))
        elif rule.kind == "engine":
            engine_rules[params["check"]] = CompiledRule(rule, params)
        else:
            story_rules.append(CompiledRule(rule, params, compile_rule(rule, params)))
    pfi = [(glob, codes) for glob, codes in config.per_file_ignores.items()]
    gated: dict[str, list[CompiledRule]] = {}
    for cr in story_rules:
        gated.setdefault(_gate(cr.rule), []).append(cr)
    return Compiled(story_rules, gated, set_rules, engine_rules, {r.code: r for r in rules}, pfi, _fuse(story_rules))


def _check_config(config: Config, rules) -> None:
    """A selector or a rule option that names nothing is an error, as on the command line (which
    checks first, naming the option or file): a caller of ``review()`` with ``select=["INV30"]``
    would otherwise get no findings at all and read it as "all clear"."""
    from .config import ConfigError, check_rule_options, selector_problems

    problems = selector_problems(config, rules) + check_rule_options(config, rules)
    if problems:
        raise ConfigError("; ".join(problems))


def _fuse(story_rules: list[CompiledRule]) -> FusedPrefilter | None:
    """Put the literal prefilters of all word-list and pattern rules into one scan."""
    literals: dict[int, Literals] = {}
    for cr in story_rules:
        lit = getattr(cr.checker, "literals", None)
        if lit is not None:
            index = len(literals)
            literals[index] = lit
            cr.bit = 1 << index
            cr.prefilter = None  # the fused scan decides for it
    return FusedPrefilter(literals) if literals else None


_compile_lock = threading.Lock()
"""Concurrent first reviews of one configuration compile it once (``lru_cache`` alone lets
each thread that misses compile its own copy, and each copy build its Gherkin checks again)."""


def compile_config(config: Config | None = None, rules_root: str | None = None) -> Compiled:
    key = (config or Config()).model_dump_json(by_alias=True, exclude={"path"})
    with _compile_lock:
        return _compile(key, rules_root)


# ---------------------------------------------------------------------------------------


def _position(story: Story, hit: Hit) -> tuple[int | None, int | None, int | None, int | None]:
    if hit.line is not None:  # a check that knows the file position (Gherkin)
        if hit.end_line is not None:
            return hit.line, hit.column, hit.end_line, hit.end_column
        return hit.line, hit.column, hit.line, hit.column
    src = story.source
    if hit.field == "estimate" and src.estimate_position is not None:
        line, col, end = src.estimate_position
        return line, col, line, end
    if hit.field == "depends_on" and hit.item is not None and hit.item < len(src.depends_positions):
        line, col = src.depends_positions[hit.item]
        return line, col, line, col + len(story.depends_on[hit.item])
    if hit.field in ("text", "estimate", "depends_on"):  # (a value with no position of its own: the story)
        if src.text_map:
            return _mapped(src.text_map, hit, story.text, src.text_map_markup)
        base_line = src.text_line if src.text_line is not None else src.line
        if base_line is None:
            return None, None, None, None
        if not src.exact_positions:
            return _at_start(base_line, src.text_column, hit)
        text = story.text
        col0 = src.text_column
        if "\n" not in text:  # one line: columns follow the offsets
            return base_line, col0 + hit.start, base_line, col0 + hit.end
        cont = src.continuation_column
        l1, c1 = offset_to_linecol(text, hit.start, base_line, col0, cont)
        l2, c2 = offset_to_linecol(text, hit.end, base_line, col0, cont)
        return l1, c1, l2, c2
    if hit.field == "ac" and hit.item is not None and hit.item < len(src.ac_positions):
        maps = src.ac_maps
        if maps is not None and hit.item < len(maps) and maps[hit.item]:
            return _mapped(maps[hit.item], hit, story.acceptance_criteria[hit.item])
        line, col = src.ac_positions[hit.item]
        if not src.exact_ac_positions:
            return _at_start(line, col, hit)
        item = story.acceptance_criteria[hit.item]
        l1, c1 = offset_to_linecol(item, hit.start, line, col)
        l2, c2 = offset_to_linecol(item, hit.end, line, col)
        return l1, c1, l2, c2
    if hit.field == "description":
        if src.description_map:
            return _mapped(src.description_map, hit, story.description or "")
        if src.description_line is not None:
            desc = story.description or ""
            l1, c1 = offset_to_linecol(desc, hit.start, src.description_line, 1)
            l2, c2 = offset_to_linecol(desc, hit.end, src.description_line, 1)
            return l1, c1, l2, c2
    if src.line is None:
        return None, None, None, None
    return src.line, src.column, src.line, src.column


def position_of(story: Story, field: str, item: int | None, offset: int) -> tuple[int | None, int | None]:
    """The file line and column of one character of a story's text (``field`` ``text``),
    acceptance criterion ``item`` (``ac``) or description, placed as findings are."""
    line, column, _, _ = _position(story, Hit(field, offset, offset, item))
    return line, column


def _mapped(anchors: list[tuple[int, int, int]], hit: Hit, value: str, markup: bool = False) -> tuple[int, int, int, int]:
    """The file span of a hit in a value the reader mapped with anchors (see
    :mod:`storylint.readers.positions`). The end is just past the hit's last character, on
    that character's line (a span never ends at the start of the next line): a hit that ends
    with line breaks (a whole YAML ``|`` or ``>`` block, whose value ends with one) ends just
    past its last character before them, not past the end of its line. With ``markup`` the gaps
    in the map are dropped markup, never part of a character (see Source.text_map_markup)."""
    l1, c1 = _locate(anchors, hit.start)
    end = hit.end
    while end > hit.start and value[end - 1 : end] == "\n":
        end -= 1
    if end <= hit.start:
        return l1, c1, l1, c1
    l2, c2 = _locate(anchors, end - 1)
    return l1, c1, l2, c2 + (1 if markup else _width(anchors, end, l2, c2))


def _locate(anchors: list[tuple[int, int, int]], offset: int) -> tuple[int, int]:
    i = max(bisect_right(anchors, offset, key=_offset_of) - 1, 0)
    start, line, col = anchors[i]
    return line, col + offset - start


def _width(anchors: list[tuple[int, int, int]], end: int, line: int, col: int) -> int:
    """How many columns the character before ``end`` (at ``line``, ``col``) takes in the file:
    one, or more for an escape (``\\"``), when the next character starts further along its line."""
    i = bisect_right(anchors, end, key=_offset_of) - 1
    if 0 <= i < len(anchors) and anchors[i][0] == end and anchors[i][1] == line and anchors[i][2] > col:
        return anchors[i][2] - col
    return 1


def _offset_of(anchor: tuple[int, int, int]) -> int:
    return anchor[0]


def _at_start(line: int, col: int, hit: Hit) -> tuple[int, int, int, int]:
    """A hit in a value whose characters the reader could not place: the value's first
    character (nothing wider, so never a wrong span), or a zero-width point for a point hit."""
    return line, col, line, col + (1 if hit.end > hit.start else 0)


class _SafeDict(dict):
    def __missing__(self, key: str) -> str:  # unknown placeholders stay visible, never crash
        return "{" + key + "}"


def _fill(template: str, values: dict[str, Any] | None) -> str:
    """``template`` with ``{placeholders}`` filled from ``values`` (unknown ones kept)."""
    if "{" not in template and "}" not in template:
        return template
    try:
        try:
            return template.format_map(values if values is not None else _NO_VALUES)
        except KeyError:  # an unknown placeholder: filled from a copy that keeps it as it is
            return template.format_map(_SafeDict(values or {}))
    except (ValueError, IndexError):
        return template


_NO_VALUES: dict[str, Any] = {}


def make_finding(rule: Rule, story: Story, hit: Hit) -> Finding:
    message = _fill(hit.message or rule.message, hit.values)
    suggestion = hit.suggestion or rule.suggestion
    if suggestion:
        suggestion = _fill(suggestion, hit.values)
    line, col, end_line, end_col = _position(story, hit)
    # Every value is of its field's type by construction (the rule was validated when it
    # loaded; offsets and lines are ints): no second validation. Lists are copied, never
    # shared with the rule or the hit.
    return trusted(
        Finding,
        {
            "code": rule.code,
            "name": rule.name,
            "severity": rule.level,
            "criteria": list(rule.criteria),
            "invest": list(rule.invest),
            "message": message,
            "line": line,
            "column": col,
            "end_line": end_line,
            "end_column": end_col,
            "suggestion": suggestion,
            "source": "rule",
            "related": list(hit.related) if hit.related else [],
            "path": None,
        },
    )


def _sort_key(f: Finding) -> tuple:
    return (f.line if f.line is not None else 0, f.column if f.column is not None else 0, f.code)


def _blank_other_fields(story: Story, directives: list[Directive]) -> Story:
    """A copy of the story whose description/criteria have their directive comments blanked."""
    desc = story.description
    if desc:
        desc = blank_directives(desc, [d for d in directives if d.field == "description" and not d.file_level])
    ac = [
        blank_directives(item, [d for d in directives if d.field == "ac" and d.item == i and not d.file_level])
        for i, item in enumerate(story.acceptance_criteria)
    ]
    return story.model_copy(update={"description": desc, "acceptance_criteria": ac})


@dataclass(slots=True)
class _Plan:
    """The rules to run on stories of one shape (which fields they carry), made once."""

    plain: list[tuple[Checker, Rule]]
    """Rules with no prefilter: run on every such story."""
    filtered: list[tuple[Callable[[StoryContext], bool], Checker, Rule]]
    """Rules with their own prefilter, run when it says yes."""
    by_bit: dict[int, tuple[Checker, Rule]]
    """Rules in the fused literal scan, by their bit: run when the scan sets it."""
    mask: int
    """The bits of ``by_bit``."""
    pieces: list | None = None
    """The kinds of text the fused scan reads for stories of this shape."""


def _plan(story: Story, compiled: Compiled) -> _Plan:
    """The rules that have something to look at in this story (one plan per combination)."""
    key = (bool(story.acceptance_criteria), bool(story.description), bool(story.title), story.gherkin is not None)
    got = compiled.by_shape.get(key)
    if got is None:
        has_ac, has_desc, has_title, has_gherkin = key
        gated = compiled.gated
        rules = list(gated.get("always", ()))
        if has_ac:
            rules += gated.get("ac", ())
        if has_desc:
            rules += gated.get("description", ())
        if has_title:
            rules += gated.get("title", ())
        if has_ac or has_gherkin:
            rules += gated.get("gherkin", ())
        got = _Plan([], [], {}, 0, compiled.fused.pieces_for(has_ac, has_desc, has_title) if compiled.fused is not None else None)
        for cr in rules:
            if cr.bit:
                got.by_bit[cr.bit] = (cr.checker, cr.rule)
                got.mask |= cr.bit
            elif cr.prefilter is not None:
                got.filtered.append((cr.prefilter, cr.checker, cr.rule))
            else:
                got.plain.append((cr.checker, cr.rule))
        compiled.by_shape[key] = got
    return got


def _add(findings: list[Finding], rule: Rule, story: Story, hits: Iterable[Hit]) -> None:
    """Turn a rule's hits into findings (at most MAX_FINDINGS_PER_RULE of them)."""
    if hits.__class__ is list and len(hits) == 1:  # the common case
        findings.append(make_finding(rule, story, hits[0]))
        return
    for hit in islice(hits, MAX_FINDINGS_PER_RULE):
        findings.append(make_finding(rule, story, hit))


def review_story(story: Story, compiled: Compiled, passes: Sequence[Pass] = ()) -> tuple[StoryReport, StoryContext, list[Directive]]:
    original = story
    directives = find_directives(story)
    text = story.text
    if directives:
        text = blank_directives(text, [d for d in directives if d.field == "text" and not d.file_level])
        if any(d.field in ("description", "ac") and not d.file_level for d in directives):
            story = _blank_other_fields(story, directives)
    ctx = StoryContext.build(story, text)
    findings: list[Finding] = []
    plan = _plan(story, compiled)
    # (The order the rules run in does not matter: findings are sorted by position and code.)
    for checker, rule in plan.plain:
        hits = checker(ctx)
        if hits is not None:
            _add(findings, rule, story, hits)
    for prefilter, checker, rule in plan.filtered:
        if prefilter(ctx):
            hits = checker(ctx)
            if hits is not None:
                _add(findings, rule, story, hits)
    woken = compiled.fused.mask(ctx, plan.pieces) & plan.mask if compiled.fused is not None else 0
    by_bit = plan.by_bit
    while woken:  # each rule whose bit the literal scan set (lowest first)
        bit = woken & -woken
        woken ^= bit
        checker, rule = by_bit[bit]
        hits = checker(ctx)
        if hits is not None:
            _add(findings, rule, story, hits)
    if passes:  # findings from other passes (the LLM's) are validated as they join
        for extra in passes:
            findings.extend(extra(ctx))
        report = StoryReport.model_validate({"story": original, "findings": findings, "score": 100, "invest": {}})
    else:
        report = trusted(StoryReport, {"story": original, "findings": findings, "score": 100, "invest": {}})
    return report, ctx, directives


def _apply_set_rules(reports: list[StoryReport], contexts: list[StoryContext], compiled: Compiled) -> list[Finding]:
    from .checks import get_set_check

    set_findings: list[Finding] = []
    for cr in compiled.set_rules:
        fn = get_set_check(cr.params["check"])
        opts = {k: v for k, v in cr.params.items() if k != "check"}
        per_story: dict[int, int] = {}  # at most MAX_FINDINGS_PER_RULE per story, as for story rules
        for index, hit in fn(contexts, **opts):
            n = per_story.get(index, 0)
            if n >= MAX_FINDINGS_PER_RULE:
                continue
            per_story[index] = n + 1
            story = reports[index].story
            finding = make_finding(cr.rule, story, hit)
            reports[index].findings.append(finding)
            set_findings.append(finding)
    return set_findings


def _unchecked(story: Story, ignored: list[str] | None) -> list[str] | None:
    """The selectors of the rules not checked on ``story``: its file's per-file-ignores, and
    no-acceptance-criteria (INV050) where its format holds no criteria (a .txt line). A
    suppression of such a rule cannot be judged unused: "disable=INV050 -- criteria live in
    Jira" in a .txt backlog was the way to silence it before INV050 left .txt lines alone."""
    if story.source.holds_criteria:
        return ignored
    return [*(ignored or ()), "no-acceptance-criteria"]


def _per_file_ignored(path: str, compiled: Compiled) -> list[str]:
    out: list[str] = []
    for glob, codes in compiled.per_file_ignores:
        if fnmatch.fnmatch(path, glob) or fnmatch.fnmatch(path.rsplit("/", 1)[-1], glob):
            out.extend(codes)
    return out


def _suppress(report: StoryReport, directives: list[Directive], compiled: Compiled, said: set) -> bool:
    """Drop the findings the story's directives (and per-file-ignores) cover; report directives
    with no reason (SL001: a file-level one once per file, ``said`` remembers it) and directives
    that suppress nothing (SL002). False when there was nothing to suppress (no finding dropped)."""
    story = report.story
    ignored = _per_file_ignored(story.source.path, compiled) if compiled.per_file_ignores else None
    if not directives and not ignored:  # the common case: nothing to suppress
        findings = report.findings
        if len(findings) > 1:
            findings.sort(key=_sort_key)
        return False
    kept: list[Finding] = []
    used: dict[int, set[str]] = {}  # directive -> its codes that covered a finding
    for f in report.findings:
        if ignored and matches(f.code, f.name, ignored):  # (as --ignore: prefixes, names, ALL, any case)
            continue
        hit = None
        for i, d in enumerate(directives):
            if d.covers(f.code):
                hit = i
                break
        if hit is None:
            kept.append(f)
        else:
            used.setdefault(hit, set()).update(directives[hit].codes_covering(f.code))
    meta = compiled.engine_rules
    no_reason = meta.get("suppression-without-reason")
    unused = meta.get("unused-suppression")
    for i, d in enumerate(directives):
        h = Hit(d.field, d.start, d.end, d.item, values={"match": d.raw, "codes": ",".join(d.codes)}, line=d.line, column=d.column)
        if no_reason and not d.reason and d.codes:  # (a bare directive is reported for naming no rule)
            key = (story.source.path, d.line, d.raw) if d.file_level else None
            if key not in said:  # (None, a story's own directive, is never in it)
                kept.append(make_finding(no_reason.rule, story, h))
                if key is not None:
                    said.add(key)
        if unused and not d.file_level:  # (each code that suppresses nothing, in one finding)
            said_unused = unused_report(d, *dead_codes(d, used.get(i, set()), compiled.all_rules, compiled.checker(_unchecked(story, ignored))))
            if said_unused is not None:
                h.message, h.suggestion = said_unused[0], said_unused[1]
                h.values.update(said_unused[2])
                kept.append(make_finding(unused.rule, story, h))
    if ignored:  # per-file-ignores hold for the suppression findings (SL) too
        kept = [f for f in kept if not matches(f.code, f.name, ignored)]
    kept.sort(key=_sort_key)
    report.findings = kept
    return True


def review(
    stories: Iterable[Story],
    config: Config | None = None,
    *,
    errors: Iterable[InputError] = (),
    passes: Sequence[Pass] = (),
    rules_root: str | None = None,
) -> BacklogReport:
    """Review stories under a resolved configuration. Pure: no files, no network.

    The cyclic garbage collector is paused while the review builds its many small objects
    (they hold no reference cycles; with the collector running, its passes over the growing
    heap cost about a fifth of the time). The pause is one for the whole process, shared by
    concurrent reviews (see :mod:`storylint.gcpause`): the last one out restores the state.
    """
    with gc_paused():
        return _review(stories, config, errors=errors, passes=passes, rules_root=rules_root)


def _review(stories, config, *, errors, passes, rules_root) -> BacklogReport:
    compiled = compile_config(config, rules_root)
    reports: list[StoryReport] = []
    contexts: list[StoryContext] = []
    all_directives: list[list[Directive]] = []
    for story in stories:
        report, ctx, directives = review_story(story, compiled, passes)
        ctx.release()
        reports.append(report)
        contexts.append(ctx)
        all_directives.append(directives)
    set_findings = _apply_set_rules(reports, contexts, compiled) if compiled.set_rules else []
    _unused_file_directives(reports, all_directives, compiled)
    said: set = set()  # file-level directives already reported for having no reason
    suppressed = False  # whether any story had directives or per-file-ignores to apply
    for report, directives in zip(reports, all_directives):
        suppressed |= _suppress(report, directives, compiled, said)
        # (the report was built with every field set: plain stores, as pydantic's own
        # assignment would do for a model without assignment validation)
        fields = report.__dict__
        fields["score"] = score_findings(fields["findings"])
        fields["invest"] = grade_invest(fields["findings"])
    if set_findings and suppressed:  # a set-level finding that a directive or per-file-ignores removed is gone
        kept = {id(f) for r in reports for f in r.findings}
        set_findings = [f for f in set_findings if id(f) in kept]
    backlog = BacklogReport.model_construct(reports=reports, set_findings=set_findings, errors=list(errors), summary=Summary())
    backlog.summary = summarise(backlog)
    return backlog


def _unused_file_directives(reports: list[StoryReport], all_directives: list[list[Directive]], compiled: Compiled) -> None:
    """A file-level suppression whose codes (some of them) suppress nothing in any story of its
    file is reported once."""
    unused_rule = compiled.engine_rules.get("unused-suppression")
    if unused_rule is None:
        return
    first_seen: dict[tuple[str, int], tuple[int, Directive]] = {}
    used: dict[tuple[str, int], set[str]] = {}  # directive -> its codes that covered a finding
    for idx, (report, directives) in enumerate(zip(reports, all_directives)):
        for d in directives:
            if not d.file_level:
                continue
            key = (report.story.source.path, d.line or 0)
            first_seen.setdefault(key, (idx, d))
            codes = used.setdefault(key, set())
            for f in report.findings:
                codes.update(d.codes_covering(f.code))
    for key, (idx, d) in first_seen.items():
        ignored = _per_file_ignored(key[0], compiled) if compiled.per_file_ignores else None
        said = unused_report(d, *dead_codes(d, used[key], compiled.all_rules, compiled.checker(_unchecked(reports[idx].story, ignored))))
        if said is not None:
            story = reports[idx].story
            h = Hit("text", 0, 0, None, values={"match": d.raw, "codes": ",".join(d.codes)}, line=d.line, column=d.column)
            h.message, h.suggestion = said[0], said[1]
            h.values.update(said[2])
            reports[idx].findings.append(make_finding(unused_rule.rule, story, h))


_severity = attrgetter("severity")
_code = attrgetter("code")


def summarise(backlog: BacklogReport) -> Summary:
    findings = [f for r in backlog.reports for f in r.findings]
    by_sev = Counter(map(_severity, findings))  # (counted in C)
    by_code = Counter(map(_code, findings))
    scores = [r.score for r in backlog.reports]
    return Summary(
        stories=len(backlog.reports),
        findings=len(findings),
        by_severity=dict(sorted(by_sev.items(), key=lambda kv: -SEVERITY_RANK[kv[0]])),
        by_code=dict(sorted(by_code.items())),
        errors=len(backlog.errors),
        mean_score=round(sum(scores) / len(scores), 1) if scores else None,
    )


__all__ = ["review", "review_story", "compile_config", "Compiled", "RuleError", "INVEST_LETTERS", "Pass"]
