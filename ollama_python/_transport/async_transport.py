"""The asynchronous transport, on ``httpx`` (``pip install ollama-python[async]``).

It mirrors ``_transport`` in I/O only: retry and redirect decisions, messages,
request bodies and reply parsing come from the same shared modules.
"""

from __future__ import annotations

import asyncio
import os
import socket
import ssl
import weakref
import zlib
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Coroutine
from importlib.util import find_spec
from typing import Any, TypeVar

from .._config import POOL_SIZE, Timeout
from .._host import default_headers
from .._request import ApiRequest, Blocking, Drain, Flow, Parallel, Step, Upload
from .._streaming import AsyncStream, LineReader, StreamConnection
from ..errors import (
    ASYNC_EXTRA_MESSAGE,
    ConnectionError,
    InvalidResponseError,
    MissingDependencyError,
    OllamaError,
    RequestError,
)
from .deadlines import TLS_HANDSHAKE, WAITING, ExchangeClock, ReadDeadline
from .decoding import ENCODINGS, decoded
from .foreign import is_foreign, one_line, reraise_translated
from .header_checks import checked_headers
from .redirects import drop_credentials, same_origin
from .replies import BodyCollector, body_collector, error_from_reply, is_html
from .retries import (
    BODY_TIMEOUT,
    CONNECT_TIMEOUT,
    DROPPED,
    NOT_HTTP,
    POOL_TIMEOUT,
    READ_TIMEOUT,
    REFUSED,
    STALE,
    TLS,
    TLS_TIMEOUT,
    UNRESOLVED,
    closed_before_replying,
    connection_failure,
    encode_body,
    exception_chain,
    failure_detail,
    not_http,
    undecodable_body,
)
from .transport_config import TransportSettings, check_environment_proxies

try:
    import httpx
except ImportError as missing:  # the optional extra is not installed
    raise MissingDependencyError(ASYNC_EXTRA_MESSAGE) from missing

T = TypeVar("T")
_HEADER_SOURCES = "headers=, the host URL or OLLAMA_API_KEY"
BODY = "body"  # the phase of reading a reply after its headers
_HTTPX_IDLE_CONNECTIONS = 20
_READ_SIZE = 1 << 18  # 256 KiB: big enough to be cheap, small enough not to double a body's peak memory


