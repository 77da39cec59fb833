"""An estimate as story points, as every reader takes one (YAML, JSON, JSONL, and Markdown's
``Estimate:`` line): a number with or without a unit (``5 SP``, ``3 pts``, ``1,5``), a t-shirt
size (no points), a ``?`` or ``TBD`` (no points, and the story is not estimable yet: see
``unsized``), or an error that names the value.

Separate from the YAML/JSON reader that first had it so that the Markdown reader can use it
without loading that reader.
"""

from __future__ import annotations

import math
import re
from typing import Any

T_SHIRT_SIZE = re.compile(r"X{0,3}S|M|X{0,3}L", re.IGNORECASE)
"""T-shirt sizes, in any case: XXXS, XXS, XS, S, M, L, XL, XXL, XXXL."""

POINTS_RE = re.compile(r"(?P<n>\d+(?:[.,]\d+)?)\s*(?:sp|pts?|points?|story[ _-]?points?)?", re.IGNORECASE)
"""Story points as people write them: ``5 SP``, ``3 pts``, ``8 points``, a decimal comma ``1,5``."""


UNSIZED_RE = re.compile(r"\?+|tbd|tbc|unknown", re.IGNORECASE)
"""Estimates that say the team could not size the story: planning poker's ``?`` card, ``TBD``."""


def unsized(value: Any) -> str | None:
    """The text of an estimate that is no size but says the story could not be sized (``?``,
    ``??``, ``TBD``, ``unknown``), else None. The story is read without points, and INV044 says
    it is not estimable yet (rather than an input error about the value)."""
    if isinstance(value, str) and UNSIZED_RE.fullmatch(value.strip()):
        return value.strip()
    return None


def estimate_value(value: Any) -> float | None:
    """An estimate as story points: a finite number, 0 or more (``3``, ``"5"``, ``0.5``,
    ``"1,5"``), with or without a unit (``"5 SP"``, ``"3 pts"``, ``"8 points"``).

    Shared by every reader (YAML, JSON, JSONL and Markdown's ``Estimate:`` line). A t-shirt
    size (see ``T_SHIRT_SIZE``) or a blank string is a size that is not a number: None, the
    story is read without points and no point threshold (INV043) applies to it. Anything else
    (``lots``, ``true``, a list, a negative number, NaN, infinity, ``1e400``, an
    integer too large for a float) is a ValueError with a message that names the value.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(f"estimate {_shown(value)} is not a number")
    if isinstance(value, str) and (not value.strip() or T_SHIRT_SIZE.fullmatch(value.strip()) or unsized(value)):
        return None
    if isinstance(value, str) and (m := POINTS_RE.fullmatch(value.strip())):
        value = m.group("n").replace(",", ".")  # "5 SP", "3 pts", "1,5"
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"estimate {_shown(value)} is not a number or a t-shirt size (XS, S, M, L, XL, XXL)") from None
    except OverflowError:  # a JSON integer with hundreds of digits
        number = math.inf
    if not math.isfinite(number) or number < 0:
        raise ValueError(f"estimate {_shown(value)} is not a size (a finite number, 0 or more)")
    return number


def _shown(value: Any, limit: int = 40) -> str:
    """``repr(value)``, cut short when it is long (a number of hundreds of digits)."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 12]}... ({len(text)} characters)"
