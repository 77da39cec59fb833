"""Small helpers over the gherkin-official AST (plain dicts), shared by the checks and --fix."""

from __future__ import annotations

from typing import Any, Iterator

from gherkin.dialect import Dialect

Node = dict[str, Any]

# keywordType -> gherkin-lint's language-insensitive keyword class
TYPE_CLASS = {"Context": "given", "Action": "when", "Outcome": "then"}
ORDER = {"Context": 0, "Action": 1, "Outcome": 2}


def children(feature: Node | None) -> Iterator[tuple[str, Node, Node | None]]:
    """``(kind, node, rule)`` for every background and scenario, including those inside Rules."""
    if not feature:
        return
    for child in feature.get("children", ()):
        if "rule" in child:
            rule = child["rule"]
            for grand in rule.get("children", ()):
                if "background" in grand:
                    yield "background", grand["background"], rule
                elif "scenario" in grand:
                    yield "scenario", grand["scenario"], rule
        elif "background" in child:
            yield "background", child["background"], None
        elif "scenario" in child:
            yield "scenario", child["scenario"], None


def rules(feature: Node | None) -> Iterator[Node]:
    if not feature:
        return
    for child in feature.get("children", ()):
        if "rule" in child:
            yield child["rule"]


def scenarios(feature: Node | None) -> Iterator[tuple[Node, Node | None]]:
    for kind, node, rule in children(feature):
        if kind == "scenario":
            yield node, rule


def effective_types(steps: list[Node]) -> list[str]:
    """keywordType per step, with And/But/* resolved to the type of the step they continue."""
    out = []
    last = "Unknown"
    for step in steps:
        t = step.get("keywordType") or "Unknown"
        if t in ("Conjunction", "Unknown"):
            t = last
        else:
            last = t
        out.append(t)
    return out


def step_class(step: Node, dialect: Dialect) -> str:
    """gherkin-lint's keyword class: given / when / then / and / but."""
    t = step.get("keywordType")
    if t in TYPE_CLASS:
        return TYPE_CLASS[t]
    if step.get("keyword") in dialect.but_keywords and step.get("keyword", "").strip() != "*":
        return "but"
    return "and"


def is_outline(scenario: Node, dialect: Dialect) -> bool:
    return scenario.get("keyword") in dialect.scenario_outline_keywords


def node_type(node: Node, dialect: Dialect, kind: str) -> str:
    """Feature / Rule / Background / Scenario / Scenario Outline / Examples / Step."""
    if kind == "scenario":
        return "Scenario Outline" if is_outline(node, dialect) else "Scenario"
    return {"feature": "Feature", "rule": "Rule", "background": "Background", "examples": "Examples"}.get(kind, "Step")


def tagged(feature: Node | None) -> Iterator[tuple[str, Node, list[Node]]]:
    """``(kind, node, ancestors)`` for every node that can carry tags."""
    if not feature:
        return
    yield "feature", feature, []
    for rule in rules(feature):
        yield "rule", rule, [feature]
    for scenario, rule in scenarios(feature):
        parents = [feature] + ([rule] if rule else [])
        yield "scenario", scenario, parents
        for ex in scenario.get("examples", ()):
            yield "examples", ex, parents + [scenario]


def loc(node: Node) -> tuple[int, int | None]:
    location = node.get("location") or {}
    return int(location.get("line") or 1), location.get("column")


def example_rows(scenario: Node) -> int:
    return sum(len(ex.get("tableBody") or ()) for ex in scenario.get("examples", ()))


def keyword_of(dialect: Dialect, kind: str) -> str:
    """A display keyword for a step type in the document's language (``Then`` for Outcome)."""
    kws = {"Context": dialect.given_keywords, "Action": dialect.when_keywords, "Outcome": dialect.then_keywords}.get(kind, ["*"])
    for k in kws:
        if k.strip() != "*":
            return k.strip()
    return kind


def node_lines(node: Any, out: set[int] | None = None) -> set[int]:
    """The lines the parser read as Gherkin: every line an AST node starts on (in a
    ``.feature.md`` the other lines are Markdown prose)."""
    out = set() if out is None else out
    if isinstance(node, dict):
        loc = node.get("location")
        if isinstance(loc, dict) and "line" in loc:
            out.add(loc["line"])
        for v in node.values():
            if isinstance(v, (dict, list)):
                node_lines(v, out)
    elif isinstance(node, list):
        for v in node:
            node_lines(v, out)
    return out
