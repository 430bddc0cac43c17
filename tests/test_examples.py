"""Every script in ``examples/`` runs against the loopback fake Ollama and does what it says.

Each script is a real subprocess with ``OLLAMA_HOST`` pointing at a fresh
:class:`~ollama_python.testing.OllamaTestServer` (the ``server`` fixture), started from a
scratch directory so that no script depends on the working directory. The test checks the exit
code, what the script printed, and, through the server's request log, what it sent.

Scripts are discovered with a glob: a new example without an entry in ``EXPECTED`` fails.
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ollama_python.testing import JSONReply, OllamaTestServer, free_port, generate_final

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = REPO_ROOT / "examples"
SCRIPTS = sorted(EXAMPLES.glob("*.py"))
MAX_LINES = 40


@dataclass(frozen=True)
class Expectation:
    """What one example must print, how to prepare the server for it, and what it must send."""

    stdout: tuple[str, ...]
    stderr: tuple[str, ...] = ()
    setup: Callable[[OllamaTestServer], None] | None = None
    check: Callable[[OllamaTestServer], None] | None = None


def bodies(server: OllamaTestServer, method: str, path: str) -> list[Any]:
    """The JSON bodies the server received on one route, in order."""
    return [request.json for request in server.requests_to(method, path)]


def run_example(
    script: Path, host: str, cwd: Path, timeout: float = 30, extra_path: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {name: value for name, value in os.environ.items() if name != "OLLAMA_MODEL"}
    paths = [str(extra_path)] if extra_path is not None else []
    env.update(PYTHONPATH=os.pathsep.join([*paths, str(REPO_ROOT)]), OLLAMA_HOST=host, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=str(cwd),
        env=env,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


# -- server-side checks, one per example where what is sent matters ----------------------------
def check_chat(server: OllamaTestServer) -> None:
    (body,) = bodies(server, "POST", "/api/chat")
    assert body["model"] == "llama3.2" and body["stream"] is False
    assert body["messages"] == [{"role": "user", "content": "Why is the sky blue? Answer in one sentence."}]


def check_chat_history(server: OllamaTestServer) -> None:
    sent = bodies(server, "POST", "/api/chat")
    assert [len(body["messages"]) for body in sent] == [2, 4, 6]  # the whole history every time
    last = sent[-1]["messages"]
    assert [message["role"] for message in last] == ["system", "user", "assistant", "user", "assistant", "user"]
    assert last[2]["content"] == "You said: My name is Ada and my favourite colour is green."


def check_streaming(server: OllamaTestServer) -> None:
    (body,) = bodies(server, "POST", "/api/chat")
    assert body["stream"] is True


def check_async_chat(server: OllamaTestServer) -> None:
    assert [body["stream"] for body in bodies(server, "POST", "/api/chat")] == [False, True]


def slow_generate(server: OllamaTestServer) -> None:
    reply = generate_final(" Slow answer", created_at="2025-01-01T00:00:00Z")
    server.enqueue("POST", "/api/generate", JSONReply(reply, delay=0.4), times=5)


def check_concurrent(server: OllamaTestServer) -> None:
    requests = server.requests_to("POST", "/api/generate")
    assert len(requests) == 5
    assert all(request.json["options"] == {"num_predict": 32} for request in requests)
    # Each reply takes 0.4 s: sent one after another they would arrive 0.4 s apart. The
    # semaphore lets four go at once, the fifth when the first answer is back.
    arrivals = sorted(request.received_at for request in requests)
    assert arrivals[3] - arrivals[0] < 0.3
    assert arrivals[4] - arrivals[0] >= 0.35


def check_generate(server: OllamaTestServer) -> None:
    (body,) = bodies(server, "POST", "/api/generate")
    assert body["system"] == "You answer with a short bulleted list."
    assert body["options"] == {"temperature": 0, "num_predict": 200}


def install(name: str) -> Callable[[OllamaTestServer], None]:
    """A setup that installs a model the default fake store lacks (as `ollama pull` would)."""

    def setup(server: OllamaTestServer) -> None:
        server.add_model(name)

    return setup


def check_fill_in_the_middle(server: OllamaTestServer) -> None:
    (body,) = bodies(server, "POST", "/api/generate")
    assert body["model"] == "qwen2.5-coder"
    assert body["prompt"].startswith("def celsius_to_fahrenheit(")
    assert body["suffix"] == "\n    return fahrenheit\n"


def check_images(server: OllamaTestServer) -> None:
    (body,) = bodies(server, "POST", "/api/chat")
    png = (EXAMPLES / "assets" / "red_circle.png").read_bytes()
    assert body["model"] == "gemma3"
    assert body["messages"][0]["images"] == [base64.b64encode(png).decode("ascii")]


def check_tools(server: OllamaTestServer) -> None:
    first, second = bodies(server, "POST", "/api/chat")
    (tool,) = first["tools"]
    assert tool["function"]["name"] == "get_temperature"
    assert tool["function"]["parameters"]["required"] == ["city"]
    assert "Get the current temperature" in tool["function"]["description"]
    assistant, answer = second["messages"][1:]
    assert assistant["tool_calls"][0]["function"]["name"] == "get_temperature"
    assert answer["role"] == "tool" and answer["tool_name"] == "get_temperature"
    assert answer["tool_call_id"] == assistant["tool_calls"][0]["id"]
    assert answer["content"] == "It is 21 degrees Celsius in example."


def check_multiple_tools(server: OllamaTestServer) -> None:
    sent = bodies(server, "POST", "/api/chat")
    assert len(sent) == 2  # one round of calls, then the answer
    assert [tool["function"]["name"] for tool in sent[0]["tools"]] == ["add", "multiply"]
    assert sent[1]["messages"][-1] == {
        "role": "tool",
        "content": "2",
        "tool_name": "add",
        "tool_call_id": sent[1]["messages"][-2]["tool_calls"][0]["id"],
    }


def check_structured(server: OllamaTestServer) -> None:
    (body,) = bodies(server, "POST", "/api/chat")
    schema = body["format"]
    assert schema["type"] == "object"
    assert set(schema["properties"]) == {"name", "capital", "population_millions", "languages"}
    assert schema["properties"]["languages"] == {"type": "array", "items": {"type": "string"}}


def check_thinking(server: OllamaTestServer) -> None:
    (body,) = bodies(server, "POST", "/api/chat")
    assert body["model"] == "qwen3" and body["think"] is True and body["stream"] is True


def check_logprobs(server: OllamaTestServer) -> None:
    (body,) = bodies(server, "POST", "/api/generate")
    assert body["logprobs"] is True and body["top_logprobs"] == 3


def check_embeddings(server: OllamaTestServer) -> None:
    documents, question = bodies(server, "POST", "/api/embed")
    assert documents["model"] == "all-minilm" and len(documents["input"]) == 3
    assert question["input"] == "Which animals are related to camels?"


def check_show(server: OllamaTestServer) -> None:
    (body,) = bodies(server, "POST", "/api/show")
    assert body["model"] == "llama3.2"


def check_running(server: OllamaTestServer) -> None:
    (load,) = bodies(server, "POST", "/api/generate")
    assert "prompt" not in load and load["keep_alive"] == "5m"
    assert len(server.requests_to("GET", "/api/ps")) == 2


def check_pull(server: OllamaTestServer) -> None:
    (body,) = bodies(server, "POST", "/api/pull")
    assert body["model"] == "llama3.2" and body["stream"] is True  # progress=True reads the stream


def check_create(server: OllamaTestServer) -> None:
    (body,) = bodies(server, "POST", "/api/create")
    assert body["model"] == "pirate-example" and body["from"] == "llama3.2"
    assert body["system"].startswith("You are a cheerful pirate.")
    assert body["parameters"] == {"temperature": 0.8, "num_ctx": 4096, "stop": ["<|eot_id|>"]}
    assert [message["role"] for message in body["messages"]] == ["user", "assistant"]
    assert "pirate-example:latest" in server.models


def check_copy_delete(server: OllamaTestServer) -> None:
    (copied,) = bodies(server, "POST", "/api/copy")
    assert copied == {"source": "llama3.2", "destination": "llama3.2-copy-example:latest"}
    (deleted,) = bodies(server, "DELETE", "/api/delete")
    assert deleted["model"] == "llama3.2-copy-example:latest"
    assert "llama3.2:latest" in server.models and "llama3.2-copy-example:latest" not in server.models


def check_unload(server: OllamaTestServer) -> None:
    load, unload = bodies(server, "POST", "/api/generate")
    assert load["keep_alive"] == "10m"
    assert "prompt" not in unload and unload["keep_alive"] == 0


EXPECTED: dict[str, Expectation] = {
    "quickstart.py": Expectation(("You said: Why is the sky blue? Answer in two sentences.",)),
    "chat.py": Expectation(("llama3.2: You said: Why is the sky blue?",), check=check_chat),
    "chat_history.py": Expectation(
        ("Model: You said: And what is my name?", "The conversation has 7 messages."), check=check_chat_history
    ),
    "streaming.py": Expectation(
        ("You said: Write a haiku about the sea.", "done_reason=stop", "tokens/s]"), check=check_streaming
    ),
    "async_chat.py": Expectation(
        ("Reply: You said: Say hello in French.", "Streamed: You said: Count to five."), check=check_async_chat
    ),
    "concurrent_requests.py": Expectation(
        ("Name a river.", "-> Slow answer", "5 answers in"), setup=slow_generate, check=check_concurrent
    ),
    "generate.py": Expectation(("You said: List three uses of a paperclip.", "done_reason=stop"), check=check_generate),
    "fill_in_the_middle.py": Expectation(
        ('def celsius_to_fahrenheit(celsius: float) -> float:\n    """You said:', "    return fahrenheit"),
        setup=install("qwen2.5-coder"),
        check=check_fill_in_the_middle,
    ),
    "images.py": Expectation(
        ("red_circle.png: You said: Describe this picture", "(with 1 image)"),
        setup=install("gemma3"),
        check=check_images,
    ),
    "tools.py": Expectation(
        (
            "The model calls get_temperature({'city': 'example'})",
            "Answer: The tool result is: It is 21 degrees Celsius in example.",
        ),
        check=check_tools,
    ),
    "multiple_tools.py": Expectation(
        ("add({'a': 1, 'b': 1}) = 2", "Answer: The tool result is: 2"), check=check_multiple_tools
    ),
    "structured_output.py": Expectation(
        ("Parsed:   Country(name='example', capital='example', population_millions=1.5",), check=check_structured
    ),
    "thinking.py": Expectation(
        ("=== Thinking ===\nThinking about: How many letters r", "=== Answer ===\nYou said:"), check=check_thinking
    ),
    "logprobs.py": Expectation(("token", "probability", "alternatives", "'You'"), check=check_logprobs),
    "embeddings.py": Expectation(
        ("3 documents embedded, 384 dimensions each.", "Best match for"), check=check_embeddings
    ),
    "list_models.py": Expectation(("llama3.2:latest", "qwen3:latest", "all-minilm:latest", "3 models installed")),
    "show_model.py": Expectation(
        ("Model:          llama3.2", "Architecture:   llama", "Capabilities:   completion, tools"),
        check=check_show,
    ),
    "running_models.py": Expectation(
        ("Nothing is loaded; loading llama3.2", "llama3.2:latest", "100% GPU"), check=check_running
    ),
    "pull_with_progress.py": Expectation(("llama3.2: success",), stderr=("pulling manifest",), check=check_pull),
    "create_from_modelfile.py": Expectation(
        ("success", "Created pirate-example", "cheerful pirate", "pirate-example: You said: Where is the treasure?"),
        check=check_create,
    ),
    "copy_delete.py": Expectation(
        ("Copied llama3.2 to llama3.2-copy-example:latest: listed = True", "listed = False"),
        check=check_copy_delete,
    ),
    "unload_model.py": Expectation(
        ("done_reason='load'", "done_reason='unload'", "llama3.2:latest is unloaded"), check=check_unload
    ),
}


