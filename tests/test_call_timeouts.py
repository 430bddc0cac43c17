"""Timeouts per kind of call: quick calls (list, show, copy...) give up sooner than generations."""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Callable
from typing import Any

import pytest

from ollama_python import Client, ModelManagementAPI, Timeout, TimeoutError
from ollama_python._config import DEFAULT_QUICK_READ_TIMEOUT, DEFAULT_READ_TIMEOUT
from ollama_python.testing import HangReply, JSONReply, NDJSONReply, OllamaTestServer, chat_final, generate_final

QUICK = 0.3  # the quick read timeout of these tests' clients
SLOW_REPLY = 0.7  # longer than QUICK, far shorter than the long read timeout

QUICK_CALLS: dict[str, tuple[str, str, Callable[[Client], Any]]] = {
    "list": ("GET", "/api/tags", lambda c: c.list()),
    "ps": ("GET", "/api/ps", lambda c: c.ps()),
    "version": ("GET", "/api/version", lambda c: c.version()),
    "show": ("POST", "/api/show", lambda c: c.show("llama3.2")),
    "copy": ("POST", "/api/copy", lambda c: c.copy("llama3.2", "backup")),
    "delete": ("DELETE", "/api/delete", lambda c: c.delete("llama3.2")),
    "status": ("GET", "/api/status", lambda c: c.status()),
    "whoami": ("POST", "/api/me", lambda c: c.whoami()),
    "signout": ("POST", "/api/signout", lambda c: c.signout()),
    "model_recommendations": (
        "GET",
        "/api/experimental/model-recommendations",
        lambda c: c.model_recommendations(),
    ),
}

STAMP = "2025-06-01T12:00:00Z"
GENERATED = generate_final("hi", created_at=STAMP)
LONG_CALLS: dict[str, tuple[str, str, Any, Callable[[Client], Any]]] = {
    "generate": ("POST", "/api/generate", GENERATED, lambda c: c.generate("llama3.2", "hi")),
    "chat": (
        "POST",
        "/api/chat",
        chat_final("hi", created_at=STAMP),
        lambda c: c.chat("llama3.2", [{"role": "user", "content": "hi"}]),
    ),
    "embed": ("POST", "/api/embed", {"model": "llama3.2", "embeddings": [[0.1, 0.2]]}, lambda c: c.embed("m", "hi")),
    "pull": ("POST", "/api/pull", {"status": "success"}, lambda c: c.pull("llama3.2")),
    "push": ("POST", "/api/push", {"status": "success"}, lambda c: c.push("me/llama3.2")),
    "create": ("POST", "/api/create", {"status": "success"}, lambda c: c.create("mine", from_="llama3.2")),
}


def test_defaults() -> None:
    timeout = Timeout()
    assert (timeout.read, timeout.quick_read) == (DEFAULT_READ_TIMEOUT, DEFAULT_QUICK_READ_TIMEOUT) == (600.0, 30.0)
    assert timeout.for_quick_call() == Timeout(read=30.0, quick_read=None)
    # never longer than read; None means "read applies"
    assert Timeout(read=5).for_quick_call().read == 5
    assert Timeout(read=100, quick_read=None).for_quick_call().read == 100
    assert Timeout(read=None).for_quick_call().read == 30.0


@pytest.mark.parametrize("name", sorted(QUICK_CALLS))
def test_a_stalled_quick_call_ends_at_the_quick_timeout(server: OllamaTestServer, name: str) -> None:
    method, path, call = QUICK_CALLS[name]
    server.enqueue(method, path, HangReply())

    with Client(server.url, timeout=Timeout(connect=2, read=30, quick_read=QUICK), max_retries=0) as client:
        started = time.monotonic()
        with pytest.raises(TimeoutError) as caught:
            call(client)
        elapsed = time.monotonic() - started

    assert QUICK * 0.8 <= elapsed < QUICK + 1.0
    assert f"{QUICK:g} s" in str(caught.value)
    assert server.requests_to(method, path)[0].path == path


