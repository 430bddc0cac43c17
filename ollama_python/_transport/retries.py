"""Retry, redirect and failure bookkeeping for one call, without I/O (shared by both transports).

Retries happen only when the server cannot have started on the request: connection failures
before it was sent (refused, unresolvable host, connect timeout; any failure for GET and HEAD)
and 429/503 answers, which come before any work. A generation is therefore never duplicated.
"""

from __future__ import annotations

import builtins
import http.client
from collections.abc import Mapping
from typing import Any

from .. import _json
from .._config import RetryPolicy, Timeout, parse_retry_after
from .._request import ApiRequest
from ..errors import ConnectionError, InvalidResponseError, RequestError, TimeoutError
from .foreign import one_line
from .redirects import redirect_target

_RETRY_STATUSES = frozenset({429, 503})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_MAX_REDIRECTS = 5

CONNECT_TIMEOUT = "connect timeout"
READ_TIMEOUT = "read timeout"  # waiting for the reply to start
BODY_TIMEOUT = "body timeout"  # the reply started, then stalled between chunks
TLS_TIMEOUT = "tls timeout"
POOL_TIMEOUT = "pool timeout"
REFUSED = "refused"
UNRESOLVED = "unresolved"
TLS = "tls"
UNREACHABLE = "unreachable"
DROPPED = "dropped"
# A kept-alive connection the server closed just as it was reused (an idle timeout of the server or a
# proxy racing the next request): it ended before a byte of the reply, so the request was not served.
STALE = "stale"
NOT_HTTP = "not http"  # the bytes that came back are not an HTTP reply (bad status line, headers, chunks)
_BEFORE_SENDING = frozenset(
    {CONNECT_TIMEOUT, TLS_TIMEOUT, POOL_TIMEOUT, REFUSED, UNRESOLVED, UNREACHABLE}
)  # the server never saw the request


class Attempts:
    """Where the current attempt goes, and what to do after it."""

    def __init__(self, policy: RetryPolicy, request: ApiRequest[Any], root: str, follow_redirects: bool = True) -> None:
        self._policy = policy
        self._max_redirects = _MAX_REDIRECTS if follow_redirects else 0
        self._request = request
        self.root = root
        self.url = root + request.path
        self._retries = 0
        self._redirects = 0
        self._stale_retried = False

    def after_failure(self, kind: str, failure: ConnectionError) -> float:
        """Seconds to wait before retrying after a connection failure of ``kind``; raises
        ``failure`` when giving up.

        Only failures that kept the request from reaching the server are retried (and, for the
        safe GET and HEAD, a dropped connection): once a POST may have arrived, the server may be
        generating, and sending it again could run the generation twice. A reused connection that
        the server had closed (``STALE``) is retried once for any method, as browsers and Go's
        HTTP client do: the request was never served.
        """
        if kind == STALE and not self._stale_retried:  # once, at once, on a new connection, any method:
            self._stale_retried = True  # the server closed that connection rather than read the request
            return 0.0
        dropped = kind in (DROPPED, STALE)
        retry_safe = kind in _BEFORE_SENDING or (dropped and self._request.method in ("GET", "HEAD"))
        delay = self._policy.delay(self._retries, None) if retry_safe else None
        if delay is None:
            raise failure
        self._retries += 1
        return delay

    def after_reply(self, status: int, headers: Mapping[str, str]) -> float | None:
        """None when this reply is the answer; otherwise seconds to wait before the next attempt."""
        if status in _RETRY_STATUSES:
            delay = self._policy.delay(self._retries, parse_retry_after(headers.get("Retry-After")))
            if delay is not None:
                self._retries += 1
                return delay
        location = headers.get("Location")
        if status in _REDIRECTS and location:
            self.url = self._redirect(status, location)
            return 0.0
        return None

    def _redirect(self, status: int, location: str) -> str:
        target = redirect_target(self.url, location, status)
        self._redirects += 1
        same_method = self._request.method in ("GET", "HEAD") or status in (307, 308)
        if self._redirects > self._max_redirects or not same_method:
            raise InvalidResponseError(
                f"{self.url} redirected ({status}) to {target}; point base_url at the new address", status
            )
        return target


def encode_body(request: ApiRequest[Any]) -> bytes | None:
    """The JSON body's bytes (None for requests without one)."""
    if request.body is None:
        return None
    try:
        return _json.dumps(request.body)
    except (TypeError, ValueError) as error:
        raise RequestError(f"the request for {request.path} could not be encoded as JSON: {error}") from error
    except RecursionError:  # a value nested thousands of levels deep (options, format, a tool's schema)
        raise RequestError(
            f"the request for {request.path} nests too deeply to encode as JSON; check options, format and tools"
        ) from None