@pytest.mark.parametrize("script", SCRIPTS, ids=[script.name for script in SCRIPTS])
def test_example_runs(script: Path, server: OllamaTestServer, tmp_path: Path) -> None:
    assert script.name in EXPECTED, f"{script.name} has no entry in EXPECTED: add what it prints and sends"
    expected = EXPECTED[script.name]
    if expected.setup is not None:
        expected.setup(server)

    result = run_example(script, server.url, tmp_path)

    assert result.returncode == 0, f"exit code {result.returncode}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr, result.stderr
    for text in expected.stdout:
        assert text in result.stdout, f"{text!r} not in the output:\n{result.stdout}"
    for text in expected.stderr:
        assert text in result.stderr, f"{text!r} not on stderr:\n{result.stderr}"
    assert not server.errors
    if expected.check is not None:
        expected.check(server)


def test_every_expectation_has_a_script() -> None:
    assert sorted(EXPECTED) == [script.name for script in SCRIPTS]


@pytest.mark.parametrize("script", SCRIPTS, ids=[script.name for script in SCRIPTS])
def test_example_is_short_and_documented(script: Path) -> None:
    source = script.read_text(encoding="utf-8")
    assert len(source.splitlines()) <= MAX_LINES, f"{script.name} is longer than {MAX_LINES} lines"
    assert source.startswith('"""'), f"{script.name} needs a module docstring"
    docstring = source.split('"""')[1]
    assert f"python examples/{script.name}" in docstring, "the docstring should say how to run it"
    assert "OLLAMA_HOST" in docstring


