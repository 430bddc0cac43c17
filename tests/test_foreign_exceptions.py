"""No foreign exceptions: whatever bytes a server sends, a call ends in a value or in our exception.

A raw TCP server on 127.0.0.1 answers every request with one malformed reply from the table below
(bad status lines, lengths, chunk sizes, encodings, headers, 1xx replies, redirects, resets,
undecodable or wrongly typed JSON). Each row is run against every public face that reads a reply
(generate, chat, embed (as lists and as a NumPy array), list, show and pull, streamed and not) on ``Client`` and on ``AsyncClient``
over both async backends (aiohttp's sockets and httpx's own), and each call must:

- end within the call's timeout (nothing hangs);
- either return the exact answer the reply carried (only rows whose framing is odd but readable
  may do so: never a silent wrong answer), or raise an ``OllamaError`` whose message is one
  readable line (no traceback, no multi-line library dump) and, for a wrongly typed field, names it.

docs/reliability.md ("No foreign exceptions") describes what the user sees.
"""

from __future__ import annotations

import asyncio
import builtins
import contextlib
import gzip
import importlib.util
import json
import socket
import ssl
import struct
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from raw_http import AcceptLoop, read_request

from ollama_python import (
    AsyncClient,
    AsyncEmbeddingAPI,
    Client,
    ConnectionError,
    EmbeddingAPI,
    InvalidResponseError,
    OllamaError,
    RequestError,
    StructuredOutputError,
    Timeout,
)
from ollama_python._transport.foreign import reraise_translated, translated
from ollama_python.tools import run_tool_calls

TIMEOUT = Timeout(connect=1, read=2)
BUDGET = 3.5  # seconds a call may take: the read timeout plus scheduling slack on a busy machine
ERROR, OK, EITHER = "error", "ok", "either"


# -- the server -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Exchange:
    """What the client asked: the path and whether it wants a stream."""

    path: str
    stream: bool


@dataclass(frozen=True)
class Wire:
    """What the server does: send ``data``, then close (with a TCP reset when ``reset``)."""

    data: bytes
    reset: bool = False


class RawServer(AcceptLoop):
    """Answers each request on 127.0.0.1 with ``self.reply(exchange)``, then closes the connection."""

    def __init__(self) -> None:
        self.reply: Callable[[Exchange], Wire] = lambda exchange: Wire(b"")
        super().__init__()

    def handle(self, connection: socket.socket, peer: str) -> None:
        with connection, contextlib.suppress(OSError):
            connection.settimeout(2)
            request = read_request(connection)
            if request is None:
                return
            head, body, _ = request
            wire = self.reply(_exchange(head, body))
            connection.sendall(wire.data)
            if wire.reset:
                time.sleep(0.02)
                connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                return
            # Closing with unread bytes would send a reset that destroys the reply: drain first.
            connection.shutdown(socket.SHUT_WR)
            while connection.recv(65536):
                pass


def _exchange(head: bytes, body: bytes) -> Exchange:
    path = head.split(b"\r\n")[0].split(b" ")[1].decode()
    try:
        stream = bool(body) and json.loads(body).get("stream") is True
    except ValueError:  # a blob upload
        stream = False
    return Exchange(path, stream)


# -- the faces: each public call that reads a reply, with the reply it expects ----------------------


def _lines(*objects: Any) -> bytes:
    return b"".join(json.dumps(item).encode() + b"\n" for item in objects)


@dataclass(frozen=True)
class Face:
    """A public call: its path, whether it streams, a valid reply body, and how to read its answer."""

    name: str
    path: str
    stream: bool
    body: bytes
    sync: Callable[[Any], Any]
    run_async: Callable[[Any], Any]
    classes: tuple[type, type] = (Client, AsyncClient)  # what the calls are made on, sync and async


async def _drain(stream: Any) -> list[Any]:
    return [item async for item in stream]


async def _generate_stream(client: AsyncClient) -> Any:
    return _text(await _drain(await client.generate("m", "hi", stream=True)))


async def _chat_stream(client: AsyncClient) -> Any:
    return _message_text(await _drain(await client.chat("m", [{"role": "user", "content": "hi"}], stream=True)))


async def _pull_stream(client: AsyncClient) -> Any:
    return _statuses(await _drain(await client.pull("m", stream=True)))


def _text(parts: list[Any]) -> tuple[str, Any]:
    return "".join(part.response for part in parts), parts[-1].done


def _message_text(parts: list[Any]) -> tuple[str, Any]:
    return "".join(part.message.content for part in parts), parts[-1].done


def _statuses(parts: list[Any]) -> list[Any]:
    return [part.status for part in parts]


def _models(reply: Any) -> list[Any]:
    return [model.model for model in reply.models]


