"""gherkin: a rule over the Gherkin documents of a story (``check: <name>`` in storylint.gherkin.checks).

``scope`` picks the documents: ``feature`` (whole ``.feature`` files only: layout rules such as
trailing spaces or indentation), ``ac`` (blocks in the acceptance criteria only), anything else
(both). Each document is parsed once per story (``ctx.cache``) and each rule's result per
document is computed once (:mod:`storylint.gherkin.results`), so forty rules share one parse
and a warm run reads results from the cache without parsing at all.
"""

from __future__ import annotations

from ..context import Hit
from ..gherkin import setchecks as _setchecks  # noqa: F401 - registers the cross-file checks
from ..gherkin import results
from ..gherkin.checks import get_check
from ..gherkin.parse import Doc, map_position, story_docs

_REFS = "gherkin.refs"


def refs(ctx):
    got = ctx.cache.get(_REFS)
    if got is None:
        got = ctx.cache[_REFS] = story_docs(ctx.story)
    return got


def compile(rule, params):
    spec = get_check(params["check"])
    opts = {k: v for k, v in params.items() if k != "check"}
    run = spec.make(opts)
    fp = results.fingerprint(rule.code, params)
    scope = rule.scope

    def check(ctx):
        story = ctx.story
        for ref in refs(ctx):
            if scope == "feature" and ref.origin != "feature":
                continue
            if scope == "ac" and ref.origin != "ac":
                continue
            if spec.uses_path:
                stub = Doc("", [], None, [], origin=ref.origin, markdown=ref.markdown)
                hits = list(run(stub, story.source.path))
            else:
                hits = results.get(ref.key, fp)
                if hits is None:
                    d = results.doc(ref)
                    hits = [] if (spec.needs_ast and d.ast is None) else list(run(d, story.source.path))
                    results.put(ref.key, fp, hits)
            for line, col, values in hits:
                field, item, offset, abs_line, abs_col = map_position(story, ref, line, col)
                yield Hit(field, offset, offset, item, values=dict(values), line=abs_line, column=abs_col)

    return check
