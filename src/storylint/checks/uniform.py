"""Uniform (set level): stories of one backlog should share one template."""

from __future__ import annotations

import re
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
        if p.means_indicator is not None:
            skeletons.append(_skeleton(p.template))
        else:
            # Not in any template (free text, a task): an outlier in a templated backlog.
            skeletons.append("free text" if ctx.text.strip() else None)
    counts = Counter(s for s in skeletons if s)
    total = sum(counts.values())
    if total < min_stories or not counts:
        return
    common, n = counts.most_common(1)[0]
    if n / total < min_share or common == "free text":
        return
    for i, (ctx, sk) in enumerate(zip(contexts, skeletons)):
        # A story whose template differs from the usual one only by the benefit - it adds the
        # benefit most stories lack, or lacks the one most have - is not the odd one out: a
        # missing benefit is US003's finding, and reporting it twice adds nothing.
        if sk and sk != common and not sk.startswith(common + " … ") and not common.startswith(sk + " … "):
            p = ctx.parsed
            span = p.means_indicator or p.role_indicator
            start, end = (span.start, span.end) if span else (0, len(ctx.text.rstrip()))
            yield i, Hit("text", start, end, values={"match": _shown(sk), "common": _shown(common), "share": f"{n}/{total}"})


def _shown(skeleton: str) -> str:
    """A template as a writer spells it: "as … i can … so that" -> "As … I can … so that"."""
    text = _PRONOUN_I.sub("I", skeleton)
    return text[:1].upper() + text[1:]


_PRONOUN_I = re.compile(r"(?<![\w'’])i(?![\w-])")
