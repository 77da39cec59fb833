"""Could ANY text-based detector reach atomic F1 0.65 on UStAI? A learned upper bound.

Trains a classifier on UStAI's own atomic labels - word 1-3-grams of the means and 1-2-grams of
the ends (storylint's parser splits them), TF-IDF, class-weighted logistic regression - and
scores it on stories it was not trained on, in 5 folds:

- by abstract: the folds hold different abstracts (new domains, as a linter meets them);
- random: stratified folds, the same abstracts on both sides (easier).

The decision threshold is chosen on the test folds themselves, so the figures are optimistic.
A rule set written by hand has less to go on than this model, which sees every label.

    pip install scikit-learn    # (measurement only: not a storylint dependency)
    python eval/scripts/ustai_atomic_learned_bound.py [../shared/data/ustai-annotated.csv]

Reads the CSV only (nothing of it is stored here); prints F1 per fold scheme and strength C.
"""

from __future__ import annotations

import csv
import sys

from storylint.parse import parse_story


def main(path: str) -> None:
    try:
        import numpy as np
        from sklearn.compose import ColumnTransformer
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.metrics import f1_score
        from sklearn.model_selection import (
            GroupKFold,
            StratifiedKFold,
            cross_val_predict,
        )
        from sklearn.pipeline import make_pipeline
    except ImportError:
        sys.exit("this script needs scikit-learn: pip install scikit-learn")

    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    data: list[list[str]] = []
    for r in rows:
        p = parse_story(r["User story"])
        data.append([p.means.text if p.means else r["User story"], p.ends.text if p.ends else ""])
    gold = [r["atomic"] == "conjunctions" for r in rows]
    abstracts = [r["Abstract"] for r in rows]
    print(f"{len(rows)} stories, {sum(gold)} labelled 'conjunctions'")
    schemes = [
        ("by abstract", GroupKFold(n_splits=5), abstracts),
        ("random", StratifiedKFold(n_splits=5, shuffle=True, random_state=0), None),
    ]
    thresholds = [t / 100 for t in range(20, 80, 5)]
    for name, cv, groups in schemes:
        for c in (0.3, 1.0, 3.0, 10.0):
            features = ColumnTransformer(
                [("means", TfidfVectorizer(ngram_range=(1, 3), min_df=2), 0), ("ends", TfidfVectorizer(ngram_range=(1, 2), min_df=2), 1)]
            )
            model = make_pipeline(features, LogisticRegression(C=c, class_weight="balanced", max_iter=2000))
            proba = cross_val_predict(model, np.array(data, dtype=object), gold, groups=groups, cv=cv, method="predict_proba")[:, 1]
            f1, t = max((f1_score(gold, [p > t for p in proba]), t) for t in thresholds)
            print(f"  folds {name:12} C={c:<5} best F1 {f1:.3f} (threshold {t:.2f})")



if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/ustai-annotated.csv")
