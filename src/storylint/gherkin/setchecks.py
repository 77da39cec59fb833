"""Cross-file Gherkin rules: duplicate feature names, duplicate scenario names (gherkin-lint's
``no-dupe-feature-names`` and ``no-dupe-scenario-names``). Registered as ``kind: set`` checks."""

from __future__ import annotations

from typing import Iterator

from ..checks import set_check
from ..context import Hit
from . import results
from .parse import map_position, story_docs


def _docs(ctx):
    got = ctx.cache.get("gherkin.refs")
    if got is None:
        got = ctx.cache["gherkin.refs"] = story_docs(ctx.story)
    return got


def _where(story, line: int) -> str:
    return f"{story.source.path}:{line}"


@set_check("gherkin-dupe-feature-names")
def dupe_feature_names(contexts, **_opts) -> Iterator[tuple[int, Hit]]:
    seen: dict[str, list[str]] = {}
    for index, ctx in enumerate(contexts):
        for ref in _docs(ctx):
            if ref.origin != "feature":
                continue
            feat = results.names(ref)["feature"]
            if not feat:
                continue
            name, line, col = feat
            places = seen.setdefault(name, [])
            if places:
                field, item, off, l, c = map_position(ctx.story, ref, line, col)
                yield index, Hit(field, off, off, item, values={"match": name, "places": ", ".join(places)}, related=[], line=l, column=c)
            places.append(ctx.story.source.path)


@set_check("gherkin-dupe-scenario-names")
def dupe_scenario_names(contexts, within: str = "anywhere", **_opts) -> Iterator[tuple[int, Hit]]:
    if within not in ("anywhere", "in-feature"):
        raise ValueError(f"within must be 'anywhere' or 'in-feature', got {within!r}")
    seen: dict[str, list[str]] = {}
    for index, ctx in enumerate(contexts):
        for ref in _docs(ctx):
            if within == "in-feature":
                seen = {}
            for name, line, col in results.names(ref)["scenarios"]:
                field, item, off, l, c = map_position(ctx.story, ref, line, col)
                place = f"{ctx.story.source.path}:{l if l is not None else line}"
                places = seen.setdefault(name, [])
                if places:
                    yield index, Hit(field, off, off, item, values={"match": name, "places": ", ".join(places)}, line=l, column=c)
                places.append(place)
