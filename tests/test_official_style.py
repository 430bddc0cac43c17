"""Code written for the official ``ollama`` package runs unchanged on ``ollama_python``.

Everything here is written the way the official package's users write it: ``import ollama_python
as ollama``, module functions, ``ollama.Client``, ``ollama.AsyncClient``, dict-style and attribute
access on responses, ``except ollama.ResponseError as e: e.error, e.status_code`` and ``except
ConnectionError`` (the builtin name). It runs against the loopback ``ollama_python.testing`` server.

The module functions use a default client created on first use, with ``OLLAMA_HOST`` read then.
Each group of module-function calls therefore runs in a fresh interpreter (a subprocess) whose
``OLLAMA_HOST`` was set with ``monkeypatch.setenv`` before it started; the requests it sent are
then checked on the server.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import socket
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import ollama_python as ollama
from ollama_python.testing import NDJSONReply, OllamaTestServer, free_port

REPO_ROOT = Path(__file__).resolve().parents[1]

QUESTION = "Why is the sky blue?"
MESSAGES: list[dict[str, Any]] = [
    # Empty values, as apps often build them: the official client leaves them out of the request.
    {"role": "user", "content": QUESTION, "images": [], "tool_calls": None, "thinking": ""},
]
SENT_MESSAGES = [{"role": "user", "content": QUESTION}]


@pytest.fixture
def web() -> Iterator[OllamaTestServer]:
    """A second server standing in for ollama.com (``web_host``)."""
    with OllamaTestServer() as test_server:
        yield test_server


def run_script(script: str, *args: str, timeout: float = 30) -> str:
    """Run ``script`` in a fresh interpreter with this process's environment; its standard output."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=str(REPO_ROOT),
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT), "PYTHONIOENCODING": "utf-8"},
        check=False,
    )
    assert result.returncode == 0, f"script failed:\n{result.stderr}"
    return result.stdout


def sent(server: OllamaTestServer) -> list[tuple[str, str, Any]]:
    return [(r.method, r.path, r.json) for r in server.requests]


# -- module functions --------------------------------------------------------------------------------------

INFERENCE = """
    import ollama_python as ollama

    messages = [{"role": "user", "content": "Why is the sky blue?", "images": [], "tool_calls": None, "thinking": ""}]

    response = ollama.chat(model="llama3.2", messages=messages)
    assert response["message"]["content"] == "You said: Why is the sky blue?", response
    assert response.message.content == response["message"]["content"]
    assert response["message"]["role"] == response.message.role == "assistant"
    assert response["done"] is True and response.done_reason == "stop"

    content = ""
    for part in ollama.chat("llama3.2", messages=messages, stream=True):
        content += part["message"]["content"]
    assert content == "You said: Why is the sky blue?", content
    assert part.done is True and part["done_reason"] == "stop"

    response = ollama.generate(model="llama3.2", prompt="Tell me a joke")
    assert response["response"] == response.response == "You said: Tell me a joke", response

    parts = [part["response"] for part in ollama.generate("llama3.2", "Tell me a joke", stream=True)]
    assert len(parts) > 1 and "".join(parts) == "You said: Tell me a joke", parts

    response = ollama.embed(model="all-minilm", input=["The sky is blue", "Grass is green"])
    assert len(response["embeddings"]) == len(response.embeddings) == 2
    assert len(response["embeddings"][0]) == 384
    assert abs(sum(x * x for x in response.embeddings[1]) - 1) < 1e-6

    response = ollama.embeddings(model="all-minilm", prompt="The sky is blue")
    assert len(response["embedding"]) == len(response.embedding) == 384
    print("ok")
"""


