"""Chunked framing of streamed replies, byte by byte: what servers and proxies may legally send
(chunk extensions, upper-case sizes, trailers, lines split across chunks), what they may break,
and that a stream read to its end leaves its connection reusable.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from raw_http import KeepAliveServer

from ollama_python import AsyncClient, Client, ConnectionError, InvalidResponseError, OllamaError, TimeoutError

HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n"


def line(response: str, done: bool = False) -> bytes:
    return json.dumps({"model": "m", "response": response, "done": done}).encode() + b"\n"


@pytest.fixture
def serve() -> Iterator[Any]:
    servers: list[KeepAliveServer] = []

    def start(reply: bytes) -> KeepAliveServer:
        servers.append(KeepAliveServer(reply))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def chunk(data: bytes, size_text: str | None = None) -> bytes:
    return (size_text or f"{len(data):x}").encode() + b"\r\n" + data + b"\r\n"


def read_stream(mode: str, url: str, **options: Any) -> list[str]:
    if mode == "sync":
        with Client(url, timeout=3, **options) as client:
            return [c.response for c in client.generate("m", "p", stream=True)]

    async def main() -> list[str]:
        async with AsyncClient(url, timeout=3, **options) as client:
            return [c.response async for c in await client.generate("m", "p", stream=True)]

    return asyncio.run(main())


LEGAL_FRAMINGS = {
    "one line per chunk": chunk(line("a")) + chunk(line("b")) + chunk(line("", done=True)) + b"0\r\n\r\n",
    "extensions and upper-case sizes": chunk(line("a"), f"{len(line('a')):X};name=value")
    + chunk(line("", done=True), f'{len(line("", done=True)):x};q="1"')
    + b"0;end\r\n\r\n",
    "a trailer": chunk(line("a")) + chunk(line("", done=True)) + b"0\r\nX-Checksum: 1\r\nX-Other: 2\r\n\r\n",
    "lines split across chunks": chunk(line("a")[:5])
    + chunk(line("a")[5:] + line("b")[:3])
    + chunk(line("b")[3:] + line("", done=True))
    + b"0\r\n\r\n",
}


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("framing", sorted(LEGAL_FRAMINGS))
def test_legal_framings_give_the_lines_and_keep_the_connection(serve: Any, framing: str, mode: str) -> None:
    server = serve(HEAD + LEGAL_FRAMINGS[framing])
    expected = ["a", "b", ""] if b"b" in LEGAL_FRAMINGS[framing] else ["a", ""]

    if mode == "sync":
        with Client(server.url, timeout=3) as client:
            first = [c.response for c in client.generate("m", "p", stream=True)]
            second = [c.response for c in client.generate("m", "q", stream=True)]
    else:

        async def main() -> tuple[list[str], list[str]]:
            async with AsyncClient(server.url, timeout=3) as client:
                one = [c.response async for c in await client.generate("m", "p", stream=True)]
                two = [c.response async for c in await client.generate("m", "q", stream=True)]
                return one, two

        first, second = asyncio.run(main())
    assert first == second == expected
    assert server.connections == 1  # the second stream reused the first one's connection
    assert [(r[0], r[1]["prompt"], r[1]["stream"]) for r in server.requests] == [
        (b"POST /api/generate HTTP/1.1", "p", True),
        (b"POST /api/generate HTTP/1.1", "q", True),
    ]


BROKEN_FRAMINGS = {
    "size that is not hex": chunk(line("a")) + b"zz\r\n" + line("b") + b"\r\n0\r\n\r\n",
    "negative size": chunk(line("a")) + b"-5\r\nabcde\r\n0\r\n\r\n",
    "data longer than its size": chunk(line("a")) + b"3\r\n" + line("b") + b"\r\n0\r\n\r\n",
    "size line over 64 KiB": chunk(line("a")) + b"1" + b" " * 70_000 + b"\r\n",
}


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("framing", sorted(BROKEN_FRAMINGS))
def test_broken_framing_is_our_error(serve: Any, framing: str, mode: str) -> None:
    server = serve(HEAD + BROKEN_FRAMINGS[framing])
    with pytest.raises(OllamaError) as caught:
        read_stream(mode, server.url)
    assert isinstance(caught.value, ConnectionError), repr(caught.value)
    assert server.url in str(caught.value)


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_reply_cut_mid_chunk_is_our_error_not_a_short_answer(mode: str) -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"

    def cut() -> None:
        connection, _ = listener.accept()
        with connection:
            connection.recv(65536)
            connection.sendall(HEAD + chunk(line("a")) + b"40\r\n" + line("b")[:10])

    threading.Thread(target=cut, daemon=True).start()
    try:
        with pytest.raises(ConnectionError) as caught:
            read_stream(mode, url, max_retries=0)
        assert "connection" in str(caught.value).lower()
    finally:
        listener.close()


# -- bodies with a Content-Length (non-streamed replies) --------------------------------------
def sized(body: bytes, length: int | None = None) -> bytes:
    size = len(body) if length is None else length
    return b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % size + body


def generate_once(mode: str, url: str, **options: Any) -> str:
    if mode == "sync":
        with Client(url, **options) as client:
            return client.generate("m", "p").response

    async def main() -> str:
        async with AsyncClient(url, **options) as client:
            return (await client.generate("m", "p")).response

    return asyncio.run(main())


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_sized_body_is_read_whole_and_its_connection_reused(serve: Any, mode: str) -> None:
    text = "x" * 3_000_000  # several reads' worth
    server = serve(sized(json.dumps({"model": "m", "response": text, "done": True}).encode()))
    if mode == "sync":
        with Client(server.url, timeout=5) as client:
            answers = [client.generate("m", "p").response, client.generate("m", "q").response]
    else:

        async def main() -> list[str]:
            async with AsyncClient(server.url, timeout=5) as client:
                return [(await client.generate("m", "p")).response, (await client.generate("m", "q")).response]

        answers = asyncio.run(main())
    assert answers == [text, text]
    assert server.connections == 1
    assert [r[1]["prompt"] for r in server.requests] == ["p", "q"]


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_sized_body_cut_short_is_a_lost_connection(mode: str) -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    body = json.dumps({"model": "m", "response": "abc", "done": True}).encode()

    def cut() -> None:
        connection, _ = listener.accept()
        with connection:
            connection.recv(65536)
            connection.sendall(sized(body[:20], length=len(body)))

    threading.Thread(target=cut, daemon=True).start()
    try:
        with pytest.raises(ConnectionError):
            generate_once(mode, url, timeout=3, max_retries=0)
    finally:
        listener.close()


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_trickled_sized_body_ends_within_the_timeout(mode: str) -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop = threading.Event()

    def trickle() -> None:
        connection, _ = listener.accept()
        with connection:
            connection.recv(65536)
            connection.sendall(sized(b"", length=1000))
            while not stop.wait(0.05):
                try:
                    connection.sendall(b" ")
                except OSError:
                    return

    threading.Thread(target=trickle, daemon=True).start()
    start = time.monotonic()
    try:
        with pytest.raises(TimeoutError):
            generate_once(mode, url, timeout=1, max_retries=0)
        assert time.monotonic() - start < 4
    finally:
        stop.set()
        listener.close()


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_content_length_over_the_reply_limit_is_refused_without_allocating_it(
    serve: Any, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OLLAMA_MAX_REPLY_MB", "1")
    server = serve(sized(b"{" + b" " * 2_000_000, length=10**13))  # 10 TB announced: allocating it would fail
    with pytest.raises(InvalidResponseError, match="larger than 1 MiB"):
        generate_once(mode, server.url, timeout=5, max_retries=0)


# -- request heads and bodies (one send for the head and a small body) -----------------------
def test_requests_with_and_without_bodies_arrive_whole_on_one_connection(serve: Any) -> None:
    reply = json.dumps({"models": [], "model": "m", "response": "ok", "done": True}).encode()
    server = serve(sized(reply))
    prompts = ["short", "p" * 300_000, "q" * 2_000_000]  # within and beyond the single-send limit
    with Client(server.url, timeout=5) as client:
        assert client.list().models == []  # GET: the head is sent alone, before the reply is read
        answers = [client.generate("m", prompt).response for prompt in prompts]
        assert client.list().models == []
    assert answers == ["ok"] * 3
    assert server.connections == 1
    assert [line for line, _ in server.requests] == [
        b"GET /api/tags HTTP/1.1",
        *[b"POST /api/generate HTTP/1.1"] * 3,
        b"GET /api/tags HTTP/1.1",
    ]
    assert [body.get("prompt") for _, body in server.requests] == [None, *prompts, None]


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_chunk_of_several_mebibytes_is_read_in_pieces_and_joined(serve: Any, mode: str) -> None:
    text = "y" * 3_000_000
    server = serve(HEAD + chunk(line(text)) + chunk(line("", done=True)) + b"0\r\n\r\n")
    assert read_stream(mode, server.url) == [text, ""]
