"""Throughput of ``storylint.engine.review()`` on one core over all Dalpiaz stories.

The stories are read once with storylint's own readers (``read_file``); the timed part is
only ``review(stories, config)`` - parsing, every per-story rule, the set-level checks
(uniform, unique, dependencies), suppressions, scores. The rule set is compiled once before
timing (as in a long-running process); the first, cold call is reported separately.

    python bench/bench_review.py [--repeat 15] [--json]

Floor (issue 2): 10,000 stories/s.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import dalpiaz_files, machine, pin_one_core, emit  # noqa: E402

FLOOR = 10_000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=15, help="timed runs (median reported)")
    ap.add_argument("--json", action="store_true", help="print one JSON object only")
    args = ap.parse_args()

    core = pin_one_core()
    from storylint.config import Config
    from storylint.engine import review
    from storylint.models import Story
    from storylint.readers import read_file

    stories, errors = [], []
    for path in dalpiaz_files():
        for item in read_file(path):
            (stories if isinstance(item, Story) else errors).append(item)
    if errors:
        print(f"warning: {len(errors)} input errors", file=sys.stderr)
    config = Config()
    n = len(stories)

    t0 = time.perf_counter()
    first = review(stories, config)
    cold = time.perf_counter() - t0
    findings = first.summary.findings

    times = []
    gc.collect()
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        review(stories, config)
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    result = {
        "benchmark": "review",
        "stories": n,
        "findings": findings,
        "repeat": args.repeat,
        "cold_first_call_s": round(cold, 4),
        "median_s": round(med, 4),
        "min_s": round(min(times), 4),
        "stories_per_s_median": round(n / med),
        "stories_per_s_best": round(n / min(times)),
        "floor_stories_per_s": FLOOR,
        "pass": n / med >= FLOOR,
        "pinned_core": core,
        "machine": machine(),
    }
    emit(result, args.json, [
        f"review(): {n} Dalpiaz stories, {findings} findings, median of {args.repeat} runs",
        f"  median {med * 1000:.1f} ms -> {n / med:,.0f} stories/s (best {n / min(times):,.0f}; cold first call {cold * 1000:.0f} ms)",
        f"  floor {FLOOR:,} stories/s: {'PASS' if result['pass'] else 'FAIL'}",
    ])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
