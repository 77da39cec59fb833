"""The README cannot drift from the code: rule catalogue, commands and CI."""

from __future__ import annotations

import re
from pathlib import Path

from storylint.registry import load_rules
from storylint.ruledocs import END, START, rules_markdown

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_rule_catalogue_is_generated_from_rules():
    section = README.split(START, 1)[1].split(END, 1)[0]
    assert section.strip() == rules_markdown(load_rules()).strip(), (
        "README rule catalogue is stale: run `python -m storylint.ruledocs README.md`"
    )


def test_readme_starts_with_the_two_commands_and_ci_runs_the_second():
    blocks = re.findall(r"```(?:sh|bash|console)?\n(.*?)```", README, re.S)
    assert len(blocks) >= 2
    first, second = blocks[0].strip(), blocks[1].strip()
    assert "storylint lint" in first and "examples/" in first
    assert "pytest" in second
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert second in ci, ".ci/run must run the README's test command verbatim"


def test_every_cli_command_is_documented():
    from storylint.cli import app

    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    for name in names:
        assert f"storylint {name}" in README, f"command {name} is not documented in README.md"


def test_rule_docs_read_as_prose_with_toml_options():
    import re
    import tomllib

    from storylint.registry import load_rules
    from storylint.ruledocs import summary

    for rule in load_rules():
        doc = rule.doc()
        assert not re.search(r"\{\w+\}", doc.split("## Why is this bad?")[0]), rule.code  # no raw template
        fix = doc.split("## Fix\n")[1].split("\n## ")[0] if "## Fix\n" in doc else ""
        assert not re.search(r"\{\w+\}", fix), rule.code
        if "## Options\n" in doc:
            block = doc.split("## Options\n")[1].split("\n", 1)[1]
            table = tomllib.loads("\n".join(line.strip() for line in block.splitlines()))
            for key, value in table.items():
                assert rule.params[key] == value, (rule.code, key)  # the shown default is the real one
        first = summary(rule.why)
        assert not first.endswith(("e.g.", "(e.g.")) and first.count("(") == first.count(")"), (rule.code, first)


def test_readme_example_output_is_what_the_example_backlog_gives(monkeypatch):
    """The lines shown under "What it does" are real output of `storylint lint examples/backlog.md`."""
    from typer.testing import CliRunner

    from storylint.cli import app

    block = README.split("$ storylint lint examples/backlog.md\n", 1)[1].split("```", 1)[0]
    shown = [line for line in block.splitlines() if line.strip() and line.strip() != "..."]
    monkeypatch.chdir(ROOT)
    out = CliRunner().invoke(app, ["lint", "examples/backlog.md", "--no-cache"]).stdout.splitlines()
    assert len(shown) >= 3
    for line in shown:
        assert line in out, f"README shows {line!r}, which `storylint lint examples/backlog.md` does not print"


def test_rule_doc_examples_read_as_written_stories():
    """Examples in `storylint rule` read as stories, features and backlogs: no raw JSON, no
    empty bullets, and a multi-line acceptance criterion keeps its indent under its bullet."""
    for rule in load_rules():
        doc = rule.doc()
        body = doc.split("## Example", 1)[-1].split("## Fix", 1)[0]
        assert not re.search(r'^\s+[\[{]"', body, re.M), f"{rule.code}: an example is shown as JSON"
        assert not re.search(r"^\s+- ?$", body, re.M), f"{rule.code}: an empty bullet in its examples"
    ghk001 = next(r for r in load_rules() if r.code == "GHK001").doc()
    assert "    - Given a user\n      When they log in" in ghk001
