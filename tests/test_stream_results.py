"""Streams that finish the job: the whole answer gathered from the chunks, with optional echo."""

from __future__ import annotations

import io

import pytest

from ollama_python import GenerateAPI, ModelManagementAPI, ProgressResponse
from ollama_python.testing import NDJSONReply, OllamaTestServer, chat_chunk, chat_final

TS = "2025-07-07T20:32:53.844124Z"
CHAT_CHUNKS = [
    chat_chunk(thinking="The user ", model="qwen3", created_at=TS),
    chat_chunk(thinking="wants weather.", model="qwen3", created_at=TS),
    chat_chunk(
        tool_calls=[{"id": "call_a", "function": {"index": 0, "name": "get_weather", "arguments": {"city": "Paris"}}}],
        model="qwen3",
        created_at=TS,
        logprobs=[{"token": "x", "logprob": -0.5}],
    ),
    chat_chunk("It is ", model="qwen3", created_at=TS),
    chat_final(
        "sunny.",
        tool_calls=[{"id": "call_b", "function": {"index": 1, "name": "get_time", "arguments": {}}}],
        model="qwen3",
        created_at=TS,
        logprobs=[{"token": "y", "logprob": -0.25}],
        eval_count=7,
        eval_duration=70000000,
    ),
]


def test_collect_gathers_text_thinking_tool_calls_and_final_metrics(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/chat", NDJSONReply(CHAT_CHUNKS))

    reply = (
        GenerateAPI(server.url, model="qwen3").chat([{"role": "user", "content": "weather?"}], stream=True).collect()
    )

    assert reply.message.content == "It is sunny."
    assert reply.message.thinking == "The user wants weather."
    assert [call.id for call in reply.message.tool_calls or []] == ["call_a", "call_b"]
    assert [call.function.index for call in reply.message.tool_calls or []] == [0, 1]
    assert [p.token for p in reply.logprobs or []] == ["x", "y"]
    assert reply.done and reply.done_reason == "stop"
    assert reply.eval_count == 7 and reply.tokens_per_second == pytest.approx(100.0)
    assert reply["message"]["content"] == "It is sunny."


def test_response_grows_while_iterating(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/chat", NDJSONReply(CHAT_CHUNKS))
    stream = GenerateAPI(server.url, model="qwen3").chat([{"role": "user", "content": "x"}], stream=True)

    assert stream.response is None
    seen = []
    for _chunk in stream:
        assert stream.response is not None
        seen.append(stream.response.message.content)

    assert seen == ["", "", "", "It is ", "It is sunny."]
    assert stream.response.done


def test_collect_echo_prints_text_as_it_arrives(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/chat", NDJSONReply(CHAT_CHUNKS))
    out = io.StringIO()

    reply = (
        GenerateAPI(server.url, model="qwen3").chat([{"role": "user", "content": "x"}], stream=True).collect(echo=out)
    )

    assert out.getvalue() == "It is sunny.\n"
    assert reply.message.content == "It is sunny."


def test_collect_echo_true_prints_to_stdout(server: OllamaTestServer, capsys: pytest.CaptureFixture[str]) -> None:
    reply = GenerateAPI(server.url, model="llama3.2").generate("hello there", stream=True).collect(echo=True)

    assert capsys.readouterr().out == "You said: hello there\n"
    assert reply.response == "You said: hello there"
    assert server.last_request.json["stream"] is True


def test_generate_collect_after_partial_iteration_keeps_the_earlier_chunks(server: OllamaTestServer) -> None:
    stream = GenerateAPI(server.url, model="llama3.2").generate("one two three", stream=True)
    first = next(stream)

    reply = stream.collect()

    assert first.response == "You"
    assert reply.response == "You said: one two three"
    assert reply.context and reply.eval_count


def test_progress_stream_collects_its_final_report(server: OllamaTestServer) -> None:
    reply = ModelManagementAPI(server.url).pull("phi3", stream=True).collect(echo=io.StringIO())
    assert isinstance(reply, ProgressResponse) and reply.status == "success"


def test_empty_stream_cannot_be_collected(server: OllamaTestServer) -> None:
    from ollama_python import InvalidResponseError

    server.enqueue("POST", "/api/generate", NDJSONReply([]))
    with pytest.raises(InvalidResponseError):
        GenerateAPI(server.url, model="llama3.2").generate("x", stream=True).collect()
