"""EmbeddingAPI against a real loopback server: /api/embed and the legacy /api/embeddings, bodies and replies."""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

import pytest

from ollama_python import EmbeddingAPI, EmbeddingsResponse, EmbedResponse, NotFoundError, Options, RequestError
from ollama_python.testing import JSONReply, OllamaTestServer

# Reference §3.3 / §3.4 examples.
EMBED_REPLY = {
    "model": "all-minilm",
    "embeddings": [[0.010071029, -0.0017594862, 0.05007221], [-0.0098027075, 0.06042469, 0.0212238]],
    "total_duration": 14143917,
    "load_duration": 1019500,
    "prompt_eval_count": 16,
}
EMBEDDINGS_REPLY = {"embedding": [0.5670403838157654, 0.009260174818336964, 0.23178744316101074]}
TEXTS = ["Why is the sky blue?", "Why is the grass green?"]


def wire(server: OllamaTestServer, path: str = "/api/embed") -> dict:
    """The JSON body of the one request the server received, after checking method and path."""
    assert len(server.requests) == 1
    request = server.last_request
    assert request is not None
    assert (request.method, request.path) == ("POST", path)
    assert request.headers["Content-Type"] == "application/json"
    return request.json


# ---------------------------------------------------------------------------------------------
# /api/embed