def _shown(reply: Any) -> tuple[Any, ...]:
    return reply.modelfile, reply.capabilities, reply.details.family


MESSAGES = [{"role": "user", "content": "hi"}]
FACES = [
    Face(
        "generate",
        "/api/generate",
        False,
        json.dumps({"model": "m", "response": "hi there", "done": True}).encode(),
        lambda c: (c.generate("m", "hi").response, True),
        lambda c: _then(c.generate("m", "hi"), lambda r: (r.response, True)),
    ),
    Face(
        "generate-stream",
        "/api/generate",
        True,
        _lines({"model": "m", "response": "hi", "done": False}, {"model": "m", "response": " there", "done": True}),
        lambda c: _text(list(c.generate("m", "hi", stream=True))),
        _generate_stream,
    ),
    Face(
        "chat",
        "/api/chat",
        False,
        json.dumps({"model": "m", "message": {"role": "assistant", "content": "hi there"}, "done": True}).encode(),
        lambda c: (c.chat("m", MESSAGES).message.content, True),
        lambda c: _then(c.chat("m", MESSAGES), lambda r: (r.message.content, True)),
    ),
    Face(
        "chat-stream",
        "/api/chat",
        True,
        _lines(
            {"model": "m", "message": {"role": "assistant", "content": "hi"}, "done": False},
            {"model": "m", "message": {"role": "assistant", "content": " there"}, "done": True},
        ),
        lambda c: _message_text(list(c.chat("m", MESSAGES, stream=True))),
        _chat_stream,
    ),
    Face(
        "embed",
        "/api/embed",
        False,
        json.dumps({"model": "m", "embeddings": [[0.5, 0.25]]}).encode(),
        lambda c: c.embed("m", "hi").embeddings,
        lambda c: _then(c.embed("m", "hi"), lambda r: r.embeddings),
    ),
    Face(
        "list",
        "/api/tags",
        False,
        json.dumps({"models": [{"name": "m:latest", "model": "m:latest", "size": 1}]}).encode(),
        lambda c: _models(c.list()),
        lambda c: _then(c.list(), _models),
    ),
    Face(
        "show",
        "/api/show",
        False,
        json.dumps({"modelfile": "FROM m", "capabilities": ["completion"], "details": {"family": "llama"}}).encode(),
        lambda c: _shown(c.show("m")),
        lambda c: _then(c.show("m"), _shown),
    ),
    Face(
        "pull-stream",
        "/api/pull",
        True,
        _lines({"status": "pulling manifest"}, {"status": "success"}),
        lambda c: _statuses(list(c.pull("m", stream=True))),
        _pull_stream,
    ),
]
if importlib.util.find_spec("numpy") is not None:  # the numpy extra: embeddings parsed as the body arrives
    FACES.append(
        Face(
            "embed-numpy",
            "/api/embed",
            False,
            json.dumps({"model": "m", "embeddings": [[0.5, 0.25]]}).encode(),
            lambda api: api.embed("hi", model="m", as_numpy=True).embeddings.tolist(),
            lambda api: _then(api.embed("hi", model="m", as_numpy=True), lambda r: r.embeddings.tolist()),
            (EmbeddingAPI, AsyncEmbeddingAPI),
        )
    )
FACE_BY_NAME = {face.name: face for face in FACES}
EXPECTED = {
    "generate": ("hi there", True),
    "generate-stream": ("hi there", True),
    "chat": ("hi there", True),
    "chat-stream": ("hi there", True),
    "embed": [[0.5, 0.25]],
    "embed-numpy": [[0.5, 0.25]],
    "list": ["m:latest"],
    "show": ("FROM m", ["completion"], "llama"),
    "pull-stream": ["pulling manifest", "success"],
}


async def _then(call: Any, read: Callable[[Any], Any]) -> Any:
    return read(await call)


def _face_for(exchange: Exchange) -> Face:
    return next(face for face in FACES if face.path == exchange.path and face.stream == exchange.stream)


# -- the replies ----------------------------------------------------------------------------------


def _content_type(exchange: Exchange) -> bytes:
    return b"application/x-ndjson" if exchange.stream else b"application/json"


def head(exchange: Exchange, *headers: bytes, status: bytes = b"200 OK") -> bytes:
    lines = [b"HTTP/1.1 " + status, b"Content-Type: " + _content_type(exchange), *headers]
    return b"\r\n".join(lines) + b"\r\n\r\n"


def sized(
    exchange: Exchange, body: bytes, *headers: bytes, length: int | None = None, status: bytes = b"200 OK"
) -> bytes:
    size = str(len(body) if length is None else length).encode()
    return head(exchange, b"Content-Length: " + size, *headers, status=status) + body


