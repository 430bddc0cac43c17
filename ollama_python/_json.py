"""JSON encoding and decoding: orjson when it is installed (``pip install ollama-python[fast]``).

Results are identical either way: input orjson refuses but the standard library accepts (NaN,
integers beyond 64 bits) falls back to :mod:`json`.
"""

from __future__ import annotations

import json
from typing import Any

try:
    import orjson
except ImportError:  # the optional extra is not installed
    orjson = None  # type: ignore[assignment]

__all__ = ["dumps", "loads"]


def _std_dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


if orjson is not None:
    _orjson_loads = orjson.loads
    _orjson_dumps = orjson.dumps
    _OrjsonError = orjson.JSONDecodeError

    def loads(data: bytes | str) -> Any:
        """Decode JSON text."""
        try:
            return _orjson_loads(data)
        except _OrjsonError:
            return json.loads(data)

    def dumps(value: Any) -> bytes:
        """Encode compact UTF-8 JSON."""
        try:
            return _orjson_dumps(value)
        except TypeError:  # e.g. integers beyond 64 bits, or non-string keys
            return _std_dumps(value)

else:
    loads = json.loads
    dumps = _std_dumps
