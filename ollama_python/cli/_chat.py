"""``run`` and ``chat``: a streamed conversation, one-shot or interactive, with ``ollama run``'s habits.

The interactive loop reads one message per line (with a ``>>>`` prompt and line editing when
stdin is a terminal; ``\"\"\"`` starts and ends a message of several lines), streams each answer
to stdout as it arrives and keeps the whole conversation, so every request carries the history.
Thinking is shown before the answer, dimmed on a terminal (``--hidethinking`` hides it);
``--verbose`` prints the timings after each answer on stderr. Commands: ``/set``, ``/show``,
``/clear``, ``/bye``, ``/?``. Ctrl-D (end of input) quits, Ctrl-C during an answer stops that
answer only.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from ..client import Client
from ..types import ChatResponse, GenerationMetrics
from . import _render
from ._output import Output

__all__ = ["ChatSettings", "Conversation", "read_messages", "run_chat", "timings"]

_HELP = """Available commands:
  /set parameter NAME VALUE   set a model option (e.g. /set parameter temperature 0.2)
  /set system TEXT            set the system message
  /set think | nothink        turn thinking on or off (/set think high for levels)
  /set format json | noformat answer in JSON, or freely
  /set verbose | quiet        show timings after each answer, or not
  /show info | parameters | system | license | modelfile | template
  /clear                      forget the conversation
  /bye                        exit (or Ctrl-D)
  /?, /help                   this help
Use \"\"\" to begin and end a message of several lines."""

_DIM, _RESET = "\x1b[2m", "\x1b[0m"
_MULTILINE = '"""'


@dataclass
class ChatSettings:
    """What every request of a conversation carries besides the messages (``/set`` changes it)."""

    model: str
    system: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    think: bool | str | None = None
    format: str | None = None
    keep_alive: str | None = None
    verbose: bool = False
    hide_thinking: bool = False

    def request_fields(self) -> dict[str, Any]:
        """The keyword arguments of ``Client.chat`` (only what was set)."""
        fields: dict[str, Any] = {
            "options": self.options or None,
            "think": self.think,
            "format": self.format,
            "keep_alive": self.keep_alive,
        }
        return {name: value for name, value in fields.items() if value is not None}


class Conversation:
    """The history of one chat and how to continue it."""

    def __init__(self, client: Client, settings: ChatSettings, terminal: bool | None = None) -> None:
        self.client = client
        self.settings = settings
        self.messages: list[dict[str, str]] = []
        self._terminal = sys.stdout.isatty() if terminal is None else terminal

    def clear(self) -> None:
        """Forget everything (the system message is a setting: it stays)."""
        self.messages = []

    def _history(self) -> list[dict[str, str]]:
        system = self.settings.system
        return ([{"role": "system", "content": system}] if system else []) + self.messages

    def ask(self, text: str, output: Output) -> None:
        """Send ``text``, stream the answer to ``output``, remember both (nothing if it fails)."""
        self.messages.append({"role": "user", "content": text})
        try:
            answer = self._stream_answer(output)
        except BaseException:
            self.messages.pop()
            raise
        self.messages.append({"role": "assistant", "content": answer.message.content})
        if self.settings.verbose:
            print("\n".join(timings(answer)), file=sys.stderr, flush=True)

    def _stream_answer(self, output: Output) -> ChatResponse:
        show = _AnswerPrinter(output, self._terminal, self.settings.hide_thinking)
        settings = self.settings
        with self.client.chat(settings.model, self._history(), stream=True, **settings.request_fields()) as stream:
            try:
                for chunk in stream:
                    show.chunk(chunk)
            finally:
                show.end()
            answer: ChatResponse | None = stream.response
        if answer is None:  # an empty reply: the SDK raises before this, but stay explicit
            return ChatResponse(message=ChatResponse().message)
        return answer


