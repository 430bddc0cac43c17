"""``FROM ./folder`` uploads only what a model is made of, chosen like ``ollama create`` does."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from ollama_python import AsyncClient, Client, RequestError
from ollama_python.testing import OllamaTestServer

MODEL_FILES = [
    "model-00001-of-00002.safetensors",
    "model-00002-of-00002.safetensors",
    "config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "tokenizer.model",
    "chat_template.jinja",
    "1_Pooling/config.json",
]
OTHER_FILES = [
    "notes.txt",
    "id_rsa",
    "README.md",
    "training_args.bin",
    "old/model.gguf",
    ".git/config",
    ".cache/x.json",
    "deep/er/config.json",
]


def create(mode: str, url: str, modelfile: Path) -> str | None:
    if mode == "sync":
        with Client(url, timeout=10) as client:
            return client.create("local", path=str(modelfile)).status

    async def main() -> str | None:
        async with AsyncClient(url, timeout=10) as client:
            return (await client.create("local", path=str(modelfile))).status

    return asyncio.run(main())


@pytest.mark.timeout(30)
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_folder_uploads_only_its_model_files(
    server: OllamaTestServer, tmp_path: Path, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "weights"
    for name in MODEL_FILES + OTHER_FILES:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(f"contents of {name}".encode())
    (tmp_path / "Modelfile").write_text("FROM ./weights\n")

    with caplog.at_level(logging.INFO, logger="ollama_python"):
        assert create(mode, server.url, tmp_path / "Modelfile") == "success"

    assert sorted(server.requests[-1].json["files"]) == sorted(MODEL_FILES)
    uploaded = [r.body for r in server.requests if r.path.startswith("/api/blobs/") and r.method == "POST"]
    assert sorted(uploaded) == sorted(f"contents of {name}".encode() for name in MODEL_FILES)
    assert "uploading 8 files" in caplog.text  # the list is shown before anything is sent


@pytest.mark.timeout(30)
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_gguf_weights_are_chosen_when_there_are_no_safetensors(
    server: OllamaTestServer, tmp_path: Path, mode: str
) -> None:
    for name in ("model.gguf", "params.json", "notes.txt", "data.bin"):
        (tmp_path / name).write_bytes(name.encode())
    (tmp_path / "Modelfile").write_text("FROM .\n")
    assert create(mode, server.url, tmp_path / "Modelfile") == "success"
    assert sorted(server.requests[-1].json["files"]) == ["model.gguf", "params.json"]


@pytest.mark.timeout(30)
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_folder_without_weights_sends_nothing(server: OllamaTestServer, tmp_path: Path, mode: str) -> None:
    (tmp_path / "config.json").write_text("{}")
    (tmp_path / "Modelfile").write_text("FROM .\n")
    with pytest.raises(RequestError, match="no model weights"):
        create(mode, server.url, tmp_path / "Modelfile")
    assert server.requests == []


@pytest.mark.timeout(30)
@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("where", ["home", "root"])
def test_a_home_or_root_folder_is_refused(
    server: OllamaTestServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str, where: str
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "model.gguf").write_bytes(b"GGUF")
    monkeypatch.setenv("HOME", str(home))
    (tmp_path / "Modelfile").write_text("FROM ./home\n" if where == "home" else "FROM /\n")
    with pytest.raises(RequestError, match="home or root folder"):
        create(mode, server.url, tmp_path / "Modelfile")
    assert server.requests == []


@pytest.mark.timeout(30)
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_weights_that_are_git_lfs_pointers_are_refused(server: OllamaTestServer, tmp_path: Path, mode: str) -> None:
    pointer = b"version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 4900000000\n"
    (tmp_path / "model.safetensors").write_bytes(pointer)
    (tmp_path / "config.json").write_text("{}")
    (tmp_path / "Modelfile").write_text("FROM .\n")
    with pytest.raises(RequestError, match="git lfs pull"):
        create(mode, server.url, tmp_path / "Modelfile")
    assert server.requests == []
