"""Start-up: wall time of ``storylint lint`` on ONE story vs ``python -c pass``.

Both run with the same interpreter (this one). Each command runs ``--repeat`` times after
a warm-up; medians are reported. Also reported: ``python -c "import pydantic, typer, yaml"``
(the floor of what a pydantic/typer CLI costs) and ``storylint --version``.

    python bench/bench_startup.py [--repeat 30] [--json]

Floor (issue 2): lint(1 story) <= 20 x python -c pass.
"""

from __future__ import annotations

import argparse
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


def timeit(cmd: list[str], repeat: int, cwd: str) -> list[float]:
    subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # warm-up
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        out.append(time.perf_counter() - t0)
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
        med = {}
        for name, cmd in cmds.items():
            med[name] = statistics.median(timeit(cmd, args.repeat, tmp))
    base = med["python -c pass"]
    lint = med["storylint lint one.txt"]
    result = {
        "benchmark": "startup",
        "repeat": args.repeat,
        "median_ms": {k: round(v * 1000, 1) for k, v in med.items()},
        "ratio_lint_vs_python": round(lint / base, 1),
        "ratio_lint_jsonl_vs_python": round(med["storylint lint one.txt --format jsonl"] / base, 1),
        "floor_ratio": FLOOR_RATIO,
        "pass": lint / base <= FLOOR_RATIO,
        "machine": machine(),
    }
    lines = [f"  {k:45s} {v * 1000:7.1f} ms  ({v / base:4.1f}x)" for k, v in med.items()]
    lines.append(f"  lint(1 story) / python -c pass = {lint / base:.1f}x; floor {FLOOR_RATIO:.0f}x: {'PASS' if result['pass'] else 'FAIL'}")
    emit(result, args.json, lines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
