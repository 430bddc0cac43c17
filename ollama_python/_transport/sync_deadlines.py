"""The sync transport's deadlines: on the wait for a reply's headers (and a proxy's answer to
``CONNECT``), and on each body read.

Socket timeouts restart with every byte received, so a server trickling its status line, headers,
chunk-size lines or blank lines would hold a read forever. Here a watchdog shuts the socket down
when a read outlives the read timeout, and the transport reports that as a timeout.

The wait for the headers is guarded by the connection classes here, which ``DeadlineAdapter``
puts in its pools, direct or through an HTTP(S) proxy. The transport sends through one on the
sessions it builds, and on a ``session=`` of yours whose adapter is requests' plain
``HTTPAdapter`` (it then uses a copy of that adapter's settings with a pool of its own). An
adapter subclass of yours is used as it is: there, and through a SOCKS proxy, the socket timeout
alone bounds the wait for the headers. Body reads are guarded on every session. A TLS handshake
needs no guard: Python's ssl module takes the socket timeout as a limit on the whole handshake.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.poolmanager import ProxyManager

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
    _current.reused = False
    try:
        yield guard
    finally:
        _current.guard = None


def sent_on_reused_connection() -> bool:
    """Whether this thread's last request went out on a kept-alive connection (on the connections
    of the adapters this SDK builds; False elsewhere)."""
    return bool(getattr(_current, "reused", False))


def read_guard(seconds: float | None, raw: Any) -> tuple[Guard | None, Any]:
    """A guard for the body reads of ``raw`` (a urllib3 response), and the socket it would shut."""
    connection = getattr(raw, "connection", None)
    sock = getattr(connection, "sock", None)
    if seconds is None or sock is None:
        return None, None
    return Guard(seconds), sock


class _GuardedWaits:
    """Mixin for urllib3 connections: the waits for the status line and headers of a reply, and of
    a proxy's answer to ``CONNECT`` (a tunnel for https), are guarded; each request notes whether
    its connection was reused.
    """

    sock: Any
    _served = 0  # requests sent on the current socket

    def connect(self) -> None:
        self._served = 0
        super().connect()  # type: ignore[misc]

    def request(self, *args: Any, **kwargs: Any) -> None:
        # Reused: a socket still open from an earlier exchange (not one just (re)connected).
        _current.reused = self.sock is not None and self._served > 0
        super().request(*args, **kwargs)  # type: ignore[misc]
        self._served += 1  # after: sending may connect first, which starts the count again

    def getresponse(self) -> Any:
        return self._guarded(super().getresponse)  # type: ignore[misc]

    def _tunnel(self) -> None:
        self._guarded(super()._tunnel)  # type: ignore[misc]

    def _guarded(self, wait: Callable[[], Any]) -> Any:
        guard: Guard | None = getattr(_current, "guard", None)
        if guard is None or self.sock is None:
            return wait()
        with WATCHDOG.watching(guard, self.sock):
            return wait()


class _Connection(_GuardedWaits, CoalescedSend, HTTPConnection):
    pass


class _TLSConnection(_GuardedWaits, CoalescedSend, HTTPSConnection):
    pass


class _Pool(HTTPConnectionPool):
    ConnectionCls = _Connection


class _TLSPool(HTTPSConnectionPool):
    ConnectionCls = _TLSConnection


_GUARDED_POOLS = {"http": _Pool, "https": _TLSPool}


class DeadlineAdapter(HTTPAdapter):
    """requests' adapter, with connections whose wait for a reply's headers is guarded, direct
    or through an HTTP(S) proxy.
    """

    @classmethod
    def like(cls, adapter: HTTPAdapter) -> DeadlineAdapter:
        """A new adapter with ``adapter``'s settings (retries, pool sizes, blocking, pool options
        such as an ``ssl_context``) and a connection pool of its own; ``adapter`` is not touched.
        """
        settings = vars(adapter)  # the pool settings have no public attributes
        copy = cls(
            pool_connections=settings["_pool_connections"],
            pool_maxsize=settings["_pool_maxsize"],
            max_retries=settings["max_retries"],
            pool_block=settings["_pool_block"],
        )
        copy.poolmanager.connection_pool_kw.update(adapter.poolmanager.connection_pool_kw)
        return copy

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _GUARDED_POOLS

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        new = proxy not in self.proxy_manager
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if new and isinstance(manager, ProxyManager):  # a SOCKS proxy's manager has pools of its own kind
            manager.pool_classes_by_scheme = _GUARDED_POOLS
        return manager
