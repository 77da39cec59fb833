"""A criterion written as one sentence - "Given I am on the orders list, when I choose a region,
then only its orders are shown." - is a scenario of its own with one step per clause, as trackers'
criteria are often written. It used to be one long Given step ("Step name is too long", and the
next such criterion "repeats the keyword 'Given': use And"). Findings point at the clause in the
file, in every input format."""

from __future__ import annotations

import json

import pytest
from helpers import write

from storylint.config import Config
from storylint.gherkin.parse import _inline_steps
from storylint.runner import lint_paths

STORY = "As a sales rep, I want to filter orders by region so that I can focus on my accounts."
AC = [
    "Given I am on the orders list, when I click the region dropdown and select a region, then only orders from that region are shown.",
    "Given no region is chosen, when I open the list, then the list works properly.",
]


def _gherkin(path) -> list[tuple[str, int, int]]:
    report = lint_paths([str(path)], Config())
    return sorted((f.code, f.line, f.column) for r in report.reports for f in r.findings if f.code.startswith(("GHK", "INV05")))


def _expected(line_of_first: int, col_of_first: int) -> list[tuple[str, int, int]]:
    a, b = AC
    return sorted(
        [
            ("GHK043", line_of_first, col_of_first + a.index("click")),  # UI detail in the When clause
            ("GHK046", line_of_first, col_of_first + a.index("and select")),  # two actions in one step
            ("GHK047", line_of_first + 1, col_of_first + b.index("works")),  # vague outcome in the Then clause
            ("INV051", line_of_first + 1, col_of_first + b.index("works properly")),
        ]
    )


def test_yaml_one_sentence_scenarios_are_steps_at_their_columns(tmp_path):
    p = tmp_path / "s.yaml"
    p.write_text(f"- id: A-1\n  story: {STORY}\n  acceptance_criteria:\n    - {AC[0]}\n    - {AC[1]}\n", encoding="utf-8")
    got = _gherkin(p)
    assert got == _expected(4, 7)
    assert not {"GHK010", "GHK013"} & {c for c, *_ in got}  # no "step too long", no "use And"


def test_markdown_checklist_one_sentence_scenarios(tmp_path):
    p = write(tmp_path, f"# Filter\n\n{STORY}\n\n## Acceptance criteria\n- [ ] {AC[0]}\n- [ ] {AC[1]}\n")
    assert _gherkin(p) == _expected(6, 7)


def test_json_one_sentence_scenarios(tmp_path):
    p = tmp_path / "s.json"
    p.write_text(json.dumps({"id": "A-1", "text": STORY, "acceptance_criteria": AC}), encoding="utf-8")
    assert {c for c, *_ in _gherkin(p)} == {"GHK043", "GHK046", "GHK047", "INV051"}


@pytest.mark.parametrize(
    ("item", "steps"),
    [
        ("Given a cart, when I pay, then a receipt is shown.", ["Given a cart", "when I pay", "then a receipt is shown"]),
        ("When I pay; then a receipt is shown", ["When I pay", "then a receipt is shown"]),
        ("Given I log in when offline, then I see a banner.", ["Given I log in when offline", "then I see a banner"]),
        ("Given a cart, when I pay, when the bank agrees, then it is paid", ["Given a cart", "when I pay", "when the bank agrees", "then it is paid"]),
        ("Given I log in and then open settings, then I see my name", ["Given I log in and then open settings", "then I see my name"]),
        # a YAML plain scalar over three lines is folded into one: the capitalised keywords still open clauses
        ("Given I am on the orders page When I choose a region Then its orders are shown", ["Given I am on the orders page", "When I choose a region", "Then its orders are shown"]),
    ],
)
def test_the_clauses_of_a_one_sentence_scenario(item, steps):
    pieces = _inline_steps(item, "en")
    assert pieces is not None
    assert [item[s:e] for _kw, s, e in pieces] == steps
    assert [kw.strip() for kw, *_ in pieces] == [s.split()[0].capitalize() for s in steps]


@pytest.mark.parametrize(
    "item",
    [
        "When the card is declined, the bank's reason is shown",  # a plain condition: no "then"
        "Given a cart, the total includes tax",  # no later clause
        "Then a receipt is shown, when I pay",  # opens with Then: not a Given/When sentence
        "Given the report, then-current prices are used",  # 'then-current' is no keyword
        "Given a cart when I pay then a receipt is shown",  # no comma, no capital: one long step, as before
    ],
)
def test_prose_that_is_not_a_one_sentence_scenario(item):
    assert _inline_steps(item, "en") is None


