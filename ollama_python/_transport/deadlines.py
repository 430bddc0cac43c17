"""Which phase of an exchange is running, and the deadline of the wait for the reply.

Socket timeouts restart on every byte, so a server trickling its status line or headers one
byte at a time would never trip them. The wait for the reply therefore gets one deadline for the
whole phase: from the moment the request is sent until the reply's headers are complete, at most
the read timeout. Phases before it have their own limits (pool, connect, TLS handshake).
"""

from __future__ import annotations

import time
from typing import Any

POOL = "pool"
CONNECT = "connect"
TLS_HANDSHAKE = "tls handshake"
WAITING = "waiting for the reply"


class ExchangeClock:
    """The current phase of one exchange, fed by httpx's ``trace`` events."""

    __slots__ = ("_read", "deadline", "phase")

    def __init__(self, read_timeout: float | None) -> None:
        self._read = read_timeout
        self.phase = POOL
        self.deadline: float | None = None

    async def trace(self, event: str, info: dict[str, Any]) -> None:
        """httpcore's trace callback: ``<scope>.<step>.started`` / ``.complete`` / ``.failed``."""
        if not event.endswith(".started"):
            return
        if "connect_tcp" in event or "connect_unix_socket" in event:
            self.phase = CONNECT
        elif "start_tls" in event:
            self.phase = TLS_HANDSHAKE
        elif "send_request_headers" in event and self.phase != WAITING:
            self.phase = WAITING
            if self._read is not None:
                self.deadline = time.monotonic() + self._read

    def remaining(self) -> float | None:
        """Seconds left before the deadline (None: no deadline yet)."""
        if self.deadline is None:
            return None
        return max(0.0, self.deadline - time.monotonic())