def chunked(body: bytes, *, final: bytes = b"0\r\n\r\n", size: Callable[[int], bytes] | None = None) -> bytes:
    pieces = [body[index : index + 16] for index in range(0, len(body), 16)]
    out = b""
    for piece in pieces:
        out += (size(len(piece)) if size is not None else b"%x" % len(piece)) + b"\r\n" + piece + b"\r\n"
    return out + final


def chunked_reply(exchange: Exchange, body: bytes, *headers: bytes, **options: Any) -> bytes:
    return head(exchange, b"Transfer-Encoding: chunked", *headers) + chunked(body, **options)


def valid(exchange: Exchange) -> bytes:
    return _face_for(exchange).body


def redirect(location: bytes) -> Callable[[Exchange], Wire]:
    # Connection: close, as the server closes: a same-origin target is followed on a new connection.
    return lambda e: Wire(
        sized(e, b"", b"Location: " + location, b"Connection: close", status=b"307 Temporary Redirect")
    )


def encoded(encoding: bytes, body: Callable[[bytes], bytes]) -> Callable[[Exchange], Wire]:
    return lambda e: Wire(sized(e, body(valid(e)), b"Content-Encoding: " + encoding))


GARBAGE = b"\x1f\x8b\x08\x00garbage that no decoder will take \x00\xff" * 4