def test_a_one_sentence_scenario_in_another_language():
    item = "Angenommen ein Warenkorb, wenn ich bezahle, dann wird eine Quittung angezeigt."
    pieces = _inline_steps(item, "de")
    assert pieces is not None and [item[s:e] for _kw, s, e in pieces] == ["Angenommen ein Warenkorb", "wenn ich bezahle", "dann wird eine Quittung angezeigt"]
    assert [kw.strip() for kw, *_ in pieces] == ["Angenommen", "Wenn", "Dann"]


def test_a_sentence_that_goes_on_the_steps_before_it_stays_one_step(tmp_path):
    # "Given a registered user" / "When she pays, then ..." is one scenario, as before: splitting
    # the second item off would leave a scenario with a Given only
    p = tmp_path / "s.yaml"
    p.write_text(f"- id: A-1\n  story: {STORY}\n  acceptance_criteria:\n    - Given a registered user\n    - When she pays, then a receipt is shown\n", encoding="utf-8")
    assert not {"GHK040", "GHK041"} & {c for c, *_ in _gherkin(p)}


@pytest.mark.parametrize(
    ("item", "steps"),
    [
        # 'İ'.lower() is two characters: positions are taken from the item itself
        ("Given İzmir is the region, when I choose a region, then its orders are shown.", ["Given İzmir is the region", "when I choose a region", "then its orders are shown"]),
        ("Given İİİİİİİİİİİİİİİİİİİİ are set when I pay then it works", None),
        # a keyword inside a quotation opens no clause
        ('Given the dialog offers "Save, then close", when I choose it, then the dialog closes.', ['Given the dialog offers "Save, then close"', "when I choose it", "then the dialog closes"]),
        ("Given the menu says “Pay, then leave”, when I pay, then I leave.", ["Given the menu says “Pay, then leave”", "when I pay", "then I leave"]),
    ],
)
def test_clauses_are_found_in_the_item_as_written(item, steps):
    pieces = _inline_steps(item, "en")
    assert (None if pieces is None else [item[s:e] for _kw, s, e in pieces]) == steps


def test_and_lines_after_a_one_sentence_scenario_are_its_steps(tmp_path):
    p = write(tmp_path, f"# Filter\n\n{STORY}\n\n## Acceptance criteria\n\n- [ ] {AC[0].replace('click the region dropdown and select', 'choose')}\n- [ ] And the total works.\n")
    got = _gherkin(p)
    assert not {"GHK040", "GHK041"} & {c for c, *_ in got}  # one scenario: Given, When, Then, And
    assert ("GHK047", 8, 21) in got  # the And step's vague outcome, at its place in the file


def test_a_lone_carriage_return_in_a_criterion_does_not_shift_later_columns(tmp_path):
    # JSON's "\r" escape: the parser reads no line break there, and nor do the Gherkin rules
    item = "Given a list\rof orders, when I click save, then it is saved."
    p = tmp_path / "s.json"
    p.write_text(json.dumps({"id": "A-1", "text": STORY, "acceptance_criteria": [item]}), encoding="utf-8")
    (hit,) = [(line, col) for code, line, col in _gherkin(p) if code == "GHK043"]
    assert hit == (1, p.read_text(encoding="utf-8").index("click") + 1)


@pytest.mark.parametrize(
    ("item", "lang"),
    [
        ("Dato un carrello, quando pago, allora ricevo una ricevuta.", "it"),  # 'Dato' is Bosnian too
        ("Dado que tenho um carrinho, quando pago, então recebo um recibo.", "pt"),  # 'Dado que' is Spanish too
        ("Angenommen ein Warenkorb, wenn ich bezahle, dann wird eine Quittung angezeigt.", "de"),
    ],
)
def test_a_one_sentence_scenario_takes_the_language_whose_keywords_split_it(item, lang):
    from storylint.gherkin.parse import ac_docs
    from storylint.models import Source, Story

    (ref,) = ac_docs(Story(id="a", text=STORY, acceptance_criteria=[item], source=Source(path="a.yaml")))
    lines = ref.text.splitlines()
    assert lines[0] == f"# language: {lang}" and len(lines) == 6  # language, Feature, Scenario, three steps
