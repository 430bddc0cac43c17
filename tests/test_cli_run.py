"""``ollama-python run`` and ``stop``, ollama's habits in the chat loop, and CLI-worded errors.

Through subprocesses (pipes) and through a pseudo-terminal for the interactive chat.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from typing import Any

import pytest
from test_cli import REPO_ROOT, cli_env, free_port, ok, one_error_line, run

from ollama_python.cli import _render
from ollama_python.cli._chat import timings
from ollama_python.testing import HangReply, JSONReply, NDJSONReply, OllamaTestServer
from ollama_python.types import ChatResponse

ESC = "\x1b["


def chat_bodies(server: OllamaTestServer) -> list[Any]:
    return [request.json for request in server.requests_to("POST", "/api/chat")]


# -- run: one answer ---------------------------------------------------------------------------
def test_run_answers_a_prompt_once(server: OllamaTestServer) -> None:
    result = ok("--host", server.url, "run", "llama3.2", "why", "is the sky blue?")

    assert result.stdout == "You said: why is the sky blue?\n"
    (body,) = chat_bodies(server)
    assert body["model"] == "llama3.2" and body["stream"] is True
    assert body["messages"] == [{"role": "user", "content": "why is the sky blue?"}]
    assert not {"think", "format", "keep_alive", "options"} & set(body)  # nothing sent that was not asked


def test_run_reads_a_piped_prompt_after_the_arguments(server: OllamaTestServer) -> None:
    result = ok("--host", server.url, "run", "llama3.2", "Summarise:", stdin="line one\nline two\n")

    assert result.stdout == "You said: Summarise:\n\nline one\nline two\n"
    assert chat_bodies(server)[0]["messages"][0]["content"] == "Summarise:\n\nline one\nline two"


def test_run_with_an_empty_pipe_is_a_usage_error(server: OllamaTestServer) -> None:
    result = run("--host", server.url, "run", "llama3.2", stdin="")
    assert result.returncode == 2 and "stdin was empty" in one_error_line(result)


def test_run_sends_think_format_keepalive_and_options(server: OllamaTestServer) -> None:
    ok(
        "--host",
        server.url,
        "run",
        "qwen3",
        "hi",
        "--think",
        "high",
        "--format",
        "json",
        "--keepalive",
        "5m",
        "-o",
        "temperature=0.2",
    )
    ok("--host", server.url, "run", "qwen3", "hi", "--think", "--format", '{"type": "object"}')
    ok("--host", server.url, "run", "qwen3", "hi", "--think=false")

    first, second, third = chat_bodies(server)
    assert (first["think"], first["format"], first["keep_alive"]) == ("high", "json", "5m")
    assert first["options"] == {"temperature": 0.2}
    assert second["think"] is True and second["format"] == {"type": "object"}
    assert third["think"] is False


def test_thinking_is_shown_before_the_answer_or_hidden(server: OllamaTestServer) -> None:
    shown = ok("--host", server.url, "run", "qwen3", "Is 7 prime?").stdout
    hidden = ok("--host", server.url, "run", "qwen3", "Is 7 prime?", "--hidethinking").stdout

    head, _, answer = shown.partition("\n...done thinking.\n\n")
    assert head.startswith("Thinking...\n") and len(head) > len("Thinking...\n")
    assert answer == hidden and hidden.startswith("You said: Is 7 prime?")
    assert "Thinking" not in hidden and ESC not in shown  # no colours into a pipe


def test_verbose_prints_ollamas_timing_lines(server: OllamaTestServer) -> None:
    # Hand-written: a first chunk without content or done, as a minimal server may send it.
    chunk = {"model": "llama3.2", "created_at": "2025-06-01T12:00:00Z", "message": {"role": "assistant"}}
    final = {
        **chunk,
        "message": {"role": "assistant", "content": "!"},
        "done": True,
        "done_reason": "stop",
        "total_duration": 1_500_000_000,
        "load_duration": 12_300,
        "prompt_eval_count": 26,
        "prompt_eval_duration": 342_546_000,
        "eval_count": 42,
        "eval_duration": 1_200_000_000,
    }
    server.enqueue(
        "POST", "/api/chat", NDJSONReply([{**chunk, "message": {"role": "assistant", "content": "Hi"}}, final])
    )

    result = ok("--host", server.url, "run", "llama3.2", "hi", "--verbose")

    assert result.stdout == "Hi!\n"
    assert result.stderr.splitlines() == [
        "total duration:       1.5s",
        "load duration:        12.3µs",
        "prompt eval count:    26 token(s)",
        "prompt eval duration: 342.546ms",
        "prompt eval rate:     75.90 tokens/s",
        "eval count:           42 token(s)",
        "eval duration:        1.2s",
        "eval rate:            35.00 tokens/s",
    ]


def test_timings_of_a_minimal_reply_show_only_what_came() -> None:
    assert timings(ChatResponse.from_wire({"message": {"role": "assistant", "content": "x"}, "done": True})) == []
    assert timings(ChatResponse.from_wire({"eval_count": 3})) == ["eval count:           3 token(s)"]


# -- stop --------------------------------------------------------------------------------------
def test_stop_unloads_the_model(server: OllamaTestServer) -> None:
    ok("--host", server.url, "run", "llama3.2", "hi", "--keepalive", "10m")
    assert "llama3.2:latest" in ok("--host", server.url, "ps").stdout

    result = ok("--host", server.url, "stop", "llama3.2")

    assert result.stdout == ""
    body = server.requests_to("POST", "/api/generate")[-1].json
    assert body == {"model": "llama3.2", "keep_alive": 0, "stream": False}  # no prompt: only unload
    assert "llama3.2" not in ok("--host", server.url, "ps").stdout


def test_stop_an_unknown_model_is_the_servers_error(server: OllamaTestServer) -> None:
    result = run("--host", server.url, "stop", "nope")
    assert result.returncode == 1 and "not found" in one_error_line(result)


# -- the interactive loop through a pipe: every /command --------------------------------------
def test_set_and_show_commands(server: OllamaTestServer) -> None:
    script = "\n".join(
        [
            "/set parameter temperature 0.2",
            "/set parameter stop <end>",
            "/set system Be brief.",
            "/set format json",
            "/set nothink",
            "/show system",
            "/show parameters",
            "/show info",
            "first",
            "/set noformat",
            '"""two',
            "lines",
            'here"""',
            "/set think",
            "/frobnicate",
            "/?",
            "/bye",
            "never sent",
        ]
    )
    result = ok("--host", server.url, "chat", "qwen3", "--hidethinking", stdin=script + "\n")

    first, second = chat_bodies(server)
    assert first["options"] == {"temperature": 0.2, "stop": ["<end>"]}  # the SDK sends stop as a list
    assert first["format"] == "json" and first["think"] is False
    assert first["messages"] == [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "first"}]
    assert second["messages"][-1] == {"role": "user", "content": "two\nlines\nhere"}
    assert second["messages"][1:3] == [
        {"role": "user", "content": "first"},
        {"role": "assistant", "content": '{"answer": "You said: first"}'},  # the JSON answer, kept as history
    ]
    assert "format" not in second and "Disabled format." in result.stderr
    assert "Set parameter 'temperature' to '0.2'" in result.stderr
    assert "Set system message." in result.stderr and "Set format to 'json' mode." in result.stderr
    assert "Set 'nothink' mode." in result.stderr and "Set 'think' mode." in result.stderr
    assert "Unknown command '/frobnicate'. Type /? for help" in result.stderr
    assert "/set parameter NAME VALUE" in result.stderr  # the help
    assert "Be brief.\n" in result.stdout
    assert "Session parameters:\ntemperature         0.2\nstop                <end>\n" in result.stdout
    assert "  Model\n    architecture" in result.stdout  # /show info: the summary of `show`
    assert result.stdout.endswith('{"answer": "You said: first"}\nYou said: two\nlines\nhere\n')


