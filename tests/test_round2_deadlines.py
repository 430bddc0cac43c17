"""Deadlines that hold against slow servers: whatever part of the exchange is slow, a call ends
within its timeout, and the message names the phase (TLS handshake, waiting for the reply,
between chunks, pool). Servers here are raw sockets on 127.0.0.1 that send byte by byte.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import importlib.util
import socket
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
import requests
import urllib3.poolmanager
from raw_http import AcceptLoop
from requests.adapters import HTTPAdapter

from ollama_python import (
    AsyncClient,
    Client,
    ConnectionError,
    InvalidResponseError,
    OllamaError,
    Timeout,
    TimeoutError,
)

HEADERS = b"HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n"
LIMIT = 0.5
SLACK = 0.75


class RawServer(AcceptLoop):
    """Accepts connections on 127.0.0.1 and runs ``script(connection)`` for each, on a thread."""

    def __init__(self, script: Callable[[socket.socket], None]) -> None:
        self.script = script
        self.received: list[bytes] = []  # the start of each request (its line and headers)
        self.peers: list[str] = []  # the client address of each connection
        self.hangups = 0
        super().__init__()

    def handle(self, connection: socket.socket, peer: str) -> None:
        self.peers.append(peer)
        with connection:
            self.received.append(connection.recv(65536))  # the request (small, arrives at once)
            with contextlib.suppress(OSError):  # the client gave up: what these tests want
                self.script(connection)
                # Closing with unread request bytes would send a reset that destroys the reply: drain first.
                connection.shutdown(socket.SHUT_WR)
                connection.settimeout(2)
                while connection.recv(65536):
                    pass
                self.hangups += 1  # the client closed its end within 2 s

    def trickle(self, connection: socket.socket, data: bytes, interval: float = 0.05) -> None:
        """Send ``data`` a byte at a time, ``interval`` apart, until the server stops."""
        for byte in data:
            if self.stopped.wait(interval):
                return
            connection.sendall(bytes([byte]))


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


BACKENDS = ["sync", "async on httpx", "async on aiohttp"]


def on_backend(backend: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The mode for ``call`` with the async backend chosen (aiohttp is used when installed)."""
    if backend == "async on aiohttp" and importlib.util.find_spec("aiohttp") is None:
        pytest.skip("aiohttp is not installed (the aiohttp extra)")
    if backend == "async on httpx":
        monkeypatch.setenv("OLLAMA_PYTHON_ASYNC_BACKEND", "httpx")
    else:
        monkeypatch.delenv("OLLAMA_PYTHON_ASYNC_BACKEND", raising=False)
    return backend.split()[0]


def sent_through(error: BaseException) -> set[str]:
    """The top-level packages of the exceptions behind ``error`` (which library timed out)."""
    packages = set()
    while (error := error.__cause__ or error.__context__) is not None:  # type: ignore[assignment]
        packages.add(type(error).__module__.split(".")[0])
    return packages


TLS_STALLS: dict[str, Callable[[RawServer, socket.socket], None]] = {
    "silent": lambda s, c: time.sleep(3),  # accepts, never answers the ClientHello
    # A handshake record announcing 16 KiB, whose bytes then trickle in.
    "record trickled": lambda s, c: s.trickle(c, b"\x16\x03\x03\x40\x00" + bytes(16384)),
}


@pytest.mark.timeout(20)
@pytest.mark.parametrize("stall", sorted(TLS_STALLS))
@pytest.mark.parametrize("backend", BACKENDS)
def test_a_stalled_tls_handshake_is_named_as_such(backend: str, stall: str, monkeypatch: pytest.MonkeyPatch) -> None:
    mode = on_backend(backend, monkeypatch)
    server = RawServer(lambda connection: TLS_STALLS[stall](server, connection))
    try:
        started = time.monotonic()
        with pytest.raises(TimeoutError, match="TLS handshake") as caught:
            call(mode, server.url.replace("http://", "https://"), False)
        # Bounded well before the server's 3 s stall; TLS set-up (CA bundle) adds to the slack.
        assert time.monotonic() - started < LIMIT + 2 * SLACK
        assert "model" not in str(caught.value) and "could not connect" not in str(caught.value)
        assert backend != "async on aiohttp" or "aiohttp" in sent_through(caught.value)
    finally:
        server.close()


