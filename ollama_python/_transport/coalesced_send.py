"""One send for a request's head and its (small) body on the sync transport's connections.

urllib3 sends the header block and the body with two ``sendall`` calls. On loopback each send
also runs the receiving side's TCP work in the sender's system call, so for a small JSON call
the second send costs about as much CPU as the rest of the client together. Here the header
block is held back and sent together with the body (or alone, when the reply is awaited
without a body).
"""

from __future__ import annotations

from typing import Any

_COALESCE_LIMIT = 256 * 1024  # a larger body goes in a send of its own rather than being copied


class CoalescedSend:
    """Mixin for ``http.client``-based connections (before the connection class in the bases)."""

    _held: bytes | None = None
    _holding = False
    sock: Any

    def endheaders(self, message_body: Any = None, *, encode_chunked: bool = False) -> None:
        if self.sock is None:  # connect (and tunnel) now, as the first send would have
            self.connect()  # type: ignore[attr-defined]
        self._held, self._holding = None, True
        try:
            super().endheaders(message_body, encode_chunked=encode_chunked)  # type: ignore[misc]
        finally:
            self._holding = False

    def send(self, data: Any) -> None:
        held, self._held = self._held, None
        if self._holding and held is None and isinstance(data, bytes):
            self._held = data  # the header block: waits for the body
            return
        if held is not None:
            if isinstance(data, bytes) and len(data) <= _COALESCE_LIMIT:
                data = held + data
            else:
                super().send(held)  # type: ignore[misc]
        super().send(data)  # type: ignore[misc]

    def flush_held(self) -> None:
        """Send a held header block (a request without a body, before its reply is read)."""
        held, self._held = self._held, None
        if held is not None:
            super().send(held)  # type: ignore[misc]

    def getresponse(self) -> Any:
        self.flush_held()
        return super().getresponse()  # type: ignore[misc]

    def close(self) -> None:
        self._held = None
        super().close()  # type: ignore[misc]
