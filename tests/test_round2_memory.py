"""Memory: decoded reply bodies are bounded (decompression bombs), and reading embeddings into
numpy stays linear however large the fields around them are.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import time
import tracemalloc
from typing import Any

import pytest

from ollama_python import AsyncEmbeddingAPI, EmbeddingAPI, InvalidResponseError
from tests.test_round2_deadlines import RawServer

BOMB = gzip.compress(b"0" * (200 * 2**20), compresslevel=9)  # ~200 KB that inflate to 200 MiB


def reply(body: bytes, encoding: str = "") -> bytes:
    extra = f"Content-Encoding: {encoding}\r\n".encode() if encoding else b""
    head = b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/json\r\n%sContent-Length: %d\r\n\r\n"
    return head % (extra, len(body)) + body


def embed(mode: str, url: str, **options: Any) -> Any:
    if mode == "sync":
        with EmbeddingAPI(url, model="m", timeout=30, max_retries=0) as api:
            return api.embed(["a", "b"], **options)

    async def main() -> Any:
        async with AsyncEmbeddingAPI(url, model="m", timeout=30, max_retries=0) as api:
            return await api.embed(["a", "b"], **options)

    return asyncio.run(main())


@pytest.mark.timeout(60)
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_decompression_bomb_is_refused_within_the_limit(mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OLLAMA_MAX_REPLY_MB", "16")
    server = RawServer(lambda c: c.sendall(reply(BOMB, "gzip")))
    tracemalloc.start()
    try:
        with pytest.raises(InvalidResponseError, match="larger than 16 MiB once decompressed") as caught:
            embed(mode, server.url)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        server.close()
    assert peak < 120 * 2**20, f"peak {peak / 2**20:.0f} MiB"
    assert "OLLAMA_MAX_REPLY_MB" in str(caught.value)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_large_reply_within_the_limit_is_read(mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OLLAMA_MAX_REPLY_MB", "64")
    vectors = [[0.5] * 4096, [0.25] * 4096]
    body = json.dumps({"model": "m", "embeddings": vectors, "padding": "x" * (20 * 2**20)}).encode()
    server = RawServer(lambda c: c.sendall(reply(gzip.compress(body, 1), "gzip")))
    try:
        assert embed(mode, server.url).embeddings == vectors
    finally:
        server.close()


@pytest.mark.timeout(60)
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_embeddings_as_numpy_after_a_large_field_take_linear_time(mode: str) -> None:
    pytest.importorskip("numpy", reason="as_numpy needs numpy (the numpy extra)")
    padding = "x" * (48 * 2**20)
    body = json.dumps({"model": "m", "padding": padding, "embeddings": [[1.0, 2.0], [3.0, 4.0]], "tail": padding})
    data = body.encode()

    def send_in_pieces(connection: Any) -> None:
        head = b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
        connection.sendall(head % len(data))
        for start in range(0, len(data), 16384):
            connection.sendall(data[start : start + 16384])

    server = RawServer(send_in_pieces)
    try:
        started = time.monotonic()
        result = embed(mode, server.url, as_numpy=True)
        took = time.monotonic() - started
    finally:
        server.close()
    assert result.embeddings.tolist() == [[1.0, 2.0], [3.0, 4.0]]
    assert took < 10, f"{took:.1f} s"
