"""Configuration: ``[tool.storylint]`` in pyproject.toml or a ``storylint.toml``.

Discovery walks upward from the current directory and takes the first file that holds
storylint settings. Keys may be written with dashes or underscores.
"""

# No ``from __future__ import annotations``: pydantic would compile and evaluate every field's
# annotation from a string when the models are created, on every start.

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator


class ConfigError(ValueError):
    """Invalid configuration; the message names the file and the key."""


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    extend_select: list[str] = Field(default_factory=list, alias="extend-select")
    extend_ignore: list[str] = Field(default_factory=list, alias="extend-ignore")
    fail_on: Literal["error", "warning", "info"] = Field("error", alias="fail-on")
    rule_options: dict[str, dict[str, Any]] = Field(default_factory=dict, alias="rule-options")
    """Per-rule parameter overrides, keyed by rule name or code."""
    per_file_ignores: dict[str, list[str]] = Field(default_factory=dict, alias="per-file-ignores")
    exclude: list[str] = Field(default_factory=list)
    force_exclude: bool = Field(False, alias="force-exclude")
    """Apply ``exclude`` to files named on the command line too (as pre-commit names them)."""
    gherkin_lintrc: str | None = Field(None, alias="gherkin-lintrc")
    cache_dir: str | None = Field(None, alias="cache-dir")
    path: str | None = Field(None, exclude=True)
    """The file this configuration came from (None: defaults)."""

    @field_validator("per_file_ignores")
    @classmethod
    def _names_to_codes(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        """Per-file ignores match codes by prefix; a rule name stands for its code."""
        if not any("-" in c or c.islower() for codes in value.values() for c in codes):
            return value
        try:
            from .registry import load_rules

            names = {r.name: r.code for r in load_rules()}
        except Exception:  # noqa: BLE001 - invalid rules are reported elsewhere
            return value
        return {glob: [names.get(c, c) for c in codes] for glob, codes in value.items()}

    def selectors(self) -> tuple[list[str], list[str]]:
        select = (self.select or ["ALL"]) + self.extend_select
        return select, self.ignore + self.extend_ignore

    def fingerprint(self) -> str:
        return self.model_dump_json(exclude={"path"})


def _normalise(data: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in data.items():
        key = k.replace("_", "-")
        if key == "rule-options" and isinstance(v, dict):
            # option names as the other keys: kebab-case or snake_case ("min-stories" = "min_stories")
            out[key] = {r: ({n.replace("-", "_"): x for n, x in o.items()} if isinstance(o, dict) else o) for r, o in v.items()}
        else:
            out[key] = v
    return out


def config_from_mapping(data: dict[str, Any], path: str | None = None) -> Config:
    try:
        cfg = Config.model_validate(_normalise(data))
    except ValidationError as exc:
        where = path or "configuration"
        problems = "; ".join(f"{'.'.join(str(x) for x in e['loc']) or '(top)'}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"{where}: {problems}") from None
    cfg.path = path
    if path is not None:
        _relocate_globs(cfg, Path(path).resolve().parent)
    return cfg


def _relocate_globs(cfg: Config, base: Path) -> None:
    """Globs with a '/' are relative to the config file's folder, paths to the current directory.

    ``legacy/*.txt`` in /proj/storylint.toml must match ``../legacy/a.txt`` when run from
    /proj/sub, and ``/proj/legacy/a.txt`` when the path is given absolute, so each such glob
    is also kept rewritten relative to the current directory and as an absolute glob.
    """
    try:
        cwd = Path.cwd().resolve()
    except OSError:
        cwd = None

    def moved(glob: str) -> list[str]:
        if "/" not in glob or Path(glob).is_absolute():
            return []
        out = [(base / glob).as_posix()]
        if cwd is not None and base != cwd:
            out.append(os.path.relpath(base / glob, cwd).replace(os.sep, "/"))
        return out

    pfi: dict[str, list[str]] = {}
    for glob, codes in cfg.per_file_ignores.items():
        pfi.setdefault(glob, []).extend(codes)
        for other in moved(glob):
            pfi.setdefault(other, []).extend(codes)
    cfg.per_file_ignores = pfi
    cfg.exclude = cfg.exclude + [m for g in cfg.exclude for m in moved(g)]


def check_rule_options(cfg: Config, rules) -> list[str]:
    """Problems with ``rule-options``: unknown rules, unknown options, values of the wrong type."""
    from .registry import FIXED_PARAMS, RuleError, find_rule

    problems = []
    where = f"{cfg.path}: " if cfg.path else ""
    seen: dict[str, str] = {}  # rule code -> the key that configured it first
    for key, options in cfg.rule_options.items():
        rule = find_rule(rules, key)
        if rule is None:
            problems.append(f"{where}rule-options: no rule {key!r}")
            continue
        if rule.code in seen:
            problems.append(f"{where}rule-options.{key}: {rule.code} is already configured as rule-options.{seen[rule.code]}; keep one")
            continue
        seen[rule.code] = key
        if not isinstance(options, dict):
            problems.append(f"{where}rule-options.{key}: expected a table of options")
            continue
        known = {k: v for k, v in rule.params.items() if k not in FIXED_PARAMS}
        before = len(problems)
        for name, value in options.items():
            if name not in known:
                choices = ", ".join(sorted(known)) or "none"
                problems.append(f"{where}rule-options.{key}: unknown option {name!r} (options: {choices})")
            elif not _same_type(known[name], value):
                problems.append(
                    f"{where}rule-options.{key}.{name}: expected {'a list of texts' if isinstance(known[name], list) else type(known[name]).__name__}, got {value!r}"
                )
            elif isinstance(value, (int, float)) and not isinstance(value, bool) and not _in_range(name, value):
                problems.append(f"{where}rule-options.{key}.{name}: {value!r} is out of range ({_range_text(name)})")
        if len(problems) == before and rule.kind not in ("set", "engine"):
            # The values have the right types: would the rule compile with them (a word list
            # that exists, a valid pattern)?
            from .kinds import compile_rule

            def fails(opts: dict[str, Any]) -> str | None:
                params = {**rule.params, **opts}
                try:
                    compile_rule(rule, params)
                    if rule.kind == "gherkin":  # (its check is built on first use: build it now)
                        from .kinds.gherkin import validate

                        validate(rule, params)
                except RuleError as exc:
                    return str(exc).split(": ", 1)[-1] if str(exc).startswith(rule.path) else str(exc)
                return None

            reason = fails(options)
            if reason is not None:
                # Name the option when one alone is enough to fail (a bad pattern in `global`).
                name = next(iter(options)) if len(options) == 1 else next((n for n in options if fails({n: options[n]}) is not None), None)
                problems.append(f"{where}rule-options.{key}{'.' + name if name else ''}: {reason}")
    return problems


_RANGES: dict[str, tuple[float, float | None]] = {
    "threshold": (0, 1),
    "means_threshold": (0, 1),
    "min_share": (0, 1),
    "rule_nesting": (-1, None),  # indentation: -1 skips Rule children, as gherkin-lint does
}
"""Numeric options whose range is not the default ``>= 0``: ``(lowest, highest or None)``."""


def _in_range(name: str, value: float) -> bool:
    """Numeric options: shares and thresholds in [0, 1], counts and sizes not negative, and the
    exceptions in ``_RANGES``."""
    low, high = _RANGES.get(name, (0, None))
    return value >= low and (high is None or value <= high)


def _range_text(name: str) -> str:
    low, high = _RANGES.get(name, (0, None))
    return f">= {low}" if high is None else f"between {low} and {high}"


def _same_type(default: Any, value: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float))
    if default is None:
        return True
    if isinstance(default, list):  # (every list option is a list of texts: words, tags, ids, patterns)
        return isinstance(value, list) and all(isinstance(x, str) for x in value)
    return isinstance(value, type(default))


def load_config_file(path: Path) -> Config:
    import tomllib  # here, not at the top: only needed when there is a file to read

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("storylint", {})
    elif "tool" in data and "storylint" in data.get("tool", {}):
        data = data["tool"]["storylint"]
    return config_from_mapping(data, str(path))


def discover_config(start: Path | None = None) -> Config:
    """The nearest storylint.toml or pyproject.toml with [tool.storylint], or defaults."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        own = folder / "storylint.toml"
        if own.is_file():
            return load_config_file(own)
        py = folder / "pyproject.toml"
        if py.is_file():
            import tomllib

            try:
                raw = py.read_text(encoding="utf-8")
                data = tomllib.loads(raw)
            except (OSError, UnicodeDecodeError):
                continue
            except tomllib.TOMLDecodeError as exc:
                if "tool.storylint" in raw:  # broken, and meant for us: say so rather than run on defaults
                    raise ConfigError(f"{py}: invalid TOML: {exc}") from None
                continue  # another tool's broken file is not ours to judge
            if "storylint" in data.get("tool", {}):
                return load_config_file(py)
    return Config()


SELECTOR_KEYS = ("select", "extend-select", "ignore", "extend-ignore")


def selector_problems(config: Config, rules, given: dict[str, list[str]] | None = None) -> list[str]:
    """One message per key that holds unknown rule selectors, naming where they came from: the
    option (``given``: what the command line added per key) or the config file and its key."""
    from .registry import unknown_selectors

    given = given or {}
    where = config.path or "configuration"
    out: list[str] = []

    def say(origin: str, bad: list[str]) -> None:
        out.append(f"{origin}: unknown rule selector(s): {', '.join(bad)} (see `storylint rules`)")

    for key in SELECTOR_KEYS:
        bad = unknown_selectors(rules, getattr(config, key.replace("-", "_")))
        from_cli = [b for b in bad if b in given.get(key, ())]
        from_file = [b for b in bad if b not in from_cli]
        if from_cli:
            say(f"--{key}", from_cli)
        if from_file:
            say(f"{where} [{key}]", from_file)
    for glob, codes in config.per_file_ignores.items():
        bad = unknown_selectors(rules, codes)
        if bad:
            say(f'{where} [per-file-ignores "{glob}"]', bad)
    return out

