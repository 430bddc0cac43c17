"""Streams of typed chunks read from NDJSON replies.

``LineReader`` does all the work without I/O: it splits bytes into lines, decodes each into
the request's dataclass, raises on ``{"error": ...}`` lines, enforces the per-message deadline and
the line-size limit, and knows whether the final message (``done`` / ``success``) arrived.
``Stream`` and ``AsyncStream`` only pull bytes from their transport and close it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator
from types import TracebackType
from typing import Any, Generic, TextIO, TypeVar

from . import _json
from ._accumulate import Accumulator
from ._config import MAX_LINE_BYTES
from ._request import ApiRequest
from ._responses import decode_object
from .errors import AbortedError, InvalidResponseError, StreamError, TimeoutError

T = TypeVar("T")

__all__ = ["AsyncStream", "LineReader", "Stream"]


class LineReader(Generic[T]):
    """Turns the bytes of one NDJSON reply into typed items."""

    __slots__ = (
        "_deadline",
        "_decode",
        "_is_last",
        "_pending",
        "_read_timeout",
        "_request",
        "_url",
        "accumulator",
        "finished",
    )

    def __init__(self, request: ApiRequest[T], url: str, read_timeout: float | None) -> None:
        self._request = request
        self._decode = request.decode
        self._is_last = request.is_last
        self._url = url
        self._read_timeout = read_timeout
        self._deadline = time.monotonic() + read_timeout if read_timeout else 0.0
        self._pending = b""
        self.finished = request.is_last is None
        self.accumulator: Accumulator[T] | None = request.accumulate() if request.accumulate is not None else None

    def split(self, data: bytes) -> list[bytes]:
        """Complete lines in ``data`` (and what was left over from before)."""
        if self._pending:
            data = self._pending + data
        lines = data.split(b"\n")
        self._pending = lines.pop()
        if lines:
            if self._read_timeout:
                self._deadline = time.monotonic() + self._read_timeout
        elif self._read_timeout and time.monotonic() > self._deadline:
            raise TimeoutError(
                f"{self._url} started a message but did not finish it within {self._read_timeout:g} s "
                "(timeout); raise timeout= if the server is just slow"
            )
        if len(self._pending) > MAX_LINE_BYTES:
            raise InvalidResponseError(
                f"{self._url} sent a streamed line longer than {MAX_LINE_BYTES // (1024 * 1024)} MiB; refusing to buffer it"
            )
        return lines

    def parse(self, line: bytes) -> T | None:
        """The item on one line; None for a blank line."""
        if not line or line.isspace():
            return None
        try:
            data = _json.loads(line)
        except ValueError as error:
            raise InvalidResponseError(f"{self._url} sent a line that is not JSON: {line[:200]!r}", 200) from error
        if type(data) is dict and "error" in data:
            raise StreamError(str(data["error"]), -1, body=line)
        item = decode_object(self._request, data, 200)
        if self.accumulator is not None:
            self.accumulator.add(item)
        if not self.finished and self._is_last is not None and self._is_last(item):
            self.finished = True
        return item

    def end(self) -> T | None:
        """At the end of the reply: the last line if it had no newline; raises if cut short."""
        tail, self._pending = self._pending, b""
        item = self.parse(tail)
        if not self.finished:
            raise InvalidResponseError(
                f"the stream from {self._url} ended before its final message; the server may have stopped "
                "or the connection was cut (retry the call)",
                200,
            )
        return item


class _StreamBase(Generic[T]):
    """What both stream kinds share: the gathered answer, the closed and aborted states."""

    _closed: bool = False
    _aborted: bool = False
    _reader: LineReader[T]

    @property
    def response(self) -> T | None:
        """The whole answer gathered from the chunks read so far (complete once the stream is done):
        text and thinking concatenated, tool calls collected, metrics from the final chunk.
        None before the first chunk.
        """
        accumulator = self._reader.accumulator
        return accumulator.result() if accumulator is not None else None

    _echoed: str = ""  # the last text written by collect(echo=...)

    def _echo(self, chunk: T, out: TextIO | None) -> None:
        accumulator = self._reader.accumulator
        if out is not None and accumulator is not None:
            text = accumulator.text(chunk)
            if text:
                out.write(text)
                out.flush()  # notebooks and pipes show each piece as it arrives
                self._echoed = text

    def _collected(self, out: TextIO | None) -> T:
        if out is not None and self._echoed and not self._echoed.endswith("\n"):
            out.write("\n")
            out.flush()
        result = self.response
        if result is None:
            raise InvalidResponseError("the stream ended without any message", 200)
        return result

    def _reraise(self, error: Exception) -> None:
        """After abort(), whatever a reader hits (closed socket, early end) means "aborted"."""
        if self._aborted:
            raise AbortedError("the stream was aborted by the client (abort() was called)") from error
        raise error

    def abort(self) -> None:
        """Close the stream; anyone still reading it gets ``AbortedError``."""
        self._aborted = True
        self._close_connection()

    def _close_connection(self) -> None:
        raise NotImplementedError


class Stream(_StreamBase[T]):
    """Typed chunks of a streamed reply, read as you iterate.

    Use it in a ``for`` loop, as a context manager, or call ``close`` to stop early: closing
    drops the connection, which tells the server to stop generating.
    """

    def __init__(self, chunks: Iterator[bytes], reader: LineReader[T], release: Callable[[bool], None]) -> None:
        self._chunks = chunks
        self._reader = reader
        self._release = release
        self._items = self._generate()

    def __iter__(self) -> Iterator[T]:
        return self

    def __next__(self) -> T:
        try:
            return next(self._items)
        except StopIteration:
            raise
        except Exception as error:
            self._reraise(error)
            raise

    def _generate(self) -> Generator[T, None, None]:
        reader = self._reader
        try:
            for data in self._chunks:
                for line in reader.split(data):
                    item = reader.parse(line)
                    if item is not None:
                        yield item
            item = reader.end()
            if item is not None:
                yield item
        except BaseException:
            self._close_connection()
            raise
        self._finish(reusable=True)

    def collect(self, *, echo: bool | TextIO = False) -> T:
        """Read the rest of the stream and return the whole answer.

        Args:
            echo: Print the text as it arrives: True for standard output, or a file object.
                ``gen.chat(messages, stream=True).collect(echo=True)`` prints the reply as it
                streams and returns it whole.
        """
        out = _echo_target(echo)
        for chunk in self:
            self._echo(chunk, out)
        return self._collected(out)

    def close(self) -> None:
        """Stop reading and release the connection at once; iterating afterwards yields nothing."""
        self._close_connection()
        self._items.close()

    def _close_connection(self) -> None:
        self._finish(reusable=False)

    def _finish(self, reusable: bool) -> None:
        if not self._closed:
            self._closed = True
            self._release(reusable)

    def __enter__(self) -> Stream[T]:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def __del__(self) -> None:
        if not self._closed:
            self._close_connection()


class AsyncStream(_StreamBase[T]):
    """Typed chunks of a streamed reply for ``async for``; ``aclose`` stops early."""

    def __init__(
        self, chunks: AsyncIterator[bytes], reader: LineReader[T], release: Callable[[bool], Awaitable[None]]
    ) -> None:
        import asyncio  # here, not at module level: asyncio costs import time sync users never need

        self._chunks = chunks
        self._reader = reader
        self._release = release
        self._items = self._generate()
        self._loop = asyncio.get_running_loop()
        self._closing: Any = None

    def __aiter__(self) -> AsyncIterator[T]:
        return self

    async def __anext__(self) -> T:
        try:
            return await self._items.__anext__()
        except StopAsyncIteration:
            raise
        except Exception as error:
            self._reraise(error)
            raise

    async def _generate(self) -> AsyncIterator[T]:
        reader = self._reader
        try:
            async for data in self._chunks:
                for line in reader.split(data):
                    item = reader.parse(line)
                    if item is not None:
                        yield item
            item = reader.end()
            if item is not None:
                yield item
        except BaseException:
            await self._finish(reusable=False)
            raise
        await self._finish(reusable=True)

    async def collect(self, *, echo: bool | TextIO = False) -> T:
        """Read the rest of the stream and return the whole answer (see ``Stream.collect``)."""
        out = _echo_target(echo)
        async for chunk in self:
            self._echo(chunk, out)
        return self._collected(out)

    async def aclose(self) -> None:
        """Stop reading and release the connection at once."""
        await self._finish(reusable=False)

    async def _finish(self, reusable: bool) -> None:
        if not self._closed:
            self._closed = True
            await self._release(reusable)

    def _close_connection(self) -> None:
        # abort() is synchronous and may come from another thread: close on the stream's own loop.
        if not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._start_closing)

    def _start_closing(self) -> None:
        import asyncio

        if self._closing is None:
            self._closing = asyncio.ensure_future(self._finish(reusable=False))

    async def __aenter__(self) -> AsyncStream[T]:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()


def _echo_target(echo: bool | TextIO) -> TextIO | None:
    if echo is True:
        return sys.stdout
    return echo or None
