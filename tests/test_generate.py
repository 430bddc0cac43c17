"""GenerateAPI.generate against a real loopback server: what goes on the wire and what comes back."""

from __future__ import annotations

import base64
from datetime import datetime, timedelta, timezone

import pytest

from ollama_python import GenerateAPI, GenerateResponse, Options, Stream
from ollama_python.testing import JSONReply, NDJSONReply, OllamaTestServer, generate_chunk

# The reference's streamed example (§2), final object kept literal to pin its exact shape.
FINAL = {
    "model": "llama3.2",
    "created_at": "2025-10-17T23:14:07.414671Z",
    "response": "",
    "done": True,
    "done_reason": "stop",
    "context": [1, 2, 3],
    "total_duration": 174560334,
    "load_duration": 101397084,
    "prompt_eval_count": 11,
    "prompt_eval_duration": 13074791,
    "eval_count": 18,
    "eval_duration": 52479709,
}


def test_generate_sends_model_prompt_and_stream_false(server: OllamaTestServer) -> None:
    gen = GenerateAPI(server.url + "/api", model="llama3.2")

    result = gen.generate("Why is the sky blue?")

    request = server.last_request
    assert request is not None
    assert (request.method, request.path) == ("POST", "/api/generate")
    assert request.json == {"model": "llama3.2", "prompt": "Why is the sky blue?", "stream": False}
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["User-Agent"].startswith("ollama-python/")
    assert isinstance(result, GenerateResponse)
    assert result.response == "You said: Why is the sky blue?"
    assert result.done and result.done_reason == "stop"


def test_generate_sends_every_parameter(server: OllamaTestServer, tmp_path) -> None:
    image = b"\x89PNG\r\n\x1a\nfake-png"
    server.enqueue("POST", "/api/generate", JSONReply(FINAL))
    gen = GenerateAPI(server.url, model="ignored-default")

    gen.generate(
        "def gcd(a, b):",
        model="codellama:code",
        suffix="    return result",
        system="You write Python.",
        template="{{ .Prompt }}",
        context=[1, 2, 3],
        images=[image],
        format={"type": "object"},
        options=Options(temperature=0, seed=42, stop=["\n\n"]),
        think="high",
        raw=False,
        keep_alive=timedelta(minutes=5),
        truncate=True,
        shift=False,
        logprobs=True,
        top_logprobs=3,
    )

    assert server.last_request.json == {
        "model": "codellama:code",
        "prompt": "def gcd(a, b):",
        "suffix": "    return result",
        "system": "You write Python.",
        "template": "{{ .Prompt }}",
        "context": [1, 2, 3],
        "images": [base64.b64encode(image).decode()],
        "format": {"type": "object"},
        "options": {"temperature": 0, "seed": 42, "stop": ["\n\n"]},
        "think": "high",
        "raw": False,
        "keep_alive": 300.0,
        "truncate": True,
        "shift": False,
        "logprobs": True,
        "top_logprobs": 3,
        "stream": False,
    }


def test_none_means_not_sent(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/generate", JSONReply(FINAL))
    GenerateAPI(server.url, model="llama3.2").generate("hi", system=None, options=None, think=None)
    assert server.last_request.json == {"model": "llama3.2", "prompt": "hi", "stream": False}


def test_final_fields_and_metric_helpers_are_parsed(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/generate", JSONReply(FINAL))

    result = GenerateAPI(server.url, model="llama3.2").generate("hi")

    assert result.created_at == datetime(2025, 10, 17, 23, 14, 7, 414671, tzinfo=timezone.utc)
    assert result.context == [1, 2, 3]
    assert result.eval_count == 18 and result.eval_duration == 52479709
    assert result.total_seconds == pytest.approx(0.174560334)
    assert result.tokens_per_second == pytest.approx(18 / 0.052479709)
    assert result["done_reason"] == "stop" and "thinking" not in result


def test_streamed_generate_yields_typed_chunks_until_done(server: OllamaTestServer) -> None:
    chunks = [
        generate_chunk("The", created_at="2025-10-17T23:14:07.301873Z"),
        generate_chunk(" sky", created_at="2025-10-17T23:14:07.313092Z"),
        FINAL,
    ]
    server.enqueue("POST", "/api/generate", NDJSONReply(chunks))

    stream = GenerateAPI(server.url, model="llama3.2").generate("Why?", stream=True)

    assert isinstance(stream, Stream)
    parts = list(stream)
    assert [part.response for part in parts] == ["The", " sky", ""]
    assert [part.done for part in parts] == [False, False, True]
    assert parts[-1].eval_count == 18
    assert server.last_request.json["stream"] is True


def test_model_per_call_overrides_the_bound_one(server: OllamaTestServer) -> None:
    gen = GenerateAPI(server.url, model="llama3.2")
    gen.generate("hi", model="qwen3")
    assert server.last_request.json["model"] == "qwen3"


def test_empty_prompt_loads_the_model(server: OllamaTestServer) -> None:
    result = GenerateAPI(server.url, model="llama3.2").generate(keep_alive=0)
    assert server.last_request.json == {"model": "llama3.2", "keep_alive": 0, "stream": False}
    assert result.done_reason == "unload"