# name -> (how the server answers, what the caller may see)
CASES: dict[str, tuple[Callable[[Exchange], Wire], str]] = {
    # status lines
    "garbage status line": (lambda e: Wire(b"HELLO THERE\r\n\r\n" + valid(e)), ERROR),
    "HTTP/0.9 reply (body only)": (lambda e: Wire(valid(e)), ERROR),
    "status code not a number": (lambda e: Wire(sized(e, valid(e), status=b"2xx OK")), ERROR),
    "status code 999": (lambda e: Wire(sized(e, valid(e), status=b"999 Odd")), ERROR),
    "status line only, then close": (lambda e: Wire(b"HTTP/1.1 200 OK\r\n"), ERROR),
    "nothing at all, then close": (lambda e: Wire(b""), ERROR),
    "reason phrase with control bytes": (lambda e: Wire(sized(e, valid(e), status=b"200 \x01\xff\xfe")), EITHER),
    # lengths
    "Content-Length not a number": (lambda e: Wire(head(e, b"Content-Length: abc") + valid(e)), EITHER),
    "Content-Length negative": (lambda e: Wire(head(e, b"Content-Length: -5") + valid(e)), EITHER),
    "Content-Length huge": (lambda e: Wire(head(e, b"Content-Length: 99999999999999999999999") + valid(e)), ERROR),
    "Content-Length shorter than the body": (lambda e: Wire(sized(e, valid(e), length=len(valid(e)) - 3)), ERROR),
    "Content-Length longer than the body": (lambda e: Wire(sized(e, valid(e), length=len(valid(e)) + 50)), ERROR),
    "two different Content-Lengths": (
        lambda e: Wire(sized(e, valid(e), b"Content-Length: %d" % (len(valid(e)) + 7))),
        EITHER,
    ),
    "Transfer-Encoding and Content-Length": (
        lambda e: Wire(chunked_reply(e, valid(e), b"Content-Length: 3")),
        EITHER,
    ),
    "unknown Transfer-Encoding": (
        lambda e: Wire(head(e, b"Transfer-Encoding: bogus") + valid(e)),
        EITHER,
    ),
    # chunks
    "chunk size not hex": (lambda e: Wire(chunked_reply(e, valid(e), size=lambda n: b"zz")), ERROR),
    "chunk size negative": (lambda e: Wire(chunked_reply(e, valid(e), size=lambda n: b"-%x" % n)), ERROR),
    "chunk size overflowing": (
        lambda e: Wire(chunked_reply(e, valid(e), size=lambda n: b"ffffffffffffffffffffffffffffffff")),
        ERROR,
    ),
    "chunk larger than its size": (lambda e: Wire(chunked_reply(e, valid(e), size=lambda n: b"%x" % (n - 2))), ERROR),
    "no final chunk, then close": (lambda e: Wire(chunked_reply(e, valid(e), final=b"")), EITHER),
    "close mid-chunk": (lambda e: Wire(chunked_reply(e, valid(e), final=b"")[:-9]), ERROR),
    "reset after the headers": (lambda e: Wire(head(e, b"Transfer-Encoding: chunked"), reset=True), ERROR),
    "reset mid-body": (lambda e: Wire(sized(e, valid(e), length=len(valid(e)) + 50), reset=True), ERROR),
    # content encodings
    "gzip, valid": (encoded(b"gzip", gzip.compress), OK),
    "gzip, garbage": (encoded(b"gzip", lambda body: GARBAGE), ERROR),
    "gzip, truncated": (encoded(b"gzip", lambda body: gzip.compress(body)[:-12]), ERROR),
    "gzip, chunked and garbage": (
        lambda e: Wire(chunked_reply(e, GARBAGE, b"Content-Encoding: gzip")),
        ERROR,
    ),
    "deflate, garbage": (encoded(b"deflate", lambda body: GARBAGE), ERROR),
    "deflate, truncated": (encoded(b"deflate", lambda body: zlib.compress(body)[:-6]), ERROR),
    "br, garbage": (encoded(b"br", lambda body: GARBAGE), ERROR),
    "zstd, garbage": (encoded(b"zstd", lambda body: GARBAGE), ERROR),
    "x-gzip, bogus (a list), garbage": (encoded(b"x-gzip, bogus", lambda body: GARBAGE), ERROR),
    "unknown encoding, plain body": (encoded(b"bogus", lambda body: body), EITHER),
    # headers
    "a 100 KB header line": (lambda e: Wire(sized(e, valid(e), b"X-Long: " + b"a" * 100_000)), EITHER),
    "3000 headers": (lambda e: Wire(sized(e, valid(e), *[b"X-H%d: v" % i for i in range(3000)])), EITHER),
    "a header with no colon": (lambda e: Wire(sized(e, valid(e), b"this is not a header")), EITHER),
    "a header value in Latin-1 bytes": (lambda e: Wire(sized(e, valid(e), b"X-Odd: caf\xe9 \xff")), EITHER),
    "an unknown charset": (
        lambda e: Wire(sized(e, valid(e)).replace(b"json\r\n", b"json; charset=bogus-42\r\n", 1)),
        EITHER,
    ),
    # 1xx, 204, 304
    "100 Continue, then 200": (lambda e: Wire(b"HTTP/1.1 100 Continue\r\n\r\n" + sized(e, valid(e))), OK),
    "103 Early Hints, then 200": (
        lambda e: Wire(b"HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n" + sized(e, valid(e))),
        EITHER,  # http.client skips only 100: the sync client says so; the async one reads the answer
    ),
    "204 with a body": (lambda e: Wire(sized(e, valid(e), status=b"204 No Content")), ERROR),
    "304 with a body": (lambda e: Wire(sized(e, valid(e), status=b"304 Not Modified")), ERROR),
    # redirects
    "redirect to a broken IPv6 address": (redirect(b"http://[::1/api"), ERROR),
    "redirect to a bad port": (redirect(b"http://127.0.0.1:99999/api"), ERROR),
    "redirect to garbage": (redirect(b"\x00\xff::://"), ERROR),
    "redirect to ftp:": (redirect(b"ftp://127.0.0.1/api"), ERROR),
    "redirect to file:": (redirect(b"file:///etc/passwd"), ERROR),
    "redirect to data:": (redirect(b"data:application/json,{}"), ERROR),
    "redirect to a host with a space": (redirect(b"http://exa mple.invalid/api"), ERROR),
    "redirect to a host label of 300 characters": (redirect(b"http://" + b"a" * 300 + b".invalid/api"), ERROR),
    "redirect to an empty host": (redirect(b"http:///api"), ERROR),
    "503 with a garbage Retry-After": (
        lambda e: Wire(sized(e, b'{"error": "busy"}', b"Retry-After: soon, maybe \xff", status=b"503 Busy")),
        ERROR,
    ),
    "503 with a Retry-After of 400 digits": (
        lambda e: Wire(sized(e, b'{"error": "busy"}', b"Retry-After: " + b"9" * 400, status=b"503 Busy")),
        ERROR,
    ),
    # bodies
    "invalid UTF-8": (lambda e: Wire(sized(e, valid(e).replace(b'": "', b'": "\xff\xfe', 1))), ERROR),
    "NUL bytes": (lambda e: Wire(sized(e, valid(e).replace(b'": "', b'": "\x00', 1))), ERROR),
    "an HTML page": (
        lambda e: Wire(sized(e, b"<html><title>Sign in</title></html>").replace(b"application/json", b"text/html")),
        ERROR,
    ),
    "a JSON list": (lambda e: Wire(sized(e, b"[1, 2]\n")), ERROR),
    "a JSON string": (lambda e: Wire(sized(e, b'"hi there"\n')), ERROR),
    "a JSON number": (lambda e: Wire(sized(e, b"42\n")), ERROR),
    "NaN, Infinity and 1e999 in extra fields": (
        lambda e: Wire(sized(e, valid(e).replace(b"{", b'{"a": NaN, "b": -Infinity, "c": 1e999, ', 1))),
        OK,
    ),
    "unknown extra fields": (lambda e: Wire(sized(e, valid(e).replace(b"{", b'{"new": {"x": [1]}, ', 1))), OK),
}


