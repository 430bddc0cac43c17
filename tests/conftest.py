"""Shared fixtures: a real Ollama-compatible server on 127.0.0.1 for every test."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from typing import Any

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


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    """pytest-httpserver listens on 127.0.0.1 (a free port), never on ``localhost``."""
    return ("127.0.0.1", 0)


class BackgroundReader:
    """Reads a stream on another thread, keeping what arrived and what was raised (abort tests)."""

    def __init__(self, stream: Iterable[Any]) -> None:
        self.received: list[Any] = []
        self.failures: list[BaseException] = []
        self.first = threading.Event()
        self.thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self.thread.start()

    def _read(self, stream: Iterable[Any]) -> None:
        try:
            for part in stream:
                self.received.append(part)
                self.first.set()
        except BaseException as error:  # handed to the test thread
            self.failures.append(error)
