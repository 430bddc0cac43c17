"""Fault injection: every way a server or the network can fail, one matrix, sync and async.

Each row is one fault (the issue's ten, plus JSON nested too deep to parse) produced by a real
loopback server (``OllamaTestServer``, or a tiny raw socket server where a fault needs a real TCP
reset mid-stream). Each is driven through a public call (``GenerateAPI.generate`` or
``AsyncGenerateAPI.generate``) and must end in exactly the exception of ours the row names, with a
readable message that says where or what went wrong, within the configured timeout plus a small
margin: never a hang, never a foreign exception.

The single-purpose tests in test_errors.py and test_retries_and_timeouts.py check the details
of each error (attributes, chained causes, retry counts); this file checks the contract that
holds for all of them at once, for both transports. docs/reliability.md lists the rows.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import socket
import struct
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from raw_http import read_request

import ollama_python
from ollama_python import (
    AsyncGenerateAPI,
    ConnectionError,
    GenerateAPI,
    InvalidResponseError,
    OllamaError,
    ResponseError,
    ServerBusyError,
    Timeout,
    TimeoutError,
)
from ollama_python.testing import (
    HangReply,
    JSONReply,
    NDJSONReply,
    OllamaTestServer,
    RawReply,
    Reply,
    TrickleReply,
    free_port,
    generate_chunk,
    generate_final,
)

# Short limits: each row must end within its timeout plus MARGIN, and nothing is retried
# (a retry would only add time; the retry rows are the last two tests of the file).
SHORT = Timeout(connect=1, read=0.5)
# The 100 MB line is read at loopback speed; its limit is the line size, not the clock, so the
# read timeout is long enough for 64 MiB but still bounds a regression.
LONG_LINE_TIMEOUT = Timeout(connect=1, read=5)
MARGIN = 0.75
MAX_LINE = 64 * 1024 * 1024  # ollama_python._config.MAX_LINE_BYTES, the documented limit
# Peak memory of the client reading the 100 MB line: the 64 MiB limit plus what one read adds,
# never the whole line and never two copies of the buffer.
PEAK_MEMORY_LIMIT = MAX_LINE + 16 * 1024 * 1024
PACKAGE_ROOT = str(Path(ollama_python.__file__).resolve().parent.parent)


FINAL = generate_final(created_at="2025-10-26T17:15:24.166576Z")
BUSY = "server busy, please try again.  maximum pending requests exceeded"
PROXY_PAGE = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>"
    "\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n"
)


# Valid JSON nested deeper than any recursive parser goes (100,000 levels, 200 kB).
DEEP_ARRAY = b"[" * 100_000 + b"]" * 100_000
DEEP_OBJECT = b'{"a":' * 100_000 + b"1" + b"}" * 100_000


class ResettingServer:
    """Answers every request with the head of a 200 NDJSON stream and two lines, then aborts the
    connection with a TCP RST (``SO_LINGER`` 0): a reset in the middle of a stream, which
    ``OllamaTestServer`` cannot produce (its ``ResetReply`` sends nothing before the reset).
    """

    LINES = 2

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="resetting-server", daemon=True)
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self.requests = 0

    def __enter__(self) -> ResettingServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join(2)
        self._listener.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except OSError:  # the accept timeout: check for stop
                continue
            with conn:
                conn.settimeout(2)
                with contextlib.suppress(OSError):
                    self._answer(conn)

    def _answer(self, conn: socket.socket) -> None:
        if read_request(conn) is None:  # read the whole request: unread data would reset earlier
            return
        self.requests += 1
        out = b"HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n"
        for index in range(self.LINES):
            line = json.dumps(generate_chunk(str(index))).encode() + b"\n"
            out += b"%x\r\n%b\r\n" % (len(line), line)
        conn.sendall(out)
        time.sleep(0.3)  # the client reads both lines, then waits for more
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


@dataclass
class Servers:
    """Everything a row may point the client at."""

    ollama: OllamaTestServer
    resetting: ResettingServer
    refused_url: str


@dataclass(frozen=True)
class Fault:
    """One row of the matrix.

    Attributes:
        name: The fault, as docs/reliability.md names it.
        reply: What ``OllamaTestServer`` answers ``POST /api/generate`` with (None: not used).
        target: Which server the client talks to: ``"ollama"``, ``"resetting"`` or ``"refused"``.
        stream: Whether the call is streamed (``stream=True``, read to the end).
        error: The exact class of the exception.
        words: Fragments the message must contain; ``{root}`` and ``{url}`` are filled in.
        items: Chunks the caller receives before the exception (streamed rows).
        timeout: The client's timeout; the call must end within ``budget`` seconds.
        budget: Seconds the call may take at most.
        child: Run the client in a child process and measure its peak memory there.
        extra: Attributes the exception must have, with their values.
    """

    name: str
    reply: Callable[[], Reply] | None
    target: str
    stream: bool
    error: type[OllamaError]
    words: tuple[str, ...]
    items: int = 0
    timeout: Timeout = SHORT
    budget: float = 0.5 + MARGIN
    child: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def long_line() -> Reply:
    """One line of 100 MB of valid JSON text (built only when the row runs)."""
    return NDJSONReply([b'{"response":"' + b"x" * 100_000_000 + b'"}\n'])


FAULTS = [
    Fault(
        "refused connection",
        None,
        "refused",
        stream=True,
        error=ConnectionError,
        words=("could not connect to Ollama at {root}", "connection refused", "ollama serve"),
    ),
    Fault(
        "connection cut mid-stream (FIN, no final chunk)",
        lambda: NDJSONReply([generate_chunk("0"), generate_chunk("1"), generate_chunk("2"), FINAL], drop_after=2),
        "ollama",
        stream=True,
        error=ConnectionError,
        words=("lost the connection to Ollama at {root}", "{url}"),
        items=2,
    ),
    Fault(
        "connection reset mid-stream (RST)",
        None,
        "resetting",
        stream=True,
        error=ConnectionError,
        words=("lost the connection to Ollama at {root}", "{url}"),
        items=ResettingServer.LINES,
    ),
    Fault(
        "truncated last line",
        lambda: NDJSONReply([generate_chunk("0"), b'{"model":"llama3.2","created_at":"2025-10-26T17:15:24Z","respo']),
        "ollama",
        stream=True,
        error=InvalidResponseError,
        words=("{url} sent a line that is not JSON", "respo"),
        items=1,
    ),
    Fault(
        "invalid JSON line",
        lambda: NDJSONReply([generate_chunk("0"), b"{this is not json}\n", FINAL]),
        "ollama",
        stream=True,
        error=InvalidResponseError,
        words=("{url} sent a line that is not JSON", "this is not json"),
        items=1,
    ),
    Fault(
        "non-UTF-8 bytes",
        lambda: NDJSONReply([generate_chunk("0"), b'{"response":"\xff\xfe\xfd","done":false}\n', FINAL]),
        "ollama",
        stream=True,
        error=InvalidResponseError,
        words=("{url} sent a line that is not JSON", r"\xff\xfe\xfd"),
        items=1,
    ),
    Fault(
        "deeply nested JSON line",
        lambda: NDJSONReply([generate_chunk("0"), DEEP_ARRAY + b"\n", FINAL]),
        "ollama",
        stream=True,
        error=InvalidResponseError,
        words=("{url}",),
        items=1,
    ),
    Fault(
        "deeply nested JSON body",
        lambda: JSONReply(DEEP_OBJECT),
        "ollama",
        stream=False,
        error=InvalidResponseError,
        words=("{url}",),
    ),
    Fault(
        "HTML 502 from a proxy",
        lambda: RawReply(PROXY_PAGE, status=502, content_type="text/html"),
        "ollama",
        stream=False,
        error=ResponseError,
        words=("502 Bad Gateway", "an HTML page answered {url}", "not Ollama"),
        extra={"status_code": 502},
    ),
    Fault(
        "503 with Retry-After (retries off)",
        lambda: JSONReply({"error": BUSY}, status=503, headers={"Retry-After": "7"}),
        "ollama",
        stream=False,
        error=ServerBusyError,
        words=(BUSY, "503"),
        extra={"status_code": 503, "retry_after": 7.0},
    ),
    Fault(
        "accepts and never answers",
        lambda: HangReply(),
        "ollama",
        stream=False,
        error=TimeoutError,
        words=("Ollama at {root} did not answer within 0.5 s", "timeout"),
    ),
    Fault(
        "trickles bytes forever",
        lambda: TrickleReply(interval=0.02),
        "ollama",
        stream=True,
        error=TimeoutError,
        words=("{url} started a message but did not finish it within 0.5 s", "timeout"),
    ),
    Fault(
        "100 MB line",
        long_line,
        "ollama",
        stream=True,
        error=InvalidResponseError,
        words=("{url} sent a streamed line longer than 64 MiB",),
        timeout=LONG_LINE_TIMEOUT,
        budget=5 + MARGIN,
        child=True,
    ),
]


@dataclass
class Outcome:
    """What the caller saw: the exception (or its description, from a child), items, time."""

    error: BaseException | None
    kind: str
    message: str
    items: int
    elapsed: float
    attributes: dict[str, Any]
    peak_memory: int | None = None


def describe(error: BaseException | None, items: int, elapsed: float, fault: Fault) -> Outcome:
    kind = f"{type(error).__module__}.{type(error).__qualname__}" if error is not None else "no exception"
    attributes = {name: getattr(error, name, None) for name in fault.extra}
    return Outcome(error, kind, str(error) if error is not None else "", items, elapsed, attributes)


def call_sync(url: str, fault: Fault) -> Outcome:
    items = 0
    error: BaseException | None = None
    with GenerateAPI(url, model="llama3.2", timeout=fault.timeout, max_retries=0) as gen:
        started = time.monotonic()
        try:
            if fault.stream:
                for _ in gen.generate("hi", stream=True):
                    items += 1
            else:
                gen.generate("hi")
        except OllamaError as caught:  # anything else is a foreign exception: the test fails
            error = caught
        elapsed = time.monotonic() - started
    return describe(error, items, elapsed, fault)


def call_async(url: str, fault: Fault) -> Outcome:
    async def main() -> Outcome:
        items = 0
        error: BaseException | None = None
        async with AsyncGenerateAPI(url, model="llama3.2", timeout=fault.timeout, max_retries=0) as gen:
            started = time.monotonic()
            try:
                if fault.stream:
                    async for _ in await gen.generate("hi", stream=True):
                        items += 1
                else:
                    await gen.generate("hi")
            except OllamaError as caught:
                error = caught
            elapsed = time.monotonic() - started
        return describe(error, items, elapsed, fault)

    return asyncio.run(main())


CHILD = """
import asyncio, json, sys, time, tracemalloc
from ollama_python import AsyncGenerateAPI, GenerateAPI, OllamaError, Timeout

