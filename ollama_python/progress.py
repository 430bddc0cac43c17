"""Progress bars for pull, push and create streams (the optional ``progress`` extra: tqdm).

A progress stream mixes two kinds of reports (see the API reference, §2.10): transfer reports
that carry a layer ``digest`` with ``total`` and ``completed`` bytes, and plain steps such as
``pulling manifest`` or ``success``. ``ProgressBars`` keeps one byte bar per digest, with
size, rate and ETA, and prints the plain steps above the bars. ``tqdm.auto`` is used, so the
bars are widgets in Jupyter and text elsewhere.

Examples:
    >>> from ollama_python import ModelManagementAPI
    >>> from ollama_python.progress import track
    >>> final = track(ModelManagementAPI().pull("llama3.2", stream=True))  # doctest: +SKIP
    >>> final.status                                                        # doctest: +SKIP
    'success'

Without tqdm, ``require_tqdm`` (and so ``ProgressBars``, ``track`` and
``track_async``) raises ``MissingDependencyError``, whose
message says ``pip install tqdm``.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import AsyncIterable, Iterable, Mapping
from types import TracebackType
from typing import IO, Any

from ._notebook import in_notebook, widgets_available
from .errors import InvalidResponseError, MissingDependencyError
from .types import ProgressResponse

__all__ = [
    "PROGRESS_EXTRA_MESSAGE",
    "ProgressBars",
    "byte_bar",
    "progress_file",
    "require_tqdm",
    "track",
    "track_async",
]

PROGRESS_EXTRA_MESSAGE = "progress bars need tqdm: pip install tqdm (the [progress] extra)"
"""The message of the ``MissingDependencyError`` raised when tqdm is not installed."""


def require_tqdm() -> Any:
    """The ``tqdm`` class: ``tqdm.auto``'s (a widget in Jupyter when ipywidgets is installed),
    text bars otherwise. In a notebook without ipywidgets the text bars are chosen directly, so
    tqdm never warns that ``IProgress`` is missing.

    Raises:
        MissingDependencyError: tqdm is not installed (an ``ImportError`` subclass).
    """
    name = "tqdm.std" if in_notebook() and not widgets_available() else "tqdm.auto"
    try:
        module = importlib.import_module(name)
    except ImportError as error:
        raise MissingDependencyError(PROGRESS_EXTRA_MESSAGE) from error
    return module.tqdm


def progress_file() -> IO[str]:
    """Where bars and status lines go: standard error in a terminal (stdout stays clean for
    pipes), standard output in a notebook (Jupyter paints stderr as errors).
    """
    return sys.stdout if in_notebook() else sys.stderr


class ProgressBars:
    """Renders the reports of one pull, push or create: a byte bar per layer, status lines above.

    Feed it every report with ``update``; use it as a context manager (or call
    ``close``) so that unfinished bars are closed at the end.

    Args:
        file: Where to draw (default: ``progress_file()`` at construction time: stderr, or
            stdout in a notebook).
        disable: Draw nothing at all (bars and status lines).
        **tqdm_options: Passed to every bar (e.g. ``leave=False``, ``ncols=80``, ``colour``).

    Raises:
        MissingDependencyError: tqdm is not installed.
    """

    def __init__(self, *, file: IO[str] | None = None, disable: bool = False, **tqdm_options: Any) -> None:
        self._tqdm = require_tqdm()
        self._file: IO[str] = file if file is not None else progress_file()
        self._disable = disable
        self._options = tqdm_options
        self._bars: dict[str, Any] = {}
        self._done: set[str] = set()
        self._last_status: str | None = None
        self._closed = False

    @property
    def bars(self) -> Mapping[str, Any]:
        """The tqdm bar of each digest seen so far, open or closed (``.n``, ``.total``, ``.desc``)."""
        return dict(self._bars)

    def update(self, progress: ProgressResponse) -> None:
        """Show one report: move its layer's bar to ``completed``, or print its status line.

        ``completed`` is the absolute byte count of the layer (not a delta). A report whose
        ``completed`` reaches ``total`` closes that layer's bar, which stays on screen.
        """
        if self._closed:
            raise ValueError("update() called on closed ProgressBars")
        if progress.digest:
            self._advance(progress)
        elif progress.status:
            self._write_status(progress.status)

    def _write_status(self, status: str) -> None:
        if status == self._last_status or self._disable:
            return
        self._last_status = status
        self._tqdm.write(status, file=self._file)

    def _advance(self, progress: ProgressResponse) -> None:
        digest = progress.digest or ""
        bar = self._bars.get(digest)
        if bar is None:
            bar = self._bars[digest] = self._new_bar(progress)
        elif digest in self._done:
            if (progress.completed or 0) >= (bar.total or 0):
                return  # the layer was finished already; repeated reports change nothing
            self._done.discard(digest)  # the server starts the layer over (e.g. after a digest mismatch)
            bar = self._bars[digest] = self._new_bar(progress)
        self._last_status = None
        if progress.total is not None and progress.total != bar.total:
            bar.total = progress.total
            bar.refresh()
        if progress.status and progress.status != getattr(bar, "desc", None):
            bar.set_description_str(progress.status, refresh=False)
        completed = progress.completed or 0
        if completed != bar.n:
            bar.update(completed - bar.n)
        if bar.total is not None and completed >= bar.total:
            self._finish(digest)

    def _new_bar(self, progress: ProgressResponse) -> Any:
        options: dict[str, Any] = {
            "desc": progress.status or (progress.digest or "")[:19],
            "total": progress.total,
            "unit": "B",
            "unit_scale": True,
            "unit_divisor": 1000,  # decimal, like the sizes of `list` and `show`
            "file": self._file,
            "disable": self._disable,
            "leave": True,
        }
        options.update(self._options)
        return self._tqdm(**options)

    def _finish(self, digest: str) -> None:
        self._done.add(digest)
        self._bars[digest].close()

    def close(self) -> None:
        """Close every bar that is still open (they stay on screen where they stopped)."""
        if self._closed:
            return
        self._closed = True
        for digest in [digest for digest in self._bars if digest not in self._done]:
            self._finish(digest)

    def __enter__(self) -> ProgressBars:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


def track(items: Iterable[ProgressResponse], **bar_options: Any) -> ProgressResponse:
    """Consume a progress stream while drawing it; return its last report.

    Args:
        items: Progress reports, e.g. ``ModelManagementAPI().pull(name, stream=True)``. If it
            has a ``close()`` method (a ``Stream`` does), it is called
            when tracking ends, also on errors and Ctrl-C.
        **bar_options: Passed to ``ProgressBars`` (``file``, ``disable``, tqdm options).

    Returns:
        The last report (``status == "success"`` for a completed transfer).

    Raises:
        MissingDependencyError: tqdm is not installed (raised before the stream is read).
        InvalidResponseError: The stream held no report at all.
        OllamaError: Whatever the stream raises (``StreamError``, ``ConnectionError``...).
    """
    last: ProgressResponse | None = None
    try:
        with ProgressBars(**bar_options) as bars:
            for item in items:
                bars.update(item)
                last = item
    finally:
        close = getattr(items, "close", None)
        if callable(close):
            close()
    return _final(last)


async def track_async(items: AsyncIterable[ProgressResponse], **bar_options: Any) -> ProgressResponse:
    """``track`` for an async stream, e.g. ``await AsyncModelManagementAPI().pull(name, stream=True)``.

    If ``items`` has an ``aclose()`` coroutine method (an ``AsyncStream``
    does), it is awaited when tracking ends.
    """
    last: ProgressResponse | None = None
    try:
        with ProgressBars(**bar_options) as bars:
            async for item in items:
                bars.update(item)
                last = item
    finally:
        aclose = getattr(items, "aclose", None)
        if callable(aclose):
            await aclose()
    return _final(last)


def _final(last: ProgressResponse | None) -> ProgressResponse:
    if last is None:
        raise InvalidResponseError("the progress stream ended without a single report")
    return last


def byte_bar(description: str, total: int, **tqdm_options: Any) -> Any:
    """One tqdm bar counting bytes (hashing or uploading a blob).

    Raises:
        MissingDependencyError: tqdm is not installed.
    """
    options: dict[str, Any] = {"file": progress_file(), **tqdm_options}
    return require_tqdm()(total=total, desc=description, unit="B", unit_scale=True, unit_divisor=1000, **options)
