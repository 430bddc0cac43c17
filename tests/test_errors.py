"""Every way a call can fail, through the public endpoint classes and a real loopback server.

Covers the reference's §1.4-1.6: errors before a stream (real status + JSON body), errors inside a
200 stream, truncated streams, non-JSON replies from proxies and unknown routes, and transport
failures. Each test checks the exception class, its attributes and a readable message.
"""

from __future__ import annotations

import builtins
import pickle
import time
from collections.abc import Iterator
from email.utils import formatdate
from typing import Any

import pytest

from ollama_python import (
    AuthenticationError,
    BadRequestError,
    ConnectionError,
    EmbeddingAPI,
    EndpointNotFoundError,
    GenerateAPI,
    InvalidResponseError,
    MissingFieldError,
    ModelManagementAPI,
    NotFoundError,
    OllamaError,
    RequestError,
    ResponseError,
    ServerBusyError,
    StreamError,
    TimeoutError,
)
from ollama_python.testing import (
    HangReply,
    JSONReply,
    NDJSONReply,
    OllamaTestServer,
    RawReply,
    free_port,
    generate_chunk,
    generate_final,
)

# A short timeout everywhere: nothing in this file may hang.
TIMEOUT = 3.0


FINAL = generate_final(created_at="2025-10-26T17:15:24.166576Z", eval_count=2)


@pytest.fixture
def gen(server: OllamaTestServer) -> Iterator[GenerateAPI]:
    client = GenerateAPI(server.url, model="llama3.2", timeout=TIMEOUT, max_retries=0)
    yield client
    client.close()


@pytest.fixture
def models(server: OllamaTestServer) -> Iterator[ModelManagementAPI]:
    client = ModelManagementAPI(server.url, timeout=TIMEOUT, max_retries=0)
    yield client
    client.close()


@pytest.fixture
def emb(server: OllamaTestServer) -> Iterator[EmbeddingAPI]:
    client = EmbeddingAPI(server.url, model="all-minilm", timeout=TIMEOUT, max_retries=0)
    yield client
    client.close()


# -- HTTP error statuses ------------------------------------------------------------------------


def test_unknown_model_is_not_found_error_with_server_text(server: OllamaTestServer, gen: GenerateAPI) -> None:
    with pytest.raises(NotFoundError) as caught:
        gen.generate("hi", model="no-such-model")

    error = caught.value
    assert isinstance(error, ResponseError)
    assert isinstance(error, OllamaError)
    assert error.status_code == 404
    assert error.error == "model 'no-such-model' not found"
    assert "model 'no-such-model' not found" in str(error)
    assert "404" in str(error)
    assert error.body == b'{"error":"model \'no-such-model\' not found"}'
    assert error.headers["Content-Type"].startswith("application/json")
    assert error.signin_url is None
    assert len(server.requests_to("POST", "/api/generate")) == 1


def test_unknown_model_on_embed_and_show(emb: EmbeddingAPI, models: ModelManagementAPI) -> None:
    with pytest.raises(NotFoundError) as embed_error:
        emb.embed("text", model="ghost")
    assert embed_error.value.error == 'model "ghost" not found, try pulling it first'
    assert embed_error.value.status_code == 404

    with pytest.raises(NotFoundError) as show_error:
        models.show("ghost")
    assert show_error.value.error == "model 'ghost' not found"
    assert show_error.value.status_code == 404


def test_400_is_bad_request_error(server: OllamaTestServer, gen: GenerateAPI) -> None:
    message = 'invalid think value: "x" (must be "high", "medium", "low", "max", true, or false)'
    server.enqueue("POST", "/api/chat", JSONReply({"error": message}, status=400))

    with pytest.raises(BadRequestError) as caught:
        gen.chat([{"role": "user", "content": "hi"}])

    assert caught.value.status_code == 400
    assert caught.value.error == message
    assert isinstance(caught.value, ResponseError)
    assert not isinstance(caught.value, NotFoundError)


