"""No leaks: 1,000 abandoned streams on one client leave no sockets or file descriptors behind.

Streams are abandoned the three ways an application abandons them: closed early (``close()``
or a ``with`` block), dropped and left to the garbage collector (half of them inside a reference
cycle, so that only the collector can free them), and cut off by a server fault (the server
closes the connection after the first line). Afterwards the process's descriptors are counted
in ``/proc/self/fd``: the test server runs in this process too, so a connection that either side
failed to close shows up twice. The count may exceed the baseline only by the connections the
pool keeps for reuse (one idle keep-alive connection is two descriptors here, both ends).

The async half runs the same 1,000 per way: about 3 s each on a 2-core machine (sync: about 1 s),
which keeps the whole file under 20 s.
test_streaming.py checks single streams (closing, collection inside the pool's lock, abort);
this file checks that nothing accumulates over many.
"""

from __future__ import annotations

import asyncio
import gc
import os
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from ollama_python import AsyncGenerateAPI, AsyncStream, ConnectionError, GenerateAPI, Stream, Timeout
from ollama_python.testing import NDJSONReply, OllamaTestServer, chat_chunk, generate_chunk, generate_final

pytestmark = pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts descriptors in /proc/self/fd")

N = 1000
# Descriptors allowed above the baseline: the pool may keep a connection or two for reuse
# (each is a client and a server socket in this process).
ALLOWANCE = 4
TIMEOUT = Timeout(connect=2, read=5)
WAYS = ["closed early", "garbage collected", "server fault"]

LINE = generate_chunk("a")
FINAL = generate_final()
CHAT_LINE = chat_chunk("a", created_at=None)  # no timestamp, as some servers send
MESSAGES = [{"role": "user", "content": "hi"}]


def descriptors() -> tuple[int, int]:
    """(open file descriptors, of which sockets) of this process."""
    total = sockets = 0
    for name in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{name}")
        except OSError:  # the directory's own descriptor, closed by now
            continue
        total += 1
        sockets += target.startswith("socket:")
    return total, sockets


def settle(baseline: tuple[int, int], timeout: float = 3.0) -> tuple[int, int]:
    """Poll until the counts are back within the allowance (the server closes its ends a moment
    after the client); returns the last reading.
    """
    deadline = time.monotonic() + timeout
    while True:
        gc.collect()
        counts = descriptors()
        within = counts[0] <= baseline[0] + ALLOWANCE and counts[1] <= baseline[1] + ALLOWANCE
        if within or time.monotonic() > deadline:
            return counts
        time.sleep(0.02)


async def settle_async(baseline: tuple[int, int], timeout: float = 3.0) -> tuple[int, int]:
    """``settle`` inside an event loop: the loop keeps running the closes it was handed."""
    deadline = time.monotonic() + timeout
    while True:
        gc.collect()
        counts = descriptors()
        within = counts[0] <= baseline[0] + ALLOWANCE and counts[1] <= baseline[1] + ALLOWANCE
        if within or time.monotonic() > deadline:
            return counts
        await asyncio.sleep(0.02)


def live_streams() -> int:
    gc.collect()
    return sum(isinstance(obj, (Stream, AsyncStream)) for obj in gc.get_objects())


@pytest.fixture
def server() -> Iterator[OllamaTestServer]:
    """Permanent replies: three lines and a final one; chat is cut after its first line."""
    with OllamaTestServer() as test_server:
        test_server.enqueue("POST", "/api/generate", NDJSONReply([LINE, LINE, LINE, FINAL]), times=None)
        test_server.enqueue("POST", "/api/chat", NDJSONReply([CHAT_LINE, CHAT_LINE, FINAL], drop_after=1), times=None)
        yield test_server


