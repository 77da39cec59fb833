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
    """What ran the benchmark, with ``python_c_pass_ms``: the median wall time of
    ``python -c pass`` (same interpreter) measured just now, a yardstick for how fast this
    machine is at this moment (the issue's figures were set where it takes about 8 ms)."""
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
        "python_c_pass_ms": _python_c_pass_ms(),
    }


def _python_c_pass_ms(repeat: int = 15) -> float:
    import statistics
    import subprocess
    import sys
    import time

    times = []
    for _ in range(repeat + 1):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=False)
        times.append(time.perf_counter() - t0)
    return round(statistics.median(times[1:]) * 1000, 1)


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
        yardstick = result.get("machine", {}).get("python_c_pass_ms")
        if yardstick:
            print(f"  this machine now: python -c pass = {yardstick} ms (where the floors were set: about 8 ms)")
    print(json.dumps(result))
