"""Python's cycle collector paused while a roster is read and analysed.

Reading a 100,000-row roster and adding up its work makes millions of small objects; each of
them counts toward the collector's next full pass over every object of the process, the
loaded catalog, scorebook and title coder included (seconds of passes that free nothing: the
audit's objects hold no reference cycles, and reference counting frees them). Pausing the
collector for the audit and resuming it afterwards keeps memory the same and saves that time.
Nested and concurrent audits (web-server threads) share one pause: the collector resumes when
the last one ends, and only if it was running when the first began.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Context manager and decorator: no cycle collection inside, as before afterwards."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
