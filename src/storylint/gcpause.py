"""One pause of the cyclic garbage collector, shared by every review and read in the process.

A review (and the reading of a backlog) builds many small objects with no reference cycles;
with the collector running, its passes over the growing heap cost about a fifth of the time.
The collector's switch is process-wide, so concurrent reviews (the HTTP API serves several at
once) share one pause: the first one in turns it off, the last one out restores the state the
first one found. Nothing can leave it off for good, whatever the interleaving: two callers each
saving and restoring the state on their own could (one saves "off" while the other's pause
holds, then restores "off" after it).
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import Iterator

_lock = threading.Lock()
_holders = 0
_restore = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the collector while the block runs (see the module docstring); the first
    collection afterwards runs in the caller's code, once it has kept or dropped its results."""
    global _holders, _restore
    with _lock:
        if _holders == 0:
            _restore = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _restore:
                gc.enable()
