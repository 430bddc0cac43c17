"""aiohttp under httpx: the async transport's sockets when the ``aiohttp`` extra is installed.

httpx parses HTTP/1.1 in pure Python (h11), one event per chunk of the reply: with Ollama's one
chunk per NDJSON line that is about 8 us of client CPU per streamed token, more than parsing the
line itself, and its connection pool rescans every connection whenever a request starts or ends,
which grows with the square of the number of concurrent calls. aiohttp parses HTTP in C, hands
over whatever bytes have arrived in one piece, and keeps idle connections in a queue.

``AiohttpBackend`` is an ``httpx.AsyncBaseTransport``: ``httpx.AsyncClient`` stays the API the
transport talks to (retries, redirects, timeouts, error classification and streams are unchanged);
only the bytes on the socket go through aiohttp. aiohttp's errors become the httpx exceptions that
mean the same thing, with the original error as their cause.

aiohttp connects and does the TLS handshake in one step, under one timeout, with no signal in
between. To name the phase that was slow, the connector creates its sockets through
``_recorded_socket``, which lists them for the call being sent; when that step times out on a
socket that is connected, the TCP connection was made and the TLS handshake is what stalled.
(Rather than a connector subclass that splits the step: that would re-implement aiohttp's
private connection code, while ``socket_factory`` is its public hook.)
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
from collections.abc import AsyncIterator
from contextvars import ContextVar
from typing import Any

import aiohttp
import httpx
import yarl
from aiohttp.helpers import get_env_proxy_for_url

__all__ = ["AiohttpBackend"]

# The sockets created for the call being sent (one per address tried), in its task's context.
_SOCKETS: ContextVar[list[socket.socket] | None] = ContextVar("ollama_python_aiohttp_sockets", default=None)


def _recorded_socket(addr_info: tuple[Any, ...]) -> socket.socket:
    """A socket made as aiohttp's own, remembered for the call being sent (``socket_factory``)."""
    family, type_, proto, _, _ = addr_info
    sock = socket.socket(family=family, type=type_, proto=proto)
    sockets = _SOCKETS.get()
    if sockets is not None:
        sockets.append(sock)
    return sock


def _connected(sockets: list[socket.socket]) -> bool:
    """Whether one of ``sockets`` completed its TCP connection (and is still open)."""
    for sock in sockets:
        with contextlib.suppress(OSError):
            sock.getpeername()
            return True
    return False


async def _forward(trace_config_ctx: Any, event: str) -> None:
    """Hands one of aiohttp's trace signals to the request's httpx ``trace`` callback, so the
    transport's deadlines and phase names work on these sockets as on httpx's.
    """
    trace = trace_config_ctx.trace_request_ctx
    if trace is not None:
        await trace(event, {})


async def _connecting(session: aiohttp.ClientSession, context: Any, params: Any) -> None:
    await _forward(context, "connection.connect_tcp.started")


async def _headers_sent(session: aiohttp.ClientSession, context: Any, params: Any) -> None:
    await _forward(context, "http11.send_request_headers.started")


def _phase_signals() -> aiohttp.TraceConfig:
    """httpcore's phase events from aiohttp's signals (the TLS handshake's is sent on a timeout,
    by ``handle_async_request``: aiohttp has no signal for it)."""
    config = aiohttp.TraceConfig()
    config.on_connection_create_start.append(_connecting)
    config.on_request_headers_sent.append(_headers_sent)
    config.freeze()
    return config


