"""Configuration: discovery, keys, validation, and their effect on `storylint lint`."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from storylint.cli import app
from storylint.config import Config, ConfigError, check_rule_options, discover_config, load_config_file
from storylint.registry import load_rules

LONG = "As a user, I want to export the monthly sales reports so that I can share them with the team.\n"
VAGUE = "As a user, I want some reports so that I can plan.\n"


def lint(*args: str):
    r = CliRunner().invoke(app, ["lint", *args], catch_exceptions=False)
    return r


def codes(r) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for line in r.stdout.splitlines():
        obj = json.loads(line)
        out.setdefault(obj["source"]["path"], set()).update(f["code"] for f in obj["findings"])
    return out


def test_defaults_when_nothing_is_found(tmp_path):
    cfg = discover_config(tmp_path)
    assert cfg == Config() or cfg.path is not None  # a config above tmp_path would be found; normally none


def test_discovery_upward_storylint_toml_and_pyproject(tmp_path):
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    (tmp_path / "pyproject.toml").write_text('[tool.storylint]\nignore = ["US020"]\n')
    (tmp_path / "a" / "pyproject.toml").write_text('[project]\nname = "x"\n')  # no storylint table: skipped
    cfg = discover_config(deep)
    assert cfg.ignore == ["US020"] and cfg.path == str(tmp_path / "pyproject.toml")
    (tmp_path / "a" / "storylint.toml").write_text('fail_on = "warning"\n')  # underscores work too
    cfg = discover_config(deep)
    assert cfg.fail_on == "warning" and cfg.path.endswith("storylint.toml")


@pytest.mark.parametrize(
    "content,expect",
    [
        ('selct = ["US"]\n', "selct"),
        ('fail-on = "fatal"\n', "fail-on"),
        ("select = [\n", "invalid TOML"),
        ('select = "US"\n', "select"),
    ],
)
def test_invalid_config_names_file_and_key(tmp_path, content, expect):
    p = tmp_path / "storylint.toml"
    p.write_text(content)
    with pytest.raises(ConfigError) as exc:
        load_config_file(p)
    assert str(p) in str(exc.value) and expect in str(exc.value)


def test_invalid_config_is_exit_2_without_traceback(tmp_path, monkeypatch):
    (tmp_path / "storylint.toml").write_text('selct = ["US"]\n')
    (tmp_path / "a.txt").write_text(VAGUE)
    monkeypatch.chdir(tmp_path)
    r = lint("a.txt")
    assert r.exit_code == 2 and "selct" in r.stderr
    r = lint("a.txt", "--config", str(tmp_path / "nothere.toml"))
    assert r.exit_code == 2 and "nothere.toml" in r.stderr


def test_config_keys_take_effect(tmp_path, monkeypatch):
    proj = tmp_path / "proj"
    (proj / "legacy").mkdir(parents=True)
    (proj / "sub").mkdir()
    (proj / "skipped").mkdir()
    (proj / "pyproject.toml").write_text(
        "[tool.storylint]\n"
        'ignore = ["INV050"]\n'
        'exclude = ["skipped"]\n'
        'fail-on = "warning"\n'
        "[tool.storylint.rule-options]\n"
        "story-too-long = { max = 5 }\n"
        "[tool.storylint.per-file-ignores]\n"
        '"legacy/*.txt" = ["INV041", "vague-term"]\n'
    )
    for d in ("legacy", "sub", "skipped"):
        (proj / d / "s.txt").write_text(VAGUE)
    monkeypatch.chdir(proj)
    r = lint(".", "--format", "jsonl")
    got = codes(r)
    assert set(got) == {"legacy/s.txt", "sub/s.txt"}  # exclude
    assert {"INV041", "INV030"} <= got["sub/s.txt"]  # rule-options: 9 words > 5
    assert not {"INV041", "INV030", "INV050"} & got["legacy/s.txt"]  # per-file-ignores, ignore
    assert r.exit_code == 1  # fail-on = warning
    # the same config, found upward, from a subdirectory: globs stay relative to the config file
    monkeypatch.chdir(proj / "sub")
    got = codes(lint("../legacy/s.txt", "s.txt", "--format", "jsonl"))
    assert not {"INV041", "INV030"} & got["../legacy/s.txt"] and "INV041" in got["s.txt"]
    # command-line options override the file
    monkeypatch.chdir(proj)
    assert lint("sub", "--fail-on", "error").exit_code == 0
    assert "INV030" in codes(lint("sub", "--select", "INV030", "--format", "jsonl"))["sub/s.txt"]


def test_force_exclude_applies_exclude_to_named_files(tmp_path, monkeypatch):
    # pre-commit names each changed file: exclude applies to them only with force-exclude (ruff's flag).
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "old.txt").write_text(VAGUE)
    (tmp_path / "new.txt").write_text(VAGUE)
    (tmp_path / "storylint.toml").write_text('exclude = ["archive/*"]\n')
    monkeypatch.chdir(tmp_path)
    assert set(codes(lint("archive/old.txt", "new.txt", "--format", "jsonl"))) == {"archive/old.txt", "new.txt"}
    assert set(codes(lint("archive/old.txt", "new.txt", "--format", "jsonl", "--force-exclude"))) == {"new.txt"}
    assert set(codes(lint("archive", "--format", "jsonl", "--force-exclude"))) == set()  # a named folder too
    (tmp_path / "storylint.toml").write_text('exclude = ["archive/*"]\nforce-exclude = true\n')
    assert set(codes(lint("./archive/old.txt", "new.txt", "--format", "jsonl"))) == {"new.txt"}


def test_explicit_config_file_replaces_discovery(tmp_path, monkeypatch):
    (tmp_path / "storylint.toml").write_text('select = ["INV050"]\n')
    other = tmp_path / "other.toml"
    other.write_text('select = ["INV030"]\n')
    (tmp_path / "a.md").write_text(VAGUE)
    monkeypatch.chdir(tmp_path)
    assert codes(lint("a.md", "--format", "jsonl"))["a.md"] == {"INV050"}
    assert codes(lint("a.md", "--format", "jsonl", "--config", str(other)))["a.md"] == {"INV030"}
    py = tmp_path / "pyproject.toml"
    py.write_text('[tool.storylint]\nselect = ["US020"]\n')
    assert codes(lint("a.md", "--format", "jsonl", "--config", str(py)))["a.md"] == set()


def test_rule_options_are_validated():
    rules = load_rules()
    cfg = Config.model_validate(
        {"rule-options": {"nope": {"max": 1}, "story-too-long": {"max": "x", "foo": 1}, "INV043": {"max": 3}}}
    )
    problems = check_rule_options(cfg, rules)
    assert any("no rule 'nope'" in p for p in problems)
    assert any("story-too-long.max" in p and "expected int" in p for p in problems)
    assert any("unknown option 'foo'" in p for p in problems)
    assert len(problems) == 3


def test_bad_rule_options_and_per_file_ignores_are_exit_2(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(VAGUE)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "storylint.toml").write_text('[rule-options]\nstory-too-long = { max = "x" }\n')
    r = lint("a.txt")
    assert r.exit_code == 2 and "story-too-long" in r.stderr and "Traceback" not in r.stderr
    (tmp_path / "storylint.toml").write_text('[per-file-ignores]\n"*.txt" = ["ZZZ"]\n')
    r = lint("a.txt")
    assert r.exit_code == 2 and "ZZZ" in r.stderr


def test_a_broken_pyproject_meant_for_storylint_is_an_error_and_another_tools_is_skipped(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.storylint]\nignore = ["INV043"\nfail-on = "warning"\n', encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    with pytest.raises(ConfigError, match=r"pyproject.toml: invalid TOML"):
        discover_config(sub)
    (tmp_path / "pyproject.toml").write_text('[tool.black]\nline-length = \n', encoding="utf-8")
    assert discover_config(sub) == Config()  # not ours: defaults, as before


@pytest.mark.parametrize(
    "options, message",
    [
        ({"INV043": {"metric": "bogus"}}, "rule-options.INV043: unknown option 'metric'"),
        ({"vague-term": {"wordlist": "nonexistent"}}, "rule-options.vague-term.wordlist: word list 'nonexistent' not found"),
        ({"INV043": {"max": -1}}, "rule-options.INV043.max: -1 is out of range"),
        ({"US042": {"threshold": 1.5}}, "rule-options.US042.threshold: 1.5 is out of range (between 0 and 1)"),
        ({"indentation": {"rule_nesting": -2}}, "rule-options.indentation.rule_nesting: -2 is out of range (>= -1)"),
        ({"indentation": {"step": -1}}, "rule-options.indentation.step: -1 is out of range (>= 0)"),
    ],
)
def test_bad_rule_option_values_are_config_errors_naming_the_key(options, message):
    cfg = Config.model_validate({"rule-options": options, "path": "storylint.toml"})
    problems = check_rule_options(cfg, load_rules())
    assert problems and problems[0].startswith("storylint.toml: " + message), problems


def test_good_rule_option_values_pass():
    cfg = Config.model_validate({"rule-options": {"INV043": {"max": 5}, "vague-term": {"wordlist": "vague"}, "US042": {"threshold": 0.7}}})
    assert check_rule_options(cfg, load_rules()) == []


def test_rule_nesting_minus_one_is_valid_as_documented():
    # GHK019 documents rule_nesting -1 ("skip Rule children as gherkin-lint does").
    assert "-1" in next(r for r in load_rules() if r.name == "indentation").notes
    cfg = Config.model_validate({"rule-options": {"indentation": {"rule_nesting": -1}}})
    assert check_rule_options(cfg, load_rules()) == []


def test_one_rule_configured_under_its_code_and_its_name_is_a_config_error():
    cfg = Config.model_validate({"rule-options": {"INV043": {"max": 5}, "estimate-too-large": {"max": 13}}})
    (problem,) = check_rule_options(cfg, load_rules())
    assert "rule-options.estimate-too-large: INV043 is already configured as rule-options.INV043" in problem


STORY = "As a user, I want fast search so that I find orders."


@pytest.mark.parametrize(
    "options, message",
    [
        ({"select": ["INV30"]}, "configuration [select]: unknown rule selector(s): INV30"),
        ({"ignore": ["vage-term"]}, "configuration [ignore]: unknown rule selector(s): vage-term"),
        ({"extend_ignore": [""]}, "configuration [extend-ignore]: unknown rule selector(s): ''"),
        ({"per_file_ignores": {"*.txt": [" "]}}, "configuration [per-file-ignores \"*.txt\"]: unknown rule selector(s): ' '"),
        ({"rule_options": {"story-too-long": {"maxx": 3}}}, "rule-options.story-too-long: unknown option 'maxx'"),
    ],
)
def test_review_rejects_a_configuration_that_names_nothing(options, message):
    # (user audit) a typo in select gave no findings at all through the Python API: "all clear"
    from storylint import review
    from storylint.models import Story

    with pytest.raises(ConfigError) as err:
        review([Story(id="A-1", text=STORY)], Config(**options))
    assert message in str(err.value)
    assert [f.code for f in review([Story(id="A-1", text=STORY)], Config(select=["INV030"])).reports[0].findings] == ["INV030"]


@pytest.mark.parametrize("key", ["ignore", "extend-ignore", "select"])
def test_an_empty_selector_in_the_config_file_is_an_error_not_everything(tmp_path, monkeypatch, key):
    # (code review) ignore = [""] matched every code by prefix: every rule off, "All checks passed"
    (tmp_path / "storylint.toml").write_text(f'{key} = [""]\n')
    (tmp_path / "s.txt").write_text(STORY + "\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["lint", "s.txt"])
    assert result.exit_code == 2
    assert f"[{key}]: unknown rule selector(s): ''" in result.output


def test_rule_option_names_may_be_kebab_case_as_the_other_keys(tmp_path):
    # (coach review: "fail_on" and "fail-on" both work, but "min-stories = 3" under
    # [rule-options.non-uniform-template] was "unknown option 'min-stories'")
    for text in ("[tool.storylint.rule-options.non-uniform-template]\nmin-stories = 3\n",
                 "[tool.storylint.rule-options.non-uniform-template]\nmin_stories = 3\n"):
        (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
        cfg = load_config_file(tmp_path / "pyproject.toml")
        assert cfg.rule_options == {"non-uniform-template": {"min_stories": 3}}
        assert check_rule_options(cfg, load_rules()) == []
    (tmp_path / "storylint.toml").write_text("[rule-options.near-duplicate-story]\nmeans-threshold = 0.9\n", encoding="utf-8")
    assert load_config_file(tmp_path / "storylint.toml").rule_options == {"near-duplicate-story": {"means_threshold": 0.9}}


def test_a_team_adds_its_own_words_to_a_word_list_rule(tmp_path, monkeypatch):
    (tmp_path / "storylint.toml").write_text('[rule-options.vague-term]\nextend-tokens = ["snappy", "as soon as we can"]\n')
    (tmp_path / "a.txt").write_text("As a user, I want a snappy search so that I find things.\nAs a user, I want some reports so that I can plan.\n")
    monkeypatch.chdir(tmp_path)
    out = [json.loads(line) for line in lint("a.txt", "--format", "jsonl", "--select", "INV030").stdout.splitlines()]
    assert [[f["message"].split("'")[1] for f in o["findings"]] for o in out] == [["snappy"], ["some"]]  # the bundled list still holds
    for bad in ('"snappy"', "[1, 2]", '[["a"]]'):  # (items that are not texts crashed with a traceback)
        (tmp_path / "storylint.toml").write_text(f"[rule-options.vague-term]\nextend-tokens = {bad}\n")
        r = lint("a.txt")
        assert r.exit_code == 2 and "vague-term.extend_tokens: expected a list of texts" in r.output, bad
        assert "Traceback" not in r.output