def _all_faces(
    reply: Callable[[Exchange], Wire], expect: str
) -> list[tuple[str, Callable[[Exchange], Wire], str, str]]:
    return [(face.name, reply, expect, "") for face in FACES]


# Wrongly typed fields: (face, the JSON reply or stream lines, the field the message must name).
def _typed(face: str, field: str, *objects: Any) -> tuple[str, Callable[[Exchange], Wire], str, str]:
    body = _lines(*objects) if FACE_BY_NAME[face].stream else json.dumps(objects[0]).encode()
    return face, lambda e: Wire(sized(e, body)), ERROR, field


def _typed_raw(face: str, field: str, body: bytes) -> tuple[str, Callable[[Exchange], Wire], str, str]:
    return face, lambda e: Wire(sized(e, body)), ERROR, field


NESTED = b"[" * 990 + b"]" * 990
FINAL = {"model": "m", "response": "", "done": True}
TYPED = [
    _typed("generate", "response", {"model": "m", "response": 5, "done": True}),
    _typed("generate", "response", {"model": "m", "response": ["hi"], "done": True}),
    _typed("generate", "done", {"model": "m", "response": "hi", "done": "yes"}),
    _typed("generate", "eval_count", {"model": "m", "response": "hi", "done": True, "eval_count": "12"}),
    # Nested almost as deep as the JSON parsers go: the message still shows (a bounded preview of) the reply.
    _typed_raw("generate", "response", b'{"response": 5, "done": true, "x": ' + NESTED + b"}"),
    _typed_raw("generate", "response", b'{"response": ' + NESTED + b', "done": true}'),
    _typed("generate-stream", "done", {"model": "m", "response": "hi", "done": "yes"}, FINAL),
    _typed("generate-stream", "response", {"model": "m", "response": {"t": 1}, "done": False}, FINAL),
    _typed("chat", "message", {"model": "m", "message": [], "done": True}),
    _typed("chat", "message", {"model": "m", "message": "hi there", "done": True}),
    _typed("chat", "content", {"model": "m", "message": {"role": "assistant", "content": 5}, "done": True}),
    _typed("chat", "tool_calls", {"model": "m", "message": {"role": "assistant", "tool_calls": "x"}, "done": True}),
    _typed("chat", "arguments", {"model": "m", "message": {"tool_calls": [{"function": {"arguments": 7}}]}}),
    _typed("chat-stream", "message", {"model": "m", "message": [], "done": False}, FINAL),
    _typed("chat-stream", "done", {"model": "m", "message": {"content": "hi"}, "done": "yes"}, FINAL),
    _typed("embed", "embeddings", {"model": "m", "embeddings": "x"}),
    _typed("embed", "embeddings", {"model": "m", "embeddings": [0.5, 0.25]}),
    _typed("embed", "embeddings", {"model": "m", "embeddings": [["a", "b"]]}),
    _typed("embed", "embeddings", {"model": "m", "embeddings": {"0": [0.5]}}),
    _typed("list", "models", {"models": 5}),
    _typed("list", "models", {"models": [5]}),
    _typed("list", "size", {"models": [{"name": "m", "size": "4 GB"}]}),
    _typed("list", "models", {"models": {"m": {}}}),
    _typed("show", "details", {"modelfile": "FROM m", "details": "llama"}),
    _typed("show", "capabilities", {"modelfile": "FROM m", "capabilities": "completion"}),
    _typed("show", "model_info", {"modelfile": "FROM m", "model_info": []}),
    _typed("pull-stream", "status", {"status": 5}, {"status": "success"}),
    _typed("pull-stream", "completed", {"status": "pulling", "completed": "half"}, {"status": "success"}),
]

if "embed-numpy" in FACE_BY_NAME:
    TYPED += [
        _typed("embed-numpy", "embeddings", {"model": "m", "embeddings": "x"}),
        _typed("embed-numpy", "embeddings", {"model": "m", "embeddings": [0.5, 0.25]}),
        _typed("embed-numpy", "embeddings", {"model": "m", "embeddings": [["a", "b"]]}),
        _typed("embed-numpy", "embeddings", {"model": "m", "embeddings": {"0": [0.5]}}),
    ]

ROWS = [(name, *row) for name, (reply, expect) in CASES.items() for row in _all_faces(reply, expect)] + [
    (f"{face} with a wrongly typed {field}", face, reply, expect, field) for face, reply, expect, field in TYPED
]


# -- running the calls ----------------------------------------------------------------------------