def test_embed_a_list_sends_the_reference_body_and_parses_the_reply(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/embed", JSONReply(EMBED_REPLY))

    result = EmbeddingAPI(server.url, model="all-minilm").embed(TEXTS)

    assert wire(server) == {"model": "all-minilm", "input": TEXTS}
    assert isinstance(result, EmbedResponse)
    assert result.model == "all-minilm"
    assert result.embeddings == EMBED_REPLY["embeddings"]
    assert (result.total_duration, result.load_duration, result.prompt_eval_count) == (14143917, 1019500, 16)
    assert result["embeddings"][1][0] == -0.0098027075
    assert result.get("prompt_eval_count") == 16


def test_embed_a_string_sends_a_string(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/embed", JSONReply({**EMBED_REPLY, "embeddings": EMBED_REPLY["embeddings"][:1]}))

    result = EmbeddingAPI(server.url, model="all-minilm").embed("Why is the sky blue?")

    assert wire(server) == {"model": "all-minilm", "input": "Why is the sky blue?"}
    assert result.embeddings == [[0.010071029, -0.0017594862, 0.05007221]]


def test_embed_a_tuple_is_sent_as_a_json_list(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/embed", JSONReply(EMBED_REPLY))

    EmbeddingAPI(server.url, model="all-minilm").embed(tuple(TEXTS))

    assert wire(server) == {"model": "all-minilm", "input": TEXTS}


def test_embed_every_parameter(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/embed", JSONReply(EMBED_REPLY))

    EmbeddingAPI(server.url, model="all-minilm").embed(
        TEXTS,
        truncate=False,
        dimensions=256,
        options={"num_ctx": 512, "stop": "x", "brand_new": 1},
        keep_alive="10m",
        timeout=30,
    )

    assert wire(server) == {
        "model": "all-minilm",
        "input": TEXTS,
        "truncate": False,
        "dimensions": 256,
        "options": {"num_ctx": 512, "stop": ["x"], "brand_new": 1},
        "keep_alive": "10m",
    }


@pytest.mark.parametrize(
    ("keep_alive", "expected"),
    [(0, 0), (-1, -1), (3600, 3600), ("5m", "5m"), (timedelta(seconds=90), 90)],
)
def test_embed_keep_alive(server: OllamaTestServer, keep_alive: Any, expected: Any) -> None:
    server.enqueue("POST", "/api/embed", JSONReply(EMBED_REPLY))

    EmbeddingAPI(server.url, model="all-minilm").embed("x", keep_alive=keep_alive)

    sent = wire(server)["keep_alive"]
    assert sent == expected and isinstance(sent, str) == isinstance(expected, str)


def test_embed_options_dataclass(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/embed", JSONReply(EMBED_REPLY))

    EmbeddingAPI(server.url, model="all-minilm").embed("x", options=Options(num_ctx=256, num_thread=4))

    assert wire(server)["options"] == {"num_ctx": 256, "num_thread": 4}


def test_embed_truncate_true_and_none_values(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/embed", JSONReply(EMBED_REPLY))

    EmbeddingAPI(server.url, model="all-minilm").embed(
        "x", truncate=True, dimensions=None, options=None, keep_alive=None
    )

    assert wire(server) == {"model": "all-minilm", "input": "x", "truncate": True}


def test_embed_model_override_and_binding(server: OllamaTestServer) -> None:
    server.add_model("nomic-embed-text", embedding_length=768)
    emb = EmbeddingAPI(server.url, model="all-minilm")

    result = emb.embed("hello", model="nomic-embed-text")

    assert wire(server) == {"model": "nomic-embed-text", "input": "hello"}
    assert result.model == "nomic-embed-text"
    assert len(result.embeddings) == 1 and len(result.embeddings[0]) == 768
    assert emb.model == "all-minilm"


def test_embed_without_a_bound_model_uses_the_per_call_one(server: OllamaTestServer) -> None:
    result = EmbeddingAPI(server.url).embed(TEXTS, model="all-minilm")

    assert wire(server) == {"model": "all-minilm", "input": TEXTS}
    assert len(result.embeddings) == 2
    # Vectors from /api/embed are L2-normalised (the fake server follows the reference).
    assert all(math.isclose(math.fsum(v * v for v in vector), 1.0, rel_tol=1e-6) for vector in result.embeddings)
    assert result.prompt_eval_count is not None and result.prompt_eval_count > 0


def test_embed_without_any_model_is_refused_before_sending(server: OllamaTestServer) -> None:
    with pytest.raises(RequestError):
        EmbeddingAPI(server.url).embed("x")
    assert server.requests == []


def test_embed_default_server_dimensions_shortens_vectors(server: OllamaTestServer) -> None:
    result = EmbeddingAPI(server.url, model="all-minilm").embed(TEXTS, dimensions=8)

    assert wire(server) == {"model": "all-minilm", "input": TEXTS, "dimensions": 8}
    assert [len(vector) for vector in result.embeddings] == [8, 8]


@pytest.mark.parametrize("value", ["", []])
def test_embed_empty_input_is_a_load_request(server: OllamaTestServer, value: Any) -> None:
    result = EmbeddingAPI(server.url, model="all-minilm").embed(value)

    assert wire(server) == {"model": "all-minilm", "input": value}
    assert result.model == "all-minilm"
    assert result.embeddings == []
    assert result.total_duration is None and result.prompt_eval_count is None


def test_embed_none_input_sends_no_input(server: OllamaTestServer) -> None:
    result = EmbeddingAPI(server.url, model="all-minilm").embed(None, keep_alive=-1)

    assert wire(server) == {"model": "all-minilm", "keep_alive": -1}
    assert result.embeddings == []


@pytest.mark.parametrize("value", [["ok", 3], 42, b"bytes", {"text": "x"}])
def test_embed_invalid_input_is_refused_before_sending(server: OllamaTestServer, value: Any) -> None:
    with pytest.raises(RequestError):
        EmbeddingAPI(server.url, model="all-minilm").embed(value)
    assert server.requests == []


@pytest.mark.parametrize("dimensions", ["256", 2.5, True])
def test_embed_non_integer_dimensions_is_refused_before_sending(server: OllamaTestServer, dimensions: Any) -> None:
    """The server cannot decode a non-int ``dimensions`` (a 400); the SDK checks arguments before sending."""
    with pytest.raises(RequestError):
        EmbeddingAPI(server.url, model="all-minilm").embed("x", dimensions=dimensions)
    assert server.requests == []


def test_embed_unknown_model_is_not_found(server: OllamaTestServer) -> None:
    with pytest.raises(NotFoundError) as caught:
        EmbeddingAPI(server.url, model="llama9").embed("x")

    assert caught.value.status_code == 404
    assert caught.value.error == 'model "llama9" not found, try pulling it first'


def test_embed_unknown_reply_fields_are_kept(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/embed", JSONReply({**EMBED_REPLY, "truncated": [False, True]}))

    result = EmbeddingAPI(server.url, model="all-minilm").embed(TEXTS)

    assert result.extra == {"truncated": [False, True]}
    assert result["truncated"] == [False, True]


# ---------------------------------------------------------------------------------------------
# /api/embeddings (legacy)


def test_get_embedding_sends_the_legacy_body_and_parses_embedding(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/embeddings", JSONReply(EMBEDDINGS_REPLY))

    result = EmbeddingAPI(server.url, model="all-minilm").get_embedding("Here is an article about llamas...")

    assert wire(server, "/api/embeddings") == {"model": "all-minilm", "prompt": "Here is an article about llamas..."}
    assert isinstance(result, EmbeddingsResponse)
    assert result.embedding == [0.5670403838157654, 0.009260174818336964, 0.23178744316101074]
    assert result["embedding"][0] == 0.5670403838157654


def test_embeddings_alias_with_options_keep_alive_and_model_override(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/embeddings", JSONReply(EMBEDDINGS_REPLY))
    emb = EmbeddingAPI(server.url, model="all-minilm")

    emb.embeddings(
        "llamas", model="nomic-embed-text", options=Options(num_ctx=2048), keep_alive=timedelta(minutes=1), timeout=5
    )

    assert wire(server, "/api/embeddings") == {
        "model": "nomic-embed-text",
        "prompt": "llamas",
        "options": {"num_ctx": 2048},
        "keep_alive": 60,
    }
    assert EmbeddingAPI.embeddings is EmbeddingAPI.get_embedding


def test_get_embedding_options_dict_and_string_keep_alive(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/embeddings", JSONReply(EMBEDDINGS_REPLY))

    EmbeddingAPI(server.url, model="all-minilm").get_embedding("x", options={"temperature": 0}, keep_alive="1h")

    assert wire(server, "/api/embeddings") == {
        "model": "all-minilm",
        "prompt": "x",
        "options": {"temperature": 0},
        "keep_alive": "1h",
    }


def test_get_embedding_default_server_vector_is_not_normalised(server: OllamaTestServer) -> None:
    result = EmbeddingAPI(server.url, model="all-minilm").get_embedding("Why is the sky blue?")

    assert wire(server, "/api/embeddings") == {"model": "all-minilm", "prompt": "Why is the sky blue?"}
    assert len(result.embedding) == 384
    assert not math.isclose(math.fsum(v * v for v in result.embedding), 1.0, rel_tol=1e-3)


def test_get_embedding_empty_prompt_loads_the_model(server: OllamaTestServer) -> None:
    result = EmbeddingAPI(server.url, model="all-minilm").get_embedding("")

    assert wire(server, "/api/embeddings") == {"model": "all-minilm", "prompt": ""}
    assert result.embedding == []


def test_get_embedding_none_prompt_sends_no_prompt(server: OllamaTestServer) -> None:
    result = EmbeddingAPI(server.url, model="all-minilm").get_embedding(None)

    assert wire(server, "/api/embeddings") == {"model": "all-minilm"}
    assert result.embedding == []


def test_get_embedding_refuses_embed_only_arguments(server: OllamaTestServer) -> None:
    emb = EmbeddingAPI(server.url, model="all-minilm")
    with pytest.raises(TypeError, match="dimensions"):
        emb.get_embedding("x", dimensions=8)  # type: ignore[call-arg]
    with pytest.raises(RequestError):
        emb.get_embedding(["a", "b"])  # type: ignore[arg-type]
    assert server.requests == []
