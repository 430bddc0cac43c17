"""Property-based tests (hypothesis) of the stream parser and the type decoders.

* Any valid NDJSON reply, cut into HTTP chunks at arbitrary byte positions (inside a line, inside
  a multi-byte UTF-8 character, several lines in one chunk), parses to exactly the items its
  lines decode to: through ``LineReader`` alone, and through a real stream from the test server.
* Any bytes at all, in any chunks, either parse or raise ``InvalidResponseError`` or
  ``StreamError``: never another exception. (Hypothesis does not build JSON nested thousands of
  levels deep; tests/test_faults.py sends such lines and bodies through real calls.)
* Any JSON object given to the decoder of any response type decodes or raises
  ``InvalidResponseError``. tests/test_types.py already does this for ``ChatResponse``,
  ``GenerateResponse`` and ``ProgressResponse``; here every other exported ``WireModel`` is covered.

Host parsing never crashing on any string is covered by tests/test_host.py
(``test_parse_host_is_total_on_any_text``, ``test_parse_host_is_total_on_host_shaped_text``).
"""

from __future__ import annotations

import dataclasses
import inspect
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ollama_python import GenerateAPI, InvalidResponseError, StreamError
from ollama_python import types as types_module
from ollama_python._payloads import chat, generate, transfer
from ollama_python._request import ApiRequest
from ollama_python._streaming import LineReader
from ollama_python._transport.replies import decode_object
from ollama_python.testing import NDJSONReply, OllamaTestServer
from ollama_python.types import ChatResponse, GenerateResponse, ProgressResponse, WireModel

URL = "http://127.0.0.1:11434/api/generate"
FAST = settings(max_examples=150, deadline=None)

# -- valid replies -------------------------------------------------------------------------------------

_TEXT = st.text(max_size=12)  # any Unicode: newlines, U+2028, emoji, NUL...
_CHUNK = st.builds(
    lambda text, count, ascii_only: (
        {
            "model": "llama3.2",
            "created_at": "2025-10-26T17:15:24Z",
            "response": text,
            "done": False,
            "eval_count": count,
        },
        ascii_only,
    ),
    _TEXT,
    st.integers(min_value=0, max_value=2**63 - 1),
    st.booleans(),
)


@st.composite
def ndjson_replies(draw: st.DrawFn) -> tuple[list[dict[str, Any]], bytes, list[bytes]]:
    """(the objects, the reply's bytes, the same bytes cut at arbitrary positions)."""
    items = draw(st.lists(_CHUNK, max_size=8))
    final = {"model": "llama3.2", "response": draw(_TEXT), "done": True, "done_reason": "stop"}
    objects = [item for item, _ in items] + [final]
    lines = []
    for item, ascii_only in [*items, (final, False)]:
        lines.append(json.dumps(item, ensure_ascii=ascii_only).encode())
        lines.extend([b""] * draw(st.integers(0, 1)))  # a blank line now and then
    data = b"\n".join(lines) + draw(st.sampled_from([b"\n", b""]))  # the last newline is optional
    cuts = sorted(draw(st.lists(st.integers(0, len(data)), max_size=12)))
    pieces = [data[start:end] for start, end in zip([0, *cuts], [*cuts, len(data)], strict=True)]
    return objects, data, pieces


def generate_request() -> ApiRequest[Any]:
    """The request ``GenerateAPI.generate(stream=True)`` sends (with its decoder and accumulator)."""
    return generate(None, "hi", True, {"model": "llama3.2"})


def read_all(request: ApiRequest[Any], pieces: list[bytes]) -> list[Any]:
    """Everything ``LineReader`` makes of ``pieces``, exactly as a stream drives it."""
    reader = LineReader(request, URL, None)
    items = []
    for piece in pieces:
        for line in reader.split(piece):
            item = reader.parse(line)
            if item is not None:
                items.append(item)
    last = reader.end()
    if last is not None:
        items.append(last)
    return items


@FAST
@given(reply=ndjson_replies())
def test_any_chunking_of_a_valid_reply_gives_the_items_of_its_lines(
    reply: tuple[list[dict[str, Any]], bytes, list[bytes]],
) -> None:
    objects, data, pieces = reply

    items = read_all(generate_request(), pieces)

    assert items == [GenerateResponse.from_wire(obj) for obj in objects]
    assert items == read_all(generate_request(), [data])  # the same as one chunk


