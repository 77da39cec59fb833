"""Per-document, per-rule results: computed once, shared by every consumer.

A result entry belongs to one Gherkin document (keyed by the hash of its text and how it is
parsed) and maps a rule fingerprint (code + parameters + word lists) to the rule's raw results
in document positions. Three producers fill entries:

- the rule kind, lazily, when a rule runs on a story (:mod:`storylint.kinds.gherkin`);
- :func:`prefetch`, which parses and checks many documents in a process pool before the
  engine runs (cold runs over many files), so that no file is parsed twice;
- the on-disk result cache (:mod:`storylint.cache`), for warm runs over unchanged files.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections import OrderedDict
from typing import Any, Iterable, Sequence

from ..models import Story
from ..registry import wordlist
from .checks import get_check
from .parse import Doc, DocRef, story_docs
from . import spans
from .walk import scenarios

NAMES = "__names2__"
"""Pseudo-rule holding the feature and scenario names of a document (for set-level rules):
``(name, line, column, end line, end column)`` each, the span of the name."""

RESULTS_FORMAT = "spans-2"
"""Part of every fingerprint: results of an older layout (no ``_end``) or of checks that have
changed what they report since are never reused. Bump it with every change to a Gherkin check's
results (spans-2: GHK027 leaves out inherited tags)."""

_MEM: "OrderedDict[str, dict[str, Any]]" = OrderedDict()
_MEM_MAX = 4096
_DOCS: "OrderedDict[str, Doc]" = OrderedDict()
_DOCS_MAX = 64
_LOCK = threading.Lock()
"""Guards both LRUs: concurrent reviews (threads of one server) read and evict them."""


def fingerprint(code: str, params: dict[str, Any], root: str | None = None) -> str:
    """The key of one rule's results: its code, parameters and the word lists they name, read
    from ``root`` (a custom rules folder; None: the bundled rules)."""
    h = hashlib.blake2b(digest_size=12)
    h.update(RESULTS_FORMAT.encode())
    h.update(code.encode())
    h.update(json.dumps(params, sort_keys=True, default=str).encode())
    for key in ("wordlist", "verbs_wordlist", "third_person_wordlist"):
        names = params.get(key)
        for name in [names] if isinstance(names, str) else (names or []):
            h.update("\n".join(wordlist(name, root)).encode())
    return h.hexdigest()


def _entry(key: str, load: bool = True) -> dict[str, Any] | None:
    with _LOCK:
        entry = _MEM.get(key)
        if entry is not None:
            _MEM.move_to_end(key)
            return entry
    if not load:
        return None
    from .. import cache

    disk = cache.active()
    if disk is not None:
        entry = disk.load(key)
        if entry is not None:
            _remember(key, entry)
            return entry
    return None


def _remember(key: str, entry: dict[str, Any]) -> None:
    with _LOCK:
        _MEM[key] = entry
        if len(_MEM) > _MEM_MAX:
            _MEM.popitem(last=False)


def get(key: str, fp: str) -> list | None:
    entry = _entry(key)
    if entry is None:
        return None
    return entry.get(fp)


def put(key: str, fp: str, hits: list) -> None:
    loaded = _entry(key)
    with _LOCK:
        # A new entry, never a change to a published one: another thread may be reading or
        # writing that one out (copy on write).
        entry = {**(_MEM.get(key) or loaded or {}), fp: hits}
    _remember(key, entry)
    from .. import cache

    disk = cache.active()
    if disk is not None:
        disk.mark(key, entry)


def doc(ref: DocRef) -> Doc:
    """The parsed document for a reference (parsed once; small LRU for repeated blocks)."""
    with _LOCK:
        d = _DOCS.get(ref.key)
    if d is None:
        d = ref.build()  # (outside the lock: parsing is the slow part)
        with _LOCK:
            _DOCS[ref.key] = d
            if len(_DOCS) > _DOCS_MAX:
                _DOCS.popitem(last=False)
    return d


def names_of(d: Doc) -> dict[str, Any]:
    f = d.feature
    if f is None:
        return {"feature": None, "scenarios": []}
    feat = None if d.is_synthetic(f) else (f.get("name", ""), *spans.name(d, f))
    scen = [(sc.get("name", ""), *spans.name(d, sc)) for sc, _rule in scenarios(f) if not d.is_synthetic(sc)]
    return {"feature": feat, "scenarios": scen}


def names(ref: DocRef) -> dict[str, Any]:
    got = get(ref.key, NAMES)
    if got is None:
        got = names_of(doc(ref))
        put(ref.key, NAMES, got)
    return got


# ---------------------------------------------------------------------------------------
# Many documents at once, in a process pool

Spec = tuple[str, str, dict[str, Any], bool]  # (fingerprint, check name, options, needs_ast)

_WORKER_RUNS: list[tuple[str, Any, bool]] = []


def _init_worker(specs: Sequence[Spec]) -> None:
    global _WORKER_RUNS
    _WORKER_RUNS = [(fp, get_check(name).make(opts), needs_ast) for fp, name, opts, needs_ast in specs]


def _work(job: tuple[str, str, bool, int, str, frozenset[int]]) -> tuple[str, dict[str, Any]]:
    key, text, markdown, synthetic, origin, synth_lines = job
    from .parse import build_doc

    d = build_doc(text, markdown=markdown, synthetic=synthetic, origin=origin, synthetic_lines=synth_lines)
    return key, compute(d, _WORKER_RUNS)


def compute(d: Doc, runs: Iterable[tuple[str, Any, bool]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for fp, run, needs_ast in runs:
        out[fp] = [] if (needs_ast and d.ast is None) else list(run(d, ""))
    out[NAMES] = names_of(d)
    return out


def gherkin_specs(compiled: Any) -> list[Spec]:
    """The cacheable Gherkin rules of a compiled configuration (see :func:`engine.compile_config`)."""
    specs: list[Spec] = []
    for cr in getattr(compiled, "story_rules", ()):
        if cr.rule.kind != "gherkin":
            continue
        spec = get_check(cr.params["check"])
        if spec.uses_path:
            continue
        root = getattr(cr.checker, "rules_root", None)
        plain = {k: v for k, v in cr.params.items() if k != "rules_root"}
        opts = {k: v for k, v in plain.items() if k != "check"}
        if root:
            opts["rules_root"] = root
        specs.append((fingerprint(cr.rule.code, plain, root), cr.params["check"], opts, spec.needs_ast))
    return specs


def prefetch(stories: Iterable[Story], compiled: Any, *, jobs: int | None = None, min_chars: int = 200_000) -> int:
    """Parse and check the Gherkin documents of many stories ahead of :func:`engine.review`.

    Documents whose results are already known (memory or the on-disk cache) are skipped. When
    the remaining text is large enough (``min_chars``) and more than one core is available,
    the work runs in a process pool, one document per task; otherwise it runs here. Returns
    the number of documents computed.
    """
    specs = gherkin_specs(compiled)
    if not specs:
        return 0
    fps = [s[0] for s in specs]
    todo: dict[str, DocRef] = {}
    for story in stories:
        for ref in story_docs(story):
            if ref.key in todo:
                continue
            entry = _entry(ref.key)
            if entry is not None and NAMES in entry and all(fp in entry for fp in fps):
                continue
            todo[ref.key] = ref
    if not todo:
        return 0
    size = sum(len(r.text) for r in todo.values())
    workers = min(jobs or os.cpu_count() or 1, len(todo))
    results: Iterable[tuple[str, dict[str, Any]]]
    jobs_list = [
        (r.key, r.text, r.markdown, r.synthetic, r.origin, frozenset(i + 1 for i, e in enumerate(r.line_map or ()) if e is None))
        for r in todo.values()
    ]
    if workers > 1 and size >= min_chars:
        import multiprocessing as mp

        try:
            ctx = mp.get_context("fork")
        except ValueError:  # pragma: no cover - platforms without fork
            ctx = mp.get_context()
        with ctx.Pool(workers, initializer=_init_worker, initargs=(specs,)) as pool:
            results = pool.map(_work, jobs_list, chunksize=max(1, len(jobs_list) // (workers * 4)))
    else:
        _init_worker(specs)
        results = [_work(j) for j in jobs_list]
    for key, entry in results:
        for fp, hits in entry.items():
            put(key, fp, hits)
    return len(jobs_list)


def clear() -> None:
    """Forget every in-memory result (tests; long-running servers)."""
    with _LOCK:
        _MEM.clear()
        _DOCS.clear()
