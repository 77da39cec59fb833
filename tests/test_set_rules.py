"""Set-level rules across files: generated ids of same-named files, ids repeated in one file or
across files (US044 on every story, US043 on ambiguous references), references in the text
(US043 only for the backlog's own key prefixes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from storylint.config import Config
from storylint.runner import lint_paths

WISH = "As a shopper, I want to save items to a wishlist so that I can buy them later."
GUEST = "As a guest, I want to save items to a wishlist so that I can buy them later."
SELL = "As a seller, I want to list a product so that shoppers can find it."


def _lint(tmp_path: Path, monkeypatch, files: dict[str, str], select: str):
    monkeypatch.chdir(tmp_path)
    for name, text in files.items():
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    report = lint_paths(["."], Config(select=select.split(",")), )
    return report


def _found(report, code: str) -> dict[str, list]:
    out: dict[str, list] = {}
    for r in report.reports:
        for f in r.findings:
            if f.code == code:
                out.setdefault(f"{r.story.source.path}:{r.story.source.line}", []).append(f)
    return out


def test_dotted_file_names_are_disambiguated(tmp_path, monkeypatch):
    report = _lint(tmp_path, monkeypatch, {"p/sprint.1.txt": f"{WISH}\n{SELL}\n", "q/sprint.1.txt": f"{WISH}\n"}, "US041")
    assert [r.story.id for r in report.reports] == ["p/sprint.1:1", "p/sprint.1:2", "q/sprint.1:1"]
    dup = _found(report, "US041")
    assert dup["p/sprint.1.txt:1"][0].message == "Duplicate story: same text as q/sprint.1:1."


def test_every_generated_id_of_a_clashing_file_is_qualified(tmp_path, monkeypatch):
    report = _lint(tmp_path, monkeypatch, {"p/x.txt": f"{WISH}\n{WISH}\n{GUEST}\n{WISH}\n", "q/x.txt": f"{WISH}\n{SELL}\n", "y.txt": f"{SELL}\n"}, "US041")
    ids = sorted(r.story.id for r in report.reports)
    assert ids == ["p/x:1", "p/x:2", "p/x:3", "p/x:4", "q/x:1", "q/x:2", "y:1"]  # not x:3, x:4 beside p/x:1


def test_same_stem_in_one_folder_uses_the_whole_path(tmp_path, monkeypatch):
    report = _lint(tmp_path, monkeypatch, {"p/x.txt": f"{WISH}\n", "p/x.md": f"- {SELL}\n- {GUEST}\n"}, "US041")
    ids = sorted(r.story.id for r in report.reports)
    assert ids == ["p/x.md:1", "p/x.md:2", "p/x.txt:1"]
    # a file's only story is named after the file ("x"), which clashes with no "x:1"
    report = _lint(tmp_path, monkeypatch, {"p/x.md": f"## Wish\n\n{SELL}\n"}, "US041")
    assert sorted(r.story.id for r in report.reports) == ["x", "x:1"]


C_YAML = f"""- id: SHOP-1
  text: {WISH}
- id: SHOP-2
  text: As a shopper, I want to pay by card so that I check out.
"""
D_YAML = f"""- id: SHOP-1
  text: {SELL}
- id: SHOP-5
  text: As a shopper, I want to share my wishlist so that friends see it.
  depends_on: [SHOP-1]
