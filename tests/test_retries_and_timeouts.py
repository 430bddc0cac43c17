"""Retries, timeouts, transport faults and redirects against real loopback servers.

The SDK retries connection failures and 429/503 answers before any reply body was read, never a
read timeout and never a stream that already delivered data (a generation must not run twice).
Every client here has a short timeout, so a regression shows up as a failure, not a hang.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from ollama_python import (
    ConnectionError,
    GenerateAPI,
    InvalidResponseError,
    ModelManagementAPI,
    ResponseError,
    ServerBusyError,
    Timeout,
    TimeoutError,
)
from ollama_python.testing import (
    DropReply,
    HangReply,
    JSONReply,
    NDJSONReply,
    OllamaTestServer,
    RawReply,
    ResetReply,
    TrickleReply,
    free_port,
    generate_chunk,
    generate_final,
)

FINAL = generate_final("done!", created_at="2025-10-26T17:15:24.166576Z")


def busy(status: int, retry_after: str | None = "0") -> JSONReply:
    headers = {"Retry-After": retry_after} if retry_after is not None else None
    return JSONReply({"error": "server busy, please try again.  maximum pending requests exceeded"}, status, headers)


@pytest.fixture
def gen(server: OllamaTestServer) -> Iterator[GenerateAPI]:
    """Default retry policy, short timeout."""
    client = GenerateAPI(server.url, model="llama3.2", timeout=3)
    yield client
    client.close()


# -- retrying 429 / 503 -------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [503, 429])
def test_busy_then_success_is_retried_with_identical_requests(
    server: OllamaTestServer, gen: GenerateAPI, status: int
) -> None:
    server.enqueue("POST", "/api/generate", busy(status))

    result = gen.generate("Why is the sky blue?", options={"seed": 1})

    assert result.response == "You said: Why is the sky blue?"
    sent = server.requests_to("POST", "/api/generate")
    assert len(sent) == 2
    first, second = sent
    assert first.body == second.body
    assert first.json == {
        "model": "llama3.2",
        "prompt": "Why is the sky blue?",
        "options": {"seed": 1},
        "stream": False,
    }
    assert first.headers.raw_items() == second.headers.raw_items()


def test_busy_retry_of_a_streamed_call_before_any_data(server: OllamaTestServer, gen: GenerateAPI) -> None:
    server.enqueue("POST", "/api/generate", busy(503))
    server.enqueue("POST", "/api/generate", NDJSONReply([generate_chunk("a"), FINAL]))

    parts = [part.response for part in gen.generate("hi", stream=True)]

    assert parts == ["a", "done!"]
    assert len(server.requests_to("POST", "/api/generate")) == 2


@pytest.mark.parametrize("max_retries", [1, 2, 3])
def test_retries_exhausted_raise_server_busy(server: OllamaTestServer, max_retries: int) -> None:
    server.enqueue("POST", "/api/generate", busy(503), times=None)

    with (
        GenerateAPI(server.url, model="llama3.2", timeout=3, max_retries=max_retries) as gen,
        pytest.raises(ServerBusyError) as caught,
    ):
        gen.generate("hi")

    assert caught.value.status_code == 503
    assert caught.value.retry_after == 0.0
    assert len(server.requests_to("POST", "/api/generate")) == max_retries + 1


def test_default_policy_makes_three_attempts(server: OllamaTestServer, gen: GenerateAPI) -> None:
    server.enqueue("POST", "/api/generate", busy(429), times=None)
    with pytest.raises(ServerBusyError):
        gen.generate("hi")
    assert len(server.requests_to("POST", "/api/generate")) == 3


def test_max_retries_zero_does_not_retry(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/generate", busy(503))

    with GenerateAPI(server.url, model="llama3.2", timeout=3, max_retries=0) as gen, pytest.raises(ServerBusyError):
        gen.generate("hi")

    assert len(server.requests_to("POST", "/api/generate")) == 1


def test_retry_without_retry_after_uses_backoff(server: OllamaTestServer) -> None:
    server.enqueue("GET", "/api/version", busy(503, retry_after=None))

    with ModelManagementAPI(server.url, timeout=3, max_retries=1) as models:
        started = time.monotonic()
        version = models.version()
        elapsed = time.monotonic() - started

    assert version.version == server.version
    assert len(server.requests_to("GET", "/api/version")) == 2
    # Default backoff 0.5 s with jitter in [50%, 100%].
    assert 0.2 <= elapsed < 1.5


def test_retry_after_longer_than_allowed_is_not_waited_for(server: OllamaTestServer, gen: GenerateAPI) -> None:
    server.enqueue("POST", "/api/generate", busy(503, retry_after="3600"))

    started = time.monotonic()
    with pytest.raises(ServerBusyError) as caught:
        gen.generate("hi")

    assert time.monotonic() - started < 1.0
    assert caught.value.retry_after == 3600.0
    assert len(server.requests_to("POST", "/api/generate")) == 1


def test_other_errors_are_not_retried(server: OllamaTestServer, gen: GenerateAPI) -> None:
    server.enqueue("POST", "/api/generate", JSONReply({"error": "boom"}, status=500))
    with pytest.raises(ResponseError) as caught:
        gen.generate("hi")
    assert caught.value.status_code == 500
    assert caught.value.error == "boom"
    assert len(server.requests_to("POST", "/api/generate")) == 1


# -- connection failures --------------------------------------------------------------------------------


def test_connection_refused_is_retried_then_succeeds() -> None:
    port = free_port()
    late = OllamaTestServer(port=port)
    starter = threading.Timer(0.1, late.start)
    try:
        with GenerateAPI(f"http://127.0.0.1:{port}", model="llama3.2", timeout=3, max_retries=1) as gen:
            starter.start()  # the first attempt is refused; the retry (after >= 0.25 s) finds the server
            started = time.monotonic()
            result = gen.generate("hello")
            elapsed = time.monotonic() - started
        assert result.response == "You said: hello"
        assert len(late.requests_to("POST", "/api/generate")) == 1
        assert elapsed >= 0.2  # the first attempt was refused and a backoff pause followed
    finally:
        starter.cancel()
        late.stop()


def test_connection_refused_retries_exhausted() -> None:
    port = free_port()
    with GenerateAPI(f"http://127.0.0.1:{port}", model="llama3.2", timeout=3, max_retries=1) as gen:
        started = time.monotonic()
        with pytest.raises(ConnectionError) as caught:
            gen.generate("hi")
        elapsed = time.monotonic() - started

    assert "connection refused" in str(caught.value)
    assert caught.value.__cause__ is not None
    assert 0.2 <= elapsed < 1.5  # one backoff pause happened


def test_connection_refused_without_retries_fails_at_once() -> None:
    port = free_port()
    with GenerateAPI(f"http://127.0.0.1:{port}", model="llama3.2", timeout=3, max_retries=0) as gen:
        started = time.monotonic()
        with pytest.raises(ConnectionError):
            gen.generate("hi")
        assert time.monotonic() - started < 0.2


def test_no_retry_after_stream_data_was_received(server: OllamaTestServer, gen: GenerateAPI) -> None:
    server.enqueue(
        "POST",
        "/api/generate",
        NDJSONReply([generate_chunk("a"), generate_chunk("b"), generate_chunk("c"), FINAL], drop_after=2),
    )

    received: list[str] = []
    with pytest.raises(ConnectionError) as caught:
        for part in gen.generate("hi", stream=True):
            received.append(part.response)

    assert received == ["a", "b"]
    assert not isinstance(caught.value, TimeoutError)
    assert caught.value.__cause__ is not None
    assert len(server.requests_to("POST", "/api/generate")) == 1


def test_no_retry_when_stream_dropped_after_headers(server: OllamaTestServer, gen: GenerateAPI) -> None:
    server.enqueue("POST", "/api/generate", NDJSONReply([generate_chunk("a"), FINAL], drop_after=0))
    with pytest.raises(ConnectionError):
        list(gen.generate("hi", stream=True))
    assert len(server.requests_to("POST", "/api/generate")) == 1


def test_stream_without_terminating_chunk_is_a_connection_error(server: OllamaTestServer, gen: GenerateAPI) -> None:
    server.enqueue(
        "POST", "/api/generate", NDJSONReply([generate_chunk("a"), generate_chunk("b")], omit_terminator=True)
    )
    received: list[str] = []
    with pytest.raises(ConnectionError):
        for part in gen.generate("hi", stream=True):
            received.append(part.response)
    assert received == ["a", "b"]
    assert len(server.requests_to("POST", "/api/generate")) == 1


@pytest.mark.parametrize("fault", [DropReply(), ResetReply()], ids=["drop", "reset"])
def test_drop_and_reset_raise_connection_error(server: OllamaTestServer, fault: DropReply | ResetReply) -> None:
    server.enqueue("POST", "/api/generate", fault)

    with (
        GenerateAPI(server.url, model="llama3.2", timeout=3, max_retries=0) as gen,
        pytest.raises(ConnectionError) as caught,
    ):
        gen.generate("hi")

    assert not isinstance(caught.value, TimeoutError)
    assert server.url in str(caught.value)
    assert caught.value.__cause__ is not None
    assert len(server.requests_to("POST", "/api/generate")) == 1


@pytest.mark.parametrize("fault", [DropReply(), ResetReply()], ids=["drop", "reset"])
def test_drop_and_reset_on_a_streamed_call(server: OllamaTestServer, fault: DropReply | ResetReply) -> None:
    server.enqueue("POST", "/api/pull", fault)
    with (
        ModelManagementAPI(server.url, timeout=3, max_retries=0) as models,
        pytest.raises(ConnectionError),
    ):
        list(models.pull("llama3.2", stream=True))


# -- timeouts ----------------------------------------------------------------------------------------------


def test_read_timeout_is_not_retried(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/generate", HangReply(), times=None)

    with GenerateAPI(server.url, model="llama3.2", timeout=0.5, max_retries=2) as gen:
        started = time.monotonic()
        with pytest.raises(TimeoutError) as caught:
            gen.generate("hi")
        elapsed = time.monotonic() - started

    assert 0.4 <= elapsed < 1.0
    assert "0.5" in str(caught.value)
    assert len(server.requests_to("POST", "/api/generate")) == 1


def test_stalled_stream_times_out(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/generate", HangReply(send_headers=True))

    with GenerateAPI(server.url, model="llama3.2", timeout=Timeout(connect=2, read=0.4)) as gen:
        started = time.monotonic()
        stream = gen.generate("hi", stream=True)
        with pytest.raises(TimeoutError):
            next(stream)
        elapsed = time.monotonic() - started

    assert 0.3 <= elapsed < 1.2
    assert len(server.requests_to("POST", "/api/generate")) == 1


def test_per_call_timeout_overrides_a_longer_client_timeout(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/generate", HangReply())

    with GenerateAPI(server.url, model="llama3.2", timeout=30) as gen:
        started = time.monotonic()
        with pytest.raises(TimeoutError) as caught:
            gen.generate("hi", timeout=0.3)
        elapsed = time.monotonic() - started

    assert elapsed < 1.0
    assert "0.3" in str(caught.value)


def test_per_call_timeout_overrides_a_shorter_client_timeout(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/generate", JSONReply(FINAL, delay=0.3))
    server.enqueue("GET", "/api/tags", JSONReply({"models": []}, delay=0.3))

    with GenerateAPI(server.url, model="llama3.2", timeout=0.1, max_retries=0) as gen:
        assert gen.generate("hi", timeout=3).response == "done!"
    with ModelManagementAPI(server.url, timeout=0.1, max_retries=0) as models:
        assert models.list(timeout=(1, 3)).models == []


def test_per_call_timeout_on_a_streamed_call(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/generate", HangReply(send_headers=True))
    with GenerateAPI(server.url, model="llama3.2", timeout=30) as gen:
        started = time.monotonic()
        stream = gen.generate("hi", stream=True, timeout=Timeout(connect=1, read=0.3))
        with pytest.raises(TimeoutError):
            next(stream)
        assert time.monotonic() - started < 1.0


def test_client_timeout_does_not_fire_on_a_fast_answer(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/generate", JSONReply(FINAL, delay=0.1))
    with GenerateAPI(server.url, model="llama3.2", timeout=1) as gen:
        assert gen.generate("hi").response == "done!"


def test_trickling_stream_times_out(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/generate", TrickleReply(interval=0.02))

    with GenerateAPI(server.url, model="llama3.2", timeout=Timeout(connect=2, read=0.5)) as gen:
        started = time.monotonic()
        stream = gen.generate("hi", stream=True)
        with pytest.raises(TimeoutError) as caught:
            list(stream)
        elapsed = time.monotonic() - started

    assert 0.4 <= elapsed < 1.5
    assert "0.5" in str(caught.value)
    assert len(server.requests_to("POST", "/api/generate")) == 1


def test_trickling_partial_line_times_out(server: OllamaTestServer) -> None:
    # The deadline is per message: bytes of a line that never ends keep arriving.
    server.enqueue("POST", "/api/generate", TrickleReply(interval=0.02, byte=b"{"))
    with GenerateAPI(server.url, model="llama3.2", timeout=Timeout(connect=2, read=0.4)) as gen:
        started = time.monotonic()
        with pytest.raises(TimeoutError):
            list(gen.generate("hi", stream=True))
        assert time.monotonic() - started < 1.5


def test_trickling_non_streamed_reply_times_out(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/generate", TrickleReply(content_type="application/json", interval=0.02))

    with GenerateAPI(server.url, model="llama3.2", timeout=Timeout(connect=2, read=0.5)) as gen:
        started = time.monotonic()
        with pytest.raises(TimeoutError):
            gen.generate("hi")
        elapsed = time.monotonic() - started

    assert 0.4 <= elapsed < 1.5
    assert len(server.requests_to("POST", "/api/generate")) == 1


def test_trickling_error_reply_times_out(server: OllamaTestServer) -> None:
    server.enqueue("GET", "/api/tags", TrickleReply(status=500, content_type="text/plain", interval=0.02))
    with ModelManagementAPI(server.url, timeout=Timeout(connect=2, read=0.5), max_retries=0) as models:
        started = time.monotonic()
        with pytest.raises(TimeoutError):
            models.list()
        assert time.monotonic() - started < 1.5


def test_client_is_usable_after_a_timeout(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/generate", HangReply())
    with GenerateAPI(server.url, model="llama3.2", timeout=0.3) as gen:
        with pytest.raises(TimeoutError):
            gen.generate("first")
        assert gen.generate("second", timeout=3).response == "You said: second"


# -- redirects -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [307, 308])
def test_same_origin_redirect_keeps_method_and_body(server: OllamaTestServer, gen: GenerateAPI, status: int) -> None:
    server.enqueue("POST", "/api/generate", RawReply(b"", status=status, headers={"Location": "/v2/api/generate"}))
    server.enqueue("POST", "/v2/api/generate", JSONReply(FINAL))

    result = gen.generate("hi", options={"temperature": 0})

    assert result.response == "done!"
    first, second = server.requests
    assert (first.method, first.path) == ("POST", "/api/generate")
    assert (second.method, second.path) == ("POST", "/v2/api/generate")
    assert second.body == first.body
    assert second.json == {"model": "llama3.2", "prompt": "hi", "options": {"temperature": 0}, "stream": False}
    assert second.headers["Content-Type"] == "application/json"


def test_redirect_of_a_get_is_followed(server: OllamaTestServer) -> None:
    server.enqueue("GET", "/api/tags", RawReply(b"", status=301, headers={"Location": "/moved/api/tags"}))
    server.enqueue("GET", "/moved/api/tags", JSONReply({"models": []}))

    with ModelManagementAPI(server.url, timeout=3) as models:
        assert models.list().models == []

    assert [(r.method, r.path) for r in server.requests] == [("GET", "/api/tags"), ("GET", "/moved/api/tags")]


def test_cross_origin_redirect_drops_authorization(server: OllamaTestServer) -> None:
    with OllamaTestServer() as other:
        location = other.url + "/api/generate"
        server.enqueue("POST", "/api/generate", RawReply(b"", status=307, headers={"Location": location}))

        with GenerateAPI(server.url, model="llama3.2", timeout=3, headers={"Authorization": "Bearer x"}) as gen:
            result = gen.generate("hi")

        assert result.response == "You said: hi"
        first = server.requests_to("POST", "/api/generate")
        second = other.requests_to("POST", "/api/generate")
        assert len(first) == 1 and len(second) == 1
        assert first[0].headers["Authorization"] == "Bearer x"
        assert "Authorization" not in second[0].headers
        assert second[0].json == first[0].json


def test_cross_origin_redirect_drops_env_api_key(server: OllamaTestServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OLLAMA_API_KEY", "secret-key")
    with OllamaTestServer() as other:
        server.enqueue(
            "GET", "/api/version", RawReply(b"", status=302, headers={"Location": other.url + "/api/version"})
        )
        with ModelManagementAPI(server.url, timeout=3) as models:
            assert models.version().version == other.version
        assert server.requests[0].headers["Authorization"] == "Bearer secret-key"
        assert "Authorization" not in other.requests[0].headers


@pytest.mark.parametrize("status", [301, 302, 303])
def test_method_changing_redirect_of_a_post_is_refused(server: OllamaTestServer, gen: GenerateAPI, status: int) -> None:
    server.enqueue(
        "POST", "/api/generate", RawReply(b"", status=status, headers={"Location": "/elsewhere/api/generate"})
    )

    with pytest.raises(InvalidResponseError) as caught:
        gen.generate("hi")

    assert caught.value.status_code == status
    assert "base_url" in str(caught.value)
    assert "/elsewhere/api/generate" in str(caught.value)
    assert [r.path for r in server.requests] == ["/api/generate"]


def test_redirect_loop_is_cut(server: OllamaTestServer) -> None:
    server.enqueue("GET", "/api/tags", RawReply(b"", status=307, headers={"Location": "/api/tags"}), times=None)
    with ModelManagementAPI(server.url, timeout=3) as models, pytest.raises(InvalidResponseError):
        models.list()
    assert 2 <= len(server.requests_to("GET", "/api/tags")) <= 11


def test_redirect_without_location_is_an_error(server: OllamaTestServer, gen: GenerateAPI) -> None:
    server.enqueue("POST", "/api/generate", RawReply("moved", status=307))
    with pytest.raises(ResponseError) as caught:
        gen.generate("hi")
    assert caught.value.status_code == 307
    assert len(server.requests) == 1


def test_a_post_whose_connection_drops_is_not_sent_again(server: OllamaTestServer) -> None:
    """The server may already be generating: repeating the POST could run the generation twice."""
    server.enqueue("POST", "/api/generate", DropReply())

    with pytest.raises(ConnectionError):
        GenerateAPI(server.url, model="llama3.2").generate("once only")  # default retries

    assert len(server.requests_to("POST", "/api/generate")) == 1


def test_a_get_whose_connection_drops_is_retried(server: OllamaTestServer) -> None:
    server.enqueue("GET", "/api/tags", DropReply())

    models = ModelManagementAPI(server.url).list()

    assert models.models
    assert len(server.requests_to("GET", "/api/tags")) == 2
