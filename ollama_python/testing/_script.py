"""Scripted replies: per-route FIFO queues of one-shot, repeated or permanent replies."""

from __future__ import annotations

import threading
from collections import deque

from ._replies import REPLY_TYPES, Reply

__all__ = ["ReplyScript", "route_key"]


def route_key(method: str, path: str) -> tuple[str, str]:
    """Normalise ``(method, path)``: upper-case method, path without query string.

    Args:
        method: HTTP method, any case.
        path: Request path; a query string or fragment is ignored.

    Returns:
        The key used to look replies up.
    """
    path = path.split("?", 1)[0].split("#", 1)[0] or "/"
    if not path.startswith("/"):
        path = "/" + path
    return method.upper(), path


class _Entry:
    __slots__ = ("remaining", "reply")

    def __init__(self, reply: Reply, remaining: int | None) -> None:
        self.reply = reply
        self.remaining = remaining  # None = permanent


class ReplyScript:
    """Thread-safe store of queued replies, consumed first-in first-out per route."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queues: dict[tuple[str, str], deque[_Entry]] = {}

    def enqueue(self, method: str, path: str, reply: Reply, times: int | None = 1) -> None:
        """Queue ``reply`` for ``(method, path)``.

        Args:
            method: HTTP method.
            path: Request path (query string ignored).
            reply: The reply specification.
            times: How many requests it answers; ``None`` answers every request on the route
                until ``clear`` (replies queued behind it are never reached).

        Raises:
            TypeError: ``reply`` is not a reply specification.
            ValueError: ``times`` is not a positive int or ``None``.
        """
        if not isinstance(reply, REPLY_TYPES):
            raise TypeError(f"not a reply specification: {reply!r}")
        if times is not None and (isinstance(times, bool) or not isinstance(times, int) or times < 1):
            raise ValueError(f"times must be a positive int or None, got {times!r}")
        key = route_key(method, path)
        with self._lock:
            self._queues.setdefault(key, deque()).append(_Entry(reply, times))

    def take(self, method: str, path: str) -> Reply | None:
        """Consume and return the next reply for the route, or ``None`` when none is queued."""
        key = route_key(method, path)
        with self._lock:
            queue = self._queues.get(key)
            if not queue:
                return None
            entry = queue[0]
            if entry.remaining is not None:
                entry.remaining -= 1
                if entry.remaining <= 0:
                    queue.popleft()
            return entry.reply

    def pending(self) -> list[tuple[str, str, Reply, int | None]]:
        """Return ``(method, path, reply, remaining)`` for every queued entry."""
        with self._lock:
            return [
                (key[0], key[1], entry.reply, entry.remaining) for key, queue in self._queues.items() for entry in queue
            ]

    def clear(self) -> None:
        """Drop every queued reply."""
        with self._lock:
            self._queues.clear()
