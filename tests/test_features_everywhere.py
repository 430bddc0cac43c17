"""Structured output and function tools: sync and async, endpoint classes and Client, on the wire."""

from __future__ import annotations

import asyncio
import dataclasses
import enum
from typing import Literal, TypedDict

import pytest

from ollama_python import Client, GenerateAPI, StructuredOutputError
from ollama_python.testing import JSONReply, NDJSONReply, OllamaTestServer, chat_chunk, chat_final, generate_final
from ollama_python.tools import arun_tool_calls, run_tool_calls

httpx = pytest.importorskip("httpx", reason="the async extra is not installed")
from ollama_python import AsyncClient  # noqa: E402  (needs httpx)
from ollama_python.endpoints import AsyncGenerateAPI  # noqa: E402


class Mood(enum.Enum):
    HAPPY = "happy"
    SAD = "sad"


@dataclasses.dataclass
class Person:
    name: str
    age: int
    mood: Mood


class Point(TypedDict):
    x: float
    y: float


PERSON_JSON = '{"name": "Ada", "age": 36, "mood": "happy"}'


def test_generate_parses_into_a_dataclass(server: OllamaTestServer) -> None:
    server.enqueue(
        "POST",
        "/api/generate",
        JSONReply(generate_final(PERSON_JSON)),
    )

    response = GenerateAPI(server.url, model="llama3.2").generate("Who?", format=Person)

    assert response.parsed == Person("Ada", 36, Mood.HAPPY)
    assert server.last_request.json["format"]["properties"]["mood"]["enum"] == ["happy", "sad"]


def test_streamed_chat_is_parsed_on_the_whole_answer(server: OllamaTestServer) -> None:
    pieces = ['{"name": "Ada", ', '"age": 36, ', '"mood": "sad"}']
    chunks = [chat_chunk(piece) for piece in pieces] + [chat_final()]
    server.enqueue("POST", "/api/chat", NDJSONReply(chunks))

    with GenerateAPI(server.url, model="llama3.2").chat(
        [{"role": "user", "content": "?"}], format=Person, stream=True
    ) as s:
        assert all(chunk.parsed is None for chunk in s)  # chunks are fragments: nothing to parse
        assert s.response is not None and s.response.parsed == Person("Ada", 36, Mood.SAD)


def test_invalid_output_raises_with_the_raw_text(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/chat", JSONReply(chat_final('{"name": "Ada", "age": "old"}')))

    with pytest.raises(StructuredOutputError) as raised:
        Client(server.url).chat("llama3.2", [{"role": "user", "content": "?"}], format=Person)

    assert raised.value.raw == '{"name": "Ada", "age": "old"}'
    assert raised.value.path in ("age", "mood")


def test_client_typed_dict_and_async_client(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/chat", JSONReply(chat_final('{"x": 1.5, "y": -2}')), times=2)

    sync = Client(server.url).chat("llama3.2", [{"role": "user", "content": "?"}], format=Point)

    async def run() -> object:
        async with AsyncClient(server.url) as client:
            return (await client.chat("llama3.2", [{"role": "user", "content": "?"}], format=Point)).parsed

    assert sync.parsed == {"x": 1.5, "y": -2.0} == asyncio.run(run())
    first, second = server.requests_to("POST", "/api/chat")
    assert first.json == second.json  # the same request body from sync and async


def test_pydantic_model_as_format(server: OllamaTestServer) -> None:
    pydantic = pytest.importorskip("pydantic", reason="pydantic is not installed")

    class City(pydantic.BaseModel):
        name: str
        population: int

    server.enqueue("POST", "/api/chat", JSONReply(chat_final('{"name": "Oslo", "population": 709000}')))
    response = GenerateAPI(server.url, model="llama3.2").chat([{"role": "user", "content": "?"}], format=City)
    assert response.parsed == City(name="Oslo", population=709000)
    assert server.last_request.json["format"]["required"] == ["name", "population"]


def get_weather(city: str, unit: Literal["celsius", "fahrenheit"] = "celsius") -> str:
    """Get the current weather in a city.

    Args:
        city: The city's name.
        unit: The temperature unit.
    """
    return f"11 degrees {unit} in {city}"


async def get_time(city: str) -> str:
    """Get the local time in a city.

    Args:
        city: The city's name.
    """
    return f"10:00 in {city}"


def test_function_tools_round_trip_through_client(server: OllamaTestServer) -> None:
    client = Client(server.url)
    history = [{"role": "user", "content": "Weather in Toronto?"}]

    first = client.chat("qwen3", history, tools=[get_weather])
    sent_tool = server.last_request.json["tools"][0]["function"]
    answers = run_tool_calls(first.message.tool_calls, [get_weather])
    client.chat("qwen3", [*history, first.message, *answers], tools=[get_weather])

    assert sent_tool["name"] == "get_weather" and sent_tool["description"] == "Get the current weather in a city."
    assert sent_tool["parameters"]["properties"]["unit"]["enum"] == ["celsius", "fahrenheit"]
    assert sent_tool["parameters"]["required"] == ["city"]
    tool_message = server.last_request.json["messages"][-1]
    assert tool_message["role"] == "tool" and tool_message["tool_name"] == "get_weather"
    assert tool_message["tool_call_id"] == first.message.tool_calls[0].id
    assert "degrees celsius" in tool_message["content"]


def test_async_tools_with_an_async_function(server: OllamaTestServer) -> None:
    async def run() -> list[dict]:
        async with AsyncGenerateAPI(server.url, model="qwen3") as api:
            reply = await api.chat([{"role": "user", "content": "Time?"}], tools=[get_time])
            return await arun_tool_calls(reply.message.tool_calls, [get_time])

    (message,) = asyncio.run(run())
    assert message["content"] == "10:00 in " + message["content"].split(" in ", 1)[1]
    assert server.last_request.json["tools"][0]["function"]["name"] == "get_time"
