"""The official client's constructor options (``Client(host, **kwargs)``), mapped onto requests and httpx.

A second pytest-httpserver plays the proxy: requests through it arrive with an absolute URL.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from ollama_python import AsyncClient, Client, ConnectionError, GenerateAPI
from ollama_python.testing import OllamaTestServer

TARGET = "http://ollama.invalid:11434"  # never contacted: every request goes to the proxy on 127.0.0.1


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


def test_cert_presents_a_client_certificate(tmp_path: Path) -> None:
    trustme = pytest.importorskip("trustme", reason="TLS tests need trustme (in the dev extra)")
    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    context.verify_mode = ssl.CERT_REQUIRED  # mutual TLS: the client must show a certificate from the CA
    ca.configure_trust(context)
    ca_file, cert_file, key_file = tmp_path / "ca.pem", tmp_path / "client.pem", tmp_path / "client.key"
    ca.cert_pem.write_to_path(str(ca_file))
    client_cert = ca.issue_cert("client@example.com")
    client_cert.cert_chain_pems[0].write_to_path(str(cert_file))
    client_cert.private_key_pem.write_to_path(str(key_file))

    async def version_async(**options: Any) -> str | None:
        async with AsyncClient(server.url, verify=str(ca_file), timeout=10, max_retries=0, **options) as client:
            return (await client.version()).version

    with OllamaTestServer(ssl_context=context) as server:
        with (
            Client(server.url, verify=str(ca_file), timeout=10, max_retries=0) as client,
            pytest.raises(ConnectionError),
        ):
            client.version()
        both = (str(cert_file), str(key_file))
        with Client(server.url, verify=str(ca_file), cert=both, timeout=10, max_retries=0) as client:
            assert client.version().version == server.version
        assert asyncio.run(version_async(cert=both)) == server.version
        with pytest.raises(ConnectionError):
            asyncio.run(version_async())
