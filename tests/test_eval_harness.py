"""The eval set: `storylint eval --check` passes on main, fails when a rule is broken."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storylint.cli import app
from storylint.evaluation import EvalError
from storylint.evaluation.api import evaluate
from storylint.evaluation.cases import load_file
from storylint.evaluation.run import MIN_CASES, run_suite
from storylint.registry import rules_dir

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "eval"
USTAI = ROOT.parent / "shared" / "data" / "ustai-annotated.csv"


def test_check_passes_on_main_for_rules_and_gherkin():
    outcome = evaluate("all", check=True, baseline=EVAL / "baseline.json")
    assert outcome.regressions == [], [r.describe() for r in outcome.regressions]
    assert {s.suite for s in outcome.suites} == {"rules", "gherkin"}


def test_cli_check_exit_code_zero():
    result = CliRunner().invoke(app, ["eval", "--suite", "rules", "--check", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"passed": true' in result.output


def test_broken_word_list_makes_check_fail(tmp_path):
    root = tmp_path / "rules"
    shutil.copytree(rules_dir(), root)
    # Break only the word list (the rule file is untouched): the vague-term rule loses its words.
    (root / "wordlists" / "vague.txt").write_text("# emptied on purpose\n", encoding="utf-8")
    outcome = evaluate("rules", check=True, baseline=EVAL / "baseline.json", rules_root=str(root))
    broken = {(r.section, r.key) for r in outcome.regressions}
    assert ("rules:rules", "INV030") in broken
    result = CliRunner().invoke(app, ["eval", "--suite", "rules", "--check", "--rules-dir", str(root)])
    assert result.exit_code == 1
    assert "INV030" in result.output and "CHECK FAILED" in result.output


def test_story_rules_have_enough_cases():
    result = run_suite("rules")
    pending = {
        line.strip() for line in (EVAL / "coverage-pending.txt").read_text().splitlines() if line.strip() and not line.startswith("#")
    }
    under = result.under_covered(MIN_CASES)
    missing = {code: fn for code, fn in under.items() if code not in pending}
    assert not missing, f"rules under {MIN_CASES} fire + {MIN_CASES} not-fire cases: {missing}"
    covered_now = sorted(pending - set(under))
    assert not covered_now, f"now covered, remove from eval/coverage-pending.txt: {covered_now}"


def test_every_gherkin_rule_has_enough_cases():
    result = run_suite("gherkin")
    assert all(code.startswith("GHK") for code in result.coverage)
    assert result.no_cases == []
    assert result.under_covered(MIN_CASES) == {}


def test_rules_without_cases_are_reported(tmp_path):
    folder = tmp_path / "gherkin"
    folder.mkdir()
    (folder / "one.yaml").write_text(
        "cases:\n- {id: g-1, rationale: a clean feature, feature: \"Feature: x\\n  Scenario: y\\n    Given a\\n    When b\\n    Then c\\n\", expect: {not_fire: [GHK001]}}\n",
        encoding="utf-8",
    )
    result = run_suite("gherkin", cases_dir=tmp_path)
    assert "GHK001" not in result.no_cases
    assert len(result.no_cases) > 10


def test_bad_case_file_names_file_case_and_field(tmp_path):
    folder = tmp_path / "rules"
    folder.mkdir()
    bad = folder / "bad.yaml"
    bad.write_text("cases:\n- {id: ok-1, rationale: fine, story: 'As a user, I want x.', expect: {fire: [US003]}}\n"
                   "- {id: bad-2, rationale: typo, story: 'As a user, I want x.', expect: {fire: [US999]}}\n", encoding="utf-8")
    with pytest.raises(EvalError, match=r"bad\.yaml \(case 2, id bad-2\) \[field expect\.fire\]: unknown rule code 'US999'"):
        run_suite("rules", cases_dir=tmp_path)
    result = CliRunner().invoke(app, ["eval", "--suite", "rules", "--cases", str(tmp_path)])
    assert result.exit_code == 2
    assert "bad-2" in result.output or "bad-2" in (result.stderr if hasattr(result, "stderr") else "")


@pytest.mark.parametrize(
    "body, field",
    [
        ("- {id: a, story: 'x', expect: {fire: [US001]}}", "rationale"),
        ("- {id: a, rationale: r, expect: {fire: [US001]}}", "story"),
        ("- {id: a, rationale: r, story: x, feature: y, expect: {fire: [US001]}}", "story"),
        ("- {id: a, rationale: r, story: x}", "expect"),
        ("- {id: a, rationale: r, story: x, expect: {fire: [US001], not_fire: [US001]}}", "expect"),
        ("- {id: a, rationale: r, story: {text: x, bogus: 1}, expect: {fire: [US001]}}", "story"),
        ("- {id: a, rationale: r, story: x, expect: {fire: [US001]}, extra: 1}", "extra"),
    ],
)
def test_case_validation(tmp_path, body, field):
    path = tmp_path / "c.yaml"
    path.write_text("cases:\n" + body + "\n", encoding="utf-8")
    with pytest.raises(EvalError, match=rf"c\.yaml .*\[field {field}"):
        load_file(path)


def test_llm_expectations_are_kept_not_scored(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("cases:\n- {id: a, rationale: r, story: 'As a user, I want to upload and resize images.', "
                    "expect: {fire: [US010]}, llm: {split_min_children: 2, ac_must_parse: true}}\n", encoding="utf-8")
    (case,) = load_file(path)
    assert case.llm == {"split_min_children": 2, "ac_must_parse": True}


def test_update_baseline_then_check_round_trip(tmp_path):
    base = tmp_path / "b.json"
    evaluate("gherkin", update_baseline=True, baseline=base)
    assert evaluate("gherkin", check=True, baseline=base).regressions == []


@pytest.mark.skipif(not USTAI.is_file(), reason="../shared/data/ustai-annotated.csv not available")
def test_ustai_adapter_measures_every_criterion():
    outcome = evaluate(None, datasets=[(USTAI, None)])
    (d,) = outcome.datasets
    assert d.rows == 1260
    assert set(d.criteria) >= {"atomic", "minimal", "problem-oriented", "unambiguous", "estimatable", "independent", "unique"}
    assert d.excluded["problem-oriented"] == 173  # the no_feature rows
    assert d.criteria["atomic"].positives == 205


def _mini_ustai(path: Path) -> Path:
    import csv

    from storylint.evaluation.datasets import USTAI_LABELS

    cols = ["ID", "Abstract", "LLM", "User story", *dict.fromkeys(col for col, _ in USTAI_LABELS.values())]
    stories = [
        ("As a user, I want to upload and resize images so that they fit.", "conjunctions"),
        ("As a user, I want to export reports so that I can share them.", "atomic"),
        ("As a user, I want to create and delete folders so that I stay organised.", "conjunctions"),
        ("As a user, I want to print invoices so that I can post them.", "conjunctions"),
    ]
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, cols)
        w.writeheader()
        for i, (text, atomic) in enumerate(stories, 1):
            w.writerow({"ID": f"S{i}", "Abstract": "A1", "LLM": "m", "User story": text, "atomic": atomic, "minimal": "minimal"})
    return path


def test_rows_measures_a_slice_of_a_data_set(tmp_path):
    csv_path = _mini_ustai(tmp_path / "mini.csv")
    whole = evaluate(None, datasets=[(csv_path, "ustai")]).datasets[0]
    head = evaluate(None, datasets=[(csv_path, "ustai")], rows="1-2").datasets[0]
    tail = evaluate(None, datasets=[(csv_path, "ustai")], rows="3-").datasets[0]
    assert (whole.rows, head.rows, tail.rows) == (4, 2, 2)
    a_whole, a_head, a_tail = (d.criteria["atomic"] for d in (whole, head, tail))
    assert (a_whole.tp, a_whole.fn, a_whole.tn) == (2, 1, 1)  # row 4 is labelled but has no conjunction
    assert (a_head.tp, a_head.fn, a_head.tn) == (1, 0, 1)
    assert (a_tail.tp, a_tail.fn, a_tail.tn) == (1, 1, 0)
    assert any("rows 3-4 of 4" in n for n in tail.notes)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"rows": "5-2"}, "--rows: expected"),
        ({"rows": "x"}, "--rows: expected"),
        ({"rows": "0-3"}, "--rows: expected"),
        ({"rows": "1-2", "check": True}, "cannot be combined"),
        ({"rows": "1-2", "update_baseline": True}, "cannot be combined"),
    ],
)
def test_rows_rejects_bad_ranges_and_baseline_use(tmp_path, kwargs, message):
    csv_path = _mini_ustai(tmp_path / "mini.csv")
    with pytest.raises(EvalError, match=message):
        evaluate(None, datasets=[(csv_path, "ustai")], baseline=tmp_path / "b.json", **kwargs)
    assert not (tmp_path / "b.json").exists()


def test_cli_rows_without_dataset_is_a_usage_error():
    result = CliRunner().invoke(app, ["eval", "--rows", "1-3"])
    assert result.exit_code == 2
    assert "--rows applies to --dataset" in result.output
