"""Recorded requests: the request value object and the thread-safe log that stores them."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Headers", "RecordedRequest", "RequestLog"]


class Headers(Mapping[str, str]):
    """Read-only, case-insensitive view of HTTP headers (original names and order kept).

    ``headers["user-agent"]``, ``headers.get("Content-Type")`` and ``"Accept" in headers`` all
    work regardless of case. When a header was sent several times, indexing returns the first
    value; ``get_all`` returns every value.

    Args:
        items: ``(name, value)`` pairs in the order they were received.
    """

    __slots__ = ("_index", "_items")

    def __init__(self, items: Iterable[tuple[str, str]] = ()) -> None:
        self._items: list[tuple[str, str]] = [(str(k), str(v)) for k, v in items]
        self._index: dict[str, str] = {}
        for name, value in self._items:
            self._index.setdefault(name.lower(), value)

    def __getitem__(self, name: str) -> str:
        return self._index[name.lower()]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._index

    def __iter__(self) -> Iterator[str]:
        seen = set()
        for name, _ in self._items:
            if name.lower() not in seen:
                seen.add(name.lower())
                yield name

    def __len__(self) -> int:
        return len(self._index)

    def get_all(self, name: str) -> list[str]:
        """Return every value sent for ``name`` (case-insensitive), in order.

        Args:
            name: Header name.

        Returns:
            The list of values, empty when the header is absent.
        """
        lowered = name.lower()
        return [v for k, v in self._items if k.lower() == lowered]

    def raw_items(self) -> list[tuple[str, str]]:
        """Return all ``(name, value)`` pairs exactly as received (duplicates included)."""
        return list(self._items)

    def __repr__(self) -> str:
        return f"Headers({self._items!r})"


@dataclass(frozen=True)
class RecordedRequest:
    """One HTTP request received by the test server.

    Attributes:
        method: Upper-case HTTP method, e.g. ``"POST"``.
        path: Request path without the query string, e.g. ``"/api/chat"``.
        query: Query parameters (last value wins for repeated keys).
        headers: Case-insensitive request headers.
        body: Raw request body (de-chunked when sent with chunked transfer encoding).
        json: The body parsed as JSON, or ``None`` when absent or not valid JSON.
        received_at: ``time.time()`` when the request head was read.
    """

    method: str
    path: str
    query: dict[str, str] = field(default_factory=dict)
    headers: Headers = field(default_factory=Headers)
    body: bytes = b""
    json: Any = None
    received_at: float = 0.0


class RequestLog:
    """Thread-safe, append-only list of ``RecordedRequest`` with a blocking wait."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._items: list[RecordedRequest] = []

    def append(self, request: RecordedRequest) -> None:
        """Record ``request`` and wake up waiters."""
        with self._cond:
            self._items.append(request)
            self._cond.notify_all()

    def snapshot(self) -> list[RecordedRequest]:
        """Return a copy of the recorded requests in arrival order."""
        with self._cond:
            return list(self._items)

    def last(self) -> RecordedRequest | None:
        """Return the most recent request, or ``None``."""
        with self._cond:
            return self._items[-1] if self._items else None

    def clear(self) -> None:
        """Forget every recorded request."""
        with self._cond:
            self._items.clear()

    def wait_for(self, count: int, timeout: float) -> list[RecordedRequest]:
        """Block until at least ``count`` requests were recorded.

        Args:
            count: Number of requests to wait for.
            timeout: Maximum number of seconds to wait.

        Returns:
            A snapshot of all recorded requests.

        Raises:
            TimeoutError: When fewer than ``count`` requests arrived in time.
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self._items) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"expected {count} request(s) within {timeout}s, got {len(self._items)}")
                self._cond.wait(remaining)
            return list(self._items)
