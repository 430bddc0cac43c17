"""Shared fixtures: a real Ollama-compatible server on 127.0.0.1 for every test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ollama_python.testing import OllamaTestServer


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests must not depend on the developer's OLLAMA_HOST or API key."""
    for name in (
        "OLLAMA_HOST",
        "OLLAMA_API_KEY",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "http_proxy",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def server() -> Iterator[OllamaTestServer]:
    """A fresh loopback server (its own model store and recordings) for one test."""
    with OllamaTestServer() as test_server:
        yield test_server
