"""Start-up: wall time of ``storylint lint`` on ONE story vs ``python -c pass``.

Both run with the same interpreter (this one). Every command runs once as a warm-up, then
the commands take turns for ``--repeat`` rounds (so a change in the machine's load hits all of
them alike); medians of the wall time are reported, and of the CPU time (user + sys) beside
them, which a busy machine disturbs less. Also reported: ``python -c "import pydantic, typer,
yaml"`` (the floor of what a pydantic/typer CLI costs) and ``storylint --version``.

The measured processes run without ``PYTHONDONTWRITEBYTECODE`` (removed from their
environment if set): a pip-installed storylint and its dependencies have their bytecode
compiled at install, so a user's start never recompiles the sources. With the variable set,
an editable install would recompile every changed module of ``src/storylint`` on every start
and the figures would measure the compiler, not storylint. The warm-up run writes the
``.pyc`` files.

    python bench/bench_startup.py [--repeat 30] [--json]

Floor (issue 2): lint(1 story) <= 20 x python -c pass.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine, emit  # noqa: E402

FLOOR_RATIO = 20.0
STORY = "As a visitor, I want to search events by date so that I can plan my weekend.\n"


def run_once(cmd: list[str], cwd: str, env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + sys) of one run of ``cmd``, in seconds."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = 0  # reaped by wait4 above
    return wall, usage.ru_utime + usage.ru_stime


def timeit(cmds: dict[str, list[str]], repeat: int, cwd: str) -> dict[str, tuple[list[float], list[float]]]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for cmd in cmds.values():
        run_once(cmd, cwd, env)  # warm-up; writes the bytecode caches
    out: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in cmds}
    for _ in range(repeat):
        for name, cmd in cmds.items():
            wall, cpu = run_once(cmd, cwd, env)
            out[name][0].append(wall)
            out[name][1].append(cpu)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    py = sys.executable
    exe = Path(py).with_name("storylint")
    storylint = [str(exe)] if exe.exists() else [py, "-m", "storylint"]
    with tempfile.TemporaryDirectory() as tmp:
        story = Path(tmp, "one.txt")
        story.write_text(STORY, encoding="utf-8")
        cmds = {
            "python -c pass": [py, "-c", "pass"],
            "python -c 'import pydantic, typer, yaml'": [py, "-c", "import pydantic, typer, yaml"],
            "storylint --version": storylint + ["--version"],
            "storylint lint one.txt": storylint + ["lint", "one.txt", "--exit-zero"],
            "storylint lint one.txt --format jsonl": storylint + ["lint", "one.txt", "--format", "jsonl", "--exit-zero"],
        }
        times = timeit(cmds, args.repeat, tmp)
    med = {name: statistics.median(wall) for name, (wall, _) in times.items()}
    cpu = {name: statistics.median(c) for name, (_, c) in times.items()}
    base = med["python -c pass"]
    lint = med["storylint lint one.txt"]
    result = {
        "benchmark": "startup",
        "repeat": args.repeat,
        "median_ms": {k: round(v * 1000, 1) for k, v in med.items()},
        "median_cpu_ms": {k: round(v * 1000, 1) for k, v in cpu.items()},
        "ratio_lint_vs_python": round(lint / base, 1),
        "ratio_lint_jsonl_vs_python": round(med["storylint lint one.txt --format jsonl"] / base, 1),
        "floor_ratio": FLOOR_RATIO,
        "pass": lint / base <= FLOOR_RATIO,
        "machine": machine(),
    }
    lines = [f"  {k:45s} {v * 1000:7.1f} ms  ({v / base:4.1f}x)   cpu {cpu[k] * 1000:6.1f} ms" for k, v in med.items()]
    lines.append(f"  lint(1 story) / python -c pass = {lint / base:.1f}x; floor {FLOOR_RATIO:.0f}x: {'PASS' if result['pass'] else 'FAIL'}")
    emit(result, args.json, lines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
