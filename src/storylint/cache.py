"""A ruff-style result cache for warm runs over unchanged files.

One cache file per Gherkin document (a ``.feature`` file or an AC block), named by the hash of
the document's text; inside, the results of every rule that ran on it, keyed by the rule's
fingerprint (code + options + word lists). The storylint version names the cache folder, so an
upgrade never reads old results. Results depend on content and rule configuration only (rules
that depend on a file's path, such as ``file-name``, are never cached).

Safe under concurrent runs: every write goes to a temporary file that is then ``os.replace``d
into place, so a reader sees either the old or the new entry, never half of one; two runs
writing the same entry simply race to the same content.

The cache is off unless a caller turns it on (the CLI does, unless ``--no-cache``); the pure
engine never touches the disk.
"""

from __future__ import annotations

import atexit
import os
import pickle
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
        self._stored: set[str] = set()
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.pickle"

    def load(self, key: str) -> dict[str, Any] | None:
        try:
            with self._path(key).open("rb") as fh:
                data = pickle.load(fh)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError):
            self.misses += 1
            return None
        if not isinstance(data, dict) or data.get("version") != __version__ or not isinstance(data.get("rules"), dict):
            self.misses += 1
            return None
        self.hits += 1
        return data["rules"]

    def mark(self, key: str, entry: dict[str, Any]) -> None:
        """Remember that an entry changed; :meth:`flush` writes it."""
        self._dirty[key] = entry

    def store(self, key: str, entry: dict[str, Any]) -> None:
        import tempfile  # only a run that has something to store needs it

        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{key}.", suffix=".tmp", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as fh:
                    pickle.dump({"version": __version__, "rules": entry}, fh, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, path)
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
        except OSError:
            pass  # a read-only or full disk only costs speed

    def flush(self) -> int:
        dirty, self._dirty = self._dirty, {}
        for key, entry in dirty.items():
            self.store(key, entry)
        return len(dirty)

    def clear(self) -> None:
        import shutil

        shutil.rmtree(self.root, ignore_errors=True)


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