def test_400_from_embed_is_bad_request_error(server: OllamaTestServer, emb: EmbeddingAPI) -> None:
    server.enqueue(
        "POST", "/api/embed", JSONReply({"error": "the input length exceeds the context length"}, status=400)
    )
    with pytest.raises(BadRequestError) as caught:
        emb.embed("x" * 10, truncate=False)
    assert caught.value.error == "the input length exceeds the context length"


def test_401_keeps_signin_url_and_mentions_it(server: OllamaTestServer, gen: GenerateAPI) -> None:
    link = "https://ollama.com/connect?name=devbox&key=c3NoLWVkMjU1MTk"
    server.enqueue("POST", "/api/generate", JSONReply({"error": "unauthorized", "signin_url": link}, status=401))

    with pytest.raises(AuthenticationError) as caught:
        gen.generate("hi", model="gpt-oss:120b-cloud")

    error = caught.value
    assert error.status_code == 401
    assert error.error == "unauthorized"
    assert error.signin_url == link
    assert link in str(error)
    assert "unauthorized" in str(error)


def test_403_with_empty_body_explains_the_host_check(server: OllamaTestServer, models: ModelManagementAPI) -> None:
    server.enqueue("GET", "/api/tags", RawReply(b"", status=403, content_type=None))

    with pytest.raises(AuthenticationError) as caught:
        models.list()

    error = caught.value
    assert error.status_code == 403
    assert error.body == b""
    text = str(error)
    assert "403" in text
    assert "Host header" in text
    assert "proxy" in text
    assert "/api/tags" in text


def test_403_cloud_disabled_keeps_server_text(server: OllamaTestServer, gen: GenerateAPI) -> None:
    message = "ollama cloud is disabled: remote model is unavailable"
    server.enqueue("POST", "/api/generate", JSONReply({"error": message}, status=403))
    with pytest.raises(AuthenticationError) as caught:
        gen.generate("hi")
    assert caught.value.error == message
    assert caught.value.signin_url is None


@pytest.mark.parametrize("status", [429, 503])
def test_busy_statuses_are_server_busy_error_with_retry_after(
    server: OllamaTestServer, gen: GenerateAPI, status: int
) -> None:
    message = "server busy, please try again.  maximum pending requests exceeded"
    server.enqueue("POST", "/api/generate", JSONReply({"error": message}, status=status, headers={"Retry-After": "7"}))

    with pytest.raises(ServerBusyError) as caught:
        gen.generate("hi")

    error = caught.value
    assert error.status_code == status
    assert error.error == message
    assert error.retry_after == 7.0
    assert error.headers["Retry-After"] == "7"
    # max_retries=0: exactly one attempt.
    assert len(server.requests_to("POST", "/api/generate")) == 1


def test_busy_without_retry_after_has_none(server: OllamaTestServer, emb: EmbeddingAPI) -> None:
    server.enqueue("POST", "/api/embed", JSONReply({"error": "model is overloaded"}, status=503))
    with pytest.raises(ServerBusyError) as caught:
        emb.embed("x")
    assert caught.value.retry_after is None
    assert caught.value.error == "model is overloaded"


def test_busy_with_http_date_retry_after(server: OllamaTestServer, gen: GenerateAPI) -> None:
    when = formatdate(time.time() + 120, usegmt=True)
    server.enqueue(
        "POST", "/api/generate", JSONReply({"error": "rate limit exceeded"}, status=429, headers={"Retry-After": when})
    )
    with pytest.raises(ServerBusyError) as caught:
        gen.generate("hi")
    assert caught.value.retry_after is not None
    assert 100 <= caught.value.retry_after <= 121


def test_500_with_json_body(server: OllamaTestServer, gen: GenerateAPI) -> None:
    message = "model runner has unexpectedly stopped, this may be due to resource limitations"
    server.enqueue("POST", "/api/generate", JSONReply({"error": message}, status=500))

    with pytest.raises(ResponseError) as caught:
        gen.generate("hi")

    error = caught.value
    assert type(error) is ResponseError
    assert error.status_code == 500
    assert error.error == message
    assert str(error) == f"{message} (status code: 500)"


