"""Replies as servers and mocks we did not write send them (issue 10), served by pytest-httpserver.

Minimal bodies a user's test suite would hand-write: no final ``done``, fields missing, FastAPI
errors, Go's plain-text 404. Each test checks what went on the wire as well as what came back.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from ollama_python import (
    AsyncClient,
    ChatResponse,
    Client,
    ConnectionError,
    EmbeddingAPI,
    EndpointNotFoundError,
    InvalidResponseError,
    NotFoundError,
    ResponseError,
    StreamError,
)

NDJSON = "application/x-ndjson"


@pytest.fixture
def client(httpserver: HTTPServer) -> Iterator[Client]:
    with Client(httpserver.url_for("/"), timeout=10) as client:
        yield client


def lines(*objects: Any) -> str:
    return "".join(json.dumps(item) + "\n" for item in objects)


def sent(httpserver: HTTPServer) -> Any:
    request, _ = httpserver.log[-1]
    return json.loads(request.get_data())


# -- streams that end without a final message --------------------------------------------------


def test_chat_stream_without_done_ends_quietly(httpserver: HTTPServer, client: Client) -> None:
    reply = lines(
        {"message": {"role": "assistant", "content": "Hel"}}, {"message": {"role": "assistant", "content": "lo"}}
    )
    httpserver.expect_request("/api/chat", method="POST").respond_with_data(reply, content_type=NDJSON)

    stream = client.chat("any-model", [{"role": "user", "content": "hi"}], stream=True)
    chunks = list(stream)
    parts = [chunk.message.content for chunk in chunks]

    assert parts == ["Hel", "lo"]
    # Nothing invented: the chunks did not say done, so done reads None and is not in to_dict().
    assert [chunk.done for chunk in chunks] == [None, None]
    assert "done" not in chunks[0].to_dict() and "model" not in chunks[0].to_dict()
    assert stream.incomplete is True
    assert stream.response is not None
    assert stream.response.message.content == "Hello"
    assert stream.response.done is False
    assert sent(httpserver)["stream"] is True


def test_generate_stream_with_done_is_complete(httpserver: HTTPServer, client: Client) -> None:
    reply = lines({"response": "a"}, {"response": "", "done": True})
    httpserver.expect_request("/api/generate", method="POST").respond_with_data(reply, content_type=NDJSON)

    stream = client.generate("m", "hi", stream=True)
    assert [chunk.response for chunk in stream] == ["a", ""]
    assert stream.incomplete is False
    assert stream.response is not None and stream.response.done is True


def test_empty_200_stream_is_an_empty_reply(httpserver: HTTPServer, client: Client) -> None:
    httpserver.expect_request("/api/generate", method="POST").respond_with_data("", content_type=NDJSON)
    with pytest.raises(InvalidResponseError) as caught:
        list(client.generate("m", "hi", stream=True))
    assert "the server sent an empty reply" in caught.value.error
    assert len(httpserver.log) == 1  # not retried as a cut connection


def test_empty_200_reply_is_an_empty_reply(httpserver: HTTPServer, client: Client) -> None:
    httpserver.expect_request("/api/embed", method="POST").respond_with_data("", content_type="application/json")
    with pytest.raises(InvalidResponseError) as caught:
        client.embed("m", "hi")
    assert "the server sent an empty reply" in caught.value.error
    assert len(httpserver.log) == 1


def _cut_server(head: bytes, body: bytes) -> tuple[str, threading.Thread]:
    """A one-shot server that sends ``head`` and part of a body, then closes the socket."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(10)

    def serve() -> None:
        with listener:
            connection, _ = listener.accept()
            with connection:
                connection.settimeout(10)
                connection.recv(65536)
                connection.sendall(head + body)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}", thread


def test_stream_cut_mid_chunk_is_a_connection_error() -> None:
    line = json.dumps({"response": "a"}).encode() + b"\n"
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n"
    url, thread = _cut_server(head, b"%x\r\n%s\r\n" % (len(line), line) + b'40\r\n{"resp')
    with Client(url, timeout=10) as client, pytest.raises(ConnectionError):
        list(client.generate("m", "hi", stream=True))
    thread.join(10)


def test_body_shorter_than_its_length_is_a_connection_error() -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
    url, thread = _cut_server(head, b'{"model": "m", "respon')
    with Client(url, timeout=10) as client, pytest.raises(ConnectionError):
        client.generate("m", "hi")
    thread.join(10)


