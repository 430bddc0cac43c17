"""The reference-reply builders of ``ollama_python.testing``, as a user's test suite uses them."""

from __future__ import annotations

import pytest

from ollama_python import Client, ConnectionError, GenerateAPI
from ollama_python.testing import (
    JSONReply,
    NDJSONReply,
    OllamaTestServer,
    chat_chunk,
    chat_final,
    free_port,
    generate_chunk,
    generate_final,
    generate_stream,
)


def test_generate_builders_are_the_servers_shapes() -> None:
    assert generate_chunk("Hi") == {
        "model": "llama3.2",
        "created_at": "2025-10-26T17:15:24Z",
        "response": "Hi",
        "done": False,
    }
    assert generate_final(eval_count=3, model="m") == {
        "model": "m",
        "created_at": "2025-10-26T17:15:24Z",
        "response": "",
        "done": True,
        "done_reason": "stop",
        "eval_count": 3,
    }
    assert "done_reason" not in generate_final(done_reason=None)


def test_chat_builders_are_the_servers_shapes() -> None:
    assert chat_chunk("a", thinking="hmm")["message"] == {"role": "assistant", "content": "a", "thinking": "hmm"}
    assert "thinking" not in chat_chunk("a")["message"]
    assert chat_final("done")["message"] == {"role": "assistant", "content": "done"}
    assert chat_final()["done"] is True


def test_chat_builders_carry_tool_calls_and_thinking_in_the_message() -> None:
    call = {"function": {"name": "get_weather", "arguments": {"city": "Paris"}}}
    assert chat_final("", thinking="need weather", tool_calls=[call], model="qwen3")["message"] == {
        "role": "assistant",
        "content": "",
        "thinking": "need weather",
        "tool_calls": [call],
    }
    assert chat_chunk(tool_calls=[call])["message"]["tool_calls"] == [call]
    assert "tool_calls" not in chat_final("x")["message"]


def test_tool_calls_built_into_a_stream_reach_the_caller(server: OllamaTestServer) -> None:
    call = {"id": "call_a", "function": {"index": 0, "name": "get_weather", "arguments": {"city": "Paris"}}}
    server.enqueue("POST", "/api/chat", NDJSONReply([chat_chunk(thinking="hmm"), chat_final(tool_calls=[call])]))
    parts = list(Client(server.url).chat("llama3.2", [{"role": "user", "content": "weather?"}], stream=True))
    calls = parts[-1].message.tool_calls
    assert calls is not None and calls[0].id == "call_a"
    assert (calls[0].function.name, calls[0].function.arguments) == ("get_weather", {"city": "Paris"})


def test_a_stream_built_from_them_is_read_whole(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/generate", generate_stream(["Hel", "lo"], final=generate_final(eval_count=2)))
    stream = GenerateAPI(server.url, model="llama3.2").generate("hi", stream=True)
    assert [part.response for part in stream] == ["Hel", "lo", ""]
    assert stream.response.response == "Hello"
    assert stream.response.eval_count == 2


def test_chat_replies_built_from_them_parse(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/chat", NDJSONReply([chat_chunk("4", thinking="2+2"), chat_final()]))
    server.enqueue("POST", "/api/chat", JSONReply(chat_final("4")))
    client = Client(server.url)
    parts = list(client.chat("llama3.2", [{"role": "user", "content": "2+2?"}], stream=True))
    assert parts[0].message.thinking == "2+2" and parts[-1].done
    assert client.chat("llama3.2", [{"role": "user", "content": "2+2?"}]).message.content == "4"


def test_free_port_has_no_listener() -> None:
    with pytest.raises(ConnectionError):
        GenerateAPI(f"http://127.0.0.1:{free_port()}", model="m", max_retries=0, timeout=3).generate("hi")
