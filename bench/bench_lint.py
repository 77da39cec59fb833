"""Whole-process ``storylint lint`` on ~20,000 stories in ONE file, ``--format jsonl``.

The file is generated (deterministically, seed 42) from the Dalpiaz stories, read with
storylint's own readers, with variations so that near-duplicate detection has realistic
work: reworded roles, synonyms, dropped/added words, swapped benefit, case changes, and a
few verbatim copies. It goes to ``bench/out/`` (git-ignored), or ``--out DIR``.

The timed part is the whole process: ``storylint lint FILE --format jsonl -o OUT`` run as a
subprocess (start-up, reading, review incl. set-level checks, JSONL writing).

Then, for a split of where the time goes, one fresh process runs the same steps one by one
and times each once: imports, reading (``runner.collect``), ``engine.review`` ("engine"), JSONL
rendering and writing the file (with imports: "rest"; interpreter start and exit are not in
it). One run, so on a busy machine its figures move more than the median. ``--no-split``
skips it.

    python bench/bench_lint.py [--stories 20000] [--repeat 3] [--json] [--no-split]

Floor (issue 2): 5,000 stories/s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, dalpiaz_files, machine, emit  # noqa: E402

FLOOR = 5_000
ROLES = ["user", "admin", "visitor", "manager", "editor", "customer", "data analyst", "developer", "researcher", "staff member"]
SYNONYMS = {
    "view": "see", "see": "view", "create": "add", "add": "create", "delete": "remove", "remove": "delete",
    "edit": "modify", "modify": "edit", "find": "search for", "data": "information", "list": "overview",
    "easily": "quickly", "page": "screen", "file": "document", "report": "summary", "show": "display",
}
FILLERS = ["quickly", "easily", "also", "directly", "always", "again", "online", "securely"]
BENEFITS = ["so that I save time", "so that I can do my job", "so that the data stays correct", "so that I am informed"]


def base_stories() -> list[str]:
    from storylint.models import Story
    from storylint.readers import read_file

    out = []
    for path in dalpiaz_files():
        for item in read_file(path):
            if isinstance(item, Story) and item.text.strip():
                out.append(" ".join(item.text.split()))
    return out


def vary(text: str, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.05:
        return text  # verbatim copy: an exact duplicate
    words = text.split()
    if r < 0.25 and len(words) > 4 and words[0].lower() == "as":
        # new role: "As a <role>," ... keep the rest
        try:
            cut = next(i for i, w in enumerate(words) if w.endswith(","))
            words = ["As", "a", rng.choice(ROLES) + ","] + words[cut + 1 :]
        except StopIteration:
            pass
    n_edits = rng.randint(0, 3)
    for _ in range(n_edits):
        op = rng.random()
        i = rng.randrange(len(words)) if words else 0
        if not words:
            break
        if op < 0.4:
            w = words[i].lower().strip(",.")
            if w in SYNONYMS:
                words[i] = SYNONYMS[w]
        elif op < 0.6 and len(words) > 8:
            del words[i]
        elif op < 0.8:
            words.insert(i, rng.choice(FILLERS))
        else:
            words[i] = words[i].upper() if rng.random() < 0.3 else words[i].lower()
    out = " ".join(words)
    if rng.random() < 0.1 and "so that" in out:
        out = out.split("so that")[0].rstrip(" ,") + ", " + rng.choice(BENEFITS) + "."
    return out


def generate(n: int, path: Path, seed: int = 42) -> int:
    rng = random.Random(seed)
    base = base_stories()
    lines = list(base)
    while len(lines) < n:
        lines.append(vary(rng.choice(base), rng))
    lines = lines[:n]
    rng.shuffle(lines)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def phases(src: Path, dest: Path) -> dict:
    """Seconds per step of a lint, each step timed once in this (fresh) process.

    The cyclic garbage collector is handled as ``storylint`` run as a program handles it: off
    until the report is built, then the objects so far frozen (``cli._resume_gc``)."""
    import gc
    from time import perf_counter as now

    gc.disable()
    t0 = now()
    from storylint.config import Config
    from storylint.engine import review
    from storylint.formatters import render_parts
    from storylint.registry import load_rules
    from storylint.runner import collect

    rules = {r.code: r for r in load_rules()}
    config = Config()
    t1 = now()
    stories, errors = collect([str(src)], config)
    t2 = now()
    report = review(stories, config, errors=errors)
    t3 = now()
    gc.freeze()
    gc.enable()
    parts = list(render_parts("jsonl", report, rules))
    t4 = now()
    with dest.open("w", encoding="utf-8", errors="backslashreplace") as fh:  # as the CLI writes -o
        fh.writelines(parts)
    t5 = now()
    return {"imports": t1 - t0, "read": t2 - t1, "review": t3 - t2, "render": t4 - t3, "write": t5 - t4}


def storylint_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("storylint")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "storylint"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=3, help="timed runs (median reported)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    ap.add_argument("--json", action="store_true", help="print one JSON object only")
    ap.add_argument("--no-split", action="store_true", help="skip the per-step split (engine vs rest)")
    ap.add_argument("--phases-of", type=Path, help=argparse.SUPPRESS)  # internal: the split's child process
    args = ap.parse_args()
    if args.phases_of:
        print(json.dumps(phases(args.phases_of, args.out / "phases.jsonl")))
        return 0

    src = args.out / f"stories-{args.stories}.txt"
    n = generate(args.stories, src)
    dest = args.out / f"stories-{args.stories}.jsonl"
    cmd = storylint_cmd() + ["lint", str(src), "--format", "jsonl", "--exit-zero", "-o", str(dest)]
    env = dict(os.environ)
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)  # warm-up (rule cache, page cache)
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    peak_mb = _children_peak_mb()  # the lint runs are this script's only children so far
    lines = dest.read_text(encoding="utf-8").splitlines()
    codes: dict[str, int] = {}
    for line in lines:
        for f in json.loads(line)["findings"]:
            codes[f["code"]] = codes.get(f["code"], 0) + 1
    split = None
    if not args.no_split:
        out = subprocess.run(
            [sys.executable, __file__, "--phases-of", str(src), "--out", str(args.out)],
            check=True, env=env, capture_output=True, text=True,
        ).stdout
        step = json.loads(out)
        us = {k: round(v / n * 1e6, 1) for k, v in step.items()}
        split = {
            "us_per_story_engine": us["review"],
            "us_per_story_rest": round(sum(v for k, v in step.items() if k != "review") / n * 1e6, 1),
            "us_per_story_steps": us,
        }
    result = {
        "benchmark": "lint-jsonl",
        "stories": n,
        "jsonl_lines": len(lines),
        "findings": sum(codes.values()),
        "set_level_findings": {name: codes.get(code, 0) for code, name in _set_codes().items()},
        "repeat": args.repeat,
        "median_s": round(med, 3),
        "min_s": round(min(times), 3),
        "stories_per_s_median": round(n / med),
        "floor_stories_per_s": FLOOR,
        "pass": n / med >= FLOOR,
        "peak_rss_mb": peak_mb,
        "split": split,
        "command": " ".join(cmd),
        "machine": machine(),
    }
    lines = [
        f"storylint lint --format jsonl: {n} stories in one file, median of {args.repeat} runs",
        f"  median {med:.2f} s -> {n / med:,.0f} stories/s (best {n / min(times):,.0f})",
        f"  floor {FLOOR:,} stories/s: {'PASS' if result['pass'] else 'FAIL'}",
    ]
    if peak_mb is not None:
        lines.append(f"  peak memory of one run (max RSS): {peak_mb:,.0f} MB = {peak_mb * 1e3 / n:.1f} KB per story")
    if split:
        steps = split["us_per_story_steps"]
        lines += [
            f"  one process, step by step, per story: engine {split['us_per_story_engine']:.0f} us"
            f" + rest {split['us_per_story_rest']:.0f} us (" + ", ".join(f"{k} {v:.1f}" for k, v in steps.items() if k != "review") + ")",
        ]
    emit(result, args.json, lines)
    return 0


def _children_peak_mb() -> float | None:
    """The largest resident set of any finished child process, in MB (None where unknown)."""
    try:
        import resource
    except ImportError:  # not on Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # bytes on macOS, KB elsewhere
    return round(peak / (1e6 if sys.platform == "darwin" else 1e3), 1)


def _set_codes() -> dict[str, str]:
    from storylint.registry import load_rules

    return {r.code: r.name for r in load_rules() if r.kind == "set"}


if __name__ == "__main__":
    raise SystemExit(main())
