"""Input readers: bytes on disk -> Story objects (or InputErrors naming file/row/field).

One small interface: ``read(path: str, text: str) -> Iterator[Story | InputError]`` per
format, picked by file suffix. Decoding (BOMs, UTF-8, UTF-16, cp1252) happens once, in
:mod:`storylint.readers.decode`, before any format reader runs.
"""

from __future__ import annotations

import fnmatch
import os
import stat
from importlib import import_module
from pathlib import Path
from typing import Iterable, Iterator

from ..models import InputError, Story
from .decode import DecodeError, decode_bytes

# suffix -> module in this package. Longest suffix wins (".feature.md" before ".md").
READERS: dict[str, str] = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".yaml": "structured",
    ".yml": "structured",
    ".json": "structured",
    ".jsonl": "structured",
    ".ndjson": "structured",
    ".feature": "feature",
    ".feature.md": "feature",
}

Item = Story | InputError


def suffix_of(path: str) -> str | None:
    """The known suffix ``path`` ends with (the longest: ".feature.md" before ".md"), or None."""
    name = path.lower()
    return next((suffix for suffix in sorted(READERS, key=len, reverse=True) if name.endswith(suffix)), None)


def reader_for(path: str) -> str | None:
    suffix = suffix_of(path)
    if suffix is None:
        return None
    module = READERS[suffix]
    try:
        import_module(f"{__name__}.{module}")
    except ModuleNotFoundError as exc:
        if exc.name == f"{__name__}.{module}":
            return None
        raise
    return module


def read_text(path: str, text: str, fmt: str | None = None, *, walked: bool = False) -> Iterator[Item]:
    """Read stories from already-decoded text; ``fmt`` is a reader name or a suffix.

    ``walked``: the file was met while walking a folder, not named. A YAML/JSON/JSONL list that
    is not one of stories then reads as a single file-level error whose message is one of
    ``structured_shapes.NOT_A_STORY_LIST`` (see ``structured_shapes.is_story_list``), for the
    caller to skip it; a named file is always read as stories, row by row."""
    module = fmt if fmt in set(READERS.values()) else reader_for(fmt or path)
    if module is None:
        yield InputError(path=path, message=f"unsupported file type (supported: {', '.join(sorted(READERS))})")
        return
    mod = import_module(f"{__name__}.{module}")
    if module == "structured":
        # YAML, JSON and JSONL share a module that tells them apart by suffix; standard
        # input has no suffix of its own, so pass the one that was asked for.
        yield from mod.read(path, text, suffix=fmt if fmt and fmt.startswith(".") else None, walked=walked)
        return
    yield from mod.read(path, text)


def read_bytes(path: str, data: bytes, fmt: str | None = None, *, walked: bool = False) -> Iterator[Item]:
    try:
        text = decode_bytes(data)
    except DecodeError as exc:
        yield InputError(path=path, message=str(exc))
        return
    yield from read_text(path, text, fmt, walked=walked)


def read_file(path: str | Path, fmt: str | None = None, *, walked: bool = False) -> Iterator[Item]:
    """The stories of one file and an InputError for whatever cannot be read (see read_text
    for ``walked``: the file was found by walking a folder)."""
    p = str(path)
    try:
        with open(p, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        yield InputError(path=p, message=f"cannot read file: {exc.strerror or exc}")
        return
    yield from read_bytes(p, data, fmt, walked=walked)


def _regular(path: str) -> bool:
    """Whether a file met while walking may be read: not a FIFO, socket or device, whose read
    would block or never end. A path that cannot be stat'ed (a broken link) is kept, so that
    reading it reports it. (A FIFO named on the command line is read: ``<(...)``.)"""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True


def source_lines(path: str, data: bytes | None = None) -> list[str] | None:
    """The lines of a story file (of ``data``, when given: standard input) decoded as the
    readers decode it, numbered as findings number them (split at line feeds only, without
    the carriage return of a CRLF file); None when it cannot be read or decoded."""
    if data is None:
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError:
            return None
    try:
        text = decode_bytes(data)
    except DecodeError:
        return None
    return [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]


SKIP_DIRS = {"node_modules", "__pycache__", "venv", "site-packages", "bower_components"}
"""Folders never entered when recursing (besides hidden ones): vendored code, not backlogs."""


SPREADSHEETS = (".csv", ".tsv", ".xlsx", ".xls")


def expand_paths(
    paths: Iterable[str],
    exclude: Iterable[str] = (),
    *,
    mark_found: bool = False,
    seen: set[str] | None = None,
    force_exclude: bool = False,
    spreadsheets: list[str] | None = None,
) -> Iterator[str | InputError | tuple[str, bool]]:
    """Files named on the command line, and supported files found under directories.

    Each file comes once, where it is first met (``lint ex ex/a.md`` or ``lint a.txt a.txt``
    read ``a.md`` / ``a.txt`` once), judged by its resolved path. A caller that expands its
    paths one at a time passes one ``seen`` set to every call.
    With ``mark_found``, yields ``(path, found_by_walking)`` pairs instead of paths.
    ``exclude`` globs apply to what walking finds, and with ``force_exclude`` to named paths too.
    Spreadsheet files that walking meets (``.csv``, ``.tsv``, ``.xlsx``, ``.xls``: a tracker's
    export, which storylint does not read) are appended to ``spreadsheets`` when it is given."""
    excl = list(exclude)
    seen = set() if seen is None else seen

    def excluded(p: str) -> bool:
        base = os.path.basename(p)
        return any(fnmatch.fnmatch(p, g) or fnmatch.fnmatch(base, g) for g in excl)

    def first_time(p: str) -> bool:
        key = os.path.normcase(os.path.realpath(p))
        if key in seen:
            return False
        seen.add(key)
        return True

    for raw in paths:
        p = Path(raw)
        if force_exclude and excl and excluded(os.path.normpath(raw)):
            continue
        if p.is_dir():
            found = []
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(
                    d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS and not excluded(os.path.join(root, d))
                )
                for f in sorted(files):
                    full = os.path.normpath(os.path.join(root, f))
                    if not f.startswith(".") and reader_for(full) and not excluded(full) and _regular(full) and first_time(full):
                        found.append((full, True) if mark_found else full)
                    elif spreadsheets is not None and f.lower().endswith(SPREADSHEETS) and not f.startswith(".") and not excluded(full):
                        spreadsheets.append(full)
            yield from found
        elif p.exists():
            if first_time(raw):
                yield (os.path.normpath(raw), False) if mark_found else os.path.normpath(raw)
        else:
            yield InputError(path=raw, message="no such file or directory")
