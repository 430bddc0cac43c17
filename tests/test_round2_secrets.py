"""Secrets that never leave: credentials from any source stay on the configured origin, and header
values the HTTP libraries would reject are refused before sending, without showing them.
"""

from __future__ import annotations

import asyncio
import pickle
import traceback
from typing import Any

import httpx
import pytest
import requests

from ollama_python import AsyncClient, Client, InvalidResponseError, RequestError, ResponseError
from ollama_python.testing import OllamaTestServer, RawReply

SECRET = "s3cr3t-t0ken-5678"
CREDENTIAL_HEADERS = ("authorization", "proxy-authorization", "cookie")


def redirect_away(server: OllamaTestServer, other: OllamaTestServer) -> None:
    server.enqueue(
        "POST", "/api/generate", RawReply(b"", status=307, headers={"Location": other.url + "/api/generate"})
    )
    server.enqueue("GET", "/api/tags", RawReply(b"", status=302, headers={"Location": other.url + "/api/tags"}))


def credentials_seen(server: OllamaTestServer) -> list[str]:
    return [name for r in server.requests for name in r.headers if name.lower() in CREDENTIAL_HEADERS]


def sync_session(source: str) -> requests.Session:
    session = requests.Session()
    if source == "session.auth":
        session.auth = ("alice", SECRET)
    elif source == "session.headers":
        session.headers["Authorization"] = f"Bearer {SECRET}"
        session.headers["Proxy-Authorization"] = f"Basic {SECRET}"
    else:
        session.cookies.set("sid", SECRET)
    return session


@pytest.mark.timeout(30)
@pytest.mark.parametrize("source", ["session.auth", "session.headers", "session.cookies"])
def test_sync_cross_origin_redirect_drops_the_sessions_credentials(server: OllamaTestServer, source: str) -> None:
    session = sync_session(source)
    with OllamaTestServer() as other:
        redirect_away(server, other)
        with Client(server.url, timeout=5, session=session) as client:
            assert client.generate("llama3.2", "hi").response == "You said: hi"
            assert len(client.list().models) == len(other.models)
        assert [r.path for r in other.requests] == ["/api/generate", "/api/tags"]
        assert credentials_seen(other) == []
        assert credentials_seen(server)  # the configured origin still gets them
    session.close()


def async_client(source: str) -> httpx.AsyncClient:
    if source == "auth=":
        return httpx.AsyncClient(auth=("alice", SECRET))
    if source == "headers=":
        return httpx.AsyncClient(headers={"Authorization": f"Bearer {SECRET}", "Proxy-Authorization": SECRET})
    return httpx.AsyncClient(cookies={"sid": SECRET})


@pytest.mark.timeout(30)
@pytest.mark.parametrize("source", ["auth=", "headers=", "cookies="])
def test_async_cross_origin_redirect_drops_the_http_clients_credentials(server: OllamaTestServer, source: str) -> None:
    with OllamaTestServer() as other:
        redirect_away(server, other)

        async def main() -> tuple[str, int]:
            async with async_client(source) as http, AsyncClient(server.url, timeout=5, session=http) as client:
                answer = (await client.generate("llama3.2", "hi")).response
                return answer, len((await client.list()).models)

        assert asyncio.run(main()) == ("You said: hi", len(other.models))
        assert [r.path for r in other.requests] == ["/api/generate", "/api/tags"]
        assert credentials_seen(other) == []
        assert credentials_seen(server)


BAD_KEYS = [f"{SECRET}\n", f"{SECRET} ", f"{SECRET}\r\nX-Evil: 1", f"{SECRET}\x7f", f"{SECRET}\u2028"]


