"""status, whoami, signout, model_recommendations and the web tools through the local server (issue 10).

Our test server plays a signed-in or signed-out machine; pytest-httpserver plays servers that
answer differently (older ones without the route, minimal replies).
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys

import pytest
from pytest_httpserver import HTTPServer

import ollama_python
from ollama_python import (
    AsyncClient,
    AsyncModelManagementAPI,
    AuthenticationError,
    Client,
    EndpointNotFoundError,
    ModelManagementAPI,
    ModelRecommendationsResponse,
    RequestError,
    ServerStatusResponse,
    UserResponse,
)
from ollama_python.testing import OllamaTestServer

USER = {"id": "8a9c-uuid", "email": "me@example.com", "name": "me", "plan": "pro"}


def wire(server: OllamaTestServer) -> list[tuple[str, str, bytes]]:
    return [(request.method, request.path, request.body) for request in server.requests]


def test_status(server: OllamaTestServer) -> None:
    with Client(server.url) as client:
        status = client.status()
        server.cloud_disabled_by = "env"
        disabled = ModelManagementAPI(server.url).status()

    assert isinstance(status, ServerStatusResponse)
    assert status.cloud is not None and (status.cloud.disabled, status.cloud.source) == (False, "none")
    assert disabled.cloud is not None and (disabled.cloud.disabled, disabled.cloud.source) == (True, "env")
    assert wire(server) == [("GET", "/api/status", b"")] * 2


def test_whoami_signed_out_points_at_the_signin_link(server: OllamaTestServer) -> None:
    with Client(server.url) as client, pytest.raises(AuthenticationError) as caught:
        client.whoami()
    error = caught.value
    assert error.status_code == 401
    assert error.signin_url is not None and error.signin_url.startswith("https://ollama.com/connect?")
    assert f"open {error.signin_url} in a browser" in str(error)
    assert wire(server) == [("POST", "/api/me", b"")]


def test_whoami_and_signout(server: OllamaTestServer) -> None:
    server.account = USER
    with Client(server.url) as client:
        user = client.whoami()
        assert client.signout() is None
        with pytest.raises(AuthenticationError) as caught:
            client.signout()

    assert isinstance(user, UserResponse)
    assert (user.id, user.email, user.name, user.plan) == ("8a9c-uuid", "me@example.com", "me", "pro")
    assert user.bio is None and user.firstname is None  # not sent: not invented
    assert caught.value.error == "you are not currently signed in"
    assert [path for _, path, _ in wire(server)] == ["/api/me", "/api/signout", "/api/signout"]


def test_model_recommendations(server: OllamaTestServer) -> None:
    reply = ollama_python.Client(server.url).model_recommendations()
    assert isinstance(reply, ModelRecommendationsResponse)
    assert [item.model for item in reply.recommendations] == ["qwen3", "llama3.2"]
    assert reply.recommendations[0].context_length == 40960
    assert reply.recommendations[0].vram_bytes is None
    assert wire(server) == [("GET", "/api/experimental/model-recommendations", b"")]


def test_web_tools_via_the_local_server_need_no_api_key(server: OllamaTestServer) -> None:
    server.account = USER
    with Client(server.url) as client:
        hits = client.web_search("what is ollama?", via="server")
        page = client.web_fetch("https://ollama.com", via="server")

    assert len(hits.results) == 3
    assert page.title == "Fake page for https://ollama.com"
    sent = server.requests
    assert [(r.method, r.path) for r in sent] == [
        ("POST", "/api/experimental/web_search"),
        ("POST", "/api/experimental/web_fetch"),
    ]
    assert sent[0].json == {"query": "what is ollama?", "max_results": 3}
    assert sent[1].json == {"url": "https://ollama.com"}
    assert all("Authorization" not in r.headers for r in sent)


@pytest.mark.parametrize("use_async", [False, True])
def test_web_tools_via_the_server_never_send_the_api_key(
    server: OllamaTestServer, monkeypatch: pytest.MonkeyPatch, use_async: bool
) -> None:
    monkeypatch.setenv("OLLAMA_API_KEY", "secret-key")
    server.account = USER

    async def via_async() -> None:
        async with AsyncClient(server.url) as client:
            await client.web_search("ollama", via="server")
            await client.version()

    if use_async:
        asyncio.run(via_async())
    else:
        with Client(server.url) as client:
            client.web_search("ollama", via="server")
            client.version()

    search, version = server.requests
    assert search.path == "/api/experimental/web_search"
    assert "Authorization" not in search.headers
    assert version.headers["Authorization"] == "Bearer secret-key"  # other calls keep it


def test_web_tools_via_a_signed_out_server(server: OllamaTestServer) -> None:
    with Client(server.url) as client, pytest.raises(AuthenticationError) as caught:
        client.web_search("ollama", via="server")
    assert caught.value.signin_url is not None


def test_via_accepts_only_server(server: OllamaTestServer) -> None:
    with Client(server.url) as client, pytest.raises(RequestError) as caught:
        client.web_search("ollama", via="cloud")  # type: ignore[arg-type]
    assert caught.value.argument == "via"
    assert server.requests == []


def test_async_client_and_api(server: OllamaTestServer) -> None:
    server.account = USER

    async def main() -> tuple[ServerStatusResponse, UserResponse, ModelRecommendationsResponse, int]:
        async with AsyncClient(server.url) as client:
            status = await client.status()
            user = await client.whoami()
            recommendations = await client.model_recommendations()
            hits = await client.web_search("ollama", 2, via="server")
            await client.signout()
        return status, user, recommendations, len(hits.results)

    status, user, recommendations, hits = asyncio.run(main())
    assert status.cloud is not None and status.cloud.disabled is False
    assert user.name == "me"
    assert len(recommendations.recommendations) == 2
    assert hits == 2
    assert server.account is None


def test_module_functions(server: OllamaTestServer, monkeypatch: pytest.MonkeyPatch) -> None:
    # The default client reads OLLAMA_HOST on first use: a fresh interpreter.
    monkeypatch.setenv("OLLAMA_HOST", server.host)
    script = "import ollama_python as o; print(o.status().cloud.source, len(o.model_recommendations().recommendations))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=30, check=False)
    assert result.stdout == "none 2\n", result.stderr
    assert [r.path for r in server.requests] == ["/api/status", "/api/experimental/model-recommendations"]


def test_an_older_server_without_the_routes(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/status").respond_with_data("404 page not found", status=404)
    with Client(httpserver.url_for("/")) as client, pytest.raises(EndpointNotFoundError) as caught:
        client.status()
    assert "does not implement GET /api/status" in caught.value.error


def test_minimal_replies_read_as_none(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/status").respond_with_json({})
    httpserver.expect_request("/api/me", method="POST").respond_with_json({"name": "me"})
    with Client(httpserver.url_for("/")) as client:
        assert client.status().cloud is None
        user = client.whoami()
    assert (user.name, user.id, user.plan) == ("me", None, None)
    assert json.loads(user.model_dump_json(exclude_none=True)) == {"name": "me"}


def test_model_management_api_web_tools(server: OllamaTestServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OLLAMA_API_KEY", "secret-key")
    server.account = USER
    models = ModelManagementAPI(server.url)
    hits = models.web_search("ollama", 4, via="server")
    page = models.web_fetch("https://ollama.com", via="server")

    async def via_async() -> int:
        async with AsyncModelManagementAPI(server.url) as api:
            return len((await api.web_search("ollama", via="server")).results)

    assert (len(hits.results), page.title, asyncio.run(via_async())) == (4, "Fake page for https://ollama.com", 3)
    assert [r.path for r in server.requests] == [
        "/api/experimental/web_search",
        "/api/experimental/web_fetch",
        "/api/experimental/web_search",
    ]
    assert all("Authorization" not in r.headers for r in server.requests)


def test_model_management_api_web_tools_need_a_key_for_ollama_com(server: OllamaTestServer) -> None:
    with pytest.raises(RequestError) as caught:
        ModelManagementAPI(server.url).web_search("ollama")
    assert "Authorization header with Bearer token is required for web search" in str(caught.value)
    assert "via='server'" in str(caught.value)
    assert server.requests == []
