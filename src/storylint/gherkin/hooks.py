"""The few calls the CLI and the runner make for Gherkin (kept here so that their edits stay
one line each): apply a ``.gherkin-lintrc``, turn the result cache on, prefetch (parse and check
Gherkin documents in a process pool before the engine runs), ``--fix``, and flush the cache."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from ..config import Config
from ..models import Story


def prepare_config(config: Config, lintrc: str | None = None) -> tuple[Config, list[str]]:
    """Apply ``--gherkin-lintrc FILE`` (or the ``gherkin-lintrc`` config key). Returns notes."""
    if not lintrc and not config.gherkin_lintrc:
        return config, []
    from .lintrc import apply_lintrc

    return apply_lintrc(config, lintrc)


def start_cache(config: Config, enabled: bool = True) -> None:
    """Turn the on-disk result cache on (``cache-dir`` config key, else the user cache dir)."""
    from .. import cache

    if enabled:
        directory = config.cache_dir
        if directory and config.path and not Path(directory).is_absolute():
            directory = str(Path(config.path).parent / directory)  # (as gherkin-lintrc: from the config's folder)
        cache.enable(directory)
    else:
        cache.disable()


def before_review(stories: list[Story], config: Config, rules_root: str | None = None) -> None:
    """Parse and check every Gherkin document once, in parallel when there is enough work."""
    if not any(s.gherkin is not None or s.acceptance_criteria for s in stories):
        return
    from ..engine import compile_config
    from .results import prefetch

    prefetch(stories, compile_config(config, rules_root))


def finish() -> None:
    from .. import cache

    cache.flush()


def run_fix(paths: Iterable[str], config: Config) -> list[tuple[str, list[str]]]:
    """``--fix``: rewrite the ``.feature`` files under ``paths`` in place; returns what changed."""
    from ..engine import compile_config
    from ..readers import expand_paths
    from .fix import fix_files, fixable_params

    params = fixable_params(compile_config(config))
    if not params:
        return []
    files = [p for p in expand_paths([x for x in paths if x != "-"], config.exclude, force_exclude=config.force_exclude) if isinstance(p, str)]
    return fix_files(files, params)


__all__ = ["prepare_config", "start_cache", "before_review", "finish", "run_fix"]
