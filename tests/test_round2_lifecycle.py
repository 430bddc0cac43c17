"""Closing from elsewhere while a stream is read, and a client used under a second event loop:
the closer succeeds, the reader ends with AbortedError, and no socket stays open.
"""

from __future__ import annotations

import asyncio
import gc
import os
import threading
import time
import warnings

import pytest

from ollama_python import AbortedError, AsyncClient, Client
from ollama_python.testing import NDJSONReply, OllamaTestServer, generate_chunk, generate_final

STAMP = "2025-01-01T00:00:00Z"


def slow_stream() -> NDJSONReply:
    lines = [generate_chunk(text, model="m", created_at=STAMP) for text in ["a"] + ["b"] * 400]
    return NDJSONReply([*lines, generate_final(model="m", created_at=STAMP, done_reason=None)], interval=0.02)


def open_sockets() -> int:
    count = 0
    for name in os.listdir("/proc/self/fd"):
        try:
            count += os.readlink(f"/proc/self/fd/{name}").startswith("socket:")
        except OSError:
            continue
    return count


def settled_sockets(limit: int) -> int:
    """Open sockets once they drop to ``limit`` (or after two seconds)."""
    deadline = time.monotonic() + 2
    while open_sockets() > limit and time.monotonic() < deadline:
        gc.collect()
        time.sleep(0.05)
    return open_sockets()


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts sockets in /proc/self/fd (Linux)")
@pytest.mark.timeout(30)
@pytest.mark.parametrize("closer", ["stream.aclose", "client.aclose"])
def test_closing_from_another_task_ends_the_reader_with_aborted_error(server: OllamaTestServer, closer: str) -> None:
    server.enqueue("POST", "/api/generate", slow_stream())
    before = open_sockets()

    async def main() -> tuple[list[str], BaseException | None]:
        client = AsyncClient(server.url, timeout=5)
        stream = await client.generate("m", "hi", stream=True)
        received: list[str] = []

        async def read() -> BaseException | None:
            try:
                async for part in stream:
                    received.append(part.response)
            except Exception as error:
                return error
            return None

        reader = asyncio.ensure_future(read())
        while not received:
            await asyncio.sleep(0.01)
        await (stream.aclose() if closer == "stream.aclose" else client.aclose())  # must not raise
        failure = await asyncio.wait_for(reader, 5)
        await client.aclose()
        return received, failure

    received, failure = asyncio.run(main())
    assert received and len(received) < 400
    assert isinstance(failure, AbortedError)
    assert "closed" in str(failure)
    assert settled_sockets(before) <= before


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts sockets in /proc/self/fd (Linux)")
@pytest.mark.timeout(30)
def test_closing_from_another_thread_ends_the_reader_with_aborted_error(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/generate", slow_stream())
    before = open_sockets()
    with Client(server.url, timeout=5) as client:
        stream = client.generate("m", "hi", stream=True)
        failures: list[BaseException] = []
        received: list[str] = []

        def read() -> None:
            try:
                for part in stream:
                    received.append(part.response)
            except BaseException as error:
                failures.append(error)

        thread = threading.Thread(target=read)
        thread.start()
        while not received:
            time.sleep(0.01)
        stream.close()  # must not raise
        thread.join(5)
        assert not thread.is_alive()
        assert [type(error) for error in failures] == [AbortedError]
    assert settled_sockets(before) <= before


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts sockets in /proc/self/fd (Linux)")
@pytest.mark.timeout(30)
def test_a_client_used_under_several_event_loops_leaves_no_socket_open(server: OllamaTestServer) -> None:
    client = AsyncClient(server.url, timeout=5)

    async def use() -> int:
        await asyncio.gather(*(client.list() for _ in range(5)))
        return len((await client.list()).models)

    before = open_sockets()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(4):
            assert asyncio.run(use()) == len(server.models)
            assert settled_sockets(before) <= before  # the loop's connections closed with the loop
        asyncio.run(client.aclose())
        gc.collect()
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)], [str(w.message) for w in caught]