@dataclass
class Outcome:
    face: str
    value: Any = None
    error: BaseException | None = None
    elapsed: float = 0.0


def _call_sync(url: str, face: Face) -> Outcome:
    started = time.monotonic()
    try:
        with face.classes[0](url, timeout=TIMEOUT, max_retries=0) as client:
            return Outcome(face.name, face.sync(client), elapsed=time.monotonic() - started)
    except Exception as error:  # anything: the test checks its class
        return Outcome(face.name, error=error, elapsed=time.monotonic() - started)


async def _call_async(url: str, face: Face) -> Outcome:
    started = time.monotonic()
    try:
        # verify=False: plain HTTP on loopback, and no CA bundle loaded for each of hundreds of clients.
        async with face.classes[1](url, timeout=TIMEOUT, max_retries=0, verify=False) as client:
            value = await asyncio.wait_for(face.run_async(client), BUDGET + 2)
            return Outcome(face.name, value, elapsed=time.monotonic() - started)
    except Exception as error:  # anything: the test checks its class
        return Outcome(face.name, error=error, elapsed=time.monotonic() - started)


def _call(mode: str, url: str, face: Face) -> Outcome:
    return _call_sync(url, face) if mode == "sync" else asyncio.run(_call_async(url, face))


def _problems(outcome: Outcome, expect: str, field: str, case: str = "") -> list[str]:
    """What is wrong with an outcome (empty: fine)."""
    where = f"[{outcome.face}]"
    problems = []
    if outcome.elapsed > BUDGET:
        problems.append(f"{where} took {outcome.elapsed:.2f} s")
    error = outcome.error
    if error is None:
        if expect == ERROR:
            problems.append(f"{where} returned {outcome.value!r} where an error was due")
        elif outcome.value != EXPECTED[outcome.face]:
            problems.append(f"{where} returned a wrong answer: {outcome.value!r}")
        return problems
    kind = f"{type(error).__module__}.{type(error).__qualname__}"
    if expect == OK:
        problems.append(f"{where} failed where the reply was readable: {kind}: {error}")
    if not isinstance(error, OllamaError):
        problems.append(f"{where} foreign exception {kind}: {error}")
        return problems
    message = str(error)
    if not message or "Traceback" in message or not message.isprintable() or len(message) > 700:
        problems.append(f"{where} unreadable message from {kind}: {message!r}")
    if case.startswith("redirect to") and case != "redirect to garbage" and "redirected" not in message:
        problems.append(f"{where} a redirect that is not followed is not named as such: {message}")
    if field and f"'{field}'" not in message and f".{field}" not in message:
        problems.append(f"{where} the message does not name the field {field!r}: {message}")
    return problems


@pytest.fixture(scope="module")
def raw_server() -> Iterator[RawServer]:
    server = RawServer()
    yield server
    server.close()


MODES = ["sync", "aiohttp", "httpx"]


def use_backend(mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run the async faces of this test on ``mode``'s sockets (skipped when aiohttp is missing)."""
    if mode == "aiohttp" and importlib.util.find_spec("aiohttp") is None:
        pytest.skip("aiohttp is not installed (the aiohttp extra)")
    if mode != "sync":
        monkeypatch.setenv("OLLAMA_PYTHON_ASYNC_BACKEND", mode)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "case",
    sorted({row[0] for row in ROWS}),
)
def test_a_malformed_reply_ends_in_a_value_or_our_exception(
    raw_server: RawServer, case: str, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_backend(mode, monkeypatch)
    rows = [row for row in ROWS if row[0] == case]
    problems: list[str] = []
    for _, face_name, reply, expect, field in rows:
        raw_server.reply = reply
        face = FACE_BY_NAME[face_name]
        problems += _problems(_call(mode, raw_server.url, face), expect, field, case)
    assert not problems, f"{case} ({mode}):\n" + "\n".join(problems)


# -- the last-resort net: what it translates, and what it leaves alone ---------------------------------


def _raised_in(module: str, error: BaseException) -> BaseException:
    """``error`` as raised by code whose module is ``module`` (its innermost frame)."""
    namespace: dict[str, Any] = {"__name__": module, "error": error}
    exec("def fail():\n    raise error\n", namespace)
    try:
        namespace["fail"]()
    except BaseException as raised:
        return raised
    raise AssertionError("not raised")


URL = "http://127.0.0.1:9/api/chat"
GROUP: Any = getattr(builtins, "ExceptionGroup", None)


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (_raised_in("httpx._urls", __import__("httpx").InvalidURL("bad")), InvalidResponseError),
        (_raised_in("json.decoder", json.JSONDecodeError("bad", "x", 0)), InvalidResponseError),
        (_raised_in("zlib", zlib.error("bad")), InvalidResponseError),
        (_raised_in("http.client", ValueError("bad chunk")), InvalidResponseError),
        (_raised_in("h11._readers", UnicodeDecodeError("utf-8", b"\xff", 0, 1, "bad")), InvalidResponseError),
        (_raised_in("aiohttp.client", LookupError("bad")), InvalidResponseError),
        (_raised_in("ssl", ssl.SSLError(1, "bad record")), ConnectionError),
        (_raised_in("aiohttp.connector", AssertionError()), InvalidResponseError),
        pytest.param(
            _raised_in("anyio._backends._asyncio", GROUP("task group", [OSError("reset")])) if GROUP else None,
            ConnectionError,
            marks=pytest.mark.skipif(GROUP is None, reason="ExceptionGroup is new in Python 3.11"),
        ),
    ],
    ids=[
        "httpx.InvalidURL",
        "JSONDecodeError",
        "zlib.error",
        "ValueError in http.client",
        "UnicodeError in h11",
        "LookupError in aiohttp",
        "ssl.SSLError",
        "AssertionError in aiohttp",
        "ExceptionGroup in anyio",
    ],
)
def test_the_net_translates_library_exceptions_keeping_the_cause(error: BaseException, expected: type) -> None:
    ours = translated(error, URL)
    assert type(ours) is expected
    assert URL in str(ours) and type(error).__name__ in str(ours)
    with pytest.raises(expected) as caught:
        reraise_translated(error, URL)
    assert caught.value.__cause__ is error