@pytest.fixture(scope="module")
def server() -> Iterator[OllamaTestServer]:
    with OllamaTestServer() as test_server:
        yield test_server


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(reply=ndjson_replies())
def test_any_chunking_over_http_gives_the_items_and_the_whole_answer(
    server: OllamaTestServer, reply: tuple[list[dict[str, Any]], bytes, list[bytes]]
) -> None:
    objects, _, pieces = reply
    server.enqueue("POST", "/api/generate", NDJSONReply(pieces))  # one HTTP chunk per piece

    with GenerateAPI(server.url, model="llama3.2", timeout=5, max_retries=0) as gen:
        stream = gen.generate("hi", stream=True)
        items = list(stream)

    assert items == [GenerateResponse.from_wire(obj) for obj in objects]
    assert stream.response is not None
    assert stream.response.response == "".join(obj["response"] for obj in objects)
    assert stream.response.done is True


# -- arbitrary bytes ---------------------------------------------------------------------------------

_FRAGMENTS = st.sampled_from(
    [
        b"\n",
        b"{",
        b"}",
        b"[",
        b"]",
        b'"',
        b":",
        b",",
        b"\\",
        b"\xff",
        b"\xc3",
        b"null",
        b"1e999",
        b"-0",
        b"NaN",
        b'"error"',
        b'{"error":"boom"}\n',
        b'{"error":{"message":"x"}}\n',
        b'{"response":"a","done":false}\n',
        b'{"response":"a","done":true}\n',
        b'{"status":"success"}\n',
        b'{"message":{"role":"assistant","content":"x"},"done":true}\n',
        b'{"done":"yes"}\n',
        b'{"message":5}\n',
    ]
)
_REQUESTS: dict[str, Callable[[], ApiRequest[Any]]] = {
    "generate": generate_request,
    "chat": lambda: chat(None, [{"role": "user", "content": "hi"}], True, {"model": "llama3.2"}),
    "pull": lambda: transfer("pull", "llama3.2", True, {}),
}


@FAST
@given(
    pieces=st.lists(st.binary(max_size=24) | _FRAGMENTS, max_size=16),
    kind=st.sampled_from(sorted(_REQUESTS)),
)
def test_arbitrary_bytes_parse_or_raise_only_our_errors(pieces: list[bytes], kind: str) -> None:
    try:
        read_all(_REQUESTS[kind](), pieces)
    except StreamError as error:
        assert error.status_code == -1
    except InvalidResponseError as error:
        assert URL in str(error) or "/api/" in str(error)


# -- the type decoders -----------------------------------------------------------------------------

# tests/test_types.py covers these three with the same property.
_COVERED_ELSEWHERE: set[type[WireModel]] = {ChatResponse, GenerateResponse, ProgressResponse}
MODELS: list[type[WireModel]] = sorted(
    (
        value
        for value in vars(types_module).values()
        if inspect.isclass(value)
        and issubclass(value, WireModel)
        and value is not WireModel
        and value not in _COVERED_ELSEWHERE
    ),
    key=lambda cls: cls.__name__,
)
# Keys the decoders know (every field of every model, so nested objects get meaningful keys too),
# plus arbitrary ones.
_KNOWN_KEYS = sorted(
    {field.name for cls in [*MODELS, *_COVERED_ELSEWHERE] for field in dataclasses.fields(cls)} | {"$defs"}
)
_KEYS = st.sampled_from(_KNOWN_KEYS) | st.text(max_size=6)
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=8)
    | st.sampled_from(["2025-10-26T17:15:24Z", "10m", "sha256:" + "0" * 64])
)
_JSON = st.recursive(
    _SCALARS,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(_KEYS, children, max_size=4),
    max_leaves=16,
)
_OBJECTS = st.dictionaries(_KEYS, _JSON, max_size=6)


def test_every_exported_model_is_checked() -> None:
    names = {cls.__name__ for cls in MODELS}
    assert {"ListResponse", "ShowResponse", "ProcessResponse", "EmbedResponse", "WebSearchResponse"} <= names
    assert len(MODELS) >= 20


@settings(max_examples=300, deadline=None)
@given(data=_OBJECTS, cls=st.sampled_from(MODELS))
def test_any_json_object_decodes_or_raises_invalid_response_error(data: dict[str, Any], cls: type[WireModel]) -> None:
    request: ApiRequest[Any] = ApiRequest("GET", "/api/anything", cls.from_wire)
    try:
        result = decode_object(request, data, 200)
    except InvalidResponseError as error:
        assert error.status_code == 200
        assert "/api/anything" in str(error)
        return
    assert isinstance(result, cls)
