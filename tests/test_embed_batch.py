"""embed_batch: many texts in batches, bounded concurrency, results in input order."""

from __future__ import annotations

import asyncio

import pytest

from ollama_python import EmbeddingAPI, NotFoundError, RequestError
from ollama_python.endpoints import AsyncEmbeddingAPI
from ollama_python.testing import JSONReply, OllamaTestServer


def test_batches_go_on_the_wire_and_vectors_come_back_in_input_order(server: OllamaTestServer) -> None:
    texts = [f"text number {i}" for i in range(23)]
    api = EmbeddingAPI(server.url, model="all-minilm")

    batched = api.embed_batch(texts, batch_size=5, concurrency=3, truncate=True)
    single = api.embed(texts)

    bodies = [r.json for r in server.requests_to("POST", "/api/embed")][:-1]
    assert sorted(len(body["input"]) for body in bodies) == [3, 5, 5, 5, 5]
    assert all(body["model"] == "all-minilm" and body["truncate"] is True for body in bodies)
    assert sorted(t for body in bodies for t in body["input"]) == sorted(texts)
    assert batched.embeddings == single.embeddings  # same vectors, same order
    assert batched.prompt_eval_count == sum(
        EmbeddingAPI(server.url, model="all-minilm").embed(body["input"]).prompt_eval_count or 0 for body in bodies
    )


def test_concurrency_is_bounded(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/embed", JSONReply({"model": "m", "embeddings": [[1.0]]}, delay=0.15), times=None)

    result = EmbeddingAPI(server.url, model="m").embed_batch([str(i) for i in range(8)], batch_size=1, concurrency=2)

    assert len(result.embeddings) == 8
    arrivals = sorted(request.received_at for request in server.requests)
    # With two in flight, a third request can only start once an earlier one got its answer.
    assert all(later - earlier >= 0.12 for earlier, later in zip(arrivals, arrivals[2:], strict=False))
    assert arrivals[1] - arrivals[0] < 0.1  # ...and two really did run at the same time


def test_as_numpy_concatenates_the_batches(server: OllamaTestServer) -> None:
    np = pytest.importorskip("numpy", reason="the numpy extra is not installed")
    api = EmbeddingAPI(server.url, model="all-minilm")
    texts = [f"t{i}" for i in range(10)]

    array = api.embed_batch(texts, batch_size=4, as_numpy=True)

    assert array.embeddings.shape == (10, 384) and array.embeddings.dtype == np.float32
    assert np.array_equal(array.embeddings, np.array(api.embed(texts).embeddings, dtype=np.float32))


def test_a_failing_batch_raises(server: OllamaTestServer) -> None:
    with pytest.raises(NotFoundError):
        EmbeddingAPI(server.url, model="nope").embed_batch(["a", "b", "c"], batch_size=1)


@pytest.mark.parametrize(
    ("kwargs", "argument"), [({"batch_size": 0}, "batch_size"), ({"concurrency": -1}, "concurrency")]
)
def test_bad_batch_settings_are_refused(server: OllamaTestServer, kwargs: dict, argument: str) -> None:
    with pytest.raises(RequestError) as raised:
        EmbeddingAPI(server.url, model="all-minilm").embed_batch(["a"], **kwargs)
    assert raised.value.argument == argument and server.requests == []


def test_texts_must_be_strings(server: OllamaTestServer) -> None:
    with pytest.raises(RequestError, match=r"texts\[1\]"):
        EmbeddingAPI(server.url, model="all-minilm").embed_batch(["a", 2])  # type: ignore[list-item]
    assert server.requests == []


def test_progress_bar_counts_texts(server: OllamaTestServer, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("tqdm", reason="the progress extra is not installed")
    EmbeddingAPI(server.url, model="all-minilm").embed_batch([str(i) for i in range(6)], batch_size=2, progress=True)
    assert "6/6" in capsys.readouterr().err


def test_async_batches_match_sync(server: OllamaTestServer) -> None:
    pytest.importorskip("httpx", reason="the async extra is not installed")
    texts = [f"x{i}" for i in range(9)]

    async def main() -> list[list[float]]:
        async with AsyncEmbeddingAPI(server.url, model="all-minilm") as api:
            return (await api.embed_batch(texts, batch_size=2, concurrency=3)).embeddings

    assert asyncio.run(main()) == EmbeddingAPI(server.url, model="all-minilm").embed(texts).embeddings