# -- replies without the field that carries the answer -----------------------------------------


@pytest.mark.parametrize(
    ("path", "field", "call"),
    [
        ("/api/chat", "message", lambda c: c.chat("m", [{"role": "user", "content": "hi"}])),
        ("/api/generate", "response", lambda c: c.generate("m", "hi")),
        ("/api/embed", "embeddings", lambda c: c.embed("m", "hi")),
        ("/api/embeddings", "embedding", lambda c: c.embeddings("m", "hi")),
        ("/api/embed", "embeddings", lambda c: EmbeddingAPI(c.base_url, model="m").embed("hi", as_numpy=True)),
    ],
)
def test_reply_without_the_answer_field(
    httpserver: HTTPServer, client: Client, path: str, field: str, call: Any
) -> None:
    httpserver.expect_request(path, method="POST").respond_with_json(
        {"model": "m", "created_at": "2025-01-01T00:00:00Z"}
    )
    with pytest.raises(InvalidResponseError) as caught:
        call(client)
    assert repr(field) in caught.value.error
    assert "'model', 'created_at'" in caught.value.error
    assert sent(httpserver)["model"] == "m"


def test_stream_chunk_without_message_is_refused_unless_final(httpserver: HTTPServer, client: Client) -> None:
    reply = lines({"message": {"role": "assistant", "content": "a"}}, {"done": True, "eval_count": 3})
    httpserver.expect_request("/api/chat", method="POST").respond_with_data(reply, content_type=NDJSON)
    stream = client.chat("m", [{"role": "user", "content": "hi"}], stream=True)
    assert len(list(stream)) == 2
    assert stream.response is not None and stream.response.message.content == "a"

    httpserver.clear()
    httpserver.expect_request("/api/chat", method="POST").respond_with_data(lines({"model": "m"}), content_type=NDJSON)
    with pytest.raises(InvalidResponseError) as caught:
        list(client.chat("m", [{"role": "user", "content": "hi"}], stream=True))
    assert "'message'" in caught.value.error


# -- error bodies of other servers ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"error": "model is required"}, "model is required"),
        ({"error": {"message": "bad temperature", "type": "invalid_request_error"}}, "bad temperature"),
        ({"detail": "Model not loaded"}, "Model not loaded"),
        (
            {"detail": [{"loc": ["body", "model"], "msg": "Field required", "type": "missing"}]},
            "body.model: Field required",
        ),
        ({"message": "quota exceeded"}, "quota exceeded"),
    ],
)
def test_error_body_shapes(httpserver: HTTPServer, client: Client, body: Any, message: str) -> None:
    httpserver.expect_request("/api/generate", method="POST").respond_with_json(body, status=422)
    with pytest.raises(ResponseError) as caught:
        client.generate("m", "hi")
    assert caught.value.error == message
    assert caught.value.status_code == 422


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("404 page not found", "text/plain"),
        ('{"detail":"Not Found"}', "application/json"),
        ("<html><head><title>404 Not Found</title></head><body>nginx</body></html>", "text/html"),
    ],
)
def test_missing_route_is_not_a_missing_model(
    httpserver: HTTPServer, client: Client, body: str, content_type: str
) -> None:
    httpserver.expect_request("/api/ps", method="GET").respond_with_data(body, status=404, content_type=content_type)
    with pytest.raises(EndpointNotFoundError) as caught:
        client.ps()
    assert isinstance(caught.value, NotFoundError)
    assert "does not implement GET /api/ps" in caught.value.error
    assert "not installed" not in str(caught.value)


def test_missing_model_stays_a_plain_not_found(httpserver: HTTPServer, client: Client) -> None:
    httpserver.expect_request("/api/show", method="POST").respond_with_json(
        {"error": "model 'x' not found"}, status=404
    )
    with pytest.raises(NotFoundError) as caught:
        client.show("x")
    assert not isinstance(caught.value, EndpointNotFoundError)
    assert caught.value.error == "model 'x' not found"
    assert sent(httpserver) == {"model": "x"}


# -- blobs -------------------------------------------------------------------------------------------