class AsyncTransport(TransportSettings):
    """Sends ``ApiRequest`` descriptions with ``httpx.AsyncClient``.

    Takes the arguments of ``TransportSettings``; ``session`` is
    an ``httpx.AsyncClient``.
    """

    def __init__(self, base_url: str | None = None, **options: Any) -> None:
        super().__init__(base_url, **options)
        self._client: httpx.AsyncClient | None = None
        self._owns_client = False
        self._headers: dict[str, str] = {}
        self._pid = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._streams: weakref.WeakSet[AsyncStream[Any]] = weakref.WeakSet()
        self._closing: set[asyncio.Future[None]] = set()
        self._loop_guard: AsyncGenerator[None, None] | None = None

    # -- public ---------------------------------------------------------------------------
    async def send(self, request: ApiRequest[T]) -> Any:
        """Perform one exchange: the decoded result, or an ``AsyncStream``."""
        timeout = request.timeout_within(self.timeout)
        try:
            response, url = await self._exchange(request, timeout)
            return await self._result(request, response, url, timeout)
        except Exception as error:  # the last-resort net: no library exception reaches the user
            reraise_translated(error, self.root + request.path)
            raise

    async def run(self, flow: Flow[T]) -> T:
        """Drive a multi-step flow; a failing step is thrown into the flow; local work runs in a
        thread so the event loop stays free.
        """
        result: Any = None
        failure: BaseException | None = None
        while True:
            try:
                step = flow.throw(failure) if failure is not None else flow.send(result)
            except StopIteration as stop:
                return stop.value  # type: ignore[no-any-return]
            try:
                result, failure = await self._step(step), None
            except BaseException as error:  # handed to the flow, which re-raises it after cleaning up
                result, failure = None, error

    async def _step(self, step: Step) -> Any:
        if isinstance(step, Blocking):
            return await asyncio.to_thread(step.run)
        if isinstance(step, Parallel):
            return await self._parallel(step)
        if isinstance(step, Drain):
            async with await self.send(step.request) as stream:
                async for item in stream:
                    step.on_item(item)
                return stream.response
        return await self.send(step)

    async def _parallel(self, step: Parallel[T]) -> list[T]:
        """Send requests as concurrent tasks, at most ``concurrency`` at once; results in order."""
        gate = asyncio.Semaphore(step.concurrency)

        async def one(index: int) -> T:
            async with gate:
                result: T = await self.send(step.requests[index])
            if step.on_result is not None:
                step.on_result(index, result)
            return result

        tasks = [asyncio.ensure_future(one(index)) for index in range(len(step.requests))]
        try:
            return list(await asyncio.gather(*tasks))
        except BaseException:
            for task in tasks:  # one failed (or we were cancelled): stop the others, leave none behind
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise

    def abort(self) -> None:
        """Close every stream this transport has open; their readers get ``AbortedError``."""
        for stream in list(self._streams):
            stream.abort()

    async def close(self) -> None:
        """Close open streams and pooled connections (a client you passed in stays open)."""
        for stream in list(self._streams):
            await stream.aclose()
        client, self._client = self._client, None
        guard, self._loop_guard = self._loop_guard, None
        if client is not None and self._owns_client:
            await client.aclose()
        if guard is not None:
            await guard.aclose()

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        # No client, no sockets, and no headers: they may carry the API key.
        state.update(
            _client=None,
            _loop_guard=None,
            _given_session=None,
            _streams=None,
            _closing=None,
            _pid=0,
            _loop=None,
            _headers={},
        )
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._streams = weakref.WeakSet()
        self._closing = set()

    # -- sending --------------------------------------------------------------------------
    async def _exchange(self, request: ApiRequest[Any], timeout: Timeout) -> tuple[httpx.Response, str]:
        """Send with retries and redirects; the returned response's body is not read yet."""
        client = await self._http()
        body = encode_body(request)
        attempts = self._attempts(request)
        while True:
            clock = ExchangeClock(timeout.read)
            try:
                response = await self._send_once(client, request, attempts.url, body, timeout, clock)
            except OllamaError:  # already ours (our TimeoutError is also an OSError)
                raise
            except (httpx.TransportError, httpx.InvalidURL, OSError, ValueError) as error:  # OSError: e.g. a TLS
                # 1.3 alert httpx does not wrap; InvalidURL, ValueError: httpx parses a redirect's Location first
                ours = next((link for link in exception_chain(error) if isinstance(link, OllamaError)), None)
                if ours is not None:  # raised by our code the library called (reading an upload), wrapped by it
                    raise ours from ours.__cause__
                if _bad_location(error):
                    raise InvalidResponseError(
                        f"{attempts.url} redirected to an address the HTTP library cannot parse ({one_line(error)})"
                    ) from error
                if not isinstance(error, (httpx.TransportError, OSError)):
                    raise
                try:
                    failure = self._failure(error, attempts.url, timeout, clock.phase, clock.reused)
                    pause = attempts.after_failure(*failure)
                except ConnectionError as failure:
                    raise failure from error
                await asyncio.sleep(pause)
                continue
            delay = attempts.after_reply(response.status_code, response.headers)
            if delay is None:
                return response, attempts.url
            await response.aclose()
            await asyncio.sleep(delay)

    async def _send_once(
        self,
        client: httpx.AsyncClient,
        request: ApiRequest[Any],
        url: str,
        body: bytes | None,
        timeout: Timeout,
        clock: ExchangeClock,
    ) -> httpx.Response:
        built = self._build(client, request, url, body, timeout)
        built.extensions["trace"] = clock.trace
        if same_origin(url, self.root):
            sending = client.send(built, stream=True)
        else:
            # A redirect left the server: no credentials, whether ours or the client's (auth, headers, cookies).
            drop_credentials(built.headers)
            sending = client.send(built, stream=True, auth=None)
        return await self._until_reply(sending, clock, url, timeout)

    async def _until_reply(
        self, sending: Coroutine[Any, Any, httpx.Response], clock: ExchangeClock, url: str, timeout: Timeout
    ) -> httpx.Response:
        """Await ``sending``; the clock cancels it when the reply's headers are not complete in time."""
        try:
            return await sending
        except asyncio.CancelledError:
            if not clock.expired:
                raise  # the caller was cancelled
            task = asyncio.current_task()
            if task is not None and hasattr(task, "uncancel"):  # Python 3.11+: this cancel was ours
                task.uncancel()
            raise connection_failure(READ_TIMEOUT, self.root, url, timeout, "deadline") from None
        finally:
            clock.stop()

    def _build(
        self, client: httpx.AsyncClient, request: ApiRequest[Any], url: str, body: bytes | None, timeout: Timeout
    ) -> httpx.Request:
        headers = self._headers
        if request.headers:  # extra_headers= of this call; credentials still dropped off-origin below
            headers = {**headers, **checked_headers(request.headers, "extra_headers=")}
        if not request.credentials:  # e.g. the local server's web tools: never an API key
            headers = {name: value for name, value in headers.items() if name.lower() != "authorization"}
        content: Any = body
        if request.upload is not None:
            headers = {
                **headers,
                "Content-Type": "application/octet-stream",
                "Content-Length": str(request.upload.size),
            }
            content = _file_chunks(request.upload)
        return client.build_request(
            request.method,
            url,
            content=content,
            headers=headers,
            # A queued call waits for a free connection as long as it would wait for an answer.
            timeout=httpx.Timeout(connect=timeout.connect, read=timeout.read, write=timeout.read, pool=timeout.read),
        )

    # -- reading --------------------------------------------------------------------------
    async def _result(self, request: ApiRequest[T], response: httpx.Response, url: str, timeout: Timeout) -> Any:
        status = response.status_code
        if request.stream and status < 300 and not is_html(b"", response.headers.get("Content-Type", "")):
            return self._stream(request, response, url, timeout)
        collector = body_collector(request, status, url, timeout)
        await self._collect(response, url, timeout, collector)
        if status >= 300 and status not in (request.status_results or {}):
            raise error_from_reply(
                status, response.reason_phrase, response.headers, collector.body(), url, request.method
            )
        if request.status_results is not None and status in request.status_results:
            return request.status_results[status]
        return collector.result(request, status, response.headers.get("Content-Type", ""))

    def _stream(self, request: ApiRequest[T], response: httpx.Response, url: str, timeout: Timeout) -> AsyncStream[T]:
        connection = StreamConnection(finish=lambda reusable: response.aclose(), drop=self._closer(response))
        stream = AsyncStream(self._mapped(response, url, timeout), LineReader(request, url, timeout.read), connection)
        self._streams.add(stream)
        return stream

    def _closer(self, response: httpx.Response) -> Callable[[], None]:
        """Close ``response`` on its event loop, from any thread or from the garbage collector."""
        loop = asyncio.get_running_loop()

        def close_soon() -> None:
            task = asyncio.ensure_future(response.aclose())
            self._closing.add(task)  # keep a reference until it is done
            task.add_done_callback(self._closing.discard)

        def close() -> None:
            if not loop.is_closed():
                loop.call_soon_threadsafe(close_soon)

        return close

    async def _collect(self, response: httpx.Response, url: str, timeout: Timeout, collector: BodyCollector) -> None:
        """Read the body into ``collector``; closing an unfinished reply drops its connection."""
        try:
            async for data in self._mapped(response, url, timeout):
                if collector.add(data):
                    return
        finally:
            await response.aclose()

    async def _mapped(self, response: httpx.Response, url: str, timeout: Timeout) -> AsyncIterator[bytes]:
        """The reply's bytes, with transport errors turned into ours."""
        chunks = _body_chunks(response)
        # Each read bounded in wall time, not per byte: trickled chunk-size or blank lines cannot hold it.
        deadline = ReadDeadline(timeout.read) if timeout.read is not None else None
        try:
            while True:
                if deadline is not None:
                    deadline.arm()
                try:
                    data = await chunks.__anext__()
                except StopAsyncIteration:
                    return
                except asyncio.CancelledError:
                    if deadline is None or not deadline.fired:
                        raise  # the caller was cancelled
                    task = asyncio.current_task()
                    if task is not None and hasattr(task, "uncancel"):  # Python 3.11+: this cancel was ours
                        task.uncancel()
                    raise connection_failure(BODY_TIMEOUT, self.root, url, timeout, "deadline") from None
                finally:
                    if deadline is not None:
                        deadline.disarm()
                yield data
        except (httpx.DecodingError, zlib.error) as error:
            raise undecodable_body(url, error) from None
        except (httpx.TransportError, httpx.StreamError, OSError) as error:
            if isinstance(error, OllamaError):
                raise
            raise self._failure(error, url, timeout, BODY)[1] from error
        except Exception as error:  # the last-resort net, for streams read after send() returned
            reraise_translated(error, url)
            raise
        finally:
            if deadline is not None:
                deadline.close()

    def _failure(
        self, error: BaseException, url: str, timeout: Timeout, phase: str, reused: bool = False
    ) -> tuple[str, ConnectionError]:
        """Our exception for an exception of httpx or the socket layer."""
        chain = exception_chain(error)

        def seen(*kinds: type[BaseException]) -> bool:
            return any(isinstance(link, kinds) for link in chain)

        if seen(httpx.PoolTimeout):
            kind = POOL_TIMEOUT
        elif seen(httpx.ConnectTimeout):
            kind = TLS_TIMEOUT if phase == TLS_HANDSHAKE else CONNECT_TIMEOUT
        elif seen(httpx.TimeoutException):
            kind = BODY_TIMEOUT if phase == BODY else READ_TIMEOUT
        elif seen(ssl.SSLError):
            kind = TLS
        elif seen(socket.gaierror):
            kind = UNRESOLVED
        elif seen(httpx.ConnectError, ConnectionRefusedError):
            kind = REFUSED
        elif reused and phase == WAITING and closed_before_replying(chain):
            kind = STALE
        else:
            kind = NOT_HTTP if not_http(chain) else DROPPED
        return kind, connection_failure(kind, self.root, url, timeout, failure_detail(chain))

    # -- per-process state ----------------------------------------------------------------
    async def _http(self) -> httpx.AsyncClient:
        """The httpx client for this process and event loop.

        Its connections belong to the loop that opened them, so a client used under a new loop
        (a second ``asyncio.run``) or in a forked child gets a fresh one of its own; a client
        passed in as ``session`` is used as it is, except after a fork.
        """
        loop = asyncio.get_running_loop()
        if self._client is not None and self._pid == os.getpid() and (self._loop is loop or not self._owns_client):
            return self._client
        forked = self._pid not in (0, os.getpid())
        self._owns_client = self._given_session is None or forked
        if self._owns_client:
            self._client = self._new_client()
            self._loop_guard = _closed_with_loop(self._client)
            await self._loop_guard.__anext__()
        else:
            self._client = self._given_session
            checked_headers(self._client.headers, "the session's headers")  # httpx would fail while sending
        self._headers = checked_headers(default_headers(self.address, self._given_headers), _HEADER_SOURCES)
        self._pid, self._loop = os.getpid(), loop
        return self._client

    def _new_client(self) -> httpx.AsyncClient:
        verify = _ssl_verify(self._verify, self._cert)
        if verify is True:
            verify = _trusted_context(self._trust_env)
        # httpx's default of 20 idle connections, not POOL_SIZE: httpcore 1.0 rescans every
        # connection for each idle one whenever a request starts or ends, so 100 idle
        # connections made 200 concurrent calls 5x slower (11 ms of CPU per call) than
        # closing the surplus and reconnecting. The aiohttp backend keeps POOL_SIZE.
        limits = httpx.Limits(max_connections=POOL_SIZE, max_keepalive_connections=_HTTPX_IDLE_CONNECTIONS)
        proxies = dict(self._proxies)
        proxy = proxies.pop("all://", None) if list(proxies) == ["all://"] else None
        mounts: dict[str, httpx.AsyncBaseTransport | None] = {
            pattern: httpx.AsyncHTTPTransport(proxy=url, verify=verify, limits=limits, trust_env=self._trust_env)
            for pattern, url in proxies.items()
        }
        # Explicit proxies, or no environment settings, are httpx's job; aiohttp reads the environment's.
        backend = None if self._proxies or not self._trust_env else _socket_backend(verify)
        if self._trust_env:  # httpx and aiohttp would fail on a bad one only while sending
            check_environment_proxies(self.root, every=backend is None)
        return httpx.AsyncClient(
            verify=verify,
            proxy=proxy,
            mounts=mounts or None,
            trust_env=self._trust_env,
            follow_redirects=False,
            limits=limits,
            transport=backend,
        )


