"""Reference replies for tests: the JSON a real Ollama server sends, built in one line.

Tests of an application (and ours) script the test server with these instead of spelling out
each chunk: ``NDJSONReply([generate_chunk("Hel"), generate_chunk("lo"), generate_final()])``.
Every builder takes the fields it sets as keywords, and extra keywords are added to the object
as they are (``generate_final(eval_count=3)``), so a test can build exactly the reply it needs,
including unusual ones (leave ``done_reason`` out with ``done_reason=None``).
"""

from __future__ import annotations

import socket
from collections.abc import Iterable
from typing import Any

from ._replies import NDJSONReply

__all__ = ["chat_chunk", "chat_final", "free_port", "generate_chunk", "generate_final", "generate_stream"]

MODEL = "llama3.2"
CREATED_AT = "2025-10-26T17:15:24Z"


def generate_chunk(text: str, *, model: str = MODEL, created_at: str = CREATED_AT, **fields: Any) -> dict[str, Any]:
    """One streamed ``/api/generate`` chunk that is not the last."""
    return _without_none({"model": model, "created_at": created_at, "response": text, "done": False, **fields})


def generate_final(
    response: str = "",
    *,
    model: str = MODEL,
    created_at: str = CREATED_AT,
    done_reason: str | None = "stop",
    **fields: Any,
) -> dict[str, Any]:
    """The final ``/api/generate`` object (``done: true``), streamed or not."""
    final = {"model": model, "created_at": created_at, "response": response, "done": True, "done_reason": done_reason}
    return _without_none({**final, **fields})


def chat_chunk(
    content: str = "",
    *,
    thinking: str | None = None,
    tool_calls: list[dict[str, Any]] | None = None,
    model: str = MODEL,
    created_at: str = CREATED_AT,
    **fields: Any,
) -> dict[str, Any]:
    """One streamed ``/api/chat`` chunk that is not the last.

    ``thinking`` and ``tool_calls`` go into the assistant's ``message``, as the server puts them.
    """
    message = _assistant_message(content, thinking, tool_calls)
    return _without_none({"model": model, "created_at": created_at, "message": message, "done": False, **fields})


def chat_final(
    content: str = "",
    *,
    thinking: str | None = None,
    tool_calls: list[dict[str, Any]] | None = None,
    model: str = MODEL,
    created_at: str = CREATED_AT,
    done_reason: str | None = "stop",
    **fields: Any,
) -> dict[str, Any]:
    """The final ``/api/chat`` object (``done: true``), streamed or not; tool calls usually come here."""
    final = {
        "model": model,
        "created_at": created_at,
        "message": _assistant_message(content, thinking, tool_calls),
        "done": True,
        "done_reason": done_reason,
    }
    return _without_none({**final, **fields})


def _assistant_message(content: str, thinking: str | None, tool_calls: list[dict[str, Any]] | None) -> dict[str, Any]:
    return _without_none({"role": "assistant", "content": content, "thinking": thinking, "tool_calls": tool_calls})


def generate_stream(texts: Iterable[str], *, final: dict[str, Any] | None = None, interval: float = 0.0) -> NDJSONReply:
    """A streamed generate reply: one chunk per text, then ``final`` (default ``generate_final()``)."""
    return NDJSONReply([*map(generate_chunk, texts), generate_final() if final is None else final], interval=interval)


def free_port() -> int:
    """A loopback port nobody listens on (bound, noted, closed): for connection-refused tests."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _without_none(fields: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if value is not None}
