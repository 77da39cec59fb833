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
