"""The deadline watchdog survives guards leaving while it looks at them.

The garbage collector can run in the watchdog's own thread and finalize an abandoned reader, whose
``watching()`` block then discards its guard from the watchdog's set (the lock is re-entrant) in
the middle of the watchdog's loop. Here a guard whose deadline, when read, makes another guard
leave stands in for that finalizer: the thread must live on and still fire later deadlines.
"""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

import pytest

from ollama_python._transport.deadlines import Guard, Watchdog


class LeavingGuard(Guard):
    """A guard that, when the watchdog reads its deadline, makes ``leaver`` leave the set."""

    def __init__(self, seconds: float, watchdog: Watchdog) -> None:
        self._watchdog = watchdog
        self.leaver: Guard | None = None
        super().__init__(seconds)

    @property  # type: ignore[override]
    def deadline(self) -> float:
        if self.leaver is not None and threading.current_thread() is self._watchdog._thread:
            self._watchdog._guards.discard(self.leaver)  # as a finalizer would, re-entrantly
        return self._deadline

    @deadline.setter
    def deadline(self, value: float) -> None:
        self._deadline = value


@pytest.mark.timeout(10)
def test_the_watchdog_lives_on_when_guards_leave_during_its_loop() -> None:
    watchdog = Watchdog()
    errors: list[Any] = []
    previous = threading.excepthook
    threading.excepthook = lambda args: errors.append(args.exc_value)
    first, second = socket.socketpair()
    try:
        leaving = LeavingGuard(30, watchdog)
        others = [Guard(30) for _ in range(20)]
        with watchdog.watching(leaving, None):
            for guard in others:
                leaving.leaver = guard
                with watchdog.watching(guard, None):
                    time.sleep(0.01)
            # The thread is alive and still fires a deadline: the socket is shut down on time.
            short = Guard(0.2)
            with watchdog.watching(short, first):
                started = time.monotonic()
                first.settimeout(5)
                assert first.recv(1) == b""  # ended by the shutdown, not by the 5 s timeout
                assert time.monotonic() - started < 2
            assert short.fired
        assert watchdog._thread is not None and watchdog._thread.is_alive()
    finally:
        threading.excepthook = previous
        first.close()
        second.close()
    assert errors == []