class _AnswerPrinter:
    """Thinking (dimmed on a terminal, between ``Thinking...`` and ``...done thinking.``), then the answer."""

    def __init__(self, output: Output, terminal: bool, hide_thinking: bool) -> None:
        self._output = output
        self._terminal = terminal
        self._hide_thinking = hide_thinking
        self._thinking = False
        self._wrote = ""

    def chunk(self, chunk: ChatResponse) -> None:
        if self._output.json:
            self._output.record(chunk)
            return
        thinking, content = chunk.message.thinking, chunk.message.content
        if thinking and not self._hide_thinking:
            if not self._thinking:
                self._thinking = True
                self._write(self._dim("Thinking...\n"))
            self._write(self._dim(thinking))
        if content:
            self._close_thinking()
            self._write(content)

    def _close_thinking(self) -> None:
        if self._thinking:
            self._thinking = False
            self._write(self._dim("\n...done thinking.\n\n"))

    def end(self) -> None:
        if self._output.json:
            return
        self._close_thinking()
        if self._wrote and not self._wrote.endswith("\n"):
            self._output.line()

    def _dim(self, text: str) -> str:
        return f"{_DIM}{text}{_RESET}" if self._terminal else text

    def _write(self, text: str) -> None:
        self._output.piece(text)
        self._wrote = text


def timings(answer: GenerationMetrics) -> list[str]:
    """``ollama run --verbose``'s lines: durations, token counts and rates of one answer."""
    rows = [
        ("total duration", _duration(answer.total_duration)),
        ("load duration", _duration(answer.load_duration)),
        ("prompt eval count", _tokens(answer.prompt_eval_count)),
        ("prompt eval duration", _duration(answer.prompt_eval_duration)),
        ("prompt eval rate", _rate(answer.prompt_tokens_per_second)),
        ("eval count", _tokens(answer.eval_count)),
        ("eval duration", _duration(answer.eval_duration)),
        ("eval rate", _rate(answer.tokens_per_second)),
    ]
    return [f"{name + ':':<22}{value}" for name, value in rows if value]


def _duration(nanoseconds: int | None) -> str:
    """A Go-style duration, as ``ollama`` prints them: ``1.234567s``, ``342.546ms``, ``12.3µs``."""
    if nanoseconds is None:
        return ""
    for unit, scale in (("s", 10**9), ("ms", 10**6), ("µs", 10**3)):
        if nanoseconds >= scale:
            return f"{nanoseconds / scale:.9f}".rstrip("0").rstrip(".") + unit
    return f"{nanoseconds}ns"


def _tokens(count: int | None) -> str:
    return "" if count is None else f"{count} token(s)"


def _rate(per_second: float | None) -> str:
    return "" if per_second is None else f"{per_second:.2f} tokens/s"


# -- the interactive loop ----------------------------------------------------------------------
def read_messages(stdin: IO[str]) -> Iterator[str]:
    """Messages typed by the user (prompted on a terminal), until end of input.

    A line that starts with ``\"\"\"`` begins a message of several lines, which ends at a line
    ending with ``\"\"\"``. On a terminal, Ctrl-D ends the line it is on with a newline (so the
    shell's prompt starts on a line of its own) and Ctrl-C at the prompt only reminds how to quit.
    """
    interactive = stdin.isatty()
    if interactive:
        _line_editing()
    while True:
        line = _read_line(stdin, interactive, ">>> ")
        if line is None:
            return
        if line.lstrip().startswith(_MULTILINE):
            text = _read_multiline(stdin, interactive, line.lstrip()[len(_MULTILINE) :])
            if text is None:
                return
            yield text
        else:
            yield line.strip()


def _line_editing() -> None:
    """Arrow keys and history for ``input()``, as in ``ollama run`` (where readline exists)."""
    with contextlib.suppress(ImportError):  # Windows, or a Python without it: plain input still works
        import readline  # noqa: F401 - importing it is what turns line editing on