@pytest.mark.parametrize("script", ["fill_in_the_middle.py", "images.py"])
def test_missing_model_is_explained(script: str, server: OllamaTestServer, tmp_path: Path) -> None:
    result = run_example(EXAMPLES / script, server.url, tmp_path)

    assert result.returncode == 1
    assert "is not installed: run `ollama pull" in result.stderr
    assert "Traceback" not in result.stderr


def test_pull_prints_text_progress_without_tqdm(server: OllamaTestServer, tmp_path: Path) -> None:
    hidden = tmp_path / "hide_tqdm"
    (hidden / "tqdm").mkdir(parents=True)
    (hidden / "tqdm" / "__init__.py").write_text("raise ImportError('tqdm is not installed')\n")

    result = run_example(EXAMPLES / "pull_with_progress.py", server.url, tmp_path, extra_path=hidden)

    assert result.returncode == 0, result.stderr
    assert "pulling manifest\n" in result.stdout
    assert "100% of" in result.stdout and "MB" in result.stdout
    assert result.stdout.endswith("llama3.2: success\n")
    (body,) = bodies(server, "POST", "/api/pull")
    assert body["stream"] is True


def test_quickstart_explains_when_no_server_listens(tmp_path: Path) -> None:
    port = free_port()

    result = run_example(EXAMPLES / "quickstart.py", f"127.0.0.1:{port}", tmp_path)

    assert result.returncode == 1
    assert "ollama serve" in result.stderr
    assert f"127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr
