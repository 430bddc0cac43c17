"""The benchmark's fixtures and server helpers, checked without nginx (keeps benchmarks/ from rotting).

The benchmark itself (``benchmarks/run.sh``) is not part of the test suite; this only checks that the
replies it serves have Ollama's shapes and parse with our types, on small sizes.
"""

import importlib.util
import json
import math
import struct
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import ModuleType

import pytest

from ollama_python.types import ChatResponse, EmbedResponse, GenerateResponse, ListResponse

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"_benchmarks_{name}", BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses need their module registered
    spec.loader.exec_module(module)
    return module


fixtures = _load("fixtures")
server = _load("server")


def test_chat_stream_lines_parse_as_chat_responses() -> None:
    lines = fixtures.chat_lines(200)
    assert len(lines) == 200
    assert all(line.endswith(b"\n") and line.count(b"\n") == 1 for line in lines)
    chunks = [ChatResponse.from_wire(json.loads(line)) for line in lines]
    *deltas, final = chunks
    for chunk in deltas:
        assert chunk.done is False and chunk.done_reason is None and chunk.eval_count is None
        assert chunk.message.role == "assistant" and chunk.model == fixtures.CHAT_MODEL
        assert chunk.created_at is not None and chunk.created_at.utcoffset() == timedelta(0)
        assert not chunk.extra and not chunk.message.extra
    assert final.done is True and final.done_reason == "stop"
    assert final.eval_count == 199 and final.total_duration and final.prompt_eval_count == 26
    times = [chunk.created_at.timestamp() for chunk in chunks if chunk.created_at is not None]
    assert len(times) == len(chunks) and times == sorted(times)
    assert "".join(chunk.message.content for chunk in chunks).startswith(deltas[0].message.content)


def test_timestamps_are_go_rfc3339_nano() -> None:
    text = fixtures.go_timestamp(1_760_742_847_301_873_123)
    assert text == "2025-10-17T23:14:07.301873123Z"
    assert fixtures.go_timestamp(1_760_742_847_300_000_000) == "2025-10-17T23:14:07.3Z"  # zeros trimmed
    assert fixtures.go_timestamp(1_760_742_847_000_000_000) == "2025-10-17T23:14:07Z"
    stamps = [json.loads(line)["created_at"] for line in fixtures.chat_lines(50)]
    assert all(stamp.endswith("Z") and "." in stamp for stamp in stamps)


def test_generate_reply_parses_as_generate_response() -> None:
    reply = GenerateResponse.from_wire(json.loads(json.dumps(fixtures.generate_reply())))
    assert reply.response == fixtures.GENERATE_TEXT and reply.done and reply.done_reason == "stop"
    assert reply.context and reply.eval_count == 41 and reply.tokens_per_second
    assert reply.created_at == datetime(2025, 10, 17, 23, 14, 7, 414918, tzinfo=timezone.utc)
    assert not reply.extra


def test_embed_reply_is_unit_float32_vectors() -> None:
    body = fixtures.embed_reply(inputs=3, dims=64)
    reply = EmbedResponse.from_wire(json.loads(body))
    assert reply.model == fixtures.EMBED_MODEL and len(reply.embeddings) == 3
    assert reply.total_duration and reply.prompt_eval_count == 24 and not reply.extra
    for vector in reply.embeddings:
        assert len(vector) == 64
        assert math.isclose(math.sqrt(sum(v * v for v in vector)), 1.0, rel_tol=1e-5)
        # each value is written as the shortest text of a float32, as Go writes []float32
        assert all(float(fixtures.go_float32(struct.unpack("<f", struct.pack("<f", v))[0])) == v for v in vector)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.5, "0.5"),
        (-0.020103775, "-0.020103775"),
        (6.679145e-7, "6.679145e-7"),
        (1e-7, "1e-7"),
        (123456.78, "123456.78"),
        (0.0, "0"),
    ],
)
def test_float32_written_like_go(value: float, text: str) -> None:
    as_float32 = struct.unpack("<f", struct.pack("<f", value))[0]
    assert fixtures.go_float32(as_float32) == text


def test_tags_reply_parses_as_list_response() -> None:
    tags = ListResponse.from_wire(json.loads(json.dumps(fixtures.tags_reply())))
    assert tags.models[0].name == "llama3.2:latest"
    assert all(
        model.modified_at is not None and model.modified_at.utcoffset() == timedelta(hours=-7) for model in tags.models
    )
    assert all(len(model.digest) == 64 and model.details.format == "gguf" for model in tags.models)
    modified = [model.modified_at.timestamp() for model in tags.models if model.modified_at is not None]
    assert modified == sorted(modified, reverse=True)


def test_write_fixtures_is_deterministic_and_consistent(tmp_path: Path) -> None:
    manifest = fixtures.write_fixtures(tmp_path / "a", chunks=30, inputs=2, dims=8)
    fixtures.write_fixtures(tmp_path / "b", chunks=30, inputs=2, dims=8)
    for name in manifest["files"]:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    lines = (tmp_path / "a" / "chat.ndjson").read_bytes().splitlines(keepends=True)
    assert [line.encode() for line in json.loads((tmp_path / "a" / "chat_lines.json").read_text())] == lines
    expect = manifest["expect"]
    assert expect["chat_chunks"] == len(lines) == 30
    assert json.loads((tmp_path / "a" / "embed.json").read_text())["embeddings"][0][0] == expect["embed_first"]
    assert fixtures.fixtures_current(tmp_path / "a", chunks=30, inputs=2, dims=8)
    assert not fixtures.fixtures_current(tmp_path / "a")  # other sizes
    (tmp_path / "a" / "embed.json").write_bytes(b"{}")
    assert not fixtures.fixtures_current(tmp_path / "a", chunks=30, inputs=2, dims=8)


def test_split_chunked_reads_one_payload_per_chunk() -> None:
    raw = (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"3\r\n{}\n\r\n4\r\n[1]\n\r\n0\r\n\r\n"
    )
    assert server.split_chunked(raw) == (
        200,
        {"content-type": "application/x-ndjson", "transfer-encoding": "chunked"},
        [b"{}\n", b"[1]\n"],
    )
    with pytest.raises(ValueError):
        server.split_chunked(raw.replace(b"4\r\n", b"5\r\n"))
    with pytest.raises(ValueError):
        server.split_chunked(raw.replace(b"Transfer-Encoding: chunked", b"Content-Length: 20"))


def test_nginx_config_serves_the_four_routes(tmp_path: Path) -> None:
    conf = server.nginx_config(tmp_path / "work", tmp_path / "fx", 12345)
    assert "listen 127.0.0.1:12345;" in conf and "error_page 405 =200 $uri;" in conf
    for route in ("generate", "embed", "tags"):
        assert f"location = /api/{route} {{" in conf and str(tmp_path / "fx" / f"{route}.json") in conf
    assert "js_content ollama.chat;" in conf and str(tmp_path / "fx" / "chat_lines.json") in conf
    assert "location = /nginx_status {" in conf and "stub_status;" in conf  # connection counting
    assert f"pid {tmp_path / 'work' / 'nginx.pid'};" in conf
    assert "r.send(chat_lines[i]);" in (BENCHMARKS / "chat_stream.js").read_text()  # one chunk per line
