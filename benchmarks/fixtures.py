"""Deterministic Ollama replies for the benchmark server (nginx serves them as files).

Every reply has the shape a real Ollama server sends (see shared/ollama-api.md):

* ``generate.json``: a small non-streamed ``/api/generate`` reply (§3.1);
* ``chat.ndjson``: a streamed ``/api/chat`` reply of :data:`CHAT_CHUNKS` lines (§3.2), content deltas
  then a final ``done`` chunk with ``done_reason`` and the metrics (§2.8); ``chat_lines.json`` holds
  the same lines as a JSON array of strings, which nginx's njs module preloads to send one HTTP chunk
  per line;
* ``embed.json``: a ``/api/embed`` reply with :data:`EMBED_INPUTS` x :data:`EMBED_DIMS` L2-normalised
  float32 values written the way Go's ``encoding/json`` writes ``[]float32`` (§3.3);
* ``tags.json``: a ``/api/tags`` model list (§5.4);
* ``embed_rows.json``: :data:`BATCH_ROWS` float32 rows of :data:`BATCH_DIMS` values as JSON texts,
  from which the batch server (``chat_stream.js``) answers ``/api/embed`` with one row per input.

Timestamps are RFC 3339 UTC with nanoseconds and ``Z``, trailing zeros trimmed as Go's
``time.RFC3339Nano`` does. The same seed always gives the same bytes.

Run ``python benchmarks/fixtures.py DIR`` to write them (the benchmark does this itself).
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import struct
import sys
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

__all__ = [
    "CHAT_CHUNKS",
    "CHAT_MODEL",
    "EMBED_DIMS",
    "EMBED_INPUTS",
    "EMBED_MODEL",
    "GENERATE_TEXT",
    "PROMPT",
    "chat_lines",
    "embed_reply",
    "embed_rows",
    "generate_reply",
    "go_float32",
    "tags_reply",
    "fixtures_current",
    "write_fixtures",
]

CHAT_MODEL = "llama3.2"
EMBED_MODEL = "all-minilm"
CHAT_CHUNKS = 20_000
EMBED_INPUTS = 256
EMBED_DIMS = 4096
BATCH_ROWS = 16
BATCH_DIMS = 384  # all-minilm's size
SEED = 20251017
PROMPT = "Why is the sky blue?"
GENERATE_TEXT = (
    "The sky is blue because of Rayleigh scattering: molecules in the air scatter short (blue) "
    "wavelengths of sunlight much more strongly than long (red) ones, so blue light reaches your "
    "eyes from every direction of the sky."
)
_START_NS = 1_760_742_847_301_873_123  # 2025-10-17T23:14:07.301873123Z
_TEXT = (
    "The sky appears blue because sunlight is scattered by the molecules of air , and shorter "
    "wavelengths scatter more than longer ones ; this is called Rayleigh scattering . At sunset "
    "light travels through more atmosphere so reds and oranges dominate <b> & </b> \u00e9t\u00e9 \u2014 "
    "\u65e5\u672c"
)
_WORDS = _TEXT.split()


def _compact(value: Any) -> str:
    """JSON the way Go writes it: compact, UTF-8, with ``<``, ``>`` and ``&`` escaped."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def go_timestamp(nanoseconds: int) -> str:
    """``time.Time`` as Go's JSON encoder writes it in UTC: RFC 3339, up to 9 digits, ``Z``."""
    seconds, fraction = divmod(nanoseconds, 1_000_000_000)
    stamp = datetime.fromtimestamp(seconds, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    digits = f"{fraction:09d}".rstrip("0")
    return f"{stamp}.{digits}Z" if digits else f"{stamp}Z"


def _to_float32(value: float) -> float:
    return struct.unpack("<f", struct.pack("<f", value))[0]  # type: ignore[no-any-return]


def go_float32(value: float) -> str:
    """A float32 as Go's ``encoding/json`` writes it: the shortest digits that round-trip.

    Positional notation for magnitudes in [1e-6, 1e21), exponent notation (``1.5e-07`` becomes
    ``1.5e-7``) otherwise. ``value`` must already be a float32 value (see :func:`_to_float32`).
    """
    if value == 0:
        return "0"
    precision = 6  # most float32 values need 7-9 significant digits: start near there
    text = f"{value:.{precision}e}"
    if _to_float32(float(text)) == value:
        while precision > 0 and _to_float32(float(shorter := f"{value:.{precision - 1}e}")) == value:
            precision, text = precision - 1, shorter
    else:
        while _to_float32(float(text)) != value:
            precision += 1
            text = f"{value:.{precision}e}"
    mantissa, exponent_text = text.split("e")
    exponent = int(exponent_text)
    if 1e-6 <= abs(value) < 1:
        sign, digits = ("-", mantissa[1:]) if mantissa[0] == "-" else ("", mantissa)
        return f"{sign}0.{'0' * (-exponent - 1)}{digits.replace('.', '').rstrip('0')}"
    if 1 <= abs(value) < 1e21:
        return format(Decimal(text), "f")
    return f"{mantissa}e{exponent:+d}"


def generate_reply() -> dict[str, Any]:
    """A non-streamed ``/api/generate`` reply: concatenated text, ``context`` and metrics."""
    return {
        "model": CHAT_MODEL,
        "created_at": go_timestamp(_START_NS + 113_045_321),
        "response": GENERATE_TEXT,
        "done": True,
        "done_reason": "stop",
        "context": [128006, 882, 128007, 271, *range(10_000, 10_036), 128009],
        "total_duration": 174_560_334,
        "load_duration": 101_397_084,
        "prompt_eval_count": 31,
        "prompt_eval_duration": 13_074_791,
        "eval_count": 41,
        "eval_duration": 52_479_709,
    }


def chat_lines(count: int = CHAT_CHUNKS, seed: int = SEED) -> list[bytes]:
    """The lines of a streamed ``/api/chat`` reply, each ending in ``\\n``; the last one is ``done``."""
    rng = random.Random(seed)
    lines = []
    now = _START_NS
    for index in range(count - 1):
        now += rng.randrange(6_000_000, 14_000_000)  # 6-14 ms per token
        word = rng.choice(_WORDS)
        content = "\n\n" if index % 97 == 96 else (word if index == 0 else " " + word)
        chunk = {
            "model": CHAT_MODEL,
            "created_at": go_timestamp(now),
            "message": {"role": "assistant", "content": content},
            "done": False,
        }
        lines.append(_compact(chunk).encode() + b"\n")
    now += 9_871_112
    final = {
        "model": CHAT_MODEL,
        "created_at": go_timestamp(now),
        "message": {"role": "assistant", "content": ""},
        "done": True,
        "done_reason": "stop",
        "total_duration": now - _START_NS + 342_546_123,
        "load_duration": 1_334_875,
        "prompt_eval_count": 26,
        "prompt_eval_duration": 342_546_000,
        "eval_count": count - 1,
        "eval_duration": now - _START_NS,
    }
    lines.append(_compact(final).encode() + b"\n")
    return lines


def _unit_vector(rng: random.Random, dims: int) -> list[float]:
    values = [rng.gauss(0.0, 1.0) for _ in range(dims)]
    norm = math.sqrt(sum(v * v for v in values))
    return [_to_float32(v / norm) for v in values]


def embed_reply(inputs: int = EMBED_INPUTS, dims: int = EMBED_DIMS, seed: int = SEED) -> bytes:
    """The body of an ``/api/embed`` reply: ``inputs`` L2-normalised float32 vectors of ``dims``."""
    rng = random.Random(seed)
    rows = ("[" + ",".join(map(go_float32, _unit_vector(rng, dims))) + "]" for _ in range(inputs))
    head = _compact({"model": EMBED_MODEL})[:-1]
    tail = _compact({"total_duration": 14_143_917, "load_duration": 1_019_500, "prompt_eval_count": 8 * inputs})
    return f'{head},"embeddings":[{",".join(rows)}],{tail[1:]}'.encode()


def embed_rows(rows: int = BATCH_ROWS, dims: int = BATCH_DIMS, seed: int = SEED) -> list[str]:
    """Rows for the batch embedding server: JSON texts of L2-normalised float32 vectors."""
    rng = random.Random(seed + 1)
    return ["[" + ",".join(map(go_float32, _unit_vector(rng, dims))) + "]" for _ in range(rows)]


def tags_reply() -> dict[str, Any]:
    """A ``/api/tags`` reply with a few models, newest first."""
    models = [
        ("llama3.2:latest", 2_019_393_189, "llama", "3.2B", "Q4_K_M", ["completion", "tools"]),
        ("all-minilm:latest", 45_960_996, "bert", "23M", "F16", ["embedding"]),
        ("qwen3:8b", 5_225_376_047, "qwen3", "8.2B", "Q4_K_M", ["completion", "tools", "thinking"]),
        ("llava:7b", 4_733_363_377, "llama", "7B", "Q4_0", ["completion", "vision"]),
    ]
    listed = []
    for index, (name, size, family, params, quant, capabilities) in enumerate(models):
        digest = hashlib.sha256(name.encode()).hexdigest()
        listed.append(
            {
                "name": name,
                "model": name,
                "modified_at": go_timestamp(_START_NS - 7 * 3_600_000_000_000 - index * 86_400_123_456_789)[:-1]
                + "-07:00",
                "size": size,
                "digest": digest,
                "details": {
                    "parent_model": "",
                    "format": "gguf",
                    "family": family,
                    "families": [family],
                    "parameter_size": params,
                    "quantization_level": quant,
                },
                "capabilities": capabilities,
            }
        )
    return {"models": listed}


def _source_digest() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def fixtures_current(
    directory: Path, *, chunks: int = CHAT_CHUNKS, inputs: int = EMBED_INPUTS, dims: int = EMBED_DIMS
) -> bool:
    """Whether ``directory`` already holds what :func:`write_fixtures` would write (same generator, sizes, bytes)."""
    try:
        manifest = json.loads((directory / "manifest.json").read_text())
        expect = manifest["expect"]
        if manifest["generator_sha256"] != _source_digest() or (
            expect["chat_chunks"],
            expect["embed_inputs"],
            expect["embed_dims"],
        ) != (chunks, inputs, dims):
            return False
        return all((directory / name).stat().st_size == info["bytes"] for name, info in manifest["files"].items())
    except (OSError, ValueError, KeyError):
        return False


def write_fixtures(
    directory: Path, *, chunks: int = CHAT_CHUNKS, inputs: int = EMBED_INPUTS, dims: int = EMBED_DIMS
) -> dict[str, Any]:
    """Write every reply into ``directory``; returns a manifest (sizes and SHA-256 of each file)."""
    directory.mkdir(parents=True, exist_ok=True)
    lines = chat_lines(chunks)
    files = {
        "generate.json": _compact(generate_reply()).encode(),
        "chat.ndjson": b"".join(lines),
        "chat_lines.json": json.dumps([line.decode() for line in lines], ensure_ascii=False).encode(),
        "embed.json": embed_reply(inputs, dims),
        "tags.json": _compact(tags_reply()).encode(),
        "embed_rows.json": json.dumps(embed_rows()).encode(),
    }
    expect = {  # what benchmarks/cases.py checks each client's results against
        "chat_model": CHAT_MODEL,
        "embed_model": EMBED_MODEL,
        "prompt": PROMPT,
        "generate_text": GENERATE_TEXT,
        "chat_chunks": chunks,
        "embed_inputs": inputs,
        "embed_dims": dims,
        "batch_dims": BATCH_DIMS,
        "embed_first": float(files["embed.json"].split(b"[[", 1)[1].split(b",", 1)[0]),
    }
    manifest: dict[str, Any] = {"generator_sha256": _source_digest(), "expect": expect, "files": {}}
    for name, data in files.items():
        (directory / name).write_bytes(data)
        manifest["files"][name] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return manifest


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python benchmarks/fixtures.py DIR")
    print(json.dumps(write_fixtures(Path(sys.argv[1])), indent=2))
