"""``/api/embed`` replies parsed straight into a float32 NumPy array as they arrive.

A 256 x 4096 reply is about 12 MB of text; decoding it whole makes a million Python floats
(~35 MB) before any array exists. This reader cuts the ``embeddings`` array into rows while the
body streams in, turns each row into float32 at once, and never holds the whole body: only one
read and the rows parsed so far.
"""

from __future__ import annotations

import re
from typing import Any

from . import _json
from .errors import InvalidResponseError, MissingDependencyError
from .types import EmbedArrayResponse

_EMBEDDINGS_KEY = re.compile(rb'"embeddings"\s*:\s*\[')
_SPACE = b" \t\r\n,"


def require_numpy() -> Any:
    """The numpy module, or a clear error naming the extra to install."""
    try:
        import numpy
    except ImportError as missing:
        raise MissingDependencyError("as_numpy=True needs numpy: pip install numpy (the [numpy] extra)") from missing
    return numpy


class EmbeddingArrayReader:
    """A ``BodyReader`` producing an ``EmbedArrayResponse``.

    Args:
        expected_rows: How many vectors the request asked for; the array is allocated once, at
            that size, when the first row shows the width, and rows are written into it in place.
    """

    def __init__(self, expected_rows: int = 0) -> None:
        self._np = require_numpy()
        self._expected = expected_rows
        self._array: Any = None
        self._count = 0
        self._surplus: list[Any] = []  # rows beyond the expected count (a server answering oddly)
        self._buffer = b""
        self._pending = bytearray()  # the body before the embeddings array, until its key is found
        self._searched = 0  # how much of it is known not to start the key
        self._head = b""  # the JSON before "embeddings"
        self._tail: list[bytes | bytearray] = []  # the JSON after the embeddings array
        self._state = "head"

    def feed(self, data: bytes | bytearray) -> None:
        """Take the next piece of the body; each byte is looked at a bounded number of times, so a
        large field before or after the embeddings costs linear time.
        """
        if self._state == "tail":
            self._tail.append(data)
            return
        if self._state == "head":
            self._pending += data
            match = self._find_key()
            if match is None:
                return
            self._head, self._buffer = bytes(self._pending[: match.start()]), bytes(self._pending[match.end() :])
            self._pending = bytearray()
            self._state = "rows"
        else:
            self._buffer += data
        self._take_rows()

    def _find_key(self) -> re.Match[bytes] | None:
        """The ``"embeddings": [`` key in what came so far, searching only bytes not searched before."""
        while True:
            start = self._pending.find(b'"embeddings"', self._searched)
            if start == -1:
                self._searched = max(0, len(self._pending) - len(b'"embeddings"'))
                return None
            match = _EMBEDDINGS_KEY.match(self._pending, start)
            if match is not None:
                return match
            if not self._pending[start + len(b'"embeddings"') :].strip(b" \t\r\n:"):
                self._searched = start  # the rest of the key may still be coming
                return None
            self._searched = start + 1

    def _take_rows(self) -> None:
        buffer, position = self._buffer, 0
        while True:
            while position < len(buffer) and buffer[position] in _SPACE:
                position += 1
            if position == len(buffer):
                break
            if buffer[position] == ord("]"):  # the end of the embeddings array
                self._state, self._tail = "tail", [buffer[position + 1 :]]
                self._buffer = b""
                return
            end = buffer.find(b"]", position)
            if end == -1:
                break
            self._add(self._values(buffer[position : end + 1]))
            position = end + 1
        self._buffer = buffer[position:]

    def _values(self, text: bytes) -> Any:
        try:
            return _json.loads(text)
        except ValueError as error:
            raise InvalidResponseError(
                f"an item of the reply's 'embeddings' field is not a list of numbers: {text[:80]!r}", 200
            ) from error

    def _add(self, values: Any) -> None:
        if not isinstance(values, list):
            raise InvalidResponseError(f"an item of the reply's 'embeddings' field is not a list: {values!r:.80}", 200)
        if self._array is None:
            self._array = self._np.empty((max(self._expected, 1), len(values)), dtype=self._np.float32)
        if len(values) != self._array.shape[1]:
            raise InvalidResponseError("the reply's 'embeddings' field has vectors of different lengths", 200)
        try:
            if self._count < len(self._array):
                self._array[self._count] = values  # converted in place: no float objects kept
            else:
                self._surplus.append(self._np.array(values, dtype=self._np.float32))
        except (ValueError, TypeError) as error:
            raise InvalidResponseError(
                f"an item of the reply's 'embeddings' field is not a list of numbers: {values!r:.80}", 200
            ) from error
        self._count += 1

    def finish(self) -> EmbedArrayResponse:
        """The response, once the whole body was fed."""
        if self._state == "head":  # no embeddings key: decode what came (an error shape, or an old server)
            data = _loads(bytes(self._pending))
            if data.get("embeddings") is None:  # never an empty array that looks like an answer
                arrived = ", ".join(map(repr, data)) or "none"
                raise InvalidResponseError(
                    f"the reply of /api/embed has no 'embeddings' field, which carries the answer "
                    f"(keys that arrived: {arrived}); is the server Ollama-compatible?",
                    200,
                )
            for row in data.pop("embeddings", None) or []:
                self._add(row)
        elif self._state == "rows":
            raise InvalidResponseError("the embed reply ended inside its 'embeddings' array", 200)
        else:
            data = _loads(b"".join([self._head, b'"embeddings":[]', *self._tail]))
        data.pop("embeddings", None)
        response = EmbedArrayResponse.from_wire(data)
        response.embeddings = self._result()
        return response

    def _result(self) -> Any:
        if self._array is None:
            return self._np.empty((0, 0), dtype=self._np.float32)
        rows = self._array[: self._count]  # a view: fewer rows than asked for costs no copy
        return self._np.vstack([rows, *self._surplus]) if self._surplus else rows


def _loads(body: bytes) -> dict[str, Any]:
    try:
        data = _json.loads(body)
    except ValueError:
        raise InvalidResponseError(f"the embed reply is not JSON: {body[:200]!r}", 200) from None
    if not isinstance(data, dict):
        raise InvalidResponseError(f"the embed reply is not a JSON object: {body[:200]!r}", 200)
    return data
