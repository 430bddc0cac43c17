"""JSON encoding and decoding: orjson when it is installed (``pip install ollama-python[fast]``).

The results are the same either way for everything an Ollama server sends:
- decoding: orjson handles integers in the signed and unsigned 64-bit range exactly, which covers
  every integer the Go server can send; larger integers (possible only from something else
  answering) would come back as floats. Input orjson refuses but ``json`` accepts (``NaN``,
  ``Infinity``) falls back to ``json``.
- encoding: both refuse NaN and infinities, which JSON cannot carry (orjson alone would write
  ``null``), and both write compact UTF-8.
"""

from __future__ import annotations

import json
import math
from typing import Any

try:
    import orjson
except ImportError:  # the optional extra is not installed
    orjson = None  # type: ignore[assignment]

__all__ = ["dumps", "loads"]

_NOT_FINITE = "Out of range float values are not JSON compliant"


def _std_dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


def _std_loads(data: bytes | bytearray | str) -> Any:
    try:
        return json.loads(data)
    except RecursionError as error:  # thousands of nested brackets: not a reply we can read
        raise ValueError("the JSON nests too deeply to decode") from error


def _has_non_finite(value: Any) -> bool:
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, dict):
        return any(_has_non_finite(item) for item in value.values())
    if isinstance(value, (list, tuple)):
        return any(_has_non_finite(item) for item in value)
    return False


if orjson is not None:
    _orjson_loads = orjson.loads
    _orjson_dumps = orjson.dumps
    _OrjsonError = orjson.JSONDecodeError

    def loads(data: bytes | bytearray | str) -> Any:
        """Decode JSON text; ValueError for anything that is not JSON (or nests too deeply)."""
        try:
            return _orjson_loads(data)
        except _OrjsonError:
            return _std_loads(data)

    def dumps(value: Any) -> bytes:
        """Encode compact UTF-8 JSON; ValueError for NaN or infinities."""
        try:
            encoded = _orjson_dumps(value)
        except TypeError:  # e.g. integers beyond 64 bits, or keys that are not strings
            return _std_dumps(value)
        # orjson writes non-finite floats as null: look for them only when a null was written.
        if b"null" in encoded and _has_non_finite(value):
            raise ValueError(_NOT_FINITE)
        return encoded

else:
    loads = _std_loads
    dumps = _std_dumps