def test_module_functions_for_inference(server: OllamaTestServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OLLAMA_HOST", server.host)

    assert run_script(INFERENCE) == "ok\n"

    assert sent(server) == [
        ("POST", "/api/chat", {"model": "llama3.2", "messages": SENT_MESSAGES, "tools": [], "stream": False}),
        ("POST", "/api/chat", {"model": "llama3.2", "messages": SENT_MESSAGES, "tools": [], "stream": True}),
        ("POST", "/api/generate", {"model": "llama3.2", "prompt": "Tell me a joke", "stream": False}),
        ("POST", "/api/generate", {"model": "llama3.2", "prompt": "Tell me a joke", "stream": True}),
        ("POST", "/api/embed", {"model": "all-minilm", "input": ["The sky is blue", "Grass is green"]}),
        ("POST", "/api/embeddings", {"model": "all-minilm", "prompt": "The sky is blue"}),
    ]


MODEL_MANAGEMENT = """
    import hashlib
    import sys

    import ollama_python as ollama

    blob_path, expected_version = sys.argv[1], sys.argv[2]

    assert ollama.pull("llama3.2")["status"] == "success"
    statuses = []
    for progress in ollama.pull("mistral", stream=True):
        statuses.append(progress["status"])
        if progress.get("total"):
            assert 0 <= (progress.completed or 0) <= progress.total, progress
    assert statuses[0] == "pulling manifest" and statuses[-1] == "success", statuses

    assert ollama.push("llama3.2").status == "success"
    statuses = [progress["status"] for progress in ollama.push("llama3.2", stream=True)]
    assert statuses[0] == "retrieving manifest" and statuses[-1] == "success", statuses

    response = ollama.create(model="mario", from_="llama3.2", system="You are Mario from Super Mario Bros.")
    assert response["status"] == "success", response
    statuses = [progress.status for progress in ollama.create(model="luigi", from_="llama3.2", stream=True)]
    assert statuses[-1] == "success", statuses
    modelfile = "FROM llama3.2\\nSYSTEM You are Peach.\\nPARAMETER temperature 0.5\\n"
    assert ollama.create(model="peach", modelfile=modelfile).status == "success"

    digest = ollama.create_blob(blob_path)
    with open(blob_path, "rb") as file:
        assert digest == "sha256:" + hashlib.sha256(file.read()).hexdigest(), digest

    assert ollama.copy("llama3.2", "user/llama3.2-copy")["status"] == "success"
    models = ollama.list()
    names = [model["model"] for model in models["models"]]
    assert "user/llama3.2-copy:latest" in names and "mario:latest" in names, names
    assert [model.model for model in models.models] == names
    assert models["models"][0]["details"]["family"] == models.models[0].details.family
    assert ollama.delete("user/llama3.2-copy")["status"] == "success"
    assert "user/llama3.2-copy:latest" not in [model.model for model in ollama.list().models]

    info = ollama.show("mario")
    assert info["system"] == info.system == "You are Mario from Super Mario Bros.", info.system
    assert info["details"]["family"] == info.details.family == "llama"
    assert info["modelinfo"]["general.architecture"] == "llama"
    assert "completion" in info["capabilities"]
    assert "temperature" in ollama.show("peach")["parameters"]

    ollama.generate("llama3.2", "")  # an empty prompt loads the model
    running = ollama.ps()
    assert [model["model"] for model in running["models"]] == ["llama3.2:latest"], running
    assert running.models[0].size_vram > 0

    assert ollama.version()["version"] == expected_version
    print("ok")
"""


def test_module_functions_for_model_management(
    server: OllamaTestServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blob = tmp_path / "adapter.bin"
    blob.write_bytes(b"adapter weights " * 512)
    digest = "sha256:" + hashlib.sha256(blob.read_bytes()).hexdigest()
    monkeypatch.setenv("OLLAMA_HOST", server.host)

    assert run_script(MODEL_MANAGEMENT, str(blob), server.version) == "ok\n"

    blob_path = f"/api/blobs/{digest}"
    assert sent(server) == [
        ("POST", "/api/pull", {"model": "llama3.2", "insecure": False, "stream": False}),
        ("POST", "/api/pull", {"model": "mistral", "insecure": False, "stream": True}),
        ("POST", "/api/push", {"model": "llama3.2", "insecure": False, "stream": False}),
        ("POST", "/api/push", {"model": "llama3.2", "insecure": False, "stream": True}),
        (
            "POST",
            "/api/create",
            {"model": "mario", "from": "llama3.2", "system": "You are Mario from Super Mario Bros.", "stream": False},
        ),
        ("POST", "/api/create", {"model": "luigi", "from": "llama3.2", "stream": True}),
        (
            "POST",
            "/api/create",
            {
                "model": "peach",
                "from": "llama3.2",
                "system": "You are Peach.",
                "parameters": {"temperature": 0.5},
                "stream": False,
            },
        ),
        ("HEAD", blob_path, None),
        ("POST", blob_path, None),  # confirmed (201): no verifying HEAD any more
        ("POST", "/api/copy", {"source": "llama3.2", "destination": "user/llama3.2-copy"}),
        ("GET", "/api/tags", None),
        ("DELETE", "/api/delete", {"model": "user/llama3.2-copy"}),
        ("GET", "/api/tags", None),
        ("POST", "/api/show", {"model": "mario"}),
        ("POST", "/api/show", {"model": "peach"}),
        ("POST", "/api/generate", {"model": "llama3.2", "prompt": "", "stream": False}),
        ("GET", "/api/ps", None),
        ("GET", "/api/version", None),
    ]
    assert server.blobs[digest] == blob.read_bytes()


ERRORS_AND_WEB = """
    import ollama_python as ollama

    model = "mistral"
    try:
        ollama.chat(model, messages=[{"role": "user", "content": "Hi"}])
    except ollama.ResponseError as e:
        assert e.status_code == 404, e.status_code
        assert e.error == "model 'mistral' not found", e.error
        print("Error:", e.error)
        if e.status_code == 404:
            ollama.pull(model)
    response = ollama.chat(model, messages=[{"role": "user", "content": "Hi"}])
    assert response["message"]["content"] == "You said: Hi"

    try:
        for progress in ollama.pull("missing-model", stream=True):
            pass
    except ollama.ResponseError as e:
        assert e.error == "pull model manifest: file does not exist", e.error
        assert e.status_code == -1, e.status_code  # reported inside a stream that had started
    else:
        raise AssertionError("no error")

    for call, argument in ((ollama.web_search, "what is ollama?"), (ollama.web_fetch, "https://ollama.com")):
        try:
            call(argument)
        except ValueError as e:
            assert "OLLAMA_API_KEY" in str(e), str(e)
            official = "Authorization header with Bearer token is required for " + call.__name__.replace("_", " ")
            assert official in str(e), str(e)
        else:
            raise AssertionError(f"{call.__name__} ran without an API key")
    print("ok")
"""


def test_module_functions_report_errors_like_the_official_client(
    server: OllamaTestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OLLAMA_HOST", server.host)

    assert run_script(ERRORS_AND_WEB) == "Error: model 'mistral' not found\nok\n"

    paths = [path for _, path, _ in sent(server)]
    assert paths == ["/api/chat", "/api/pull", "/api/chat", "/api/pull"]  # nothing sent by web_search/web_fetch


LAZY = """
    import os
    import sys

    import ollama_python as ollama  # OLLAMA_HOST still names a port where nobody answers

    os.environ["OLLAMA_HOST"] = sys.argv[1]
    os.environ["OLLAMA_API_KEY"] = "key-set-after-import"
    print(ollama.version()["version"])
"""


def test_module_functions_read_the_environment_on_first_use(
    server: OllamaTestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sentinel:
        sentinel.bind(("127.0.0.1", 0))
        sentinel.listen(8)
        monkeypatch.setenv("OLLAMA_HOST", f"127.0.0.1:{sentinel.getsockname()[1]}")

        assert run_script(LAZY, server.host) == f"{server.version}\n"

        sentinel.setblocking(False)
        with pytest.raises(BlockingIOError):
            sentinel.accept()  # the import opened no connection to the host named at import time
    (request,) = server.requests
    assert (request.method, request.path) == ("GET", "/api/version")
    assert request.headers["Authorization"] == "Bearer key-set-after-import"


REFUSED = """
    import ollama_python as ollama

    try:
        ollama.chat("llama3.2", messages=[{"role": "user", "content": "Hi"}])
    except ConnectionError as e:
        assert not isinstance(e, ollama.ResponseError)
        print(e)
    else:
        raise AssertionError("no error")
"""


def test_module_functions_raise_the_builtin_connection_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OLLAMA_HOST", f"127.0.0.1:{free_port()}")

    message = run_script(REFUSED)

    assert "ollama serve" in message


ABORT = """
    import threading

    import ollama_python as ollama

    stream = ollama.generate("llama3.2", "Tell me a long story", stream=True)
    first = next(stream)
    errors = []

    def read():
        try:
            for part in stream:
                pass
        except ConnectionError as e:
            errors.append(e)

    reader = threading.Thread(target=read)
    reader.start()
    ollama.abort()
    reader.join(2)
    assert not reader.is_alive()
    assert len(errors) == 1 and isinstance(errors[0], ollama.AbortedError), errors
    print("aborted:", errors[0])
    print(ollama.generate("llama3.2", "again").response)
"""


def test_module_abort_closes_open_streams(server: OllamaTestServer, monkeypatch: pytest.MonkeyPatch) -> None:
    # Hand-written on purpose: an empty created_at and a bare final, as a minimal mock sends them.
    lines = [{"model": "llama3.2", "created_at": "", "response": f"{i} ", "done": False} for i in range(100)]
    server.enqueue("POST", "/api/generate", NDJSONReply([*lines, {"model": "llama3.2", "done": True}], interval=0.05))
    monkeypatch.setenv("OLLAMA_HOST", server.host)

    output = run_script(ABORT, timeout=20).splitlines()

    assert output[0].startswith("aborted:") and "abort" in output[0][len("aborted:") :]
    assert output[1] == "You said: again"


# -- ollama.Client ---------------------------------------------------------------------------------------


def test_client_inference(server: OllamaTestServer) -> None:
    client = ollama.Client(host=server.url)

    response = client.chat("llama3.2", messages=MESSAGES)
    assert response["message"]["content"] == response.message.content == f"You said: {QUESTION}"
    assert server.last_request.json == {
        "model": "llama3.2",
        "messages": SENT_MESSAGES,
        "tools": [],
        "stream": False,
    }

    content = "".join(part["message"]["content"] for part in client.chat("llama3.2", MESSAGES, stream=True))
    assert content == f"You said: {QUESTION}"
    assert server.last_request.json["stream"] is True

    assert client.generate("llama3.2", "Hello")["response"] == "You said: Hello"
    assert server.last_request.json == {"model": "llama3.2", "prompt": "Hello", "stream": False}
    assert "".join(part.response for part in client.generate("llama3.2", "Hello", stream=True)) == "You said: Hello"

    embedded = client.embed("all-minilm", "The sky is blue")
    assert len(embedded["embeddings"]) == 1
    assert embedded.embeddings[0] == embedded["embeddings"][0]
    assert server.last_request.json == {"model": "all-minilm", "input": "The sky is blue"}

    legacy = client.embeddings("all-minilm", "The sky is blue")
    assert len(legacy["embedding"]) == len(legacy.embedding) == 384
    assert server.last_request.json == {"model": "all-minilm", "prompt": "The sky is blue"}


def test_client_chat_sends_what_the_official_client_sends(server: OllamaTestServer) -> None:
    client = ollama.Client(host=server.url)
    messages = [
        {"role": "system", "content": "Be brief.", "images": None},
        {"role": "user", "content": "Hi", "images": [], "tool_calls": [], "thinking": ""},
        ollama.Message(role="assistant", content="Hello!"),
        {"role": "user", "content": "And now?", "tool_name": ""},
    ]

    client.chat("llama3.2", messages)

    assert server.last_request.json == {
        "model": "llama3.2",
        "messages": [
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": "Hi"},
            {"role": "assistant", "content": "Hello!"},
            {"role": "user", "content": "And now?"},
        ],
        "tools": [],
        "stream": False,
    }


def test_client_model_management(server: OllamaTestServer, tmp_path: Path) -> None:
    client = ollama.Client(host=server.url)

    assert client.pull("mistral")["status"] == "success"
    assert server.last_request.json == {"model": "mistral", "insecure": False, "stream": False}
    statuses = [progress["status"] for progress in client.pull("qwen3", stream=True)]
    assert statuses[-1] == "success"
    assert server.last_request.json == {"model": "qwen3", "insecure": False, "stream": True}

    assert client.push("llama3.2", insecure=True).status == "success"
    assert server.last_request.json == {"model": "llama3.2", "insecure": True, "stream": False}
    assert [p.status for p in client.push("llama3.2", stream=True)][-1] == "success"
    assert server.last_request.json == {"model": "llama3.2", "insecure": False, "stream": True}

    assert client.create("mario", from_="llama3.2", system="You are Mario.")["status"] == "success"
    assert server.last_request.json == {
        "model": "mario",
        "from": "llama3.2",
        "system": "You are Mario.",
        "stream": False,
    }
    assert [p.status for p in client.create("luigi", from_="mario", stream=True)][-1] == "success"
    assert client.show("luigi")["system"] == "You are Mario."
    assert client.create(model="peach", modelfile="FROM llama3.2\nSYSTEM You are Peach.").status == "success"
    assert client.show("peach").system == "You are Peach."

    blob = tmp_path / "model.gguf"
    blob.write_bytes(b"GGUF" + bytes(range(256)) * 8)
    digest = client.create_blob(blob)
    assert digest == "sha256:" + hashlib.sha256(blob.read_bytes()).hexdigest()
    assert server.blobs[digest] == blob.read_bytes()
    assert client.create("from-blob", files={"model.gguf": digest})["status"] == "success"

    assert client.copy("mario", "user/mario")["status"] == "success"
    listed = client.list()
    assert "user/mario:latest" in [m["model"] for m in listed["models"]]
    assert listed["models"][0]["model"] == listed.models[0].model
    assert client.delete("user/mario").status == "success"
    assert server.last_request.method == "DELETE"
    assert server.last_request.json == {"model": "user/mario"}
    assert "user/mario:latest" not in [m.model for m in client.list().models]

    shown = client.show("llama3.2")
    assert shown["details"]["family"] == shown.details.family == "llama"
    assert shown["modelinfo"]["general.architecture"] == shown.modelinfo["general.architecture"]

    assert client.ps()["models"] == []
    client.generate("llama3.2")
    assert [m["model"] for m in client.ps()["models"]] == ["llama3.2:latest"]
    assert client.version()["version"] == client.version().version == server.version


def test_client_errors_have_error_and_status_code(server: OllamaTestServer) -> None:
    client = ollama.Client(host=server.url)

    with pytest.raises(ollama.ResponseError) as missing:
        client.show("no-such-model")
    assert missing.value.status_code == 404
    assert missing.value.error == "model 'no-such-model' not found"

    try:
        for _ in client.chat("no-such-model", messages=[{"role": "user", "content": "Hi"}], stream=True):
            pass
    except ollama.ResponseError as e:
        assert (e.status_code, e.error) == (404, "model 'no-such-model' not found")
    else:
        pytest.fail("no ResponseError")

    with pytest.raises(ollama.ResponseError) as failed:
        client.pull("missing-model")
    assert (failed.value.status_code, failed.value.error) == (500, "pull model manifest: file does not exist")


def test_client_refused_connection_is_the_builtin_connection_error() -> None:
    client = ollama.Client(host=f"http://127.0.0.1:{free_port()}")
    try:
        client.list()
    except ConnectionError as e:  # the builtin
        assert "ollama serve" in str(e)
    else:
        pytest.fail("no ConnectionError")


def test_web_search_without_an_api_key_is_a_value_error(server: OllamaTestServer) -> None:
    client = ollama.Client(host=server.url, web_host=server.url)

    with pytest.raises(ValueError, match="OLLAMA_API_KEY"):
        client.web_search("what is ollama?")
    with pytest.raises(ValueError, match="OLLAMA_API_KEY"):
        client.web_fetch("https://ollama.com")
    assert server.requests == []


def test_web_search_and_fetch_send_the_api_key_to_the_web_host(
    server: OllamaTestServer, web: OllamaTestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OLLAMA_API_KEY", "my-api-key")
    client = ollama.Client(host=server.url, web_host=web.url)

    results = client.web_search("what is ollama?")
    assert len(results["results"]) == 3
    assert results.results[0].title == results["results"][0]["title"] == "what is ollama? - result 1"
    search = web.last_request
    assert (search.method, search.path) == ("POST", "/api/web_search")
    assert search.json == {"query": "what is ollama?", "max_results": 3}
    assert search.headers["Authorization"] == "Bearer my-api-key"

    page = client.web_fetch("https://ollama.com")
    assert page["title"] == page.title == "Fake page for https://ollama.com"
    assert page.links == ["https://ollama.com/about", "https://ollama.com/contact"]
    fetch = web.last_request
    assert (fetch.path, fetch.json) == ("/api/web_fetch", {"url": "https://ollama.com"})
    assert fetch.headers["Authorization"] == "Bearer my-api-key"

    assert server.requests == []  # nothing went to the local server


# -- ollama.AsyncClient ---------------------------------------------------------------------------------------


def test_async_client_every_method(
    server: OllamaTestServer, web: OllamaTestServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("OLLAMA_API_KEY", "my-api-key")
    blob = tmp_path / "blob.bin"
    blob.write_bytes(b"async blob " * 100)

    async def main() -> None:
        client = ollama.AsyncClient(host=server.url, web_host=web.url)

        response = await client.chat("llama3.2", messages=MESSAGES)
        assert response["message"]["content"] == response.message.content == f"You said: {QUESTION}"
        assert server.last_request.json == {
            "model": "llama3.2",
            "messages": SENT_MESSAGES,
            "tools": [],
            "stream": False,
        }
        content = ""
        async for part in await client.chat("llama3.2", messages=MESSAGES, stream=True):
            content += part["message"]["content"]
        assert content == f"You said: {QUESTION}"

        assert (await client.generate("llama3.2", "Hello"))["response"] == "You said: Hello"
        parts = [part.response async for part in await client.generate("llama3.2", "Hello", stream=True)]
        assert "".join(parts) == "You said: Hello"

        assert len((await client.embed("all-minilm", ["a", "b"]))["embeddings"]) == 2
        assert len((await client.embeddings("all-minilm", "a")).embedding) == 384

        assert (await client.pull("mistral"))["status"] == "success"
        assert server.last_request.json == {"model": "mistral", "insecure": False, "stream": False}
        statuses = [p["status"] async for p in await client.pull("mistral", stream=True)]
        assert statuses[-1] == "success"
        assert (await client.push("llama3.2")).status == "success"
        assert server.last_request.json == {"model": "llama3.2", "insecure": False, "stream": False}
        assert [p.status async for p in await client.push("llama3.2", stream=True)][-1] == "success"

        assert (await client.create("mario", from_="llama3.2", system="You are Mario."))["status"] == "success"
        assert [p.status async for p in await client.create("luigi", from_="llama3.2", stream=True)][-1] == "success"
        assert (await client.create("peach", modelfile="FROM llama3.2\nSYSTEM You are Peach.")).status == "success"
        assert (await client.show("peach"))["system"] == "You are Peach."

        digest = await client.create_blob(blob)
        assert digest == "sha256:" + hashlib.sha256(blob.read_bytes()).hexdigest()

        assert (await client.copy("mario", "user/mario"))["status"] == "success"
        listed = await client.list()
        assert "user/mario:latest" in [m["model"] for m in listed["models"]]
        assert (await client.delete("user/mario")).status == "success"
        assert "user/mario:latest" not in [m.model for m in (await client.list()).models]

        shown = await client.show("mario")
        assert shown["system"] == shown.system == "You are Mario."
        assert "llama3.2:latest" in [m["model"] for m in (await client.ps())["models"]]
        assert (await client.version())["version"] == server.version

        results = await client.web_search("what is ollama?", max_results=2)
        assert [r["title"] for r in results["results"]] == ["what is ollama? - result 1", "what is ollama? - result 2"]
        page = await client.web_fetch("https://ollama.com")
        assert page.title == "Fake page for https://ollama.com"
        assert [r.headers["Authorization"] for r in web.requests] == ["Bearer my-api-key"] * 2

        try:
            await client.show("no-such-model")
        except ollama.ResponseError as e:
            assert (e.status_code, e.error) == (404, "model 'no-such-model' not found")
        else:
            raise AssertionError("no ResponseError")

        await client.close()

    asyncio.run(main())


def test_async_client_refused_connection_is_the_builtin_connection_error() -> None:
    async def main() -> str:
        async with ollama.AsyncClient(host=f"127.0.0.1:{free_port()}") as client:
            try:
                await client.chat("llama3.2", messages=[{"role": "user", "content": "Hi"}])
            except ConnectionError as e:  # the builtin
                return str(e)
        raise AssertionError("no ConnectionError")

    assert "ollama serve" in asyncio.run(main())