def _bad_location(error: Exception) -> bool:
    """Whether ``error`` is httpx failing on a redirect's ``Location``, which it parses even when not
    following redirects (a ``ValueError`` counts only when raised inside httpx)."""
    if isinstance(error, httpx.RemoteProtocolError):
        return "location header" in str(error)
    return isinstance(error, httpx.InvalidURL) or (isinstance(error, ValueError) and is_foreign(error))


def _body_chunks(response: httpx.Response) -> AsyncIterator[bytes]:
    """The decoded body; gzip and deflate are decoded here, a bounded piece at a time (bombs)."""
    encoding = response.headers.get("Content-Encoding", "").strip().lower()
    if encoding in ENCODINGS:
        return decoded(response.aiter_raw(), encoding)
    return response.aiter_bytes()  # no size: httpx would hold bytes back until it fills one


async def _closed_with_loop(client: httpx.AsyncClient) -> AsyncGenerator[None, None]:
    """Waits, suspended, for its event loop to shut down its async generators (as ``asyncio.run``
    does before closing the loop), then closes ``client``'s connections on that loop: a client
    used under a second loop leaves no socket of the first one open.
    """
    try:
        yield
    finally:
        await client.aclose()


async def _file_chunks(upload: Upload) -> AsyncIterator[bytes]:
    """A blob's bytes for the request body, read in pieces without blocking the loop for long."""
    with upload.open() as file:
        while True:
            data = await asyncio.to_thread(file.read, _READ_SIZE)
            if not data:
                return
            yield data


