"""A kept-alive connection the server closes just as it is reused (an idle timeout of the server or
of a proxy, racing the next request) is retried once on a new connection, for any method: the
server closed it instead of reading the request. A connection that ends without a reply on its
first request is not a stale one: a POST there is not sent again.
"""

from __future__ import annotations

import asyncio
import json
import socket
import struct
from typing import Any

import pytest
from raw_http import AcceptLoop, read_request

from ollama_python import AsyncClient, Client, ConnectionError

MODES = ["sync", "aiohttp", "httpx"]


def answer(prompt: str) -> bytes:
    body = json.dumps({"model": "m", "response": f"re: {prompt}", "done": True}).encode()
    return b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body) + body


class ClosingServer(AcceptLoop):
    """Answers the first ``answered`` requests of each connection, then reads the next one and
    closes the connection without a word (with a reset when ``reset``); records
    ``(connection number, prompt, answered)`` for every request.
    """

    def __init__(self, answered: int, reset: bool = False) -> None:
        self.answered = answered
        self.reset = reset
        self.log: list[tuple[int, str, bool]] = []
        super().__init__()

    def handle(self, connection: socket.socket, peer: str) -> None:
        number = self.connections
        connection.settimeout(5)
        buffer = b""
        with connection:
            for index in range(self.answered + 1):
                request = read_request(connection, buffer)
                if request is None:
                    return
                _, body, buffer = request
                prompt = json.loads(body)["prompt"]
                served = index < self.answered
                self.log.append((number, prompt, served))
                if served:
                    connection.sendall(answer(prompt))
            if self.reset:  # the request is unread by the application: the kernel answers with RST
                connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def generate_all(mode: str, url: str, prompts: list[str]) -> list[str]:
    options: dict[str, Any] = {"timeout": 5}
    if mode == "sync":
        with Client(url, **options) as client:
            return [client.generate("m", prompt).response for prompt in prompts]

    async def main() -> list[str]:
        async with AsyncClient(url, **options) as client:
            return [(await client.generate("m", prompt)).response for prompt in prompts]

    return asyncio.run(main())


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "aiohttp":
        pytest.importorskip("aiohttp", reason="the aiohttp extra is not installed")
    if request.param != "sync":
        monkeypatch.setenv("OLLAMA_PYTHON_ASYNC_BACKEND", request.param)
    return str(request.param)


@pytest.mark.timeout(20)
@pytest.mark.parametrize("reset", [False, True], ids=["closed", "reset"])
def test_a_post_on_a_connection_the_server_closed_is_sent_again_once(mode: str, reset: bool) -> None:
    server = ClosingServer(answered=1, reset=reset)
    try:
        assert generate_all(mode, server.url, ["one", "two", "three"]) == ["re: one", "re: two", "re: three"]
    finally:
        server.close()
    # "two" met the closed connection, unserved, and went again on a new one; so did "three"
    assert server.log == [
        (1, "one", True),
        (1, "two", False),
        (2, "two", True),
        (2, "three", False),
        (3, "three", True),
    ]


@pytest.mark.timeout(20)
def test_a_post_is_not_sent_again_when_a_new_connection_ends_without_a_reply(mode: str) -> None:
    server = ClosingServer(answered=0)
    try:
        with pytest.raises(ConnectionError) as caught:
            generate_all(mode, server.url, ["one"])
    finally:
        server.close()
    assert "lost the connection" in str(caught.value)
    assert server.log == [(1, "one", False)]  # the server may have been generating: not sent twice
