"""Migrate from gherkin-lint: read a ``.gherkin-lintrc`` and switch on the same rules with the
same options.

gherkin-lint's configurable rules are all off unless the file turns them on (``"on"``, or
``["on", options]``). Every storylint rule that names a gherkin-lint rule in its metadata
(``equivalents: ["gherkin-lint:<name>"]``) is switched on when that rule is on and off when it
is not; rules without a gherkin-lint equivalent (the Cucumber-guidance rules, the story rules)
are left to the rest of the configuration. Options are translated to storylint's names, with
gherkin-lint's defaults filled in where storylint's defaults differ, so the result means what
the ``.gherkin-lintrc`` meant. ``[tool.storylint.rule-options]`` still wins over the lintrc.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

from ..config import Config, ConfigError

Options = dict[str, Any]


def strip_json_comments(text: str) -> str:
    """Remove ``//`` and ``/* */`` comments outside strings (as gherkin-lint does)."""
    out, i, n = [], 0, len(text)
    in_str = False
    while i < n:
        c = text[i]
        if in_str:
            out.append(c)
            if c == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 2
                continue
            if c == '"':
                in_str = False
            i += 1
        elif c == '"':
            in_str = True
            out.append(c)
            i += 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j == -1 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j == -1 else j + 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _pick(opts: Options, mapping: dict[str, str], defaults: Options) -> Options:
    out = dict(defaults)
    for src, dst in mapping.items():
        if src in opts:
            out[dst] = opts[src]
    return out


def _indentation(o: Any) -> Options:
    o = o if isinstance(o, dict) else {}
    out = _pick(
        o,
        {"Feature": "feature", "Background": "background", "Rule": "rule", "Scenario": "scenario", "Step": "step", "Examples": "examples_line", "example": "example_row",
         "given": "given", "when": "when", "then": "then", "and": "and", "but": "but"},
        {"feature": 0, "background": 0, "rule": 0, "scenario": 0, "step": 2, "examples_line": 0, "example_row": 2, "rule_nesting": -1},
    )
    out["feature_tag"] = o.get("feature tag", out["feature"])
    out["scenario_tag"] = o.get("scenario tag", out["scenario"])
    for key in ("given", "when", "then", "and", "but"):
        out.setdefault(key, None)
    return out


def _scenario_size(o: Any) -> Options:
    if not o:
        return {"max_scenario_steps": 15, "max_background_steps": 15}
    sl = (o or {}).get("steps-length") or {}
    return {"max_scenario_steps": sl.get("Scenario") or 0, "max_background_steps": sl.get("Background") or 0}


def _restricted_patterns(o: Any) -> Options:
    o = o if isinstance(o, dict) else {}
    return _pick(o, {"Global": "global", "Feature": "feature", "Background": "background", "Scenario": "scenario", "ScenarioOutline": "scenario_outline"},
                 {"global": [], "feature": [], "background": [], "scenario": [], "scenario_outline": [], "rule": []})


TRANSLATE: dict[str, Callable[[Any], Options]] = {
    "indentation": _indentation,
    "max-scenarios-per-file": lambda o: _pick(o or {}, {"maxScenarios": "max_scenarios", "countOutlineExamples": "count_outline_examples"},
                                              {"max_scenarios": 10, "count_outline_examples": True}),
    "name-length": lambda o: _pick(o or {}, {"Feature": "feature", "Rule": "rule", "Scenario": "scenario", "Step": "step"},
                                   {"feature": 70, "rule": 70, "scenario": 70, "step": 70}),
    # (no option: 'yes', with a note; any other value is passed on, for the rule to reject)
    "new-line-at-eof": lambda o: {"newline": "yes" if o is None else o},
    "no-dupe-scenario-names": lambda o: {"within": o if o in ("anywhere", "in-feature") else "anywhere"},
    "no-restricted-patterns": _restricted_patterns,
    "no-restricted-tags": lambda o: _pick(o or {}, {"tags": "tags", "patterns": "patterns"}, {"tags": [], "patterns": []}),
    "allowed-tags": lambda o: _pick(o or {}, {"tags": "tags", "patterns": "patterns"}, {"tags": [], "patterns": []}),
    "required-tags": lambda o: _pick(o or {}, {"tags": "tags", "ignoreUntagged": "ignore_untagged"}, {"tags": [], "ignore_untagged": True}),
    "scenario-size": _scenario_size,
    "file-name": lambda o: {"style": (o or {}).get("style", "PascalCase")},
    "no-homogenous-tags": lambda o: {"min_children": 1},
}