# -- the interactive chat in a terminal --------------------------------------------------------
class Terminal:
    """``ollama-python ARGS`` on a pseudo-terminal: what a person at a terminal sees and types."""

    def __init__(self, *args: str, columns: int = 80) -> None:
        import fcntl
        import pty
        import struct
        import termios

        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "ollama_python", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=str(REPO_ROOT),
            env=cli_env(TERM="dumb"),
        )
        os.close(slave)
        self.seen = ""

    def expect(self, text: str, timeout: float = 15) -> str:
        """Read until ``text`` appears; return everything up to and including it."""
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            left = deadline - time.monotonic()
            assert left > 0, f"waited for {text!r}, saw {self.seen!r}"
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    data = os.read(self.master, 4096)
                except OSError:  # the child closed the terminal
                    data = b""
                assert data, f"the terminal closed before {text!r}; saw {self.seen!r}"
                self.seen += data.decode("utf-8", "replace").replace("\r\n", "\n")
        head, _, self.seen = self.seen.partition(text)
        return head + text

    def wait_until_reading(self, timeout: float = 10) -> None:
        """Wait until the program sleeps (blocked reading the terminal): a signal sent before it
        reaches its read would only be noticed at the next input, as with any C program."""
        stat = f"/proc/{self.proc.pid}/stat"
        if not os.path.exists(stat):
            time.sleep(1.0)
            return
        deadline, asleep = time.monotonic() + timeout, 0
        while asleep < 5 and time.monotonic() < deadline:
            with open(stat) as file:
                state = file.read().rpartition(")")[2].split()[0]
            asleep = asleep + 1 if state == "S" else 0
            time.sleep(0.05)

    def type(self, text: str) -> None:
        os.write(self.master, text.encode())

    def finish(self, timeout: float = 10) -> int:
        """Wait for the program to end; ``seen`` then holds everything it printed not yet expected."""
        try:
            status = self.proc.wait(timeout)
            while select.select([self.master], [], [], 0.5)[0]:
                try:
                    data = os.read(self.master, 4096)
                except OSError:  # EIO: every writer is gone
                    break
                if not data:
                    break
                self.seen += data.decode("utf-8", "replace").replace("\r\n", "\n")
            return status
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            os.close(self.master)