def test_blob_upload_through_a_proxy_without_head(httpserver: HTTPServer, client: Client, tmp_path: Any) -> None:
    data = b"GGUF weights"
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    path = tmp_path / "model.gguf"
    path.write_bytes(data)
    httpserver.expect_request(f"/api/blobs/{digest}", method="HEAD").respond_with_data("", status=405)
    httpserver.expect_request(f"/api/blobs/{digest}", method="POST", data=data).respond_with_data("", status=201)

    assert client.create_blob(path) == digest
    assert [(request.method, request.path) for request, _ in httpserver.log] == [
        ("HEAD", f"/api/blobs/{digest}"),
        ("POST", f"/api/blobs/{digest}"),
    ]


# -- pydantic spellings users' code calls ----------------------------------------------------------


def test_model_dump_json_and_model_validate(httpserver: HTTPServer, client: Client) -> None:
    reply = {
        "model": "m",
        "created_at": "2025-10-26T17:15:24.123456Z",
        "message": {"role": "assistant", "content": "Hi", "thinking": "hmm"},
        "done": True,
        "eval_count": 2,
        "brand_new_field": [1],
    }
    httpserver.expect_request("/api/chat", method="POST").respond_with_json(reply)

    response = client.chat("m", [{"role": "user", "content": "hi"}])

    assert response.model_dump_json() == response.to_json()
    assert json.loads(response.model_dump_json(indent=2)) == json.loads(response.to_json())
    assert json.loads(response.model_dump_json(exclude_none=True)) == response.model_dump(exclude_none=True) | {
        "created_at": "2025-10-26T17:15:24.123456Z"
    }
    again = ChatResponse.model_validate(json.loads(response.model_dump_json()))
    assert again == ChatResponse.from_dict(json.loads(response.to_json())) == response
    assert again.extra == {"brand_new_field": [1]}
    assert ChatResponse.model_validate(response) is response
    with pytest.raises(TypeError):
        ChatResponse.model_validate("not a dict")


# -- nothing invented: the command line's --json shows what the server sent -------------------------


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    root = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": root, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [sys.executable, "-m", "ollama_python", *args], capture_output=True, text=True, env=env, timeout=30, check=False
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    return result


def test_cli_json_holds_only_what_a_minimal_server_sent(httpserver: HTTPServer) -> None:
    tags = {"models": [{"name": "/models/gemma-3-270m.gguf"}]}
    running = {"models": [{"name": "org/repo/file.gguf", "size": 1000}]}
    httpserver.expect_request("/api/tags", method="GET").respond_with_json(tags)
    httpserver.expect_request("/api/ps", method="GET").respond_with_json(running)

    assert json.loads(cli("--host", httpserver.url_for("/"), "--json", "ls").stdout) == tags
    assert json.loads(cli("--host", httpserver.url_for("/"), "--json", "ps").stdout) == running
    table = cli("--host", httpserver.url_for("/"), "ls").stdout
    assert "/models/gemma-3-270m.gguf" in table and "0 B" not in table


def test_openai_style_error_line_inside_a_stream(httpserver: HTTPServer, client: Client) -> None:
    reply = lines({"response": "a"}, {"error": {"message": "upstream overloaded", "type": "server_error"}})
    httpserver.expect_request("/api/generate", method="POST").respond_with_data(reply, content_type=NDJSON)
    stream = client.generate("m", "hi", stream=True)
    assert next(stream).response == "a"
    with pytest.raises(StreamError) as caught:
        next(stream)
    assert caught.value.error == "upstream overloaded"
    assert caught.value.status_code == -1


def test_async_stream_without_done_ends_quietly(httpserver: HTTPServer) -> None:
    reply = lines(
        {"message": {"role": "assistant", "content": "Hel"}}, {"message": {"role": "assistant", "content": "lo"}}
    )
    httpserver.expect_request("/api/chat", method="POST").respond_with_data(reply, content_type=NDJSON)

    async def main() -> tuple[list[str], bool, str, bool]:
        async with AsyncClient(httpserver.url_for("/"), timeout=10) as client:
            stream = await client.chat("m", [{"role": "user", "content": "hi"}], stream=True)
            parts = [chunk.message.content async for chunk in stream]
            assert stream.response is not None
            return parts, stream.incomplete, stream.response.message.content, stream.response.done

    assert asyncio.run(main()) == (["Hel", "lo"], True, "Hello", False)
