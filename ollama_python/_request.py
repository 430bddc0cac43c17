"""Descriptions of HTTP exchanges: what the payload builders produce and the transports perform.

A single call is one ``ApiRequest``. An operation that needs several exchanges (upload a
blob only if the server lacks it, create a model from a Modelfile, embed in batches) is a *flow*:
a generator that yields requests (and ``Blocking``, ``Parallel`` or ``Drain``
steps) and receives their results, so the same flow runs on the sync and the async transport
without being written twice. A step that fails is thrown into the flow, so its ``finally``
blocks run.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass
from typing import IO, Any, Generic, Protocol, TypeVar

from ._config import Timeout

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


@dataclass(frozen=True)
class Upload:
    """A raw request body read from a file (blob uploads), re-opened for every attempt."""

    open: Callable[[], IO[bytes]]
    size: int


class BodyReader(Protocol[T_co]):
    """Parses a reply body as it arrives, instead of after it was buffered whole."""

    def feed(self, data: bytes | bytearray) -> None: ...

    def finish(self) -> T_co: ...


@dataclass(frozen=True)
class ApiRequest(Generic[T]):
    """One HTTP exchange and how to read its answer.

    Attributes:
        method: HTTP method.
        path: Path under the server root, e.g. ``/api/chat``.
        decode: Turns one decoded JSON object (the body, or one stream line) into the result.
        body: JSON payload, or None for no JSON body.
        upload: A raw body to send instead of JSON.
        stream: Read the answer as NDJSON, one result per line.
        is_last: For streams: whether an item is the final one (``done``, ``success``); a stream
            that ends before such an item is reported as cut short.
        status_results: HTTP statuses that are answers rather than errors, with their result
            (``HEAD /api/blobs/...``: 200 -> True, 404 -> False).
        empty_result: The result of a successful reply with an empty body (copy, delete).
        timeout: Overrides the client's timeout for this call.
        quick: A call that loads no model (list, show, copy...): the client's default timeout
            applies with its shorter ``quick_read``.
        reader: Makes a ``BodyReader`` for the successful reply, replacing ``decode`` (used to
            parse large embeddings straight into an array).
        accumulate: For streams: makes the object that gathers the whole answer from the chunks.
        headers: Headers for this request only, added to (and winning over) the client's.
        credentials: Send the ``Authorization`` header; False for the local server's web tools,
            which use the machine's ollama.com sign-in and must not see an API key.
    """

    method: str
    path: str
    decode: Callable[[Any], T]
    body: Any = None
    upload: Upload | None = None
    stream: bool = False
    is_last: Callable[[T], bool] | None = None
    status_results: Mapping[int, Any] | None = None
    empty_result: Any = None
    timeout: Timeout | None = None
    reader: Callable[[], BodyReader[T]] | None = None
    accumulate: Callable[[], Any] | None = None
    headers: Mapping[str, str] | None = None
    quick: bool = False

    def timeout_within(self, default: Timeout) -> Timeout:
        """The timeout of this call on a client whose timeout is ``default``."""
        if self.timeout is not None:
            return self.timeout
        return default.for_quick_call() if self.quick else default

    credentials: bool = True


@dataclass(frozen=True)
class Blocking(Generic[T]):
    """Local work inside a flow (hashing a file): run inline when sync, in a thread when async."""

    run: Callable[[], T]


@dataclass(frozen=True)
class Parallel(Generic[T]):
    """Several requests at once inside a flow; their results come back in request order.

    Attributes:
        requests: The requests to send.
        concurrency: How many may be in flight at the same time.
        on_result: Called with (index, result) as each one finishes (progress reporting).
    """

    requests: list[ApiRequest[T]]
    concurrency: int
    on_result: Callable[[int, T], None] | None = None


@dataclass(frozen=True)
class Drain(Generic[T]):
    """A streamed request read to its end inside a flow; the step's result is the last item.

    Attributes:
        request: A request with ``stream=True``.
        on_item: Called with every item as it arrives (progress bars).
    """

    request: ApiRequest[T]
    on_item: Callable[[T], None]


Step = ApiRequest[Any] | Blocking[Any] | Parallel[Any] | Drain[Any]
Flow = Generator[Step, Any, T]
"""A multi-step operation: yields steps, receives each step's result, returns the final value."""