def _read_multiline(stdin: IO[str], interactive: bool, first: str) -> str | None:
    lines = [first]
    while not lines[-1].rstrip().endswith(_MULTILINE):
        line = _read_line(stdin, interactive, "... ")
        if line is None:
            return None
        lines.append(line)
    lines[-1] = lines[-1].rstrip()[: -len(_MULTILINE)]
    return "\n".join(lines).strip()


def _read_line(stdin: IO[str], interactive: bool, prompt: str) -> str | None:
    """One line without its newline; None at end of input."""
    if not interactive:
        line = stdin.readline()
        return line.rstrip("\n") if line else None
    while True:
        try:
            return input(prompt)
        except EOFError:
            print(flush=True)  # Ctrl-D: leave the terminal on a fresh line
            return None
        except KeyboardInterrupt:
            print("\nUse Ctrl + d or /bye to exit.", flush=True)


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


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _command(text: str, conversation: Conversation) -> bool:
    """Run a ``/`` command; False means quit."""
    words = text.split()
    name = words[0].lower()
    if name in ("/bye", "/exit", "/quit"):
        return False
    handler = _COMMANDS.get(name)
    if handler is None:
        _say(f"Unknown command '{name}'. Type /? for help")
    else:
        handler(conversation, text[len(words[0]) :].strip())
    return True


def _clear(conversation: Conversation, rest: str) -> None:
    conversation.clear()
    _say("conversation cleared")


def _help(conversation: Conversation, rest: str) -> None:
    _say(_HELP)


def _set(conversation: Conversation, rest: str) -> None:
    what, _, value = rest.partition(" ")
    value = value.strip()
    settings = conversation.settings
    if what == "parameter":
        name, _, raw = value.partition(" ")
        if not name or not raw.strip():
            _say("Usage: /set parameter NAME VALUE")
            return
        settings.options[name] = _parameter_value(raw.strip())
        _say(f"Set parameter '{name}' to '{raw.strip()}'")
    elif what == "system":
        settings.system = value.strip('"') or None
        _say("Set system message.")
    elif what in ("think", "nothink"):
        settings.think = (value or True) if what == "think" else False
        _say(f"Set '{what}' mode." if not value else f"Set 'think' mode to '{value}'.")
    elif what == "format":
        settings.format = value or "json"
        _say(f"Set format to '{settings.format}' mode.")
    elif what == "noformat":
        settings.format = None
        _say("Disabled format.")
    elif what in ("verbose", "quiet"):
        settings.verbose = what == "verbose"
        _say(f"Set '{what}' mode.")
    else:
        _say(f"Unknown /set option '{what}'. Type /? for help")


def _parameter_value(raw: str) -> Any:
    """``0.2`` and ``8192`` as numbers, ``true``/``false`` as booleans, anything else as text."""
    for convert in (int, float):
        try:
            return convert(raw)
        except ValueError:
            pass
    lowered = raw.lower()
    return {"true": True, "false": False}.get(lowered, raw)


def _show(conversation: Conversation, rest: str) -> None:
    what = rest.split()[0].lower() if rest else "info"
    settings = conversation.settings
    if what == "system" and settings.system:
        print(settings.system, flush=True)
        return
    if what == "parameters" and settings.options:
        lines = [f"{name:<20}{value}" for name, value in settings.options.items()]
        print("\n".join(["Session parameters:", *lines]), flush=True)
        return
    show = conversation.client.show(settings.model)
    if what == "info":
        print("\n".join(_render.show_summary(show)), flush=True)
    elif what in _render.SHOW_SECTIONS:
        section = _render.show_section(show, what)
        print(section.rstrip("\n") if section else f"No {what} was specified for this model.", flush=True)
    else:
        _say(f"Unknown /show option '{what}'. Type /? for help")


_COMMANDS: dict[str, Callable[[Conversation, str], None]] = {
    "/clear": _clear,
    "/help": _help,
    "/?": _help,
    "/set": _set,
    "/show": _show,
}
