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
import threading

from ..gherkin import setchecks as _setchecks  # noqa: F401 - registers the cross-file checks (light)
from ..registry import RuleError, active_root

_REFS = "gherkin.refs"


def refs(ctx):
    got = ctx.cache.get(_REFS)
    if got is None:
        from ..gherkin.parse import story_docs

        got = ctx.cache[_REFS] = story_docs(ctx.story)
    return got


def make_check(rule, name: str, opts: dict):
    """``(spec, run)``: the rule's check ``name`` built with ``opts`` (its other parameters).
    Imports the parser and the checks; a bad value raises :class:`RuleError`."""
    from ..gherkin.checks import get_check

    spec = get_check(name)
    try:
        return spec, spec.make(opts)
    except RuleError:
        raise
    except (KeyError, TypeError, ValueError, re.error) as exc:
        raise RuleError(f"{rule.path}: bad parameters for kind gherkin: {exc}") from None


def validate(rule, params) -> None:
    """Build the rule's check with ``params`` now (compilation defers it to the first story
    with Gherkin), so that a bad option is a configuration error, not an error mid-run."""
    make_check(rule, params["check"], {k: v for k, v in params.items() if k != "check"})


def compile(rule, params):
    if not isinstance(params.get("check"), str):
        raise RuleError(f"{rule.path}: a gherkin rule names its check (check: <name>)")
    # The rules folder whose word lists the check reads: resolved now, not when the check is
    # built (the first story with Gherkin, long after compilation, maybe in another thread).
    root = active_root(params.get("rules_root"))
    plain = {k: v for k, v in params.items() if k != "rules_root"}
    opts = {k: v for k, v in plain.items() if k != "check"}
    if root:
        opts["rules_root"] = root
    scope = rule.scope
    # Built once, on first use (so linting plain text never imports the parser), under a lock:
    # concurrent reviews of one compiled configuration share it. One immutable tuple.
    state: list = [None]
    lock = threading.Lock()

    def build():
        from ..gherkin import results

        spec, run = make_check(rule, params["check"], opts)
        return spec, run, results.fingerprint(rule.code, plain, root)

    def built():
        got = state[0]
        if got is None:
            with lock:
                got = state[0]
                if got is None:
                    got = state[0] = build()
        return got

    def check(ctx):
        story = ctx.story
        if story.gherkin is None and not story.acceptance_criteria:
            return
        documents = refs(ctx)
        if not documents:
            return
        spec, run, fp = built()
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

    check.rules_root = root  # (read by results.gherkin_specs: the pool builds the same check)
    return check
