"""The public data contract: stories in, reports out.

Everything the CLI, the HTTP API and the formatters exchange is one of these models.
Field names are part of the stable JSON/JSONL contract documented in the README.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["error", "warning", "info"]
Grade = Literal["pass", "warn", "fail"]
FindingSource = Literal["rule", "llm"]

SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}
INVEST_LETTERS = ("I", "N", "V", "E", "S", "T")


class Source(BaseModel):
    """Where a story came from. Lines and columns are 1-based."""

    model_config = ConfigDict(extra="forbid")

    path: str = "<input>"
    line: int | None = None
    """Line where the story starts (a Markdown heading, a YAML item, a text line)."""
    column: int = 1
    row: int | None = None
    """1-based position of the story in its file (row of a list, story number)."""
    text_line: int | None = None
    """Line where ``Story.text`` starts in the file, when it differs from ``line``."""
    text_column: int = 1
    continuation_column: int = 1
    exact_positions: bool = True
    """False when offsets inside ``text`` are not columns of the file one for one (escapes,
    folded YAML): ``text_map`` then places them, and without a map findings point at the
    start of the value instead of a wrong column."""
    exact_ac_positions: bool = True
    """The same for the acceptance criteria."""
    text_map: list[tuple[int, int, int]] | None = None
    """Where the characters of ``text`` are in the file, when ``text_line``/``text_column``/
    ``continuation_column`` cannot say (lines at varying columns, folded YAML, escapes):
    ``(offset, line, column)`` anchors sorted by offset; from one anchor to the next, characters
    follow each other on the anchor's line (see :mod:`storylint.readers.positions`)."""
    text_map_markup: bool = False
    """True when the gaps ``text_map`` leaves after characters are markup the reader dropped
    (Markdown emphasis and code markers: ``**fast**``), not escapes (JSON's ``\"``, one
    character written as two): a hit then ends just past its last character, not past the gap."""
    description_map: list[tuple[int, int, int]] | None = None
    """The same for ``description``."""
    ac_maps: list[list[tuple[int, int, int]] | None] | None = None
    """The same for each acceptance-criteria item (None for an item placed by ``ac_positions``)."""
    holds_criteria: bool = True
    """False when the story's format cannot hold acceptance criteria (a line of a ``.txt``
    backlog): "no acceptance criteria" (INV050) would then be said of every story and could not
    be acted on in that file."""
    estimate_position: tuple[int, int, int] | None = None
    """(line, column, end column) of the estimate's value in the file, when known."""
    estimate_text: str | None = None
    """An estimate that is no size but says the team could not size the story (``?``, ``TBD``),
    as written; the story's ``estimate`` is then None (see readers.estimate.unsized)."""
    depends_positions: list[tuple[int, int]] = Field(default_factory=list)
    """(line, column) where each ``depends_on`` id is written, parallel to the list, when known."""
    description_line: int | None = None
    ac_positions: list[tuple[int, int]] = Field(default_factory=list)
    """(line, column) where each acceptance-criteria item starts, parallel to the list."""
    directives: list[tuple[int, str]] = Field(default_factory=list)
    """File-level ``storylint: disable=...`` comments that apply to every story of the file."""


class Story(BaseModel):
    """One user story as read from any input format."""

    model_config = ConfigDict(extra="forbid")

    id: str
    title: str | None = None
    text: str = ""
    description: str | None = None
    acceptance_criteria: list[str] = Field(default_factory=list)
    estimate: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    """Story points (or any size): a finite number, not negative."""
    labels: list[str] = Field(default_factory=list)
    depends_on: list[str] = Field(default_factory=list)
    gherkin: str | None = None
    """A whole Gherkin document carried by the story (a ``.feature`` file's text)."""
    source: Source = Field(default_factory=Source)


class Finding(BaseModel):
    """One problem found in a story (or across stories, for set-level rules)."""

    model_config = ConfigDict(extra="forbid")

    code: str
    name: str
    severity: Severity
    criteria: list[str] = Field(default_factory=list)
    invest: list[str] = Field(default_factory=list)
    message: str
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    suggestion: str | None = None
    source: FindingSource = "rule"
    related: list[str] = Field(default_factory=list)
    """Ids of the other stories a set-level finding names (duplicates, dependencies)."""
    path: str | None = None
    """Set only when the finding is about a different file than its story's."""


def trusted(cls, data: dict):
    """An instance of model ``cls`` from ``data``, without validation.

    For the engine's hot path only: ``data`` holds every field of ``cls``, in field order, each
    already of its field's type, built from validated parts (a rule, a story, offsets) and
    never shared with another object. This is what pydantic's ``model_construct`` does,
    without its per-field loop for aliases and defaults (about 2 us per finding). Tests
    validate every finding and report built this way (tests/test_trusted_models.py).
    """
    obj = _new(cls)
    _setattr(obj, "__dict__", data)
    # Every field is set, so every instance of ``cls`` can share one set of all its field
    # names: pydantic only ever adds a field's name to it (on assignment), which changes
    # nothing, and copies it for ``model_copy``. (A set of 15 names is ~0.7 KB a finding.)
    fields = _ALL_FIELDS.get(cls)
    if fields is None:
        fields = _ALL_FIELDS[cls] = set(cls.model_fields)
    _setattr(obj, "__pydantic_fields_set__", fields)
    _setattr(obj, "__pydantic_extra__", None)
    _setattr(obj, "__pydantic_private__", None)
    return obj


_new = object.__new__
_setattr = object.__setattr__
_ALL_FIELDS: dict[type, set[str]] = {}


class StoryReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    story: Story
    findings: list[Finding] = Field(default_factory=list)
    score: int = 100
    invest: dict[str, Grade] = Field(default_factory=dict)


class InputError(BaseModel):
    """An item (file, row, field) that could not be read. Nothing read is silently dropped."""

    model_config = ConfigDict(extra="forbid")

    path: str
    message: str
    line: int | None = None
    row: int | None = None
    field: str | None = None

    def describe(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
        if self.row is not None:
            where += f" (row {self.row})"
        if self.field:
            where += f" [field {self.field}]"
        return f"{where}: {self.message}"


class Summary(BaseModel):
    model_config = ConfigDict(extra="forbid")

    stories: int = 0
    findings: int = 0
    by_severity: dict[str, int] = Field(default_factory=dict)
    by_code: dict[str, int] = Field(default_factory=dict)
    errors: int = 0
    mean_score: float | None = None


class BacklogReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reports: list[StoryReport] = Field(default_factory=list)
    set_findings: list[Finding] = Field(default_factory=list)
    errors: list[InputError] = Field(default_factory=list)
    summary: Summary = Field(default_factory=Summary)

    def max_severity(self) -> str | None:
        best = -1
        for report in self.reports:
            for f in report.findings:
                best = max(best, SEVERITY_RANK[f.severity])
        for f in self.set_findings:
            best = max(best, SEVERITY_RANK[f.severity])
        return None if best < 0 else ("info", "warning", "error")[best]
