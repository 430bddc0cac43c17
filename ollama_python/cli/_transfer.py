"""Following the progress of pull, push and create: tqdm bars, plain lines, or NDJSON.

Progress goes to stderr so that stdout stays clean for scripts; with ``--json`` every report
goes to stdout as one JSON line instead. Bars need the ``progress`` extra (tqdm); without it
the same reports are printed as plain status lines, so these commands never fail for lack of it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import IO, Protocol

from .._humanize import human_size
from ..errors import InvalidResponseError, MissingDependencyError
from ..progress import ProgressBars, require_tqdm
from ..types import ProgressResponse
from ._output import Output

__all__ = ["PlainProgress", "bars_available", "follow"]

_STEP = 10  # plain mode prints a layer's line every 10 %


class _Renderer(Protocol):
    def update(self, progress: ProgressResponse) -> None: ...

    def close(self) -> None: ...


class PlainProgress:
    """Progress as plain lines: each status once, and each layer at every 10 % it passes."""

    def __init__(self, file: IO[str]) -> None:
        self._file = file
        self._last_status: str | None = None
        self._layer_steps: dict[str, int] = {}

    def update(self, progress: ProgressResponse) -> None:
        """Print the report if it says something new."""
        if progress.digest:
            self._layer(progress)
        elif progress.status and progress.status != self._last_status:
            self._print(progress.status)
        self._last_status = progress.status

    def _layer(self, progress: ProgressResponse) -> None:
        total, completed = progress.total or 0, progress.completed or 0
        percent = min(100, completed * 100 // total) if total else 0
        step = percent // _STEP
        if self._layer_steps.get(progress.digest or "") == step:
            return
        self._layer_steps[progress.digest or ""] = step
        size = f"{human_size(completed)}/{human_size(total)}" if total else human_size(completed)
        self._print(f"{progress.status} {percent:3d}% {size}")

    def _print(self, text: str) -> None:
        print(text, file=self._file, flush=True)

    def close(self) -> None:
        """Nothing to clean up (present for symmetry with the bars)."""


def bars_available() -> bool:
    """Whether tqdm (the ``progress`` extra) is installed, so bars can be drawn."""
    try:
        require_tqdm()
    except MissingDependencyError:
        return False
    return True


def _renderer(file: IO[str]) -> _Renderer:
    try:
        return ProgressBars(file=file, dynamic_ncols=True)  # a narrow or resized terminal: bars follow its width
    except MissingDependencyError:
        return PlainProgress(file)


def follow(reports: Iterable[ProgressResponse], output: Output) -> ProgressResponse:
    """Show every report of a progress stream; return the last one.

    Raises:
        InvalidResponseError: The stream held no report.
        Whatever the stream raises (``StreamError`` for a failed pull...).
    """
    last: ProgressResponse | None = None
    if output.json:
        for last in reports:
            output.record(last)
    else:
        renderer = _renderer(sys.stderr)
        try:
            for last in reports:
                renderer.update(last)
        finally:
            renderer.close()
    if last is None:
        raise InvalidResponseError("the server's progress stream was empty")
    return last
