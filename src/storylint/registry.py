"""Rules are data: load ``rules/**/*.yml``, validate them, select/ignore by code prefix.

A rule file looks like this (Vale-style; ``kind`` picks one of a few check kinds)::

    code: INV020
    name: vague-term
    level: warning
    criteria: [unambiguous, estimatable]
    invest: [E]
    message: "Vague term '{match}': say what exactly is meant."
    why: ...
    suggestion: Replace it with a measurable or concrete statement.
    kind: existence
    scope: text
    wordlist: vague
    examples:
      bad: ["As a user, I want a fast search so that ..."]
      good: ["As a user, I want search results within 2 seconds so that ..."]

Loading every YAML file costs more than start-up can afford, so the validated rules are
cached (pickled) in the user cache directory, keyed by the files' names, sizes and mtimes
and the storylint version.
"""

# No ``from __future__ import annotations``: pydantic would compile and evaluate every field's
# annotation from a string when the models are created, on every start.

import hashlib
import os
import pickle
import re
import sys
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from . import __version__

CODE_RE = re.compile(r"^[A-Z]{1,5}[0-9]{3}$")
NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
QUS_CRITERIA = (
    "well-formed",
    "atomic",
    "minimal",
    "conceptually-sound",
    "problem-oriented",
    "unambiguous",
    "full-sentence",
    "estimatable",
    "unique",
    "uniform",
    "independent",
    "complete",
    "conflict-free",
    "testable",
    "small",
    "valuable",
    "negotiable",
)
INVEST_NAMES = {"I": "Independent", "N": "Negotiable", "V": "Valuable", "E": "Estimable", "S": "Small", "T": "Testable"}
KINDS = ("existence", "pattern", "occurrence", "length", "conditional", "python", "set", "gherkin", "engine")
SCOPES = ("text", "role", "means", "ends", "rest", "title", "description", "ac", "story", "feature")


FIXED_PARAMS = frozenset({"check", "metric"})
"""Parameters that say what a rule is (its check, what a length rule measures): not options a
configuration may change."""


class RuleError(ValueError):
    """A rule file is invalid; the message names the file and the field."""


# defer_build: a lint run gets its rules from the pickle cache and never validates one, so the
# validators are built on first use (a rule file read) instead of at every import.
class Examples(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    bad: list[Any] = Field(default_factory=list)
    good: list[Any] = Field(default_factory=list)
    """Stories the rule must not flag, hard cases included ("drag and drop" for US010)."""
    fixed: list[Any] = Field(default_factory=list)
    """The first bad example rewritten as it should be (the docs' "Use instead"); must not fire."""


class Rule(BaseModel):
    """One rule, as written in its YAML file. Kind-specific parameters live in ``params``."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    code: str
    name: str
    level: Literal["error", "warning", "info"]
    criteria: list[str] = Field(default_factory=list)
    invest: list[str] = Field(default_factory=list)
    message: str
    why: str
    suggestion: str | None = None
    notes: str | None = None
    """What a rule's user may need to know beyond ``why`` (what is and is not flagged, how the
    options work); ``storylint rule`` shows it under "Details"."""
    link: str | None = None
    kind: str
    scope: str = "text"
    status: Literal["stable", "preview", "deprecated"] = "stable"
    equivalents: list[str] = Field(default_factory=list)
    examples: Examples
    params: dict[str, Any] = Field(default_factory=dict)
    family: str = ""
    path: str = ""

    @field_validator("code")
    @classmethod
    def _code(cls, v: str) -> str:
        if not CODE_RE.match(v):
            raise ValueError(f"code {v!r} must be an upper-case prefix and three digits, e.g. US001")
        return v

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        if not NAME_RE.match(v):
            raise ValueError(f"name {v!r} must be kebab-case")
        return v

    @field_validator("criteria")
    @classmethod
    def _criteria(cls, v: list[str]) -> list[str]:
        bad = [c for c in v if c not in QUS_CRITERIA]
        if bad:
            raise ValueError(f"unknown criteria {bad}; known: {', '.join(QUS_CRITERIA)}")
        return v

    @field_validator("invest")
    @classmethod
    def _invest(cls, v: list[str]) -> list[str]:
        bad = [c for c in v if c not in "INVEST" or len(c) != 1]
        if bad:
            raise ValueError(f"invest letters must be among I N V E S T, got {bad}")
        return v

    @field_validator("kind")
    @classmethod
    def _kind(cls, v: str) -> str:
        if v not in KINDS:
            raise ValueError(f"unknown kind {v!r}; known: {', '.join(KINDS)}")
        return v

    @field_validator("scope")
    @classmethod
    def _scope(cls, v: str) -> str:
        if v not in SCOPES:
            raise ValueError(f"unknown scope {v!r}; known: {', '.join(SCOPES)}")
        return v

    @property
    def prefix(self) -> str:
        return self.code.rstrip("0123456789")

    def doc(self) -> str:
        """The rule's documentation, ruff-style: what it reports / why / example / use instead."""
        lines = [f"# {self.name} ({self.code})", ""]
        lines.append(f"Level: {self.level}. Kind: {self.kind}. Family: {self.family or '-'}.")
        if self.criteria:
            lines.append(f"Quality User Story (QUS) criteria: {', '.join(self.criteria)}.")
        if self.invest:
            lines.append(f"INVEST: {', '.join(INVEST_NAMES.get(c, c) for c in self.invest)}.")
        if self.equivalents:
            lines.append(f"Equivalents: {', '.join(self.equivalents)}.")
        lines += ["", "## What it reports", readable_template(self.message), "", "## Why is this bad?", self.why.strip()]
        ex = self.examples
        if ex.bad:
            # ruff-style: the example, then the same example as it should be written
            lines += ["", "## Example", _fmt_examples(ex.bad[:1] if ex.fixed else ex.bad)]
        if ex.fixed or ex.good:
            lines += ["", "## Use instead", _fmt_examples(ex.fixed or ex.good)]
        if ex.fixed and ex.bad[1:]:
            lines += ["", "## More examples it flags", _fmt_examples(ex.bad[1:])]
        if ex.fixed and ex.good:
            lines += ["", "## Not flagged", _fmt_examples(ex.good)]
        if self.suggestion:
            lines += ["", "## Fix", readable_template(self.suggestion)]
        if self.notes:
            lines += ["", "## Details", " ".join(self.notes.split())]
        options = [
            f"{k} = {_toml(v)}" if v is not None else f"# {k} = (not set)"
            for k, v in self.params.items()
            if k not in FIXED_PARAMS and not isinstance(v, dict) and (not isinstance(v, list) or len(str(v)) < 80)
        ]
        if options:
            lines += ["", "## Options", f"Defaults; override them in the configuration file under [tool.storylint.rule-options.{self.name}]:", *("    " + o for o in options)]
        return "\n".join(lines) + "\n"


