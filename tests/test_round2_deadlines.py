"""Deadlines that hold against slow servers: whatever part of the exchange is slow, a call ends
within its timeout, and the message names the phase (TLS handshake, waiting for the reply,
between chunks, pool). Servers here are raw sockets on 127.0.0.1 that send byte by byte.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from ollama_python import AsyncClient, Client, InvalidResponseError, OllamaError, Timeout, TimeoutError

HEADERS = b"HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n"
LIMIT = 0.5
SLACK = 0.75


class RawServer:
    """Accepts connections on 127.0.0.1 and runs ``script(connection)`` for each, on a thread."""

    def __init__(self, script: Callable[[socket.socket], None]) -> None:
        self.script = script
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.1)
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stopped.is_set():
            try:
                connection, _ = self.listener.accept()
            except OSError:
                continue
            threading.Thread(target=self._run, args=(connection,), daemon=True).start()

    def _run(self, connection: socket.socket) -> None:
        with connection:
            connection.recv(65536)  # the request (small, arrives at once)
            with contextlib.suppress(OSError):  # the client gave up: what these tests want
                self.script(connection)
                # Closing with unread request bytes would send a reset that destroys the reply: drain first.
                connection.shutdown(socket.SHUT_WR)
                connection.settimeout(2)
                while connection.recv(65536):
                    pass

    def trickle(self, connection: socket.socket, data: bytes, interval: float = 0.05) -> None:
        """Send ``data`` a byte at a time, ``interval`` apart, until the server stops."""
        for byte in data:
            if self.stopped.wait(interval):
                return
            connection.sendall(bytes([byte]))

    def close(self) -> None:
        self.stopped.set()
        self.listener.close()
        self.thread.join(5)


def forever(data: bytes) -> bytes:
    return data * 100_000


SCRIPTS: dict[str, Callable[[RawServer, socket.socket], None]] = {
    "status line trickled": lambda s, c: s.trickle(c, b"HTTP/1.1 200 OK" + forever(b" ")),
    "header lines trickled": lambda s, c: s.trickle(c, b"HTTP/1.1 200 OK\r\n" + forever(b"X-Pad: 1\r\n")),
    "blank keep-alive lines": lambda s, c: (c.sendall(HEADERS), s.trickle(c, forever(b"1\r\n\n\r\n"))),
    "chunk-size line trickled": lambda s, c: (c.sendall(HEADERS), s.trickle(c, b"0" * 60_000)),
}


@pytest.fixture(params=sorted(SCRIPTS))
def slow_server(request: pytest.FixtureRequest) -> Iterator[tuple[str, RawServer]]:
    script = SCRIPTS[request.param]
    server = RawServer(lambda connection: script(server, connection))
    yield request.param, server
    server.close()


def call(mode: str, url: str, stream: bool, **options: Any) -> Any:
    options = {"timeout": Timeout(connect=LIMIT, read=LIMIT), "max_retries": 0, **options}
    if mode == "sync":
        with Client(url, **options) as client:
            if stream:
                return list(client.generate("llama3.2", "hi", stream=True))
            return client.generate("llama3.2", "hi")

    async def main() -> Any:
        async with AsyncClient(url, **options) as client:
            if stream:
                return [part async for part in await client.generate("llama3.2", "hi", stream=True)]
            return await client.generate("llama3.2", "hi")

    return asyncio.run(main())


@pytest.mark.timeout(20)
@pytest.mark.parametrize("stream", [False, True], ids=["plain", "streamed"])
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_trickling_server_cannot_hold_a_call_beyond_its_timeout(
    slow_server: tuple[str, RawServer], mode: str, stream: bool
) -> None:
    name, server = slow_server
    started = time.monotonic()
    with pytest.raises(TimeoutError) as caught:
        call(mode, server.url, stream)
    took = time.monotonic() - started
    assert took < LIMIT + SLACK, f"{name}: {took:.2f} s"
    assert "0.5 s" in str(caught.value)


@pytest.mark.timeout(20)
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_stalled_tls_handshake_is_named_as_such(mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # aiohttp has no signal between TCP connect and TLS: on its sockets the same stall ends, as
    # bounded, as a connect timeout (test_a_stalled_tls_handshake_on_aiohttp_ends_in_time).
    monkeypatch.setenv("OLLAMA_PYTHON_ASYNC_BACKEND", "httpx")
    server = RawServer(lambda connection: time.sleep(3))  # accepts, never answers the ClientHello
    try:
        started = time.monotonic()
        with pytest.raises(TimeoutError, match="TLS handshake") as caught:
            call(mode, server.url.replace("http://", "https://"), False)
        # Bounded well before the server's 3 s stall; TLS set-up (CA bundle) adds to the slack.
        assert time.monotonic() - started < LIMIT + 2 * SLACK
        assert "model" not in str(caught.value)
    finally:
        server.close()


@pytest.mark.timeout(20)
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_stall_between_chunks_is_named_as_such(mode: str) -> None:
    line = b'{"model":"m","created_at":"2025-01-01T00:00:00Z","response":"a","done":false}\n'
    server = RawServer(lambda c: (c.sendall(HEADERS + b"%x\r\n%s\r\n" % (len(line), line)), time.sleep(3)))
    try:
        with pytest.raises(TimeoutError, match="between chunks"):
            call(mode, server.url, True)
    finally:
        server.close()


@pytest.mark.timeout(30)
def test_a_burst_larger_than_the_pool_is_queued_not_failed() -> None:
    line = b'{"model":"m","created_at":"2025-01-01T00:00:00Z","response":"ok","done":true}'
    reply = (
        b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
        % (len(line), line)
    )
    server = RawServer(lambda c: (time.sleep(0.2), c.sendall(reply)))

    async def main() -> list[str]:
        async with httpx.AsyncClient(limits=httpx.Limits(max_connections=4)) as http:
            client = AsyncClient(server.url, timeout=Timeout(connect=LIMIT, read=5), session=http, max_retries=0)
            replies = await asyncio.gather(*(client.generate("m", "hi") for _ in range(40)))
            return [reply.response for reply in replies]

    try:
        assert asyncio.run(main()) == ["ok"] * 40  # 10 rounds of 4 calls, ~2 s, longer than the connect timeout
    finally:
        server.close()


@pytest.mark.timeout(20)
def test_waiting_for_a_pooled_connection_has_its_own_limit_and_message() -> None:
    server = RawServer(lambda c: (c.sendall(HEADERS), time.sleep(3)))  # a stream that never ends

    async def main() -> None:
        async with httpx.AsyncClient(limits=httpx.Limits(max_connections=1)) as http:
            client = AsyncClient(server.url, timeout=Timeout(connect=LIMIT, read=LIMIT), session=http, max_retries=0)
            stream = await client.generate("m", "hi", stream=True)  # holds the only connection
            try:
                await client.generate("m", "hi")
            finally:
                await stream.aclose()

    try:
        with pytest.raises(TimeoutError, match="pool timeout") as caught:
            asyncio.run(main())
        assert "model may still be loading" not in str(caught.value)
    finally:
        server.close()


@pytest.mark.timeout(20)
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_corrupt_gzip_body_is_our_error(mode: str) -> None:
    body = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03this is not deflate data at all"
    reply = (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n%s"
    )
    server = RawServer(lambda c: c.sendall(reply % (len(body), body)))
    try:
        with pytest.raises(InvalidResponseError, match="compressed body"):
            call(mode, server.url, False)
    finally:
        server.close()


@pytest.mark.timeout(20)
@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("stream", [False, True], ids=["plain", "streamed"])
def test_a_broken_chunked_encoding_is_our_error(mode: str, stream: bool) -> None:
    server = RawServer(lambda c: c.sendall(HEADERS + b"zz\r\n{}\r\n0\r\n\r\n"))
    try:
        with pytest.raises(OllamaError):
            call(mode, server.url, stream)
    finally:
        server.close()


@pytest.mark.timeout(20)
@pytest.mark.skipif(importlib.util.find_spec("aiohttp") is None, reason="aiohttp is not installed (the aiohttp extra)")
def test_a_stalled_tls_handshake_on_aiohttp_ends_in_time() -> None:
    server = RawServer(lambda connection: time.sleep(3))  # accepts, never answers the ClientHello
    try:
        started = time.monotonic()
        with pytest.raises(TimeoutError, match="connect timeout"):
            call("async", server.url.replace("http://", "https://"), False)
        assert time.monotonic() - started < LIMIT + 2 * SLACK
    finally:
        server.close()