def test_500_with_plain_text_body(server: OllamaTestServer, models: ModelManagementAPI) -> None:
    server.enqueue("POST", "/api/show", RawReply("something broke in the handler\n", status=500))

    with pytest.raises(ResponseError) as caught:
        models.show("llama3.2")

    error = caught.value
    assert type(error) is ResponseError
    assert error.status_code == 500
    assert error.error == "something broke in the handler"
    assert error.body == b"something broke in the handler\n"


def test_openai_style_error_object_is_flattened(server: OllamaTestServer, gen: GenerateAPI) -> None:
    body = {"error": {"message": "model overloaded", "type": "server_error", "param": None, "code": None}}
    server.enqueue("POST", "/api/generate", JSONReply(body, status=500))
    with pytest.raises(ResponseError) as caught:
        gen.generate("hi")
    assert caught.value.error == "model overloaded"


def test_html_502_from_a_proxy(server: OllamaTestServer, gen: GenerateAPI) -> None:
    page = (
        "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>"
        "<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx/1.25.3</center></body></html>\n"
    )
    server.enqueue("POST", "/api/generate", RawReply(page, status=502, content_type="text/html"))

    with pytest.raises(ResponseError) as caught:
        gen.generate("hi")

    error = caught.value
    assert error.status_code == 502
    assert "502 Bad Gateway" in error.error
    assert "not Ollama" in error.error
    assert "<html" not in error.error
    assert "<body" not in str(error)


def test_html_page_without_title_still_readable(server: OllamaTestServer, gen: GenerateAPI) -> None:
    server.enqueue(
        "POST", "/api/generate", RawReply("<html><body>oops</body></html>", status=504, content_type="text/html")
    )
    with pytest.raises(ResponseError) as caught:
        gen.generate("hi")
    assert caught.value.status_code == 504
    assert "504" in caught.value.error
    assert "not Ollama" in caught.value.error


def test_plain_404_page_not_found_for_unknown_route(server: OllamaTestServer) -> None:
    # A base URL with a wrong path prefix: the server answers Go's plain-text 404.
    with (
        GenerateAPI(server.url + "/wrong", model="llama3.2", timeout=TIMEOUT, max_retries=0) as gen,
        pytest.raises(NotFoundError) as caught,
    ):
        gen.generate("hi")

    error = caught.value
    assert isinstance(error, EndpointNotFoundError)
    assert error.status_code == 404
    assert error.body == b"404 page not found"
    assert "does not implement POST /wrong/api/generate" in error.error
    assert "not installed" not in error.error
    assert server.last_request is not None
    assert server.last_request.path == "/wrong/api/generate"


def test_plain_404_on_embed_route_of_an_old_server(server: OllamaTestServer, emb: EmbeddingAPI) -> None:
    server.enqueue("POST", "/api/embed", RawReply("404 page not found", status=404))
    with pytest.raises(EndpointNotFoundError) as caught:
        emb.embed("x")
    assert "POST /api/embed" in caught.value.error


def test_405_plain_text(server: OllamaTestServer, models: ModelManagementAPI) -> None:
    server.enqueue("GET", "/api/ps", RawReply("405 method not allowed", status=405))
    with pytest.raises(ResponseError) as caught:
        models.ps()
    assert caught.value.status_code == 405
    assert caught.value.error == "405 method not allowed"


def test_error_with_empty_body_names_status(server: OllamaTestServer, models: ModelManagementAPI) -> None:
    server.enqueue("DELETE", "/api/delete", RawReply(b"", status=500, content_type=None))
    with pytest.raises(ResponseError) as caught:
        models.delete("llama3.2")
    assert caught.value.status_code == 500
    assert "500" in caught.value.error
    assert "empty body" in caught.value.error


# -- 200 replies that cannot be read --------------------------------------------------------------


