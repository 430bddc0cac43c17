"""The async classes on aiohttp's sockets (the `aiohttp` extra), and on httpx's own without it."""

from __future__ import annotations

import asyncio
import importlib.util
import socket
from typing import Any

import pytest

from ollama_python import AsyncClient, ConnectionError
from ollama_python.testing import OllamaTestServer

needs_aiohttp = pytest.mark.skipif(
    importlib.util.find_spec("aiohttp") is None,
    reason="aiohttp is not installed (pip install 'ollama-python[aiohttp]')",
)


def _backend(client: AsyncClient) -> str:
    """The name of the httpx transport class the client's requests go through."""
    return type(client._transport._http()._transport).__name__  # type: ignore[attr-defined]


async def _chat_and_generate(url: str) -> tuple[str, list[str], str]:
    async with AsyncClient(host=url) as client:
        stream = await client.chat("llama3.2", messages=[{"role": "user", "content": "Hi"}], stream=True)
        pieces = [chunk.message.content async for chunk in stream]
        reply = await client.generate("llama3.2", "Why is the sky blue?")
        return _backend(client), pieces, reply.response


@needs_aiohttp
def test_aiohttp_carries_streams_and_calls_when_installed(server: OllamaTestServer) -> None:
    backend, pieces, text = asyncio.run(_chat_and_generate(server.url))
    assert backend == "AiohttpBackend"
    assert len(pieces) > 1 and "".join(pieces)
    assert text
    chat, generate = server.requests
    assert (chat.method, chat.path, generate.method, generate.path) == ("POST", "/api/chat", "POST", "/api/generate")
    assert chat.json == {
        "model": "llama3.2",
        "messages": [{"role": "user", "content": "Hi"}],
        "tools": [],
        "stream": True,
    }
    assert generate.json["prompt"] == "Why is the sky blue?" and generate.json["stream"] is False
    for request in (chat, generate):
        assert request.headers["User-Agent"].startswith("ollama-python/")
        assert request.headers["Content-Type"] == "application/json"
        assert request.headers["Content-Length"] == str(len(request.body))


def test_environment_chooses_httpx_sockets(server: OllamaTestServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OLLAMA_PYTHON_ASYNC_BACKEND", "httpx")
    backend, pieces, text = asyncio.run(_chat_and_generate(server.url))
    assert backend == "AsyncHTTPTransport"
    assert len(pieces) > 1 and text
    assert [r.path for r in server.requests] == ["/api/chat", "/api/generate"]


@needs_aiohttp
def test_aiohttp_connection_refused_is_our_error() -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    async def call() -> Any:
        async with AsyncClient(host=f"http://127.0.0.1:{port}", max_retries=0) as client:
            return await client.generate("llama3.2", "Hi")

    with pytest.raises(ConnectionError, match="connection refused"):
        asyncio.run(call())


@needs_aiohttp
def test_aiohttp_many_concurrent_calls_share_the_pool(server: OllamaTestServer) -> None:
    async def calls() -> list[str]:
        async with AsyncClient(host=server.url) as client:
            replies = await asyncio.gather(*(client.generate("llama3.2", f"question {i}") for i in range(150)))
            return [reply.response for reply in replies]

    answers = asyncio.run(calls())
    assert len(answers) == 150 and all(answers)
    prompts = sorted(r.json["prompt"] for r in server.requests_to("POST", "/api/generate"))
    assert prompts == sorted(f"question {i}" for i in range(150))
