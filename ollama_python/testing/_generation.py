"""Deterministic stand-ins for a language model: tokens, log-probs, JSON values, embeddings."""

from __future__ import annotations

import hashlib
import json
import math
import re
import zlib
from typing import Any

__all__ = [
    "tokenize",
    "token_ids",
    "logprob_entry",
    "schema_value",
    "tool_arguments",
    "call_id",
    "embedding",
    "normalise",
]

_TOKEN = re.compile(r"\s*\S+|\s+")
_ALNUM = "0123456789abcdefghijklmnopqrstuvwxyz"


def tokenize(text: str) -> list[str]:
    """Split ``text`` into word-ish tokens whose concatenation is exactly ``text``."""
    return _TOKEN.findall(text)


def token_ids(text: str) -> list[int]:
    """Return deterministic fake token ids for ``text``."""
    return [zlib.crc32(token.encode("utf-8")) % 128000 + 1 for token in tokenize(text)]


def _logprob(token: str, rank: int = 0) -> float:
    base = (zlib.crc32(token.encode("utf-8")) % 2000) / 1000.0
    return -round(base + rank * 1.25, 4)


def logprob_entry(token: str, top: int = 0) -> dict[str, Any]:
    """Return a ``logprobs`` element for ``token`` with ``top`` alternatives.

    Args:
        token: The generated token.
        top: Number of ``top_logprobs`` entries (0 omits the field).
    """

    def entry(text: str, rank: int) -> dict[str, Any]:
        item: dict[str, Any] = {"token": text, "logprob": _logprob(token, rank)}
        if text:
            item["bytes"] = list(text.encode("utf-8"))
        return item

    result = entry(token, 0)
    if top > 0:
        alternatives = [entry(token, 0)]
        for rank in range(1, top):
            alternatives.append(entry(f"{token.strip() or token}#{rank}", rank))
        result["top_logprobs"] = alternatives
    return result


def schema_value(schema: Any, depth: int = 0) -> Any:
    """Return a simple value satisfying (the common parts of) a JSON Schema.

    Objects get their ``required`` properties (all properties when ``required`` is absent);
    strings are ``"example"``, integers ``1``, numbers ``1.5``, booleans ``true``, arrays
    hold one item, enums take their first value.
    """
    if not isinstance(schema, dict) or depth > 8:
        return "example"
    enum = schema.get("enum")
    if isinstance(enum, list) and enum:
        return enum[0]
    if "const" in schema:
        return schema["const"]
    for key in ("anyOf", "oneOf", "allOf"):
        options = schema.get(key)
        if isinstance(options, list) and options:
            return schema_value(options[0], depth + 1)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind is None:
        kind = "object" if "properties" in schema else "array" if "items" in schema else "string"
    if kind == "object":
        properties = schema.get("properties")
        if not isinstance(properties, dict):
            properties = {}
        required = schema.get("required")
        keys = [k for k in required if isinstance(k, str)] if isinstance(required, list) else list(properties)
        return {key: schema_value(properties.get(key, {}), depth + 1) for key in keys}
    if kind == "array":
        items = schema.get("items")
        return [schema_value(items, depth + 1)] if isinstance(items, dict) else []
    if kind == "integer":
        minimum = schema.get("minimum")
        return int(minimum) if isinstance(minimum, (int, float)) and not isinstance(minimum, bool) else 1
    if kind == "number":
        return 1.5
    if kind == "boolean":
        return True
    if kind == "null":
        return None
    return "example"


def tool_arguments(function: dict[str, Any]) -> dict[str, Any]:
    """Build the ``arguments`` object for a call to ``function`` (its required parameters)."""
    parameters = function.get("parameters") if isinstance(function, dict) else None
    if not isinstance(parameters, dict):
        return {}
    properties = parameters.get("properties")
    required = parameters.get("required")
    if not isinstance(properties, dict):
        properties = {}
    if not isinstance(required, list):
        required = []
    return {key: schema_value(properties.get(key, {})) for key in required if isinstance(key, str)}


def call_id(seed: str) -> str:
    """Return a deterministic tool-call id: ``call_`` + 8 lowercase alphanumerics."""
    number = int.from_bytes(hashlib.sha256(seed.encode("utf-8")).digest()[:8], "big")
    chars = []
    for _ in range(8):
        number, digit = divmod(number, 36)
        chars.append(_ALNUM[digit])
    return "call_" + "".join(chars)


def normalise(vector: list[float]) -> list[float]:
    """Scale ``vector`` to unit L2 norm (values rounded like float32 output)."""
    norm = math.sqrt(sum(v * v for v in vector))
    if norm == 0:
        return list(vector)
    return [float(f"{v / norm:.8g}") for v in vector]


def embedding(text: str, length: int, *, normalised: bool = True, dimensions: int | None = None) -> list[float]:
    """Return a deterministic embedding of ``text``.

    Args:
        text: Input text.
        length: Full vector length.
        normalised: L2-normalise the result (``/api/embed``) or not (``/api/embeddings``).
        dimensions: When ``0 < dimensions < length`` keep that many leading components
            (re-normalised when ``normalised``).
    """
    values: list[float] = []
    block = 0
    while len(values) < length:
        digest = hashlib.sha256(f"{block}\x00{text}".encode()).digest()
        for offset in range(0, 32, 4):
            word = int.from_bytes(digest[offset : offset + 4], "big")
            values.append(word / 2147483648.0 - 1.0)
        block += 1
    values = values[:length]
    if normalised:
        values = normalise(values)
    if dimensions is not None and 0 < dimensions < len(values):
        values = values[:dimensions]
        if normalised:
            values = normalise(values)
    if not normalised:
        values = [float(f"{v:.12g}") for v in values]
    return values


def dumps_answer(value: Any) -> str:
    """Serialise a structured-output answer the way a model typically writes it."""
    return json.dumps(value, ensure_ascii=False)
