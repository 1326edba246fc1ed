"""The cycle collector pause around roster audits: nested and threaded pauses resume it once."""

from __future__ import annotations

import gc
import threading

from jobrisk.app.gc_pause import cycle_collection_paused


def test_collection_resumes_after_the_last_pause_and_only_if_it_was_running():
    assert gc.isenabled()
    with cycle_collection_paused():
        assert not gc.isenabled()
        with cycle_collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause is still on
    assert gc.isenabled()
    gc.disable()
    try:
        with cycle_collection_paused():
            pass
        assert not gc.isenabled()  # it was not running before: it is not started
    finally:
        gc.enable()


def test_a_pause_ends_even_when_the_audit_fails_and_threads_share_it():
    @cycle_collection_paused()
    def failing() -> None:
        raise ValueError("bad roster")

    try:
        failing()
    except ValueError:
        pass
    assert gc.isenabled()
    inside = threading.Event()
    release = threading.Event()

    def audit() -> None:
        with cycle_collection_paused():
            inside.set()
            release.wait(10)

    worker = threading.Thread(target=audit)
    worker.start()
    inside.wait(10)
    with cycle_collection_paused():
        pass
    assert not gc.isenabled()  # the other thread's audit still runs
    release.set()
    worker.join(10)
    assert gc.isenabled()
