"""The official client's constructor options (``Client(host, **kwargs)``), mapped onto requests and httpx.

A second pytest-httpserver plays the proxy: requests through it arrive with an absolute URL.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer

from ollama_python import AsyncClient, Client, GenerateAPI

TARGET = "http://ollama.invalid:11434"  # never contacted: every request goes to the proxy on 127.0.0.1


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    return ("127.0.0.1", 0)


@pytest.fixture
def proxy() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    server.expect_request("/api/version").respond_with_json({"version": "0.0.proxy"})
    yield server
    server.clear()
    server.stop()


def proxied_urls(proxy: HTTPServer) -> list[str]:
    return [request.url for request, _ in proxy.log]


def test_proxy_sends_every_request_through_it(proxy: HTTPServer) -> None:
    with Client(TARGET, proxy=proxy.url_for("/"), trust_env=False, timeout=10, max_retries=0) as client:
        assert client.version().version == "0.0.proxy"
    assert proxied_urls(proxy) == [f"{TARGET}/api/version"]


@pytest.mark.parametrize("proxies", [{"http://": None}, {"http": None}, {"all://": None}])
def test_proxies_by_pattern(proxy: HTTPServer, proxies: dict[str, None]) -> None:
    given = {key: proxy.url_for("/") for key in proxies}
    with Client(TARGET, proxies=given, trust_env=False, timeout=10, max_retries=0) as client:
        client.version()
    assert proxied_urls(proxy) == [f"{TARGET}/api/version"]


@pytest.mark.parametrize("proxies", [{"http://": None}, {"all://": None}])
def test_async_proxy_and_proxies(proxy: HTTPServer, proxies: dict[str, None]) -> None:
    async def main() -> None:
        given = {key: proxy.url_for("/") for key in proxies}
        async with AsyncClient(TARGET, proxies=given, trust_env=False, timeout=10, max_retries=0) as client:
            assert (await client.version()).version == "0.0.proxy"
        async with AsyncClient(TARGET, proxy=proxy.url_for("/"), trust_env=False, timeout=10) as client:
            await client.version()

    asyncio.run(main())
    assert proxied_urls(proxy) == [f"{TARGET}/api/version"] * 2


@pytest.mark.parametrize("trust_env", [True, False])
def test_trust_env_decides_whether_proxy_variables_apply(
    httpserver: HTTPServer, proxy: HTTPServer, monkeypatch: pytest.MonkeyPatch, trust_env: bool
) -> None:
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(name, proxy.url_for("/"))
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(name, "")
    httpserver.expect_request("/api/version").respond_with_json({"version": "0.0.direct"})

    with Client(httpserver.url_for("/"), trust_env=trust_env, timeout=10, max_retries=0) as client:
        version = client.version().version

    assert version == ("0.0.proxy" if trust_env else "0.0.direct")

    async def main() -> str:
        async with AsyncClient(httpserver.url_for("/"), trust_env=trust_env, timeout=10, max_retries=0) as client:
            return (await client.version()).version

    assert asyncio.run(main()) == version


def test_headers_and_timeout_reach_the_wire(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/tags", headers={"X-Team": "search"}).respond_with_json({"models": []})
    with Client(httpserver.url_for("/"), headers={"X-Team": "search"}, timeout=5.0) as client:
        assert client.list().models == []
    request, _ = httpserver.log[-1]
    assert request.headers["X-Team"] == "search"


@pytest.mark.parametrize("make", [Client, AsyncClient, GenerateAPI])
def test_unknown_option_is_a_type_error_listing_the_supported_ones(make: type) -> None:
    with pytest.raises(TypeError) as caught:
        make("http://127.0.0.1:9", http2=True)
    message = str(caught.value)
    assert "'http2'" in message
    for option in ("timeout", "headers", "verify", "cert", "proxy", "proxies", "trust_env", "follow_redirects"):
        assert option in message
    assert "session=" in message
