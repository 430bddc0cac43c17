"""GenerateAPI.chat / generate_chat_completion against a real loopback server: wire bodies and parsed replies."""

from __future__ import annotations

import base64
import dataclasses
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from ollama_python import (
    BadRequestError,
    ChatResponse,
    GenerateAPI,
    Image,
    Message,
    OllamaError,
    Options,
    RequestError,
    Stream,
    Tool,
    ToolCall,
)
from ollama_python.testing import JSONReply, NDJSONReply, OllamaTestServer, chat_chunk
from ollama_python.types import Logprob, TokenLogprob, ToolCallFunction, ToolFunction, ToolParameters

PNG = bytes.fromhex("89504e470d0a1a0a0000000d494844520000000100000001080600000000") + b"png-body"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01jpeg-body"
PNG_B64 = base64.b64encode(PNG).decode("ascii")
JPEG_B64 = base64.b64encode(JPEG).decode("ascii")

USER = {"role": "user", "content": "why is the sky blue?"}

# Reference §3.2, "Minimal example": kept literal to pin the reference's exact final object.
FINAL = {
    "model": "llama3.2",
    "created_at": "2023-08-04T19:22:45.499127Z",
    "message": {"role": "assistant", "content": ""},
    "done": True,
    "done_reason": "stop",
    "total_duration": 4883583458,
    "load_duration": 1334875,
    "prompt_eval_count": 26,
    "prompt_eval_duration": 342546000,
    "eval_count": 282,
    "eval_duration": 4535599000,
}
REPLY = {**FINAL, "message": {"role": "assistant", "content": "The sky is blue because of Rayleigh scattering."}}

# Reference §3.2, "Tool-calling round trip".
WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Get the weather in a given city",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string", "description": "The city"}},
            "required": ["city"],
        },
    },
}
TOOL_CALL = {"id": "call_3jx0q8ab", "function": {"index": 0, "name": "get_weather", "arguments": {"city": "Toronto"}}}
RESPONSE_1 = {
    "model": "qwen3",
    "created_at": "2025-07-07T20:32:53.844124Z",
    "message": {
        "role": "assistant",
        "content": "",
        "thinking": "The user wants the weather…",
        "tool_calls": [TOOL_CALL],
    },
    "done": True,
    "done_reason": "stop",
    "total_duration": 3244883583,
    "load_duration": 2969184542,
    "prompt_eval_count": 169,
    "prompt_eval_duration": 141656333,
    "eval_count": 18,
    "eval_duration": 133293625,
}
RESPONSE_2 = {
    "model": "qwen3",
    "created_at": "2025-07-07T20:32:55.112233Z",
    "message": {"role": "assistant", "content": "It is currently 11°C in Toronto."},
    "done": True,
    "done_reason": "stop",
    "total_duration": 412345678,
    "load_duration": 1234567,
    "prompt_eval_count": 201,
    "prompt_eval_duration": 23456789,
    "eval_count": 12,
    "eval_duration": 98765432,
}

# Reference §2.6.
LOGPROBS = [
    {
        "token": "Hello",
        "logprob": -0.0123,
        "bytes": [72, 101, 108, 108, 111],
        "top_logprobs": [
            {"token": "Hello", "logprob": -0.0123, "bytes": [72, 101, 108, 108, 111]},
            {"token": "Hi", "logprob": -4.61, "bytes": [72, 105]},
        ],
    }
]


# Reference §3.2, a streamed chunk's timestamp (nanoseconds, which the SDK truncates to microseconds).
STAMP = "2023-08-04T08:52:19.385406455Z"


def wire(server: OllamaTestServer) -> dict:
    """The JSON body of the one request the server received, after checking method and path."""
    assert len(server.requests) == 1
    request = server.last_request
    assert request is not None
    assert (request.method, request.path) == ("POST", "/api/chat")
    assert request.headers["Content-Type"] == "application/json"
    return request.json


# ---------------------------------------------------------------------------------------------
# request bodies


def test_minimal_chat_sends_model_messages_and_stream_false(server: OllamaTestServer) -> None:
    gen = GenerateAPI(server.url, model="llama3.2")

    result = gen.generate_chat_completion([USER])

    assert wire(server) == {"model": "llama3.2", "messages": [USER], "stream": False}
    assert isinstance(result, ChatResponse)
    assert result.message.role == "assistant"
    assert result.message.content == "You said: why is the sky blue?"
    assert result.done is True and result.done_reason == "stop"


def test_chat_is_an_alias_of_generate_chat_completion(server: OllamaTestServer) -> None:
    gen = GenerateAPI(server.url + "/api", model="llama3.2")

    gen.chat(messages=[USER])

    assert wire(server) == {"model": "llama3.2", "messages": [USER], "stream": False}
    assert GenerateAPI.chat is GenerateAPI.generate_chat_completion


