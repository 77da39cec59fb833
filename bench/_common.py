"""Shared helpers for the bench scripts (not part of the package)."""

from __future__ import annotations

import os
import platform
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DALPIAZ = Path(os.environ.get("STORYLINT_DALPIAZ", ROOT.parent / "shared" / "data" / "dalpiaz"))


def dalpiaz_files() -> list[Path]:
    files = sorted(DALPIAZ.glob("*.txt"))
    if not files:
        raise SystemExit(f"no Dalpiaz stories found under {DALPIAZ} (set STORYLINT_DALPIAZ)")
    return files


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "cpu": cpu or platform.processor(),
        "cores": os.cpu_count(),
        "platform": platform.platform(),
    }


def pin_one_core() -> int | None:
    """Pin this process to one CPU (Linux); return the core or None."""
    try:
        cores = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cores[-1]})
        return cores[-1]
    except (AttributeError, OSError):
        return None


def emit(result: dict, as_json: bool, lines: list[str]) -> None:
    """Print a benchmark's result: the JSON line alone with --json, else the text lines then it."""
    import json

    if not as_json:
        for line in lines:
            print(line)
    print(json.dumps(result))
