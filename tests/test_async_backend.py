"""The async classes on aiohttp's sockets (the `aiohttp` extra), and on httpx's own without it."""

from __future__ import annotations

import asyncio
import gzip
import http.server
import importlib.util
import json
import threading
from typing import Any, ClassVar

import pytest

from ollama_python import AsyncClient, ConnectionError
from ollama_python.testing import OllamaTestServer, free_port

needs_aiohttp = pytest.mark.skipif(
    importlib.util.find_spec("aiohttp") is None,
    reason="aiohttp is not installed (pip install 'ollama-python[aiohttp]')",
)


async def _backend(client: AsyncClient) -> str:
    """The name of the httpx transport class the client's requests go through."""
    return type((await client._transport._http())._transport).__name__  # type: ignore[attr-defined]


async def _chat_and_generate(url: str) -> tuple[str, list[str], str]:
    async with AsyncClient(host=url) as client:
        stream = await client.chat("llama3.2", messages=[{"role": "user", "content": "Hi"}], stream=True)
        pieces = [chunk.message.content async for chunk in stream]
        reply = await client.generate("llama3.2", "Why is the sky blue?")
        return await _backend(client), pieces, reply.response


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
    port = free_port()

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


class _GzipHandler(http.server.BaseHTTPRequestHandler):
    """A server that compresses its replies, as a proxy in front of Ollama may."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        body = gzip.compress(json.dumps({"model": "llama3.2", "response": "compressed", "done": True}).encode())
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.mark.parametrize("backend", ["aiohttp", "httpx"])
def test_compressed_reply_is_decoded_once(backend: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if backend == "aiohttp" and importlib.util.find_spec("aiohttp") is None:
        pytest.skip("aiohttp is not installed (pip install 'ollama-python[aiohttp]')")
    monkeypatch.setenv("OLLAMA_PYTHON_ASYNC_BACKEND", backend)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _GzipHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    async def call() -> str:
        async with AsyncClient(host=f"http://127.0.0.1:{server.server_address[1]}", timeout=10) as client:
            return (await client.generate("llama3.2", "Hi")).response

    try:
        assert asyncio.run(call()) == "compressed"
    finally:
        server.shutdown()
        server.server_close()


class _ProxyHandler(http.server.BaseHTTPRequestHandler):
    """A forward proxy that answers itself, recording the absolute URL it was asked for."""

    seen: ClassVar[list[str]] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        self.seen.append(self.path)
        body = json.dumps({"model": "llama3.2", "response": "via proxy", "done": True}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.mark.parametrize("backend", ["aiohttp", "httpx"])
def test_http_proxy_from_the_environment_is_used(backend: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if backend == "aiohttp" and importlib.util.find_spec("aiohttp") is None:
        pytest.skip("aiohttp is not installed (pip install 'ollama-python[aiohttp]')")
    proxy = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _ProxyHandler)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    monkeypatch.setenv("OLLAMA_PYTHON_ASYNC_BACKEND", backend)
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{proxy.server_address[1]}")
    _ProxyHandler.seen = []

    async def call() -> str:
        async with AsyncClient(host="http://ollama.invalid:11434", timeout=10, max_retries=0) as client:
            return (await client.generate("llama3.2", "Hi")).response

    try:
        assert asyncio.run(call()) == "via proxy"
    finally:
        proxy.shutdown()
        proxy.server_close()
    assert _ProxyHandler.seen == ["http://ollama.invalid:11434/api/generate"]