def test_dict_messages_are_sent_as_given_without_none_values(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/chat", JSONReply(REPLY))
    messages = [
        {"role": "system", "content": "You are terse."},
        {"role": "user", "content": "Hi", "images": None},
        {"role": "assistant", "content": "Hello.", "thinking": "Greet back."},
        {"role": "user", "content": "why is the sky blue?"},
    ]

    GenerateAPI(server.url, model="llama3.2").chat(messages)

    assert wire(server) == {
        "model": "llama3.2",
        "messages": [
            {"role": "system", "content": "You are terse."},
            {"role": "user", "content": "Hi"},
            {"role": "assistant", "content": "Hello.", "thinking": "Greet back."},
            {"role": "user", "content": "why is the sky blue?"},
        ],
        "stream": False,
    }


def test_message_objects_are_serialised_without_unset_fields(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/chat", JSONReply(REPLY))

    GenerateAPI(server.url, model="llama3.2").chat(
        [
            Message(role="system", content="You are terse."),
            Message(role="user", content="Hi"),
            Message(role="assistant", content="Hello.", thinking="Greet back."),
        ]
    )

    assert wire(server)["messages"] == [
        {"role": "system", "content": "You are terse."},
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hello.", "thinking": "Greet back."},
    ]


def test_images_in_dict_messages_are_plain_base64(server: OllamaTestServer, tmp_path: Path) -> None:
    server.enqueue("POST", "/api/chat", JSONReply(REPLY))
    png_file = tmp_path / "sky.png"
    png_file.write_bytes(PNG)
    jpeg_file = tmp_path / "grass.jpg"
    jpeg_file.write_bytes(JPEG)

    GenerateAPI(server.url, model="llama3.2").chat(
        [
            {
                "role": "user",
                "content": "what is in these images?",
                "images": [
                    PNG,  # bytes
                    png_file,  # pathlib.Path
                    str(jpeg_file),  # path as text
                    JPEG_B64,  # already base64
                    "data:image/png;base64," + PNG_B64,  # data URL: the prefix is not accepted by the server
                    Image(JPEG),  # wrapper
                ],
            }
        ]
    )

    assert wire(server)["messages"] == [
        {
            "role": "user",
            "content": "what is in these images?",
            "images": [PNG_B64, PNG_B64, JPEG_B64, JPEG_B64, PNG_B64, JPEG_B64],
        }
    ]
    assert base64.b64decode(wire(server)["messages"][0]["images"][0], validate=True) == PNG


def test_images_in_message_objects_are_plain_base64(server: OllamaTestServer, tmp_path: Path) -> None:
    server.enqueue("POST", "/api/chat", JSONReply(REPLY))
    png_file = tmp_path / "sky.png"
    png_file.write_bytes(PNG)

    GenerateAPI(server.url, model="llama3.2").chat(
        [Message(role="user", content="describe", images=[JPEG, png_file, PNG_B64, Image(str(png_file))])]
    )

    assert wire(server)["messages"] == [
        {"role": "user", "content": "describe", "images": [JPEG_B64, PNG_B64, PNG_B64, PNG_B64]}
    ]


def test_invalid_image_is_refused_before_sending(server: OllamaTestServer, tmp_path: Path) -> None:
    gen = GenerateAPI(server.url, model="llama3.2")

    with pytest.raises(RequestError):
        gen.chat([{"role": "user", "content": "x", "images": [str(tmp_path / "missing.png")]}])

    assert server.requests == []


def test_tool_call_replay_and_tool_messages_with_message_objects(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/chat", JSONReply(RESPONSE_2))

    GenerateAPI(server.url, model="qwen3").chat(
        [
            Message(role="user", content="Weather in Toronto and Paris?"),
            Message(
                role="assistant",
                content="",
                tool_calls=[
                    ToolCall(
                        id="call_3jx0q8ab",
                        function=ToolCallFunction(index=0, name="get_weather", arguments={"city": "Toronto"}),
                    ),
                    ToolCall(
                        id="call_k2x8a0qz",
                        function=ToolCallFunction(index=1, name="get_weather", arguments={"city": "Paris"}),
                    ),
                ],
            ),
            Message(role="tool", content="11 degrees celsius", tool_name="get_weather", tool_call_id="call_3jx0q8ab"),
            Message(role="tool", content="14 degrees celsius", tool_name="get_weather", tool_call_id="call_k2x8a0qz"),
        ]
    )

    assert wire(server)["messages"] == [
        {"role": "user", "content": "Weather in Toronto and Paris?"},
        {
            "role": "assistant",
            "content": "",
            "tool_calls": [
                {
                    "id": "call_3jx0q8ab",
                    "function": {"index": 0, "name": "get_weather", "arguments": {"city": "Toronto"}},
                },
                {
                    "id": "call_k2x8a0qz",
                    "function": {"index": 1, "name": "get_weather", "arguments": {"city": "Paris"}},
                },
            ],
        },
        {"role": "tool", "content": "11 degrees celsius", "tool_name": "get_weather", "tool_call_id": "call_3jx0q8ab"},
        {"role": "tool", "content": "14 degrees celsius", "tool_name": "get_weather", "tool_call_id": "call_k2x8a0qz"},
    ]


def test_tool_call_replay_in_dicts_keeps_id_and_index_and_decodes_json_text_arguments(
    server: OllamaTestServer,
) -> None:
    server.enqueue("POST", "/api/chat", JSONReply(RESPONSE_2))

    GenerateAPI(server.url, model="qwen3").chat(
        [
            {"role": "user", "content": "Weather in Toronto?"},
            {
                "role": "assistant",
                "content": "",
                "tool_calls": [
                    TOOL_CALL,
                    # OpenAI-style JSON text: the server only decodes an object (reference §2.2).
                    {"function": {"name": "get_time", "arguments": '{"zone": "America/Toronto"}'}},
                ],
            },
            {
                "role": "tool",
                "content": "11 degrees celsius",
                "tool_name": "get_weather",
                "tool_call_id": "call_3jx0q8ab",
            },
        ]
    )

    assert wire(server)["messages"][1] == {
        "role": "assistant",
        "content": "",
        "tool_calls": [
            TOOL_CALL,
            {"function": {"name": "get_time", "arguments": {"zone": "America/Toronto"}}},
        ],
    }
    assert wire(server)["messages"][2] == {
        "role": "tool",
        "content": "11 degrees celsius",
        "tool_name": "get_weather",
        "tool_call_id": "call_3jx0q8ab",
    }


def test_tool_dicts_are_sent_exactly_as_given(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/chat", JSONReply(RESPONSE_1))
    # Keys the server drops (additionalProperties, default, minimum...) are still the caller's business.
    exotic = {
        "type": "function",
        "function": {
            "name": "convert",
            "parameters": {
                "type": "object",
                "$defs": {"unit": {"type": "string", "enum": ["c", "f"]}},
                "properties": {
                    "value": {"type": ["number", "null"], "minimum": 0},
                    "unit": {"anyOf": [{"type": "string"}], "default": "c"},
                },
                "required": ["value"],
                "additionalProperties": False,
            },
        },
    }

    GenerateAPI(server.url, model="qwen3").chat([USER], tools=[WEATHER_TOOL, exotic])

    assert wire(server)["tools"] == [WEATHER_TOOL, exotic]


def test_tool_dataclasses_are_serialised_like_the_reference_shape(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/chat", JSONReply(RESPONSE_1))
    tool = Tool(
        type="function",
        function=ToolFunction(
            name="get_weather",
            description="Get the weather in a given city",
            parameters=ToolParameters(
                type="object",
                properties={"city": {"type": "string", "description": "The city"}},
                required=["city"],
            ),
        ),
    )
    minimal = Tool(function=ToolFunction(name="now"))

    GenerateAPI(server.url, model="qwen3").chat([USER], tools=[tool, minimal])

    assert wire(server)["tools"] == [WEATHER_TOOL, {"type": "function", "function": {"name": "now"}}]


def test_callable_tools_are_converted_to_tool_definitions(server: OllamaTestServer) -> None:
    """``ToolInput`` (``_params.py``) declares plain functions as accepted tools."""
    server.enqueue("POST", "/api/chat", JSONReply(RESPONSE_1))

    def get_weather(city: str) -> str:
        """Get the weather in a given city."""
        return f"sunny in {city}"

    GenerateAPI(server.url, model="qwen3").chat([USER], tools=[get_weather])

    (sent,) = wire(server)["tools"]
    assert sent["type"] == "function"
    assert sent["function"]["name"] == "get_weather"
    assert sent["function"]["description"].startswith("Get the weather in a given city")
    assert sent["function"]["parameters"]["type"] == "object"
    assert sent["function"]["parameters"]["properties"]["city"]["type"] == "string"
    assert sent["function"]["parameters"]["required"] == ["city"]


@pytest.mark.parametrize(
    "fmt",
    [
        "json",
        {
            "type": "object",
            "properties": {"age": {"type": "integer"}, "available": {"type": "boolean"}},
            "required": ["age", "available"],
        },
    ],
)
def test_format_json_or_schema(server: OllamaTestServer, fmt: Any) -> None:
    server.enqueue("POST", "/api/chat", JSONReply(REPLY))

    GenerateAPI(server.url, model="llama3.2").chat([USER], format=fmt)

    assert wire(server) == {"model": "llama3.2", "messages": [USER], "format": fmt, "stream": False}


def test_format_empty_string_means_free_text_and_is_not_sent(server: OllamaTestServer) -> None:
    """``FormatInput`` documents ``""`` as "free text (nothing sent)"."""
    server.enqueue("POST", "/api/chat", JSONReply(REPLY))

    GenerateAPI(server.url, model="llama3.2").chat([USER], format="")

    assert "format" not in wire(server)


def test_format_from_a_dataclass_type_is_a_json_schema_and_the_reply_is_parsed(server: OllamaTestServer) -> None:
    """``FormatInput`` documents "a type (dataclass, TypedDict, pydantic model) to derive one from"."""

    @dataclasses.dataclass
    class Person:
        age: int
        available: bool

    json_reply = {**REPLY, "message": {"role": "assistant", "content": '{"age": 22, "available": true}'}}
    server.enqueue("POST", "/api/chat", JSONReply(json_reply))

    response = GenerateAPI(server.url, model="llama3.2").chat([USER], format=Person)

    schema = wire(server)["format"]
    assert isinstance(schema, dict)
    assert schema["type"] == "object"
    assert {name: spec["type"] for name, spec in schema["properties"].items()} == {
        "age": "integer",
        "available": "boolean",
    }
    assert sorted(schema["required"]) == ["age", "available"]
    assert response.parsed == Person(age=22, available=True)


def test_format_schema_as_json_text_is_refused(server: OllamaTestServer) -> None:
    with pytest.raises(RequestError):
        GenerateAPI(server.url, model="llama3.2").chat([USER], format='{"type": "object"}')
    assert server.requests == []


def test_options_dict_passes_unknown_keys_and_turns_a_stop_string_into_a_list(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/chat", JSONReply(REPLY))

    GenerateAPI(server.url, model="llama3.2").chat(
        [USER],
        options={
            "temperature": 0,
            "seed": 42,
            "num_ctx": 8192,
            "stop": "\n\n",
            "numa": True,
            "brand_new": 1.5,
            "top_k": None,
        },
    )

    assert wire(server)["options"] == {
        "temperature": 0,
        "seed": 42,
        "num_ctx": 8192,
        "stop": ["\n\n"],
        "numa": True,
        "brand_new": 1.5,
    }


def test_options_dataclass_sends_only_set_fields_and_extra_keys(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/chat", JSONReply(REPLY))
    options = Options(
        temperature=0.2, top_p=0.9, num_predict=128, use_mmap=False, stop=["<|eot_id|>"], extra={"brand_new": 7}
    )

    GenerateAPI(server.url, model="llama3.2").chat([USER], options=options)

    assert wire(server)["options"] == {
        "temperature": 0.2,
        "top_p": 0.9,
        "num_predict": 128,
        "use_mmap": False,
        "stop": ["<|eot_id|>"],
        "brand_new": 7,
    }


def test_options_dataclass_stop_string_becomes_a_list(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/chat", JSONReply(REPLY))

    GenerateAPI(server.url, model="llama3.2").chat([USER], options=Options(stop="User:"))  # type: ignore[arg-type]

    assert wire(server)["options"] == {"stop": ["User:"]}


@pytest.mark.parametrize("think", [True, False, "low", "medium", "high", "max"])
def test_think_bool_and_levels(server: OllamaTestServer, think: Any) -> None:
    server.enqueue("POST", "/api/chat", JSONReply(RESPONSE_2))

    GenerateAPI(server.url, model="qwen3").chat([USER], think=think)

    assert wire(server) == {"model": "qwen3", "messages": [USER], "think": think, "stream": False}
    assert type(wire(server)["think"]) is type(think)


def test_unknown_think_level_is_sent_and_the_server_decides(server: OllamaTestServer) -> None:
    # Servers add per-model levels: any string goes out, and the server's refusal reaches the user.
    with pytest.raises(BadRequestError, match="extreme"):
        GenerateAPI(server.url, model="qwen3").chat([USER], think="extreme")
    assert wire(server)["think"] == "extreme"


def test_think_that_is_neither_bool_nor_string_is_refused_before_sending(server: OllamaTestServer) -> None:
    with pytest.raises(RequestError, match="think"):
        GenerateAPI(server.url, model="qwen3").chat([USER], think=3)  # type: ignore[arg-type]
    assert server.requests == []


@pytest.mark.parametrize(
    ("keep_alive", "expected"),
    [
        (300, 300),
        (0, 0),
        (-1, -1),
        (0.5, 0.5),
        ("10m", "10m"),
        ("1h30m", "1h30m"),
        ("-1m", "-1m"),
        ("0", "0"),
        ("300", 300),  # a unit-less string is a 400 on the server: it must go out as seconds
        (timedelta(minutes=5), 300),
        (timedelta(hours=1, minutes=30), 5400),
    ],
)
def test_keep_alive_numbers_strings_and_timedeltas(server: OllamaTestServer, keep_alive: Any, expected: Any) -> None:
    server.enqueue("POST", "/api/chat", JSONReply(REPLY))

    GenerateAPI(server.url, model="llama3.2").chat([USER], keep_alive=keep_alive)

    sent = wire(server)["keep_alive"]
    assert sent == expected
    assert isinstance(sent, str) == isinstance(expected, str)


def test_unparsable_keep_alive_is_sent_and_the_server_says_no(server: OllamaTestServer) -> None:
    with pytest.raises(BadRequestError):
        GenerateAPI(server.url, model="llama3.2").chat([USER], keep_alive="5 minutes")
    assert wire(server)["keep_alive"] == "5 minutes"


def test_truncate_shift_logprobs_top_logprobs(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/chat", JSONReply(REPLY))

    GenerateAPI(server.url, model="llama3.2").chat([USER], truncate=False, shift=True, logprobs=True, top_logprobs=0)

    assert wire(server) == {
        "model": "llama3.2",
        "messages": [USER],
        "truncate": False,
        "shift": True,
        "logprobs": True,
        "top_logprobs": 0,
        "stream": False,
    }


def test_top_logprobs_of_another_type_is_refused(server: OllamaTestServer) -> None:
    with pytest.raises(RequestError):
        GenerateAPI(server.url, model="llama3.2").chat([USER], logprobs=True, top_logprobs=True)
    assert server.requests == []


@pytest.mark.parametrize("top", [-1, 21])
def test_top_logprobs_out_of_range_is_the_servers_to_refuse(server: OllamaTestServer, top: int) -> None:
    with pytest.raises(BadRequestError):
        GenerateAPI(server.url, model="llama3.2").chat([USER], logprobs=True, top_logprobs=top)
    assert wire(server)["top_logprobs"] == top


def test_every_parameter_together(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/chat", JSONReply(RESPONSE_1))
    schema = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}

    GenerateAPI(server.url, model="ignored-default").chat(
        [Message(role="user", content="What is the weather in Toronto?", images=[PNG])],
        model="qwen3",
        tools=[WEATHER_TOOL],
        format=schema,
        options=Options(temperature=0, seed=42, stop=["\n\n"]),
        think="high",
        keep_alive=timedelta(minutes=5),
        truncate=True,
        shift=False,
        logprobs=True,
        top_logprobs=3,
        timeout=30,
    )

    assert wire(server) == {
        "model": "qwen3",
        "messages": [{"role": "user", "content": "What is the weather in Toronto?", "images": [PNG_B64]}],
        "tools": [WEATHER_TOOL],
        "format": schema,
        "options": {"temperature": 0, "seed": 42, "stop": ["\n\n"]},
        "think": "high",
        "keep_alive": 300,
        "truncate": True,
        "shift": False,
        "logprobs": True,
        "top_logprobs": 3,
        "stream": False,
    }


def test_none_values_and_timeout_are_not_sent(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/chat", JSONReply(REPLY))

    GenerateAPI(server.url, model="llama3.2").chat(
        [USER], tools=None, format=None, options=None, think=None, keep_alive=None, truncate=None, timeout=(5, 60)
    )

    assert wire(server) == {"model": "llama3.2", "messages": [USER], "stream": False}


def test_model_argument_overrides_the_bound_model(server: OllamaTestServer) -> None:
    gen = GenerateAPI(server.url, model="llama3.2")

    result = gen.chat([USER], model="qwen3")

    assert wire(server)["model"] == "qwen3"
    assert result.model == "qwen3"
    assert gen.model == "llama3.2"


def test_model_passed_per_call_without_a_bound_model(server: OllamaTestServer) -> None:
    GenerateAPI(server.url).chat([USER], model="llama3.2")
    assert wire(server) == {"model": "llama3.2", "messages": [USER], "stream": False}


def test_no_model_at_all_is_refused_before_sending(server: OllamaTestServer) -> None:
    with pytest.raises(RequestError):
        GenerateAPI(server.url).chat([USER])
    assert server.requests == []


def test_misspelt_keyword_is_refused_before_sending(server: OllamaTestServer) -> None:
    with pytest.raises(TypeError, match="unexpected keyword argument 'temperature'"):
        GenerateAPI(server.url, model="llama3.2").chat([USER], temperature=0.1)  # type: ignore[call-arg]
    assert server.requests == []


# ---------------------------------------------------------------------------------------------
# parsed replies


def test_reply_fields_metrics_and_timestamp_are_parsed(server: OllamaTestServer) -> None:
    reply = {**REPLY, "created_at": "2023-08-04T08:52:19.385406455Z"}
    server.enqueue("POST", "/api/chat", JSONReply(reply))

    result = GenerateAPI(server.url, model="llama3.2").chat([USER])

    assert result.model == "llama3.2"
    assert result.created_at == datetime(2023, 8, 4, 8, 52, 19, 385406, tzinfo=timezone.utc)
    assert result.message == Message(role="assistant", content="The sky is blue because of Rayleigh scattering.")
    assert result.message.thinking is None and result.message.tool_calls is None
    assert result.done is True and result.done_reason == "stop"
    assert (result.total_duration, result.load_duration) == (4883583458, 1334875)
    assert (result.prompt_eval_count, result.prompt_eval_duration) == (26, 342546000)
    assert (result.eval_count, result.eval_duration) == (282, 4535599000)
    assert result.total_seconds == pytest.approx(4.883583458)
    assert result.tokens_per_second == pytest.approx(282 / 4.535599)
    assert result.logprobs is None


def test_timestamp_with_numeric_offset_is_parsed(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/chat", JSONReply({**REPLY, "created_at": "2023-08-04T08:52:19.385406455-07:00"}))

    result = GenerateAPI(server.url, model="llama3.2").chat([USER])

    assert result.created_at == datetime(2023, 8, 4, 15, 52, 19, 385406, tzinfo=timezone.utc)
    assert result.created_at.utcoffset() == timedelta(hours=-7)


def test_thinking_and_tool_calls_are_parsed(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/chat", JSONReply(RESPONSE_1))

    result = GenerateAPI(server.url, model="qwen3").chat([USER], tools=[WEATHER_TOOL])

    assert result.message.content == ""
    assert result.message.thinking == "The user wants the weather…"
    assert result.message.tool_calls is not None
    (call,) = result.message.tool_calls
    assert isinstance(call, ToolCall)
    assert call.id == "call_3jx0q8ab"
    assert isinstance(call.function, ToolCallFunction)
    assert call.function.index == 0
    assert call.function.name == "get_weather"
    assert call.function.arguments == {"city": "Toronto"}
    assert result.created_at == datetime(2025, 7, 7, 20, 32, 53, 844124, tzinfo=timezone.utc)


def test_several_tool_calls_keep_order_and_index(server: OllamaTestServer) -> None:
    calls = [
        {"id": "call_aaaaaaa1", "function": {"index": 0, "name": "get_weather", "arguments": {"city": "Toronto"}}},
        {"function": {"index": 1, "name": "get_time", "arguments": {"zone": "EST", "format": {"h24": True}}}},
    ]
    server.enqueue(
        "POST",
        "/api/chat",
        JSONReply({**RESPONSE_1, "message": {"role": "assistant", "content": "", "tool_calls": calls}}),
    )

    result = GenerateAPI(server.url, model="qwen3").chat([USER], tools=[WEATHER_TOOL])

    assert result.message.tool_calls is not None
    assert [(c.id, c.function.index, c.function.name) for c in result.message.tool_calls] == [
        ("call_aaaaaaa1", 0, "get_weather"),
        (None, 1, "get_time"),
    ]
    assert result.message.tool_calls[1].function.arguments == {"zone": "EST", "format": {"h24": True}}


def test_logprobs_with_top_logprobs_are_parsed(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/chat", JSONReply({**REPLY, "logprobs": LOGPROBS}))

    result = GenerateAPI(server.url, model="llama3.2").chat([USER], logprobs=True, top_logprobs=2)

    assert wire(server)["logprobs"] is True and wire(server)["top_logprobs"] == 2
    assert result.logprobs is not None
    (entry,) = result.logprobs
    assert isinstance(entry, Logprob)
    assert (entry.token, entry.logprob, entry.bytes) == ("Hello", -0.0123, [72, 101, 108, 108, 111])
    assert entry.top_logprobs is not None
    assert all(isinstance(alt, TokenLogprob) for alt in entry.top_logprobs)
    assert [(alt.token, alt.logprob, alt.bytes) for alt in entry.top_logprobs] == [
        ("Hello", -0.0123, [72, 101, 108, 108, 111]),
        ("Hi", -4.61, [72, 105]),
    ]


def test_done_reason_length(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/chat", JSONReply({**REPLY, "done_reason": "length"}))
    assert GenerateAPI(server.url, model="llama3.2").chat([USER], options={"num_predict": 4}).done_reason == "length"


# ---------------------------------------------------------------------------------------------
# dict-style access and unknown fields


def test_dict_style_access(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/chat", JSONReply(RESPONSE_1))

    result = GenerateAPI(server.url, model="qwen3").chat([USER], tools=[WEATHER_TOOL])

    assert result["message"]["content"] == ""
    assert result["message"]["thinking"] == "The user wants the weather…"
    assert "thinking" in result["message"]
    assert "images" not in result["message"]
    assert result["message"]["tool_calls"][0]["function"]["arguments"]["city"] == "Toronto"
    assert result["message"]["tool_calls"][0]["id"] == "call_3jx0q8ab"
    assert result["done_reason"] == "stop"
    assert result.get("done_reason") == "stop"
    assert result.get("remote_host") is None
    assert result.get("remote_host", "local") == "local"
    assert result.get("no_such_field", 0) == 0
    assert "eval_count" in result and "logprobs" not in result
    with pytest.raises(KeyError):
        result["no_such_field"]


def test_thinking_absent_from_reply_is_not_in_message(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/chat", JSONReply(REPLY))

    result = GenerateAPI(server.url, model="llama3.2").chat([USER])

    assert "thinking" not in result["message"]
    assert result["message"].get("thinking") is None
    assert result["message"].get("thinking", "") == ""


def test_unknown_fields_from_a_newer_server_are_kept(server: OllamaTestServer) -> None:
    reply = {
        **REPLY,
        "message": {
            "role": "assistant",
            "content": "hi",
            "annotations": [{"kind": "cite", "url": "https://ollama.com"}],
        },
        "new_field": {"nested": [1, 2]},
        "cache_hit_tokens": 12,
    }
    server.enqueue("POST", "/api/chat", JSONReply(reply))

    result = GenerateAPI(server.url, model="llama3.2").chat([USER])

    assert result.extra == {"new_field": {"nested": [1, 2]}, "cache_hit_tokens": 12}
    assert result["new_field"] == {"nested": [1, 2]}
    assert result.get("cache_hit_tokens") == 12
    assert "new_field" in result
    assert result.message.extra == {"annotations": [{"kind": "cite", "url": "https://ollama.com"}]}
    assert result["message"]["annotations"][0]["kind"] == "cite"
    assert result.message.content == "hi"
    assert result.eval_count == 282


# ---------------------------------------------------------------------------------------------
# load / unload


def test_empty_messages_load_the_model(server: OllamaTestServer) -> None:
    result = GenerateAPI(server.url, model="llama3.2").chat()

    assert wire(server) == {"model": "llama3.2", "stream": False}
    assert result.done is True and result.done_reason == "load"
    assert result.message == Message(role="assistant", content="")
    assert result.eval_count is None


def test_empty_messages_with_keep_alive_zero_unload_the_model(server: OllamaTestServer) -> None:
    result = GenerateAPI(server.url, model="llama3.2").chat([], keep_alive=0)

    assert wire(server) == {"model": "llama3.2", "messages": [], "keep_alive": 0, "stream": False}
    assert result.done is True and result.done_reason == "unload"
    assert result.message.content == ""


def test_streamed_load_request_gets_a_single_json_object(server: OllamaTestServer) -> None:
    # The server answers load requests with one JSON object even when streaming was asked for.
    with GenerateAPI(server.url, model="llama3.2").chat(stream=True) as stream:
        chunks = list(stream)

    assert wire(server) == {"model": "llama3.2", "stream": True}
    assert len(chunks) == 1
    assert chunks[0].done is True and chunks[0].done_reason == "load"


# ---------------------------------------------------------------------------------------------
# streaming


def test_stream_yields_typed_chunks_until_done(server: OllamaTestServer) -> None:
    lines = [
        chat_chunk("The", created_at=STAMP),
        chat_chunk(" sky", created_at="2023-08-04T08:52:19.412345678Z"),
        chat_chunk(" is blue.", created_at=STAMP),
        FINAL,
    ]
    server.enqueue("POST", "/api/chat", NDJSONReply(lines))

    stream = GenerateAPI(server.url, model="llama3.2").chat([USER], stream=True)

    assert isinstance(stream, Stream)
    parts = list(stream)
    assert wire(server) == {"model": "llama3.2", "messages": [USER], "stream": True}
    assert all(isinstance(part, ChatResponse) for part in parts)
    assert [part.message.content for part in parts] == ["The", " sky", " is blue.", ""]
    assert [part.done for part in parts] == [False, False, False, True]
    assert parts[0].created_at == datetime(2023, 8, 4, 8, 52, 19, 385406, tzinfo=timezone.utc)
    assert parts[1].created_at == datetime(2023, 8, 4, 8, 52, 19, 412345, tzinfo=timezone.utc)
    assert parts[0].eval_count is None and parts[0].done_reason is None
    assert parts[-1].done_reason == "stop" and parts[-1].eval_count == 282
    assert parts[-1].total_duration == 4883583458


def test_stream_thinking_chunks_come_before_content(server: OllamaTestServer) -> None:
    lines = [
        chat_chunk(thinking="17*20 = 340, ", created_at=STAMP),
        chat_chunk(thinking="17*3 = 51.", created_at=STAMP),
        chat_chunk("17 * 23", created_at=STAMP),
        chat_chunk(" = 391", created_at=STAMP),
        {**FINAL, "model": "qwen3"},
    ]
    server.enqueue("POST", "/api/chat", NDJSONReply(lines))

    with GenerateAPI(server.url, model="qwen3").chat([USER], stream=True, think=True) as stream:
        parts = list(stream)

    assert wire(server) == {"model": "qwen3", "messages": [USER], "think": True, "stream": True}
    assert [p.message.thinking for p in parts] == ["17*20 = 340, ", "17*3 = 51.", None, None, None]
    assert [p.message.content for p in parts] == ["", "", "17 * 23", " = 391", ""]
    assert "".join(p.message.thinking or "" for p in parts) == "17*20 = 340, 17*3 = 51."
    assert "".join(p.message.content for p in parts) == "17 * 23 = 391"
    assert "thinking" in parts[0]["message"] and "thinking" not in parts[2]["message"]


def test_stream_tool_calls_arrive_on_the_final_done_chunk(server: OllamaTestServer) -> None:
    final = {**FINAL, "model": "qwen3", "message": {"role": "assistant", "content": "", "tool_calls": [TOOL_CALL]}}
    server.enqueue(
        "POST", "/api/chat", NDJSONReply([chat_chunk(thinking="Need the weather.", created_at=STAMP), final])
    )

    with GenerateAPI(server.url, model="qwen3").chat([USER], tools=[WEATHER_TOOL], stream=True) as stream:
        parts = list(stream)

    assert wire(server) == {"model": "qwen3", "messages": [USER], "tools": [WEATHER_TOOL], "stream": True}
    assert parts[0].message.tool_calls is None
    assert parts[-1].done is True
    calls = parts[-1].message.tool_calls
    assert calls is not None and len(calls) == 1
    assert calls[0].id == "call_3jx0q8ab"
    assert (calls[0].function.index, calls[0].function.name, calls[0].function.arguments) == (
        0,
        "get_weather",
        {"city": "Toronto"},
    )


def test_stream_final_chunk_may_carry_content(server: OllamaTestServer) -> None:
    final = {**FINAL, "message": {"role": "assistant", "content": " Done."}}
    server.enqueue("POST", "/api/chat", NDJSONReply([chat_chunk("All", created_at=STAMP), final]))

    parts = list(GenerateAPI(server.url, model="llama3.2").chat([USER], stream=True))

    assert "".join(p.message.content for p in parts) == "All Done."


def test_stream_chunks_carry_logprobs(server: OllamaTestServer) -> None:
    first = chat_chunk("Hello", created_at=STAMP, logprobs=LOGPROBS)
    server.enqueue("POST", "/api/chat", NDJSONReply([first, FINAL]))

    parts = list(GenerateAPI(server.url, model="llama3.2").chat([USER], stream=True, logprobs=True, top_logprobs=2))

    assert parts[0].logprobs is not None
    assert parts[0].logprobs[0].token == "Hello"
    assert parts[0].logprobs[0].top_logprobs is not None
    assert [alt.token for alt in parts[0].logprobs[0].top_logprobs] == ["Hello", "Hi"]
    assert parts[1].logprobs is None


def test_stream_with_statement_closes_after_an_early_break(server: OllamaTestServer) -> None:
    lines = [chat_chunk(f"t{i}", created_at=STAMP) for i in range(20)] + [FINAL]
    server.enqueue("POST", "/api/chat", NDJSONReply(lines, interval=0.005))
    gen = GenerateAPI(server.url, model="llama3.2")

    seen = []
    with gen.chat([USER], stream=True) as stream:
        for part in stream:
            seen.append(part.message.content)
            if len(seen) == 2:
                break

    assert seen == ["t0", "t1"]
    # The client stays usable after abandoning a stream.
    follow_up = gen.chat([{"role": "user", "content": "again"}])
    assert follow_up.message.content == "You said: again"
    assert server.requests_to("POST", "/api/chat")[-1].json == {
        "model": "llama3.2",
        "messages": [{"role": "user", "content": "again"}],
        "stream": False,
    }


def test_stream_close_stops_reading_early(server: OllamaTestServer) -> None:
    lines = [chat_chunk(f"t{i}", created_at=STAMP) for i in range(20)] + [FINAL]
    server.enqueue("POST", "/api/chat", NDJSONReply(lines, interval=0.005))
    gen = GenerateAPI(server.url, model="llama3.2")

    stream = gen.chat([USER], stream=True)
    assert next(stream).message.content == "t0"
    stream.close()
    stream.close()  # idempotent

    # A closed stream yields nothing more; anything raised must be one of the SDK's errors.
    try:
        rest = list(stream)
    except OllamaError:
        rest = []
    assert rest == []
    assert gen.chat([{"role": "user", "content": "next"}]).message.content == "You said: next"


def test_default_server_stream_round_trip(server: OllamaTestServer) -> None:
    """The fake server's own streaming reply decodes chunk by chunk and concatenates to the answer."""
    with GenerateAPI(server.url, model="qwen3").chat([{"role": "user", "content": "what"}], stream=True) as stream:
        parts = list(stream)

    assert "".join(p.message.thinking or "" for p in parts) == "Thinking about: what"
    assert "".join(p.message.content for p in parts) == "You said: what"
    assert [p.done for p in parts].count(True) == 1 and parts[-1].done


# ---------------------------------------------------------------------------------------------
# the reference's tool-calling round trip (§3.2)


def test_tool_calling_round_trip_from_the_reference(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/chat", JSONReply(RESPONSE_1))
    server.enqueue("POST", "/api/chat", JSONReply(RESPONSE_2))
    gen = GenerateAPI(server.url, model="qwen3")
    messages: list[Any] = [{"role": "user", "content": "What is the weather in Toronto?"}]

    first = gen.chat(messages, tools=[WEATHER_TOOL])

    assert first.message.tool_calls is not None
    messages.append(Message(role="assistant", content=first.message.content, tool_calls=first.message.tool_calls))
    for call in first.message.tool_calls:
        assert call.function.name == "get_weather"
        result = {"Toronto": "11 degrees celsius"}[call.function.arguments["city"]]
        messages.append({"role": "tool", "content": result, "tool_name": call.function.name, "tool_call_id": call.id})

    second = gen.chat(messages, tools=[WEATHER_TOOL])

    requests = server.requests_to("POST", "/api/chat")
    assert len(requests) == 2
    assert requests[0].json == {
        "model": "qwen3",
        "stream": False,
        "messages": [{"role": "user", "content": "What is the weather in Toronto?"}],
        "tools": [WEATHER_TOOL],
    }
    assert requests[1].json == {
        "model": "qwen3",
        "stream": False,
        "tools": [WEATHER_TOOL],
        "messages": [
            {"role": "user", "content": "What is the weather in Toronto?"},
            {
                "role": "assistant",
                "content": "",
                "tool_calls": [
                    {
                        "id": "call_3jx0q8ab",
                        "function": {"index": 0, "name": "get_weather", "arguments": {"city": "Toronto"}},
                    }
                ],
            },
            {
                "role": "tool",
                "content": "11 degrees celsius",
                "tool_name": "get_weather",
                "tool_call_id": "call_3jx0q8ab",
            },
        ],
    }
    assert second.message.content == "It is currently 11°C in Toronto."
    assert second.message.tool_calls is None
    assert second.done_reason == "stop"


def test_replaying_the_reply_message_object_sends_it_back_whole(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/chat", JSONReply(RESPONSE_1))
    server.enqueue("POST", "/api/chat", JSONReply(RESPONSE_2))
    gen = GenerateAPI(server.url, model="qwen3")
    question = {"role": "user", "content": "What is the weather in Toronto?"}

    first = gen.chat([question], tools=[WEATHER_TOOL])
    gen.chat(
        [question, first.message, {"role": "tool", "content": "11 degrees celsius", "tool_call_id": "call_3jx0q8ab"}],
        tools=[WEATHER_TOOL],
    )

    assert server.requests_to("POST", "/api/chat")[1].json["messages"][1] == RESPONSE_1["message"]