"""


def test_an_id_used_in_two_files_is_reported_on_both_with_the_other_file(tmp_path, monkeypatch):
    report = _lint(tmp_path, monkeypatch, {"c.yaml": C_YAML, "d.yaml": D_YAML}, "US044")
    got = _found(report, "US044")
    assert sorted(got) == ["c.yaml:1", "d.yaml:1"]
    assert got["c.yaml:1"][0].message == "Id 'SHOP-1' is also used by the story at line 1 of d.yaml."
    assert got["d.yaml:1"][0].message == "Id 'SHOP-1' is also used by the story at line 1 of c.yaml."
    assert got["c.yaml:1"][0].related == ["SHOP-1"]


def test_duplicate_id_in_one_file_is_attached_to_every_story_with_it(tmp_path, monkeypatch):
    text = "".join(f"- id: SHOP-2\n  text: As a shopper, I want feature {n} so that I win.\n" for n in range(3))
    report = _lint(tmp_path, monkeypatch, {"c.yaml": text}, "US044")
    got = _found(report, "US044")
    assert sorted(got) == ["c.yaml:1", "c.yaml:3", "c.yaml:5"]
    assert got["c.yaml:1"][0].message == "Id 'SHOP-2' is also used by 2 stories, at line 3 of this file, line 5 of this file."
    assert all(fs[0].related == ["SHOP-2", "SHOP-2"] for fs in got.values())


def test_a_dependency_on_an_id_two_stories_have_is_reported(tmp_path, monkeypatch):
    report = _lint(tmp_path, monkeypatch, {"c.yaml": C_YAML, "d.yaml": D_YAML}, "US043")
    (f,) = _found(report, "US043")["d.yaml:3"]
    assert f.message.startswith("Refers to 'SHOP-1', which 2 stories of this backlog have (line 1 of c.yaml, line 1 of this file)")
    assert f.related == ["SHOP-1"]


def test_text_keys_count_only_with_the_backlogs_own_prefixes(tmp_path, monkeypatch):
    lines = [
        "SHOP-1: As a shopper, I want exported files in UTF-8 so that accents survive.",
        "SHOP-2: As an admin, I want passwords hashed with SHA-256 so that leaks are harmless.",
        "SHOP-3: As a nurse, I want to record COVID-19 test results so that wards are informed.",
        "SHOP-4: As an auditor, I want ISO-27001 evidence so that we pass the audit.",
        "SHOP-5: As a shopper, I want to pay as in SHOP-1 and SHOP-77 so that checkout is quick.",
    ]
    report = _lint(tmp_path, monkeypatch, {"k.txt": "\n".join(lines) + "\n"}, "US043")
    got = _found(report, "US043")
    assert list(got) == ["k.txt:5"] and [f.related for f in got["k.txt:5"]] == [["SHOP-77"]]


@pytest.mark.parametrize("key", ["US12", "US-12"])
def test_us_keys_are_references_when_the_backlog_uses_us_ids(tmp_path, monkeypatch, key):
    text = f"US-1: As a shopper, I want to pay like {key} so that I check out.\nUS-2: As a guest, I want to browse so that I see.\n"
    report = _lint(tmp_path, monkeypatch, {"k.txt": text}, "US043")
    assert [f.related for f in _found(report, "US043")["k.txt:1"]] == [[key]]


def test_a_lone_story_has_no_backlog_to_check_its_references_in(tmp_path, monkeypatch):
    # `storylint lint story.md` (or a pre-commit hook with one changed file): every reference
    # would be "not a story in this backlog".
    one = "---\nid: SHOP-1\n---\n# SHOP-1\n" + GUEST + "\n\nDepends on: SHOP-9\n"
    assert _found(_lint(tmp_path, monkeypatch, {"s.md": one}, "US043"), "US043") == {}
    two = {"s.md": one, "t.txt": "SHOP-2: " + SELL + "\n"}
    got = _found(_lint(tmp_path, monkeypatch, two, "US043"), "US043")
    assert [f.related for fs in got.values() for f in fs] == [["SHOP-9"]]


def test_ids_known_elsewhere_are_declared_by_glob(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "k.txt").write_text(
        "SHOP-1: As a shopper, I want to pay like SHOP-70 so that I check out.\n"
        "SHOP-2: As a guest, I want to browse so that I see FIN-4 and SHOP-9.\n", encoding="utf-8")
    (tmp_path / "y.yaml").write_text(f"- id: SHOP-3\n  text: {SELL}\n  depends_on: [FIN-40, SHOP-71, SHOP-2]\n", encoding="utf-8")
    cfg = Config.model_validate({"select": ["US043"], "rule-options": {"unknown-dependency": {"known": ["SHOP-7?", "FIN-*"]}}})
    got = _found(lint_paths(["."], cfg), "US043")
    assert {k: [f.related for f in fs] for k, fs in got.items()} == {"k.txt:2": [["SHOP-9"]]}


@pytest.mark.parametrize("sid", ["{match.nope}", "{match.__class__.__mro__}", "{where:>50000000}"])
def test_ids_and_paths_are_data_in_messages_never_a_template(tmp_path, sid):
    # (code review) an id was put into the message template: '{match.nope}' crashed the run
    # (AttributeError, exit 2), '{where:>50000000}' wrote 50 MB a finding
    p = tmp_path / "b.yaml"
    p.write_text(
        f'- id: "{sid}"\n  text: As a user, I want to log in so that I see my data.\n'
        f'- id: "{sid}"\n  text: As an admin, I want to ban users so that spam stops.\n'
        f'- id: C-1\n  text: As a user, I want to export so that I share.\n  depends_on: ["{sid}"]\n'
    )
    report = lint_paths([str(p)], Config(select=["US043"]))
    (f,) = [f for r in report.reports for f in r.findings]
    assert f.message == f"Refers to '{sid}', which 2 stories of this backlog have (line 1 of this file, line 3 of this file): it cannot say which one it means."


def test_a_story_file_with_a_title_is_named_after_the_file_so_references_to_it_resolve(tmp_path, monkeypatch):
    # (coach review: stories/CAMP-801.md with a "# Photo gallery" title got the id "CAMP-801:1",
    # so "Depends on: CAMP-801" in CAMP-802.md was reported as an unknown dependency)
    files = {
        "stories/CAMP-801.md": f"# Photo gallery\n\n{WISH}\n",
        "stories/CAMP-802.md": f"# Photo upload\n\n{SELL}\n\nDepends on: CAMP-801\n",
    }
    report = _lint(tmp_path, monkeypatch, files, "US043,US044")
    assert sorted(r.story.id for r in report.reports) == ["CAMP-801", "CAMP-802"]
    assert [f.code for r in report.reports for f in r.findings] == []
    # a file of several titled sections keeps an id per section
    report = _lint(tmp_path, monkeypatch, {"b.md": f"# B\n\n## One\n\n{WISH}\n\n## Two\n\n{SELL}\n"}, "US043")
    assert [r.story.id for r in report.reports if r.story.source.path == "b.md"] == ["b:3", "b:7"]


def test_a_story_that_depends_on_itself_or_on_an_id_in_another_case_is_told_so(tmp_path, monkeypatch):
    # (coach review: "depends_on: [D-1]" on D-1 passed silently, and "d-2" for D-2 was only
    # "not a story in this backlog", with no hint of the story meant)
    text = (f"- id: D-1\n  text: {WISH}\n  depends_on: [D-1]\n"
            f"- id: D-2\n  text: {SELL}\n"
            f"- id: D-3\n  text: {GUEST}\n  depends_on: [d-2, D-9]\n")
    report = _lint(tmp_path, monkeypatch, {"d.yaml": text}, "US043")
    got = [(r.story.id, f.line, f.column, f.message, f.suggestion, f.related) for r in report.reports for f in r.findings]
    assert got == [
        ("D-1", 3, 16, "Depends on itself ('D-1'): a story cannot wait for itself; the id is probably a copy-and-paste slip.",
         "Remove 'D-1' from the story's own dependencies, or correct the id.", []),
        ("D-3", 8, 16, "Refers to 'd-2', which is not a story in this backlog; 'D-2' is (ids are compared as written).",
         "Write the id as the story has it: 'D-2'.", ["D-2"]),
        ("D-3", 8, 21, "Refers to 'D-9', which is not a story in this backlog.",
         "Check 'D-9': correct the id, or remove the dependency if it no longer applies.", ["D-9"]),
    ]
