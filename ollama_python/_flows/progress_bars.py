"""``progress=True``: flows that draw progress bars while an operation runs.

The bars come from ``progress`` (tqdm, the optional ``progress`` extra); they
are created when the flow starts, so a missing extra is reported before anything is sent.
"""

from __future__ import annotations

from typing import Any

from .._request import ApiRequest, Drain, Flow
from ..errors import InvalidResponseError, RequestError
from ..progress import ProgressBars, byte_bar
from ..types import ProgressResponse


def stream_flag(stream: bool, progress: bool) -> bool:
    """Whether to ask the server to stream: always with progress, which reads the stream itself."""
    if progress and stream:
        raise RequestError(
            "progress=True reads the stream itself and returns the final report; pass stream=False",
            argument="progress",
        )
    return stream or bool(progress)


def with_bars(request: ApiRequest[ProgressResponse]) -> Flow[ProgressResponse]:
    """Read a progress stream to its end, one bar per layer; the result is the final report."""
    with ProgressBars() as bars:
        last: ProgressResponse | None = yield Drain(request, bars.update)
    if last is None:
        raise InvalidResponseError("the progress stream ended without a single report", 200)
    return last


def bytes_bar(description: str, total: int, show: bool) -> Any:
    """A byte bar when ``show``, else None."""
    return byte_bar(description, total, leave=False) if show else None
