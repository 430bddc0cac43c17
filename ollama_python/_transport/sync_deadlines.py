"""The sync transport's deadlines: on the wait for a reply's headers, and on each body read.

Socket timeouts restart with every byte received, so a server trickling its status line, headers,
chunk-size lines or blank lines would hold a read forever. Here a watchdog shuts the socket down
when a read outlives the read timeout, and the transport reports that as a timeout.

The wait for the headers is guarded on the sessions this SDK builds (their connection classes come
from here); on a ``session=`` of your own, the socket timeout still applies to it. Body reads are
guarded on every session.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from .coalesced_send import CoalescedSend
from .deadlines import WATCHDOG, Guard

_current = threading.local()


class DeadlinePassed(Exception):
    """A guarded read outlived the read timeout (turned into our ``TimeoutError`` by the transport)."""


def guarded_reads(read: Callable[[], bytes], raw: Any, seconds: float | None) -> Iterator[bytes]:
    """``read()`` until it returns nothing, each call ended by the watchdog after ``seconds``.

    The guard is registered once per reply; each read only re-arms it (two attribute writes).
    """
    guard, sock = read_guard(seconds, raw)
    if guard is None:
        yield from iter(read, b"")
        return
    with WATCHDOG.watching(guard, sock):
        while True:
            guard.rearm()
            try:
                data = read()
            except Exception:
                if guard.fired:
                    raise DeadlinePassed from None
                raise
            finally:
                guard.armed = False
            if guard.fired:
                raise DeadlinePassed
            if not data:
                return
            yield data


@contextmanager
def reply_deadline(seconds: float | None) -> Iterator[Guard | None]:
    """While the block runs, this thread's next wait for a reply's headers lasts ``seconds`` at most."""
    guard = Guard(seconds) if seconds is not None else None
    _current.guard = guard
    try:
        yield guard
    finally:
        _current.guard = None


def read_guard(seconds: float | None, raw: Any) -> tuple[Guard | None, Any]:
    """A guard for the body reads of ``raw`` (a urllib3 response), and the socket it would shut."""
    connection = getattr(raw, "connection", None)
    sock = getattr(connection, "sock", None)
    if seconds is None or sock is None:
        return None, None
    return Guard(seconds), sock


class _GuardedGetResponse:
    """Mixin for urllib3 connections: the wait for the status line and headers is guarded."""

    sock: Any

    def getresponse(self) -> Any:
        guard: Guard | None = getattr(_current, "guard", None)
        if guard is None or self.sock is None:
            return super().getresponse()  # type: ignore[misc]
        with WATCHDOG.watching(guard, self.sock):
            return super().getresponse()  # type: ignore[misc]


class _Connection(_GuardedGetResponse, CoalescedSend, HTTPConnection):
    pass


class _TLSConnection(_GuardedGetResponse, CoalescedSend, HTTPSConnection):
    pass


class _Pool(HTTPConnectionPool):
    ConnectionCls = _Connection


class _TLSPool(HTTPSConnectionPool):
    ConnectionCls = _TLSConnection


class DeadlineAdapter(HTTPAdapter):
    """requests' adapter, with connections whose wait for a reply's headers is guarded."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _Pool, "https": _TLSPool}
