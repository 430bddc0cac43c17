"""Reading reply bodies straight from the socket's buffer (sync transport): the two hot paths.

``chunk_payloads`` reads a streamed reply's chunked framing; ``sized_body`` reads a body of known
length into one buffer allocated once.

Ollama flushes every NDJSON line as one HTTP chunk, so a streamed reply is a long run of tiny
chunks. ``http.client`` spends more per chunk on its bookkeeping (four method calls, state kept
between reads) than on the bytes; reading the size line, the data and the CRLF here takes two
buffered reads per chunk and halves the cost. The framing rules are ``http.client``'s: chunk
extensions are ignored, trailers are read and dropped, a malformed or cut chunk raises
``IncompleteRead`` and a line over 64 KiB ``LineTooLong``.
"""

from __future__ import annotations

import contextlib
import http.client
from collections.abc import Iterator
from typing import Any

from .deadlines import WATCHDOG, Guard
from .sync_deadlines import DeadlinePassed

_MAX_LINE = 65536
_READ_SIZE = 1 << 20  # per guarded read of a sized body: each read is bounded in time, not only the body


def can_read_chunks(response: Any) -> bool:
    """Whether ``response`` (an ``http.client.HTTPResponse``) is an unread chunked reply this module can read."""
    return (
        isinstance(response, http.client.HTTPResponse)
        and response.chunked
        and response.chunk_left is None  # nothing read through http.client yet
        and response.fp is not None
    )


def chunk_payloads(response: http.client.HTTPResponse, guard: Guard | None, sock: Any) -> Iterator[bytes]:
    """The data of each chunk of ``response``, as each arrives; the response is closed after the last.

    A chunk larger than 1 MiB is yielded a MiB at a time (the line-size limit applies as it grows).
    With a ``guard``, each chunk (size line, data, CRLF) must arrive within its time: past it the
    watchdog shuts ``sock`` down and the read ends with ``DeadlinePassed``. One generator does the
    framing and the guarding: a stream's every chunk passes through it.
    """
    source = response.fp
    assert source is not None
    readline, read = source.readline, source.read
    left = 0  # bytes of the current chunk still to read: a huge chunk comes in pieces
    with WATCHDOG.watching(guard, sock) if guard is not None else contextlib.nullcontext():
        while True:
            if guard is not None:
                guard.rearm()
            try:
                if not left:
                    left = _chunk_size(readline(_MAX_LINE + 1))
                    if not left:
                        _skip_trailer(readline)
                        break
                data = read(left if left <= _READ_SIZE else _READ_SIZE)
                left -= len(data)
                if not data or (not left and read(2) != b"\r\n"):
                    raise http.client.IncompleteRead(data, left)
            except Exception:
                if guard is not None and guard.fired:
                    raise DeadlinePassed from None
                if source.closed:  # closed under the reader (abort, close from elsewhere): the data just ends
                    return
                raise
            finally:
                if guard is not None:
                    guard.armed = False
            yield data
    if guard is not None and guard.fired:  # the trailer's end may have been the socket shut down
        raise DeadlinePassed
    response.close()  # read to the end: http.client lets the connection carry the next request


def sized_reply(response: Any) -> tuple[http.client.HTTPResponse, int] | None:
    """``response`` and its body's length when this module can read the body whole: an unread,
    unchunked ``http.client.HTTPResponse`` with a Content-Length; None otherwise.
    """
    if not isinstance(response, http.client.HTTPResponse) or response.chunked or response.fp is None:
        return None
    return None if response.length is None else (response, response.length)


def sized_body(response: http.client.HTTPResponse, length: int, guard: Guard | None, sock: Any) -> bytearray:
    """The whole body of ``response`` (``length`` bytes), received straight into one buffer.

    A 12 MB embedding reply is neither copied from read to read nor held twice. With a
    ``guard``, each read of up to 1 MiB must end within its time (as ``chunk_payloads``).
    """
    body = bytearray(length)
    with memoryview(body) as view, WATCHDOG.watching(guard, sock) if guard is not None else contextlib.nullcontext():
        received = 0
        while received < length:
            if guard is not None:
                guard.rearm()
            try:
                count = response.readinto(view[received : received + _READ_SIZE])
            except Exception:
                if guard is not None and guard.fired:
                    raise DeadlinePassed from None
                raise
            finally:
                if guard is not None:
                    guard.armed = False
            if not count:
                if guard is not None and guard.fired:
                    raise DeadlinePassed
                raise http.client.IncompleteRead(b"", length - received)
            received += count
    return body


def _chunk_size(line: bytes) -> int:
    if len(line) > _MAX_LINE:
        raise http.client.LineTooLong("chunk size")
    if not line.endswith(b"\n"):  # cut short: "0" then the end of the socket is not the last chunk
        raise http.client.IncompleteRead(line)
    try:
        size = int(line.split(b";", 1)[0], 16)
    except ValueError:
        raise http.client.IncompleteRead(b"") from None  # also a reply cut before the size line (b"")
    if size < 0:
        raise http.client.IncompleteRead(b"")
    return size


def _skip_trailer(readline: Any) -> None:
    while True:
        line = readline(_MAX_LINE + 1)
        if len(line) > _MAX_LINE:
            raise http.client.LineTooLong("trailer line")
        if line in (b"\r\n", b"\n", b""):
            return