def test_200_with_non_json_body(server: OllamaTestServer, models: ModelManagementAPI) -> None:
    server.enqueue("GET", "/api/tags", RawReply("Ollama is running", status=200))

    with pytest.raises(InvalidResponseError) as caught:
        models.list()

    error = caught.value
    assert isinstance(error, ResponseError)
    assert error.status_code == 200
    assert "not JSON" in error.error
    assert "Ollama is running" in error.error
    assert error.body == b"Ollama is running"


def test_non_json_body_chains_the_decoding_error(server: OllamaTestServer, models: ModelManagementAPI) -> None:
    server.enqueue("GET", "/api/tags", RawReply("Ollama is running", status=200))
    with pytest.raises(InvalidResponseError) as caught:
        models.list()
    # The JSON decoding failure is the cause, and it is kept.
    assert isinstance(caught.value.__cause__, ValueError)


def test_200_with_non_json_body_on_generate(server: OllamaTestServer, gen: GenerateAPI) -> None:
    server.enqueue(
        "POST", "/api/generate", RawReply("<html><body>captive portal</body></html>", content_type="text/html")
    )
    with pytest.raises(InvalidResponseError) as caught:
        gen.generate("hi")
    assert caught.value.status_code == 200
    assert "text/html" in caught.value.error


def test_200_with_json_list_instead_of_object(server: OllamaTestServer, models: ModelManagementAPI) -> None:
    server.enqueue("GET", "/api/version", JSONReply(["0.12.0"]))

    with pytest.raises(InvalidResponseError) as caught:
        models.version()

    assert caught.value.status_code == 200
    assert "object" in caught.value.error
    assert "0.12.0" in caught.value.error


def test_200_with_wrong_field_types_chains_decoder_error(server: OllamaTestServer, models: ModelManagementAPI) -> None:
    server.enqueue("GET", "/api/tags", JSONReply({"models": 5}))
    with pytest.raises(InvalidResponseError) as caught:
        models.list()
    assert "/api/tags" in caught.value.error
    assert caught.value.__cause__ is not None


def test_200_with_empty_body_where_json_expected(server: OllamaTestServer, emb: EmbeddingAPI) -> None:
    server.enqueue("POST", "/api/embed", JSONReply(None))
    with pytest.raises(InvalidResponseError) as caught:
        emb.embed("x")
    assert "the server sent an empty reply" in caught.value.error


def test_200_with_non_utf8_json_body(server: OllamaTestServer, models: ModelManagementAPI) -> None:
    server.enqueue("GET", "/api/version", RawReply(b'{"version":"\xff\xfe"}', content_type="application/json"))
    with pytest.raises(InvalidResponseError) as caught:
        models.version()
    assert caught.value.status_code == 200


# -- errors inside a 200 stream ---------------------------------------------------------------------


def test_error_line_mid_stream_after_chunks(server: OllamaTestServer, gen: GenerateAPI) -> None:
    message = "an error was encountered while running the model"
    server.enqueue(
        "POST", "/api/generate", NDJSONReply([generate_chunk("The"), generate_chunk(" sky"), {"error": message}, FINAL])
    )

    received: list[str] = []
    with pytest.raises(StreamError) as caught:
        for part in gen.generate("why?", stream=True):
            received.append(part.response)

    assert received == ["The", " sky"]
    error = caught.value
    assert isinstance(error, ResponseError)
    assert error.status_code == -1
    assert error.error == message
    assert message in str(error)


def test_error_line_mid_chat_stream(server: OllamaTestServer, gen: GenerateAPI) -> None:
    first = {
        "model": "llama3.2",
        "created_at": "2025-10-26T17:15:24Z",
        "message": {"role": "assistant", "content": "."},
        "done": False,
    }
    server.enqueue("POST", "/api/chat", NDJSONReply([first, {"error": "runner crashed"}]))

    stream = gen.chat([{"role": "user", "content": "hi"}], stream=True)
    assert next(stream).message.content == "."
    with pytest.raises(StreamError) as caught:
        next(stream)
    assert caught.value.error == "runner crashed"
    assert caught.value.status_code == -1