def connection_failure(kind: str, root: str, url: str, timeout: Timeout, detail: object) -> ConnectionError:
    """The exception for a failed exchange, whose message says what to do about it."""
    detail = one_line(detail)  # library messages span lines and quote raw bytes
    if kind == CONNECT_TIMEOUT:
        return TimeoutError(
            f"could not connect to Ollama at {root} within {timeout.connect:g} s (connect timeout). "
            "Is the server running and reachable? Check OLLAMA_HOST or base_url."
        )
    if kind == READ_TIMEOUT:
        return TimeoutError(
            f"Ollama at {root} did not answer within {timeout.read:g} s (read timeout); a large model may "
            "still be loading: pass a longer timeout=Timeout(read=...)"
        )
    if kind == BODY_TIMEOUT:
        return TimeoutError(
            f"{url} started its reply, then sent nothing for {_seconds(timeout.read)} (read timeout, between chunks); "
            "the server or a proxy stalled: retry, or pass a longer timeout=Timeout(read=...)"
        )
    if kind == TLS_TIMEOUT:
        return TimeoutError(
            f"the TLS handshake with {root} did not finish in time (connect timeout {_seconds(timeout.connect)}): is "
            "this port an HTTPS server? Check the scheme and port of OLLAMA_HOST or base_url, or a proxy in between."
        )
    if kind == POOL_TIMEOUT:
        return TimeoutError(
            f"no connection to {root} became free within {_seconds(timeout.read)} (pool timeout): every pooled "
            "connection stayed busy with other calls; run fewer calls at once, or pass a longer timeout"
        )
    if kind == REFUSED:
        return ConnectionError(
            f"could not connect to Ollama at {root}: connection refused. Is the server running? "
            "Start it with `ollama serve`, or set OLLAMA_HOST (or base_url) to where it listens."
        )
    if kind == UNREACHABLE:
        return ConnectionError(
            f"could not connect to Ollama at {root}: {detail}. Is the server running and reachable? "
            "Check OLLAMA_HOST or base_url."
        )
    if kind == UNRESOLVED:
        return ConnectionError(f"could not resolve the host of {root}: check OLLAMA_HOST or base_url ({detail})")
    if kind == TLS:
        return ConnectionError(f"TLS error talking to {root}: {detail}. Check the certificate, or pass verify=")
    if kind == NOT_HTTP:
        return ConnectionError(
            f"{url} answered with something that is not valid HTTP ({detail}); is base_url an Ollama server? "
            "Another service or a broken proxy may be listening there"
        )
    return ConnectionError(f"lost the connection to Ollama at {root} ({url}): {detail}")


def closed_before_replying(chain: list[BaseException]) -> bool:
    """Whether the connection ended before a byte of the reply: a clean end or a reset where the
    status line was due, or a broken pipe while sending (http.client, httpcore and aiohttp's words).
    """
    for link in chain:
        if isinstance(link, (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError)):
            return True
        if type(link).__name__ == "ServerDisconnectedError" or "disconnected without sending" in str(link):
            return True
    return False


def undecodable_body(url: str, error: BaseException) -> InvalidResponseError:
    """The exception for a compressed reply body that does not decompress."""
    return InvalidResponseError(
        f"{url} sent a compressed body that could not be decoded ({one_line(error)}); a proxy may have corrupted it"
    )


def _seconds(limit: float | None) -> str:
    return "the time allowed" if limit is None else f"{limit:g} s"


def exception_chain(error: BaseException) -> list[BaseException]:
    """``error`` and every exception behind it (causes, contexts, and the ``reason`` or first
    argument by which urllib3 and requests wrap another), outermost first.
    """
    chain: list[BaseException] = []
    pending = [error]
    while pending:
        current = pending.pop(0)
        if any(current is seen for seen in chain):
            continue
        chain.append(current)
        reason = getattr(current, "reason", None)
        first = current.args[0] if current.args else None
        pending += [
            inner
            for inner in (reason, first, current.__cause__, current.__context__)
            if isinstance(inner, BaseException)
        ]
    return chain


def not_http(chain: list[BaseException]) -> bool:
    """Whether a failure (``exception_chain``) means the reply was not valid HTTP, rather than a
    connection that broke: http.client's and urllib3's parse errors, h11's, aiohttp's.
    """
    for link in chain:
        kind = type(link)
        names = {cls.__name__ for cls in kind.__mro__}
        if isinstance(link, builtins.ConnectionError):  # http.client's RemoteDisconnected: a drop
            continue
        if "InvalidChunkLength" in names or "HttpProcessingError" in names:
            return True
        if kind.__module__.startswith("urllib3") and "InvalidHeader" in names:  # e.g. two Content-Lengths
            return True
        if kind.__module__.startswith("h11") and "RemoteProtocolError" in names:
            return not str(link).startswith("peer closed connection")  # that one is a reply cut short
        if isinstance(link, http.client.IncompleteRead):
            if _bad_chunk_size(link):
                return True
            continue
        if isinstance(link, http.client.HTTPException):
            return True
    return False


def failure_detail(chain: list[BaseException]) -> object:
    """What to quote from a failure (``exception_chain``): the innermost system error with a message
    (``Connection reset by peer``), else the innermost message; aiohttp's parse errors by their
    ``message`` (their text starts with "400", as if the server had said 400).
    """
    for link in reversed(chain):
        if isinstance(link, OSError) and str(link):
            return link
    for link in chain:  # a body cut short: "IncompleteRead(0 bytes read)", not the int() that failed on b""
        if isinstance(link, http.client.IncompleteRead) and not _bad_chunk_size(link):
            return link
    for link in reversed(chain):
        if str(link):
            return getattr(link, "message", None) or link
    return chain[-1]


def _bad_chunk_size(error: http.client.IncompleteRead) -> bool:
    """http.client reports a chunk size that is not hex as a read cut short, with the ``int()``
    ValueError as its context (an empty size line is the connection closing instead).
    """
    context = error.__context__
    return isinstance(context, ValueError) and not str(context).endswith("b''")
