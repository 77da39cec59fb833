"""Registers the cross-file Gherkin checks (duplicate feature/scenario names) as set checks."""

from ..gherkin import setchecks  # noqa: F401
