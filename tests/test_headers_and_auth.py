"""What every request carries: default headers, API keys, URL credentials, OLLAMA_HOST, sessions.

Checked on the wire by a real loopback server; environment variables are set with monkeypatch
(conftest clears OLLAMA_HOST and OLLAMA_API_KEY before every test).
"""

from __future__ import annotations

import base64
import platform
import re
from typing import Any

import pytest
import requests

import ollama_python
from ollama_python import (
    ConnectionError,
    EmbeddingAPI,
    GenerateAPI,
    InvalidResponseError,
    ModelManagementAPI,
    NotFoundError,
    RequestError,
    ResponseError,
    TimeoutError,
)
from ollama_python.testing import HangReply, JSONReply, OllamaTestServer, RawReply, free_port

USER_AGENT = re.compile(r"^ollama-python/(?P<version>\S+) \((?P<arch>\S+) (?P<os>\S+)\) Python/(?P<python>\S+)$")
PASSWORD = "s3cr3t-pa55"


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


# -- default headers ---------------------------------------------------------------------------------------


def test_user_agent_format(server: OllamaTestServer) -> None:
    with GenerateAPI(server.url, model="llama3.2", timeout=3) as gen:
        gen.generate("hi")

    assert server.last_request is not None
    agent = server.last_request.headers["User-Agent"]
    match = USER_AGENT.match(agent)
    assert match is not None, agent
    assert match["version"] == ollama_python.__version__
    assert match["arch"] == platform.machine()
    assert match["os"] == platform.system().lower()
    assert match["python"] == platform.python_version()
    assert server.last_request.headers.get_all("User-Agent") == [agent]


def test_same_user_agent_on_every_endpoint_class(server: OllamaTestServer) -> None:
    with (
        GenerateAPI(server.url, model="llama3.2", timeout=3) as gen,
        EmbeddingAPI(server.url, model="all-minilm", timeout=3) as emb,
        ModelManagementAPI(server.url, timeout=3) as models,
    ):
        gen.generate("hi")
        list(gen.chat([{"role": "user", "content": "hi"}], stream=True))
        emb.embed("hi")
        models.list()
        models.version()

    agents = {request.headers["User-Agent"] for request in server.requests}
    assert len(server.requests) == 5
    assert len(agents) == 1
    assert USER_AGENT.match(agents.pop())


def test_content_type_and_accept_on_post(server: OllamaTestServer) -> None:
    with EmbeddingAPI(server.url, model="all-minilm", timeout=3) as emb:
        emb.embed(["a", "b"])

    request = server.last_request
    assert request is not None
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Accept"] == "application/json"
    assert request.headers["Content-Length"] == str(len(request.body))
    assert request.json == {"model": "all-minilm", "input": ["a", "b"]}


def test_accept_on_get_and_no_body(server: OllamaTestServer) -> None:
    with ModelManagementAPI(server.url, timeout=3) as models:
        models.list()

    request = server.last_request
    assert request is not None
    assert (request.method, request.path) == ("GET", "/api/tags")
    assert request.headers["Accept"] == "application/json"
    assert request.body == b""


def test_no_authorization_by_default(server: OllamaTestServer) -> None:
    with ModelManagementAPI(server.url, timeout=3) as models:
        models.version()
    assert server.last_request is not None
    assert "Authorization" not in server.last_request.headers


def test_extra_headers_reach_the_server_on_every_call(server: OllamaTestServer) -> None:
    with GenerateAPI(server.url, model="llama3.2", timeout=3, headers={"X-Request-Source": "tests"}) as gen:
        gen.generate("hi")
        list(gen.generate("hi", stream=True))
    assert [r.headers["X-Request-Source"] for r in server.requests] == ["tests", "tests"]


def test_given_headers_replace_defaults_case_insensitively(server: OllamaTestServer) -> None:
    headers = {"user-agent": "my-app/2.0", "accept": "application/x-ndjson"}
    with GenerateAPI(server.url, model="llama3.2", timeout=3, headers=headers) as gen:
        gen.generate("hi")

    request = server.last_request
    assert request is not None
    assert request.headers.get_all("User-Agent") == ["my-app/2.0"]
    assert request.headers.get_all("Accept") == ["application/x-ndjson"]
    assert request.headers.get_all("Content-Type") == ["application/json"]


# -- OLLAMA_API_KEY and Authorization ---------------------------------------------------------------------


