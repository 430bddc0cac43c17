"""Stream objects: iteration, closing, garbage collection, abort() and connection reuse.

Whether a connection was really released is observed from outside the SDK: the test server runs
in this process, so its sockets and the client's both show up in ``/proc/self/fd``; when the
client drops a connection, the server notices and closes its end, and the count goes back down.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import BackgroundReader
from raw_http import KeepAliveServer

import ollama_python
from ollama_python import (
    AbortedError,
    ConnectionError,
    GenerateAPI,
    GenerateResponse,
    ModelManagementAPI,
    ProgressResponse,
    Stream,
)
from ollama_python.testing import JSONReply, NDJSONReply, OllamaTestServer, generate_chunk, generate_final

pytestmark = pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc/self/fd")

FINAL = generate_final(created_at="2025-10-26T17:15:24.166576Z", eval_count=3)


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def wait_for_fds(at_most: int, timeout: float = 2.0) -> int:
    """Poll until the process has at most ``at_most`` open fds (or the timeout passes)."""
    deadline = time.monotonic() + timeout
    count = open_fds()
    while count > at_most and time.monotonic() < deadline:
        time.sleep(0.02)
        gc.collect()
        count = open_fds()
    return count


def baseline_fds(server: OllamaTestServer) -> int:
    """The fd count once the server's accept loop runs and no connection is open.

    ``start()`` returns before the server thread has created its selector (an fd), so one
    exchange is made first; then wait until the probe's server-side socket is gone too.
    """
    with ModelManagementAPI(server.url, timeout=3) as probe:
        probe.version()
    readings = [open_fds()]
    deadline = time.monotonic() + 1.0
    while time.monotonic() < deadline and (len(readings) < 4 or len(set(readings[-4:])) > 1):
        time.sleep(0.02)
        readings.append(open_fds())
    return readings[-1]


def slow_reply(lines: int = 100, interval: float = 0.05) -> NDJSONReply:
    return NDJSONReply([generate_chunk(str(i)) for i in range(lines)] + [FINAL], interval=interval)


@pytest.fixture
def gen(server: OllamaTestServer) -> Iterator[GenerateAPI]:
    client = GenerateAPI(server.url, model="llama3.2", timeout=3)
    yield client
    client.close()


# -- iteration ------------------------------------------------------------------------------------------


def test_stream_is_an_iterator_of_typed_chunks(server: OllamaTestServer, gen: GenerateAPI) -> None:
    server.enqueue("POST", "/api/generate", NDJSONReply([generate_chunk("a"), generate_chunk("b"), FINAL]))

    stream = gen.generate("hi", stream=True)

    assert isinstance(stream, Stream)
    assert iter(stream) is stream
    first = next(stream)
    assert isinstance(first, GenerateResponse)
    assert first.response == "a"
    rest = list(stream)
    assert [part.response for part in rest] == ["b", ""]
    assert rest[-1].done is True and rest[-1].eval_count == 3
    with pytest.raises(StopIteration):
        next(stream)
    assert list(stream) == []


def test_default_fake_stream_concatenates_to_the_answer(gen: GenerateAPI) -> None:
    text = "".join(part.response for part in gen.generate("Why is the sky blue?", stream=True))
    assert text == "You said: Why is the sky blue?"


def test_progress_stream(server: OllamaTestServer) -> None:
    with ModelManagementAPI(server.url, timeout=3) as models:
        statuses = [progress.status for progress in models.pull("llama3.2", stream=True)]
    assert statuses[0] == "pulling manifest"
    assert statuses[-1] == "success"


def test_blank_lines_are_skipped(server: OllamaTestServer, gen: GenerateAPI) -> None:
    server.enqueue(
        "POST",
        "/api/generate",
        NDJSONReply([b"\n", generate_chunk("a"), b"\n", b"   \n", b"\r\n", generate_chunk("b"), FINAL]),
    )
    parts = [part.response for part in gen.generate("hi", stream=True)]
    assert parts == ["a", "b", ""]


def test_line_split_across_chunks_and_lines_sharing_a_chunk(server: OllamaTestServer, gen: GenerateAPI) -> None:
    server.enqueue(
        "POST",
        "/api/generate",
        NDJSONReply(
            [
                b'{"model":"llama3.2","created_at":"2025-10-26T17:15:24Z","resp',
                b'onse":"split","done":false}\n{"model":"llama3.2","created_at":"2025-10-26T17:15:24Z",',
                b'"response":"joined","done":false}\n',
                FINAL,
            ]
        ),
    )
    parts = [part.response for part in gen.generate("hi", stream=True)]
    assert parts == ["split", "joined", ""]


def test_single_json_object_reply_to_a_streamed_call(server: OllamaTestServer, gen: GenerateAPI) -> None:
    server.enqueue("POST", "/api/generate", JSONReply(generate_final(done_reason="load")))

    parts = list(gen.generate(stream=True))

    assert len(parts) == 1
    assert parts[0].done is True
    assert parts[0].done_reason == "load"
    assert server.last_request is not None
    assert server.last_request.json == {"model": "llama3.2", "stream": True}


def test_single_json_object_reply_to_a_streamed_pull(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/pull", JSONReply({"status": "success"}))
    with ModelManagementAPI(server.url, timeout=3) as models:
        parts = list(models.pull("llama3.2", stream=True))
    assert parts == [ProgressResponse(status="success")]


# -- closing ----------------------------------------------------------------------------------------------


def test_with_block_closes_the_stream(server: OllamaTestServer, gen: GenerateAPI) -> None:
    server.enqueue("POST", "/api/generate", slow_reply())
    baseline = baseline_fds(server)

    started = time.monotonic()
    with gen.generate("hi", stream=True) as stream:
        assert next(stream).response == "0"
        assert open_fds() > baseline  # a client and a server socket are open
    # The server noticed the disconnect (otherwise it would keep writing for ~5 s).
    assert wait_for_fds(baseline) <= baseline
    assert time.monotonic() - started < 1.5


def test_with_block_closes_the_stream_on_an_exception(server: OllamaTestServer, gen: GenerateAPI) -> None:
    server.enqueue("POST", "/api/generate", slow_reply())
    baseline = baseline_fds(server)

    with pytest.raises(RuntimeError), gen.generate("hi", stream=True) as stream:
        next(stream)
        raise RuntimeError("caller gave up")

    assert wait_for_fds(baseline) <= baseline


def test_close_early_releases_the_connection_at_once(server: OllamaTestServer, gen: GenerateAPI) -> None:
    server.enqueue("POST", "/api/generate", slow_reply(lines=100, interval=0.05))
    baseline = baseline_fds(server)

    stream = gen.generate("hi", stream=True)
    assert [next(stream).response, next(stream).response] == ["0", "1"]
    started = time.monotonic()
    stream.close()
    assert time.monotonic() - started < 0.1
    stream.close()  # idempotent

    # The server sees the client go away and stops writing the remaining ~98 lines.
    assert wait_for_fds(baseline, timeout=1.5) <= baseline
    assert time.monotonic() - started < 1.5

    # The same client keeps working.
    assert gen.generate("again").response == "You said: again"
    assert len(server.requests_to("POST", "/api/generate")) == 2


def test_reading_after_close_stops(server: OllamaTestServer, gen: GenerateAPI) -> None:
    server.enqueue("POST", "/api/generate", slow_reply(lines=20, interval=0.01))

    stream = gen.generate("hi", stream=True)
    assert next(stream).response == "0"
    stream.close()

    # The pending lines are not read: iteration is simply over.
    with pytest.raises(StopIteration):
        next(stream)
    assert list(stream) == []


def test_reading_after_with_block_stops(server: OllamaTestServer, gen: GenerateAPI) -> None:
    server.enqueue("POST", "/api/generate", slow_reply(lines=20, interval=0.01))
    with gen.generate("hi", stream=True) as stream:
        next(stream)
    assert list(stream) == []


def test_close_before_reading_anything(server: OllamaTestServer, gen: GenerateAPI) -> None:
    server.enqueue("POST", "/api/generate", slow_reply())
    baseline = baseline_fds(server)
    stream = gen.generate("hi", stream=True)
    stream.close()
    assert wait_for_fds(baseline) <= baseline
    assert gen.generate("x").done is True


def test_close_after_full_consumption_is_harmless(server: OllamaTestServer, gen: GenerateAPI) -> None:
    stream = gen.generate("hi", stream=True)
    parts = list(stream)
    stream.close()
    assert parts[-1].done is True
    assert gen.generate("again").response == "You said: again"


def run_child(code: str, watchdog: float = 5.0) -> subprocess.CompletedProcess[str]:
    """Run ``code`` (after ``CHILD_SETUP``) in a fresh interpreter: a deadlock there becomes a
    failure here, not a hang.

    ``faulthandler`` dumps every thread's stack and exits the child if it is still running after
    ``watchdog`` seconds.
    """
    prologue = f"import faulthandler\nfaulthandler.dump_traceback_later({watchdog}, exit=True)\n"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([PACKAGE_ROOT, os.environ.get("PYTHONPATH", "")]))
    try:
        return subprocess.run(
            [sys.executable, "-c", prologue + CHILD_SETUP + textwrap.dedent(code)],
            capture_output=True,
            text=True,
            timeout=watchdog + 10,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired as expired:  # pragma: no cover - the watchdog fires first
        pytest.fail(f"the child process hung: {expired}")


PACKAGE_ROOT = str(Path(ollama_python.__file__).resolve().parent.parent)

CHILD_SETUP = """
import gc, os, sys, time
from ollama_python import GenerateAPI
from ollama_python.testing import NDJSONReply, OllamaTestServer, generate_chunk, generate_final

