"""Tests of ollama_python.testing.OllamaTestServer over real HTTP (stdlib clients only)."""

from __future__ import annotations

import hashlib
import http.client
import json
import math
import os
import re
import select
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from ollama_python.testing import (
    DropReply,
    HangReply,
    JSONReply,
    NDJSONReply,
    OllamaTestServer,
    RawReply,
    RecordedRequest,
    ResetReply,
    TrickleReply,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$")
METRICS = (
    "total_duration",
    "load_duration",
    "prompt_eval_count",
    "prompt_eval_duration",
    "eval_count",
    "eval_duration",
)
WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Get the weather",
        "parameters": {
            "type": "object",
            "properties": {
                "city": {"type": "string"},
                "days": {"type": "integer"},
                "metric": {"type": "boolean"},
                "unit": {"type": "string", "enum": ["c", "f"]},
                "note": {"type": "string"},
            },
            "required": ["city", "days", "metric", "unit"],
        },
    },
}


# ---------------------------------------------------------------------------------------------
# helpers


class Response:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    def json(self) -> Any:
        return json.loads(self.body)

    def lines(self) -> list[Any]:
        return [json.loads(line) for line in self.body.split(b"\n") if line.strip()]


def call(
    server: OllamaTestServer,
    method: str,
    path: str,
    body: Any = None,
    headers: dict[str, str] | None = None,
    timeout: float = 5.0,
) -> Response:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    try:
        if body is not None and not isinstance(body, (bytes, str)):
            body = json.dumps(body)
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return Response(resp.status, resp.headers, resp.read())
    finally:
        conn.close()