def test_api_key_from_environment_is_sent_as_bearer(server: OllamaTestServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OLLAMA_API_KEY", "key-123")

    with GenerateAPI(server.url, model="llama3.2", timeout=3) as gen:
        gen.generate("hi")
        list(gen.generate("hi", stream=True))
    with ModelManagementAPI(server.url, timeout=3) as models:
        models.list()

    assert [r.headers.get_all("Authorization") for r in server.requests] == [["Bearer key-123"]] * 3


def test_explicit_authorization_wins_over_api_key(server: OllamaTestServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OLLAMA_API_KEY", "from-env")

    with GenerateAPI(server.url, model="llama3.2", timeout=3, headers={"authorization": "Bearer explicit"}) as gen:
        gen.generate("hi")

    request = server.last_request
    assert request is not None
    assert request.headers.get_all("Authorization") == ["Bearer explicit"]
    assert "from-env" not in str(request.headers.raw_items())


@pytest.mark.parametrize("name", ["Authorization", "AUTHORIZATION", "authorization"])
def test_explicit_authorization_any_case(server: OllamaTestServer, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setenv("OLLAMA_API_KEY", "from-env")
    with ModelManagementAPI(server.url, timeout=3, headers={name: "Token abc"}) as models:
        models.version()
    assert server.last_request is not None
    assert server.last_request.headers.get_all("Authorization") == ["Token abc"]


def test_empty_api_key_sends_nothing(server: OllamaTestServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OLLAMA_API_KEY", "")
    with ModelManagementAPI(server.url, timeout=3) as models:
        models.version()
    assert server.last_request is not None
    assert "Authorization" not in server.last_request.headers


# -- credentials in the base URL ---------------------------------------------------------------------------


def credentials_url(server: OllamaTestServer, password: str = PASSWORD) -> str:
    return f"http://alice:{password}@{server.host}"


def test_url_credentials_become_basic_auth(server: OllamaTestServer) -> None:
    with GenerateAPI(credentials_url(server) + "/api", model="llama3.2", timeout=3) as gen:
        result = gen.generate("hi")

    assert result.response == "You said: hi"
    request = server.last_request
    assert request is not None
    assert request.headers.get_all("Authorization") == [basic("alice", PASSWORD)]
    assert request.path == "/api/generate"


def test_percent_encoded_url_credentials_are_decoded(server: OllamaTestServer) -> None:
    with ModelManagementAPI(f"http://al%40ice:p%3Ass%2Fw@{server.host}", timeout=3) as models:
        models.version()
    assert server.last_request is not None
    assert server.last_request.headers["Authorization"] == basic("al@ice", "p:ss/w")


def test_url_credentials_win_over_api_key(server: OllamaTestServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OLLAMA_API_KEY", "from-env")
    with ModelManagementAPI(credentials_url(server), timeout=3) as models:
        models.version()
    assert server.last_request is not None
    assert server.last_request.headers.get_all("Authorization") == [basic("alice", PASSWORD)]


def test_explicit_authorization_wins_over_url_credentials(server: OllamaTestServer) -> None:
    with ModelManagementAPI(credentials_url(server), timeout=3, headers={"Authorization": "Bearer x"}) as models:
        models.version()
    assert server.last_request is not None
    assert server.last_request.headers.get_all("Authorization") == ["Bearer x"]


def test_password_is_not_in_repr_or_base_url(server: OllamaTestServer) -> None:
    for client in (
        GenerateAPI(credentials_url(server), model="llama3.2", timeout=3),
        EmbeddingAPI(credentials_url(server), model="all-minilm", timeout=3),
        ModelManagementAPI(credentials_url(server), timeout=3),
    ):
        with client:
            assert PASSWORD not in repr(client)
            assert PASSWORD not in str(client)
            assert PASSWORD not in client.base_url
            assert client.base_url == server.url + "/api"


def collect_errors(server: OllamaTestServer) -> list[BaseException]:
    """Provoke one error of each kind through a client whose URL carries a password."""
    errors: list[BaseException] = []
    server.enqueue("POST", "/api/generate", JSONReply({"error": "model 'x' not found"}, status=404))
    server.enqueue("POST", "/api/generate", RawReply("<html><title>Bad Gateway</title></html>", 502, "text/html"))
    server.enqueue("POST", "/api/generate", RawReply(b"", status=403, content_type=None))
    server.enqueue("POST", "/api/generate", RawReply("not json"))
    server.enqueue("POST", "/api/generate", RawReply(b"", status=302, headers={"Location": "/elsewhere"}))
    server.enqueue("POST", "/api/generate", RawReply("404 page not found", status=404))
    server.enqueue("POST", "/api/generate", HangReply())

    with GenerateAPI(credentials_url(server), model="llama3.2", timeout=0.5, max_retries=0) as gen:
        for _ in range(7):
            with pytest.raises((ResponseError, ConnectionError)) as caught:
                gen.generate("hi")
            errors.append(caught.value)

    refused = f"http://alice:{PASSWORD}@127.0.0.1:{free_port()}"
    with (
        GenerateAPI(refused, model="llama3.2", timeout=2, max_retries=0) as gen,
        pytest.raises(ConnectionError) as caught,
    ):
        gen.generate("hi")
    errors.append(caught.value)
    return errors


def test_password_never_appears_in_exceptions(server: OllamaTestServer) -> None:
    errors = collect_errors(server)

    kinds = [type(error) for error in errors]
    assert kinds[0] is NotFoundError
    assert kinds[3] is InvalidResponseError
    assert kinds[4] is InvalidResponseError
    assert issubclass(kinds[6], TimeoutError)
    assert issubclass(kinds[7], ConnectionError)
    for error in errors:
        seen: list[Any] = [str(error), repr(error), error.args]
        cause = error.__cause__
        while cause is not None:  # the chained library exceptions too
            seen += [str(cause), repr(cause)]
            cause = cause.__cause__
        for text in seen:
            assert PASSWORD not in str(text), f"{type(error).__name__}: {text}"
    # Every request did authenticate.
    assert all(r.headers["Authorization"] == basic("alice", PASSWORD) for r in server.requests)


def test_password_not_in_error_for_an_invalid_url() -> None:
    with pytest.raises(RequestError) as caught:
        GenerateAPI(f"ftp://alice:{PASSWORD}@127.0.0.1:1/", model="llama3.2")
    assert PASSWORD not in str(caught.value)
    assert PASSWORD not in repr(caught.value)
    assert "ftp" in str(caught.value)


# -- OLLAMA_HOST -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "template",
    ["{host}", "http://{host}", "http://{host}/api", "http://{host}/api/", " '{host}' ", "0.0.0.0:{port}"],
    ids=["bare", "scheme", "scheme-api", "scheme-api-slash", "quoted", "listen-all"],
)
def test_ollama_host_is_used_without_base_url(
    server: OllamaTestServer, monkeypatch: pytest.MonkeyPatch, template: str
) -> None:
    monkeypatch.setenv("OLLAMA_HOST", template.format(host=server.host, port=server.port))

    with GenerateAPI(model="llama3.2", timeout=3) as gen:
        assert gen.base_url == server.url + "/api"
        result = gen.generate("hi")

    assert result.response == "You said: hi"
    request = server.last_request
    assert request is not None
    assert request.path == "/api/generate"
    assert request.headers["Host"] == server.host


def test_ollama_host_for_model_management_and_embeddings(
    server: OllamaTestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OLLAMA_HOST", f"http://{server.host}/api")
    with ModelManagementAPI(timeout=3) as models, EmbeddingAPI(model="all-minilm", timeout=3) as emb:
        assert models.version().version == server.version
        assert len(emb.embed("x").embeddings) == 1
    assert [r.path for r in server.requests] == ["/api/version", "/api/embed"]


def test_base_url_wins_over_ollama_host(server: OllamaTestServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OLLAMA_HOST", f"127.0.0.1:{free_port()}")
    with ModelManagementAPI(server.url, timeout=3, max_retries=0) as models:
        assert models.version().version == server.version


def test_ollama_host_pointing_nowhere_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    port = free_port()
    monkeypatch.setenv("OLLAMA_HOST", f"127.0.0.1:{port}")
    with ModelManagementAPI(timeout=2, max_retries=0) as models, pytest.raises(ConnectionError) as caught:
        models.version()
    assert f"127.0.0.1:{port}" in str(caught.value)


# -- a shared requests.Session --------------------------------------------------------------------------------


class CountingSession(requests.Session):
    """A real Session that remembers whether somebody closed it."""

    def __init__(self) -> None:
        super().__init__()
        self.close_calls = 0

    def close(self) -> None:
        self.close_calls += 1
        super().close()


def test_shared_session_is_used_and_not_closed(server: OllamaTestServer) -> None:
    session = CountingSession()
    session.headers["X-Team"] = "search"
    try:
        gen = GenerateAPI(server.url, model="llama3.2", timeout=3, session=session)
        models = ModelManagementAPI(server.url, timeout=3, session=session)
        gen.generate("hi")
        list(gen.generate("hi", stream=True))
        models.list()
        gen.close()
        models.close()

        assert session.close_calls == 0
        assert [r.headers.get("X-Team") for r in server.requests] == ["search"] * 3
        # Our defaults still apply on top of the session's headers.
        assert all(USER_AGENT.match(r.headers["User-Agent"]) for r in server.requests)
        # The session is still usable by its owner.
        reply = session.get(server.url + "/api/version", timeout=3)
        assert reply.status_code == 200
        assert reply.json() == {"version": server.version}
    finally:
        session.close()


def test_own_session_is_closed_by_close(server: OllamaTestServer) -> None:
    # Counterpart: without session=, close() releases the pooled connection; the client can be reused.
    with ModelManagementAPI(server.url, timeout=3) as models:
        models.version()
        models.close()
        assert models.version().version == server.version


def test_session_auth_applies(server: OllamaTestServer) -> None:
    with requests.Session() as session:
        session.auth = ("bob", "pw")
        with ModelManagementAPI(server.url, timeout=3, session=session) as models:
            models.version()
    assert server.last_request is not None
    assert server.last_request.headers["Authorization"] == basic("bob", "pw")
