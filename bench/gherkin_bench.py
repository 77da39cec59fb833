#!/usr/bin/env python3
"""Benchmark: storylint's Gherkin rules vs gherkin-lint 4.2.4 on 40 copies of very_long.feature.

    python bench/gherkin_bench.py [--copies 40] [--runs 5] [--json out.json]

What it does:

1. installs gherkin-lint 4.2.4 from npm into a temporary folder (reused between runs; not a
   project dependency) -- needs ``node`` and ``npm`` on PATH;
2. writes the corpus: ``--copies`` copies of ``tests/gherkin/good/very_long.feature`` as
   separate files, twice: identical copies (the issue's corpus) and distinct copies (a comment
   line with the copy number appended, so no two files share a content hash -- the worst case
   for storylint, which otherwise checks identical content once);
3. writes one ``.gherkin-lintrc`` that turns on every gherkin-lint rule that applies to the
   corpus and runs gherkin-lint with it, and storylint with ``--gherkin-lintrc`` of the same
   file and ``--select`` of exactly the translated rules ("same rules where equivalent");
4. times whole processes (wall clock, median of ``--runs``): gherkin-lint; storylint cold
   (empty cache folder: rules, parse and checks from scratch, cache written); storylint with
   ``--no-cache``; storylint warm (same cache folder, unchanged files).

Output goes to a temporary file for every tool; finding counts are printed as a sanity check.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tests" / "gherkin" / "good" / "very_long.feature"
GHL_VERSION = "4.2.4"

LINTRC = {
    "allowed-tags": "off",
    "file-name": "off",
    "indentation": ["on", {"Feature": 0, "Background": 2, "Scenario": 2, "Step": 4, "Examples": 4, "example": 6}],
    "keywords-in-logical-order": "on",
    "max-scenarios-per-file": ["on", {"maxScenarios": 10, "countOutlineExamples": True}],
    "name-length": ["on", {"Feature": 70, "Rule": 70, "Step": 70, "Scenario": 70}],
    "new-line-at-eof": ["on", "yes"],
    "no-background-only-scenario": "on",
    "no-dupe-feature-names": "on",
    "no-dupe-scenario-names": ["on", "in-feature"],
    "no-duplicate-tags": "on",
    "no-empty-background": "on",
    "no-empty-file": "on",
    "no-examples-in-scenarios": "on",
    "no-files-without-scenarios": "on",
    "no-homogenous-tags": "on",
    "no-multiple-empty-lines": "on",
    "no-partially-commented-tag-lines": "on",
    "no-restricted-patterns": ["on", {"Global": ["^globally restricted pattern"]}],
    "no-restricted-tags": ["on", {"tags": ["@watch", "@wip"]}],
    "no-scenario-outlines-without-examples": "on",
    "no-superfluous-tags": "on",
    "no-trailing-spaces": "on",
    "no-unnamed-features": "on",
    "no-unnamed-scenarios": "on",
    "no-unused-variables": "on",
    "one-space-between-tags": "on",
    "only-one-when": "on",
    "required-tags": "off",
    "scenario-size": ["on", {"steps-length": {"Background": 15, "Scenario": 15}}],
    "use-and": "on",
}


def install_gherkin_lint() -> Path:
    base = Path(tempfile.gettempdir()) / f"storylint-bench-gherkin-lint-{GHL_VERSION}"
    main = base / "node_modules" / "gherkin-lint" / "dist" / "main.js"
    if main.is_file():
        return main
    if not shutil.which("npm") or not shutil.which("node"):
        sys.exit("node and npm are needed to install gherkin-lint for the comparison")
    base.mkdir(parents=True, exist_ok=True)
    (base / "package.json").write_text('{"name": "bench", "version": "0.0.0", "private": true}\n')
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--ignore-scripts", f"gherkin-lint@{GHL_VERSION}"],
        cwd=base, check=True, stdout=subprocess.DEVNULL,
    )
    return main


def write_corpus(folder: Path, copies: int, distinct: bool) -> None:
    text = SOURCE.read_text(encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(1, copies + 1):
        body = text + (f"# copy {i}\n" if distinct else "")
        (folder / f"very_long_{i:02d}.feature").write_text(body, encoding="utf-8")


CPU: dict[str, list[float]] = {}


def timed(cmd: list[str], env: dict[str, str] | None = None, cwd: Path | None = None, label: str = "") -> tuple[float, subprocess.CompletedProcess]:
    """Wall-clock seconds of one process; its CPU seconds (user + sys, children included) go to CPU[label]."""
    import resource

    # Output goes to a file, not a pipe: node exits (process.exit) before flushing a pipe.
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        code = subprocess.run(cmd, env=env, cwd=cwd, stdout=out, stderr=err).returncode
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        proc = subprocess.CompletedProcess(cmd, code, out.read(), err.read())
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.setdefault(label, []).append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return wall, proc


def storylint_cmd(corpus: Path, rc: Path, select: list[str], *extra: str) -> list[str]:
    return [sys.executable, "-m", "storylint", "lint", str(corpus), "--gherkin-lintrc", str(rc), "--select", ",".join(select),
            "--format", "json", "--exit-zero", *extra]


def count_storylint(out: str) -> int:
    try:
        return int(json.loads(out)["summary"]["findings"])
    except Exception:  # noqa: BLE001
        return -1


def count_ghl(err: str) -> int:
    import re

    plain = re.sub(r"\x1b\[[0-9;]*m", "", err)
    return sum(1 for line in plain.splitlines() if line.startswith("  ") and line.strip()[:1].isdigit())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=40)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    args = ap.parse_args()

    sys.path.insert(0, str(ROOT / "src"))
    from storylint.gherkin.lintrc import translate

    ghl = install_gherkin_lint()
    on, _off, _opts, _notes = translate(LINTRC)
    select = ["GHK001", *on]
    work = Path(tempfile.mkdtemp(prefix="storylint-gherkin-bench-"))
    rc = work / ".gherkin-lintrc"
    rc.write_text(json.dumps(LINTRC, indent=2))
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""), NO_COLOR="1")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # measure as users run it: with cached bytecode
    subprocess.run([sys.executable, "-m", "storylint", "--version"], env=env, stdout=subprocess.DEVNULL, check=True)
    figures: dict[str, dict[str, float]] = {}
    try:
        for label, distinct in (("identical copies", False), ("distinct copies", True)):
            corpus = work / label.replace(" ", "-")
            write_corpus(corpus, args.copies, distinct)
            lines = sum(p.read_text().count("\n") for p in corpus.glob("*.feature"))
            rows: dict[str, list[float]] = {"gherkin-lint": [], "storylint cold": [], "storylint --no-cache": [], "storylint warm": []}
            counts: dict[str, int] = {}
            for run in range(args.runs):
                t, p = timed(["node", str(ghl), "-c", str(rc), *sorted(str(x) for x in corpus.glob("*.feature"))], cwd=work, label=label + "gherkin-lint")
                rows["gherkin-lint"].append(t)
                counts["gherkin-lint"] = count_ghl(p.stderr + p.stdout)
                cache = work / f"cache-{label.replace(' ', '-')}-{run}"
                cenv = dict(env, STORYLINT_CACHE_DIR=str(cache))
                t, p = timed(storylint_cmd(corpus, rc, select), env=cenv, label=label + "storylint cold")
                if p.returncode not in (0, 1):
                    sys.exit(f"storylint failed: {p.stderr}")
                rows["storylint cold"].append(t)
                counts["storylint"] = count_storylint(p.stdout)
                t, p = timed(storylint_cmd(corpus, rc, select), env=cenv, label=label + "storylint warm")
                rows["storylint warm"].append(t)
                counts["storylint warm"] = count_storylint(p.stdout)
                t, p = timed(storylint_cmd(corpus, rc, select, "--no-cache"), env=cenv, label=label + "storylint --no-cache")
                rows["storylint --no-cache"].append(t)
            med = {k: statistics.median(v) for k, v in rows.items()}
            figures[label] = med
            base = med["gherkin-lint"]
            load = os.getloadavg()[0]
            print(f"\n{args.copies} {label} of very_long.feature ({lines} lines), median of {args.runs} runs, {os.cpu_count()} cores, load {load:.2f}")
            for k, v in med.items():
                cpu = statistics.median(CPU.get(label + k, [0.0]))
                print(f"  {k:22s} {v:6.3f} s wall  {base / v:4.1f}x gherkin-lint   ({cpu:5.2f} s CPU)")
            print(f"  findings: {counts}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
