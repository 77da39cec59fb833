"""Worst cases of the set-level rules: backlogs where every story is a near-duplicate
(US042) or an exact copy (US041) of every other one.

For each case one file is generated and one ``storylint lint FILE --format jsonl --select
US041,US042 -o OUT`` process is timed (wall clock, and its peak RSS from ``wait4``):

- ``similar``: n stories from one template, "As a <role>, I want to export report <N> as PDF
  so that the <word> team can review it offline.", where <word> is a made-up word of its own
  for each story: all n stories are near-duplicates of each other (6 of 8 content words in
  common, the same means), and no two have the same content words, so each is its own entry
  of the similarity search - the quadratic case of any all-pairs search;
- ``identical``: n copies of one story (US041; US042 searches the text once).

The other rules are left out (``--select``) so the time is the set-level rules' plus a fixed
cost per story (reading, parsing, writing). Nothing here asserts a time.

    python bench/bench_sets.py [--sizes 1000,3000,10000] [--cases similar,identical] [--json]
                               [--timeout 600]

``PYTHONPATH=/other/tree/src python bench/bench_sets.py`` measures another tree (a
``git worktree``) with the same script.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, emit, machine  # noqa: E402

ROLES = ["user", "manager", "clerk", "admin", "analyst"]
ONSETS = "b d f g k l m n p r s t v z".split()
VOWELS = "a o u".split()


def made_up_word(i: int) -> str:
    """A distinct pronounceable non-word for each ``i`` ('bab', 'bad', ...): three syllables
    and a closing consonant, 14*3*14*3*14*3*14 > 10^6 words; none is an English word a
    stemmer would fold into another."""
    out = []
    for _ in range(3):
        i, c = divmod(i, len(ONSETS))
        i, v = divmod(i, len(VOWELS))
        out.append(ONSETS[c] + VOWELS[v])
    return "".join(out) + ONSETS[i % len(ONSETS)]


def similar_stories(n: int) -> list[str]:
    return [
        f"As a {ROLES[i % len(ROLES)]}, I want to export report {i + 1} as PDF"
        f" so that the {made_up_word(i)} team can review it offline."
        for i in range(n)
    ]


def identical_stories(n: int) -> list[str]:
    return ["As a user, I want to export the monthly report as PDF so that I can review it offline."] * n


CASES = {"similar": similar_stories, "identical": identical_stories}


def storylint_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("storylint")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "storylint"]


def run_case(case: str, n: int, out: Path, timeout: float) -> dict:
    src = out / f"sets-{case}-{n}.txt"
    dest = out / f"sets-{case}-{n}.jsonl"
    src.parent.mkdir(parents=True, exist_ok=True)
    src.write_text("\n".join(CASES[case](n)) + "\n", encoding="utf-8")
    cmd = storylint_cmd() + ["lint", str(src), "--format", "jsonl", "--select", "US041,US042", "--exit-zero", "-o", str(dest)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    deadline = t0 + timeout
    status = None
    while status is None:
        pid, code, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            status = code
            break
        if time.perf_counter() > deadline:
            proc.kill()
            os.wait4(proc.pid, 0)
            return {"case": case, "stories": n, "timed_out": True, "seconds": None, "peak_rss_mb": None}
        time.sleep(0.005)
    seconds = time.perf_counter() - t0
    if status != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({status})")
    peak = usage.ru_maxrss / (1e6 if sys.platform == "darwin" else 1e3)
    codes: dict[str, int] = {}
    named_more = 0
    for line in dest.read_text(encoding="utf-8").splitlines():
        for f in json.loads(line)["findings"]:
            codes[f["code"]] = codes.get(f["code"], 0) + 1
            named_more += f["code"] == "US042" and " more" in f["message"]
    return {
        "case": case,
        "stories": n,
        "timed_out": False,
        "seconds": round(seconds, 3),
        "us_per_story": round(seconds / n * 1e6),
        "peak_rss_mb": round(peak, 1),
        "findings": codes,
        "output_mb": round(dest.stat().st_size / 1e6, 2),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,3000,10000")
    ap.add_argument("--cases", default="similar,identical")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    ap.add_argument("--timeout", type=float, default=600, help="seconds before one run is given up")
    ap.add_argument("--json", action="store_true", help="print one JSON object only")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    cases = args.cases.split(",")
    rows = [run_case(case, n, args.out, args.timeout) for case in cases for n in sizes]
    lines = [
        "storylint lint --select US041,US042 --format jsonl, one process per row",
        f"{'case':<10} {'stories':>8} {'seconds':>9} {'us/story':>9} {'peak MB':>8} {'US041':>7} {'US042':>7} {'out MB':>7}",
    ]
    for r in rows:
        if r["timed_out"]:
            lines.append(f"{r['case']:<10} {r['stories']:>8,} {'>' + str(int(args.timeout)) + ' s':>9}")
            continue
        f = r["findings"]
        lines.append(
            f"{r['case']:<10} {r['stories']:>8,} {r['seconds']:>9.2f} {r['us_per_story']:>9,} {r['peak_rss_mb']:>8.0f}"
            f" {f.get('US041', 0):>7,} {f.get('US042', 0):>7,} {r['output_mb']:>7.2f}"
        )
    result = {"benchmark": "set-rules-worst-case", "rows": rows, "command": " ".join(storylint_cmd()), "machine": machine()}
    emit(result, args.json, lines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