url, mode, connect, read = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
timeout = Timeout(connect=connect, read=read)
items, error = 0, None

async def read_async():
    global items
    async with AsyncGenerateAPI(url, model="llama3.2", timeout=timeout, max_retries=0) as gen:
        async for _ in await gen.generate("hi", stream=True):
            items += 1

tracemalloc.start()
started = time.monotonic()
try:
    if mode == "sync":
        with GenerateAPI(url, model="llama3.2", timeout=timeout, max_retries=0) as gen:
            for _ in gen.generate("hi", stream=True):
                items += 1
    else:
        asyncio.run(read_async())
except OllamaError as caught:
    error = caught
elapsed = time.monotonic() - started
peak = tracemalloc.get_traced_memory()[1]
kind = f"{type(error).__module__}.{type(error).__qualname__}" if error is not None else "no exception"
print(json.dumps({"kind": kind, "message": str(error or ""), "items": items, "elapsed": elapsed, "peak": peak}))
"""


def call_in_child(url: str, fault: Fault, mode: str) -> Outcome:
    """The call in a fresh interpreter that holds nothing but the client, so that its peak
    memory is the client's own (the 100 MB reply lives in this process, in the server).
    """
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([PACKAGE_ROOT, os.environ.get("PYTHONPATH", "")]))
    timeout = fault.timeout
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(CHILD), url, mode, str(timeout.connect), str(timeout.read)],
        capture_output=True,
        text=True,
        timeout=40,
        env=env,
        cwd=PACKAGE_ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    return Outcome(None, report["kind"], report["message"], report["items"], report["elapsed"], {}, report["peak"])


@pytest.fixture(scope="module")
def servers() -> Iterator[Servers]:
    with OllamaTestServer() as ollama, ResettingServer() as resetting:
        yield Servers(ollama, resetting, f"http://127.0.0.1:{free_port()}")


def target_url(servers: Servers, fault: Fault) -> str:
    if fault.target == "refused":
        return servers.refused_url
    if fault.target == "resetting":
        return servers.resetting.url
    servers.ollama.reset()
    assert fault.reply is not None
    servers.ollama.enqueue("POST", "/api/generate", fault.reply())
    return servers.ollama.url


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("fault", FAULTS, ids=[fault.name for fault in FAULTS])
def test_fault_ends_in_our_exception_within_the_timeout(servers: Servers, fault: Fault, mode: str) -> None:
    url = target_url(servers, fault)
    if fault.child:
        outcome = call_in_child(url, fault, mode)
    else:
        outcome = (call_sync if mode == "sync" else call_async)(url, fault)

    expected = f"{fault.error.__module__}.{fault.error.__qualname__}"
    assert outcome.kind == expected, f"{fault.name}: expected {expected}, got {outcome.kind}: {outcome.message}"
    if outcome.error is not None:
        assert type(outcome.error) is fault.error
    # Readable: says where (the server or the URL) or what went wrong, in one printable line.
    for word in fault.words:
        assert word.format(root=url, url=url + "/api/generate") in outcome.message, outcome.message
    assert outcome.message.isprintable() and len(outcome.message) < 600, outcome.message
    assert outcome.items == fault.items
    assert outcome.elapsed < fault.budget, f"{fault.name} took {outcome.elapsed:.2f} s (budget {fault.budget} s)"
    for name, value in fault.extra.items():
        assert outcome.attributes[name] == value
    if outcome.peak_memory is not None:
        assert outcome.peak_memory < PEAK_MEMORY_LIMIT, (
            f"reading the 100 MB line peaked at {outcome.peak_memory / 2**20:.0f} MiB "
            f"(limit {PEAK_MEMORY_LIMIT / 2**20:.0f} MiB)"
        )
    if fault.target == "ollama":
        assert len(servers.ollama.requests_to("POST", "/api/generate")) == 1  # sent once, never retried


# -- 503 with Retry-After, retries on ----------------------------------------------------------------


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_503_retry_after_is_honoured_then_the_call_succeeds(servers: Servers, mode: str) -> None:
    server = servers.ollama
    server.reset()
    server.enqueue("POST", "/api/generate", JSONReply({"error": BUSY}, status=503, headers={"Retry-After": "1"}))

    async def call_async() -> str:
        async with AsyncGenerateAPI(server.url, model="llama3.2", timeout=SHORT) as gen:
            return (await gen.generate("hi")).response

    started = time.monotonic()
    if mode == "sync":
        with GenerateAPI(server.url, model="llama3.2", timeout=SHORT) as gen:  # default max_retries
            answer = gen.generate("hi").response
    else:
        answer = asyncio.run(call_async())
    elapsed = time.monotonic() - started

    assert answer == "You said: hi"
    first, second = server.requests_to("POST", "/api/generate")
    assert second.received_at - first.received_at >= 0.95  # waited the second the server asked for
    assert elapsed < 1 + MARGIN
    assert second.json == first.json
