"""storylint: a linter for agile user stories.

The public entry point is :func:`storylint.review`; it takes stories and a resolved
configuration and returns a :class:`storylint.models.BacklogReport`. It does no I/O.
"""

__version__ = "0.1.0"

__all__ = ["__version__", "review"]


def __getattr__(name: str):
    # Lazy so that `storylint --version` and `import storylint` stay cheap.
    if name == "review":
        from .engine import review

        return review
    raise AttributeError(name)
