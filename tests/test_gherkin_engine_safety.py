"""The Gherkin part of the engine under a long-running server: concurrent ``review()`` calls,
custom rules folders, bad options and cache entries, and no file-system access."""

import threading
from collections import OrderedDict

import pytest

from storylint import review
from storylint.config import Config
from storylint.models import Story

STORY = Story(
    id="A-1",
    text="As a user, I want to log in so that I see my data.",
    acceptance_criteria=["Given I am logged out", "When I click the Login button", "Then I see my data"],
)


def _ghk(report):
    return sorted((f.code, f.line, f.column, f.message) for r in report.reports for f in r.findings if f.code.startswith("GHK"))


def test_concurrent_first_use_builds_each_gherkin_rule_once(monkeypatch):
    # Two threads run a freshly compiled configuration at the same time. Each Gherkin rule
    # builds its check on first use; the build is held up until both threads are in it (or
    # one of them is kept out, as a lock must do). Neither may fail, now or later.
    from storylint.gherkin import checks

    cfg = Config.model_validate({"select": ["GHK012"], "rule-options": {"story-too-long": {"max": 4321}}})
    expected = _ghk(review([STORY], Config.model_validate({"select": ["GHK012"]})))
    barrier = threading.Barrier(2)
    real = checks.get_check
    built = []

    def slow_get_check(name):
        built.append(name)
        try:
            barrier.wait(timeout=1)
        except threading.BrokenBarrierError:
            pass  # the other thread is kept out of the build: what a lock does
        return real(name)

    monkeypatch.setattr(checks, "get_check", slow_get_check)
    errors, got = [], []

    def work():
        try:
            got.append(_ghk(review([STORY], cfg)))
        except Exception as exc:  # noqa: BLE001 - the failure under test
            errors.append(repr(exc))

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert built == ["only-one-when"]
    assert got == [expected, expected]
    assert _ghk(review([STORY], cfg)) == expected  # and the configuration still works afterwards


def test_result_lru_survives_an_eviction_between_lookup_and_reorder(monkeypatch):
    # Another thread remembers new documents (evicting the one being read) right after this
    # thread found it: the reorder must not fail (it raised KeyError), and while the LRU is
    # being read no other thread may change it.
    from storylint.gherkin import results

    class Racy(OrderedDict):
        armed = False

        def get(self, key, default=None):
            value = super().get(key, default)
            if self.armed and value is not None:
                self.armed = False
                other = threading.Thread(target=lambda: [results._remember(f"k{i}", {}) for i in range(8)])
                self.other = other
                other.start()
                other.join(timeout=1)  # a lock keeps it waiting until this lookup is done
            return value

    mem = Racy()
    monkeypatch.setattr(results, "_MEM", mem)
    monkeypatch.setattr(results, "_MEM_MAX", 4)
    results._remember("doc", {"fp": [1]})
    mem.armed = True
    assert results.get("doc", "fp") == [1]
    mem.other.join()
    assert "k7" in mem and len(mem) <= 4


VAGUE_STORY = Story(
    id="A-1",
    text="As a user, I want to log in so that I see my data.",
    acceptance_criteria=["Given I am logged out", "When I log in", "Then the result is flibbertigibbet"],
)


@pytest.fixture
def my_rules(tmp_path):
    """A copy of the bundled rules whose Gherkin vague-outcome list also holds 'flibbertigibbet'."""
    import shutil

    from storylint.registry import rules_dir

    root = tmp_path / "myrules"
    shutil.copytree(rules_dir(), root)
    with (root / "wordlists" / "gherkin-vague.txt").open("a", encoding="utf-8") as fh:
        fh.write("\nflibbertigibbet\n")
    return str(root)


def test_gherkin_rules_read_the_word_lists_of_a_custom_rules_root(my_rules):
    cfg = Config(select=["GHK047"])
    assert _ghk(review([VAGUE_STORY], cfg)) == []
    got = _ghk(review([VAGUE_STORY], cfg, rules_root=my_rules))
    assert [c for c, *_ in got] == ["GHK047"] and "flibbertigibbet" in got[0][3]
    assert _ghk(review([VAGUE_STORY], cfg)) == []  # and the bundled lists again without it