class AiohttpBackend(httpx.AsyncBaseTransport):
    """Sends httpx requests through one ``aiohttp.ClientSession`` (created on first use)."""

    def __init__(self, verify: bool | ssl.SSLContext, pool_size: int) -> None:
        self._verify = verify
        self._pool_size = pool_size
        self._session: aiohttp.ClientSession | None = None
        self._proxies: dict[str, tuple[Any, Any]] = {}

    def _open(self) -> aiohttp.ClientSession:
        if self._session is None:
            connector = aiohttp.TCPConnector(
                limit=self._pool_size, limit_per_host=0, ssl=self._verify, socket_factory=_recorded_socket
            )
            # httpx decodes gzip itself (it sent Accept-Encoding): aiohttp must pass bytes through.
            self._session = aiohttp.ClientSession(
                connector=connector,
                auto_decompress=False,
                cookie_jar=aiohttp.DummyCookieJar(),
                trace_configs=[_phase_signals()],
            )
        return self._session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        timeouts = request.extensions.get("timeout", {})
        proxy, proxy_auth = self._proxy_for(request.url)
        body: Any = (request.content or None) if isinstance(request.stream, httpx.ByteStream) else _body(request.stream)
        trace = request.extensions.get("trace")
        sockets: list[socket.socket] = []
        recording = _SOCKETS.set(sockets)
        try:
            reply = await self._open().request(
                request.method,
                str(request.url),
                headers=request.headers.multi_items(),
                data=body,
                allow_redirects=False,
                proxy=proxy,
                proxy_auth=proxy_auth,
                skip_auto_headers=("Accept", "Accept-Encoding", "User-Agent", "Content-Type"),
                timeout=aiohttp.ClientTimeout(sock_connect=timeouts.get("connect"), sock_read=timeouts.get("read")),
                trace_request_ctx=trace,
            )
        except aiohttp.ClientConnectorError as error:
            raise httpx.ConnectError(str(error), request=request) from error
        except asyncio.TimeoutError as error:  # aiohttp's ConnectionTimeoutError / SocketTimeoutError too
            if not isinstance(error, aiohttp.ConnectionTimeoutError):
                raise httpx.ReadTimeout(str(error) or "timed out", request=request) from error
            if trace is not None and _connected(sockets):
                await trace("connection.start_tls.started", {})  # the phase that was running
            raise httpx.ConnectTimeout(str(error) or "timed out", request=request) from error
        except (aiohttp.ClientError, OSError) as error:
            raise httpx.RemoteProtocolError(str(error) or type(error).__name__, request=request) from error
        finally:
            _SOCKETS.reset(recording)
        return httpx.Response(
            reply.status,
            headers=list(reply.raw_headers),
            stream=_ReplyBody(reply, request),
            extensions={
                "http_version": b"HTTP/1.1",
                "reason_phrase": (reply.reason or "").encode("latin-1", "replace"),
            },
            request=request,
        )

    def _proxy_for(self, url: httpx.URL) -> tuple[Any, Any]:
        """The proxy HTTP(S)_PROXY and NO_PROXY name for ``url``'s origin (as httpx's own sockets
        would use), looked up once per origin: aiohttp's trust_env would look it up, and .netrc,
        in a worker thread on every request."""
        origin = f"{url.scheme}://{url.host}:{url.port}"
        found = self._proxies.get(origin)
        if found is None:
            try:
                found = get_env_proxy_for_url(yarl.URL(origin))
            except LookupError:
                found = (None, None)
            self._proxies[origin] = found
        return found

    async def aclose(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            await session.close()

    def __del__(self) -> None:
        # Never closed (a client dropped unclosed, or left behind by a second event loop): close
        # its sockets quietly, as httpx's pool does, rather than aiohttp's "Unclosed ..." warnings.
        session = self._session
        if session is not None and not session.closed:
            connector = session.connector
            session.detach()
            if connector is not None:
                connector._close()  # the synchronous part of close(); a no-op once the loop is closed


class _ReplyBody(httpx.AsyncByteStream):
    """The reply's bytes as they arrive (whatever is buffered, in one piece)."""

    def __init__(self, reply: aiohttp.ClientResponse, request: httpx.Request) -> None:
        self._reply = reply
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        failure: httpx.TransportError | None = None
        try:
            async for data in self._reply.content.iter_any():
                yield data
        except asyncio.TimeoutError as error:
            failure = httpx.ReadTimeout(_cause_text(error) or "timed out", request=self._request)
        except (aiohttp.ClientError, OSError) as error:
            failure = httpx.RemoteProtocolError(_cause_text(error), request=self._request)
        if failure is not None:
            # Raised out here, without aiohttp's exceptions as its context: their text
            # ("400, message:\n ...") spans lines, and the innermost cause's words are enough.
            raise failure

    async def aclose(self) -> None:
        # A reply read to its end gives its connection back to the pool; any other is dropped.
        if self._reply.content.is_eof():
            self._reply.release()
        else:
            self._reply.close()


def _cause_text(error: BaseException) -> str:
    """One line saying what went wrong, from the innermost cause of ``error``."""
    while (inner := error.__cause__ or error.__context__) is not None:
        error = inner
    text = getattr(error, "message", None) or str(error) or type(error).__name__
    return " ".join(str(text).split())


async def _body(stream: Any) -> AsyncIterator[bytes]:
    async for data in stream:
        yield data
