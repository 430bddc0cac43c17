"""Serialise reply specifications and faults onto a connected socket."""

from __future__ import annotations

import enum
import http
import select
import socket
import threading
import time
from collections.abc import Mapping
from email.utils import formatdate

from ._gowire import encode_json
from ._replies import DropReply, HangReply, JSONReply, NDJSONReply, RawReply, Reply, ResetReply, TrickleReply

__all__ = ["Outcome", "ReplyWriter"]

_POLL = 0.05


class Outcome(enum.Enum):
    """What the connection should do after a reply was written."""

    KEEP_ALIVE = "keep-alive"
    CLOSE = "close"
    RESET = "reset"


_date_cache: tuple[int, str] = (0, "")


def _http_date() -> str:
    global _date_cache
    now = int(time.time())
    if _date_cache[0] != now:
        _date_cache = (now, formatdate(now, usegmt=True))
    return _date_cache[1]


def _reason(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return f"status code {status}"


class ReplyWriter:
    """Writes one reply to ``sock``.

    Args:
        sock: The connected client socket.
        stopping: Event set when the server shuts down; every wait aborts on it.
        head: The request was ``HEAD`` (send no body).
        close: The client asked to close the connection after this response.
    """

    def __init__(self, sock: socket.socket, stopping: threading.Event, *, head: bool, close: bool) -> None:
        self.sock = sock
        self.stopping = stopping
        self.head = head
        self.close = close

    # -- helpers --------------------------------------------------------------------------------

    def _wait(self, seconds: float) -> bool:
        """Sleep ``seconds`` unless the server stops; return False when it is stopping."""
        if seconds > 0:
            return not self.stopping.wait(seconds)
        return not self.stopping.is_set()

    def _head_block(self, status: int, defaults: list[tuple[str, str]], extra: Mapping[str, str] | None) -> bytes:
        headers = list(defaults)
        if extra:
            overridden = {name.lower() for name in extra}
            headers = [(k, v) for k, v in headers if k.lower() not in overridden]
            headers += [(str(k), str(v)) for k, v in extra.items()]
        if self.close and not any(k.lower() == "connection" for k, _ in headers):
            headers.append(("Connection", "close"))
        lines = [f"HTTP/1.1 {status} {_reason(status)}"] + [f"{k}: {v}" for k, v in headers]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    def _finish(self) -> Outcome:
        return Outcome.CLOSE if self.close else Outcome.KEEP_ALIVE

    def _client_gone(self) -> bool:
        """Poll the socket briefly; True when the peer closed or reset the connection."""
        try:
            readable, _, _ = select.select([self.sock], [], [], _POLL)
            if readable:
                if self.sock.recv(1, socket.MSG_PEEK) == b"":
                    return True
                self.stopping.wait(_POLL)  # pipelined data pending: avoid a busy loop
        except (OSError, ValueError):
            return True
        return False

    # -- reply kinds ----------------------------------------------------------------------------

    def write(self, reply: Reply) -> Outcome:
        """Send ``reply``; network errors propagate as ``OSError``.

        Returns:
            Whether the connection can be reused, must be closed, or must be reset.
        """
        if not self._wait(getattr(reply, "delay", 0.0)):
            return Outcome.CLOSE
        if isinstance(reply, JSONReply):
            return self._write_json(reply)
        if isinstance(reply, RawReply):
            return self._write_fixed(reply.status, reply.content_type, _raw_bytes(reply.body), reply.headers)
        if isinstance(reply, NDJSONReply):
            return self._write_ndjson(reply)
        if isinstance(reply, HangReply):
            return self._hang(reply)
        if isinstance(reply, TrickleReply):
            return self._trickle(reply)
        if isinstance(reply, DropReply):
            return Outcome.CLOSE
        if isinstance(reply, ResetReply):
            return Outcome.RESET
        raise TypeError(f"unsupported reply: {reply!r}")

    def _write_json(self, reply: JSONReply) -> Outcome:
        body = reply.body
        if body is None:
            data = b""
        elif isinstance(body, (bytes, bytearray)):
            data = bytes(body)
        else:
            data = encode_json(body)
        return self._write_fixed(reply.status, "application/json; charset=utf-8", data, reply.headers)

    def _write_fixed(
        self, status: int, content_type: str | None, data: bytes, extra: Mapping[str, str] | None
    ) -> Outcome:
        defaults = []
        if content_type is not None:
            defaults.append(("Content-Type", content_type))
        defaults += [("Date", _http_date()), ("Content-Length", str(len(data)))]
        head = self._head_block(status, defaults, extra)
        self.sock.sendall(head if self.head or not data else head + data)
        return self._finish()

    def _stream_head(self, status: int, content_type: str, extra: Mapping[str, str] | None) -> bytes:
        defaults = [("Content-Type", content_type), ("Date", _http_date()), ("Transfer-Encoding", "chunked")]
        return self._head_block(status, defaults, extra)

    def _write_ndjson(self, reply: NDJSONReply) -> Outcome:
        self.sock.sendall(self._stream_head(reply.status, "application/x-ndjson", reply.headers))
        if self.head:
            return self._finish()
        sent = 0
        for line in reply.lines:
            if reply.drop_after is not None and sent >= reply.drop_after:
                return Outcome.CLOSE
            if sent and reply.interval and not self._wait(reply.interval):
                return Outcome.CLOSE
            data = bytes(line) if isinstance(line, (bytes, bytearray)) else encode_json(line) + b"\n"
            if not data:
                continue
            self.sock.sendall(b"%x\r\n%b\r\n" % (len(data), data))
            sent += 1
        if reply.omit_terminator or reply.drop_after is not None:
            return Outcome.CLOSE
        self.sock.sendall(b"0\r\n\r\n")
        return self._finish()

    def _hang(self, reply: HangReply) -> Outcome:
        if reply.send_headers:
            self.sock.sendall(self._stream_head(200, "application/x-ndjson", reply.headers))
        while not self.stopping.is_set() and not self._client_gone():
            pass
        return Outcome.CLOSE

    def _trickle(self, reply: TrickleReply) -> Outcome:
        self.sock.sendall(self._stream_head(reply.status, reply.content_type, reply.headers))
        chunk = b"1\r\n" + bytes(reply.byte) + b"\r\n"
        while self._wait(reply.interval):
            self.sock.sendall(chunk)
        return Outcome.CLOSE


def _raw_bytes(body: bytes | bytearray | memoryview | str) -> bytes:
    if isinstance(body, str):
        return body.encode("utf-8")
    return bytes(body)
