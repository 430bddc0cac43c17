"""The ``ollama-python`` command line, run as real subprocesses against the loopback server."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from ollama_python import GenerateAPI
from ollama_python._humanize import human_size, processor, relative_time
from ollama_python.cli import _render
from ollama_python.testing import HangReply, JSONReply, OllamaTestServer, free_port

REPO_ROOT = Path(__file__).resolve().parent.parent
HAVE_TQDM = True
try:
    import tqdm  # noqa: F401
except ImportError:  # pragma: no cover - the dev environment installs the progress extra
    HAVE_TQDM = False


def cli_env(extra_path: Path | None = None, **variables: str) -> dict[str, str]:
    paths = [str(extra_path)] if extra_path else []
    paths.append(str(REPO_ROOT))
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths), "PYTHONIOENCODING": "utf-8", **variables}


def run(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None, timeout: float = 30
) -> subprocess.CompletedProcess[str]:
    """``python -m ollama_python ARGS``; every run must be free of tracebacks."""
    result = subprocess.run(
        [sys.executable, "-m", "ollama_python", *args],
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=str(REPO_ROOT),
        env=env or cli_env(),
        timeout=timeout,
    )
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, result.stderr
    return result


def ok(*args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    result = run(*args, **kwargs)
    assert result.returncode == 0, (result.returncode, result.stderr)
    return result


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    return lines[0]


def json_lines(text: str) -> list[Any]:
    return [json.loads(line) for line in text.splitlines()]


# -- list, ps, show -------------------------------------------------------------------------


def test_list_table(server: OllamaTestServer) -> None:
    result = ok("--host", server.url, "list")
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["NAME", "ID", "SIZE", "MODIFIED"]
    rows = {line.split()[0]: line for line in lines[1:]}
    assert set(rows) == {"llama3.2:latest", "qwen3:latest", "all-minilm:latest"}
    llama = server.models["llama3.2:latest"]
    assert rows["llama3.2:latest"].split()[1:4] == [llama.digest[:12], "2.0", "GB"]
    assert rows["llama3.2:latest"].endswith(("ago", "just now"))
    assert result.stderr == ""


def test_list_json_and_global_options_after_the_command(server: OllamaTestServer) -> None:
    data = json.loads(ok("ls", "--json", "--host", server.url).stdout)
    names = [model["name"] for model in data["models"]]
    assert names == list(server.models)
    first = data["models"][0]
    assert first["digest"] == server.models[names[0]].digest
    assert datetime.fromisoformat(first["modified_at"].replace("Z", "+00:00")).tzinfo is not None
    assert first["modified_at"].endswith("Z")


def test_ps_table_for_a_loaded_model(server: OllamaTestServer) -> None:
    with GenerateAPI(server.url, model="llama3.2") as gen:
        gen.generate("")  # loads the model
    lines = ok("--host", server.url, "ps").stdout.splitlines()
    assert lines[0].split() == ["NAME", "ID", "SIZE", "PROCESSOR", "CONTEXT", "UNTIL"]
    assert len(lines) == 2
    row = lines[1]
    assert row.startswith("llama3.2:latest")
    assert "100% GPU" in row and " 4096 " in row and row.endswith("from now")


def test_ps_split_processor_forever_and_json(server: OllamaTestServer) -> None:
    reply = {
        "models": [
            {
                "name": "big:latest",
                "model": "big:latest",
                "size": 8_000_000_000,
                "size_vram": 6_000_000_000,
                "digest": "ab" * 32,
                "details": {"family": "llama"},
                "expires_at": "2318-01-01T00:00:00Z",
                "context_length": 8192,
            },
            {"name": "cpu:latest", "size": 1_000_000, "size_vram": 0, "digest": "cd" * 32,
             "expires_at": "2000-01-01T00:00:00Z"},
        ]
    }  # fmt: skip
    server.enqueue("GET", "/api/ps", JSONReply(reply), times=2)
    rows = ok("--host", server.url, "ps").stdout.splitlines()[1:]
    assert rows[0].split() == ["big:latest", "abababababab", "8.0", "GB", "25%/75%", "CPU/GPU", "8192", "Forever"]
    assert rows[1].split()[-3:] == ["100%", "CPU", "Stopping..."]
    data = json.loads(ok("--host", server.url, "--json", "ps").stdout)
    assert data["models"][0]["size_vram"] == 6_000_000_000
    assert data["models"][0]["expires_at"] == "2318-01-01T00:00:00Z"


def test_show_summary(server: OllamaTestServer) -> None:
    text = ok("--host", server.url, "show", "llama3.2").stdout
    assert text.startswith("  Model\n")
    facts = {line.split("  ")[2].strip(): line.split()[-1] for line in text.split("\n\n")[0].splitlines()[1:]}
    assert facts == {
        "architecture": "llama",
        "parameters": "3.2B",
        "context length": "131072",
        "embedding length": "3072",
        "quantization": "Q4_K_M",
    }
    assert "  Capabilities\n    completion\n    tools\n" in text
    assert '  Parameters\n    stop    "<|start_header_id|>"' in text


SHOW_REPLY = {
    "modelfile": "FROM /blobs/x\nSYSTEM Be brief.\n",
    "parameters": 'temperature                    0.2\nstop                           "<|end|>"',
    "template": "{{ .Prompt }}",
    "system": "Be brief.",
    "license": "LICENSE LINE 1\nLICENSE LINE 2\nLICENSE LINE 3",
    "details": {"family": "llama", "parameter_size": "1B", "quantization_level": "Q8_0"},
    "model_info": {"general.architecture": "llama", "llama.context_length": 2048},
    "capabilities": ["completion"],
}


@pytest.mark.parametrize("section", ["modelfile", "parameters", "template", "system", "license"])
def test_show_section_flags_print_only_that_part(server: OllamaTestServer, section: str) -> None:
    server.enqueue("POST", "/api/show", JSONReply(SHOW_REPLY))
    text = ok("--host", server.url, "show", "custom", f"--{section}").stdout
    assert text == SHOW_REPLY[section].rstrip("\n") + "\n"
    assert server.last_request is not None and server.last_request.json["model"] == "custom"


def test_show_summary_sections_and_json(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/show", JSONReply(SHOW_REPLY), times=3)
    text = ok("--host", server.url, "show", "custom").stdout
    assert "    temperature    0.2\n" in text
    assert "  System\n    Be brief.\n" in text
    assert text.rstrip().endswith("  License\n    LICENSE LINE 1\n    LICENSE LINE 2\n    ...")
    data = json.loads(ok("--host", server.url, "show", "custom", "--json").stdout)
    assert data["model_info"]["llama.context_length"] == 2048 and data["license"] == SHOW_REPLY["license"]
    assert json.loads(ok("--host", server.url, "show", "custom", "--system", "--json").stdout) == {
        "system": "Be brief."
    }


# -- pull, push, create ---------------------------------------------------------------------


@pytest.mark.skipif(not HAVE_TQDM, reason="needs the progress extra (tqdm)")
def test_pull_shows_progress_bars(server: OllamaTestServer) -> None:
    result = ok("--host", server.url, "pull", "mistral")
    assert result.stdout == ""
    err = result.stderr
    assert err.startswith("pulling manifest\n")
    assert err.count("100%|") == 2 and "B/s" in err  # one bar per layer, with its rate
    assert err.rstrip().endswith("verifying sha256 digest\nwriting manifest\nsuccess")
    assert "mistral:latest" in server.models


def test_pull_without_tqdm_prints_plain_status_lines(server: OllamaTestServer, tmp_path: Path) -> None:
    (tmp_path / "tqdm.py").write_text("raise ImportError('simulated: tqdm is not installed')\n")
    result = ok("--host", server.url, "pull", "mistral", env=cli_env(tmp_path))
    lines = result.stderr.splitlines()
    assert lines[0] == "pulling manifest" and lines[-3:] == ["verifying sha256 digest", "writing manifest", "success"]
    layer = [line for line in lines if line.startswith("pulling e1b4a2115b7a")]
    assert [line.split()[2] for line in layer] == ["0%", "50%", "100%"]
    assert layer[-1].endswith("1.9 GB/1.9 GB")
    assert "%|" not in result.stderr and "tqdm" not in result.stderr
    assert "mistral:latest" in server.models


def test_pull_json_is_ndjson_of_every_report(server: OllamaTestServer) -> None:
    result = ok("--host", server.url, "--json", "pull", "llama3.2")
    reports = json_lines(result.stdout)
    assert reports[0] == {"status": "pulling manifest"}
    assert reports[-1] == {"status": "success"}
    assert any(report.get("completed") == report.get("total") is not None for report in reports)
    assert result.stderr == ""


def test_pull_failure_exits_1_after_progress(server: OllamaTestServer) -> None:
    result = run("--host", server.url, "pull", "missing-model")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "pulling manifest"
    assert lines[-1] == "error: pull model manifest: file does not exist"


def test_push_shows_progress(server: OllamaTestServer) -> None:
    result = ok("--host", server.url, "push", "llama3.2", "--insecure")
    assert result.stderr.startswith("retrieving manifest\n")
    assert result.stderr.rstrip().endswith("pushing manifest\nsuccess")
    assert server.requests_to("POST", "/api/push")[0].json["insecure"] is True


def test_create_from_a_modelfile_uploads_the_local_gguf(server: OllamaTestServer, tmp_path: Path) -> None:
    weights = b"GGUF" + bytes(range(256)) * 4
    (tmp_path / "tiny.gguf").write_bytes(weights)
    modelfile = tmp_path / "Modelfile"
    modelfile.write_text('FROM ./tiny.gguf\nSYSTEM """You are terse."""\nPARAMETER temperature 0.2\n')
    digest = "sha256:" + hashlib.sha256(weights).hexdigest()

    result = ok("--host", server.url, "create", "tiny", "-f", str(modelfile), "--quantize", "q8_0")

    assert server.blobs[digest] == weights
    paths = [(request.method, request.path) for request in server.requests]
    assert ("HEAD", f"/api/blobs/{digest}") in paths and ("POST", f"/api/blobs/{digest}") in paths
    body = server.requests_to("POST", "/api/create")[0].json
    assert body["model"] == "tiny" and body["files"] == {"tiny.gguf": digest}
    assert body["system"] == "You are terse." and body["parameters"] == {"temperature": 0.2}
    assert body["quantize"] == "q8_0"
    assert "tiny:latest" in server.models
    # the local weights: hashed, then uploaded, each with a bar (tqdm), then the server's steps
    if HAVE_TQDM:
        hashing, uploading = result.stderr.index("hashing tiny.gguf"), result.stderr.index("uploading tiny.gguf")
        assert hashing < uploading < result.stderr.index("parsing GGUF\n")
        assert "1.03k/1.03k" in result.stderr  # decimal units, as everywhere: 1028 bytes
    assert "parsing GGUF\n" in result.stderr and result.stderr.rstrip().endswith("writing manifest\nsuccess")


def test_create_with_a_missing_modelfile_is_bad_input(server: OllamaTestServer, tmp_path: Path) -> None:
    result = run("--host", server.url, "create", "x", "-f", str(tmp_path / "nope"))
    assert result.returncode == 2
    assert "no such Modelfile" in one_error_line(result)
    assert server.requests == []


# -- cp, rm ---------------------------------------------------------------------------------


def test_cp(server: OllamaTestServer) -> None:
    assert ok("--host", server.url, "cp", "llama3.2", "backup").stdout == "copied 'llama3.2' to 'backup'\n"
    assert "backup:latest" in server.models
    assert server.requests_to("POST", "/api/copy")[0].json == {"source": "llama3.2", "destination": "backup"}


def test_rm_several_reports_each_and_fails_for_the_missing_one(server: OllamaTestServer) -> None:
    result = run("--host", server.url, "rm", "qwen3", "nope", "all-minilm")
    assert result.returncode == 1
    assert result.stdout == "deleted 'qwen3'\ndeleted 'all-minilm'\n"
    assert one_error_line(result) == "error: model 'nope' not found (status code: 404)"
    assert list(server.models) == ["llama3.2:latest"]


def test_rm_json(server: OllamaTestServer) -> None:
    result = ok("--host", server.url, "--json", "rm", "qwen3", "llama3.2")
    assert json_lines(result.stdout) == [
        {"model": "qwen3", "status": "success"},
        {"model": "llama3.2", "status": "success"},
    ]


# -- chat, generate, embed, version ---------------------------------------------------------


def test_chat_interactive_streams_and_keeps_history(server: OllamaTestServer) -> None:
    result = ok("--host", server.url, "chat", "llama3.2", stdin="hello\n\nhow are you\n/bye\nnever sent\n")
    assert result.stdout == "You said: hello\nYou said: how are you\n"
    requests = server.requests_to("POST", "/api/chat")
    assert len(requests) == 2
    assert requests[0].json["stream"] is True
    assert requests[1].json["messages"] == [
        {"role": "user", "content": "hello"},
        {"role": "assistant", "content": "You said: hello"},
        {"role": "user", "content": "how are you"},
    ]


def test_chat_ends_at_end_of_input_and_knows_clear(server: OllamaTestServer) -> None:
    result = ok("--host", server.url, "chat", "llama3.2", "--system", "Be kind.", stdin="one\n/clear\ntwo")
    assert result.stdout == "You said: one\nYou said: two\n"
    assert "conversation cleared" in result.stderr
    assert server.requests_to("POST", "/api/chat")[1].json["messages"] == [
        {"role": "system", "content": "Be kind."},
        {"role": "user", "content": "two"},
    ]


def test_chat_one_shot(server: OllamaTestServer) -> None:
    result = ok("--host", server.url, "chat", "llama3.2", "why", "is the sky blue?", "-o", "temperature=0")
    assert result.stdout == "You said: why is the sky blue?\n"
    body = server.requests_to("POST", "/api/chat")[0].json
    assert body["messages"] == [{"role": "user", "content": "why is the sky blue?"}]
    assert body["options"] == {"temperature": 0}


def test_chat_json_streams_ndjson_chunks(server: OllamaTestServer) -> None:
    chunks = json_lines(ok("--host", server.url, "--json", "chat", "llama3.2", "hi").stdout)
    assert len(chunks) > 2 and chunks[-1]["done"] is True
    assert "".join(chunk["message"]["content"] for chunk in chunks) == "You said: hi"


def test_generate_streams_the_answer(server: OllamaTestServer) -> None:
    result = ok("--host", server.url, "generate", "llama3.2", "Why", "is", "the", "sky", "blue?")
    assert result.stdout == "You said: Why is the sky blue?\n"
    body = server.requests_to("POST", "/api/generate")[0].json
    assert body["prompt"] == "Why is the sky blue?" and body["stream"] is True


def test_generate_reads_the_prompt_from_stdin_and_prints_ndjson(server: OllamaTestServer) -> None:
    chunks = json_lines(ok("--host", server.url, "generate", "llama3.2", "--json", stdin="from stdin\n").stdout)
    assert chunks[-1]["done"] is True and chunks[-1]["done_reason"] == "stop"
    assert "".join(chunk["response"] for chunk in chunks) == "You said: from stdin"


def test_embed_json_and_plain_vectors(server: OllamaTestServer) -> None:
    data = json.loads(ok("--host", server.url, "embed", "all-minilm", "first", "second", "--json").stdout)
    assert data["model"] == "all-minilm"
    assert [len(vector) for vector in data["embeddings"]] == [384, 384]
    plain = ok("--host", server.url, "embed", "all-minilm", "first", "second", "--dimensions", "4").stdout
    vectors = json_lines(plain)
    assert [len(vector) for vector in vectors] == [4, 4]
    assert server.requests_to("POST", "/api/embed")[1].json["dimensions"] == 4


def test_version(server: OllamaTestServer) -> None:
    from ollama_python import __version__

    assert ok("--host", server.url, "version").stdout == f"client version: {__version__}\nserver version: 0.32.15\n"
    assert json.loads(ok("--host", server.url, "version", "--json").stdout) == {
        "version": "0.32.15",
        "client_version": __version__,
    }


# -- hosts, errors and exit codes -----------------------------------------------------------


def test_host_defaults_to_ollama_host_and_the_flag_overrides_it(server: OllamaTestServer) -> None:
    assert "server version: 0.32.15" in ok("version", env=cli_env(OLLAMA_HOST=server.host)).stdout
    dead = f"127.0.0.1:{free_port()}"
    assert "server version" in ok("--host", server.url, "version", env=cli_env(OLLAMA_HOST=dead)).stdout


def test_not_found_exits_1_with_one_line(server: OllamaTestServer) -> None:
    result = run("--host", server.url, "show", "nope")
    assert result.returncode == 1
    assert one_error_line(result) == "error: model 'nope' not found (status code: 404)"
    assert result.stdout == ""


def test_refused_connection_exits_3() -> None:
    result = run("--host", f"127.0.0.1:{free_port()}", "list")
    assert result.returncode == 3
    assert one_error_line(result).startswith("error: could not connect to Ollama at http://127.0.0.1:")


def test_timeout_exits_3(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/generate", HangReply(send_headers=True), times=None)
    result = run("--host", server.url, "--timeout", "0.3", "generate", "llama3.2", "hi")
    assert result.returncode == 3
    assert "timeout" in one_error_line(result)


@pytest.mark.parametrize(
    "args",
    [
        ["show"],  # missing MODEL
        ["frobnicate"],  # unknown command
        ["chat", "llama3.2", "-o", "temperature"],  # not KEY=VALUE
        ["--timeout", "soon", "list"],
    ],
)
def test_usage_errors_exit_2_with_one_line(args: list[str]) -> None:
    result = run("--host", "127.0.0.1:9", *args)
    assert result.returncode == 2
    assert "see 'ollama-python" in one_error_line(result)


def test_input_the_sdk_refuses_exits_2() -> None:
    result = run("--host", "ftp://example.com", "list")  # RequestError: nothing is sent
    assert result.returncode == 2
    assert (
        one_error_line(result) == "error: unsupported scheme 'ftp' in host 'ftp://example.com': use http:// or https://"
    )


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_exits_130(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/generate", HangReply(send_headers=True))
    proc = subprocess.Popen(
        [sys.executable, "-m", "ollama_python", "--host", server.url, "generate", "llama3.2", "hi"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=str(REPO_ROOT),
        env=cli_env(),
    )
    try:
        server.wait_for_requests(1, timeout=10)
        time.sleep(0.1)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 130
    assert "Traceback" not in err


def test_help_and_version_flag_exit_0() -> None:
    result = ok("--help")
    for command in ("list", "ps", "show", "pull", "push", "create", "cp", "rm", "chat", "generate", "embed", "version"):
        assert command in result.stdout
    assert ok("--version").stdout.startswith("ollama-python ")


# -- rendering helpers (pure functions, in-process) -----------------------------------------


def test_human_size() -> None:
    assert [human_size(n) for n in (155, 45_960_996, 2_019_393_189, 5_225_376_047, 12_000_000_000_000)] == [
        "155 B",
        "46 MB",
        "2.0 GB",
        "5.2 GB",
        "12 TB",
    ]


def test_relative_time_and_processor() -> None:
    now = datetime(2025, 5, 10, 12, 0, tzinfo=timezone.utc)
    assert relative_time(now - timedelta(days=3, hours=2), now) == "3 days ago"
    assert relative_time(now - timedelta(seconds=70), now) == "a minute ago"
    assert relative_time(now - timedelta(hours=1), now) == "an hour ago"
    assert relative_time(now + timedelta(minutes=4, seconds=59), now) == "4 minutes from now"
    assert relative_time(now, now) == "just now"
    assert relative_time(datetime(2025, 5, 9, 12, 0), now) == "a day ago"  # naive means UTC
    assert processor(100, 100) == "100% GPU"
    assert processor(100, 0) == "100% CPU"
    assert processor(100, 52) == "48%/52% CPU/GPU"


def test_show_summary_metadata_section() -> None:
    from ollama_python import ShowResponse

    lines = _render.show_summary(ShowResponse.from_wire(SHOW_REPLY), metadata=True)
    assert lines[-3:] == ["  Metadata", "    general.architecture    llama", "    llama.context_length    2048"]
    assert "  Metadata" not in _render.show_summary(ShowResponse.from_wire(SHOW_REPLY))