@pytest.fixture
def terminal_for(server: OllamaTestServer) -> Any:
    started: list[Terminal] = []

    def start(*args: str, columns: int = 80) -> Terminal:
        started.append(Terminal("--host", server.url, *args, columns=columns))
        return started[-1]

    yield start
    for terminal in started:
        if terminal.proc.poll() is None:
            terminal.proc.kill()
            terminal.proc.wait()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pseudo-terminals")
def test_interactive_chat_in_a_terminal(server: OllamaTestServer, terminal_for: Any) -> None:
    term = terminal_for("run", "llama3.2")

    term.expect(">>> ")
    term.type("hello\n")
    assert term.expect(">>> ").endswith("hello\nYou said: hello\n>>> ")
    term.type("\x1b[A\n")  # the up arrow recalls "hello": line editing and history, as in ollama run
    assert term.expect(">>> ").endswith("You said: hello\n>>> ")
    term.type('"""first line\n')
    term.expect("... ")
    term.type('second line"""\n')
    assert term.expect(">>> ").endswith("You said: first line\nsecond line\n>>> ")
    term.type("/set parameter temperature 0\n")
    assert "Set parameter 'temperature' to '0'" in term.expect(">>> ")

    term.wait_until_reading()
    term.proc.send_signal(signal.SIGINT)  # Ctrl-C at the prompt does not quit
    term.expect("Use Ctrl + d or /bye to exit.")
    term.expect(">>> ")
    term.wait_until_reading()  # readline switches the terminal's mode when it starts reading
    term.type("\x04")  # Ctrl-D on an empty line: quit, leaving the terminal on a fresh line
    assert term.finish() == 0
    assert term.seen.endswith("\n") and ">>>" not in term.seen  # the shell's prompt starts on a fresh line
    last = chat_bodies(server)[-1]
    assert [m["content"] for m in last["messages"]] == [
        "hello",
        "You said: hello",
        "hello",
        "You said: hello",
        "first line\nsecond line",
    ]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pseudo-terminals")
