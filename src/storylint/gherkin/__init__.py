"""Gherkin acceptance criteria: parsing (gherkin-official), checks, .gherkin-lintrc import, --fix.

Layout:

- :mod:`.parse`   -- find Gherkin documents in a story (a whole ``.feature`` text or blocks embedded
  in the acceptance criteria), parse each once with the official parser, map positions back.
- :mod:`.checks`  -- one small function per rule (``check: <name>`` in ``rules/gherkin/*.yml``).
- :mod:`.results` -- per-document, per-rule results shared by the rule kind, the process pool
  (:func:`.results.prefetch`) and the on-disk cache (:mod:`storylint.cache`).
- :mod:`.setchecks` -- the cross-file rules (duplicate feature / scenario names).
- :mod:`.lintrc`  -- translate a ``.gherkin-lintrc`` into storylint configuration.
- :mod:`.fix`     -- the purely mechanical fixes behind ``--fix``.
"""
