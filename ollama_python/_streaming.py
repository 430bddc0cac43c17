"""Streams of typed chunks read from NDJSON replies.

``LineReader`` does all the work without I/O: it splits bytes into lines, decodes each into
the request's dataclass, raises on ``{"error": ...}`` lines, enforces the per-message deadline and
the line-size limit, and knows whether the final message (``done`` / ``success``) arrived.
``Stream`` and ``AsyncStream`` only pull bytes from their transport and close it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Generator, Iterator
from types import TracebackType
from typing import Any, Generic, TextIO, TypeVar

from . import _json
from ._accumulate import Accumulator
from ._config import MAX_LINE_BYTES
from ._notebook import LiveDisplay, in_notebook
from ._request import ApiRequest
from ._transport.replies import MAX_ERROR_BODY, decode_object, html_summary, json_message
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
        "_pending_size",
        "_read_timeout",
        "_request",
        "_url",
        "accumulator",
        "finished",
        "incomplete",
        "started",
    )

    def __init__(self, request: ApiRequest[T], url: str, read_timeout: float | None) -> None:
        self._request = request
        self._decode = request.decode
        self._is_last = request.is_last
        self._url = url
        self._read_timeout = read_timeout
        self._deadline = time.monotonic() + read_timeout if read_timeout else 0.0
        self._pending: list[bytes] = []  # pieces of an unfinished line
        self._pending_size = 0
        self.finished = request.is_last is None
        self.started = False  # a message arrived
        self.incomplete = False  # the reply ended cleanly before its final message
        self.accumulator: Accumulator[T] | None = request.accumulate() if request.accumulate is not None else None

    def split(self, data: bytes) -> list[bytes]:
        """Complete lines in ``data`` (and what was left over from before).

        An unfinished line is kept as a list of pieces, joined once when its newline arrives:
        a long line costs one copy, not one per read.
        """
        if self._pending:
            if b"\n" not in data:
                self._keep(data)
                return []
            self._pending.append(data)
            data = b"".join(self._pending)
            self._pending, self._pending_size = [], 0
        lines = data.split(b"\n")
        rest = lines.pop()
        if rest:
            self._keep(rest)
        if lines and self._read_timeout:
            self._progress(lines)
        return lines

    def _progress(self, lines: list[bytes]) -> None:
        """Restart the per-message clock for a line with content; blank lines (keep-alives) do not count."""
        for line in lines:  # usually one line, with content: a plain loop, no generator per chunk
            if line and not line.isspace():
                self._deadline = time.monotonic() + self._read_timeout  # type: ignore[operator]
                return
        if time.monotonic() > self._deadline:
            raise TimeoutError(
                f"{self._url} sent only blank lines for {self._read_timeout:g} s, no message (timeout); "
                "raise timeout= if the server is just slow"
            )

    def _keep(self, piece: bytes) -> None:
        """Hold a piece of an unfinished line, within the size limit and the per-message deadline."""
        self._pending.append(piece)
        self._pending_size += len(piece)
        if self._pending_size > MAX_LINE_BYTES:
            raise InvalidResponseError(
                f"{self._url} sent a streamed line longer than {MAX_LINE_BYTES // (1024 * 1024)} MiB; refusing to buffer it"
            )
        if self._read_timeout and time.monotonic() > self._deadline:
            raise TimeoutError(
                f"{self._url} started a message but did not finish it within {self._read_timeout:g} s "
                "(timeout); raise timeout= if the server is just slow"
            )

    def parse(self, line: bytes) -> T | None:
        """The item on one line; None for a blank line."""
        if not line or line.isspace():
            return None
        try:
            data = _json.loads(line)
        except ValueError as error:
            summary = html_summary(line)
            if summary is not None:  # a 200 HTML page where NDJSON was expected (a proxy's login page...)
                raise InvalidResponseError(
                    f"{self._url} sent an HTML page, not JSON lines: {summary or 'untitled'}. A proxy, a login "
                    "page or another web server is in front of Ollama; check base_url and the proxy",
                    200,
                ) from None
            raise InvalidResponseError(f"{self._url} sent a line that is not JSON: {line[:200]!r}", 200) from error
        if type(data) is dict and "error" in data:
            raise StreamError(json_message(data) or "", -1, body=line[:MAX_ERROR_BODY])
        item = decode_object(self._request, data, 200)
        self.started = True
        if self.accumulator is not None:
            self.accumulator.add(item)
        if not self.finished and self._is_last is not None and self._is_last(item):
            self.finished = True
        return item

    def end(self) -> T | None:
        """At the end of the reply: the last line if it had no newline.

        A body that ends cleanly before the final message (``done``/``success``) is accepted, as
        the official client accepts it (mock servers and some proxies send no final message):
        ``incomplete`` says so. A body cut mid-transfer never gets here: the transport raises.
        """
        tail, self._pending, self._pending_size = b"".join(self._pending), [], 0
        item = self.parse(tail)
        if not self.started:
            raise InvalidResponseError(f"the server sent an empty reply to {self._url} (200 without a message)", 200)
        if not self.finished:
            self.incomplete = True
        return item


class StreamConnection:
    """How a stream gives its connection back.

    The stream and the generator reading it both hold this object rather than each other, so an
    abandoned stream is freed by reference counting, at once and in the caller's own code.

    Args:
        finish: Give the connection back (``reusable``: it was read to the end); called only from
            the reader's own calls (``next()``, ``close()``), where taking the pool's lock is safe.
        drop: Close the socket and nothing else; safe from any thread or from the garbage
            collector, which may run while this very thread holds the connection pool's lock.
    """

    __slots__ = ("_drop", "_finish", "closed", "dropped")

    def __init__(self, finish: Callable[[bool], Any], drop: Callable[[], Any]) -> None:
        self._finish = finish
        self._drop = drop
        self.closed = False
        self.dropped = False

    def finish(self, reusable: bool) -> Any:
        """Give the connection back (once); returns what ``finish`` returned (an awaitable when async).

        After ``drop`` (an abort, or a close from another thread), the reader's own call still
        gives the closed connection back to the pool, so no slot is lost.
        """
        if self.closed:
            return None
        self.closed = True
        return self._finish(reusable and not self.dropped)

    def drop(self) -> None:
        """Close the socket (once), taking no locks."""
        if not self.closed and not self.dropped:
            self.dropped = True
            self._drop()


class _StreamBase(Generic[T]):
    """What both stream kinds share: the gathered answer and the aborted state."""

    _aborted: bool = False
    _closed_while_read = False  # close()/aclose() came from another thread or task during a read
    _reading = False  # a next()/anext() call is under way
    _reader: LineReader[T]
    _connection: StreamConnection
    _echoed: str = ""  # the last text written by collect(echo=...)

    @property
    def response(self) -> T | None:
        """The whole answer gathered from the chunks read so far (complete once the stream is done):
        text and thinking concatenated, tool calls collected, metrics from the final chunk.
        None before the first chunk.
        """
        accumulator = self._reader.accumulator
        return accumulator.result() if accumulator is not None else None

    @property
    def incomplete(self) -> bool:
        """True when the reply ended cleanly without its final message (``done`` / ``success``).

        The chunks that did arrive were all yielded and ``response`` gathers them, with
        ``response.done`` False: the server (or a mock, or a proxy) stopped early without saying why.
        False while the stream is being read and after a complete reply.
        """
        return self._reader.incomplete

    def _echo(self, chunk: T, out: TextIO | None) -> None:
        accumulator = self._reader.accumulator
        if out is not None and accumulator is not None:
            text = accumulator.text(chunk)
            if text:
                out.write(text)
                out.flush()  # notebooks and pipes show each piece as it arrives
                self._echoed = text

    def _live(self) -> LiveDisplay | None:
        """A live display in a notebook; None elsewhere (the text is printed instead)."""
        return LiveDisplay() if in_notebook() and self._reader.accumulator is not None else None

    def _show(self, chunk: T, live: LiveDisplay | None, out: TextIO | None) -> None:
        if live is None:
            self._echo(chunk, out)
        elif live.due():
            live.show(self.response)

    def _shown(self, live: LiveDisplay | None, out: TextIO | None) -> None:
        result = self._collected(out)
        if live is not None:
            live.show(result)

    def _collected(self, out: TextIO | None) -> T:
        if out is not None and self._echoed and not self._echoed.endswith("\n"):
            out.write("\n")
            out.flush()
        result = self.response
        if result is None:
            raise InvalidResponseError("the stream ended without any message", 200)
        return result

    def _reraise(self, error: Exception) -> None:
        """After abort() or a close from elsewhere, whatever a reader hits (closed socket, early
        end) means "aborted".
        """
        if self._closed_while_read:
            raise AbortedError(
                "the stream was closed (close() was called elsewhere) while it was being read"
            ) from error
        if self._aborted:
            raise AbortedError("the stream was aborted by the client (abort() was called)") from error
        raise error

    def _check_ended_by_itself(self) -> None:
        """A reply that 'ended' because abort() or a close from elsewhere dropped its socket was
        aborted; only a reply the server ended itself may end early and quietly (``incomplete``).
        """
        if not self._reader.finished and (self._aborted or self._closed_while_read):
            self._reraise(ConnectionAbortedError("the connection was dropped under the reader"))

    def _close_under_reader(self) -> None:
        """Close the socket under a read in progress elsewhere; that reader ends with ``AbortedError``."""
        self._closed_while_read = True
        self._connection.drop()

    def abort(self) -> None:
        """Close the stream (from any thread); anyone still reading it gets ``AbortedError``."""
        self._aborted = True
        self._connection.drop()

    def __del__(self) -> None:
        # Possibly inside the garbage collector: close the socket, take no locks.
        self._connection.drop()


class Stream(_StreamBase[T]):
    """Typed chunks of a streamed reply, read as you iterate.

    Use it in a ``for`` loop, as a context manager, or call ``close`` to stop early: closing
    drops the connection, which tells the server to stop generating.
    """

    def __init__(self, chunks: Iterator[bytes], reader: LineReader[T], connection: StreamConnection) -> None:
        self._reader = reader
        self._connection = connection
        self._items = _items(chunks, reader, connection)

    def __iter__(self) -> Iterator[T]:
        return self

    def __next__(self) -> T:
        self._reading = True
        try:
            return next(self._items)
        except StopIteration:
            self._check_ended_by_itself()
            raise
        except Exception as error:
            self._reraise(error)
            raise
        finally:
            self._reading = False

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

    def display(self) -> None:
        """Show the answer as it streams: in a notebook, Markdown updated in place; elsewhere,
        the text printed to standard output (as ``collect(echo=True)``).

        Returns nothing, so that a cell ending with ``stream.display()`` shows the answer once;
        the whole answer is ``stream.response`` afterwards.
        """
        live = self._live()
        out = None if live is not None else sys.stdout
        for chunk in self:
            self._show(chunk, live, out)
        self._shown(live, out)

    def close(self) -> None:
        """Stop reading and release the connection at once; iterating afterwards yields nothing.

        Safe from another thread while the stream is being read: that reader gets ``AbortedError``.
        """
        if self._reading:
            self._close_under_reader()
            return
        self._connection.finish(reusable=False)
        try:
            self._items.close()
        except ValueError:  # "generator already executing": a read started in another thread meanwhile
            self._closed_while_read = True

    def __enter__(self) -> Stream[T]:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


def _items(chunks: Iterator[bytes], reader: LineReader[T], connection: StreamConnection) -> Generator[T, None, None]:
    """The items of a reply; gives the connection back when the reading ends, however it ends."""
    try:
        for data in chunks:
            for line in reader.split(data):
                item = reader.parse(line)
                if item is not None:
                    yield item
        if connection.closed:  # dropped (abort()) rather than ended by the server
            raise InvalidResponseError("the stream was closed while it was being read", 200)
        item = reader.end()
        if item is not None:
            yield item
    except GeneratorExit:  # closed early, or collected: maybe inside a locked section, so no locks
        connection.drop()
        raise
    except BaseException:  # an error, raised to the reader in its own call
        connection.finish(reusable=False)
        raise
    connection.finish(reusable=True)


class AsyncStream(_StreamBase[T]):
    """Typed chunks of a streamed reply for ``async for``; ``aclose`` stops early."""

    def __init__(self, chunks: AsyncIterator[bytes], reader: LineReader[T], connection: StreamConnection) -> None:
        self._reader = reader
        self._connection = connection
        self._items = _async_items(chunks, reader, connection)

    def __aiter__(self) -> AsyncIterator[T]:
        return self

    async def __anext__(self) -> T:
        self._reading = True
        try:
            return await self._items.__anext__()
        except StopAsyncIteration:
            self._check_ended_by_itself()
            raise
        except Exception as error:
            self._reraise(error)
            raise
        finally:
            self._reading = False

    async def collect(self, *, echo: bool | TextIO = False) -> T:
        """Read the rest of the stream and return the whole answer (see ``Stream.collect``)."""
        out = _echo_target(echo)
        async for chunk in self:
            self._echo(chunk, out)
        return self._collected(out)

    async def display(self) -> None:
        """Show the answer as it streams (see ``Stream.display``); then read ``stream.response``."""
        live = self._live()
        out = None if live is not None else sys.stdout
        async for chunk in self:
            self._show(chunk, live, out)
        self._shown(live, out)

    async def aclose(self) -> None:
        """Stop reading and release the connection at once; iterating afterwards yields nothing.

        Safe from another task while the stream is being read: that reader gets ``AbortedError``.
        """
        if self._reading:
            self._closed_while_read = True
        pending = self._connection.finish(reusable=False)
        if pending is not None:
            await pending
        if not self._reading:
            await self._items.aclose()

    async def __aenter__(self) -> AsyncStream[T]:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()


async def _async_items(
    chunks: AsyncIterator[bytes], reader: LineReader[T], connection: StreamConnection
) -> AsyncGenerator[T, None]:
    """``_items`` for async streams; here closing awaits the transport's close."""
    try:
        async for data in chunks:
            for line in reader.split(data):
                item = reader.parse(line)
                if item is not None:
                    yield item
        if connection.closed:  # dropped (abort()) rather than ended by the server
            raise InvalidResponseError("the stream was closed while it was being read", 200)
        item = reader.end()
        if item is not None:
            yield item
    except BaseException:
        pending = connection.finish(reusable=False)
        if pending is not None:
            await pending
        raise
    pending = connection.finish(reusable=True)
    if pending is not None:
        await pending


def _echo_target(echo: bool | TextIO) -> TextIO | None:
    if echo is True:
        return sys.stdout
    return echo or None