@pytest.mark.timeout(20)
@pytest.mark.parametrize("scheme", ["http", "https"])
@pytest.mark.parametrize("backend", BACKENDS)
def test_a_stalled_tcp_connect_is_named_as_such(backend: str, scheme: str, monkeypatch: pytest.MonkeyPatch) -> None:
    mode = on_backend(backend, monkeypatch)
    # A listener that never accepts, with its backlog full: further connection attempts get no answer.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    filler = socket.create_connection(listener.getsockname(), timeout=2)
    try:
        started = time.monotonic()
        with pytest.raises(TimeoutError, match=r"could not connect .* within 0\.5 s \(connect timeout\)") as caught:
            call(mode, f"{scheme}://127.0.0.1:{listener.getsockname()[1]}", False)
        assert time.monotonic() - started < LIMIT + SLACK
        assert "TLS" not in str(caught.value) and "model" not in str(caught.value)
        assert backend != "async on aiohttp" or "aiohttp" in sent_through(caught.value)
    finally:
        filler.close()
        listener.close()


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


# -- a requests.Session of yours, and proxies (sync) -------------------------------------------

REPLY_START_SCRIPTS = ["status line trickled", "header lines trickled"]
ANSWER = b'{"model":"m","created_at":"2025-01-01T00:00:00Z","response":"ok","done":true}'
ANSWER_REPLY = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (
    len(ANSWER),
    ANSWER,
)


def user_session(kind: str) -> requests.Session:
    session = requests.Session()
    if kind == "with credentials":
        session.auth = ("ada", "s3cret")
        session.headers["X-Team"] = "research"
    return session


def assert_untouched(session: requests.Session, url: str) -> None:
    """The session's own adapter is requests' default as it was, and no connection went through it."""
    adapter = session.get_adapter(url)
    assert type(adapter) is HTTPAdapter
    assert adapter.poolmanager.pool_classes_by_scheme is urllib3.poolmanager.pool_classes_by_scheme
    assert not adapter.poolmanager.pools and not adapter.proxy_manager


@pytest.mark.timeout(20)
@pytest.mark.parametrize("kind", ["plain", "with credentials"])
@pytest.mark.parametrize("script", REPLY_START_SCRIPTS)
def test_a_trickled_reply_start_on_a_session_of_yours_ends_in_time(script: str, kind: str) -> None:
    server = RawServer(lambda connection: SCRIPTS[script](server, connection))
    session = user_session(kind)
    try:
        started = time.monotonic()
        with pytest.raises(TimeoutError, match=r"did not answer within 0\.5 s \(read timeout\)"):
            call("sync", server.url, False, session=session)
        assert time.monotonic() - started < LIMIT + SLACK
        request = server.received[0]
        assert request.startswith(b"POST /api/generate HTTP/1.1\r\n")
        if kind == "with credentials":  # the session still prepares what is sent
            assert b"Authorization: Basic " + base64.b64encode(b"ada:s3cret") + b"\r\n" in request
            assert b"X-Team: research\r\n" in request
        assert_untouched(session, server.url)
    finally:
        session.close()
        server.close()


@pytest.mark.timeout(20)
@pytest.mark.parametrize("scheme", ["http", "https"])
@pytest.mark.parametrize(
    ("mode", "kind"),
    [("sync", "our session"), ("sync", "plain"), ("sync", "with credentials"), ("async", "our session")],
)
def test_a_proxy_trickling_its_answer_cannot_hold_a_call(mode: str, kind: str, scheme: str) -> None:
    # For http, the proxy receives the request in absolute form and its reply is the reply; for
    # https, it receives CONNECT and its answer to that is trickled.
    proxy = RawServer(lambda connection: SCRIPTS["header lines trickled"](proxy, connection))
    session = user_session(kind) if kind != "our session" else None
    target = f"{scheme}://127.0.0.1:9"  # never contacted: only named in the request to the proxy
    try:
        started = time.monotonic()
        with pytest.raises(TimeoutError, match=r"did not answer within 0\.5 s"):
            call(mode, target, False, proxy=proxy.url, session=session)
        assert time.monotonic() - started < LIMIT + SLACK
        expected = b"POST http://127.0.0.1:9/api/generate HTTP/1.1\r\n" if scheme == "http" else b"CONNECT 127.0.0.1:9 "
        assert proxy.received[0].startswith(expected)
        if session is not None:
            if kind == "with credentials" and scheme == "http":
                assert b"Authorization: Basic " in proxy.received[0]
            assert_untouched(session, target)
    finally:
        if session is not None:
            session.close()
        proxy.close()