def _ssl_verify(verify: bool | str | None, cert: str | tuple[str, str] | None = None) -> bool | ssl.SSLContext:
    """httpx's ``verify``: a CA bundle path, or a client certificate, becomes an SSL context
    (httpx deprecates paths and ``cert=``).
    """
    bundle = verify if isinstance(verify, str) else None
    if cert is None and bundle is None:
        return True if verify is None else bool(verify)
    folder = bundle is not None and os.path.isdir(bundle)
    try:
        context = ssl.create_default_context(cafile=None if folder else bundle, capath=bundle if folder else None)
    except (OSError, ValueError) as error:  # ssl.SSLError is an OSError
        raise RequestError(
            f"verify={bundle!r}: not a CA bundle that can be loaded ({one_line(error)}); pass a PEM file or folder",
            argument="verify",
        ) from error
    if verify is False:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    if cert is None:
        return context
    certificate, key = (cert, None) if isinstance(cert, str) else cert
    try:
        context.load_cert_chain(certificate, key)
    except (OSError, ValueError) as error:
        raise RequestError(
            f"cert={certificate!r}: the client certificate (or its key) could not be loaded ({one_line(error)})",
            argument="cert",
        ) from error
    return context


_TRUSTED: dict[tuple[bool, str | None, str | None], ssl.SSLContext] = {}


def _trusted_context(trust_env: bool) -> ssl.SSLContext:
    """httpx's default verifying context (its CA bundle, or ``SSL_CERT_FILE``/``SSL_CERT_DIR`` when
    ``trust_env``), made once per process and setting: loading a CA bundle takes about 25 ms, which
    every new client paid, twice with the aiohttp extra. Contexts are safe to share.
    """
    environ = os.environ
    key = (True, environ.get("SSL_CERT_FILE"), environ.get("SSL_CERT_DIR")) if trust_env else (False, None, None)
    context = _TRUSTED.get(key)
    if context is None:
        context = _TRUSTED[key] = httpx.create_ssl_context(trust_env=trust_env)
    return context


def _socket_backend(verify: bool | ssl.SSLContext) -> httpx.AsyncBaseTransport | None:
    """aiohttp's sockets and C parser when the ``aiohttp`` extra is installed (see
    ``aiohttp_backend``); None: httpx's own."""
    if os.environ.get("OLLAMA_PYTHON_ASYNC_BACKEND") == "httpx" or find_spec("aiohttp") is None:
        return None
    from .aiohttp_backend import AiohttpBackend

    return AiohttpBackend(verify, POOL_SIZE)