@pytest.mark.parametrize(
    "error",
    [
        _raised_in("ollama_python._payloads", ValueError("a bug of ours")),
        _raised_in("ollama_python._payloads", TypeError("a bug of ours")),
        _raised_in("httpx._client", TypeError("a wrong argument")),  # programming errors are not replies
        _raised_in("httpx._client", InvalidResponseError("already ours")),
        _raised_in("httpx._client", KeyboardInterrupt()),
        _raised_in("asyncio.tasks", asyncio.CancelledError()),
        _raised_in("httpx._client", GeneratorExit()),
        ValueError("no traceback at all"),
    ],
    ids=[
        "ValueError of ours",
        "TypeError of ours",
        "TypeError in httpx",
        "ours",
        "KeyboardInterrupt",
        "CancelledError",
        "GeneratorExit",
        "no traceback",
    ],
)
def test_the_net_leaves_our_exceptions_bugs_and_interrupts_alone(error: BaseException) -> None:
    assert translated(error, URL) is None
    reraise_translated(error, URL)  # returns: the caller re-raises the original


@pytest.mark.timeout(20)
@pytest.mark.parametrize("mode", MODES)
def test_a_wrong_argument_is_still_the_doors_error_not_a_reply_error(raw_server: RawServer, mode: str) -> None:
    if mode == "aiohttp" and importlib.util.find_spec("aiohttp") is None:
        pytest.skip("aiohttp is not installed (the aiohttp extra)")
    raw_server.reply = lambda e: Wire(sized(e, valid(e)))
    prompt: Any = 5

    async def call_async() -> None:
        async with AsyncClient(raw_server.url, timeout=TIMEOUT, max_retries=0) as client:
            await client.generate("m", prompt)

    with pytest.raises(RequestError) as caught:
        if mode == "sync":
            with Client(raw_server.url, timeout=TIMEOUT, max_retries=0) as client:
                client.generate("m", prompt)
        else:
            asyncio.run(call_async())
    assert caught.value.argument == "prompt"


@pytest.mark.timeout(20)
def test_a_verify_file_that_is_not_a_ca_bundle_is_named(raw_server: RawServer, tmp_path: Any) -> None:
    bundle = tmp_path / "not-a-bundle.pem"
    bundle.write_text("this is not a certificate\n")

    async def main() -> None:
        async with AsyncClient(raw_server.url, verify=str(bundle), timeout=TIMEOUT, max_retries=0) as client:
            await client.list()

    with pytest.raises(RequestError) as caught:
        asyncio.run(main())
    assert caught.value.argument == "verify" and str(bundle) in str(caught.value)


# -- JSON nested deeper than Python's recursion limit, where the model's text is parsed ----------------

DEEP = "[" * 100_000 + "]" * 100_000  # past every parser's limit (Python 3.13's json takes 5,000)


@pytest.mark.timeout(20)
def test_structured_output_nested_too_deeply_is_a_structured_output_error(raw_server: RawServer) -> None:
    reply = {"model": "m", "message": {"role": "assistant", "content": DEEP}, "done": True}
    raw_server.reply = lambda e: Wire(sized(e, json.dumps(reply).encode()))
    with (
        Client(raw_server.url, timeout=TIMEOUT, max_retries=0) as client,
        pytest.raises(StructuredOutputError) as caught,
    ):
        client.chat("m", MESSAGES, format=list[int])
    assert "nests too deeply" in caught.value.reason


