"""HTTP/1.1 plumbing of the test server and the public ``OllamaTestServer``."""

from __future__ import annotations

import contextlib
import hashlib
import http
import json
import selectors
import socket
import socketserver
import ssl
import struct
import threading
import time
from collections.abc import Iterable, Mapping
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from ._fake_ollama import DEFAULT_MODELS, FakeOllama
from ._recording import Headers, RecordedRequest, RequestLog
from ._replies import JSONReply, RawReply, Reply
from ._script import ReplyScript, route_key
from ._store import FakeModel
from ._writer import Outcome, ReplyWriter

__all__ = ["OllamaTestServer"]


class _BadRequest(Exception):
    """The request framing is broken; answer 400 and close."""


class _TCPServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    """Threaded TCP server that tracks every connection so that stop() can close them."""

    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], owner: OllamaTestServer) -> None:
        self.owner = owner
        self.stopping = threading.Event()
        self.conn_lock = threading.Lock()
        self.connections: set[socket.socket] = set()
        self.threads: set[threading.Thread] = set()
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)
        self._wake_r, self._wake_w = socket.socketpair()

    def serve(self) -> None:
        """Accept connections until ``wake`` is called after ``stopping`` was set."""
        with selectors.DefaultSelector() as selector:
            selector.register(self.socket, selectors.EVENT_READ)
            selector.register(self._wake_r, selectors.EVENT_READ)
            while not self.stopping.is_set():
                ready = selector.select(0.5)
                if self.stopping.is_set():
                    break
                if any(key.fileobj is self.socket for key, _ in ready):
                    self.handle_request()  # the listening socket is ready, so this does not block

    def wake(self) -> None:
        """Interrupt ``serve`` immediately (call after setting ``stopping``)."""
        with contextlib.suppress(OSError):
            self._wake_w.send(b"x")

    def server_close(self) -> None:
        super().server_close()
        self._wake_r.close()
        self._wake_w.close()

    def process_request(self, request: Any, client_address: Any) -> None:
        if self.stopping.is_set():
            self.shutdown_request(request)
            return
        thread = threading.Thread(
            target=self._serve_connection, args=(request, client_address), name="ollama-test-connection", daemon=True
        )
        with self.conn_lock:
            self.connections.add(request)
            self.threads.add(thread)
        thread.start()

    def _serve_connection(self, request: Any, client_address: Any) -> None:
        try:
            if self.owner._ssl_context is not None:
                request = self._wrap_tls(request, self.owner._ssl_context)
            self.finish_request(request, client_address)
        except Exception:
            pass
        finally:
            self.shutdown_request(request)
            with self.conn_lock:
                self.connections.discard(request)
                self.threads.discard(threading.current_thread())

    def _wrap_tls(self, request: socket.socket, context: ssl.SSLContext) -> ssl.SSLSocket:
        """The TLS handshake, in the connection's own thread (a client that never completes it
        cannot hold up the accept loop); the wrapped socket replaces the plain one for ``stop``.
        """
        request.settimeout(5.0)
        wrapped = context.wrap_socket(request, server_side=True)  # takes over the file descriptor
        wrapped.settimeout(None)
        with self.conn_lock:
            self.connections.discard(request)
            self.connections.add(wrapped)
        return wrapped

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet: disconnects are part of the tests."""


class _Handler(BaseHTTPRequestHandler):
    """Reads requests (keep-alive, Content-Length or chunked bodies) and writes replies."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: _TCPServer

    def log_message(self, format: str, *args: Any) -> None:
        """Silence http.server's request log."""

    def handle_one_request(self) -> None:
        try:
            self.raw_requestline = self.rfile.readline(65537)
            if not self.raw_requestline:
                self.close_connection = True
                return
            if len(self.raw_requestline) > 65536:
                self._fail(414, "414 URI Too Long")
                return
            if not self.parse_request():
                self.close_connection = True
                return
            self._serve()
        except _BadRequest as error:
            self._fail(400, f"400 Bad Request: {error}")
        except (OSError, ValueError):
            self.close_connection = True

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Answer protocol errors found by ``parse_request`` in plain text, like Go does."""
        try:
            text = f"{code} {http.HTTPStatus(code).phrase}"
        except ValueError:
            text = str(code)
        self._fail(code, text)

    def _fail(self, status: int, text: str) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            ReplyWriter(self.connection, self.server.stopping, head=False, close=True).write(
                RawReply(text, status=status, content_type="text/plain; charset=utf-8")
            )

    def _read_body(self) -> bytes:
        encoding = (self.headers.get("Transfer-Encoding") or "").lower()
        if "chunked" in encoding:
            return self._read_chunked()
        length_text = self.headers.get("Content-Length")
        if not length_text:
            return b""
        try:
            length = int(length_text)
        except ValueError:
            raise _BadRequest("invalid Content-Length") from None
        if length < 0:
            raise _BadRequest("invalid Content-Length")
        body = self.rfile.read(length)
        if len(body) < length:
            raise ConnectionError("client closed the connection mid-body")
        return body

    def _read_chunked(self) -> bytes:
        parts: list[bytes] = []
        while True:
            line = self.rfile.readline(65537)
            if not line:
                raise ConnectionError("client closed the connection mid-body")
            try:
                size = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise _BadRequest("invalid chunk size") from None
            if size == 0:
                while True:  # trailers
                    trailer = self.rfile.readline(65537)
                    if trailer in (b"\r\n", b"\n", b""):
                        return b"".join(parts)
            data = self.rfile.read(size)
            if len(data) < size:
                raise ConnectionError("client closed the connection mid-body")
            parts.append(data)
            self.rfile.readline(65537)  # CRLF after the chunk data

    def _serve(self) -> None:
        owner = self.server.owner
        received_at = time.time()
        target = self.path
        if "://" in target:  # absolute-form request target (proxies)
            split = urlsplit(target)
            target = split.path + ("?" + split.query if split.query else "")
        raw_path, _, query_string = target.partition("?")
        body = self._read_body()
        try:
            parsed: Any = json.loads(body) if body else None
        except ValueError:
            parsed = None
        method, path = route_key(self.command, unquote(raw_path))
        request = RecordedRequest(
            method=method,
            path=path,
            query=dict(parse_qsl(query_string, keep_blank_values=True)),
            headers=Headers(self.headers.items()),
            body=body,
            json=parsed,
            received_at=received_at,
        )
        owner._log.append(request)
        reply = owner._script.take(method, path)
        if reply is None:
            reply = owner._default_reply(request)
        writer = ReplyWriter(self.connection, self.server.stopping, head=method == "HEAD", close=self.close_connection)
        outcome = writer.write(reply)
        if outcome is Outcome.RESET:
            self.close_connection = True
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()  # really closed (with RST) when finish() closes rfile
        elif outcome is Outcome.CLOSE:
            self.close_connection = True


class OllamaTestServer:
    """An in-process, Ollama-compatible HTTP/1.1 server for tests.

    By default it behaves like a small Ollama with a few deterministic fake models; tests can
    queue scripted replies and faults per route and inspect every request received.

    Examples:
        >>> with OllamaTestServer() as server:                       # doctest: +SKIP
        ...     server.enqueue("POST", "/api/chat", JSONReply({"error": "boom"}, status=500))
        ...     client = MyClient(host=server.url)
        ...     ...
        ...     assert server.last_request.json["model"] == "llama3.2"

    Args:
        models: Names of the models installed at start; ``None`` installs
            ``["llama3.2", "qwen3", "all-minilm"]``.
        version: Version reported by ``/api/version``.
        host: Interface to bind (loopback only is recommended).
        port: TCP port; 0 picks a free ephemeral port.
        ssl_context: Serve HTTPS: every accepted connection is wrapped with this server-side
            context (its certificate chain loaded), and ``url`` starts with ``https://``.
            ``HangReply`` cannot watch for the client leaving over TLS and ends at once.
    """

    def __init__(
        self,
        models: Iterable[str] | None = None,
        version: str = "0.32.15",
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self._ssl_context = ssl_context
        self._fake = FakeOllama(version=version, models=DEFAULT_MODELS if models is None else list(models))
        self._script = ReplyScript()
        self._log = RequestLog()
        self._errors: list[BaseException] = []
        self._bind = (host, port)
        self._tcp: _TCPServer | None = None
        self._thread: threading.Thread | None = None
        self._state = "new"
        self._state_lock = threading.Lock()

    # -- lifecycle ------------------------------------------------------------------------------

    def start(self) -> OllamaTestServer:
        """Bind the socket and serve in a background daemon thread.

        Returns:
            ``self``, so ``server = OllamaTestServer().start()`` works.

        Raises:
            RuntimeError: The server was already started.
        """
        with self._state_lock:
            if self._state != "new":
                raise RuntimeError(f"server cannot be started (state: {self._state})")
            self._tcp = _TCPServer(self._bind, self)
            self._thread = threading.Thread(target=self._tcp.serve, name="ollama-test-server", daemon=True)
            self._thread.start()
            self._state = "running"
        return self

    def stop(self, timeout: float = 1.5) -> None:
        """Stop serving and close the listening socket and every client connection.

        Hung, trickling or delayed handlers are woken up; the call returns within about
        ``timeout`` seconds. Calling it again (or before ``start``) does nothing.

        Args:
            timeout: Maximum seconds to wait for connection threads to finish.
        """
        with self._state_lock:
            if self._state != "running":
                self._state = "stopped"
                return
            self._state = "stopped"
        tcp = self._tcp
        assert tcp is not None and self._thread is not None
        tcp.stopping.set()
        tcp.wake()
        self._thread.join(timeout)
        tcp.server_close()
        with tcp.conn_lock:
            connections = list(tcp.connections)
            threads = list(tcp.threads)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        deadline = time.monotonic() + timeout
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        with tcp.conn_lock:
            leftovers = list(tcp.connections)
        for conn in leftovers:
            with contextlib.suppress(OSError):
                conn.close()

    def __enter__(self) -> OllamaTestServer:
        """Start the server (unless already started) and return it."""
        if self._state == "new":
            self.start()
        return self

    def __exit__(self, *exc_info: Any) -> None:
        """Stop the server."""
        self.stop()

    def _address(self) -> tuple[str, int]:
        if self._tcp is None:
            raise RuntimeError("the server is not started; call start() first")
        host, port = self._tcp.server_address[:2]
        return str(host), int(port)

    @property
    def port(self) -> int:
        """The TCP port the server listens on.

        Raises:
            RuntimeError: The server was never started.
        """
        return int(self._address()[1])

    @property
    def host(self) -> str:
        """``"127.0.0.1:PORT"`` (what ``OLLAMA_HOST`` would be set to)."""
        address = self._address()
        name = address[0]
        return f"[{name}]:{address[1]}" if ":" in name else f"{name}:{address[1]}"

    @property
    def url(self) -> str:
        """Base URL without a trailing slash, e.g. ``"http://127.0.0.1:54321"`` (``https://`` with
        ``ssl_context``)."""
        scheme = "https" if self._ssl_context is not None else "http"
        return f"{scheme}://{self.host}"

    @property
    def version(self) -> str:
        """Version reported by ``/api/version`` (assignable)."""
        return self._fake.version

    @version.setter
    def version(self, value: str) -> None:
        self._fake.version = value

    @property
    def account(self) -> dict[str, Any] | None:
        """The ollama.com user ``/api/me`` answers with (assignable); None: signed out (401 with a link)."""
        return self._fake.store.account

    @account.setter
    def account(self, value: Mapping[str, Any] | None) -> None:
        self._fake.store.account = None if value is None else dict(value)

    @property
    def cloud_disabled_by(self) -> str:
        """What ``/api/status`` says disabled cloud features (assignable): ``none``, ``env``, ``config``, ``both``."""
        return self._fake.store.cloud_disabled_by

    @cloud_disabled_by.setter
    def cloud_disabled_by(self, value: str) -> None:
        self._fake.store.cloud_disabled_by = value

    # -- scripting ------------------------------------------------------------------------------

    def enqueue(self, method: str, path: str, reply: Reply, times: int | None = 1) -> None:
        """Queue a scripted reply for ``(method, path)``; consumed first-in first-out.

        When a route's queue is empty the default fake-Ollama behaviour answers. Queued replies
        also work for paths the fake does not know (e.g. to emulate a proxy).

        Args:
            method: HTTP method (any case).
            path: Request path; a query string is ignored.
            reply: A reply specification (``JSONReply``, ``NDJSONReply``, ...).
            times: Number of requests this reply answers; ``None`` makes it permanent (it
                answers every request on the route until ``reset``).

        Raises:
            TypeError: ``reply`` is not a reply specification.
            ValueError: ``times`` is not a positive int or ``None``.
        """
        self._script.enqueue(method, path, reply, times)

    def reset(self) -> None:
        """Clear queued replies, recorded requests and recorded errors (not the model store)."""
        self._script.clear()
        self._log.clear()
        self._errors.clear()

    def _default_reply(self, request: RecordedRequest) -> Reply:
        try:
            return self._fake.handle(request)
        except Exception as error:
            self._errors.append(error)
            return JSONReply({"error": f"fake ollama internal error: {error!r}"}, status=500)

    # -- recording ------------------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Snapshot of every recorded request, in arrival order."""
        return self._log.snapshot()

    @property
    def last_request(self) -> RecordedRequest | None:
        """The most recent request, or ``None``."""
        return self._log.last()

    def requests_to(self, method: str, path: str) -> list[RecordedRequest]:
        """Recorded requests matching ``method`` (any case) and ``path`` (query ignored).

        Args:
            method: HTTP method.
            path: Request path.

        Returns:
            The matching requests in arrival order.
        """
        wanted = route_key(method, path)
        return [r for r in self._log.snapshot() if (r.method, r.path) == wanted]

    def wait_for_requests(self, n: int, timeout: float = 5.0) -> list[RecordedRequest]:
        """Block until at least ``n`` requests were recorded.

        Args:
            n: Number of requests.
            timeout: Maximum seconds to wait.

        Returns:
            Snapshot of all recorded requests.

        Raises:
            TimeoutError: Fewer than ``n`` requests arrived in time.
        """
        return self._log.wait_for(n, timeout)

    @property
    def errors(self) -> list[BaseException]:
        """Exceptions raised by the fake Ollama behaviour (each was answered with HTTP 500)."""
        return list(self._errors)

    # -- model store ----------------------------------------------------------------------------

    @property
    def models(self) -> dict[str, FakeModel]:
        """Installed models keyed by display name (``"llama3.2:latest"``), newest first.

        The dict is a copy; the ``FakeModel`` values are live.
        """
        return self._fake.store.by_display_name()

    def add_model(
        self,
        name: str,
        *,
        capabilities: Iterable[str] | None = None,
        family: str | None = None,
        parameter_size: str | None = None,
        quantization_level: str | None = None,
        size: int | None = None,
        embedding_length: int | None = None,
        context_length: int | None = None,
    ) -> FakeModel:
        """Install (or replace) a model in the fake store.

        Unset fields come from built-in presets (``llama3.2``, ``qwen3``, ``all-minilm``) or
        from the name: embedding-looking names get ``["embedding"]``, ``qwen3``/``deepseek-r1``
        get thinking and tools, ``*code*`` gets insert, otherwise ``["completion"]``; family
        ``"llama"``, ``"3.2B"``, ``"Q4_K_M"``, context 4096, embedding length 8 (384 for
        embedding models).

        Args:
            name: Model name, e.g. ``"mistral"`` or ``"me/custom:v1"``.
            capabilities: e.g. ``["completion", "tools", "thinking", "vision", "insert"]``.
            family: Model family / architecture.
            parameter_size: e.g. ``"7B"``.
            quantization_level: e.g. ``"Q4_K_M"``, ``"F16"``.
            size: Size in bytes.
            embedding_length: Embedding width (length of ``/api/embed`` vectors).
            context_length: Trained context length.

        Returns:
            The installed ``FakeModel``.

        Raises:
            ValueError: ``name`` is not a valid model name.
        """
        return self._fake.add_model(
            name,
            capabilities=capabilities,
            family=family,
            parameter_size=parameter_size,
            quantization_level=quantization_level,
            size=size,
            embedding_length=embedding_length,
            context_length=context_length,
        )

    def remove_model(self, name: str) -> bool:
        """Uninstall a model.

        Args:
            name: Any accepted spelling of the model name.

        Returns:
            Whether a model was removed.
        """
        with self._fake.store.lock:
            model = self._fake.store.get(name)
            if model is None:
                return False
            self._fake.store.remove(model)
            return True

    @property
    def blobs(self) -> dict[str, bytes]:
        """Copy of the blob store: ``"sha256:<hex>"`` → bytes."""
        with self._fake.store.lock:
            return dict(self._fake.store.blobs)

    def add_blob(self, data: bytes) -> str:
        """Put ``data`` in the blob store.

        Args:
            data: Blob content.

        Returns:
            Its digest, ``"sha256:<hex>"``.
        """
        digest = "sha256:" + hashlib.sha256(data).hexdigest()
        with self._fake.store.lock:
            self._fake.store.blobs[digest] = bytes(data)
        return digest

    def __repr__(self) -> str:
        where = self.url if self._tcp is not None else "not started"
        return f"<OllamaTestServer {where} ({self._state})>"
