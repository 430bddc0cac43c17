"""Reply specifications and transport faults understood by ``OllamaTestServer``.

Each class describes *what* the test server should send for one request; the server's
writer (``_writer.py``) turns it into bytes on the socket. All of them are immutable
dataclasses, so one instance can safely be queued many times.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "JSONReply",
    "RawReply",
    "NDJSONReply",
    "HangReply",
    "TrickleReply",
    "DropReply",
    "ResetReply",
    "Reply",
]


def _check_status(status: int) -> None:
    if isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 999:
        raise ValueError(f"status must be an int between 100 and 999, got {status!r}")


def _check_seconds(name: str, value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValueError(f"{name} must be a non-negative number of seconds, got {value!r}")


@dataclass(frozen=True)
class JSONReply:
    """A complete JSON response with a ``Content-Length``.

    Args:
        body: Any JSON-serialisable value, encoded compactly like Go does
            (``separators=(",", ":")``, ``<``, ``>`` and ``&`` escaped). ``None`` sends an
            empty body (``Content-Length: 0``). ``bytes`` are sent verbatim (handy for
            malformed JSON served with a JSON content type).
        status: HTTP status code.
        headers: Extra response headers; they replace default headers of the same name
            (case-insensitive), e.g. ``{"Retry-After": "1"}``.
        delay: Seconds to wait before sending the status line.
    """

    body: Any = None
    status: int = 200
    headers: Mapping[str, str] | None = None
    delay: float = 0.0

    def __post_init__(self) -> None:
        _check_status(self.status)
        _check_seconds("delay", self.delay)


@dataclass(frozen=True)
class RawReply:
    """Exact bytes with a ``Content-Length`` (plain text, an HTML proxy page, non-UTF-8 ...).

    Args:
        body: The body; ``str`` is encoded as UTF-8.
        status: HTTP status code.
        content_type: ``Content-Type`` header value, or ``None`` to send no such header.
        headers: Extra response headers (override defaults case-insensitively).
        delay: Seconds to wait before sending the status line.
    """

    body: bytes | str = b""
    status: int = 200
    content_type: str | None = "text/plain; charset=utf-8"
    headers: Mapping[str, str] | None = None
    delay: float = 0.0

    def __post_init__(self) -> None:
        _check_status(self.status)
        _check_seconds("delay", self.delay)
        if not isinstance(self.body, (bytes, bytearray, str)):
            raise TypeError("RawReply.body must be bytes or str")


@dataclass(frozen=True)
class NDJSONReply:
    """A streamed ``application/x-ndjson`` response, one HTTP chunk per line.

    Args:
        lines: Each element is either a JSON-serialisable object (encoded compactly and
            terminated by ``"\\n"``) or ``bytes`` written verbatim as one chunk (invalid
            JSON, non-UTF-8, a last line without ``"\\n"``...). Empty ``bytes`` elements are
            skipped because a zero-length chunk would end the HTTP body.
        status: HTTP status code of the stream.
        headers: Extra response headers (override defaults case-insensitively).
        delay: Seconds to wait before sending the status line.
        interval: Seconds to sleep between two lines.
        drop_after: Close the connection abruptly after this many lines (no terminating
            zero-length chunk). ``0`` sends only the headers.
        omit_terminator: Send every line but not the final ``0\\r\\n\\r\\n``, then close the
            connection.
    """

    lines: Sequence[Any] = ()
    status: int = 200
    headers: Mapping[str, str] | None = None
    delay: float = 0.0
    interval: float = 0.0
    drop_after: int | None = None
    omit_terminator: bool = False

    def __post_init__(self) -> None:
        _check_status(self.status)
        _check_seconds("delay", self.delay)
        _check_seconds("interval", self.interval)
        if isinstance(self.lines, (str, bytes, bytearray)):
            raise TypeError("NDJSONReply.lines must be a sequence of objects or bytes, not a string")
        if self.drop_after is not None and (
            isinstance(self.drop_after, bool) or not isinstance(self.drop_after, int) or self.drop_after < 0
        ):
            raise ValueError("drop_after must be None or a non-negative int")


@dataclass(frozen=True)
class HangReply:
    """Accept the request and never answer.

    The handler keeps polling (with short timeouts) and exits when the client disconnects or
    the server stops, so it never blocks ``OllamaTestServer.stop``.

    Args:
        send_headers: If true, send a ``200`` chunked ``application/x-ndjson`` header block
            first and then hang without any body (simulates a stalled stream).
        headers: Extra response headers used when ``send_headers`` is true.
        delay: Seconds to wait before starting to hang (no observable effect unless
            ``send_headers`` is true).
    """

    send_headers: bool = False
    headers: Mapping[str, str] | None = None
    delay: float = 0.0

    def __post_init__(self) -> None:
        _check_seconds("delay", self.delay)


@dataclass(frozen=True)
class TrickleReply:
    """Send the response headers (chunked), then one byte every ``interval`` forever.

    No newline is ever sent, so a line-based reader never completes a line. The handler stops
    when the client disconnects or the server stops.

    Args:
        status: HTTP status code.
        content_type: ``Content-Type`` header value.
        interval: Seconds between two bytes (must be > 0).
        byte: The single byte to send repeatedly.
        headers: Extra response headers (override defaults case-insensitively).
        delay: Seconds to wait before sending the status line.
    """

    status: int = 200
    content_type: str = "application/x-ndjson"
    interval: float = 0.05
    byte: bytes = b" "
    headers: Mapping[str, str] | None = None
    delay: float = 0.0

    def __post_init__(self) -> None:
        _check_status(self.status)
        _check_seconds("delay", self.delay)
        _check_seconds("interval", self.interval)
        if self.interval <= 0:
            raise ValueError("TrickleReply.interval must be > 0")
        if not isinstance(self.byte, (bytes, bytearray)) or len(self.byte) != 1:
            raise ValueError("TrickleReply.byte must be exactly one byte")


@dataclass(frozen=True)
class DropReply:
    """Close the connection (orderly FIN) without sending anything.

    Clients typically report "remote end closed connection without response".

    Args:
        delay: Seconds to wait before closing.
    """

    delay: float = 0.0

    def __post_init__(self) -> None:
        _check_seconds("delay", self.delay)


@dataclass(frozen=True)
class ResetReply:
    """Abort the connection with a TCP RST (``SO_LINGER`` on, linger 0), sending nothing.

    Clients typically report "connection reset by peer".

    Args:
        delay: Seconds to wait before resetting.
    """

    delay: float = 0.0

    def __post_init__(self) -> None:
        _check_seconds("delay", self.delay)


Reply = JSONReply | RawReply | NDJSONReply | HangReply | TrickleReply | DropReply | ResetReply
"""Any reply specification accepted by ``OllamaTestServer.enqueue``."""

REPLY_TYPES = (JSONReply, RawReply, NDJSONReply, HangReply, TrickleReply, DropReply, ResetReply)
