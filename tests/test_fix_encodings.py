"""--fix writes a feature file back in its own encoding and line endings."""

from __future__ import annotations

import codecs

import pytest
from typer.testing import CliRunner

from storylint.cli import app
from storylint.gherkin.fix import fix_files

TEXT = "Feature: Café   \n  Scenario: Zoë pays\n    Given a basket   \n    Then she pays 5 €\n"
FIXED = "Feature: Café\n  Scenario: Zoë pays\n    Given a basket\n    Then she pays 5 €\n"


@pytest.mark.parametrize(
    "encoding, bom",
    [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("cp1252", b""), ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE)],
)
def test_fix_keeps_the_files_encoding(tmp_path, encoding, bom):
    f = tmp_path / "a.feature"
    f.write_bytes(bom + TEXT.replace("\n", "\r\n").encode(encoding))
    assert fix_files([str(f)], {"no-trailing-spaces": {}}) == [(str(f), ["no-trailing-spaces"])]
    assert f.read_bytes() == bom + FIXED.replace("\n", "\r\n").encode(encoding)


def test_windows_1252_quotes_stay_and_a_binary_file_is_left_alone(tmp_path):
    f = tmp_path / "a.feature"
    f.write_bytes(b"Feature: \x93x\x94  \n")  # cp1252 quotes: not UTF-8
    assert fix_files([str(f)], {"no-trailing-spaces": {}}) == [(str(f), ["no-trailing-spaces"])]
    assert f.read_bytes() == b"Feature: \x93x\x94\n"
    binary = tmp_path / "b.feature"
    binary.write_bytes(b"Feature: x  \n\x00\x01")
    assert fix_files([str(binary)], {"no-trailing-spaces": {}}) == []
    assert binary.read_bytes() == b"Feature: x  \n\x00\x01"


def test_cli_fix_on_a_windows_1252_file(tmp_path):
    f = tmp_path / "a.feature"
    f.write_bytes(TEXT.encode("cp1252"))
    result = CliRunner().invoke(app, ["lint", str(f), "--select", "GHK020", "--fix", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert f.read_bytes() == FIXED.encode("cp1252")