def test_gherkin_prefetch_checks_with_the_custom_root_word_lists(my_rules):
    from storylint.engine import compile_config
    from storylint.gherkin import results

    compiled = compile_config(Config(select=["GHK047"]), my_rules)
    ((fp, name, opts, _),) = results.gherkin_specs(compiled)
    assert opts.get("rules_root") == my_rules
    assert fp == results.fingerprint("GHK047", {k: v for k, v in compiled.story_rules[0].params.items() if k != "rules_root"}, my_rules)
    assert fp != results.fingerprint("GHK047", compiled.story_rules[0].params)


def test_the_rules_root_being_compiled_is_not_seen_by_other_threads():
    # Two servers' threads compile with different rules folders at once: neither may read
    # the other's word lists.
    from storylint import registry

    inside, leave = threading.Event(), threading.Event()

    def compiling():
        previous = registry.set_active_root("/some/other/rules")
        inside.set()
        leave.wait(timeout=5)
        registry.set_active_root(previous)

    t = threading.Thread(target=compiling)
    t.start()
    inside.wait(timeout=5)
    try:
        assert registry.active_root() is None
        assert registry.wordlist("gherkin-vague") == registry.wordlist("gherkin-vague", str(registry.rules_dir()))
    finally:
        leave.set()
        t.join()


# ---- bad Gherkin rule options are configuration errors (exit 2, naming the file and key)


@pytest.mark.parametrize(
    "options, message",
    [
        ({"no-restricted-patterns": {"global": ["(unclosed"]}}, "rule-options.no-restricted-patterns.global: "),
        ({"GHK015": {"scenario": ["ok", "[x"]}}, "rule-options.GHK015.scenario: "),
        ({"new-line-at-eof": {"newline": "maybe"}}, "rule-options.new-line-at-eof.newline: newline must be 'yes' or 'no'"),
    ],
)
def test_bad_gherkin_rule_options_are_config_errors_naming_the_key(options, message):
    from storylint.config import check_rule_options
    from storylint.registry import load_rules

    cfg = Config.model_validate({"rule-options": options, "path": "storylint.toml"})
    problems = check_rule_options(cfg, load_rules())
    assert len(problems) == 1 and problems[0].startswith("storylint.toml: " + message), problems


def test_good_gherkin_rule_options_pass():
    from storylint.config import check_rule_options
    from storylint.registry import load_rules

    cfg = Config.model_validate({"rule-options": {"no-restricted-patterns": {"global": ["TODO", r"\bfoo\b"]}, "new-line-at-eof": {"newline": "no"}}})
    assert check_rule_options(cfg, load_rules()) == []


def test_a_bad_gherkin_option_is_exit_2_even_when_no_gherkin_is_linted(work):
    from typer.testing import CliRunner

    from storylint.cli import app

    (work / "storylint.toml").write_text('[rule-options.no-restricted-patterns]\nglobal = ["(unclosed"]\n')
    (work / "s.txt").write_text("As a user, I want to log in so that I see my data.\n")
    (work / "a.feature").write_text("Feature: Login\n  Scenario: ok\n    Given a user\n    When she logs in\n    Then she sees the home page\n")
    for target in ("s.txt", "a.feature"):
        r = CliRunner().invoke(app, ["lint", target])
        assert r.exit_code == 2, r.output
        assert "storylint.toml: rule-options.no-restricted-patterns.global: " in r.stderr and "internal error" not in r.stderr


def test_a_bad_option_in_a_gherkin_lintrc_is_a_config_error_naming_the_file_and_rule(tmp_path):
    from storylint.config import ConfigError
    from storylint.gherkin.lintrc import apply_lintrc

    rc = tmp_path / ".gherkin-lintrc"
    rc.write_text('{"no-restricted-patterns": ["on", {"Global": ["(unclosed"]}]}')
    with pytest.raises(ConfigError, match=r"\.gherkin-lintrc: no-restricted-patterns: .*missing \)"):
        apply_lintrc(Config(), rc)
    rc.write_text('{"allowed-tags": ["on", {"tags": ["@a"], "patterns": ["["]}]}')
    with pytest.raises(ConfigError, match=r"\.gherkin-lintrc: allowed-tags: "):
        apply_lintrc(Config(), rc)
    rc.write_text('{"new-line-at-eof": ["on", "maybe"]}')
    with pytest.raises(ConfigError, match=r"\.gherkin-lintrc: new-line-at-eof: newline must be 'yes' or 'no', got 'maybe'"):
        apply_lintrc(Config(), rc)
    rc.write_text('{"no-restricted-patterns": ["on", {"Global": ["TODO"]}], "new-line-at-eof": ["on", "no"]}')
    cfg, notes = apply_lintrc(Config(), rc)  # good ones pass
    assert cfg.rule_options["new-line-at-eof"] == {"newline": "no"} and notes == []
    rc.write_text('{"new-line-at-eof": "on"}')  # no option: gherkin-lint's default, with a note
    cfg, notes = apply_lintrc(Config(), rc)
    assert cfg.rule_options["new-line-at-eof"] == {"newline": "yes"} and len(notes) == 1


