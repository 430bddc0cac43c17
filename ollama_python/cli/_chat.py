"""``chat``: a streaming conversation, one-shot or interactive (a read-eval-print loop).

The interactive loop reads one message per line from stdin (with a ``>>>`` prompt and line
editing when stdin is a terminal), streams each answer to stdout as it arrives and keeps the
whole conversation, so every request carries the history. ``/bye`` or end of input quits,
``/clear`` forgets the conversation, Ctrl-C during an answer stops that answer only.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from typing import IO, Any

from ..client import Client
from ._output import Output

__all__ = ["Conversation", "read_messages", "run_chat"]

_HELP = "commands: /bye quits, /clear forgets the conversation, /help shows this"


class Conversation:
    """The history of one chat and how to continue it."""

    def __init__(self, client: Client, model: str, system: str | None, options: Mapping[str, Any] | None) -> None:
        self._client = client
        self._model = model
        self._system = system
        self._options = dict(options) if options else None
        self.messages: list[dict[str, str]] = []
        self.clear()

    def clear(self) -> None:
        """Forget everything but the system prompt."""
        self.messages = [{"role": "system", "content": self._system}] if self._system else []

    def ask(self, text: str, output: Output) -> None:
        """Send ``text``, stream the answer to ``output``, remember both (nothing if it fails)."""
        self.messages.append({"role": "user", "content": text})
        try:
            answer = self._stream_answer(output)
        except BaseException:
            self.messages.pop()
            raise
        self.messages.append({"role": "assistant", "content": answer})

    def _stream_answer(self, output: Output) -> str:
        parts: list[str] = []
        extra: dict[str, Any] = {"options": self._options} if self._options else {}
        try:
            with self._client.chat(self._model, list(self.messages), stream=True, **extra) as stream:
                for chunk in stream:
                    parts.append(chunk.message.content)
                    if output.json:
                        output.record(chunk)
                    else:
                        output.piece(chunk.message.content)
        finally:
            if not output.json and parts:
                output.line()
        return "".join(parts)


def read_messages(stdin: IO[str]) -> Iterator[str]:
    """Lines typed by the user (prompted on a terminal), until end of input."""
    interactive = stdin.isatty()
    while True:
        try:
            line = input(">>> ") if interactive else stdin.readline()
        except EOFError:
            return
        if not interactive and not line:
            return
        yield line.strip()


def run_chat(conversation: Conversation, output: Output, stdin: IO[str] | None = None) -> int:
    """The interactive loop; returns the exit status (0 after ``/bye`` or end of input)."""
    for text in read_messages(stdin if stdin is not None else sys.stdin):
        if not text:
            continue
        if text.startswith("/"):
            if not _command(text, conversation):
                return 0
            continue
        try:
            conversation.ask(text, output)
        except KeyboardInterrupt:
            print("(answer interrupted)", file=sys.stderr, flush=True)
    return 0


def _command(text: str, conversation: Conversation) -> bool:
    """Run a ``/`` command; False means quit."""
    name = text.split()[0].lower()
    if name in ("/bye", "/exit", "/quit"):
        return False
    if name == "/clear":
        conversation.clear()
        print("conversation cleared", file=sys.stderr, flush=True)
    elif name in ("/help", "/?"):
        print(_HELP, file=sys.stderr, flush=True)
    else:
        print(f"unknown command {name!r}; {_HELP}", file=sys.stderr, flush=True)
    return True
