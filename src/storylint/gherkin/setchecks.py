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


MAX_NAMED = 5
"""A finding names at most this many other places in its message ("… and 4,994 more")."""
MAX_RELATED = 20
"""… and lists at most this many other stories in ``related`` (as US041 does)."""


def _listing(named: list[str], total: int) -> str:
    """``a.feature:2, a.feature:3 and 4,997 more``: ``named``, and how many of ``total`` are left."""
    more = total - len(named)
    return ", ".join(named) + (f" and {more:,} more" if more > 0 else "")


def _report(
    seen: dict[str, list[tuple]], max_named: int = MAX_NAMED, max_related: int = MAX_RELATED
) -> Iterator[tuple[int, Hit]]:
    """Every occurrence of a repeated name is reported, naming the other places and stories
    (set-level findings are attached to every story they name). Each names the first
    ``max_named`` other places (input order) and relates the first ``max_related`` other
    stories (sorted), so a finding stays the same size however many copies there are
    (5,000 copies of one scenario would otherwise write 5,000 x 4,999 places)."""
    from .parse import make_hit

    for name, places in seen.items():
        if len(places) < 2:
            continue
        total = len(places) - 1
        head = [p[4] for p in places[: max_named + 1]]
        # The first max_related + 1 distinct stories: the first max_related other than any one.
        ids: dict[str, None] = {}
        for p in places:
            ids.setdefault(p[1].story.id, None)
            if len(ids) > max_related:
                break
        first_ids = list(ids)
        for k, (index, ctx, ref, span, _place) in enumerate(places):
            others = head[:k] + head[k + 1 :] if k < len(head) else head
            own = ctx.story.id
            related = sorted([i for i in first_ids if i != own][:max_related])
            line, col, end_line, end_col = span
            values = {"match": name, "places": _listing(others[:max_named], total), "_end": (end_line, end_col)}
            yield index, make_hit(ctx.story, ref, line, col, values, related=related)
