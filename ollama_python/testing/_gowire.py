"""Helpers that reproduce how Ollama's Go server encodes and decodes values on the wire."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Mapping
from typing import Any

__all__ = [
    "ApiError",
    "encode_json",
    "rfc3339",
    "now_ns",
    "decode_body",
    "check_fields",
    "parse_keep_alive",
    "parse_think",
    "base64_error",
    "INFINITE_NS",
]

INFINITE_NS = (1 << 63) - 1
"""Go's maximum ``time.Duration`` (about 292 years), used for "keep loaded forever"."""


class ApiError(Exception):
    """An error answered as ``{"error": message}`` with ``status`` by the fake server."""

    def __init__(self, status: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.extra = extra

    def body(self) -> dict[str, Any]:
        """Return the JSON error body."""
        return {"error": self.message, **self.extra}


_HTML_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def encode_json(value: Any) -> bytes:
    """Encode like Go's ``encoding/json``: compact, UTF-8, HTML characters escaped."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    for raw, escaped in _HTML_ESCAPES:
        if raw in text:
            text = text.replace(raw, escaped)
    return text.encode("utf-8")


_clock_lock = threading.Lock()
_last_ns = 0


def now_ns() -> int:
    """Return the wall clock in nanoseconds, strictly increasing between calls."""
    global _last_ns
    with _clock_lock:
        value = time.time_ns()
        if value <= _last_ns:
            value = _last_ns + 1
        _last_ns = value
        return value


def rfc3339(ns: int) -> str:
    """Format Unix nanoseconds like Go's ``time.RFC3339Nano`` in UTC (trailing zeros trimmed).

    Args:
        ns: Nanoseconds since the Unix epoch.

    Returns:
        e.g. ``"2025-10-17T23:14:07.414671123Z"``.
    """
    seconds, fraction = divmod(ns, 1_000_000_000)
    base = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds))
    if fraction:
        return f"{base}.{fraction:09d}".rstrip("0") + "Z"
    return base + "Z"


# ---------------------------------------------------------------------------------------------
# Request body decoding with Go-like error messages


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "null"


def _syntax_message(err: json.JSONDecodeError, text: str) -> str:
    pos = err.pos
    if pos >= len(text.rstrip()):
        return "unexpected EOF"
    char = text[pos]
    shown = "'" + char + "'" if char != "'" else "'\\''"
    msg = err.msg
    if msg.startswith("Expecting property name"):
        return f"invalid character {shown} looking for beginning of object key string"
    if msg.startswith("Expecting ':'"):
        return f"invalid character {shown} after object key"
    if msg.startswith("Expecting ',' delimiter"):
        before = text[:pos].rstrip()
        in_array = before.rfind("[") > before.rfind("{")
        where = "array element" if in_array else "object key:value pair"
        return f"invalid character {shown} after {where}"
    if msg.startswith("Extra data"):
        return f"invalid character {shown} after top-level value"
    if msg.startswith("Invalid control character"):
        return f"invalid character {shown} in string literal"
    if msg.startswith("Invalid \\escape") or msg.startswith("Invalid \\u"):
        return f"invalid character {shown} in string escape code"
    return f"invalid character {shown} looking for beginning of value"


def decode_body(body: bytes, struct: str) -> dict[str, Any]:
    """Decode a JSON request body the way Ollama's gin handlers do.

    Args:
        body: Raw request body.
        struct: Go struct name used in type-error messages, e.g. ``"GenerateRequest"``.

    Returns:
        The decoded object (``{}`` for a JSON ``null``).

    Raises:
        ApiError: 400 ``missing request body`` for an empty body, 400 with a Go decoder
            message for malformed JSON or a non-object value.
    """
    text = body.decode("utf-8", errors="replace")
    if not text.strip():
        raise ApiError(400, "missing request body")
    try:
        value = json.loads(text)
    except json.JSONDecodeError as err:
        raise ApiError(400, _syntax_message(err, text)) from None
    except ValueError:  # pragma: no cover - defensive
        raise ApiError(400, "invalid character looking for beginning of value") from None
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ApiError(400, f"json: cannot unmarshal {_json_kind(value)} into Go value of type api.{struct}")
    return value


# Field type codes for check_fields: s=string b=bool i=int f=float o=object a=any-array
# []s / []i = list of strings / ints, {s} = map of strings, []o = list of objects, * = anything.
_GO_TYPES = {
    "s": "string",
    "b": "bool",
    "i": "int",
    "f": "float64",
    "o": "map[string]interface {}",
    "[]s": "[]string",
    "[]i": "[]int",
    "[]img": "[]api.ImageData",
    "{s}": "map[string]string",
    "[]msg": "[]api.Message",
    "[]tool": "api.Tools",
    "[]call": "[]api.ToolCall",
}


def _type_error(value: Any, where: str, code: str) -> ApiError:
    kind = _json_kind(value)
    if kind == "number" and code == "i":
        kind = f"number {value}"
    return ApiError(400, f"json: cannot unmarshal {kind} into Go struct field {where} of type {_GO_TYPES[code]}")


def _check_value(value: Any, code: str, where: str) -> None:
    if value is None or code == "*":
        return
    if code == "s":
        ok = isinstance(value, str)
    elif code == "b":
        ok = isinstance(value, bool)
    elif code == "i":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if ok and isinstance(value, float) and not value.is_integer():
            ok = False
    elif code == "f":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    elif code == "o":
        ok = isinstance(value, dict)
    elif code in ("[]s", "[]img"):
        ok = isinstance(value, list) and all(v is None or isinstance(v, str) for v in value)
        if isinstance(value, list) and not ok:
            bad = next(v for v in value if not (v is None or isinstance(v, str)))
            raise _type_error(bad, where, "s" if code == "[]s" else "[]img")
    elif code == "[]i":
        if isinstance(value, list):
            for item in value:
                _check_value(item, "i", where)
            return
        ok = False
    elif code == "{s}":
        ok = isinstance(value, dict)
        if ok:
            for item in value.values():
                _check_value(item, "s", where)
    elif code == "[]msg":
        ok = isinstance(value, list)
        if ok:
            for item in value:
                if item is None:
                    continue
                if not isinstance(item, dict):
                    raise _type_error(item, where, "[]msg")
                check_fields(item, "Message", _MESSAGE_FIELDS, prefix=where)
    elif code == "[]tool":
        ok = isinstance(value, list) and all(v is None or isinstance(v, dict) for v in value)
    elif code == "[]call":
        ok = isinstance(value, list) and all(v is None or isinstance(v, dict) for v in value)
        if ok:
            for call in value:
                function = (call or {}).get("function")
                if function is not None and not isinstance(function, dict):
                    raise ApiError(
                        400,
                        f"json: cannot unmarshal {_json_kind(function)} into Go struct field "
                        f"{where}.function of type api.ToolCallFunction",
                    )
                arguments = (function or {}).get("arguments")
                if arguments is not None and not isinstance(arguments, dict):
                    raise ApiError(
                        400,
                        f"json: cannot unmarshal {_json_kind(arguments)} into Go struct field "
                        f"{where}.function.arguments of type api.ToolCallFunctionArguments",
                    )
    else:  # pragma: no cover - programming error
        raise AssertionError(code)
    if not ok:
        raise _type_error(value, where, code)


_MESSAGE_FIELDS = {
    "role": "s",
    "content": "s",
    "thinking": "s",
    "images": "[]img",
    "tool_calls": "[]call",
    "tool_name": "s",
    "tool_call_id": "s",
}


def check_fields(body: Mapping[str, Any], struct: str, fields: Mapping[str, str], prefix: str = "") -> None:
    """Validate JSON value types against a Go struct description.

    Args:
        body: Decoded JSON object.
        struct: Go struct name for messages (``"ChatRequest"``).
        fields: Map of JSON key to type code (see ``_GO_TYPES``).
        prefix: Field path prefix for nested structs (``"ChatRequest.messages"``).

    Raises:
        ApiError: 400 ``json: cannot unmarshal ... into Go struct field ...``.
    """
    base = prefix or struct
    for key, code in fields.items():
        if key in body:
            _check_value(body[key], code, f"{base}.{key}")


# ---------------------------------------------------------------------------------------------
# keep_alive / think


_UNITS = {
    "ns": 1,
    "us": 1_000,
    "\u00b5s": 1_000,
    "\u03bcs": 1_000,
    "ms": 1_000_000,
    "s": 1_000_000_000,
    "m": 60_000_000_000,
    "h": 3_600_000_000_000,
}
_DURATION_PART = re.compile(r"(\d*\.?\d*)([^\d.]*)")


def _parse_go_duration(text: str) -> int:
    original = text
    quoted = json.dumps(original, ensure_ascii=False)
    sign = 1
    if text[:1] in "+-" and text:
        sign = -1 if text[0] == "-" else 1
        text = text[1:]
    if text == "0":
        return 0
    if not text:
        raise ApiError(400, f"time: invalid duration {quoted}")
    total = 0.0
    pos = 0
    while pos < len(text):
        match = _DURATION_PART.match(text, pos)
        if match is None:
            raise ApiError(400, f"time: invalid duration {quoted}")
        number, unit = match.group(1), match.group(2)
        if not number or number == ".":
            raise ApiError(400, f"time: invalid duration {quoted}")
        if not unit:
            raise ApiError(400, f"time: missing unit in duration {quoted}")
        if unit not in _UNITS:
            raise ApiError(400, f"time: unknown unit {json.dumps(unit, ensure_ascii=False)} in duration {quoted}")
        total += float(number) * _UNITS[unit]
        pos = match.end()
    return sign * int(total)


def parse_keep_alive(value: Any) -> int | None:
    """Parse a ``keep_alive`` request value.

    Args:
        value: The JSON value (absent/``None``, number of seconds or Go duration string).

    Returns:
        ``None`` when unset, otherwise nanoseconds (negative means "forever").

    Raises:
        ApiError: 400 with Go's message for malformed values.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ApiError(400, "Unsupported type: 'bool'")
    if isinstance(value, (int, float)):
        return int(value * 1_000_000_000)
    if isinstance(value, str):
        return _parse_go_duration(value)
    go_type = "map[string]interface {}" if isinstance(value, dict) else "[]interface {}"
    raise ApiError(400, f"Unsupported type: '{go_type}'")


_THINK_LEVELS = ("high", "medium", "low", "max")


def parse_think(value: Any) -> Any | None:
    """Validate a ``think`` request value.

    Returns:
        ``None`` (unset), ``True``/``False`` or a level string.

    Raises:
        ApiError: 400 ``invalid think value: ...``.
    """
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and value in _THINK_LEVELS:
        return value
    shown = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else json.dumps(value)
    raise ApiError(400, f'invalid think value: {shown} (must be "high", "medium", "low", "max", true, or false)')


_B64 = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")


def base64_error(text: str) -> str | None:
    """Return Go's ``illegal base64 data at input byte N`` message, or ``None`` if ``text`` is valid.

    Mirrors ``base64.StdEncoding`` (padding required, ``\\r``/``\\n`` ignored).
    """
    data = text.encode("utf-8", errors="surrogatepass")
    cleaned: list[int] = []
    positions: list[int] = []
    for index, byte in enumerate(data):
        if byte in (0x0A, 0x0D):
            continue
        cleaned.append(byte)
        positions.append(index)
    length = len(cleaned)
    for i, byte in enumerate(cleaned):
        if byte == 0x3D:  # '='
            # padding may only appear in the last quantum, at positions 2 or 3
            quantum_start = i - i % 4
            if quantum_start + 4 != length or i % 4 < 2:
                return f"illegal base64 data at input byte {positions[i]}"
            if i % 4 == 2 and (i + 1 >= length or cleaned[i + 1] != 0x3D):
                return f"illegal base64 data at input byte {positions[i]}"
            continue
        if byte not in _B64:
            return f"illegal base64 data at input byte {positions[i]}"
        if i > 0 and cleaned[i - 1] == 0x3D:
            return f"illegal base64 data at input byte {positions[i]}"
    if length % 4:
        return f"illegal base64 data at input byte {positions[length - length % 4]}"
    return None
