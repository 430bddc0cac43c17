"""embed(..., as_numpy=True): vectors parsed into one float32 array as the reply arrives."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ollama_python import EmbeddingAPI, InvalidResponseError
from ollama_python.testing import JSONReply, OllamaTestServer, RawReply
from ollama_python.types import EmbedArrayResponse

np = pytest.importorskip("numpy", reason="the numpy extra is not installed")


def vectors(rows: int, dims: int) -> list[list[float]]:
    return [[round((r * dims + d) / 7919.0 - 0.5, 6) for d in range(dims)] for r in range(rows)]


def test_array_equals_the_list_result_and_keeps_the_metrics(server: OllamaTestServer) -> None:
    data = vectors(64, 1024)  # ~0.5 MB of JSON: arrives in several reads
    reply = {
        "model": "all-minilm",
        "embeddings": data,
        "total_duration": 14143917,
        "load_duration": 1019500,
        "prompt_eval_count": 16,
    }
    server.enqueue("POST", "/api/embed", JSONReply(reply), times=2)
    api = EmbeddingAPI(server.url, model="all-minilm")

    as_array = api.embed(["a"] * 64, as_numpy=True)
    as_lists = api.embed(["a"] * 64)

    assert isinstance(as_array, EmbedArrayResponse)
    assert as_array.embeddings.dtype == np.float32 and as_array.embeddings.shape == (64, 1024)
    assert np.array_equal(as_array.embeddings, np.array(as_lists.embeddings, dtype=np.float32))
    assert (as_array.model, as_array.total_duration, as_array.prompt_eval_count) == ("all-minilm", 14143917, 16)
    assert server.requests[0].json == server.requests[1].json == {"model": "all-minilm", "input": ["a"] * 64}


def test_array_from_the_default_server_reply(server: OllamaTestServer) -> None:
    reply = EmbeddingAPI(server.url, model="all-minilm").embed(
        ["Why is the sky blue?", "Why is the grass green?"], as_numpy=True
    )
    assert reply.embeddings.shape == (2, 384)
    assert np.allclose(np.linalg.norm(reply.embeddings, axis=1), 1.0, atol=1e-5)


def test_empty_input_gives_an_empty_array(server: OllamaTestServer) -> None:
    reply = EmbeddingAPI(server.url, model="all-minilm").embed([], as_numpy=True)
    assert reply.embeddings.shape == (0, 0)


def test_whitespace_and_key_order_do_not_matter(server: OllamaTestServer) -> None:
    body = b'{ "total_duration" : 5 ,\n "embeddings" : [ [1.5, -2.0] ,\n [3.25 ,4e-1] ] , "model":"m" }'
    server.enqueue("POST", "/api/embed", RawReply(body, content_type="application/json"))
    reply = EmbeddingAPI(server.url, model="m").embed(["a", "b"], as_numpy=True)
    assert reply.embeddings.tolist() == [[1.5, -2.0], [3.25, pytest.approx(0.4)]]
    assert (reply.model, reply.total_duration) == ("m", 5)


@pytest.mark.parametrize(
    "body",
    [
        b'{"model":"m","embeddings":[[1,2],[3]]}',
        b'{"model":"m","embeddings":[["a","b"]]}',
        b'{"model":"m","embeddings":[[1,2],[3,4]',
    ],
)
def test_malformed_replies_raise_our_error(server: OllamaTestServer, body: bytes) -> None:
    server.enqueue("POST", "/api/embed", RawReply(body, content_type="application/json"))
    with pytest.raises(InvalidResponseError):
        EmbeddingAPI(server.url, model="m").embed(["a"], as_numpy=True)


def test_without_numpy_the_call_fails_before_sending(server: OllamaTestServer) -> None:
    code = (
        "import sys; sys.modules['numpy'] = None\n"
        "from ollama_python import EmbeddingAPI, MissingDependencyError\n"
        f"api = EmbeddingAPI({server.url!r}, model='all-minilm')\n"
        "try:\n    api.embed(['x'], as_numpy=True)\n"
        "except MissingDependencyError as error:\n    print('missing:', error)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=True)
    assert "pip install numpy" in result.stdout
    assert server.requests == []