LINE = generate_chunk("a")
FINAL = generate_final(done_reason=None)

def open_fds():
    return len(os.listdir("/proc/self/fd"))
"""


def test_garbage_collected_streams_are_closed() -> None:
    # 200 streams abandoned after their first chunk (each reply has more lines than were read).
    # Run in a child process: garbage collection may run at any moment of a later request.
    result = run_child(
        """
        with OllamaTestServer() as server:
            gen = GenerateAPI(server.url, model="llama3.2", timeout=3)
            gen.generate("warm-up")  # the server's selector and a pooled connection exist
            server.enqueue("POST", "/api/generate", NDJSONReply([LINE, LINE, LINE, FINAL]), times=None)
            gc.collect()
            time.sleep(0.05)
            baseline = open_fds()

            def abandon():
                stream = gen.generate("hi", stream=True)
                assert next(stream).response == "a"

            for _ in range(200):
                abandon()
            gc.collect()
            deadline = time.monotonic() + 2
            while open_fds() > baseline + 6 and time.monotonic() < deadline:
                time.sleep(0.02)
            growth = open_fds() - baseline
            assert list(gen.generate("after", stream=True))[-1].done
            print("growth", growth)
        """
    )
    assert result.returncode == 0, result.stderr[-4000:]
    growth = int(result.stdout.split()[-1])
    assert growth <= 6


def test_stream_finalized_inside_the_connection_pool_does_not_deadlock() -> None:
    # CPython runs the cyclic garbage collector on whatever allocation crosses its threshold,
    # including one made while urllib3 holds its connection pool's lock in the next request.
    # An abandoned stream finalized there must not need that same lock. The profile hook only
    # chooses that moment for the collection; nothing in the SDK is replaced.
    result = run_child(
        """
        with OllamaTestServer() as server:
            gen = GenerateAPI(server.url, model="llama3.2", timeout=3)
            server.enqueue("POST", "/api/generate", NDJSONReply([LINE, LINE, FINAL]), times=None)
            gc.disable()
            stream = gen.generate("hi", stream=True)
            next(stream)
            del stream  # unreachable now, collected by the next garbage collection

            def collect_inside_the_pool(frame, event, arg):
                if event == "call" and frame.f_code.co_name == "_get" and frame.f_code.co_filename.endswith("queue.py"):
                    sys.setprofile(None)
                    gc.collect()

            sys.setprofile(collect_inside_the_pool)
            try:
                parts = list(gen.generate("hi", stream=True))
            finally:
                sys.setprofile(None)
                gc.enable()
            print("parts", len(parts))
        """,
        watchdog=3.0,
    )
    assert result.returncode == 0, "deadlock or crash in the child:\n" + result.stderr[-4000:]
    assert result.stdout.split()[-1] == "3"


def test_garbage_collected_slow_stream_frees_the_server(server: OllamaTestServer, gen: GenerateAPI) -> None:
    server.enqueue("POST", "/api/generate", slow_reply(lines=100, interval=0.05))
    baseline = baseline_fds(server)

    stream = gen.generate("hi", stream=True)
    next(stream)
    del stream
    gc.collect()

    assert wait_for_fds(baseline, timeout=1.5) <= baseline


# -- abort() --------------------------------------------------------------------------------------------------


def test_abort_wakes_a_reader_blocked_in_another_thread(server: OllamaTestServer, gen: GenerateAPI) -> None:
    server.enqueue("POST", "/api/generate", slow_reply(lines=50, interval=0.2))
    reader = BackgroundReader(gen.generate("hi", stream=True))
    assert reader.first.wait(2)
    started = time.monotonic()
    gen.abort()
    reader.thread.join(2)

    assert not reader.thread.is_alive()
    assert time.monotonic() - started < 1.0
    assert len(reader.failures) == 1
    assert isinstance(reader.failures[0], AbortedError)
    assert isinstance(reader.failures[0], ConnectionError)
    assert len(reader.received) < 10


def test_abort_closes_every_open_stream(server: OllamaTestServer, gen: GenerateAPI) -> None:
    server.enqueue("POST", "/api/generate", slow_reply(lines=50, interval=0.05), times=2)
    baseline = baseline_fds(server)
    first = gen.generate("one", stream=True)
    second = gen.generate("two", stream=True)
    next(first)
    next(second)

    gen.abort()

    with pytest.raises(AbortedError):
        next(first)
    with pytest.raises(AbortedError):
        next(second)
    assert wait_for_fds(baseline) <= baseline
    # abort() only closes streams: the client still answers.
    assert gen.generate("three").response == "You said: three"


def test_abort_does_not_touch_finished_streams(server: OllamaTestServer, gen: GenerateAPI) -> None:
    parts = list(gen.generate("hi", stream=True))
    gen.abort()
    assert parts[-1].done is True
    assert gen.generate("hi").done is True


def test_close_of_the_client_aborts_its_streams(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/generate", slow_reply())
    gen = GenerateAPI(server.url, model="llama3.2", timeout=3)
    stream = gen.generate("hi", stream=True)
    next(stream)
    gen.close()
    with pytest.raises(AbortedError):
        next(stream)


# -- keep-alive ------------------------------------------------------------------------------------------------


def test_sequential_streams_do_not_grow_fds(server: OllamaTestServer, gen: GenerateAPI) -> None:
    list(gen.generate("warm-up", stream=True))
    baseline = baseline_fds(server)

    for index in range(100):
        parts = list(gen.generate(f"n{index}", stream=True))
        assert parts[-1].done is True

    assert open_fds() <= baseline + 2
    assert len(server.requests_to("POST", "/api/generate")) == 101


def one_connection_server(body: bytes) -> KeepAliveServer:
    """A raw HTTP/1.1 server that counts connections and answers every request with ``body`` streamed."""
    chunked = b"".join(b"%x\r\n%b\r\n" % (len(line), line) for line in body.splitlines(True))
    return KeepAliveServer(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n" + chunked + b"0\r\n\r\n"
    )


def test_consumed_streams_reuse_one_keep_alive_connection() -> None:
    body = b'{"model":"m","created_at":"2025-10-26T17:15:24Z","response":"x","done":false}\n'
    body += b'{"model":"m","created_at":"2025-10-26T17:15:24Z","response":"","done":true}\n'
    raw = one_connection_server(body)
    try:
        with GenerateAPI(f"http://127.0.0.1:{raw.port}", model="m", timeout=2) as gen:
            for _ in range(20):
                assert [part.response for part in gen.generate("hi", stream=True)] == ["x", ""]
        assert len(raw.requests) == 20
        assert raw.connections == 1
    finally:
        raw.close()


def test_closed_stream_connection_is_not_reused() -> None:
    body = b"".join(
        b'{"model":"m","created_at":"2025-10-26T17:15:24Z","response":"%d","done":false}\n' % i for i in range(5)
    )
    body += b'{"model":"m","created_at":"2025-10-26T17:15:24Z","response":"","done":true}\n'
    raw = one_connection_server(body)
    try:
        with GenerateAPI(f"http://127.0.0.1:{raw.port}", model="m", timeout=2) as gen:
            stream = gen.generate("hi", stream=True)
            assert next(stream).response == "0"
            stream.close()  # unread lines are left: the connection cannot carry another request
            assert [part.response for part in gen.generate("hi", stream=True)][-1] == ""
        assert len(raw.requests) == 2
        assert raw.connections == 2
    finally:
        raw.close()
