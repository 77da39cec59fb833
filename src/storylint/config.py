"""Configuration: ``[tool.storylint]`` in pyproject.toml or a ``storylint.toml``.

Discovery walks upward from the current directory and takes the first file that holds
storylint settings. Keys may be written with dashes or underscores.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError


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
    gherkin_lintrc: str | None = Field(None, alias="gherkin-lintrc")
    cache_dir: str | None = Field(None, alias="cache-dir")
    path: str | None = Field(None, exclude=True)
    """The file this configuration came from (None: defaults)."""

    def selectors(self) -> tuple[list[str], list[str]]:
        select = (self.select or ["ALL"]) + self.extend_select
        return select, self.ignore + self.extend_ignore

    def fingerprint(self) -> str:
        return self.model_dump_json(exclude={"path"})


def _normalise(data: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in data.items():
        key = k.replace("_", "-")
        if key in ("rule-options", "per-file-ignores"):
            out[key] = v
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
    return cfg


def load_config_file(path: Path) -> Config:
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
            try:
                data = tomllib.loads(py.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
                continue
            if "storylint" in data.get("tool", {}):
                return load_config_file(py)
    return Config()