def read_lintrc(path: str | Path) -> dict[str, Any]:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{p}: cannot read the gherkin-lint configuration: {exc.strerror}") from None
    try:
        data = json.loads(strip_json_comments(text))
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{p}: invalid JSON in the gherkin-lint configuration: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{p}: a .gherkin-lintrc holds a JSON object")
    return data


def translate(data: dict[str, Any], rules=None) -> tuple[list[str], list[str], dict[str, Options], list[str]]:
    """``(on, off, options, notes)``: storylint rule names to switch on and off, their options,
    and notes on what could not be carried over."""
    from ..registry import load_rules

    rules = rules if rules is not None else load_rules()
    equivalent: dict[str, Any] = {}
    for rule in rules:
        for eq in rule.equivalents:
            if eq.startswith("gherkin-lint:"):
                equivalent.setdefault(eq.split(":", 1)[1], rule)
    on: list[str] = []
    options: dict[str, Options] = {}
    notes: list[str] = []
    for name, value in data.items():
        state, opts = (value[0], value[1] if len(value) > 1 else None) if isinstance(value, list) and value else (value, None)
        rule = equivalent.get(name)
        if rule is None:
            notes.append(f"gherkin-lint rule {name!r} has no storylint equivalent; ignored")
            continue
        if state not in ("on", "off"):
            notes.append(f"gherkin-lint rule {name!r}: state {state!r} is neither 'on' nor 'off'; treated as off")
            continue
        if state == "off":
            continue
        on.append(rule.name)
        if name in TRANSLATE:
            options[rule.name] = TRANSLATE[name](opts)
        if name == "new-line-at-eof" and opts is None:
            notes.append("new-line-at-eof needs 'yes' or 'no' in gherkin-lint; using 'yes'")
        if name == "allowed-tags" and not (opts or {}).get("tags") and not (opts or {}).get("patterns"):
            notes.append("allowed-tags without tags or patterns rejects every tag in gherkin-lint; storylint allows all instead")
    always = {r.name for r in rules if any(e in ("gherkin-lint:unexpected-error",) for e in r.equivalents)}
    parity = {r.name for r in equivalent.values()} - always
    off = sorted(parity - set(on))
    return on, off, options, notes


def apply_lintrc(config: Config, path: str | Path | None = None) -> tuple[Config, list[str]]:
    """A configuration with the ``.gherkin-lintrc`` at ``path`` (or ``config.gherkin_lintrc``) applied."""
    raw = path or config.gherkin_lintrc
    if not raw:
        return config, []
    p = Path(raw)
    if not p.is_absolute() and path is None and config.path:
        p = Path(config.path).parent / p
    on, off, options, notes = translate(read_lintrc(p))
    _validate(p, options)
    rule_options = {k: dict(v) for k, v in options.items()}
    for key, value in config.rule_options.items():  # storylint's own settings win
        rule_options[key] = {**rule_options.get(key, {}), **value}
    update: dict[str, Any] = {"rule_options": rule_options, "extend_ignore": list(config.extend_ignore) + [n for n in off if n not in config.extend_ignore]}
    if config.select:
        update["extend_select"] = list(config.extend_select) + [n for n in on if n not in config.extend_select]
    return config.model_copy(update=update), notes



def _validate(path: Path, options: dict[str, Options]) -> None:
    """A translated option the rule cannot take (a bad pattern) is an error in the file."""
    from ..kinds.gherkin import validate
    from ..registry import RuleError, find_rule, load_rules

    rules = load_rules()
    for name, opts in options.items():
        rule = find_rule(rules, name)
        if rule is None or rule.kind != "gherkin":
            continue
        try:
            validate(rule, {**rule.params, **opts})
        except RuleError as exc:
            reason = str(exc).split(": ", 1)[-1] if str(exc).startswith(rule.path) else str(exc)
            lint_name = next((e.split(":", 1)[1] for e in rule.equivalents if e.startswith("gherkin-lint:")), name)
            raise ConfigError(f"{path}: {lint_name}: {reason}") from None
