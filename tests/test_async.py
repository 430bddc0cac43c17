"""AsyncClient and the Async*API classes against real loopback servers.

Whether a connection was opened, reused or closed is observed from outside the SDK: a small TCP
relay (:class:`ConnectionCounter`) sits between the client and the test server and counts the
connections it accepts and which side closed each one first.
"""

from __future__ import annotations

import asyncio
import builtins
import contextlib
import gc
import hashlib
import importlib.util
import os
import subprocess
import sys
import textwrap
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from conftest import BackgroundReader

import ollama_python
from ollama_python import (
    AbortedError,
    AsyncClient,
    AsyncEmbeddingAPI,
    AsyncGenerateAPI,
    AsyncModelManagementAPI,
    AsyncStream,
    Client,
    ConnectionError,
    EmbeddingAPI,
    GenerateAPI,
    ModelManagementAPI,
    NotFoundError,
    ResponseError,
    Stream,
    StreamError,
    TimeoutError,
)
from ollama_python.testing import (
    HangReply,
    NDJSONReply,
    OllamaTestServer,
    RecordedRequest,
    free_port,
    generate_chunk,
    generate_final,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
API_KEY = "test-key-123"


# -- helpers ---------------------------------------------------------------------------------------------


@pytest.fixture
def second() -> Iterator[OllamaTestServer]:
    """Another fresh server, so that a sync call and its async twin each meet the same state."""
    with OllamaTestServer() as test_server:
        yield test_server


FINAL = generate_final()


def slow_reply(lines: int = 100, interval: float = 0.05) -> NDJSONReply:
    """A generate stream that takes ``lines * interval`` seconds (5 s by default) to finish."""
    return NDJSONReply([generate_chunk(f"{i} ") for i in range(lines)] + [FINAL], interval=interval)


async def wait_until(condition: Callable[[], bool], timeout: float = 2.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.01)
    return True


@contextlib.contextmanager
def no_resource_warnings() -> Iterator[None]:
    """Fail if anything in the block leaks a socket, transport or file (``-W error::ResourceWarning``)."""
    gc.collect()  # garbage from earlier tests must not be blamed on this block
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        yield
        gc.collect()
    leaked = [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]
    assert leaked == []


class ConnectionCounter:
    """A TCP relay on 127.0.0.1 in front of a test server.

    It counts the connections clients open (``opened``) and, for each connection that ended,
    which side closed it first (``closed_by_client`` / ``closed_by_server``).
    """

    def __init__(self, target: OllamaTestServer) -> None:
        self._target_port = target.port
        self._lock = threading.Lock()
        self.opened = 0
        self.closed_by_client = 0
        self.closed_by_server = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="connection-counter", daemon=True)
        self._server: asyncio.AbstractServer | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._writers: set[asyncio.StreamWriter] = set()
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ConnectionCounter:
        self._thread.start()
        assert self._ready.wait(5)
        return self

    def __exit__(self, *exc_info: object) -> None:
        asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        self._loop.close()

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(asyncio.start_server(self._accepted, "127.0.0.1", 0, backlog=512))
        self.port = int(self._server.sockets[0].getsockname()[1])
        self._ready.set()
        self._loop.run_forever()

    async def _shutdown(self) -> None:
        assert self._server is not None
        self._server.close()
        for writer in list(self._writers):  # ends the relays without cancelling their tasks
            writer.transport.abort()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._server.wait_closed()

    async def _accepted(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self._writers.add(client_writer)
        with self._lock:
            self.opened += 1
        first_to_close: list[str] = []
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", self._target_port)
            self._writers.add(upstream_writer)

            async def pipe(side: str, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
                try:
                    while data := await reader.read(65536):
                        writer.write(data)
                        await writer.drain()
                except OSError:
                    pass
                finally:
                    if not first_to_close:
                        first_to_close.append(side)
                    writer.close()

            await asyncio.gather(
                pipe("client", client_reader, upstream_writer), pipe("server", upstream_reader, client_writer)
            )
            upstream_writer.close()
            self._writers.discard(upstream_writer)
        except OSError:
            pass
        finally:
            client_writer.close()
            self._writers.discard(client_writer)
            with self._lock:
                if first_to_close == ["client"]:
                    self.closed_by_client += 1
                elif first_to_close == ["server"]:
                    self.closed_by_server += 1
            self._tasks.discard(task)


@pytest.fixture
def counter(server: OllamaTestServer) -> Iterator[ConnectionCounter]:
    with ConnectionCounter(server) as relay:
        yield relay


# -- sync and async put the same bytes on the wire ----------------------------------------------------


def add_two_numbers(a: int, b: int) -> int:
    """Add two numbers.

    Args:
        a: The first number.
        b: The second number.
    """
    return a + b


MESSAGES: list[Any] = [
    {"role": "system", "content": "Answer briefly.", "images": [], "tool_calls": None, "thinking": ""},
    ollama_python.Message(role="user", content="Why is the sky blue?"),
]
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
MODELFILE = 'FROM llama3.2\nSYSTEM """You are Peach."""\nPARAMETER temperature 0.5\n'

Call = Callable[[Any, Path], Any]

# (which API object, the call). The same call runs on the sync object and on its async twin.
PARITY_CASES: dict[str, tuple[str, Call]] = {
    "client.chat": (
        "client",
        lambda api, tmp: api.chat(
            "llama3.2", MESSAGES, tools=[add_two_numbers], options={"temperature": 0}, keep_alive="5m", think=False
        ),
    ),
    "client.chat-stream": (
        "client",
        lambda api, tmp: api.chat("qwen3", messages=MESSAGES, stream=True, think=True, format="json"),
    ),
    "client.generate": (
        "client",
        lambda api, tmp: api.generate(
            "llama3.2", "Describe", system="Be brief", images=[PNG], options={"num_predict": 5}, keep_alive=0
        ),
    ),
    "client.generate-stream": (
        "client",
        lambda api, tmp: api.generate("codegemma", "def add(", "return a + b", stream=True, raw=False),
    ),
    "client.embed": (
        "client",
        lambda api, tmp: api.embed("all-minilm", ["first", "second"], truncate=True, dimensions=8),
    ),
    "client.embeddings": ("client", lambda api, tmp: api.embeddings("all-minilm", "hello", {"temperature": 0})),
    "client.pull": ("client", lambda api, tmp: api.pull("mistral")),
    "client.pull-stream": ("client", lambda api, tmp: api.pull("mistral", insecure=True, stream=True)),
    "client.push": ("client", lambda api, tmp: api.push("llama3.2")),
    "client.push-stream": ("client", lambda api, tmp: api.push("llama3.2", stream=True)),
    "client.create": (
        "client",
        lambda api, tmp: api.create(
            "mario",
            from_="llama3.2",
            system="You are Mario.",
            template="{{ .Prompt }}",
            license="MIT",
            parameters={"temperature": 0.7},
            messages=[{"role": "user", "content": "Who are you?"}],
        ),
    ),
    "client.create-positional-stream": (
        "client",
        lambda api, tmp: api.create("luigi", None, "llama3.2", stream=True),
    ),
    "client.create-modelfile": ("client", lambda api, tmp: api.create("peach", modelfile=MODELFILE)),
    "client.create-path": ("client", lambda api, tmp: api.create("tiny", path=tmp / "Modelfile")),
    "client.create_blob": ("client", lambda api, tmp: api.create_blob(tmp / "blob.bin")),
    "client.delete": ("client", lambda api, tmp: api.delete("qwen3")),
    "client.copy": ("client", lambda api, tmp: api.copy("llama3.2", "user/llama-copy")),
    "client.list": ("client", lambda api, tmp: api.list()),
    "client.show": ("client", lambda api, tmp: api.show("llama3.2")),
    "client.ps": ("client", lambda api, tmp: api.ps()),
    "client.version": ("client", lambda api, tmp: api.version()),
    "client.web_search": ("client", lambda api, tmp: api.web_search("what is ollama", max_results=2)),
    "client.web_fetch": ("client", lambda api, tmp: api.web_fetch("https://ollama.com")),
    "GenerateAPI.generate": ("generate", lambda api, tmp: api.generate("Hello", options={"seed": 1})),
    "GenerateAPI.chat-stream": ("generate", lambda api, tmp: api.chat(MESSAGES, stream=True, logprobs=True)),
    "EmbeddingAPI.embed": ("embedding", lambda api, tmp: api.embed("one text", keep_alive="1m")),
    "EmbeddingAPI.embeddings": ("embedding", lambda api, tmp: api.embeddings("one text")),
    "ModelManagementAPI.show": ("models", lambda api, tmp: api.show("llama3.2", verbose=True)),
    "ModelManagementAPI.pull-stream": ("models", lambda api, tmp: api.pull("mistral", stream=True)),
    "ModelManagementAPI.create_blob": ("models", lambda api, tmp: api.create_blob(tmp / "blob.bin")),
}

COMPARED_HEADERS = ("Accept", "Authorization", "Content-Length", "Content-Type", "User-Agent")


def build(kind: str, url: str, asynchronous: bool) -> Any:
    if kind == "client":
        return (AsyncClient if asynchronous else Client)(host=url, web_host=url)
    if kind == "generate":
        return (AsyncGenerateAPI if asynchronous else GenerateAPI)(url, model="llama3.2")
    if kind == "embedding":
        return (AsyncEmbeddingAPI if asynchronous else EmbeddingAPI)(url, model="all-minilm")
    return (AsyncModelManagementAPI if asynchronous else ModelManagementAPI)(url)


def on_the_wire(request: RecordedRequest) -> tuple[Any, ...]:
    headers = {name: request.headers.get(name) for name in COMPARED_HEADERS}
    return request.method, request.path, request.query, request.body, headers


def stable(value: Any) -> Any:
    """A result without the fields that differ between two servers (timestamps)."""
    if hasattr(value, "model_dump"):
        value = value.model_dump()
    if isinstance(value, dict):
        return {k: stable(v) for k, v in value.items() if k not in ("created_at", "modified_at", "expires_at")}
    if isinstance(value, list):
        return [stable(v) for v in value]
    return value


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "blob.bin").write_bytes(b"blob contents " * 1000)
    (tmp_path / "tiny.gguf").write_bytes(b"GGUF\x03\x00\x00\x00tiny model")
    (tmp_path / "Modelfile").write_text('FROM ./tiny.gguf\nPARAMETER temperature 0.2\nSYSTEM """You are terse."""\n')
    return tmp_path


@pytest.mark.parametrize("case", list(PARITY_CASES))
def test_sync_and_async_send_identical_requests(
    case: str, server: OllamaTestServer, second: OllamaTestServer, files: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OLLAMA_API_KEY", API_KEY)  # for web_search / web_fetch
    kind, call = PARITY_CASES[case]
    for each in (server, second):
        each.add_model("codegemma")  # can fill in the middle (suffix=)

    sync_api = build(kind, server.url, asynchronous=False)
    with sync_api:
        sync_result = call(sync_api, files)
        if isinstance(sync_result, Stream):
            sync_result = list(sync_result)

    async def run_async() -> Any:
        async with build(kind, second.url, asynchronous=True) as async_api:
            result = await call(async_api, files)
            if isinstance(result, AsyncStream):
                return [part async for part in result]
            return result

    async_result = asyncio.run(run_async())

    sync_wire = [on_the_wire(request) for request in server.requests]
    async_wire = [on_the_wire(request) for request in second.requests]
    assert sync_wire, "the sync call sent nothing"
    assert async_wire == sync_wire
    assert type(async_result) is type(sync_result)
    assert stable(async_result) == stable(sync_result)
    assert server.errors == second.errors == []


# -- many calls on one client ---------------------------------------------------------------------------


def _on_aiohttp() -> bool:
    """Whether AsyncClient sends through the aiohttp backend here (the `aiohttp` extra installed)."""
    return importlib.util.find_spec("aiohttp") is not None and os.environ.get("OLLAMA_PYTHON_ASYNC_BACKEND") != "httpx"


def test_200_concurrent_calls_on_one_client_each_get_their_own_answer(
    server: OllamaTestServer, counter: ConnectionCounter
) -> None:
    async def main() -> tuple[list[str], int, int]:
        async with AsyncClient(host=counter.url) as client:
            replies = await asyncio.gather(*(client.generate("llama3.2", f"prompt number {i}") for i in range(200)))
            after_burst = counter.opened
            for i in range(20):  # idle pooled connections are reused: no new ones
                assert (await client.generate("llama3.2", f"again {i}")).response == f"You said: again {i}"
            return [reply.response for reply in replies], after_burst, counter.opened

    with no_resource_warnings():
        answers, after_burst, at_end = asyncio.run(main())

    assert answers == [f"You said: prompt number {i}" for i in range(200)]
    assert sorted(r.json["prompt"] for r in server.requests_to("POST", "/api/generate")[:200]) == sorted(
        f"prompt number {i}" for i in range(200)
    )
    # Pooled: at most 100 connections at once, and the ones kept open afterwards serve later calls.
    # aiohttp's pool keeps all 100 open; httpx's keeps 20 idle (see _async_transport), so during
    # the burst it closes the surplus and opens others: more connections over the whole burst.
    assert 1 <= after_burst <= (100 if _on_aiohttp() else 200)
    assert at_end == after_burst


# -- cancelling, closing, aborting -------------------------------------------------------------------------


def test_cancelling_a_streaming_task_closes_its_connection(
    server: OllamaTestServer, counter: ConnectionCounter
) -> None:
    async def main() -> None:
        async with AsyncClient(host=counter.url, timeout=5) as client:
            server.enqueue("POST", "/api/generate", slow_reply())
            parts: list[str] = []
            first = asyncio.Event()

            async def read() -> None:
                async for part in await client.generate("llama3.2", "a long story", stream=True):
                    parts.append(part.response)
                    first.set()

            task = asyncio.create_task(read())
            await asyncio.wait_for(first.wait(), 2)  # the first line arrives long before the stream ends
            assert counter.closed_by_client == 0
            started = time.monotonic()
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            assert task.cancelled()
            assert time.monotonic() - started < 0.5
            # The client dropped the connection (the server was still streaming: 5 s in total).
            assert await wait_until(lambda: counter.closed_by_client == 1, 1.0)
            assert counter.closed_by_server == 0
            assert 1 <= len(parts) < 20
            # The client is still usable.
            assert (await client.generate("llama3.2", "after")).response == "You said: after"

    with no_resource_warnings():
        asyncio.run(main())


def test_async_with_on_a_stream_closes_it(server: OllamaTestServer, counter: ConnectionCounter) -> None:
    async def main() -> list[str]:
        async with AsyncClient(host=counter.url, timeout=5) as client:
            server.enqueue("POST", "/api/generate", slow_reply())
            started = time.monotonic()
            async with await client.generate("llama3.2", "hi", stream=True) as stream:
                first = await asyncio.wait_for(stream.__anext__(), 2)
                assert first.response == "0 "
            assert time.monotonic() - started < 1.5
            assert await wait_until(lambda: counter.closed_by_client == 1, 1.0)
            # Like a closed sync Stream, a closed AsyncStream yields nothing more.
            return [part.response async for part in stream]

    with no_resource_warnings():
        assert asyncio.run(main()) == []


def test_async_with_on_the_client_closes_its_connections(server: OllamaTestServer, counter: ConnectionCounter) -> None:
    async def main() -> None:
        async with AsyncClient(host=counter.url) as client:
            await asyncio.gather(client.version(), client.list(), client.ps())
            assert counter.opened >= 1
            assert counter.closed_by_client == 0
        assert await wait_until(lambda: counter.closed_by_client == counter.opened, 1.0)

    with no_resource_warnings():
        asyncio.run(main())


def test_abort_on_an_async_client_fails_every_reader_with_aborted_error(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/generate", slow_reply(), times=2)

    async def main() -> list[BaseException | None]:
        async with AsyncClient(host=server.url, timeout=5) as client:
            started = [asyncio.Event(), asyncio.Event()]

            async def read(index: int) -> None:
                async for _ in await client.generate("llama3.2", f"story {index}", stream=True):
                    started[index].set()

            tasks = [asyncio.create_task(read(0)), asyncio.create_task(read(1))]
            await asyncio.wait_for(asyncio.gather(started[0].wait(), started[1].wait()), 2)
            aborted_at = time.monotonic()
            client.abort()
            outcomes = await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), 1.0)
            assert time.monotonic() - aborted_at < 1.0
            # abort() only closes streams: the client still answers.
            assert (await client.generate("llama3.2", "after")).response == "You said: after"
            return list(outcomes)

    with no_resource_warnings():
        outcomes = asyncio.run(main())
    for outcome in outcomes:
        assert isinstance(outcome, AbortedError)
        assert isinstance(outcome, ConnectionError)
        assert "abort" in str(outcome)


def test_abort_on_a_sync_client_fails_a_reader_in_another_thread(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/generate", slow_reply())
    with Client(host=server.url, timeout=5) as client:
        reader = BackgroundReader(client.generate("llama3.2", "a long story", stream=True))
        assert reader.first.wait(2)
        aborted_at = time.monotonic()
        client.abort()
        reader.thread.join(2)

        assert not reader.thread.is_alive()
        assert time.monotonic() - aborted_at < 1.0
        assert len(reader.failures) == 1
        assert isinstance(reader.failures[0], AbortedError)
        assert 1 <= len(reader.received) < 20
        assert client.generate("llama3.2", "after").response == "You said: after"


def test_async_stream_collect_and_response(server: OllamaTestServer) -> None:
    async def main() -> None:
        async with AsyncClient(host=server.url) as client:
            stream = await client.chat("llama3.2", [{"role": "user", "content": "Hi there"}], stream=True)
            assert stream.response is None
            whole = await stream.collect()
            assert whole.message.content == "You said: Hi there"
            assert whole["message"]["role"] == "assistant"
            assert whole.done is True
            assert stream.response == whole

            stream = await client.generate("llama3.2", "count", stream=True)
            parts = [part.response async for part in stream]
            assert "".join(parts) == "You said: count"
            assert stream.response is not None
            assert stream.response.response == "You said: count"

    asyncio.run(main())


# -- errors and timeouts ------------------------------------------------------------------------------------


def test_async_http_errors_map_to_our_exceptions(server: OllamaTestServer) -> None:
    async def main() -> None:
        async with AsyncClient(host=server.url) as client:
            with pytest.raises(NotFoundError) as missing:
                await client.show("no-such-model")
            assert missing.value.status_code == 404
            assert missing.value.error == "model 'no-such-model' not found"

            with pytest.raises(NotFoundError):
                await client.chat("no-such-model", [{"role": "user", "content": "Hi"}])

            with pytest.raises(StreamError) as in_stream:
                async for _ in await client.pull("missing-model", stream=True):
                    pass
            assert in_stream.value.status_code == -1
            assert in_stream.value.error == "pull model manifest: file does not exist"

            with pytest.raises(ResponseError) as failed:
                await client.pull("missing-model")
            assert failed.value.status_code == 500

    asyncio.run(main())


def test_async_refused_connection_is_our_connection_error() -> None:
    async def main() -> None:
        async with AsyncClient(host=f"127.0.0.1:{free_port()}") as client:
            started = time.monotonic()
            with pytest.raises(ConnectionError) as refused:
                await client.version()
            assert time.monotonic() - started < 5  # a few quick retries, then the error
        assert isinstance(refused.value, builtins.ConnectionError)
        assert not isinstance(refused.value, TimeoutError)
        assert "ollama serve" in str(refused.value)

    with no_resource_warnings():
        asyncio.run(main())


@pytest.mark.parametrize("send_headers", [False, True], ids=["no-answer", "stalled-stream"])
def test_async_timeout_is_our_timeout_error(server: OllamaTestServer, send_headers: bool) -> None:
    server.enqueue("POST", "/api/generate", HangReply(send_headers=send_headers))

    async def main() -> None:
        async with AsyncClient(host=server.url, timeout=0.5) as client:
            started = time.monotonic()
            with pytest.raises(TimeoutError) as timed_out:
                async for _ in await client.generate("llama3.2", "hi", stream=True):
                    pass
            elapsed = time.monotonic() - started
            assert 0.4 <= elapsed < 2.0
            assert "timeout" in str(timed_out.value)
            assert isinstance(timed_out.value, builtins.TimeoutError)
            # The hung request did not poison the client.
            assert (await client.version()).version == server.version

    asyncio.run(main())


# -- model management in async ------------------------------------------------------------------------------


class RecordingExecutor(ThreadPoolExecutor):
    """The event loop's default executor (what ``asyncio.to_thread`` uses), counting its jobs."""

    def __init__(self) -> None:
        super().__init__(max_workers=4)
        self.jobs = 0

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        self.jobs += 1
        return super().submit(fn, *args, **kwargs)


def test_async_create_blob_hashes_in_a_thread_and_uploads(server: OllamaTestServer, tmp_path: Path) -> None:
    present = tmp_path / "present.bin"
    present.write_bytes(os.urandom(3 << 20))
    missing = tmp_path / "missing.bin"
    missing.write_bytes(os.urandom(1 << 20) + b"tail")
    present_digest = server.add_blob(present.read_bytes())
    missing_digest = "sha256:" + hashlib.sha256(missing.read_bytes()).hexdigest()

    async def main() -> tuple[str, str, int]:
        executor = RecordingExecutor()
        asyncio.get_running_loop().set_default_executor(executor)
        async with AsyncClient(host=server.url) as client:
            await client.version()  # opens the pooled connection (which may resolve the host in a thread)
            executor.jobs = 0
            await client.version()
            assert executor.jobs == 0  # a request on a warm connection uses no thread...
            first = await client.create_blob(present)  # the server has it: hashed, asked, not uploaded
            jobs = executor.jobs  # ...so these are the hashing
            second = await client.create_blob(str(missing))
        return first, second, jobs

    first, second, jobs_for_present = asyncio.run(main())

    assert first == present_digest
    assert jobs_for_present >= 1  # hashing went to a worker thread, not the event loop
    assert second == missing_digest
    assert server.blobs[missing_digest] == missing.read_bytes()
    blob_calls = [(r.method, r.path) for r in server.requests if r.path.startswith("/api/blobs/")]
    assert blob_calls == [
        ("HEAD", f"/api/blobs/{present_digest}"),
        ("HEAD", f"/api/blobs/{missing_digest}"),
        ("POST", f"/api/blobs/{missing_digest}"),  # confirmed: no verifying HEAD
    ]


def test_async_pull_with_stream(server: OllamaTestServer) -> None:
    async def main() -> list[Any]:
        async with AsyncClient(host=server.url) as client:
            return [progress async for progress in await client.pull("mistral", stream=True)]

    reports = asyncio.run(main())

    statuses = [report["status"] for report in reports]
    assert statuses[0] == "pulling manifest"
    assert statuses[-1] == "success"
    layers = [report for report in reports if report.digest]
    assert layers
    assert all(0 <= (report.completed or 0) <= report.total for report in layers)
    assert layers[-1].completed == layers[-1].total
    assert "mistral:latest" in server.models
    assert server.last_request.json == {"model": "mistral", "insecure": False, "stream": True}


# -- event loops ------------------------------------------------------------------------------------------


def test_async_client_keeps_working_in_a_second_event_loop(server: OllamaTestServer) -> None:
    """A client made and used in one ``asyncio.run`` is used again in another one (a notebook
    cell, a CLI command run twice...): the second loop gets an answer, not a closed-loop error.
    """

    async def first_loop() -> tuple[AsyncClient, str]:
        client = AsyncClient(host=server.url)
        return client, (await client.version()).version

    client, first = asyncio.run(first_loop())
    assert first == server.version

    async def second_loop() -> str:
        try:
            return (await client.generate("llama3.2", "second loop")).response
        finally:
            await client.aclose()

    assert asyncio.run(second_loop()) == "You said: second loop"
    assert [r.path for r in server.requests] == ["/api/version", "/api/generate"]


# -- without the async extra ------------------------------------------------------------------------------------


WITHOUT_HTTPX = textwrap.dedent(
    """
    import sys

    sys.modules["httpx"] = None  # as if `pip install ollama-python` without [async]

    import ollama_python

    for name in ("AsyncClient", "AsyncGenerateAPI", "AsyncEmbeddingAPI", "AsyncModelManagementAPI"):
        try:
            exec(f"from ollama_python import {name}")
        except ollama_python.MissingDependencyError as error:
            assert isinstance(error, ImportError), type(error).__mro__
            assert "pip install httpx" in str(error), str(error)
        else:
            raise AssertionError(f"{name} imported without httpx")
    assert "AsyncClient" not in ollama_python.__all__
    exec("from ollama_python import *")

    client = ollama_python.Client(host=sys.argv[1])
    print(client.version().version)
    print(client.generate("llama3.2", "sync still works").response)
    """
)


def test_without_httpx_async_import_names_the_extra_and_sync_works(server: OllamaTestServer) -> None:
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_HTTPX, server.url],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=str(REPO_ROOT),
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [server.version, "You said: sync still works"]
