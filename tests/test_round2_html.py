"""HTML pages (a proxy's login page, an HTML error) are reported readably, streamed or not."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from ollama_python import AsyncClient, Client, InvalidResponseError, OllamaError, ResponseError
from ollama_python.testing import OllamaTestServer, RawReply

LOGIN = (
    b"<!DOCTYPE html><html><head><meta charset=utf-8><title>Corp &amp; Co \xe2\x80\x94 Sign in</title>"
    b"<style>body{color:red}</style><script>var x = '<b>';</script></head><body><form>...</form></body></html>"
)
UNTITLED = b"<html><head><script>alert(1)</script></head><body>\n<h1>Bad   gateway</h1><p>upstream &lt;down&gt;</p></body></html>"


def call(mode: str, url: str, stream: bool) -> Any:
    if mode == "sync":
        with Client(url, timeout=5, max_retries=0) as client:
            reply = client.generate("llama3.2", "hi", stream=stream)
            return list(reply) if stream else reply

    async def main() -> Any:
        async with AsyncClient(url, timeout=5, max_retries=0) as client:
            reply = await client.generate("llama3.2", "hi", stream=stream)
            return [part async for part in reply] if stream else reply

    return asyncio.run(main())


@pytest.mark.timeout(20)
@pytest.mark.parametrize("stream", [False, True], ids=["plain", "streamed"])
@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize(
    ("status", "body", "expected", "error"),
    [
        (200, LOGIN, "Corp & Co \u2014 Sign in", InvalidResponseError),
        (502, UNTITLED, "Bad gateway upstream <down>", ResponseError),
        (401, LOGIN, "Corp & Co \u2014 Sign in", ResponseError),
    ],
    ids=["200 login page", "502 without title", "401 login page"],
)
def test_an_html_page_is_reported_by_its_title_or_first_text(
    server: OllamaTestServer, mode: str, stream: bool, status: int, body: bytes, expected: str, error: type[OllamaError]
) -> None:
    server.enqueue("POST", "/api/generate", RawReply(body, status=status, content_type="text/html; charset=utf-8"))
    with pytest.raises(error) as caught:
        call(mode, server.url, stream)
    message = str(caught.value)
    assert expected in message
    assert "<" not in message.replace("<down>", "")  # no markup, only the page's own text
    assert "alert" not in message and "color:red" not in message
    assert [r.path for r in server.requests] == ["/api/generate"]


@pytest.mark.timeout(20)
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_an_html_page_sent_as_ndjson_is_reported_readably(server: OllamaTestServer, mode: str) -> None:
    server.enqueue("POST", "/api/generate", RawReply(LOGIN, status=200, content_type="application/x-ndjson"))
    with pytest.raises(InvalidResponseError, match="HTML page") as caught:
        call(mode, server.url, True)
    assert "Corp & Co \u2014 Sign in" in str(caught.value)
    assert "<" not in str(caught.value)