@pytest.mark.parametrize("name", sorted(LONG_CALLS))
def test_generation_and_transfers_keep_the_long_timeout(server: OllamaTestServer, name: str) -> None:
    method, path, reply, call = LONG_CALLS[name]
    server.enqueue(method, path, JSONReply(reply, delay=SLOW_REPLY))

    with Client(server.url, timeout=Timeout(connect=2, read=30, quick_read=QUICK), max_retries=0) as client:
        call(client)  # slower than the quick timeout: still answered

    assert len(server.requests_to(method, path)) == 1


def test_streams_keep_the_long_timeout(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/generate", NDJSONReply([GENERATED], delay=SLOW_REPLY))
    with Client(server.url, timeout=Timeout(connect=2, read=30, quick_read=QUICK)) as client:
        assert [chunk.response for chunk in client.generate("llama3.2", "hi", stream=True)] == ["hi"]


def test_a_per_call_timeout_wins_over_the_quick_default(server: OllamaTestServer) -> None:
    server.enqueue("GET", "/api/tags", JSONReply({"models": []}, delay=SLOW_REPLY))
    with ModelManagementAPI(server.url, timeout=Timeout(connect=2, read=30, quick_read=QUICK)) as models:
        assert models.list(timeout=Timeout(connect=2, read=5)).models == []


def test_seconds_for_a_client_apply_to_quick_calls_too(server: OllamaTestServer) -> None:
    """timeout=5 means 5 s for everything, as it always did."""
    server.enqueue("GET", "/api/tags", JSONReply({"models": []}, delay=SLOW_REPLY))
    with Client(server.url, timeout=5) as client:
        assert client.list().models == []

    server.enqueue("GET", "/api/tags", HangReply())
    with Client(server.url, timeout=(2, QUICK), max_retries=0) as client:
        started = time.monotonic()
        with pytest.raises(TimeoutError):
            client.list()
        assert time.monotonic() - started < QUICK + 1.0


def test_async_quick_calls_use_the_quick_timeout(server: OllamaTestServer) -> None:
    pytest.importorskip("httpx")
    from ollama_python import AsyncClient

    server.enqueue("GET", "/api/ps", HangReply())
    server.enqueue("POST", "/api/generate", JSONReply(GENERATED, delay=SLOW_REPLY))

    async def main() -> float:
        async with AsyncClient(server.url, timeout=Timeout(connect=2, read=30, quick_read=QUICK)) as client:
            started = time.monotonic()
            with pytest.raises(TimeoutError):
                await client.ps()
            elapsed = time.monotonic() - started
            assert (await client.generate("llama3.2", "hi")).response == "hi"
            return elapsed

    assert asyncio.run(main()) < QUICK + 1.0


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_create_blob_takes_a_per_call_timeout(server: OllamaTestServer, tmp_path: Any, mode: str) -> None:
    """Client.create_blob(timeout=...) bounds its HEAD and upload like the endpoint class's does."""
    blob = tmp_path / "weights.gguf"
    blob.write_bytes(b"GGUF" + bytes(1000))
    digest = "sha256:" + hashlib.sha256(blob.read_bytes()).hexdigest()
    server.enqueue("HEAD", f"/api/blobs/{digest}", HangReply())

    def call() -> None:
        if mode == "sync":
            with Client(server.url, timeout=30, max_retries=0) as client:
                client.create_blob(blob, timeout=(2, QUICK))
            return

        from ollama_python import AsyncClient

        async def main() -> None:
            async with AsyncClient(server.url, timeout=30, max_retries=0) as client:
                await client.create_blob(blob, timeout=(2, QUICK))

        asyncio.run(main())

    started = time.monotonic()
    with pytest.raises(TimeoutError):
        call()
    assert time.monotonic() - started < QUICK + 1.0
    assert [r.method for r in server.requests_to("HEAD", f"/api/blobs/{digest}")] == ["HEAD"]
