"""Cross-file Gherkin rules: duplicate feature names, duplicate scenario names (gherkin-lint's
``no-dupe-feature-names`` and ``no-dupe-scenario-names``). Registered as ``kind: set`` checks."""

from __future__ import annotations

from typing import Any, Iterator

from ..checks import set_check
from ..context import Hit

# Imported by the rule kind at start-up: keep this module light (the parser loads on first use).


def _docs(ctx):
    got = ctx.cache.get("gherkin.refs")
    if got is None:
        if ctx.story.gherkin is None and not ctx.story.acceptance_criteria:
            return []
        from .parse import story_docs

        got = ctx.cache["gherkin.refs"] = story_docs(ctx.story)
    return got


def _refs(contexts) -> list[tuple[int, Any, Any]]:
    """``(index, context, document)`` for every Gherkin document of the backlog."""
    if not any(ctx.story.gherkin is not None or ctx.story.acceptance_criteria for ctx in contexts):
        return []  # (a plain backlog: nothing to parse)
    return [(index, ctx, ref) for index, ctx in enumerate(contexts) for ref in _docs(ctx)]


@set_check("gherkin-dupe-feature-names")
def dupe_feature_names(contexts, **_opts) -> Iterator[tuple[int, Hit]]:
    refs = _refs(contexts)
    if not refs:
        return  # (before importing the Gherkin modules: a plain backlog never needs them)
    from . import results

    seen: dict[str, list[tuple]] = {}
    for index, ctx, ref in refs:
        if ref.origin != "feature":
            continue
        feat = results.names(ref)["feature"]
        if not feat:
            continue
        name, *span = feat
        if not name.strip():
            continue  # unnamed features are no-unnamed-features' business
        seen.setdefault(name, []).append((index, ctx, ref, span, ctx.story.source.path))
    yield from _report(seen)


@set_check("gherkin-dupe-scenario-names")
def dupe_scenario_names(contexts, within: str = "anywhere", **_opts) -> Iterator[tuple[int, Hit]]:
    if within not in ("anywhere", "in-feature"):
        raise ValueError(f"within must be 'anywhere' or 'in-feature', got {within!r}")
    refs = _refs(contexts)
    if not refs:
        return
    from . import results
    from .parse import map_position

    seen: dict[str, list[tuple]] = {}
    for index, ctx, ref in refs:
        if within == "in-feature":
            yield from _report(seen)
            seen = {}
        for name, *span in results.names(ref)["scenarios"]:
            if not name.strip():
                continue
            line = span[0]
            _f, _i, _o, l, _c = map_position(ctx.story, ref, line, span[1])
            place = f"{ctx.story.source.path}:{l if l is not None else line}"
            seen.setdefault(name, []).append((index, ctx, ref, span, place))
    yield from _report(seen)


def _report(seen: dict[str, list[tuple]]) -> Iterator[tuple[int, Hit]]:
    """Every occurrence of a repeated name is reported, naming the other places and stories
    (set-level findings are attached to every story they name)."""
    from .parse import make_hit

    for name, places in seen.items():
        if len(places) < 2:
            continue
        for k, (index, ctx, ref, span, _place) in enumerate(places):
            others = [p[4] for j, p in enumerate(places) if j != k]
            related = sorted({p[1].story.id for j, p in enumerate(places) if j != k} - {ctx.story.id})
            line, col, end_line, end_col = span
            values = {"match": name, "places": ", ".join(others), "_end": (end_line, end_col)}
            yield index, make_hit(ctx.story, ref, line, col, values, related=related)
