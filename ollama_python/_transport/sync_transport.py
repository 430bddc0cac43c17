"""The synchronous transport: the only place that does blocking network I/O.

Built on a ``requests.Session`` (yours or ours): its adapters, connection pool, proxies, TLS
settings, auth and headers apply. ``Session.request`` re-derives all of that for every call, which
costs more than the HTTP exchange itself with a local server, so this transport prepares a request
once per (method, URL), reads the environment once per process, and hands copies of the prepared
request straight to the session's adapter.
"""

from __future__ import annotations

import builtins
import http.client
import os
import socket
import ssl
import threading
import time
import weakref
from collections.abc import Iterator, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import IO, Any, TypeVar, cast

import requests
import urllib3.exceptions
from requests.adapters import BaseAdapter, HTTPAdapter
from urllib3.response import BaseHTTPResponse

from .._config import POOL_SIZE, Timeout
from .._host import default_headers
from .._request import ApiRequest, Blocking, Drain, Flow, Parallel, Step
from .._streaming import LineReader, Stream, StreamConnection
from ..errors import ConnectionError, OllamaError
from .body_reads import can_read_chunks, chunk_payloads, sized_body, sized_reply
from .foreign import reraise_translated
from .header_checks import checked_headers
from .lean_adapter import LeanAdapter
from .redirects import drop_credentials, same_origin
from .replies import BodyCollector, body_collector, error_from_reply, informational_reply, is_html
from .retries import (
    BODY_TIMEOUT,
    CONNECT_TIMEOUT,
    DROPPED,
    NOT_HTTP,
    READ_TIMEOUT,
    REFUSED,
    STALE,
    TLS,
    TLS_TIMEOUT,
    UNREACHABLE,
    UNRESOLVED,
    closed_before_replying,
    connection_failure,
    encode_body,
    exception_chain,
    failure_detail,
    not_http,
    undecodable_body,
)
from .sync_deadlines import DeadlinePassed, guarded_reads, read_guard, reply_deadline, sent_on_reused_connection
from .transport_config import TransportSettings, check_environment_proxies, requests_proxies

T = TypeVar("T")
_Data = TypeVar("_Data", bound=bytes | bytearray)
_Payload = bytes | IO[bytes] | None
_READ_SIZE = 1 << 18  # 256 KiB: big enough to be cheap, small enough not to double a body's peak memory
_HEADER_SOURCES = "headers=, the host URL or OLLAMA_API_KEY"
_TRANSPORT_ERRORS = (requests.RequestException, urllib3.exceptions.HTTPError, http.client.HTTPException, OSError)


@dataclass
class _ProcessState:
    """Connection state that belongs to one process (rebuilt after ``fork``)."""

    pid: int
    session: requests.Session  # prepares requests
    owned: requests.Session | BaseAdapter | None  # what this transport opened and closes
    headers: dict[str, str]
    adapter: BaseAdapter  # sends them: the session's adapter for the server's URL, or ours in its place
    verify: bool | str  # TLS settings and proxies, with the environment (CA bundles, *_PROXY) read
    cert: Any
    proxies: MutableMapping[str, str]
    templates: dict[tuple[str, str, bool], requests.PreparedRequest]