def readable_template(template: str) -> str:
    """A message template as a reader sees it: ``{match}`` -> "…", ``{max}`` -> "<max>"."""
    return re.sub(r"\{(\w+)\}", lambda m: "…" if m.group(1) == "match" else f"<{m.group(1)}>", template)


def _toml(value: Any) -> str:
    """A default value as it is written in TOML (strings and lists of strings as JSON writes them)."""
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False)


def _fmt_examples(examples: list[Any]) -> str:
    shown = [_fmt_example(e) for e in examples]
    return ("\n\n" if any("\n" in e for e in shown) else "\n").join(shown)


def _fmt_example(example: Any) -> str:
    """An example as a reader would write it: the story, its acceptance criteria, its Gherkin;
    a backlog (set-level rules) as its stories one after another."""
    if isinstance(example, dict) and set(example) == {"stories"} and isinstance(example["stories"], list):
        stories = example["stories"]
        lines = [f"A backlog of {len(stories)} {'story' if len(stories) == 1 else 'stories'}:"]
        for story in stories:
            body = _story_lines(story)
            lines.append("- " + (body[0] if body else ""))
            lines.extend("  " + line if line else "" for line in body[1:])
        return "\n".join("    " + line if line else "" for line in lines)
    return "\n".join("    " + line if line else "" for line in _story_lines(example))


def _story_lines(story: Any) -> list[str]:
    """One story of an example as the lines a reader would write."""
    if not isinstance(story, dict):
        return str(story).split("\n")
    out = []
    source = story.get("source")
    if isinstance(source, dict) and source.get("path"):
        out.append(f"File: {source['path']}")
    if story.get("title"):
        out.append(f"Title: {story['title']}")
    head = (f"{story['id']}: " if story.get("id") else "") + str(story.get("text") or "")
    if head:
        out.append(head)
    if story.get("description"):
        out.extend(str(story["description"]).split("\n"))
    if story.get("estimate") is not None:
        out.append(f"Estimate: {story['estimate']}")
    elif isinstance(source, dict) and source.get("estimate_text"):
        out.append(f"Estimate: {source['estimate_text']}")  # ("?", "TBD": see INV044)
    if story.get("depends_on"):
        out.append(f"Depends on: {', '.join(map(str, story['depends_on']))}")
    if story.get("acceptance_criteria"):
        out.append("Acceptance criteria:")
        for item in story["acceptance_criteria"]:
            first, *rest = str(item).split("\n")
            out.append(f"- {first}")
            out.extend(f"  {line}" for line in rest)  # (a multi-line item keeps its indent)
    if story.get("gherkin"):
        out.extend(str(story["gherkin"]).rstrip("\n").split("\n"))
    known = {"id", "text", "title", "description", "estimate", "depends_on", "acceptance_criteria", "gherkin", "source"}
    if set(story) - known:  # a field this renderer does not know: show it as data, never drop it
        import json

        out.append(json.dumps({k: v for k, v in story.items() if k not in known}, ensure_ascii=False))
    return out