def test_non_streamed_generate_error_has_real_status(server: OllamaTestServer, gen: GenerateAPI) -> None:
    server.enqueue("POST", "/api/generate", JSONReply({"error": "model 'x' not found"}, status=404))
    with pytest.raises(NotFoundError):
        gen.generate("hi", model="x", stream=True)


def test_pull_error_arrives_mid_stream(server: OllamaTestServer, models: ModelManagementAPI) -> None:
    message = "pull model manifest: file does not exist"
    server.enqueue("POST", "/api/pull", NDJSONReply([{"status": "pulling manifest"}, {"error": message}]))

    statuses: list[str] = []
    with pytest.raises(StreamError) as caught:
        for progress in models.pull("nosuch/model:tag", stream=True):
            statuses.append(progress.status)

    assert statuses == ["pulling manifest"]
    assert caught.value.error == message
    assert caught.value.status_code == -1


def test_pull_error_mid_stream_when_not_streaming_the_result(
    server: OllamaTestServer, models: ModelManagementAPI
) -> None:
    # stream=False on the wire: the server reports the same failure as a 500.
    message = "pull model manifest: file does not exist"
    server.enqueue("POST", "/api/pull", JSONReply({"error": message}, status=500))
    with pytest.raises(ResponseError) as caught:
        models.pull("nosuch/model:tag")
    assert caught.value.status_code == 500
    assert caught.value.error == message
    assert server.last_request is not None
    assert server.last_request.json == {"model": "nosuch/model:tag", "stream": False}


def test_generation_stream_ending_before_done(server: OllamaTestServer, gen: GenerateAPI) -> None:
    # Was an InvalidResponseError; like the official client, a clean end just ends the iteration.
    # Properly terminated, but no final ``done`` object.
    server.enqueue("POST", "/api/generate", NDJSONReply([generate_chunk("a"), generate_chunk("b")]))

    stream = gen.generate("hi", stream=True)
    received = [part.response for part in stream]

    assert received == ["a", "b"]
    assert stream.incomplete is True
    assert stream.response is not None
    assert stream.response.response == "ab"
    assert stream.response.done is False


def test_empty_generation_stream(server: OllamaTestServer, gen: GenerateAPI) -> None:
    server.enqueue("POST", "/api/generate", NDJSONReply([]))
    with pytest.raises(InvalidResponseError) as caught:
        list(gen.generate("hi", stream=True))
    assert "the server sent an empty reply" in caught.value.error


def test_progress_stream_ending_without_success(server: OllamaTestServer, models: ModelManagementAPI) -> None:
    # Was an InvalidResponseError: the reports that arrived are the answer, marked incomplete.
    server.enqueue(
        "POST", "/api/pull", NDJSONReply([{"status": "pulling manifest"}, {"status": "verifying sha256 digest"}])
    )

    stream = models.pull("llama3.2", stream=True)
    statuses = [progress.status for progress in stream]

    assert statuses == ["pulling manifest", "verifying sha256 digest"]
    assert stream.incomplete is True


def test_truncated_last_line_that_is_complete_json_is_accepted(server: OllamaTestServer, gen: GenerateAPI) -> None:
    last = b'{"model":"llama3.2","created_at":"2025-10-26T17:15:24Z","response":"!","done":true,"done_reason":"stop"}'
    server.enqueue("POST", "/api/generate", NDJSONReply([generate_chunk("Hi"), last]))

    parts = list(gen.generate("hi", stream=True))

    assert [part.response for part in parts] == ["Hi", "!"]
    assert parts[-1].done is True
    assert parts[-1].done_reason == "stop"


def test_truncated_last_line_that_is_cut_json_is_invalid(server: OllamaTestServer, gen: GenerateAPI) -> None:
    server.enqueue("POST", "/api/generate", NDJSONReply([generate_chunk("Hi"), b'{"model":"llama3.2","respo']))
    with pytest.raises(InvalidResponseError):
        list(gen.generate("hi", stream=True))


