"""The whole answer of a stream, gathered from its chunks as they pass by.

Generation chunks carry text deltas, and tool calls may arrive on any chunk including the final
one (reference §3.2), so the answer is: text and thinking concatenated, tool calls and log
probabilities collected in order, everything else (metrics, ``done_reason``) from the last chunk.
A progress stream's answer is its last report.
"""

from __future__ import annotations

import dataclasses
from typing import Generic, Protocol, TypeVar

from .types import ChatResponse, GenerateResponse, Logprob, Message, ToolCall

T = TypeVar("T")


class Accumulator(Protocol[T]):
    """Sees every chunk of a stream and can build the whole answer at any time."""

    def add(self, chunk: T) -> None: ...

    def result(self) -> T | None: ...

    def text(self, chunk: T) -> str: ...


class _TextParts:
    __slots__ = ("content", "last", "logprobs", "thinking", "tool_calls")

    def __init__(self) -> None:
        self.content: list[str] = []
        self.thinking: list[str] = []
        self.tool_calls: list[ToolCall] = []
        self.logprobs: list[Logprob] = []

    def take(
        self, text: str, thinking: str | None, tool_calls: list[ToolCall] | None, logprobs: list[Logprob] | None
    ) -> None:
        if text:
            self.content.append(text)
        if thinking:
            self.thinking.append(thinking)
        if tool_calls:
            self.tool_calls.extend(tool_calls)
        if logprobs:
            self.logprobs.extend(logprobs)


class ChatAccumulator:
    """Gathers ``/api/chat`` chunks into one ``ChatResponse``."""

    def __init__(self) -> None:
        self._parts = _TextParts()
        self._last: ChatResponse | None = None

    def add(self, chunk: ChatResponse) -> None:
        message = chunk.message
        self._parts.take(message.content, message.thinking, message.tool_calls, chunk.logprobs)
        self._last = chunk

    def result(self) -> ChatResponse | None:
        if self._last is None:
            return None
        parts = self._parts
        message: Message = dataclasses.replace(
            self._last.message,
            content="".join(parts.content),
            thinking="".join(parts.thinking) or None,
            tool_calls=list(parts.tool_calls) or None,
        )
        # done: True only when the final message arrived (False for a stream that ended early).
        return dataclasses.replace(
            self._last, message=message, logprobs=list(parts.logprobs) or None, done=bool(self._last.done)
        )

    def text(self, chunk: ChatResponse) -> str:
        return chunk.message.content


class GenerateAccumulator:
    """Gathers ``/api/generate`` chunks into one ``GenerateResponse``."""

    def __init__(self) -> None:
        self._parts = _TextParts()
        self._last: GenerateResponse | None = None

    def add(self, chunk: GenerateResponse) -> None:
        self._parts.take(chunk.response, chunk.thinking, chunk.tool_calls, chunk.logprobs)
        self._last = chunk

    def result(self) -> GenerateResponse | None:
        if self._last is None:
            return None
        parts = self._parts
        return dataclasses.replace(
            self._last,
            response="".join(parts.content),
            thinking="".join(parts.thinking) or None,
            tool_calls=list(parts.tool_calls) or None,
            logprobs=list(parts.logprobs) or None,
            done=bool(self._last.done),
        )

    def text(self, chunk: GenerateResponse) -> str:
        return chunk.response


class LastItem(Generic[T]):
    """For streams whose answer is their final item (pull, push, create progress)."""

    def __init__(self) -> None:
        self._last: T | None = None

    def add(self, chunk: T) -> None:
        self._last = chunk

    def result(self) -> T | None:
        return self._last

    def text(self, chunk: T) -> str:
        status = getattr(chunk, "status", "")
        return f"{status}\n" if isinstance(status, str) and status else ""