_RULE_FIELDS = set(Rule.model_fields) - {"params", "family", "path"}


def data_dir(name: str) -> Path:
    """Folder of bundled data (``rules`` or ``prompts``): inside the wheel, or the repo's."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_data" / name, here.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise RuleError(f"cannot find the bundled {name}/ folder next to {here}")


def rules_dir() -> Path:
    return data_dir("rules")


def _rule_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.yml") if "wordlists" not in p.parts)


def parse_rule(raw: Any, path: Path, root: Path) -> Rule:
    if not isinstance(raw, dict):
        raise RuleError(f"{path}: a rule file must hold a mapping, got {type(raw).__name__}")
    data = {k: v for k, v in raw.items() if k in _RULE_FIELDS}
    data["params"] = {k: v for k, v in raw.items() if k not in _RULE_FIELDS}
    rel = path.relative_to(root)
    data["family"] = rel.parts[0] if len(rel.parts) > 1 else ""
    data["path"] = str(rel)
    try:
        return Rule.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise RuleError(f"{path}: {problems}") from None


def load_rules_uncached(root: Path) -> list[Rule]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    rules: list[Rule] = []
    seen_codes: dict[str, Path] = {}
    seen_names: dict[str, Path] = {}
    for path in _rule_files(root):
        try:
            raw = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
        except yaml.YAMLError as exc:
            raise RuleError(f"{path}: invalid YAML: {exc}") from None
        rule = parse_rule(raw, path, root)
        if rule.code in seen_codes:
            raise RuleError(f"{path}: code {rule.code} is already used by {seen_codes[rule.code]}")
        if rule.name in seen_names:
            raise RuleError(f"{path}: name {rule.name} is already used by {seen_names[rule.name]}")
        seen_codes[rule.code] = path
        seen_names[rule.name] = path
        rules.append(rule)
    rules.sort(key=lambda r: r.code)
    return rules


def _fingerprint(root: Path, files: list[Path], derived: str = "") -> str:
    """Key of the rules cache: the version, the files' names, sizes and mtimes, and ``derived``
    (the version of whatever else the cache holds), so a change to any of them makes a new one."""
    h = hashlib.blake2b(digest_size=16)
    h.update(__version__.encode())
    h.update(derived.encode())
    h.update(str(root).encode())
    for p in files:
        st = p.stat()
        h.update(f"{p}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def cache_dir() -> Path:
    base = os.environ.get("STORYLINT_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    if base:
        return Path(base) / ("storylint" if "STORYLINT_CACHE_DIR" not in os.environ else "")
    return Path.home() / ".cache" / "storylint"


def load_rules(root: str | None = None) -> tuple[Rule, ...]:
    """All rules under ``root`` (default: the bundled rules), validated, sorted by code."""
    # One cache entry for ``load_rules()`` and ``load_rules(None)`` (the CLI makes the first
    # call, the engine the second): lru_cache alone would keep them apart and load twice.
    return _load_rules(root or None)


@lru_cache(maxsize=8)
def _load_rules(root: str | None) -> tuple[Rule, ...]:
    base = Path(root) if root else rules_dir()
    files = _rule_files(base)
    if (base / "wordlists").is_dir():
        files += sorted((base / "wordlists").glob("*.txt"))
    from .kinds import literals

    # The cache also holds the literal prefilters: a new analysis must not read the old ones
    # (they would all miss, and every start would redo the analysis).
    # (and this loader itself, so that a changed loader in a development tree is not shadowed)
    key = _fingerprint(base, [*files, Path(__file__)], f"literals={getattr(literals, 'ANALYSIS', 0)}")
    # (A pickle may run code when read, so it lives only in the user's own cache folder - the
    # environment's or the home's, never a folder a project's configuration names; the Gherkin
    # result cache, which a project may place, is JSON.)
    cache_file = cache_dir() / f"rules-{key}.pickle"

    try:
        with cache_file.open("rb") as fh:
            cached = pickle.load(fh)
        if isinstance(cached, dict) and isinstance(cached.get("rules"), tuple):
            literals.seed(cached.get("prefixes") or {})
            return cached["rules"]
    except Exception:  # noqa: BLE001 - a missing or stale cache is simply rebuilt
        pass
    rules = tuple(load_rules_uncached(base))
    # Derived data that is costly to recompute on every start: the literal prefilters of
    # every pattern rule (see kinds/literals.py).
    prefixes = literals.analyse_rules(rules)
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache_file.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump({"rules": rules, "prefixes": prefixes}, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache_file)
    except OSError:
        pass
    return rules


load_rules.cache_clear = _load_rules.cache_clear  # type: ignore[attr-defined]
load_rules.cache_info = _load_rules.cache_info  # type: ignore[attr-defined]


_ACTIVE_ROOT: "ContextVar[str | None]" = ContextVar("storylint_rules_root", default=None)
"""Rules folder being compiled (set by the engine around a compilation), so that word lists
come from the same folder. A context variable, not a global: each thread (each concurrent
``review()`` of a server) sees only its own compilation's folder. Kinds that read word lists
after compilation take the folder with :func:`active_root` when they compile."""


def set_active_root(root: str | None) -> str | None:
    previous = _ACTIVE_ROOT.get()
    _ACTIVE_ROOT.set(root)
    return previous


def active_root(root: str | None = None) -> str | None:
    """``root`` if given, else the rules folder being compiled in this thread (None: bundled)."""
    return root or _ACTIVE_ROOT.get()


_COMMENT_RE = re.compile(r"(?:^|\s)#.*$")


def wordlist(name: str, root: str | None = None) -> tuple[str, ...]:
    """Entries of ``rules/wordlists/<name>.txt`` (one per line, ``#`` comments)."""
    return _wordlist(name, root or _ACTIVE_ROOT.get() or str(rules_dir()))


@lru_cache(maxsize=64)
def _wordlist(name: str, root: str) -> tuple[str, ...]:
    path = Path(root) / "wordlists" / f"{name}.txt"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RuleError(f"word list {name!r} not found at {path}: {exc.strerror}") from None
    out = []
    for line in text.splitlines():
        line = _COMMENT_RE.sub("", line).strip()  # "c#", "f#" are entries: a comment starts a line or follows a blank
        if line:
            out.append(line)
    return tuple(out)


def matches(code: str, name: str, selectors: list[str] | tuple[str, ...]) -> int:
    """Length of the longest selector that selects the rule (0 = none). ``ALL`` selects all."""
    best = 0
    for sel in selectors:
        if not sel:
            continue  # (an empty selector selects nothing; config checks report it)
        if sel.upper() == "ALL":
            best = max(best, 1)
        elif sel.lower() == name:  # a name is as specific as its full code
            best = max(best, len(code) + 1)
        elif code.startswith(sel.upper()):  # codes are matched case-insensitively: inv030 = INV030
            best = max(best, len(sel) + 1)
    return best


def select_rules(rules: tuple[Rule, ...] | list[Rule], select: list[str], ignore: list[str]) -> list[Rule]:
    """Ruff-style selection: the more specific of select/ignore wins; ties go to ignore."""
    chosen = []
    for rule in rules:
        s = matches(rule.code, rule.name, select or ["ALL"])
        i = matches(rule.code, rule.name, ignore)
        if s and s > i:
            chosen.append(rule)
    return chosen


def find_rule(rules: tuple[Rule, ...] | list[Rule], key: str) -> Rule | None:
    key_up = key.upper()
    for rule in rules:
        if rule.code == key_up or rule.name == key:
            return rule
    return None


def similar_rules(rules: tuple[Rule, ...] | list[Rule], key: str) -> list[Rule]:
    """Rules that ``key`` may have meant: its code starts with it ("INV03") or its name holds it."""
    key = key.strip()
    if not key:
        return []
    return [r for r in rules if r.code.startswith(key.upper()) or key.lower() in r.name]


def unknown_selectors(rules: tuple[Rule, ...] | list[Rule], selectors: list[str]) -> list[str]:
    out = []
    for sel in selectors:
        if sel.upper() == "ALL":
            continue
        if not sel.strip():
            out.append(repr(sel))  # '' would otherwise read as nothing at all in the message
        elif not any(matches(r.code, r.name, [sel]) for r in rules):
            out.append(sel)
    return out


if sys.version_info < (3, 11):  # pragma: no cover
    raise RuntimeError("storylint needs Python 3.11 or newer")