# ---- a result-cache entry can never crash a run


FEATURE = Story(
    id="F-1",
    text="",
    gherkin="Feature: Login\n  Scenario: ok\n    Given a user\n    When she logs in and clicks the button\n    Then she sees the page\n",
)


def _forge(entry, how):
    hits = [h for v in entry.values() if isinstance(v, list) for h in v]
    names = next(v for v in entry.values() if isinstance(v, dict))
    assert hits, "the story must have findings whose cached form can be damaged"
    if how == "names":
        names["feature"] = [1, 2]
    else:
        for hit in hits:
            if how == "line":
                hit[0] = 0
            elif how == "column":
                hit[1] = "3"
            else:
                hit[2]["_end"] = how
    return entry


@pytest.mark.parametrize("how", [5, [1], ["a", "b"], [3, None], {"x": 1}, "line", "column", "names"])
def test_a_damaged_result_cache_entry_is_a_miss_not_a_crash(tmp_path, how):
    import json

    from storylint import cache
    from storylint.gherkin import results

    def run():
        rep = review([FEATURE], Config(select=["GHK", "US008"]))
        return sorted((f.code, f.line, f.column, f.end_line, f.end_column, f.message) for r in rep.reports for f in r.findings)

    results.clear()
    expected = run()
    try:
        cache.enable(tmp_path)
        results.clear()
        run()
        assert cache.flush() >= 1
        files = list(tmp_path.rglob("*.json"))
        for f in files:
            data = json.loads(f.read_text())
            data["rules"] = _forge(data["rules"], how)
            f.write_text(json.dumps(data))
        results.clear()
        assert run() == expected
    finally:
        cache.disable()
        results.clear()


# ---- the engine never touches the file system


def _api_story(path):
    """A story as an HTTP API receives it: JSON with any source path, criteria placed by
    ``ac_positions`` only (no reader ran)."""
    return Story.model_validate(
        {
            "id": "A-1",
            "text": "As a user, I want to log in so that I see my data.",
            "acceptance_criteria": ["Given I am logged out", "When I log in and click the button", "Then I see the page"],
            "source": {"path": str(path), "line": 1, "ac_positions": [[3, 5], [4, 5], [5, 5]]},
        }
    )


def test_review_never_opens_or_stats_the_file_a_story_names(tmp_path, monkeypatch):
    import builtins
    import os

    named = tmp_path / "backlog.md"
    named.write_text("x\n" * 10)
    touched = []
    real_open, real_stat = builtins.open, os.stat

    def spy_open(file, *a, **k):
        if str(file) == str(named):
            touched.append(("open", file))
        return real_open(file, *a, **k)

    def spy_stat(path, *a, **k):
        if str(path) == str(named):
            touched.append(("stat", path))
        return real_stat(path, *a, **k)

    monkeypatch.setattr(builtins, "open", spy_open)
    monkeypatch.setattr(os, "stat", spy_stat)
    got = _ghk(review([_api_story(named)], Config(select=["GHK046", "GHK043"])))
    assert touched == []
    # Each criterion is placed where the story says it starts, whatever the named file holds.
    assert [(c, line, col) for c, line, col, _ in got] == [("GHK043", 4, 23), ("GHK043", 5, 20), ("GHK046", 4, 19)]



def test_the_disk_cache_flush_takes_the_pending_writes_under_the_lock_marks_take(tmp_path, monkeypatch):
    # (code review follow-up) flush() iterated the pending writes while another thread's mark()
    # could still add to them (RuntimeError: dictionary changed size during iteration)
    from storylint import cache

    c = cache.ResultCache(tmp_path)
    c.mark("aa11", {"r": {}})
    stored = []

    def store(key, entry):
        stored.append(key)
        c.mark(f"bb{len(stored)}", {"r": {}})  # another review marks an entry mid-flush

    monkeypatch.setattr(c, "store", store)
    assert c.flush() == 1 and stored == ["aa11"]
    assert c.flush() == 1  # the entry marked during the first flush is written by the next