def test_invalid_json_line(server: OllamaTestServer, gen: GenerateAPI) -> None:
    server.enqueue("POST", "/api/generate", NDJSONReply([generate_chunk("a"), b"{this is not json}\n", FINAL]))

    stream = gen.generate("hi", stream=True)
    assert next(stream).response == "a"
    with pytest.raises(InvalidResponseError) as caught:
        next(stream)

    assert "not JSON" in caught.value.error
    assert "this is not json" in caught.value.error


def test_invalid_json_line_chains_the_decoding_error(server: OllamaTestServer, gen: GenerateAPI) -> None:
    server.enqueue("POST", "/api/generate", NDJSONReply([b"{this is not json}\n", FINAL]))
    with pytest.raises(InvalidResponseError) as caught:
        list(gen.generate("hi", stream=True))
    assert isinstance(caught.value.__cause__, ValueError)


def test_sse_framing_is_invalid(server: OllamaTestServer, gen: GenerateAPI) -> None:
    server.enqueue("POST", "/api/generate", NDJSONReply([b'data: {"response":"a","done":false}\n', FINAL]))
    with pytest.raises(InvalidResponseError):
        list(gen.generate("hi", stream=True))


def test_non_utf8_line(server: OllamaTestServer, gen: GenerateAPI) -> None:
    server.enqueue("POST", "/api/generate", NDJSONReply([generate_chunk("a"), b"\xff\xfe\xfd\xfc\n", FINAL]))
    with pytest.raises(InvalidResponseError):
        list(gen.generate("hi", stream=True))


def test_non_utf8_inside_a_json_string(server: OllamaTestServer, gen: GenerateAPI) -> None:
    bad = b'{"model":"llama3.2","created_at":"2025-10-26T17:15:24Z","response":"\xff","done":false}\n'
    server.enqueue("POST", "/api/generate", NDJSONReply([generate_chunk("a"), bad, FINAL]))
    received: list[str] = []
    with pytest.raises(InvalidResponseError):
        for part in gen.generate("hi", stream=True):
            received.append(part.response)
    assert received == ["a"]


def test_stream_line_that_is_a_json_list(server: OllamaTestServer, gen: GenerateAPI) -> None:
    server.enqueue("POST", "/api/generate", NDJSONReply([[1, 2, 3], FINAL]))
    with pytest.raises(InvalidResponseError) as caught:
        list(gen.generate("hi", stream=True))
    assert "object" in caught.value.error


# -- transport failures ---------------------------------------------------------------------------


def test_connection_refused(server: OllamaTestServer) -> None:
    port = free_port()
    with (
        GenerateAPI(f"http://127.0.0.1:{port}", model="llama3.2", timeout=TIMEOUT, max_retries=0) as gen,
        pytest.raises(ConnectionError) as caught,
    ):
        gen.generate("hi")

    error = caught.value
    assert isinstance(error, builtins.ConnectionError)
    assert isinstance(error, OllamaError)
    assert not isinstance(error, TimeoutError)
    text = str(error)
    assert f"127.0.0.1:{port}" in text
    assert "ollama serve" in text
    assert "OLLAMA_HOST" in text
    assert error.__cause__ is not None


def test_connection_refused_is_caught_by_builtin_except(server: OllamaTestServer) -> None:
    port = free_port()
    models = ModelManagementAPI(f"127.0.0.1:{port}", timeout=TIMEOUT, max_retries=0)
    try:
        models.version()
    except builtins.ConnectionError as error:  # code written for the official client
        assert f":{port}" in str(error)
    else:
        pytest.fail("no error raised")
    finally:
        models.close()


def test_read_timeout_chains_its_cause(server: OllamaTestServer) -> None:
    server.enqueue("GET", "/api/version", HangReply())
    with ModelManagementAPI(server.url, timeout=0.3, max_retries=0) as models, pytest.raises(TimeoutError) as caught:
        models.version()
    assert isinstance(caught.value, builtins.TimeoutError)
    assert isinstance(caught.value, ConnectionError)
    assert caught.value.__cause__ is not None
    assert "0.3" in str(caught.value)