def test_tool_arguments_nested_too_deeply_are_reported_to_the_model() -> None:
    results = run_tool_calls([{"function": {"name": "_add", "arguments": DEEP}}], [_add])
    assert "not valid JSON" in results[0]["content"] and "nests too deeply" in results[0]["content"]


def _add(a: int, b: int) -> int:
    """Add two numbers."""
    return a + b


def test_tool_arguments_nested_too_deeply_in_a_history_are_the_doors_error(raw_server: RawServer) -> None:
    history = [{"role": "assistant", "tool_calls": [{"function": {"name": "add", "arguments": DEEP}}]}]
    with Client(raw_server.url, timeout=TIMEOUT, max_retries=0) as client, pytest.raises(RequestError) as caught:
        client.chat("m", history)
    assert "nests too deeply" in str(caught.value)


# -- proxy settings the HTTP libraries would fail on while sending ------------------------------------

BAD_PROXIES = [
    "http://user:secret@[::1",
    "http://user:secret@127.0.0.1:99999",
    ":::",
    "socks9://proxy.invalid:1080",
    "http://exa mple:3128",
    "http://" + "a" * 70 + ".invalid:3128",
]


def _list_models(mode: str, url: str, **options: Any) -> Any:
    if mode == "sync":
        with Client(url, timeout=TIMEOUT, max_retries=0, **options) as client:
            return _models(client.list())

    async def main() -> Any:
        async with AsyncClient(url, timeout=TIMEOUT, max_retries=0, **options) as client:
            return _models(await client.list())

    return asyncio.run(main())


@pytest.mark.timeout(20)
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("proxy", BAD_PROXIES)
def test_a_proxy_environment_variable_no_library_can_use_is_named(
    raw_server: RawServer, proxy: str, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_backend(mode, monkeypatch)
    monkeypatch.setenv("HTTP_PROXY", proxy)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    raw_server.reply = lambda e: Wire(sized(e, valid(e)))
    with pytest.raises(RequestError) as caught:
        _list_models(mode, raw_server.url)
    message = str(caught.value)
    assert caught.value.argument == "proxy" and "HTTP_PROXY environment variable" in message
    assert "trust_env=False" in message and "secret" not in message
    assert _list_models(mode, raw_server.url, trust_env=False) == EXPECTED["list"]


@pytest.mark.timeout(20)
@pytest.mark.parametrize("mode", ["sync", "aiohttp"])
def test_a_bad_proxy_that_no_proxy_exempts_is_not_refused(
    raw_server: RawServer, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # requests and aiohttp read only the proxy that applies (httpx's own sockets parse them all).
    use_backend(mode, monkeypatch)
    monkeypatch.setenv("HTTP_PROXY", "http://[::1")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    raw_server.reply = lambda e: Wire(sized(e, valid(e)))
    assert _list_models(mode, raw_server.url) == EXPECTED["list"]


@pytest.mark.parametrize("proxy", BAD_PROXIES)
def test_a_proxy_argument_no_library_can_use_is_refused_at_construction(proxy: str) -> None:
    with pytest.raises(RequestError) as caught:
        Client("http://127.0.0.1:9", proxy=proxy)
    assert caught.value.argument == "proxy" and "proxy=" in str(caught.value) and "secret" not in str(caught.value)
    with pytest.raises(RequestError):
        AsyncClient("http://127.0.0.1:9", proxies={"https": proxy})


@pytest.mark.timeout(20)
@pytest.mark.parametrize("mode", MODES)
def test_tool_call_arguments_sent_as_json_text_are_read_as_an_object(
    raw_server: RawServer, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Liberal in what we accept: OpenAI-style servers send the arguments as JSON text.
    use_backend(mode, monkeypatch)
    call = {"function": {"name": "add", "arguments": '{"a": 1, "b": 2}'}}
    reply = {"model": "m", "message": {"role": "assistant", "content": "", "tool_calls": [call]}, "done": True}
    raw_server.reply = lambda e: Wire(sized(e, json.dumps(reply).encode()))
    face = Face(
        "chat",
        "/api/chat",
        False,
        b"",
        lambda c: c.chat("m", MESSAGES).message.tool_calls[0].function.arguments,
        lambda c: _then(c.chat("m", MESSAGES), lambda r: r.message.tool_calls[0].function.arguments),
    )
    outcome = _call(mode, raw_server.url, face)
    assert outcome.error is None and outcome.value == {"a": 1, "b": 2}
