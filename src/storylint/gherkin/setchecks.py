"""Cross-file Gherkin rules: duplicate feature names, duplicate scenario names (gherkin-lint's
``no-dupe-feature-names`` and ``no-dupe-scenario-names``). Registered as ``kind: set`` checks."""

from __future__ import annotations

from typing import Iterator

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


@set_check("gherkin-dupe-feature-names")
def dupe_feature_names(contexts, **_opts) -> Iterator[tuple[int, Hit]]:
    with_docs = [(i, ctx, _docs(ctx)) for i, ctx in enumerate(contexts)]
    if not any(docs for _i, _c, docs in with_docs):
        return
    from . import results
    from .parse import map_position

    seen: dict[str, list[str]] = {}
    for index, ctx, docs in with_docs:
        for ref in docs:
            if ref.origin != "feature":
                continue
            feat = results.names(ref)["feature"]
            if not feat:
                continue
            name, line, col = feat
            if not name.strip():
                continue  # unnamed features are no-unnamed-features' business
            places = seen.setdefault(name, [])
            if places:
                field, item, off, l, c = map_position(ctx.story, ref, line, col)
                yield index, Hit(field, off, off, item, values={"match": name, "places": ", ".join(places)}, related=[], line=l, column=c)
            places.append(ctx.story.source.path)


@set_check("gherkin-dupe-scenario-names")
def dupe_scenario_names(contexts, within: str = "anywhere", **_opts) -> Iterator[tuple[int, Hit]]:
    if within not in ("anywhere", "in-feature"):
        raise ValueError(f"within must be 'anywhere' or 'in-feature', got {within!r}")
    with_docs = [(i, ctx, _docs(ctx)) for i, ctx in enumerate(contexts)]
    if not any(docs for _i, _c, docs in with_docs):
        return
    from . import results
    from .parse import map_position

    seen: dict[str, list[str]] = {}
    for index, ctx, docs in with_docs:
        for ref in docs:
            if within == "in-feature":
                seen = {}
            for name, line, col in results.names(ref)["scenarios"]:
                if not name.strip():
                    continue
                field, item, off, l, c = map_position(ctx.story, ref, line, col)
                place = f"{ctx.story.source.path}:{l if l is not None else line}"
                places = seen.setdefault(name, [])
                if places:
                    yield index, Hit(field, off, off, item, values={"match": name, "places": ", ".join(places)}, line=l, column=c)
                places.append(place)
