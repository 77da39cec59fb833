#!/bin/sh
# Run every storylint benchmark; figures are printed as text plus one JSON line each.
set -e
cd "$(dirname "$0")/.."
python bench/bench_review.py "$@"
python bench/bench_lint.py
python bench/bench_startup.py
