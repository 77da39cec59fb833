"""The eval harness behind ``storylint eval``: labelled cases -> precision / recall per rule.

Layout (small modules, no I/O in :mod:`.metrics`):

- :mod:`.cases`    -- load and validate ``eval/cases/<suite>/*.yaml`` (errors name file, case, field).
- :mod:`.run`      -- review every case with :func:`storylint.engine.review`, score expectations.
- :mod:`.metrics`  -- confusion counts, precision, recall, F1.
- :mod:`.datasets` -- external labelled files: the UStAI CSV and the QUS examples CSV.
- :mod:`.baseline` -- the committed ``eval/baseline.json`` and the ``--check`` comparison.
- :mod:`.report`   -- table, markdown and JSON output.
"""

from __future__ import annotations


class EvalError(ValueError):
    """Bad input to the harness (a case file, a dataset, a baseline). The CLI exits 2."""