def abandon_sync(gen: GenerateAPI, way: str, index: int) -> None:
    if way == "closed early":
        if index % 2:
            with gen.generate("hi", stream=True) as stream:
                assert next(stream).response == "a"
        else:
            stream = gen.generate("hi", stream=True)
            assert next(stream).response == "a"
            stream.close()
    elif way == "garbage collected":
        stream = gen.generate("hi", stream=True)
        assert next(stream).response == "a"
        if index % 2:  # only the cyclic collector can free this one
            holder: list[Any] = [stream]
            holder.append(holder)
        del stream
        if index % 100 == 99:
            gc.collect()
    else:
        received = 0
        with pytest.raises(ConnectionError):
            for _ in gen.chat(MESSAGES, stream=True):
                received += 1
        assert received == 1


@pytest.mark.parametrize("way", WAYS)
def test_sync_streams_abandoned_leave_nothing_open(server: OllamaTestServer, way: str) -> None:
    with GenerateAPI(server.url, model="llama3.2", timeout=TIMEOUT) as gen:
        assert list(gen.generate("warm-up", stream=True))[-1].done  # the pool and the server's selector exist
        time.sleep(0.05)
        # Counted after the warm-up: the process-wide deadline watchdog thread starts with the first read.
        threads = threading.active_count()
        baseline = descriptors()

        for index in range(N):
            abandon_sync(gen, way, index)

        counts = settle(baseline)
        assert counts[1] <= baseline[1] + ALLOWANCE, f"{counts[1] - baseline[1]} sockets more after {N} streams"
        assert counts[0] <= baseline[0] + ALLOWANCE, f"{counts[0] - baseline[0]} descriptors more after {N} streams"
        assert live_streams() == 0
        assert list(gen.generate("after", stream=True))[-1].done  # the client still works

    if way == "server fault":
        assert len(server.requests_to("POST", "/api/chat")) == N  # each sent once: never retried
    else:
        assert len(server.requests_to("POST", "/api/generate")) == N + 2
    # The server noticed every client-side close: its connection threads are all gone again.
    deadline = time.monotonic() + 3
    while threading.active_count() > threads and time.monotonic() < deadline:
        time.sleep(0.02)
    assert threading.active_count() <= threads


async def abandon_async(gen: AsyncGenerateAPI, way: str, index: int) -> None:
    if way == "closed early":
        if index % 2:
            async with await gen.generate("hi", stream=True) as stream:
                assert (await stream.__anext__()).response == "a"
        else:
            stream = await gen.generate("hi", stream=True)
            assert (await stream.__anext__()).response == "a"
            await stream.aclose()
    elif way == "garbage collected":
        stream = await gen.generate("hi", stream=True)
        assert (await stream.__anext__()).response == "a"
        if index % 2:
            holder: list[Any] = [stream]
            holder.append(holder)
        del stream
        if index % 100 == 99:
            gc.collect()
            await asyncio.sleep(0)  # the closes the collector scheduled on the loop run now
    else:
        received = 0
        with pytest.raises(ConnectionError):
            async for _ in await gen.chat(MESSAGES, stream=True):
                received += 1
        assert received == 1


@pytest.mark.parametrize("way", WAYS)
def test_async_streams_abandoned_leave_nothing_open(server: OllamaTestServer, way: str) -> None:
    before = descriptors()

    async def main() -> tuple[tuple[int, int], tuple[int, int]]:
        async with AsyncGenerateAPI(server.url, model="llama3.2", timeout=TIMEOUT) as gen:
            async for _ in await gen.generate("warm-up", stream=True):
                pass
            await asyncio.sleep(0.05)
            baseline = descriptors()  # counted inside the loop: the loop has descriptors of its own

            for index in range(N):
                await abandon_async(gen, way, index)

            counts = await settle_async(baseline)
            parts = [part async for part in await gen.generate("after", stream=True)]
            assert parts[-1].done
            return baseline, counts

    baseline, counts = asyncio.run(main())

    assert counts[1] <= baseline[1] + ALLOWANCE, f"{counts[1] - baseline[1]} sockets more after {N} streams"
    assert counts[0] <= baseline[0] + ALLOWANCE, f"{counts[0] - baseline[0]} descriptors more after {N} streams"
    assert live_streams() == 0
    # With the client closed and the loop gone, everything is back to where it started.
    after = settle(before)
    assert after[0] <= before[0] + ALLOWANCE and after[1] <= before[1] + ALLOWANCE