def test_one_answer_in_a_terminal_ends_with_a_newline(server: OllamaTestServer, terminal_for: Any) -> None:
    term = terminal_for("run", "qwen3", "Is 7 prime?")

    term.expect("You said: Is 7 prime?")
    assert term.finish() == 0
    first = term.seen  # what was printed after the answer: its newline
    assert first == "\n"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pseudo-terminals")
def test_thinking_dimmed_then_the_answer_plain(server: OllamaTestServer, terminal_for: Any) -> None:
    term = terminal_for("run", "qwen3")
    term.expect(">>> ")
    term.type("Is 7 prime?\n")
    shown = term.expect(">>> ")
    assert f"{ESC}2mThinking...\n{ESC}0m" in shown
    assert f"{ESC}2m\n...done thinking.\n\n{ESC}0mYou said: Is 7 prime?\n>>> " in shown
    term.type("/bye\n")
    assert term.finish() == 0


# -- output details ----------------------------------------------------------------------------
def test_the_id_column_is_twelve_hex_characters_without_the_algorithm(server: OllamaTestServer) -> None:
    digest = "sha256:" + "0123456789ab" + "f" * 52
    listed = {"name": "m:latest", "model": "m:latest", "digest": digest, "size": 2_000_000_000}
    server.enqueue("GET", "/api/tags", JSONReply({"models": [{**listed, "modified_at": "2025-01-01T00:00:00Z"}]}))

    (_, row) = ok("--host", server.url, "list").stdout.splitlines()

    assert row.split()[:4] == ["m:latest", "0123456789ab", "2.0", "GB"]
    assert _render.short_id("a80c4f17acd55265") == "a80c4f17acd5" and _render.short_id(None) == ""


# -- errors in CLI words -----------------------------------------------------------------------
def test_a_refused_connection_is_reported_at_once() -> None:
    started = time.monotonic()
    result = run("--host", f"127.0.0.1:{free_port()}", "list")
    elapsed = time.monotonic() - started

    assert result.returncode == 3 and elapsed < 5  # the interpreter's start-up, no retries
    line = one_error_line(result)
    assert "connection refused" in line and "OLLAMA_HOST (or --host)" in line and "base_url" not in line


def test_retries_are_an_option(server: OllamaTestServer) -> None:
    server.enqueue("GET", "/api/tags", JSONReply({"error": "busy"}, status=503, headers={"Retry-After": "0"}))
    assert run("--host", server.url, "list").returncode == 1
    server.enqueue("GET", "/api/tags", JSONReply({"error": "busy"}, status=503, headers={"Retry-After": "0"}))
    assert ok("--host", server.url, "--retries", "1", "list").stdout.startswith("NAME")


def test_a_stalled_server_ends_at_the_commands_timeout(server: OllamaTestServer) -> None:
    server.enqueue("GET", "/api/tags", HangReply(), times=None)
    started = time.monotonic()
    result = run("--host", server.url, "--timeout", "0.5", "list")

    assert result.returncode == 3 and time.monotonic() - started < 5
    line = one_error_line(result)
    assert "0.5 s" in line and "--timeout SECONDS" in line and "Timeout(" not in line


def test_a_tls_failure_names_the_cli_options(server: OllamaTestServer) -> None:
    plain = server.url.replace("http://", "https://")  # TLS spoken to a plain HTTP server
    result = run("--host", plain, "list")

    assert result.returncode == 3
    line = one_error_line(result)
    assert "TLS error" in line and "--cacert FILE (or --no-verify)" in line and "verify=" not in line


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pseudo-terminals")
@pytest.mark.parametrize("columns", [40, 24])
def test_bars_fit_a_narrow_terminal(server: OllamaTestServer, terminal_for: Any, columns: int) -> None:
    pytest.importorskip("tqdm")
    term = terminal_for("pull", "llama3.2", columns=columns)

    assert term.finish() == 0
    drawn = [piece for line in term.seen.split("\n") for piece in line.split("\r")]
    assert "success" in drawn and any("pulling" in piece for piece in drawn)
    assert max(len(piece) for piece in drawn) <= columns, drawn
