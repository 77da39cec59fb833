"""Feature reader, .gherkin-lintrc import, --fix, the result cache and the process pool."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storylint import cache
from storylint.cli import app
from storylint.config import Config, ConfigError
from storylint.engine import compile_config, review
from storylint.gherkin import parse as gparse
from storylint.gherkin import results
from storylint.gherkin.fix import fix_files, fix_text
from storylint.gherkin.lintrc import apply_lintrc, strip_json_comments, translate
from storylint.models import Story
from storylint.readers import read_file, read_text

DATA = Path(__file__).parent / "gherkin"
ALL_FIXES = {
    "no-trailing-spaces": {},
    "new-line-at-eof": {"newline": "yes"},
    "indentation": {"feature": 0, "rule": 2, "background": 2, "scenario": 2, "step": 4, "examples_line": 4, "example_row": 6, "rule_nesting": 2},
    "one-space-between-tags": {},
    "use-and": {},
}


@pytest.fixture(autouse=True)
def _fresh_results():
    results.clear()
    yield
    cache.disable()
    results.clear()


# ---- reader


def test_feature_reader_takes_name_and_story_sentence():
    text = "@tag\nFeature: Checkout\n  As a shopper\n  I want to pay by card\n  so that I get my books\n\n  Scenario: a\n    Given x\n"
    (story,) = list(read_text("features/check_out.feature", text))
    assert story.id == "check_out" and story.title == "Checkout"
    assert story.text == "As a shopper\nI want to pay by card\nso that I get my books"
    assert story.source.text_line == 3 and story.source.text_column == 3
    assert story.gherkin == text and story.labels == []


def test_feature_without_story_sentence_is_labelled():
    (story,) = list(read_text("a.feature", "Feature: A\n  Just a description.\n\n  Scenario: a\n    Given x\n"))
    assert story.text == "" and story.labels == ["feature"] and story.description == "Just a description."


def test_feature_md_reader_and_parse():
    (story,) = list(read_file(DATA / "good" / "minimal.feature.md"))
    assert story.title and story.gherkin
    report = review([story], Config(select=["GHK001"]))
    assert report.reports[0].findings == []


# ---- .gherkin-lintrc


def test_strip_json_comments_keeps_strings():
    assert json.loads(strip_json_comments('{"a": "http://x", // c\n /* b */ "b": 1}')) == {"a": "http://x", "b": 1}


def test_translate_switches_rules_and_options():
    on, off, options, notes = translate(
        {
            "use-and": "on",
            "indentation": ["on", {"Scenario": 2, "Step": 4}],
            "scenario-size": ["on", {"steps-length": {"Scenario": 5}}],
            "no-dupe-scenario-names": ["on", "in-feature"],
            "no-trailing-spaces": "off",
            "made-up-rule": "on",
        }
    )
    assert {"use-and", "indentation", "scenario-size", "no-dupe-scenario-names"} <= set(on)
    assert "no-trailing-spaces" in off and "use-and" not in off and "gherkin-parse-error" not in off
    assert options["indentation"]["scenario"] == 2 and options["indentation"]["feature"] == 0
    assert options["indentation"]["rule_nesting"] == -1
    assert options["scenario-size"] == {"max_scenario_steps": 5, "max_background_steps": 0}
    assert options["no-dupe-scenario-names"] == {"within": "in-feature"}
    assert any("made-up-rule" in n for n in notes)


def test_apply_lintrc_to_config_and_review(tmp_path):
    rc = tmp_path / ".gherkin-lintrc"
    rc.write_text('{\n // only these\n "use-and": "on",\n "scenario-size": ["on", {"steps-length": {"Scenario": 2}}]\n}\n')
    cfg, notes = apply_lintrc(Config(select=["GHK"], rule_options={"use-and": {}}), rc)
    assert notes == []
    text = "Feature: x\n  Scenario: a\n    Given a\n    Given b\n    When c\n    Then d\n"
    report = review([Story(id="s", gherkin=text)], cfg)
    assert sorted({f.name for f in report.reports[0].findings}) == ["scenario-size", "use-and"]


def test_config_key_resolves_relative_to_config_file(tmp_path):
    (tmp_path / "lint").mkdir()
    (tmp_path / "lint" / "rc.json").write_text('{"use-and": "on"}')
    cfg = Config(gherkin_lintrc="lint/rc.json")
    cfg.path = str(tmp_path / "storylint.toml")
    applied, _ = apply_lintrc(cfg)
    assert "no-trailing-spaces" in applied.extend_ignore


def test_every_translated_rule_gives_valid_rule_options():
    # The translated options (gherkin-lint's defaults, e.g. indentation's rule_nesting -1)
    # must pass the same validation as options written in [tool.storylint.rule-options].
    from storylint.config import check_rule_options
    from storylint.gherkin.lintrc import TRANSLATE
    from storylint.registry import load_rules

    _, _, options, _ = translate({name: "on" for name in TRANSLATE})
    assert len(options) == len(TRANSLATE)
    assert check_rule_options(Config(rule_options=options), load_rules()) == []


def test_cli_lintrc_turning_on_indentation_skips_rule_children(tmp_path):
    f = tmp_path / "a.feature"
    f.write_text("Feature: x\nRule: r\n      Scenario: a\n        Given a\n        When b\n        Then c\n")
    rc = tmp_path / "r1.lintrc"
    rc.write_text('{"indentation": "on"}')
    result = CliRunner().invoke(app, ["lint", str(f), "--select", "GHK019", "--no-cache", "--format", "json", "--gherkin-lintrc", str(rc)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    # gherkin-lint's indentation does not look inside a Rule: the odd nesting is not reported.
    assert [x for file in data["files"] for story in file["stories"] for x in story["findings"]] == []


def test_bad_lintrc_is_a_config_error(tmp_path):
    rc = tmp_path / "rc"
    rc.write_text("{nope")
    with pytest.raises(ConfigError):
        apply_lintrc(Config(), rc)


# ---- --fix


def test_fix_text_applies_mechanical_fixes_without_changing_meaning():
    text = '@a   @b\nFeature: x   \nScenario: y\nGiven a\nGiven b\n  """\n  keep  \n  """\nThen c'
    new, applied = fix_text(text, ALL_FIXES)
    assert set(applied) == set(ALL_FIXES)
    assert new == '@a @b\nFeature: x\n  Scenario: y\n    Given a\n    And b\n      """\n      keep  \n      """\n    Then c\n'
    before = gparse.build_doc(text).ast["feature"]["children"][0]["scenario"]["steps"][1]["docString"]["content"]
    after = gparse.build_doc(new).ast["feature"]["children"][0]["scenario"]["steps"][1]["docString"]["content"]
    assert before == after == "keep  "


def test_fix_leaves_unparsable_text_alone():
    text = "Feature: x  \n  nonsense\n  Scenario: a\n    Given a\n    oops\n"
    assert fix_text(text, ALL_FIXES) == (text, [])


def test_fix_files_keeps_crlf_and_only_touches_feature_files(tmp_path):
    f = tmp_path / "a.feature"
    f.write_bytes(b"Feature: x  \r\n  Scenario: a\r\n    Given a\r\n")
    other = tmp_path / "notes.md"
    other.write_text("trailing  \n")
    changed = fix_files([str(f), str(other)], {"no-trailing-spaces": {}})
    assert changed == [(str(f), ["no-trailing-spaces"])]
    assert f.read_bytes() == b"Feature: x\r\n  Scenario: a\r\n    Given a\r\n"
    assert other.read_text() == "trailing  \n"


def test_cli_fix_rewrites_and_then_lints(tmp_path):
    f = tmp_path / "a.feature"
    f.write_text("Feature: x\n  Scenario: a\n    Given a   \n    Given b\n    When c\n    Then d")
    result = CliRunner().invoke(app, ["lint", str(f), "--select", "GHK013,GHK020,GHK021", "--fix", "--no-cache", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert f.read_text() == "Feature: x\n  Scenario: a\n    Given a\n    And b\n    When c\n    Then d\n"


def test_cli_fix_says_when_it_has_nothing_to_fix_and_honours_force_exclude(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "s.md").write_text("As a user, I want to log in so that I see my data.\n")
    r = CliRunner().invoke(app, ["lint", "s.md", "--fix", "--no-cache", "--exit-zero"])
    assert r.exit_code == 0 and "--fix: nothing to fix" in r.stderr
    (tmp_path / "old").mkdir()
    f = tmp_path / "old" / "a.feature"
    f.write_text(before := "Feature: x\n  Scenario: a\n    Given a   \n    When c\n    Then d\n")
    (tmp_path / "storylint.toml").write_text('exclude = ["old/*"]\n')
    r = CliRunner().invoke(app, ["lint", "old/a.feature", "--fix", "--force-exclude", "--no-cache", "--exit-zero"])
    assert f.read_text() == before and "nothing to fix" in r.stderr  # excluded: neither fixed nor linted
    r = CliRunner().invoke(app, ["lint", "old/a.feature", "--fix", "--no-cache", "--exit-zero"])
    assert f.read_text() != before and "fixed old/a.feature" in r.stderr and "nothing to fix" not in r.stderr


def test_cli_gherkin_lintrc_option(tmp_path):
    f = tmp_path / "a.feature"
    f.write_text("Feature: x\n  Scenario: a\n    Given a   \n    Given b\n    When c\n    Then d\n")
    rc = tmp_path / ".gherkin-lintrc"
    rc.write_text('{"use-and": "on", "no-trailing-spaces": "off"}')

    def codes(*extra):
        result = CliRunner().invoke(app, ["lint", str(f), "--select", "GHK", "--no-cache", "--format", "json", "--exit-zero", *extra])
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        return {x["code"] for file in data["files"] for story in file["stories"] for x in story["findings"]}

    assert {"GHK013", "GHK020"} <= codes()
    with_rc = codes("--gherkin-lintrc", str(rc))
    assert "GHK013" in with_rc and "GHK020" not in with_rc
    # A gherkin-lint rule storylint does not know is ignored with a warning (exit 0), not an error.
    rc.write_text('{"use-and": "on", "no-such-rule": "on"}')
    result = CliRunner().invoke(app, ["lint", str(f), "--select", "GHK", "--no-cache", "--exit-zero", "--gherkin-lintrc", str(rc)])
    assert result.exit_code == 0
    assert "storylint: warning: gherkin-lintrc: gherkin-lint rule 'no-such-rule' has no storylint equivalent" in result.stderr
    assert "error" not in result.stderr


# ---- cache and pool

TEXT = "Feature: x\n  Scenario: a\n    Given a\n    Given b\n    When c\n    Then d\n"


def _codes(report):
    return sorted((f.code, f.line) for r in report.reports for f in r.findings)


def test_warm_run_reads_the_cache_without_parsing(tmp_path, monkeypatch):
    cache.enable(tmp_path)
    stories = [Story(id="s", gherkin=TEXT)]
    first = _codes(review(stories, Config(select=["GHK"])))
    assert cache.flush() == 1
    results.clear()

    def boom(*a, **k):
        raise AssertionError("parsed on a warm run")

    monkeypatch.setattr(gparse.DocRef, "build", boom)
    second = _codes(review(stories, Config(select=["GHK"])))
    assert first == second and first
    assert cache.active().hits >= 1


def test_changed_options_miss_the_cache(tmp_path):
    cache.enable(tmp_path)
    stories = [Story(id="s", gherkin=TEXT)]
    review(stories, Config(select=["use-and"]))
    cache.flush()
    results.clear()
    report = review(stories, Config(select=["scenario-size"], rule_options={"scenario-size": {"max_scenario_steps": 1}}))
    assert [f.name for f in report.reports[0].findings] == ["scenario-size"]


def test_corrupt_cache_entry_is_ignored(tmp_path):
    c = cache.enable(tmp_path)
    stories = [Story(id="s", gherkin=TEXT)]
    first = _codes(review(stories, Config(select=["GHK"])))
    cache.flush()
    for p in c.root.rglob("*.json"):
        p.write_bytes(b"garbage")
    results.clear()
    assert _codes(review(stories, Config(select=["GHK"]))) == first


def test_cache_writes_are_atomic_files(tmp_path):
    c = cache.enable(tmp_path)
    c.store("ab" + "0" * 30, {"x": [[1, 1, {}]]})
    c.store("ab" + "0" * 30, {"x": [[2, 1, {"match": "m"}]]})
    files = list(c.root.rglob("*"))
    assert [p.name for p in files if p.is_file()] == ["ab" + "0" * 30 + ".json"]
    assert c.load("ab" + "0" * 30) == {"x": [[2, 1, {"match": "m"}]]}


def test_a_cache_entry_never_runs_code_and_a_forged_one_is_a_miss(tmp_path):
    """A project's own config can name the cache folder, so a repository under review could
    ship files named like entries: reading one must never run code (no pickle), and an entry
    of the wrong shape is ignored."""
    import pickle

    c = cache.enable(tmp_path)
    stories = [Story(id="s", gherkin=TEXT)]
    first = _findings(review(stories, Config(select=["GHK"])))
    cache.flush()
    entries = list(c.root.rglob("*.json"))
    assert entries and not list(c.root.rglob("*.pickle"))
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    for p in entries:
        p.write_bytes(pickle.dumps({"version": cache.__version__, "rules": Payload()}))
        p.with_suffix(".pickle").write_bytes(pickle.dumps(Payload()))
    results.clear()
    assert _findings(review(stories, Config(select=["GHK"]))) == first
    assert not marker.exists()
    for bad in ({"x": "not a list"}, {"x": [[1, 2]]}, {"x": [["1", 2, {}]]}, {"x": [[1, 2, []]]}, ["x"]):
        for p in entries:
            p.write_text(json.dumps({"version": cache.__version__, "rules": bad}), encoding="utf-8")
        results.clear()
        before = c.misses
        assert _findings(review(stories, Config(select=["GHK"]))) == first
        assert c.misses > before


def _findings(report):
    return [f.model_dump() for r in report.reports for f in r.findings]


def test_warm_runs_from_the_json_cache_give_the_same_findings(tmp_path):
    """Every finding (positions, end positions, messages) of the conformance corpus is the
    same when the Gherkin results come back from the on-disk cache (tuples become lists)."""
    stories = [s for p in sorted((DATA / "good").glob("*.feature")) + sorted((DATA / "bad").glob("*.feature")) for s in read_file(p) if isinstance(s, Story)]
    cfg = Config(select=["GHK"])
    results.clear()
    cold = _findings(review(stories, cfg))
    cache.enable(tmp_path)
    results.clear()
    review(stories, cfg)
    cache.flush()
    results.clear()
    warm = _findings(review(stories, cfg))
    assert cache.active().hits >= len(stories) // 2
    assert warm == cold and len(cold) > 50


def test_pool_prefetch_gives_the_same_findings_as_lazy_checks():
    stories = [s for p in sorted((DATA / "good").glob("*.feature"))[:12] for s in read_file(p)]
    cfg = Config(select=["GHK"])
    lazy = _codes(review(stories, cfg))
    results.clear()
    n = results.prefetch(stories, compile_config(cfg), jobs=2, min_chars=0)
    assert n == len({gparse.story_docs(s)[0].key for s in stories})
    assert _codes(review(stories, cfg)) == lazy


def test_fix_over_the_conformance_corpus_keeps_every_file_meaning_the_same(tmp_path):
    import shutil

    from storylint.gherkin.fix import _strip_positions

    work = tmp_path / "good"
    shutil.copytree(DATA / "good", work)
    paths = sorted(str(p) for p in work.iterdir())
    changed = fix_files(paths, ALL_FIXES)
    assert len(changed) > 10
    for path in paths:
        md = path.endswith(".md")
        before = gparse.build_doc((DATA / "good" / Path(path).name).read_text(encoding="utf-8"), markdown=md)
        after = gparse.build_doc(Path(path).read_text(encoding="utf-8"), markdown=md)
        assert after.errors == []
        assert _strip_positions(after.ast, drop_keywords=True) == _strip_positions(before.ast, drop_keywords=True), path
    stories = [s for p in paths for s in read_file(p)]
    report = review(stories, Config(select=["indentation", "no-trailing-spaces", "new-line-at-eof", "use-and", "one-space-between-tags"]))
    assert [f.code for r in report.reports for f in r.findings] == []


def test_fix_leaves_alone_what_a_file_level_suppression_turns_off(tmp_path):
    from storylint.gherkin.fix import fix_files

    kept = tmp_path / "kept.feature"
    kept.write_text("# storylint: disable=GHK020 -- spaces are intentional\nFeature: x   \n  Scenario: y\n    Given a\n", encoding="utf-8")
    fixed = tmp_path / "fixed.feature"
    fixed.write_text("Feature: x   \n  Scenario: y\n    Given a\n", encoding="utf-8")
    changed = fix_files([str(kept), str(fixed)], {"no-trailing-spaces": {}})
    assert [p for p, _ in changed] == [str(fixed)]
    assert "x   \n" in kept.read_text(encoding="utf-8")
    assert "x\n" in fixed.read_text(encoding="utf-8")


def test_an_empty_feature_file_is_one_gherkin_finding_not_a_missing_story(tmp_path):
    f = tmp_path / "empty.feature"
    f.write_text("")
    report = review(list(read_file(f)), Config())
    assert [f.code for r in report.reports for f in r.findings] == ["GHK002"]
    r = CliRunner().invoke(app, ["lint", "old/a.feature", "--fix", "--no-cache", "--exit-zero"])
    assert "fixed" not in r.stderr and "no fixable finding in a .feature" in r.stderr  # (a second run: already fixed)


def test_a_relative_cache_dir_is_relative_to_the_config_file(tmp_path, monkeypatch):
    # (code review) it was resolved against the current directory: a run from a subfolder
    # made a second cache there
    from typer.testing import CliRunner

    from storylint.cli import app

    (tmp_path / "storylint.toml").write_text('cache-dir = ".slcache"\n')
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "a.feature").write_text(TEXT)
    monkeypatch.chdir(sub)
    try:
        result = CliRunner().invoke(app, ["lint", "a.feature", "--exit-zero"])
        assert result.exit_code == 0, result.output
        assert (tmp_path / ".slcache").is_dir() and not (sub / ".slcache").exists()
    finally:
        cache.disable()
