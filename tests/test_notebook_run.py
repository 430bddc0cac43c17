"""examples/notebook.ipynb executed in a real Jupyter kernel (nbclient) against the test server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ollama_python.testing import NDJSONReply, OllamaTestServer, chat_chunk, chat_final

nbformat = pytest.importorskip("nbformat", reason="the dev extra installs nbformat, nbclient and ipykernel")
nbclient = pytest.importorskip("nbclient", reason="the dev extra installs nbformat, nbclient and ipykernel")
pytest.importorskip("ipykernel", reason="the dev extra installs nbformat, nbclient and ipykernel")

NOTEBOOK = Path(__file__).resolve().parents[1] / "examples" / "notebook.ipynb"
STORY = ["Once", " upon", " a", " *time*", " there", " was", " a", " llama."]


class RecordingClient(nbclient.NotebookClient):  # type: ignore[misc,name-defined]
    """Notes every message from the kernel, so that updates of a display can be counted."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.messages: list[tuple[int, str, dict[str, Any]]] = []

    def process_message(self, msg: dict[str, Any], cell: Any, cell_index: int) -> Any:
        self.messages.append((cell_index, msg["msg_type"], msg.get("content", {})))
        return super().process_message(msg, cell, cell_index)


def story_lines() -> list[dict[str, Any]]:
    stamp = "2025-06-01T12:00:00Z"
    metrics = {"eval_count": 8, "eval_duration": 400_000_000, "total_duration": 500_000_000}
    return [*(chat_chunk(word, created_at=stamp) for word in STORY), chat_final(created_at=stamp, **metrics)]


def cell_index(notebook: Any, source_start: str) -> int:
    (index,) = [i for i, cell in enumerate(notebook.cells) if cell.source.startswith(source_start)]
    return index


def data(cell: Any, mime: str) -> list[str]:
    return [output["data"][mime] for output in cell.outputs if mime in output.get("data", {})]


@pytest.mark.timeout(180)
def test_the_notebook_runs_with_rich_output(server: OllamaTestServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OLLAMA_HOST", server.url)
    server.enqueue("POST", "/api/chat", NDJSONReply(story_lines(), interval=0.15))  # the first chat: the live one
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = RecordingClient(notebook, timeout=60, kernel_name="python3", resources={"metadata": {"path": "/tmp"}})

    client.execute()

    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [o for o in outputs if o["output_type"] == "error"], json.dumps(outputs, indent=1)[:3000]
    # nothing painted red: no stderr at all (progress and status lines went to stdout), no tqdm warning
    assert not [o for o in outputs if o.get("name") == "stderr"], [o for o in outputs if o.get("name") == "stderr"]
    assert "IProgress" not in json.dumps(outputs)

    cells = notebook.cells
    assert "<table" in data(cells[cell_index(notebook, "client.list()")], "text/html")[0]
    show = data(cells[cell_index(notebook, "info = client.show")], "text/html")[0]
    assert "Context length" in show and "FROM" not in show  # facts, not the Modelfile

    hello = data(cells[cell_index(notebook, 'client.chat("llama3.2"')], "text/markdown")[0]
    assert "<sub>llama3.2 · " in hello
    thinking = data(cells[cell_index(notebook, 'client.chat("qwen3"')], "text/markdown")[0]
    assert "<details><summary>Thinking</summary>" in thinking

    # the live stream: shown once, then updated in place as chunks arrived
    live = cell_index(notebook, "stream = client.chat")
    kinds = [kind for index, kind, _ in client.messages if index == live]
    assert kinds.count("display_data") == 1
    assert kinds.count("update_display_data") >= 3  # 8 chunks, 0.15 s apart, updates at most every 0.1 s
    (final,) = data(cells[live], "text/markdown")  # the updates replaced the one output
    assert final.startswith("Once upon a *time* there was a llama.") and "8 tokens" in final
    first = next(content for index, kind, content in client.messages if index == live and kind == "display_data")
    assert first["data"]["text/markdown"].startswith("Once") and "llama." not in first["data"]["text/markdown"]
    printed = cells[cell_index(notebook, "print(stream.response")].outputs[0]["text"]
    assert printed == "Once upon a *time* there was a llama.\n"

    plain = cells[cell_index(notebook, "for chunk in client.generate")].outputs
    assert "".join(o.get("text", "") for o in plain).endswith("\n") and plain[0]["name"] == "stdout"

    shape = data(cells[cell_index(notebook, 'client.embed("all-minilm"')], "text/markdown")[0]
    assert shape.startswith("**EmbedResponse**: 2 vectors x ") and "dimensions (all-minilm)" in shape

    pull = cells[cell_index(notebook, 'client.pull("all-minilm"')].outputs
    printed_progress = "".join(o.get("text", "") for o in pull if o.get("name") == "stdout")
    assert "pulling manifest" in printed_progress and "success" in printed_progress
    assert data(cells[cell_index(notebook, 'client.pull("all-minilm"')], "text/markdown") == ["success"]
