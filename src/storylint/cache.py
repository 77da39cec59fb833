"""A ruff-style result cache for warm runs over unchanged files.

One cache file per Gherkin document (a ``.feature`` file or an AC block), named by the hash of
the document's text; inside, the results of every rule that ran on it, keyed by the rule's
fingerprint (code + options + word lists). The storylint version names the cache folder, so an
upgrade never reads old results. Results depend on content and rule configuration only (rules
that depend on a file's path, such as ``file-name``, are never cached).

Safe under concurrent runs: every write goes to a temporary file that is then ``os.replace``d
into place, so a reader sees either the old or the new entry, never half of one; two runs
writing the same entry simply race to the same content.

Safe with untrusted folders: the cache folder may come from a project's own configuration
(``cache-dir``), so a repository under review could ship files named like cache entries. An
entry is therefore JSON, never pickle (reading it cannot run code), and its shape is checked
before use: anything else is a miss. A forged entry can only forge findings about that
repository's own text, which its author controls anyway.

The cache is off unless a caller turns it on (the CLI does, unless ``--no-cache``); the pure
engine never touches the disk.
"""

from __future__ import annotations

import atexit
import json
import os
import threading
from pathlib import Path
from typing import Any

from . import __version__

_ACTIVE: "ResultCache | None" = None


def default_dir() -> Path:
    from .registry import cache_dir

    return cache_dir()


class ResultCache:
    def __init__(self, directory: str | Path | None = None) -> None:
        base = Path(directory) if directory else default_dir()
        self.root = base / f"results-{__version__}"
        self._dirty: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()  # (concurrent reviews mark entries while one flushes)
        self._stored: set[str] = set()
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def load(self, key: str) -> dict[str, Any] | None:
        try:
            with self._path(key).open("rb") as fh:
                data = json.load(fh)
        except (OSError, ValueError, RecursionError):  # (a JSON or Unicode error is a ValueError)
            data = None
        rules = data.get("rules") if isinstance(data, dict) and data.get("version") == __version__ else None
        if not _valid_rules(rules):
            self.misses += 1
            return None
        self.hits += 1
        return rules

    def mark(self, key: str, entry: dict[str, Any]) -> None:
        """Remember that an entry changed; :meth:`flush` writes it."""
        with self._lock:
            self._dirty[key] = entry

    def store(self, key: str, entry: dict[str, Any]) -> None:
        import tempfile  # only a run that has something to store needs it

        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{key}.", suffix=".tmp", dir=path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    json.dump({"version": __version__, "rules": entry}, fh, ensure_ascii=False, separators=(",", ":"))
                os.replace(tmp, path)
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
        except (OSError, TypeError, ValueError):
            pass  # a read-only or full disk only costs speed (and a value JSON cannot hold: a miss next time)

    def flush(self) -> int:
        with self._lock:
            dirty, self._dirty = self._dirty, {}
        for key, entry in dirty.items():
            self.store(key, entry)
        return len(dirty)

    def clear(self) -> None:
        import shutil

        shutil.rmtree(self.root, ignore_errors=True)


def _pos(v: Any, optional: bool = False) -> bool:
    """A document line or column: an int >= 1 (a column may be None: no column)."""
    if v is None:
        return optional
    return isinstance(v, int) and not isinstance(v, bool) and v >= 1


def _valid_name(v: Any) -> bool:
    """A name of the names pseudo-rule: ``[name, line, column, end line, end column]``."""
    return isinstance(v, list) and len(v) == 5 and isinstance(v[0], str) and all(_pos(x) for x in v[1:])


def _valid_names(names: dict[str, Any]) -> bool:
    feature, scenarios = names.get("feature"), names.get("scenarios")
    return (
        set(names) == {"feature", "scenarios"}
        and (feature is None or _valid_name(feature))
        and isinstance(scenarios, list)
        and all(_valid_name(x) for x in scenarios)
    )


def _valid_hit(hit: Any) -> bool:
    """``[line, column, values]``; ``values["_end"]``, if there, is None or ``[end line, end column]``."""
    if not (isinstance(hit, list) and len(hit) == 3 and _pos(hit[0]) and _pos(hit[1], True) and isinstance(hit[2], dict)):
        return False
    end = hit[2].get("_end")
    return end is None or (isinstance(end, list) and len(end) == 2 and all(_pos(x) for x in end))


def _valid_rules(rules: Any) -> bool:
    """Whether a loaded entry has the shape the Gherkin rules wrote: per rule fingerprint,
    either a list of ``[line, column, values]`` hits or (the names pseudo-rule) a dict of
    names. Anything else (a forged or damaged file) is a miss: a cache entry must never be
    able to crash a run."""
    if not isinstance(rules, dict):
        return False
    for fp, hits in rules.items():
        if isinstance(hits, dict):
            if not _valid_names(hits):
                return False
            continue
        if not isinstance(hits, list):
            return False
        if not all(_valid_hit(hit) for hit in hits):
            return False
    return True


def enable(directory: str | Path | None = None) -> ResultCache:
    """Turn the on-disk cache on for this process (idempotent for the same directory)."""
    global _ACTIVE
    if _ACTIVE is None or (directory and Path(directory) / f"results-{__version__}" != _ACTIVE.root):
        if _ACTIVE is not None:
            _ACTIVE.flush()
        _ACTIVE = ResultCache(directory)
        atexit.register(flush)
    return _ACTIVE


def disable() -> None:
    global _ACTIVE
    if _ACTIVE is not None:
        _ACTIVE.flush()
    _ACTIVE = None


def active() -> ResultCache | None:
    return _ACTIVE


def flush() -> int:
    return _ACTIVE.flush() if _ACTIVE is not None else 0