class AdapterOfYours(HTTPAdapter):
    """An adapter class of the user's own (as for unix sockets or client certificates), counting sends."""

    def __init__(self) -> None:
        super().__init__()
        self.sent = 0

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        self.sent += 1
        return super().send(request, *args, **kwargs)


@pytest.mark.timeout(20)
def test_an_adapter_class_of_yours_is_used_as_it_is() -> None:
    # Documented: there the wait for the headers is bounded by the socket timeout only, which
    # each trickled byte restarts. A reply start trickled over 3x the read timeout is awaited.
    server = RawServer(lambda c: (server.trickle(c, ANSWER_REPLY[:30]), c.sendall(ANSWER_REPLY[30:])))
    session = requests.Session()
    adapter = AdapterOfYours()
    session.mount("http://", adapter)
    try:
        started = time.monotonic()
        assert call("sync", server.url, False, session=session).response == "ok"
        assert time.monotonic() - started > 3 * LIMIT
        assert adapter.sent == 1
    finally:
        session.close()
        server.close()


def loopback_alias_works() -> bool:
    """Whether 127.0.0.2 can be bound (Linux routes all of 127/8 to loopback; macOS only 127.0.0.1)."""
    try:
        with socket.socket() as probe:
            probe.bind(("127.0.0.2", 0))
    except OSError:
        return False
    return True


@pytest.mark.timeout(20)
@pytest.mark.skipif(not loopback_alias_works(), reason="127.0.0.2 is not a loopback address on this system")
def test_a_session_of_yours_keeps_its_adapter_settings_and_close_closes_our_pool() -> None:
    # pool_maxsize=1 with pool_block=True: calls from several threads take turns on one connection;
    # source_address (a pool option set on the adapter): connections come from 127.0.0.2.
    active = [0, 0]  # connections being answered now, most at once
    lock = threading.Lock()

    def answer(connection: socket.socket) -> None:
        with lock:
            active[0] += 1
            active[1] = max(active)
        time.sleep(0.1)
        with lock:
            active[0] -= 1
        connection.sendall(ANSWER_REPLY.replace(b"200 OK\r\n", b"200 OK\r\nConnection: close\r\n"))

    server = RawServer(answer)
    session = requests.Session()
    theirs = HTTPAdapter(pool_maxsize=1, pool_block=True)
    theirs.init_poolmanager(1, 1, block=True, source_address=("127.0.0.2", 0))
    session.mount("http://", theirs)
    client = Client(server.url, session=session, timeout=Timeout(connect=2, read=5), max_retries=0)
    try:
        with ThreadPoolExecutor(3) as pool:
            replies = list(pool.map(lambda _: client.generate("m", "hi").response, range(3)))
        assert replies == ["ok"] * 3
        assert active[1] == 1
        assert set(server.peers) == {"127.0.0.2"}
        assert not theirs.poolmanager.pools  # sent through the client's own copy of the adapter
        server.script = lambda connection: connection.sendall(ANSWER_REPLY)  # keep-alive: stays pooled
        assert client.generate("m", "hi").response == "ok"
        hangups = server.hangups
        client.close()  # closes the client's pool; the session stays usable
        deadline = time.monotonic() + 2
        while server.hangups == hangups and time.monotonic() < deadline:
            time.sleep(0.01)
        assert server.hangups == hangups + 1
        assert session.post(server.url + "/api/generate", timeout=5).json()["response"] == "ok"
    finally:
        client.close()
        session.close()
        server.close()


@pytest.mark.timeout(20)
def test_a_session_of_yours_keeps_its_adapters_retries() -> None:
    server = RawServer(lambda connection: None)  # closes every connection without an answer
    session = requests.Session()
    session.mount("http://", HTTPAdapter(max_retries=2))  # urllib3 retries a GET twice more itself
    try:
        with pytest.raises(ConnectionError, match="lost the connection"):
            call("sync", server.url, False, session=session)  # a POST: urllib3 does not retry it
        assert len(server.received) == 1
        client = Client(server.url, session=session, max_retries=0, timeout=Timeout(connect=2, read=2))
        with client, pytest.raises(ConnectionError, match="lost the connection"):
            client.version()
        assert len(server.received) == 1 + 3
    finally:
        session.close()
        server.close()