def raw_exchange(server: OllamaTestServer, request: bytes, timeout: float = 5.0) -> bytes:
    """Send raw bytes, read until the server closes the connection."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as sock:
        sock.sendall(request)
        data = b""
        while True:
            part = sock.recv(65536)
            if not part:
                return data
            data += part


def post_raw(path: str, body: bytes) -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode() + body


def split_response(raw: bytes) -> tuple[str, dict[str, str], bytes]:
    head, _, rest = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return lines[0], headers, rest


def parse_chunks(payload: bytes) -> tuple[list[bytes], bool]:
    """Return (chunks, terminated) from a chunked body."""
    chunks = []
    while payload:
        size_line, sep, payload = payload.partition(b"\r\n")
        assert sep, "truncated chunk header"
        size = int(size_line, 16)
        if size == 0:
            return chunks, True
        chunks.append(payload[:size])
        assert payload[size : size + 2] == b"\r\n"
        payload = payload[size + 2 :]
    return chunks, False


# ---------------------------------------------------------------------------------------------
# lifecycle and basic routes


def test_url_host_port_and_context_manager():
    srv = OllamaTestServer()
    assert srv.start() is srv
    try:
        assert srv.port > 0
        assert srv.host == f"127.0.0.1:{srv.port}"
        assert srv.url == f"http://127.0.0.1:{srv.port}"
        with pytest.raises(RuntimeError):
            srv.start()
    finally:
        srv.stop()
    srv.stop()  # idempotent
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", srv.port), timeout=1).close()


def test_root_and_head(server):
    resp = call(server, "GET", "/")
    assert (resp.status, resp.body) == (200, b"Ollama is running")
    assert resp.headers["Content-Type"] == "text/plain; charset=utf-8"
    head = call(server, "HEAD", "/")
    assert head.status == 200 and head.body == b""
    assert head.headers["Content-Length"] == str(len(b"Ollama is running"))


def test_version_get_and_head():
    with OllamaTestServer(version="1.2.3") as srv:
        resp = call(srv, "GET", "/api/version")
        assert resp.status == 200
        assert resp.headers["Content-Type"] == "application/json; charset=utf-8"
        assert resp.headers["Content-Length"] == str(len(resp.body))
        assert resp.body == b'{"version":"1.2.3"}'
        assert call(srv, "HEAD", "/api/version").status == 200


@pytest.mark.parametrize(
    "method,path,status,text",
    [
        ("GET", "/api/nope", 404, b"404 page not found"),
        ("GET", "/v2/whatever", 404, b"404 page not found"),
        ("GET", "/api/chat", 405, b"405 method not allowed"),
        ("POST", "/api/tags", 405, b"405 method not allowed"),
        ("POST", "/api/delete", 405, b"405 method not allowed"),
        ("GET", "/api/blobs/sha256:abc", 405, b"405 method not allowed"),
    ],
)
def test_unknown_path_and_wrong_method(server, method, path, status, text):
    resp = call(server, method, path)
    assert (resp.status, resp.body) == (status, text)
    assert resp.headers["Content-Type"].startswith("text/plain")


# ---------------------------------------------------------------------------------------------
# /api/generate


def test_generate_stream_shapes(server):
    resp = call(server, "POST", "/api/generate", {"model": "llama3.2", "prompt": "Why is the sky blue?"})
    assert resp.status == 200
    assert resp.headers["Content-Type"] == "application/x-ndjson"
    assert resp.headers["Transfer-Encoding"] == "chunked"
    lines = resp.lines()
    assert len(lines) >= 3
    for chunk in lines[:-1]:
        assert chunk["model"] == "llama3.2" and chunk["done"] is False
        assert TIMESTAMP.match(chunk["created_at"])
        assert "done_reason" not in chunk and "context" not in chunk
    final = lines[-1]
    assert final["done"] is True and final["done_reason"] == "stop" and final["response"] == ""
    assert all(isinstance(final[key], int) and final[key] > 0 for key in METRICS)
    assert final["total_duration"] >= final["load_duration"] + final["eval_duration"]
    assert isinstance(final["context"], list) and all(isinstance(i, int) for i in final["context"])
    assert "".join(chunk["response"] for chunk in lines) == "You said: Why is the sky blue?"


def test_ndjson_one_chunk_per_line_on_the_wire(server):
    raw = raw_exchange(server, post_raw("/api/generate", b'{"model":"llama3.2","prompt":"one two three"}'))
    status, headers, payload = split_response(raw)
    assert status == "HTTP/1.1 200 OK"
    assert headers["content-type"] == "application/x-ndjson"
    assert headers["transfer-encoding"] == "chunked"
    assert "content-length" not in headers
    chunks, terminated = parse_chunks(payload)
    assert terminated
    assert len(chunks) == 6  # "You", " said:", " one", " two", " three", final object
    for chunk in chunks:
        assert chunk.endswith(b"\n") and chunk.count(b"\n") == 1
        json.loads(chunk)
    assert json.loads(chunks[-1])["done"] is True


def test_generate_non_stream_and_thinking(server):
    resp = call(server, "POST", "/api/generate", {"model": "qwen3", "prompt": "What is 17*23?", "stream": False})
    assert resp.status == 200
    assert resp.headers["Content-Type"] == "application/json; charset=utf-8"
    assert int(resp.headers["Content-Length"]) == len(resp.body)
    body = resp.json()
    assert body["response"] == "You said: What is 17*23?"
    assert body["thinking"] == "Thinking about: What is 17*23?"  # thinking models think by default
    assert body["done"] is True and body["done_reason"] == "stop"
    off = call(server, "POST", "/api/generate", {"model": "qwen3", "prompt": "x", "think": False, "stream": False})
    assert "thinking" not in off.json()
    streamed = call(server, "POST", "/api/generate", {"model": "qwen3", "prompt": "hi", "think": "high"}).lines()
    thinking_chunks = [c for c in streamed if c.get("thinking")]
    assert thinking_chunks and streamed.index(thinking_chunks[-1]) < next(
        i for i, c in enumerate(streamed) if c["response"]
    )
    assert "".join(c.get("thinking", "") for c in streamed) == "Thinking about: hi"


@pytest.mark.parametrize(
    "body,status,error",
    [
        (b"", 400, "missing request body"),
        (b"   ", 400, "missing request body"),
        ({"model": "", "prompt": "x"}, 404, "model '' not found"),
        ({"model": "nope", "prompt": "x"}, 404, "model 'nope' not found"),
        ({"model": "llama3.2", "prompt": "x", "raw": True, "system": "s"}, 400,
         "raw mode does not support template, system, or context"),
        ({"model": "llama3.2", "prompt": "x", "top_logprobs": 21}, 400, "top_logprobs must be between 0 and 20"),
        ({"model": "llama3.2", "prompt": "x", "think": True}, 400, '"llama3.2" does not support thinking'),
        ({"model": "all-minilm", "prompt": "x"}, 400, '"all-minilm" does not support generate'),
        ({"model": "llama3.2", "prompt": "x", "suffix": "y"}, 400,
         "registry.ollama.ai/library/llama3.2:latest does not support insert"),
        ({"model": "llama3.2", "prompt": "x", "keep_alive": "-1"}, 400, 'time: missing unit in duration "-1"'),
        ({"model": "llama3.2", "prompt": "x", "keep_alive": True}, 400, "Unsupported type: 'bool'"),
        ({"model": "llama3.2", "prompt": "x", "think": "x"}, 400,
         'invalid think value: "x" (must be "high", "medium", "low", "max", true, or false)'),
        ({"model": "llama3.2", "prompt": 5}, 400,
         "json: cannot unmarshal number into Go struct field GenerateRequest.prompt of type string"),
        ({"model": "llama3.2", "prompt": "x", "images": ["data:image/png;base64,AAAA"]}, 400,
         "illegal base64 data at input byte 4"),
        ({"model": "llama3.2", "prompt": "x", "options": {"stop": "\n"}}, 500, 'option "stop" must be of type array'),
        ({"model": "llama3.2", "prompt": "x", "format": "xml"}, 500,
         'invalid format: "\\"xml\\""; expected "json" or a valid JSON Schema object'),
        ([1], 400, "json: cannot unmarshal array into Go value of type api.GenerateRequest"),
    ],
)  # fmt: skip
def test_generate_errors(server, body, status, error):
    resp = call(server, "POST", "/api/generate", body)
    assert resp.status == status
    assert resp.headers["Content-Type"] == "application/json; charset=utf-8"
    assert resp.json() == {"error": error}


def test_generate_invalid_json_has_go_decoder_message(server):
    resp = call(server, "POST", "/api/generate", b'{"model": "llama3.2",')
    assert resp.status == 400 and resp.json()["error"] == "unexpected EOF"
    resp = call(server, "POST", "/api/generate", b"{model}")
    assert resp.json()["error"] == "invalid character 'm' looking for beginning of object key string"


def test_generate_load_unload_and_ps(server):
    assert call(server, "GET", "/api/ps").json() == {"models": []}
    load = call(server, "POST", "/api/generate", {"model": "llama3.2"})
    assert load.headers["Content-Type"] == "application/json; charset=utf-8"  # single object even if streaming
    body = load.json()
    assert body["done"] is True and body["done_reason"] == "load" and body["response"] == ""
    models = call(server, "GET", "/api/ps").json()["models"]
    assert [m["name"] for m in models] == ["llama3.2:latest"]
    entry = models[0]
    assert entry["size_vram"] == entry["size"] > 0 and len(entry["digest"]) == 64
    assert TIMESTAMP.match(entry["expires_at"]) and entry["context_length"] == 4096
    assert set(entry["details"]) == {
        "parent_model",
        "format",
        "family",
        "families",
        "parameter_size",
        "quantization_level",
    }
    unload = call(server, "POST", "/api/generate", {"model": "llama3.2", "keep_alive": 0}).json()
    assert unload["done_reason"] == "unload"
    assert call(server, "GET", "/api/ps").json() == {"models": []}
    call(server, "POST", "/api/generate", {"model": "llama3.2", "keep_alive": -1})
    expires = call(server, "GET", "/api/ps").json()["models"][0]["expires_at"]
    assert int(expires[:4]) > 2200  # "forever"


def test_generate_logprobs_format_and_limits(server):
    lines = call(
        server, "POST", "/api/generate", {"model": "llama3.2", "prompt": "a b", "logprobs": True, "top_logprobs": 3}
    ).lines()
    for chunk in lines[:-1]:
        (entry,) = chunk["logprobs"]
        assert entry["token"] == chunk["response"] and entry["logprob"] <= 0
        assert entry["bytes"] == list(chunk["response"].encode())
        assert len(entry["top_logprobs"]) == 3
    as_json = call(
        server, "POST", "/api/generate", {"model": "llama3.2", "prompt": "hi", "format": "json", "stream": False}
    )
    assert json.loads(as_json.json()["response"]) == {"answer": "You said: hi"}
    schema = {
        "type": "object",
        "properties": {"age": {"type": "integer"}, "available": {"type": "boolean"}, "x": {"type": "string"}},
        "required": ["age", "available"],
    }
    streamed = call(server, "POST", "/api/generate", {"model": "llama3.2", "prompt": "hi", "format": schema}).lines()
    value = json.loads("".join(c["response"] for c in streamed))
    assert set(value) == {"age", "available"}
    assert isinstance(value["age"], int) and isinstance(value["available"], bool)
    limited = call(
        server, "POST", "/api/generate",
        {"model": "llama3.2", "prompt": "one two three four", "options": {"num_predict": 2}, "stream": False},
    ).json()  # fmt: skip
    assert limited["done_reason"] == "length" and limited["response"] == "You said:"
    images = call(
        server,
        "POST",
        "/api/generate",
        {"model": "llama3.2", "prompt": "what?", "images": ["aGVsbG8="], "stream": False},
    )
    assert "1 image" in images.json()["response"]
    server.add_model("codellama:code")  # "code" in the name: insert-capable
    fim = call(
        server,
        "POST",
        "/api/generate",
        {"model": "codellama:code", "prompt": "def f():", "suffix": "  return 1", "stream": False},
    )
    assert fim.status == 200 and fim.json()["done"] is True
    raw = call(
        server,
        "POST",
        "/api/generate",
        {"model": "llama3.2", "prompt": "[INST] x [/INST]", "raw": True, "stream": False},
    )
    assert "context" not in raw.json()


def test_model_names_are_normalised(server):
    for name in ("LLAMA3.2", "llama3.2:latest", "registry.ollama.ai/library/llama3.2:latest", " llama3.2 "):
        resp = call(server, "POST", "/api/generate", {"model": name, "prompt": "x", "stream": False})
        assert resp.status == 200, name
        assert resp.json()["model"] == name
    server.add_model("me/custom:v1", capabilities=["completion"])
    names = [m["name"] for m in call(server, "GET", "/api/tags").json()["models"]]
    assert names[0] == "me/custom:v1"


# ---------------------------------------------------------------------------------------------
# /api/chat


def test_chat_stream_and_non_stream(server):
    messages = [{"role": "user", "content": "why is the sky blue?"}]
    lines = call(server, "POST", "/api/chat", {"model": "llama3.2", "messages": messages}).lines()
    assert all(c["message"]["role"] == "assistant" for c in lines)
    assert "".join(c["message"]["content"] for c in lines) == "You said: why is the sky blue?"
    assert lines[-1]["done"] is True and lines[-1]["done_reason"] == "stop"
    assert all(key in lines[-1] for key in METRICS)
    single = call(server, "POST", "/api/chat", {"model": "llama3.2", "messages": messages, "stream": False})
    assert single.headers["Content-Type"] == "application/json; charset=utf-8"
    assert single.json()["message"] == {"role": "assistant", "content": "You said: why is the sky blue?"}


@pytest.mark.parametrize(
    "body,status,error",
    [
        ({"model": "", "messages": []}, 400, "model is required"),
        ({"messages": []}, 400, "model is required"),
        ({"model": "nope", "messages": []}, 404, "model 'nope' not found"),
        ({"model": "all-minilm", "messages": [{"role": "user", "content": "x"}]}, 400,
         '"all-minilm" does not support chat'),
        ({"model": "plain", "messages": [{"role": "user", "content": "x"}], "tools": [WEATHER_TOOL]}, 400,
         "registry.ollama.ai/library/plain:latest does not support tools"),
        ({"model": "llama3.2", "messages": "hi"}, 400,
         "json: cannot unmarshal string into Go struct field ChatRequest.messages of type []api.Message"),
        ({"model": "llama3.2", "messages": [{"role": "user", "content": ["a"]}]}, 400,
         "json: cannot unmarshal array into Go struct field ChatRequest.messages.content of type string"),
    ],
)  # fmt: skip
def test_chat_errors(server, body, status, error):
    server.add_model("plain", capabilities=["completion"])
    resp = call(server, "POST", "/api/chat", body)
    assert (resp.status, resp.json()) == (status, {"error": error})


def test_chat_load_and_unload(server):
    load = call(server, "POST", "/api/chat", {"model": "qwen3"}).json()
    assert load["message"] == {"role": "assistant", "content": ""} and load["done_reason"] == "load"
    unload = call(server, "POST", "/api/chat", {"model": "qwen3", "messages": [], "keep_alive": "0s"}).json()
    assert unload["done_reason"] == "unload"


def test_chat_tool_call_round_trip(server):
    messages = [{"role": "user", "content": "Weather in Toronto?"}]
    request = {"model": "qwen3", "messages": messages, "tools": [WEATHER_TOOL]}
    lines = call(server, "POST", "/api/chat", request).lines()
    assert any(c["message"].get("thinking") for c in lines[:-1])
    assert all("tool_calls" not in c["message"] for c in lines[:-1])
    (tool_call,) = lines[-1]["message"]["tool_calls"]
    assert re.fullmatch(r"call_[a-z0-9]{8}", tool_call["id"])
    function = tool_call["function"]
    assert function["index"] == 0 and function["name"] == "get_weather"
    assert set(function["arguments"]) == {"city", "days", "metric", "unit"}
    assert isinstance(function["arguments"]["city"], str)
    assert isinstance(function["arguments"]["days"], int) and function["arguments"]["metric"] is True
    assert function["arguments"]["unit"] == "c"
    again = call(server, "POST", "/api/chat", dict(request, stream=False)).json()
    assert again["message"]["tool_calls"] == [tool_call]  # deterministic
    assert again["message"]["content"] == ""
    messages += [
        {"role": "assistant", "content": "", "tool_calls": [tool_call]},
        {"role": "tool", "content": "11 degrees celsius", "tool_name": "get_weather", "tool_call_id": tool_call["id"]},
    ]
    answer = call(server, "POST", "/api/chat", dict(request, messages=messages, stream=False)).json()
    assert "11 degrees celsius" in answer["message"]["content"]
    assert "tool_calls" not in answer["message"]


# ---------------------------------------------------------------------------------------------
# embeddings


def test_embed(server):
    resp = call(server, "POST", "/api/embed", {"model": "all-minilm", "input": ["Why is the sky blue?", "grass"]})
    assert resp.status == 200
    body = resp.json()
    assert body["model"] == "all-minilm"
    assert len(body["embeddings"]) == 2 and all(len(v) == 384 for v in body["embeddings"])
    for vector in body["embeddings"]:
        assert math.isclose(math.sqrt(sum(x * x for x in vector)), 1.0, abs_tol=1e-5)
    assert body["embeddings"][0] != body["embeddings"][1]
    assert all(
        isinstance(body[key], int) and body[key] > 0 for key in ("total_duration", "load_duration", "prompt_eval_count")
    )
    same = call(server, "POST", "/api/embed", {"model": "all-minilm", "input": "Why is the sky blue?"}).json()
    assert same["embeddings"] == [body["embeddings"][0]]
    short = call(server, "POST", "/api/embed", {"model": "all-minilm", "input": "x", "dimensions": 16}).json()
    assert len(short["embeddings"][0]) == 16
    assert math.isclose(sum(x * x for x in short["embeddings"][0]), 1.0, abs_tol=1e-5)
    assert call(server, "POST", "/api/embed", {"model": "all-minilm"}).json() == {
        "model": "all-minilm",
        "embeddings": [],
    }
    assert call(server, "POST", "/api/embed", {"model": "all-minilm", "input": []}).json()["embeddings"] == []


@pytest.mark.parametrize(
    "body,status,error",
    [
        ({"model": "all-minilm", "input": [1, 2]}, 400, "invalid input type"),
        ({"model": "all-minilm", "input": {"a": 1}}, 400, "invalid input type"),
        ({"model": "nope", "input": "x"}, 404, 'model "nope" not found, try pulling it first'),
        ({"model": "", "input": "x"}, 404, "model '' not found"),
    ],
)
def test_embed_errors(server, body, status, error):
    resp = call(server, "POST", "/api/embed", body)
    assert (resp.status, resp.json()) == (status, {"error": error})


def test_legacy_embeddings(server):
    vector = call(server, "POST", "/api/embeddings", {"model": "all-minilm", "prompt": "hello"}).json()["embedding"]
    assert len(vector) == 384 and not math.isclose(sum(x * x for x in vector), 1.0, abs_tol=1e-3)
    assert call(server, "POST", "/api/embeddings", {"model": "all-minilm", "prompt": ""}).json() == {"embedding": []}
    resp = call(server, "POST", "/api/embeddings", {"model": "", "prompt": "x"})
    assert (resp.status, resp.json()) == (400, {"error": "model is required"})
    resp = call(server, "POST", "/api/embeddings", {"model": "zzz", "prompt": "x"})
    assert (resp.status, resp.json()) == (404, {"error": 'model "zzz" not found, try pulling it first'})


# ---------------------------------------------------------------------------------------------
# model management


def test_tags(server):
    models = call(server, "GET", "/api/tags").json()["models"]
    assert {m["name"] for m in models} == {"llama3.2:latest", "qwen3:latest", "all-minilm:latest"}
    for entry in models:
        assert entry["name"] == entry["model"]
        assert re.fullmatch(r"[0-9a-f]{64}", entry["digest"]) and entry["size"] > 0
        assert TIMESTAMP.match(entry["modified_at"])
        details = entry["details"]
        assert {"parent_model", "format", "family", "families", "parameter_size", "quantization_level"} <= set(details)
    qwen = next(m for m in models if m["name"] == "qwen3:latest")
    assert qwen["capabilities"] == ["completion", "tools", "thinking"]
    times = [m["modified_at"] for m in models]
    server.add_model("newest")
    assert call(server, "GET", "/api/tags").json()["models"][0]["name"] == "newest:latest"
    assert len(times) == 3
    assert set(server.models) == {"llama3.2:latest", "qwen3:latest", "all-minilm:latest", "newest:latest"}
    with OllamaTestServer(models=[]) as empty:
        assert call(empty, "GET", "/api/tags").json() == {"models": []}


def test_show(server):
    body = call(server, "POST", "/api/show", {"model": "qwen3"}).json()
    assert body["capabilities"] == ["completion", "tools", "thinking"]
    assert body["details"]["family"] == "qwen3"
    info = body["model_info"]
    assert info["general.architecture"] == "qwen3"
    assert info["general.parameter_count"] == 8_200_000_000
    assert info["qwen3.context_length"] == 40960 and info["qwen3.embedding_length"] == 4096
    assert body["modelfile"].startswith("# Modelfile generated by")
    assert re.search(r"^temperature {20}0\.6$", body["parameters"], re.M)
    assert re.search(r'^stop {27}"<\|im_start\|>"$', body["parameters"], re.M)
    assert TIMESTAMP.match(body["modified_at"]) and body["template"]
    with_system = call(server, "POST", "/api/show", {"name": "qwen3", "system": "Be brief."}).json()
    assert with_system["system"] == "Be brief." and 'SYSTEM """Be brief."""' in with_system["modelfile"]
    assert call(server, "POST", "/api/show", {}).json() == {"error": "model is required"}
    missing = call(server, "POST", "/api/show", {"model": "nope"})
    assert (missing.status, missing.json()) == (404, {"error": "model 'nope' not found"})


def test_copy_and_delete(server):
    resp = call(server, "POST", "/api/copy", {"source": "llama3.2", "destination": "backup"})
    assert resp.status == 200 and resp.body == b"" and resp.headers["Content-Length"] == "0"
    assert "backup:latest" in server.models
    assert server.models["backup:latest"].digest == server.models["llama3.2:latest"].digest
    missing = call(server, "POST", "/api/copy", {"source": "nope", "destination": "x"})
    assert (missing.status, missing.json()) == (404, {"error": 'model "nope" not found'})
    bad = call(server, "POST", "/api/copy", {"source": "llama3.2", "destination": "a:b:"})
    assert (bad.status, bad.json()) == (400, {"error": 'destination "a:b:" is invalid'})
    deleted = call(server, "DELETE", "/api/delete", {"model": "backup"})
    assert deleted.status == 200 and deleted.body == b""
    assert "backup:latest" not in server.models
    again = call(server, "DELETE", "/api/delete", {"name": "backup"})
    assert (again.status, again.json()) == (404, {"error": "model 'backup' not found"})
    assert call(server, "DELETE", "/api/delete", b"").json() == {"error": "missing request body"}


def test_pull(server):
    lines = call(server, "POST", "/api/pull", {"model": "mistral"}).lines()
    statuses = [line["status"] for line in lines]
    assert statuses[0] == "pulling manifest"
    assert statuses[-3:] == ["verifying sha256 digest", "writing manifest", "success"]
    progress = [line for line in lines if "digest" in line]
    digests = {line["digest"] for line in progress}
    assert len(digests) == 2 and all(re.fullmatch(r"sha256:[0-9a-f]{64}", d) for d in digests)
    first = progress[0]
    assert "completed" not in first and first["status"] == "pulling " + first["digest"][7:19]
    assert progress[2]["completed"] == progress[2]["total"]
    assert "mistral:latest" in server.models
    plain = call(server, "POST", "/api/pull", {"model": "gemma3", "stream": False})
    assert plain.json() == {"status": "success"} and plain.headers["Content-Type"] == "application/json"
    failing = call(server, "POST", "/api/pull", {"model": "missing-model"})
    assert failing.status == 200
    assert failing.lines() == [{"status": "pulling manifest"}, {"error": "pull model manifest: file does not exist"}]
    failing = call(server, "POST", "/api/pull", {"model": "does-not-exist", "stream": False})
    assert (failing.status, failing.json()) == (500, {"error": "pull model manifest: file does not exist"})
    invalid = call(server, "POST", "/api/pull", {"model": ""})
    assert (invalid.status, invalid.json()) == (400, {"error": "invalid model name"})


def test_push(server):
    lines = call(server, "POST", "/api/push", {"model": "llama3.2"}).lines()
    assert lines[0] == {"status": "retrieving manifest"}
    assert [line["status"] for line in lines[-2:]] == ["pushing manifest", "success"]
    assert any(line.get("status", "").startswith("pushing ") and "digest" in line for line in lines)
    missing = call(server, "POST", "/api/push", {"model": "me/unknown"}).lines()
    assert missing[1] == {"status": "couldn't retrieve manifest"} and "error" in missing[2]
    assert call(server, "POST", "/api/push", {}).json() == {"error": "model is required"}


def test_create_from_model(server):
    resp = call(
        server, "POST", "/api/create",
        {"model": "mario", "from": "llama3.2", "system": "You are Mario.", "parameters": {"temperature": 1}},
    )  # fmt: skip
    statuses = [line["status"] for line in resp.lines()]
    assert statuses[0].startswith("using existing layer sha256:")
    assert sum(s.startswith("creating new layer sha256:") for s in statuses) == 2
    assert statuses[-2:] == ["writing manifest", "success"]
    show = call(server, "POST", "/api/show", {"model": "mario"}).json()
    assert show["system"] == "You are Mario."
    assert re.search(r"^temperature +1$", show["parameters"], re.M)
    assert re.search(r"^stop +", show["parameters"], re.M)  # inherited
    single = call(
        server, "POST", "/api/create",
        {"model": "m2", "from": "mario", "stream": False, "license": ["MIT"], "template": "{{ .Prompt }}",
         "messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]},
    )  # fmt: skip
    assert single.json() == {"status": "success"} and "m2:latest" in server.models
    assert single.headers["Content-Type"] == "application/json"
    m2 = call(server, "POST", "/api/show", {"model": "m2"}).json()
    assert m2["license"] == "MIT" and m2["template"] == "{{ .Prompt }}" and m2["system"] == "You are Mario."
    assert m2["messages"] == [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]
    assert "tools" not in m2["capabilities"]  # the new template has no .Tools
    neither = call(server, "POST", "/api/create", {"model": "x"})
    assert (neither.status, neither.json()) == (400, {"error": "neither 'from' or 'files' was specified"})
    invalid = call(server, "POST", "/api/create", {"model": "", "from": "llama3.2"})
    assert (invalid.status, invalid.json()) == (400, {"error": "invalid model name"})
    unknown = call(server, "POST", "/api/create", {"model": "x", "from": "nope"}).lines()
    assert unknown[-1] == {"error": "pull model manifest: file does not exist"}
    refused = call(server, "POST", "/api/create", {"model": "q", "from": "llama3.2", "quantize": "q8_0"}).lines()
    assert refused[-1] == {"error": "quantization is only supported for F16, BF16 and F32 models"}


def test_create_from_uploaded_gguf_with_quantize(server):
    data = b"GGUF fake weights"
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    missing = call(server, "POST", "/api/create", {"model": "local", "files": {"model.gguf": digest}})
    assert missing.status == 400 and digest in missing.json()["error"]
    assert call(server, "POST", f"/api/blobs/{digest}", data).status == 201
    bad_path = call(server, "POST", "/api/create", {"model": "local", "files": {"../model.gguf": digest}})
    assert bad_path.json() == {"error": "file path must be relative"}
    lines = call(
        server, "POST", "/api/create", {"model": "local", "files": {"model.gguf": digest}, "quantize": "q4_K_M"}
    ).lines()
    statuses = [line["status"] for line in lines]
    assert statuses[0] == "parsing GGUF"
    quant = [line for line in lines if line["status"] == "quantizing F16 model to Q4_K_M"]
    assert quant and all(q["digest"] == "0000000000000000000" and q["completed"] <= q["total"] for q in quant)
    assert statuses[-2:] == ["writing manifest", "success"]
    assert server.models["local:latest"].quantization_level == "Q4_K_M"


def test_blobs(server):
    data = b"hello blob" * 1000
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    assert call(server, "HEAD", f"/api/blobs/{digest}").status == 404
    assert call(server, "HEAD", "/api/blobs/sha256:xyz").status == 400
    created = call(server, "POST", f"/api/blobs/{digest}", data)
    assert created.status == 201 and created.body == b""
    assert call(server, "HEAD", f"/api/blobs/{digest}").status == 200
    assert call(server, "POST", f"/api/blobs/{digest}", data).status == 200
    assert server.blobs[digest] == data
    wrong = "sha256:" + "0" * 64
    mismatch = call(server, "POST", f"/api/blobs/{wrong}", b"other")
    actual = "sha256:" + hashlib.sha256(b"other").hexdigest()
    assert mismatch.status == 400
    assert mismatch.json() == {"error": f'digest mismatch, expected "{wrong}", got "{actual}"'}
    invalid = call(server, "POST", "/api/blobs/md5:abc", b"x")
    assert (invalid.status, invalid.json()) == (400, {"error": "invalid digest format"})


def test_blob_upload_with_chunked_request_body(server):
    parts = [b"a" * 5000, b"b" * 7000, b"c"]
    digest = "sha256:" + hashlib.sha256(b"".join(parts)).hexdigest()
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    conn.request("POST", f"/api/blobs/{digest}", body=iter(parts), encode_chunked=True)
    resp = conn.getresponse()
    resp.read()
    assert resp.status == 201
    assert server.last_request.headers["transfer-encoding"] == "chunked"
    assert server.last_request.body == b"".join(parts)
    conn.request("GET", "/api/version")  # the connection is still usable afterwards
    assert conn.getresponse().read() == b'{"version":"0.32.15"}'
    conn.close()


def test_web_search_and_fetch(server):
    signed_out = call(server, "POST", "/api/experimental/web_search", {"query": "ollama"})
    assert signed_out.status == 401 and "signin_url" in signed_out.json()
    server.account = {"id": "u1", "name": "me"}
    results = call(server, "POST", "/api/experimental/web_search", {"query": "ollama"}).json()["results"]
    assert len(results) == 5 and all(set(r) == {"title", "url", "content"} for r in results)
    denied = call(server, "POST", "/api/web_search", {"query": "ollama"})
    assert (denied.status, denied.json()) == (401, {"error": "unauthorized"})
    auth = {"Authorization": "Bearer test-key"}
    many = call(server, "POST", "/api/web_search", {"query": "ollama", "max_results": 50}, auth).json()
    assert len(many["results"]) == 10
    assert (
        call(server, "POST", "/api/web_search", {"query": "ollama", "max_results": 2}, auth).json()["results"]
        == results[:2]
    )
    page = call(server, "POST", "/api/web_fetch", {"url": "https://ollama.com"}, auth).json()
    assert set(page) == {"title", "content", "links"} and isinstance(page["links"], list)
    assert call(server, "POST", "/api/web_fetch", {"url": "https://ollama.com"}).status == 401
    assert call(server, "POST", "/api/experimental/web_fetch", {"url": "https://x.org"}).status == 200


# ---------------------------------------------------------------------------------------------
# recording and scripting


def test_recording(server):
    assert server.requests == [] and server.last_request is None
    before = time.time()
    call(server, "POST", "/api/show?verbose=1&x=y", {"model": "qwen3"}, {"User-Agent": "tester/1.0", "X-Custom": "a"})
    call(server, "GET", "/api/tags")
    requests = server.requests
    assert [(r.method, r.path) for r in requests] == [("POST", "/api/show"), ("GET", "/api/tags")]
    first = requests[0]
    assert isinstance(first, RecordedRequest)
    assert first.query == {"verbose": "1", "x": "y"}
    assert first.headers["user-agent"] == "tester/1.0" and first.headers.get("USER-AGENT") == "tester/1.0"
    assert first.headers.get("x-custom") == "a" and first.headers.get("missing") is None
    assert first.json == {"model": "qwen3"} and first.body == b'{"model": "qwen3"}'
    assert before - 1 <= first.received_at <= time.time()
    assert requests[1].json is None and requests[1].body == b""
    assert server.last_request.path == "/api/tags"
    assert [r.path for r in server.requests_to("post", "/api/show")] == ["/api/show"]
    call(server, "POST", "/api/generate", b"{not json")
    assert server.last_request.json is None and server.last_request.body == b"{not json"
    requests.clear()  # snapshot copy
    assert len(server.requests) == 3


def test_wait_for_requests(server):
    threading.Timer(0.05, lambda: call(server, "GET", "/api/version")).start()
    assert len(server.wait_for_requests(1, timeout=2)) == 1
    with pytest.raises(TimeoutError):
        server.wait_for_requests(2, timeout=0.1)


def test_enqueue_fifo_times_and_permanent(server):
    server.enqueue("POST", "/api/chat", JSONReply({"n": 1}))
    server.enqueue("post", "/api/chat?ignored=1", JSONReply({"n": 2}, status=201), times=2)
    server.enqueue("POST", "/api/chat", JSONReply({"n": 3}))
    got = [(r.status, r.json()) for r in (call(server, "POST", "/api/chat", {}) for _ in range(4))]
    assert got == [(200, {"n": 1}), (201, {"n": 2}), (201, {"n": 2}), (200, {"n": 3})]
    assert call(server, "POST", "/api/chat", {}).json() == {"error": "model is required"}  # default again
    server.enqueue("GET", "/api/tags", JSONReply({"models": []}), times=None)
    for _ in range(3):
        assert call(server, "GET", "/api/tags").json() == {"models": []}
    server.enqueue("GET", "/custom/path", RawReply("hi"))
    assert call(server, "GET", "/custom/path").body == b"hi"
    assert call(server, "GET", "/custom/path").status == 404
    server.reset()
    assert server.requests == []
    assert len(call(server, "GET", "/api/tags").json()["models"]) == 3
    with pytest.raises(ValueError):
        server.enqueue("GET", "/", JSONReply(), times=0)
    with pytest.raises(TypeError):
        server.enqueue("GET", "/", {"not": "a reply"})  # type: ignore[arg-type]


def test_json_and_raw_replies(server):
    server.enqueue("POST", "/api/copy", JSONReply(None))
    server.enqueue("POST", "/api/chat", JSONReply({"error": "busy"}, status=503, headers={"Retry-After": "1"}))
    server.enqueue("POST", "/api/chat", JSONReply(b"{broken", status=200))
    server.enqueue("GET", "/api/tags", RawReply(b"<html>\xff bad gateway</html>", status=502, content_type="text/html"))
    server.enqueue("GET", "/api/ps", RawReply(b"", status=403, content_type=None))
    server.enqueue(
        "GET", "/api/version", JSONReply({"text": "<a&b>"}, headers={"content-type": "application/x-custom"})
    )
    empty = call(server, "POST", "/api/copy", {})
    assert (empty.status, empty.body, empty.headers["Content-Length"]) == (200, b"", "0")
    busy = call(server, "POST", "/api/chat", {})
    assert (busy.status, busy.json(), busy.headers["Retry-After"]) == (503, {"error": "busy"}, "1")
    assert call(server, "POST", "/api/chat", {}).body == b"{broken"
    html = call(server, "GET", "/api/tags")
    assert (html.status, html.body, html.headers["Content-Type"]) == (
        502,
        b"<html>\xff bad gateway</html>",
        "text/html",
    )
    forbidden = call(server, "GET", "/api/ps")
    assert (forbidden.status, forbidden.body) == (403, b"") and "Content-Type" not in forbidden.headers
    custom = call(server, "GET", "/api/version")
    assert custom.headers.get_all("Content-Type") == ["application/x-custom"]
    assert custom.body == b'{"text":"\\u003ca\\u0026b\\u003e"}'


def test_ndjson_reply_bytes_lines_on_the_wire(server):
    lines = [{"a": 1}, b"not json\n", b"\xff\xfe\n", b"", b'{"last":true}']
    server.enqueue("POST", "/api/generate", NDJSONReply(lines, status=207, headers={"X-Test": "yes"}))
    status, headers, payload = split_response(raw_exchange(server, post_raw("/api/generate", b"{}")))
    assert status == "HTTP/1.1 207 Multi-Status" and headers["x-test"] == "yes"
    chunks, terminated = parse_chunks(payload)
    assert terminated
    assert chunks == [b'{"a":1}\n', b"not json\n", b"\xff\xfe\n", b'{"last":true}']


def test_ndjson_interval_and_delay(server):
    server.enqueue("POST", "/api/pull", NDJSONReply([{"i": 0}, {"i": 1}, {"i": 2}], interval=0.1, delay=0.1))
    start = time.monotonic()
    resp = call(server, "POST", "/api/pull", {})
    elapsed = time.monotonic() - start
    assert resp.lines() == [{"i": 0}, {"i": 1}, {"i": 2}]
    assert 0.28 <= elapsed < 2
    server.enqueue("GET", "/api/version", JSONReply({"v": 1}, delay=0.2))
    start = time.monotonic()
    assert call(server, "GET", "/api/version").json() == {"v": 1}
    assert time.monotonic() - start >= 0.19


def test_ndjson_drop_after_and_omit_terminator(server):
    server.enqueue("POST", "/api/chat", NDJSONReply([{"i": 0}, {"i": 1}, {"i": 2}], drop_after=2))
    server.enqueue("POST", "/api/chat", NDJSONReply([{"i": 0}, {"i": 1}], omit_terminator=True))
    status, _, payload = split_response(raw_exchange(server, post_raw("/api/chat", b"{}")))
    chunks, terminated = parse_chunks(payload)
    assert status.endswith("200 OK") and chunks == [b'{"i":0}\n', b'{"i":1}\n'] and not terminated
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    conn.request("POST", "/api/chat", body=b"{}")
    resp = conn.getresponse()
    assert resp.readline() == b'{"i":0}\n'
    assert resp.readline() == b'{"i":1}\n'
    with pytest.raises(http.client.IncompleteRead):
        resp.read()
    conn.close()


def test_hang_reply_times_out_client(server):
    server.enqueue("POST", "/api/chat", HangReply())
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=0.3)
    conn.request("POST", "/api/chat", body=b"{}")
    start = time.monotonic()
    with pytest.raises(socket.timeout):
        conn.getresponse()
    assert time.monotonic() - start >= 0.25
    conn.close()
    server.enqueue("POST", "/api/chat", HangReply(send_headers=True))
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=0.3)
    conn.request("POST", "/api/chat", body=b"{}")
    resp = conn.getresponse()
    assert resp.status == 200 and resp.getheader("Content-Type") == "application/x-ndjson"
    with pytest.raises(socket.timeout):
        resp.read(1)
    conn.close()
    assert call(server, "GET", "/api/version").status == 200  # other clients unaffected


def test_trickle_reply(server):
    server.enqueue("POST", "/api/generate", TrickleReply(interval=0.02, byte=b"."))
    with socket.create_connection(("127.0.0.1", server.port), timeout=2) as sock:
        sock.sendall(post_raw("/api/generate", b"{}"))
        data = b""
        deadline = time.monotonic() + 0.4
        while time.monotonic() < deadline:
            readable, _, _ = select.select([sock], [], [], 0.05)
            if readable:
                data += sock.recv(4096)
    status, headers, payload = split_response(data)
    assert status.endswith("200 OK") and headers["transfer-encoding"] == "chunked"
    chunks, terminated = parse_chunks(payload.rpartition(b"\r\n")[0] + b"\r\n")
    assert not terminated and len(chunks) >= 5 and set(chunks) == {b"."}


def test_drop_reply(server):
    server.enqueue("GET", "/api/tags", DropReply())
    with pytest.raises(http.client.RemoteDisconnected):
        call(server, "GET", "/api/tags")
    assert call(server, "GET", "/api/tags").status == 200


def test_reset_reply(server):
    server.enqueue("GET", "/api/tags", ResetReply())
    with socket.create_connection(("127.0.0.1", server.port), timeout=2) as sock:
        sock.sendall(b"GET /api/tags HTTP/1.1\r\nHost: x\r\n\r\n")
        with pytest.raises(ConnectionResetError):
            while sock.recv(4096):
                pass
    server.enqueue("GET", "/api/tags", ResetReply())
    with pytest.raises((ConnectionResetError, http.client.RemoteDisconnected)):
        call(server, "GET", "/api/tags")


# ---------------------------------------------------------------------------------------------
# connection handling, concurrency, shutdown


def test_keep_alive_reuses_one_connection(server):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    conn.connect()
    local = conn.sock.getsockname()
    bodies = [
        ("GET", "/api/version", None),
        ("POST", "/api/generate", json.dumps({"model": "llama3.2", "prompt": "hi there"})),
        ("POST", "/api/copy", json.dumps({"source": "llama3.2", "destination": "k"})),
        ("POST", "/api/chat", json.dumps({"model": "nope", "messages": []})),
        ("HEAD", "/api/tags", None),
        ("GET", "/unknown", None),
    ]
    for _ in range(10):
        for method, path, body in bodies:
            conn.request(method, path, body=body)
            resp = conn.getresponse()
            resp.read()
            assert not resp.will_close
    assert conn.sock.getsockname() == local
    assert len(server.requests) == 60
    conn.close()


def test_concurrent_clients(server):
    errors: list[BaseException] = []

    def worker(index: int) -> None:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
            for j in range(15):
                conn.request("POST", "/api/chat", body=json.dumps(
                    {"model": "llama3.2", "messages": [{"role": "user", "content": f"{index}-{j}"}], "stream": j % 2 == 0}
                ))  # fmt: skip
                text = conn.getresponse().read()
                assert f"{index}-{j}".encode() in text
            conn.close()
        except BaseException as error:
            errors.append(error)

    server.enqueue("GET", "/api/version", JSONReply({"v": "scripted"}), times=None)
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert errors == []
    assert len(server.requests_to("POST", "/api/chat")) == 16 * 15


def test_throughput_of_small_json_requests(server):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    count = 600
    start = time.perf_counter()
    for _ in range(count):
        conn.request("GET", "/api/version")
        conn.getresponse().read()
    rate = count / (time.perf_counter() - start)
    conn.close()
    assert rate > 600, f"only {rate:.0f} req/s"


def test_stop_is_prompt_with_hung_trickling_and_idle_connections():
    baseline = threading.active_count()
    srv = OllamaTestServer().start()
    srv.enqueue("POST", "/api/chat", HangReply())
    srv.enqueue("POST", "/api/generate", TrickleReply(interval=0.01))
    srv.enqueue("POST", "/api/pull", NDJSONReply([{"i": 1}] * 5, interval=5))
    socks = []
    for path in ("/api/chat", "/api/generate", "/api/pull"):
        sock = socket.create_connection(("127.0.0.1", srv.port), timeout=3)
        sock.sendall(post_raw(path, b"{}"))
        socks.append(sock)
    idle = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=3)
    idle.request("GET", "/api/version")
    idle.getresponse().read()
    srv.wait_for_requests(4, timeout=2)
    time.sleep(0.1)
    start = time.monotonic()
    srv.stop()
    assert time.monotonic() - start < 2.0
    for sock in [*socks, idle.sock]:  # every client socket sees the connection end
        sock.settimeout(2)
        try:
            while sock.recv(65536):
                pass
        except ConnectionResetError:
            pass
        sock.close()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", srv.port), timeout=1).close()
    deadline = time.monotonic() + 2
    while threading.active_count() > baseline and time.monotonic() < deadline:
        time.sleep(0.02)
    assert threading.active_count() <= baseline


def test_malformed_requests_get_plain_400(server):
    status, headers, body = split_response(raw_exchange(server, b"HELLO\r\n\r\n"))
    assert status == "HTTP/1.1 400 Bad Request" and body == b"400 Bad Request"
    bad_length = b"POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Length: zz\r\n\r\n"
    status, headers, _ = split_response(raw_exchange(server, bad_length))
    assert status == "HTTP/1.1 400 Bad Request" and headers["connection"] == "close"
    assert call(server, "GET", "/api/version").status == 200


def test_client_disconnect_mid_stream_is_quiet(capfd):
    with OllamaTestServer() as srv:
        srv.enqueue("POST", "/api/generate", NDJSONReply([{"i": i} for i in range(200)], interval=0.002))
        with socket.create_connection(("127.0.0.1", srv.port), timeout=2) as sock:
            sock.sendall(post_raw("/api/generate", b"{}"))
            sock.recv(100)
        time.sleep(0.2)
        assert call(srv, "GET", "/api/version").status == 200
    out, err = capfd.readouterr()
    assert "Traceback" not in err and "Traceback" not in out
    assert err == ""


def test_module_entry_point_runs_and_stops():
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen(
        [sys.executable, "-m", "ollama_python.testing", "--port", "0", "--model", "tiny"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=str(REPO_ROOT),
        env=env,
    )
    try:
        url = proc.stdout.readline().decode().strip()
        match = re.fullmatch(r"http://127\.0\.0\.1:(\d+)", url)
        assert match, url
        conn = http.client.HTTPConnection("127.0.0.1", int(match.group(1)), timeout=5)
        conn.request("GET", "/api/tags")
        body = json.loads(conn.getresponse().read())
        assert [m["name"] for m in body["models"]] == ["tiny:latest"]
        conn.close()
        proc.terminate()
        assert proc.wait(timeout=5) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()