class SyncTransport(TransportSettings):
    """Sends ``ApiRequest`` descriptions with ``requests`` and reads the replies.

    Takes the arguments of ``TransportSettings``; ``session`` is a
    ``requests.Session``.
    """

    def __init__(self, base_url: str | None = None, **options: Any) -> None:
        super().__init__(base_url, **options)
        self._state: _ProcessState | None = None
        self._lock = threading.Lock()
        self._streams: weakref.WeakSet[Stream[Any]] = weakref.WeakSet()

    # -- public ---------------------------------------------------------------------------
    def send(self, request: ApiRequest[T]) -> Any:
        """Perform one exchange: the decoded result, or a ``Stream`` for streamed requests."""
        timeout = request.timeout_within(self.timeout)
        try:
            response, url = self._exchange(request, timeout)
            return self._result(request, response, url, timeout)
        except Exception as error:  # the last-resort net: no library exception reaches the user
            reraise_translated(error, self.root + request.path)
            raise

    def run(self, flow: Flow[T]) -> T:
        """Drive a multi-step flow to its result; a failing step is thrown into the flow."""
        result: Any = None
        failure: BaseException | None = None
        while True:
            try:
                step = flow.throw(failure) if failure is not None else flow.send(result)
            except StopIteration as stop:
                return stop.value  # type: ignore[no-any-return]
            try:
                result, failure = self._step(step), None
            except BaseException as error:  # handed to the flow, which re-raises it after cleaning up
                result, failure = None, error

    def _step(self, step: Step) -> Any:
        if isinstance(step, Blocking):
            return step.run()
        if isinstance(step, Parallel):
            return self._parallel(step)
        if isinstance(step, Drain):
            with self.send(step.request) as stream:
                for item in stream:
                    step.on_item(item)
                return stream.response
        return self.send(step)

    def _parallel(self, step: Parallel[T]) -> list[T]:
        """Send requests on a few threads (the connection pool is shared); results in order."""

        def one(index: int) -> T:
            result: T = self.send(step.requests[index])
            if step.on_result is not None:
                step.on_result(index, result)
            return result

        with ThreadPoolExecutor(max_workers=step.concurrency, thread_name_prefix="ollama-python") as pool:
            futures = [pool.submit(one, index) for index in range(len(step.requests))]
            try:
                return [future.result() for future in futures]
            except BaseException:
                for future in futures:
                    future.cancel()
                raise

    def abort(self) -> None:
        """Close every stream this transport has open; their readers get ``AbortedError``."""
        for stream in list(self._streams):
            stream.abort()

    def close(self) -> None:
        """Close open streams and pooled connections (a session you passed in stays open)."""
        self.abort()
        state, self._state = self._state, None
        if state is not None and state.owned is not None:
            state.owned.close()

    def __getstate__(self) -> dict[str, Any]:
        # Sessions and sockets do not survive pickling; the copy builds its own on first use.
        state = self.__dict__.copy()
        state.update(_state=None, _lock=None, _streams=None, _given_session=None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()
        self._streams = weakref.WeakSet()

    # -- sending --------------------------------------------------------------------------
    def _exchange(self, request: ApiRequest[Any], timeout: Timeout) -> tuple[requests.Response, str]:
        """Send with retries and redirects; the returned response's body is not read yet."""
        state = self._process_state()
        body = encode_body(request)
        attempts = self._attempts(request)
        while True:
            try:
                response = self._send_once(state, request, attempts.url, body, timeout)
            except _TRANSPORT_ERRORS as error:
                if isinstance(error, OllamaError):
                    raise
                try:
                    pause = attempts.after_failure(*self._failure(error, attempts.url, timeout))
                except ConnectionError as failure:
                    raise failure from error
                time.sleep(pause)
                continue
            delay = attempts.after_reply(response.status_code, response.headers)
            if delay is None:
                return response, attempts.url
            _release(response.raw, reusable=False)
            time.sleep(delay)

    def _send_once(
        self, state: _ProcessState, request: ApiRequest[Any], url: str, body: bytes | None, timeout: Timeout
    ) -> requests.Response:
        upload = request.upload.open() if request.upload is not None else None
        try:
            with reply_deadline(timeout.read) as guard:
                try:
                    return state.adapter.send(
                        self._prepare(state, request, url, upload if upload is not None else body),
                        stream=True,
                        # None means no limit for either part, which requests accepts (its stubs do not say so).
                        timeout=cast("tuple[float, float]", (timeout.connect, timeout.read)),
                        verify=state.verify,
                        cert=state.cert,
                        proxies=state.proxies,
                    )
                except _TRANSPORT_ERRORS as error:
                    if guard is not None and guard.fired and not isinstance(error, OllamaError):
                        raise connection_failure(READ_TIMEOUT, self.root, url, timeout, "deadline") from error
                    raise
        finally:
            if upload is not None:
                upload.close()

    def _prepare(
        self, state: _ProcessState, request: ApiRequest[Any], url: str, payload: _Payload
    ) -> requests.PreparedRequest:
        key = (request.method, url, request.credentials)
        template = state.templates.get(key)
        if template is None:
            template = state.session.prepare_request(requests.Request(request.method, url, headers=state.headers))
            # A redirect that left the server drops the credentials; so does a call that must carry none.
            if not (request.credentials and same_origin(url, self.root)):
                drop_credentials(template.headers)
            state.templates[key] = template
        prepared = template.copy()
        if request.headers:  # extra_headers= of this call
            prepared.headers.update(checked_headers(request.headers, "extra_headers="))
            if not same_origin(url, self.root):
                drop_credentials(prepared.headers)
        if isinstance(payload, bytes):
            prepared.body = payload
            prepared.headers["Content-Length"] = str(len(payload))
        elif payload is not None:
            prepared.headers["Content-Type"] = "application/octet-stream"
            prepared.prepare_body(payload, None)
        return prepared

    # -- reading --------------------------------------------------------------------------
    def _result(self, request: ApiRequest[T], response: requests.Response, url: str, timeout: Timeout) -> Any:
        status = response.status_code
        if status < 200:  # http.client skips 100 Continue only: the final reply is still unread
            _release(response.raw, reusable=False)
            raise informational_reply(url, status)
        if request.stream and status < 300 and not is_html(b"", response.headers.get("Content-Type", "")):
            return self._stream(request, response, url, timeout)
        collector = body_collector(request, status, url, timeout)
        self._collect(response, url, timeout, collector)
        if status >= 300 and status not in (request.status_results or {}):
            raise error_from_reply(
                status, response.reason or "", response.headers, collector.body(), url, request.method
            )
        if request.status_results is not None and status in request.status_results:
            return request.status_results[status]
        return collector.result(request, status, response.headers.get("Content-Type", ""))

    def _stream(self, request: ApiRequest[T], response: requests.Response, url: str, timeout: Timeout) -> Stream[T]:
        raw = response.raw
        connection = StreamConnection(finish=lambda reusable: _release(raw, reusable), drop=raw.close)
        stream = Stream(
            self._mapped(_stream_chunks(raw, timeout.read), url, timeout),
            LineReader(request, url, timeout.read),
            connection,
        )
        self._streams.add(stream)
        return stream

    def _collect(self, response: requests.Response, url: str, timeout: Timeout, collector: BodyCollector) -> None:
        """Read the body into ``collector``; the connection is reused only if it was read to the end."""
        complete = False
        try:
            for data in self._mapped(_body_reads(response.raw, timeout.read, collector), url, timeout):
                if collector.add(data):
                    return
            complete = True
        finally:
            _release(response.raw, complete)

    def _mapped(self, chunks: Iterator[_Data], url: str, timeout: Timeout) -> Iterator[_Data]:
        """The reply's bytes, with transport errors turned into ours."""
        try:
            yield from chunks
        except DeadlinePassed:
            raise connection_failure(BODY_TIMEOUT, self.root, url, timeout, "deadline") from None
        except _TRANSPORT_ERRORS as error:
            if isinstance(error, OllamaError):
                raise
            if isinstance(error, urllib3.exceptions.DecodeError):
                raise undecodable_body(url, error) from None
            raise self._failure(error, url, timeout, body=True)[1] from error
        except Exception as error:  # the last-resort net, for streams read after send() returned
            reraise_translated(error, url)
            raise

    def _failure(
        self, error: BaseException, url: str, timeout: Timeout, body: bool = False
    ) -> tuple[str, ConnectionError]:
        """Our exception for an exception of requests, urllib3 or the socket layer."""
        chain = exception_chain(error)

        def seen(*kinds: type[BaseException]) -> bool:
            return any(isinstance(link, kinds) for link in chain)

        # Order matters: urllib3's NewConnectionError is (historically) a ConnectTimeoutError.
        if seen(urllib3.exceptions.NameResolutionError, socket.gaierror):
            kind = UNRESOLVED
        elif seen(ConnectionRefusedError):
            kind = REFUSED
        elif seen(requests.ConnectTimeout) or any(
            isinstance(link, urllib3.exceptions.ConnectTimeoutError)
            and not isinstance(link, urllib3.exceptions.NewConnectionError)
            for link in chain
        ):
            kind = CONNECT_TIMEOUT
        elif seen(urllib3.exceptions.NewConnectionError):
            kind = UNREACHABLE
        elif any(isinstance(link, builtins.TimeoutError) and "handshake" in str(link) for link in chain):
            kind = TLS_TIMEOUT  # urllib3 reports a stalled TLS handshake as a read timeout
        elif seen(requests.Timeout, urllib3.exceptions.TimeoutError, builtins.TimeoutError):
            kind = BODY_TIMEOUT if body else READ_TIMEOUT
        elif seen(requests.exceptions.SSLError, urllib3.exceptions.SSLError, ssl.SSLError):
            kind = TLS
        elif not body and sent_on_reused_connection() and closed_before_replying(chain):
            kind = STALE
        else:
            kind = NOT_HTTP if not_http(chain) else DROPPED
        return kind, connection_failure(kind, self.root, url, timeout, failure_detail(chain))

    # -- per-process state ----------------------------------------------------------------
    def _process_state(self) -> _ProcessState:
        state = self._state
        if state is not None and state.pid == os.getpid():
            return state
        with self._lock:
            if self._state is None or self._state.pid != os.getpid():
                self._state = self._new_state()
            return self._state

    def _new_state(self) -> _ProcessState:
        # The environment (OLLAMA_API_KEY, proxies, CA bundles) is read when the first call needs it.
        session, adapter, owned = self._connections()
        checked_headers(session.headers, "the session's headers")  # requests would quote a bad value in its error
        if session.trust_env:
            check_environment_proxies(self.root)  # requests would fail on a bad one while sending, as a lost connection
        settings = session.merge_environment_settings(
            self.root, requests_proxies(self._proxies), True, self._verify, self._cert
        )
        return _ProcessState(
            pid=os.getpid(),
            session=session,
            owned=owned,
            headers=checked_headers(default_headers(self.address, self._given_headers), _HEADER_SOURCES),
            adapter=adapter,
            verify=True if settings["verify"] is None else settings["verify"],
            cert=settings["cert"],
            proxies=settings["proxies"],
            templates={},
        )

    def _connections(self) -> tuple[requests.Session, BaseAdapter, requests.Session | BaseAdapter | None]:
        """The session that prepares requests, the adapter that sends them, and which of the two
        this transport opened (and so closes).

        A session passed in prepares requests (its auth, headers, cookies, TLS and proxy settings).
        When its adapter for the server is requests' plain ``HTTPAdapter``, requests go through a
        ``LeanAdapter`` with the same settings (so the wait for the headers has a deadline);
        another adapter class of yours is used as it is. After ``fork``, such an adapter is
        replaced with a new session, since its pooled sockets belong to the parent.
        """
        given = self._given_session
        if given is not None:
            theirs = given.get_adapter(self.root + "/")
            if type(theirs) is HTTPAdapter:
                adapter = LeanAdapter.like(theirs)
                return given, adapter, adapter
            forked = self._state is not None  # the state being replaced is the parent process's
            if not forked:
                return given, theirs, None
        session = _new_session()
        session.trust_env = self._trust_env
        return session, session.get_adapter(self.root + "/"), session


def _new_session() -> requests.Session:
    """A session whose pool keeps enough connections for many threads sharing one client."""
    session = requests.Session()
    adapter = LeanAdapter(pool_connections=4, pool_maxsize=POOL_SIZE)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def _stream_chunks(raw: BaseHTTPResponse, read_timeout: float | None) -> Iterator[bytes]:
    """A streamed reply's bytes, each read as soon as it arrives, each read bounded in wall time.

    An uncompressed chunked reply has its framing read here (``body_reads``), a chunk (usually
    one NDJSON line) per step. urllib3's ``read_chunked`` generator is not used: when the garbage
    collector finalizes an abandoned one, it hands the connection back to the pool and can
    deadlock a thread that holds the pool's lock at that moment.
    """
    response = getattr(raw, "_fp", None)  # urllib3 2.x keeps the http.client response here
    if not raw.headers.get("Content-Encoding") and can_read_chunks(response):
        return chunk_payloads(response, *read_guard(read_timeout, raw))  # type: ignore[arg-type]
    return _read1_chunks(raw, read_timeout)


def _body_reads(
    raw: BaseHTTPResponse, read_timeout: float | None, collector: BodyCollector
) -> Iterator[bytes | bytearray]:
    """A non-streamed reply's bytes: an uncompressed body of known length that the collector keeps
    whole is received in one buffer (``sized_body``); anything else a read at a time.
    """
    sized = None if raw.headers.get("Content-Encoding") else sized_reply(getattr(raw, "_fp", None))
    if sized is not None and collector.takes_whole(sized[1]):
        yield sized_body(*sized, *read_guard(read_timeout, raw))
        return
    yield from _read1_chunks(raw, read_timeout)


def _read1_chunks(raw: BaseHTTPResponse, read_timeout: float | None) -> Iterator[bytes]:
    """Whatever bytes are available, a read at a time (so deadlines are checked between reads)."""
    return guarded_reads(lambda: raw.read1(_READ_SIZE, decode_content=True), raw, read_timeout)


def _release(raw: BaseHTTPResponse, reusable: bool) -> None:
    """Give the connection back to the pool, closing it first unless the reply was read to the end."""
    if not reusable:
        raw.close()
    raw.release_conn()
