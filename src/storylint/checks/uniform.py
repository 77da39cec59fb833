"""Uniform (set level): stories of one backlog should share one template."""

from __future__ import annotations

from collections import Counter

from ..context import Hit
from . import set_check


def _skeleton(template: str) -> str:
    # Compare the means/ends indicators only: "I want" vs "I want to" is the same template.
    return template.replace("i want to be able to", "i want").replace("i want to", "i want").replace("i'd like to", "i'd like")


@set_check("uniform-template")
def uniform_template(contexts, min_stories: int = 5, min_share: float = 0.6, **_):
    skeletons = []
    for ctx in contexts:
        p = ctx.parsed
        skeletons.append(_skeleton(p.template) if p.means_indicator is not None else None)
    counts = Counter(s for s in skeletons if s)
    total = sum(counts.values())
    if total < min_stories or not counts:
        return
    common, n = counts.most_common(1)[0]
    if n / total < min_share:
        return
    for i, (ctx, sk) in enumerate(zip(contexts, skeletons)):
        if sk and sk != common:
            p = ctx.parsed
            span = p.means_indicator or p.role_indicator
            yield i, Hit("text", span.start, span.end, values={"match": p.template, "common": common, "share": f"{n}/{total}"})