def assert_refused_without_the_value(error: BaseException, header: str) -> None:
    text = "".join(traceback.format_exception(error))
    assert SECRET not in text
    assert header.lower() in str(error).lower()
    assert isinstance(error, RequestError)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("key", BAD_KEYS)
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_an_api_key_the_http_library_would_reject_is_refused_before_sending(
    server: OllamaTestServer, monkeypatch: pytest.MonkeyPatch, key: str, mode: str
) -> None:
    monkeypatch.setenv("OLLAMA_API_KEY", key)
    with pytest.raises(RequestError) as caught:
        if mode == "sync":
            with Client(server.url, timeout=5) as client:
                client.list()
        else:

            async def main() -> None:
                async with AsyncClient(server.url, timeout=5) as client:
                    await client.list()

            asyncio.run(main())
    assert_refused_without_the_value(caught.value, "Authorization")
    assert "OLLAMA_API_KEY" in str(caught.value)
    assert server.requests == []  # nothing sent, nothing retried


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    "headers",
    [
        {"Authorization": f"Bearer {SECRET}\n"},
        {"X-Api-Key": 5678},
        {"X-Api-Key": None},
        {"Bad Name": SECRET},
        [("a", "b")],
    ],
)
@pytest.mark.parametrize("kind", [Client, AsyncClient])
def test_headers_that_cannot_be_sent_are_refused_at_construction(
    server: OllamaTestServer, headers: Any, kind: type[Any]
) -> None:
    with pytest.raises(RequestError) as caught:
        kind(server.url, headers=headers)
    text = "".join(traceback.format_exception(caught.value))
    assert SECRET not in text and "5678" not in text
    assert caught.value.argument == "headers"
    assert server.requests == []


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    "location",
    ["http://127.0.0.1:99999/api/tags", "http://127.0.0.1:port/x", "http://[::1/api/tags", "ftp://example/x"],
)
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_redirect_to_an_unusable_address_is_our_error(server: OllamaTestServer, location: str, mode: str) -> None:
    server.enqueue("GET", "/api/tags", RawReply(b"", status=302, headers={"Location": location}))
    with pytest.raises(InvalidResponseError, match="redirected"):
        if mode == "sync":
            with Client(server.url, timeout=5, max_retries=0) as client:
                client.list()
        else:

            async def main() -> None:
                async with AsyncClient(server.url, timeout=5, max_retries=0) as client:
                    await client.list()

            asyncio.run(main())


@pytest.mark.timeout(30)
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_bad_header_on_a_session_passed_in_is_refused_without_its_value(server: OllamaTestServer, mode: str) -> None:
    with pytest.raises(RequestError) as caught:
        if mode == "sync":
            session = requests.Session()
            session.headers["Authorization"] = f"Bearer {SECRET}\n"
            with Client(server.url, timeout=5, session=session) as client:
                client.list()
        else:

            async def main() -> None:
                async with (
                    httpx.AsyncClient(headers={"Authorization": f"Bearer {SECRET} "}) as http,
                    AsyncClient(server.url, timeout=5, session=http) as client,
                ):
                    await client.list()

            asyncio.run(main())
    assert_refused_without_the_value(caught.value, "Authorization")
    assert "session" in str(caught.value)
    assert server.requests == []


@pytest.mark.timeout(30)
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_session_credentials_never_appear_in_errors_repr_or_pickle(server: OllamaTestServer, mode: str) -> None:
    server.enqueue("GET", "/api/tags", RawReply(b"<html><title>Denied</title></html>", 403, content_type="text/html"))
    seen: list[str] = []
    if mode == "sync":
        session = requests.Session()
        session.auth = ("alice", SECRET)
        session.headers["X-Api-Key"] = SECRET
        client = Client(server.url, timeout=5, session=session)
        with pytest.raises(Exception) as caught:
            client.list()
        seen += [repr(client), str(pickle.dumps(client))]
        client.close()
    else:

        async def main() -> BaseException:
            async with (
                httpx.AsyncClient(auth=("alice", SECRET), headers={"X-Api-Key": SECRET}) as http,
                AsyncClient(server.url, timeout=5, session=http) as client,
            ):
                seen.extend([repr(client), str(pickle.dumps(client))])
                try:
                    await client.list()
                except Exception as error:
                    return error
            raise AssertionError("no error")

        error = asyncio.run(main())
        with pytest.raises(Exception) as caught:
            raise error
    seen += ["".join(traceback.format_exception(caught.value)), repr(caught.value), str(vars(caught.value))]
    assert isinstance(caught.value, ResponseError)
    assert all(SECRET not in text for text in seen)
    assert server.requests[0].headers["X-Api-Key"] == SECRET  # it was sent, to the right server
