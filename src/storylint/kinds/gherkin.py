"""gherkin: a rule over the Gherkin documents of a story (``check: <name>`` in storylint.gherkin.checks).

``scope`` picks the documents: ``feature`` (whole ``.feature`` files only: layout rules such as
trailing spaces or indentation), ``ac`` (blocks in the acceptance criteria only), anything else
(both). Each document is parsed once per story (``ctx.cache``) and each rule's result per
document is computed once (:mod:`storylint.gherkin.results`), so forty rules share one parse
and a warm run reads results from the cache without parsing at all.

The parser and the checks are imported on the first story that carries Gherkin or acceptance
criteria, so linting plain story text never pays for them.
"""

from __future__ import annotations

import re

from ..gherkin import setchecks as _setchecks  # noqa: F401 - registers the cross-file checks (light)
from ..registry import RuleError

_REFS = "gherkin.refs"


def refs(ctx):
    got = ctx.cache.get(_REFS)
    if got is None:
        from ..gherkin.parse import story_docs

        got = ctx.cache[_REFS] = story_docs(ctx.story)
    return got


def compile(rule, params):
    if not isinstance(params.get("check"), str):
        raise RuleError(f"{rule.path}: a gherkin rule names its check (check: <name>)")
    opts = {k: v for k, v in params.items() if k != "check"}
    scope = rule.scope
    state: list = []

    def build():
        from ..gherkin import results
        from ..gherkin.checks import get_check

        spec = get_check(params["check"])
        try:
            run = spec.make(opts)
        except RuleError:
            raise
        except (KeyError, TypeError, ValueError, re.error) as exc:
            raise RuleError(f"{rule.path}: bad parameters for kind gherkin: {exc}") from None
        state.extend((spec, run, results.fingerprint(rule.code, params)))

    def check(ctx):
        story = ctx.story
        if story.gherkin is None and not story.acceptance_criteria:
            return
        documents = refs(ctx)
        if not documents:
            return
        if not state:
            build()
        spec, run, fp = state
        from ..gherkin import results
        from ..gherkin.parse import Doc, make_hit

        for ref in documents:
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
                yield make_hit(story, ref, line, col, values)

    return check