def test_request_error_for_bad_input_sends_nothing(server: OllamaTestServer) -> None:
    with pytest.raises(RequestError) as caught:
        GenerateAPI(server.url, model="llama3.2", max_retries=-1)
    assert isinstance(caught.value, ValueError)
    assert caught.value.argument == "max_retries"
    assert server.requests == []


def test_missing_field_error(server: OllamaTestServer, gen: GenerateAPI) -> None:
    result = gen.generate("hi")
    with pytest.raises(MissingFieldError) as caught:
        result["no_such_field"]
    assert isinstance(caught.value, KeyError)
    assert isinstance(caught.value, OllamaError)


# -- pickling -----------------------------------------------------------------------------------------


def roundtrip(error: BaseException) -> Any:
    return pickle.loads(pickle.dumps(error))


def test_response_errors_pickle_with_attributes(server: OllamaTestServer, gen: GenerateAPI) -> None:
    link = "https://ollama.com/connect?name=h&key=k"
    server.enqueue("POST", "/api/generate", JSONReply({"error": "model 'x' not found"}, status=404))
    server.enqueue("POST", "/api/generate", JSONReply({"error": "unauthorized", "signin_url": link}, status=401))
    server.enqueue("POST", "/api/generate", JSONReply({"error": "busy"}, status=503, headers={"Retry-After": "3"}))
    server.enqueue("POST", "/api/generate", NDJSONReply([generate_chunk("a"), {"error": "boom"}]))

    caught: list[ResponseError] = []
    for _ in range(3):
        with pytest.raises(ResponseError) as info:
            gen.generate("hi")
        caught.append(info.value)
    with pytest.raises(StreamError) as stream_info:
        list(gen.generate("hi", stream=True))
    caught.append(stream_info.value)

    for original in caught:
        copy = roundtrip(original)
        assert type(copy) is type(original)
        assert copy.error == original.error
        assert copy.status_code == original.status_code
        assert copy.body == original.body
        assert dict(copy.headers) == dict(original.headers)
        assert copy.signin_url == original.signin_url
        assert str(copy) == str(original)
        assert copy.args == original.args

    not_found, auth, busy, stream_error = (roundtrip(error) for error in caught)
    assert isinstance(not_found, NotFoundError) and not_found.status_code == 404
    assert auth.signin_url == link and link in str(auth)
    assert isinstance(busy, ServerBusyError) and busy.retry_after == 3.0
    assert stream_error.status_code == -1 and stream_error.error == "boom"


def test_connection_errors_pickle(server: OllamaTestServer) -> None:
    port = free_port()
    with (
        GenerateAPI(f"http://127.0.0.1:{port}", model="m", timeout=TIMEOUT, max_retries=0) as gen,
        pytest.raises(ConnectionError) as refused,
    ):
        gen.generate("hi")
    server.enqueue("GET", "/api/version", HangReply())
    with ModelManagementAPI(server.url, timeout=0.2, max_retries=0) as models, pytest.raises(TimeoutError) as timed_out:
        models.version()

    for original in (refused.value, timed_out.value):
        copy = roundtrip(original)
        assert isinstance(copy, type(original))
        assert str(copy) == str(original)
    assert isinstance(roundtrip(timed_out.value), builtins.TimeoutError)


def test_request_and_missing_field_errors_pickle() -> None:
    request_error = RequestError("max_retries must be a non-negative integer", argument="max_retries")
    copy = roundtrip(request_error)
    assert type(copy) is RequestError
    assert copy.argument == "max_retries"
    assert str(copy) == str(request_error)

    missing = MissingFieldError("no field 'x'")
    assert str(roundtrip(missing)) == "no field 'x'"


def test_response_error_constructed_by_hand_pickles() -> None:
    error = InvalidResponseError("cut short", 200, body=b"{", headers={"X": "1"})
    copy = roundtrip(error)
    assert (copy.error, copy.status_code, copy.body, dict(copy.headers)) == ("cut short", 200, b"{", {"X": "1"})
