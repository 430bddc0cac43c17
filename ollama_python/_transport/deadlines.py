"""Which phase of an exchange is running, and the deadline of the wait for the reply.

Socket timeouts restart on every byte, so a server trickling its status line or headers one
byte at a time would never trip them. The wait for the reply therefore gets one deadline for the
whole phase: from the moment the request is sent until the reply's headers are complete, at most
the read timeout. Phases before it have their own limits (pool, connect, TLS handshake).
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

POOL = "pool"
CONNECT = "connect"
TLS_HANDSHAKE = "tls handshake"
WAITING = "waiting for the reply"


class ExchangeClock:
    """The current phase of one exchange, fed by httpx's ``trace`` events, and the timer that
    cancels the exchange when its reply's headers are not complete in time (async transport).
    """

    __slots__ = ("_read", "_timer", "expired", "phase", "reused")

    def __init__(self, read_timeout: float | None) -> None:
        self._read = read_timeout
        self._timer: asyncio.TimerHandle | None = None
        self.phase = POOL
        self.expired = False
        self.reused = False

    async def trace(self, event: str, info: dict[str, Any]) -> None:
        """httpcore's trace callback (run in the sending task): ``<scope>.<step>.started`` /
        ``.complete`` / ``.failed``.
        """
        if event.endswith("receive_response_headers.complete"):
            self.stop()
        elif not event.endswith(".started"):
            return
        elif "connect_tcp" in event or "connect_unix_socket" in event:
            self.phase = CONNECT
        elif "start_tls" in event:
            self.phase = TLS_HANDSHAKE
        elif "send_request_headers" in event and self.phase != WAITING:
            self.reused = self.phase == POOL  # no connect step: a kept-alive connection
            self.phase = WAITING
            task = asyncio.current_task()
            if self._read is not None and task is not None:
                self._timer = asyncio.get_running_loop().call_later(self._read, self._expire, task)

    def _expire(self, task: asyncio.Task[Any]) -> None:
        self.expired = True
        task.cancel()

    def stop(self) -> None:
        """The headers arrived, or the exchange ended otherwise: no more deadline."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None


class ReadDeadline:
    """A wall-clock limit on each read of an async reply body, with one timer per reply.

    Arming a read writes a number; the timer, when it fires early, re-schedules itself for the
    current deadline. A read still running at its deadline has its task cancelled (``fired``
    tells the reader the cancel was this deadline's). Cheaper than ``asyncio.wait_for`` per read,
    which runs each read as a task of its own.
    """

    __slots__ = ("_deadline", "_handle", "_loop", "_seconds", "_task", "armed", "fired")

    def __init__(self, seconds: float) -> None:
        self._loop = asyncio.get_running_loop()
        self._seconds = seconds
        self._deadline = 0.0
        self._handle: asyncio.TimerHandle | None = None
        self._task: asyncio.Task[Any] | None = None
        self.armed = False
        self.fired = False

    def arm(self) -> None:
        """A read starts: it must end within the limit from now."""
        self._deadline = self._loop.time() + self._seconds
        self._task = asyncio.current_task()
        self.armed = True
        if self._handle is None:
            self._handle = self._loop.call_at(self._deadline, self._check)

    def disarm(self) -> None:
        """The read ended; the timer keeps no reference to the reading task (an abandoned reply
        must not keep its task, and through it the stream, alive until the timer fires).
        """
        self.armed = False
        self._task = None

    def _check(self) -> None:
        self._handle = None
        if not self.armed:
            return  # between reads: the next arm() schedules again
        if self._loop.time() < self._deadline:
            self._handle = self._loop.call_at(self._deadline, self._check)
            return
        self.fired = True
        if self._task is not None:
            self._task.cancel()

    def close(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None


class Guard:
    """A deadline on a blocking read of a socket (sync transport): past it, the socket is shut
    down, which ends the read however many bytes were trickled into it.
    """

    __slots__ = ("armed", "deadline", "fired", "seconds", "sock")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.sock: socket.socket | None = None
        self.fired = False
        self.armed = True  # cleared between reads, so a caller slow to ask for more is not cut off

    def rearm(self) -> None:
        """A new read starts: its deadline counts from now (no lock: the watchdog re-checks on waking)."""
        self.deadline = time.monotonic() + self.seconds
        self.armed = True

    def fire(self) -> None:
        self.fired = True
        if self.sock is not None:
            with contextlib.suppress(OSError):
                self.sock.shutdown(socket.SHUT_RDWR)


class Watchdog:
    """One daemon thread that fires the guards whose deadline passed."""

    def __init__(self) -> None:
        self._guards: set[Guard] = set()
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None
        self._next_wake = math.inf  # when the thread wakes next; it is only woken early for an earlier deadline

    @contextlib.contextmanager
    def watching(self, guard: Guard, sock: socket.socket | None) -> Iterator[Guard]:
        """Shut ``sock`` down if the block is still running at ``guard``'s deadline, counted from now."""
        guard.sock, guard.deadline = sock, time.monotonic() + guard.seconds
        with self._wake:
            self._guards.add(guard)
            if self._thread is None or not self._thread.is_alive():  # also after fork
                self._thread = threading.Thread(target=self._run, name="ollama-python-deadlines", daemon=True)
                self._thread.start()
            if guard.deadline < self._next_wake:
                self._next_wake = guard.deadline
                self._wake.notify()
        try:
            yield guard
        finally:
            with self._wake:
                self._guards.discard(guard)

    def _run(self) -> None:
        with self._wake:
            while True:
                now = time.monotonic()
                # Snapshots (tuple() copies without allocating per item): the garbage collector may run
                # in this thread and finalize an abandoned reader, whose watching() block then
                # discards its guard from the set (the lock is re-entrant) in the middle of a loop.
                for guard in tuple(self._guards):
                    if guard.armed and guard.deadline <= now:
                        self._guards.discard(guard)
                        guard.fire()
                # A guard disarmed or re-armed meanwhile is looked at again then, at the latest.
                self._next_wake = min([guard.deadline for guard in tuple(self._guards)], default=math.inf)
                self._wake.wait(None if self._next_wake == math.inf else self._next_wake - now)


WATCHDOG = Watchdog()
