"""Labelled eval cases: ``eval/cases/<suite>/*.yaml``. Loading and validation.

A case file holds ``cases:`` (a list) and optionally ``source:`` (the default source of its
cases), ``description:`` and ``defs:`` (ignored; a place for YAML anchors such as shared label lists). One case::

    - id: atomic-and-two-verbs            # unique across the suite
      rationale: two actions joined by 'and' in the means   # one line, printed when it fails
      source: hand                          # hand | dalpiaz:<file>:<line> | qus-examples
      story: "As a user, I want to ..."     # or a Story mapping (text, acceptance_criteria, ...)
      # stories: [...]                      # several stories, for set-level rules
      # feature: "Feature: ..."             # a Gherkin document (Story.gherkin)
      expect: {fire: [US010, atomic], not_fire: [US020]}   # rule codes or QUS criteria
      llm: {split_min_children: 2}          # expectations for a future LLM pass (kept, not scored)

Exactly one of ``story``, ``stories``, ``feature``. Every error names the file, the case
(index and id) and the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from pydantic import ValidationError

from ..models import Source, Story
from . import EvalError

CODE_RE = re.compile(r"^[A-Z]{2,5}\d{3}$")
CASE_KEYS = {"id", "rationale", "source", "story", "stories", "feature", "expect", "llm", "tags"}
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$")


@dataclass(slots=True)
class Case:
    id: str
    rationale: str
    stories: list[Story]
    fire: list[str]
    not_fire: list[str]
    file: str
    index: int
    source: str = "hand"
    llm: dict[str, Any] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)

    @property
    def where(self) -> str:
        return f"{self.file} (case {self.index + 1}, id {self.id})"


def _fail(file: str, index: int | None, case_id: str | None, fld: str | None, message: str) -> EvalError:
    where = file
    if index is not None:
        where += f" (case {index + 1}" + (f", id {case_id}" if case_id else "") + ")"
    if fld:
        where += f" [field {fld}]"
    return EvalError(f"{where}: {message}")


def _story(value: Any, story_id: str, path: str, row: int, err) -> Story:
    if isinstance(value, str):
        return Story(id=story_id, text=value, source=Source(path=path, line=1, row=row))
    if not isinstance(value, dict):
        raise err(f"a story must be a string or a mapping, got {type(value).__name__}")
    data = dict(value)
    data.setdefault("id", story_id)
    data.setdefault("source", {"path": path, "line": 1, "row": row})
    try:
        return Story.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise err(problems) from None


def _labels(value: Any, err) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise err("must be a list of rule codes or QUS criteria")
    return [v.strip() for v in value]


def parse_case(raw: Any, file: str, index: int, default_source: str = "hand") -> Case:
    if not isinstance(raw, dict):
        raise _fail(file, index, None, None, f"a case must be a mapping, got {type(raw).__name__}")
    cid = raw.get("id")
    if not isinstance(cid, str) or not ID_RE.match(cid):
        raise _fail(file, index, None, "id", f"missing or invalid id {cid!r} (letters, digits, - _ . :)")
    unknown = sorted(set(raw) - CASE_KEYS)
    if unknown:
        raise _fail(file, index, cid, unknown[0], f"unknown field; known: {', '.join(sorted(CASE_KEYS))}")
    rationale = raw.get("rationale")
    if not isinstance(rationale, str) or not rationale.strip() or "\n" in rationale.strip():
        raise _fail(file, index, cid, "rationale", "a one-line rationale is required")
    given = [k for k in ("story", "stories", "feature") if k in raw]
    if len(given) != 1:
        raise _fail(file, index, cid, "story", "give exactly one of story, stories, feature")
    kind = given[0]
    base = f"eval/{cid}"

    def err_for(fld: str):
        return lambda msg: _fail(file, index, cid, fld, msg)

    if kind == "story":
        stories = [_story(raw["story"], cid, base + ".txt", 1, err_for("story"))]
    elif kind == "stories":
        items = raw["stories"]
        if not isinstance(items, list) or len(items) < 1:
            raise _fail(file, index, cid, "stories", "must be a non-empty list")
        stories = [_story(v, f"{cid}#{i + 1}", base + ".txt", i + 1, err_for(f"stories[{i}]")) for i, v in enumerate(items)]
        # (ids may repeat: a backlog with a repeated id is real input, and US044 reports it)
    else:
        text = raw["feature"]
        if not isinstance(text, str) or not text.strip():
            raise _fail(file, index, cid, "feature", "must be the text of a Gherkin document")
        stories = [Story(id=cid, gherkin=text, source=Source(path=base + ".feature", line=1, row=1))]
    expect = raw.get("expect")
    if not isinstance(expect, dict):
        raise _fail(file, index, cid, "expect", "a mapping with fire and/or not_fire is required")
    bad = sorted(set(expect) - {"fire", "not_fire"})
    if bad:
        raise _fail(file, index, cid, f"expect.{bad[0]}", "unknown key; use fire and not_fire")
    fire = _labels(expect.get("fire"), err_for("expect.fire"))
    not_fire = _labels(expect.get("not_fire"), err_for("expect.not_fire"))
    if not fire and not not_fire:
        raise _fail(file, index, cid, "expect", "expects nothing: list codes under fire or not_fire")
    both = sorted(set(fire) & set(not_fire))
    if both:
        raise _fail(file, index, cid, "expect", f"{', '.join(both)} both in fire and not_fire")
    llm = raw.get("llm") or {}
    if not isinstance(llm, dict):
        raise _fail(file, index, cid, "llm", "must be a mapping (expectations for the LLM pass)")
    source = raw.get("source", default_source)
    if not isinstance(source, str):
        raise _fail(file, index, cid, "source", "must be a string")
    tags = _labels(raw.get("tags"), err_for("tags"))
    return Case(cid, rationale.strip(), stories, fire, not_fire, file, index, source, llm, tags)


def load_file(path: Path) -> list[Case]:
    import yaml

    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalError(f"{name}: cannot read: {exc}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise EvalError(f"{name}: invalid YAML: {exc}") from None
    if data is None:
        return []
    if isinstance(data, list):
        data = {"cases": data}
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        raise EvalError(f"{name}: a case file holds a mapping with a 'cases' list")
    extra = sorted(set(data) - {"cases", "source", "description", "defs"})
    if extra:
        raise EvalError(f"{name} [field {extra[0]}]: unknown top-level field; known: cases, source, description, defs (YAML anchors)")
    default_source = data.get("source", "hand")
    return [parse_case(raw, name, i, default_source) for i, raw in enumerate(data["cases"])]


def load_suite(folder: Path) -> list[Case]:
    """All cases under ``folder`` (``*.yaml`` / ``*.yml``), ids unique across the suite."""
    if not folder.is_dir():
        raise EvalError(f"{folder}: no such case folder")
    cases: list[Case] = []
    seen: dict[str, Case] = {}
    for path in sorted([*folder.rglob("*.yaml"), *folder.rglob("*.yml")]):
        for case in load_file(path):
            if case.id in seen:
                raise EvalError(f"{case.where}: duplicate id, first used in {seen[case.id].where}")
            seen[case.id] = case
            cases.append(case)
    return cases


def validate_labels(cases: Iterable[Case], codes: set[str], criteria: set[str]) -> None:
    """Every label must be a known rule code or QUS criterion."""
    for case in cases:
        for fld, labels in (("expect.fire", case.fire), ("expect.not_fire", case.not_fire)):
            for label in labels:
                if label in codes or label in criteria:
                    continue
                hint = "unknown rule code" if CODE_RE.match(label) else "unknown rule code or QUS criterion"
                raise _fail(case.file, case.index, case.id, fld, f"{hint} {label!r}")
