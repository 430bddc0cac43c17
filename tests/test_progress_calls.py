"""progress=True on pull, push, create and create_blob: bars drawn, final report returned."""

from __future__ import annotations

import asyncio
import hashlib
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from ollama_python import (
    AsyncModelManagementAPI,
    Client,
    ModelManagementAPI,
    ProgressResponse,
    RequestError,
    StreamError,
)
from ollama_python.testing import OllamaTestServer

pytest.importorskip("tqdm", reason="the progress extra is not installed")


def test_pull_with_progress_draws_layer_bars_and_returns_success(
    server: OllamaTestServer, capsys: pytest.CaptureFixture[str]
) -> None:
    final = ModelManagementAPI(server.url).pull("phi3", progress=True)

    err = capsys.readouterr().err
    assert isinstance(final, ProgressResponse) and final.status == "success"
    assert "pulling manifest" in err and "success" in err
    assert "pulling " in err and "B/s" in err  # a byte bar with a rate for the layers
    assert server.last_request.json == {"model": "phi3", "stream": True}


def test_push_and_create_with_progress(server: OllamaTestServer, capsys: pytest.CaptureFixture[str]) -> None:
    models = ModelManagementAPI(server.url)
    assert models.create("mario", from_="llama3.2", system="It's-a me", progress=True).status == "success"
    assert models.push("mario", progress=True).status == "success"
    err = capsys.readouterr().err
    assert "writing manifest" in err and "pushing manifest" in err


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_create_blob_with_progress_hashes_and_uploads(
    server: OllamaTestServer, tmp_path: Path, capsys: pytest.CaptureFixture[str], mode: str
) -> None:
    data = b"GGUF" + bytes(range(256)) * 4096
    path = tmp_path / "weights.gguf"
    path.write_bytes(data)

    if mode == "sync":
        digest = ModelManagementAPI(server.url).create_blob(path, progress=True)
    else:

        async def main() -> str:
            async with AsyncModelManagementAPI(server.url) as models:
                return await models.create_blob(path, progress=True)

        digest = asyncio.run(main())

    assert digest == "sha256:" + hashlib.sha256(data).hexdigest()
    assert server.blobs[digest] == data
    err = capsys.readouterr().err
    assert "hashing weights.gguf" in err and "uploading weights.gguf" in err


@pytest.mark.parametrize("progress", [False, True])
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_blob_file_gone_before_its_upload_is_named_not_a_lost_connection(
    httpserver: HTTPServer, tmp_path: Path, mode: str, progress: bool
) -> None:
    path = tmp_path / "weights.gguf"
    path.write_bytes(b"GGUF" + bytes(1000))
    digest = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()

    def head(request: Any) -> Response:  # the server lacks the blob; meanwhile the file goes away
        path.unlink()
        return Response(status=404)

    httpserver.expect_request(f"/api/blobs/{digest}", method="HEAD").respond_with_handler(head)
    url = httpserver.url_for("/")
    with pytest.raises(RequestError) as caught:
        if mode == "sync":
            ModelManagementAPI(url, max_retries=0).create_blob(path, progress=progress)
        else:

            async def main() -> None:
                async with AsyncModelManagementAPI(url, max_retries=0) as models:
                    await models.create_blob(path, progress=progress)

            asyncio.run(main())
    assert caught.value.argument == "path"
    assert str(path) in str(caught.value) and "could not read" in str(caught.value)
    assert [request.method for request, _ in httpserver.log] == ["HEAD"]  # no upload was attempted


def test_create_from_a_modelfile_with_progress(server: OllamaTestServer, tmp_path: Path) -> None:
    (tmp_path / "w.gguf").write_bytes(b"GGUF" + b"\0" * 1000)
    (tmp_path / "Modelfile").write_text("FROM ./w.gguf\nPARAMETER temperature 0.5\n")

    final = ModelManagementAPI(server.url).create("local", model_file=tmp_path / "Modelfile", progress=True)

    assert final.status == "success"
    create = server.requests_to("POST", "/api/create")[0].json
    assert create["parameters"] == {"temperature": 0.5} and create["stream"] is True


def test_a_failing_pull_with_progress_raises_and_closes_the_bars(server: OllamaTestServer) -> None:
    with pytest.raises(StreamError, match="file does not exist"):
        ModelManagementAPI(server.url).pull("missing-model", progress=True)


def test_progress_and_stream_together_are_refused(server: OllamaTestServer) -> None:
    with pytest.raises(RequestError) as raised:
        ModelManagementAPI(server.url).pull("phi3", stream=True, progress=True)
    assert raised.value.argument == "progress" and server.requests == []


def test_client_passes_progress_through(server: OllamaTestServer) -> None:
    client = Client(server.url)
    assert client.pull("phi3", progress=True).status == "success"
    assert server.last_request.json == {"model": "phi3", "insecure": False, "stream": True}
    assert client.create("c", from_="phi3", progress=True).status == "success"


def test_async_pull_with_progress(server: OllamaTestServer, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("httpx", reason="the async extra is not installed")
    from ollama_python import AsyncClient

    async def main() -> ProgressResponse:
        async with AsyncClient(server.url) as client:
            return await client.pull("phi3", progress=True)

    assert asyncio.run(main()).status == "success"
    assert "pulling manifest" in capsys.readouterr().err


def test_without_tqdm_the_call_fails_before_sending(server: OllamaTestServer) -> None:
    code = (
        "import sys; sys.modules['tqdm'] = None; sys.modules['tqdm.auto'] = None\n"
        "from ollama_python import ModelManagementAPI, MissingDependencyError\n"
        f"try:\n    ModelManagementAPI({server.url!r}).pull('phi3', progress=True)\n"
        "except MissingDependencyError as error:\n    print('missing:', error)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=True)
    assert "pip install tqdm" in result.stdout
    assert server.requests == []
