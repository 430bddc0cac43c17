"""Model names: parsing, defaults, display form and validation before anything is sent."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ollama_python import GenerateAPI, ModelManagementAPI, RequestError, ResponseError
from ollama_python.names import ModelName, normalize, validate
from ollama_python.testing import OllamaTestServer


@pytest.mark.parametrize(
    ("text", "host", "namespace", "model", "tag"),
    [
        ("llama3.2", "registry.ollama.ai", "library", "llama3.2", "latest"),
        ("llama3.2:3b", "registry.ollama.ai", "library", "llama3.2", "3b"),
        ("mattw/pygmalion:latest", "registry.ollama.ai", "mattw", "pygmalion", "latest"),
        ("example.com:5000/team/model:q4", "example.com:5000", "team", "model", "q4"),
        ("example.com:5000/team/model", "example.com:5000", "team", "model", "latest"),
        (
            "hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M",
            "hf.co",
            "bartowski",
            "Llama-3.2-1B-Instruct-GGUF",
            "Q4_K_M",
        ),
        ("registry.ollama.ai/library/llama3.2:latest", "registry.ollama.ai", "library", "llama3.2", "latest"),
        ("  qwen3  ", "registry.ollama.ai", "library", "qwen3", "latest"),
        ("gpt-oss:120b-cloud", "registry.ollama.ai", "library", "gpt-oss", "120b-cloud"),
    ],
)
def test_parse_fills_defaults(text: str, host: str, namespace: str, model: str, tag: str) -> None:
    name = ModelName.parse(text)
    assert (name.host, name.namespace, name.model, name.tag) == (host, namespace, model, tag)


@pytest.mark.parametrize(
    ("text", "display"),
    [
        ("llama3.2", "llama3.2:latest"),
        ("registry.ollama.ai/library/llama3.2", "llama3.2:latest"),
        ("mattw/pygmalion", "mattw/pygmalion:latest"),
        ("example.com/team/model:q4", "example.com/team/model:q4"),
        ("registry.ollama.ai/mattw/pygmalion:v2", "mattw/pygmalion:v2"),
    ],
)
def test_display_form_is_the_shortest(text: str, display: str) -> None:
    assert normalize(text) == display == str(ModelName.parse(text))


def test_full_form_and_scheme_and_source() -> None:
    assert ModelName.parse("llama3.2").full == "registry.ollama.ai/library/llama3.2:latest"
    insecure = ModelName.parse("http://localhost:5000/me/model:v1")
    assert (insecure.scheme, insecure.host, insecure.full) == ("http", "localhost:5000", "localhost:5000/me/model:v1")
    cloud = ModelName.parse("gpt-oss:120b:cloud")
    assert (cloud.model, cloud.tag, cloud.source) == ("gpt-oss", "120b", "cloud")
    assert ModelName.parse("qwen3:local").source == "local"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("mm:", "no tag"),
        ("/nn/mm", "empty host"),
        ("n/m:", "no tag"),
        ("m@sha256:abc", "@digest"),
        ("llamä", "non-ASCII"),
        ("-model", "model '-model'"),
        ("ns.with.dots/model", "namespace 'ns.with.dots'"),
        ("a/b/c/d/e", "host 'a/b/c'"),
        ("model:" + "t" * 81, "at most 80"),
        ("x:cloud:local", "not both"),
        ("ftp://host/ns/model", "unknown scheme"),
        ("   ", "empty"),
    ],
)
def test_impossible_names_are_refused_with_the_reason(text: str, fragment: str) -> None:
    with pytest.raises(RequestError) as raised:
        ModelName.parse(text)
    assert fragment in str(raised.value) and raised.value.argument == "model"


def test_validate_returns_the_stripped_name() -> None:
    assert validate("  llama3.2:3b ") == "llama3.2:3b"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_parse_never_crashes(text: str) -> None:
    try:
        name = ModelName.parse(text)
    except RequestError:
        return
    assert ModelName.parse(name.full) == ModelName.parse(name.display)


def test_calls_send_names_ollama_would_refuse(server: OllamaTestServer) -> None:
    # Was refused before sending: other servers serve such names, so only the server may say no.
    models = ModelManagementAPI(server.url)
    with pytest.raises(ResponseError):
        models.pull("bad name")
    assert server.last_request.json["model"] == "bad name"
    with pytest.raises(ResponseError):
        models.copy("llama3.2", "backup:")
    assert server.last_request.json["destination"] == "backup:"
    with pytest.raises(ResponseError):
        GenerateAPI(server.url, model="m@sha256:00").generate("hi")
    assert server.last_request.json["model"] == "m@sha256:00"


@pytest.mark.parametrize("value", [None, "", "   ", 3, ["llama3.2"]])
def test_calls_refuse_what_is_not_a_name(server: OllamaTestServer, value: Any) -> None:
    with pytest.raises(RequestError) as caught:
        ModelManagementAPI(server.url).pull(value)
    assert caught.value.argument == "model"
    assert server.requests == []


def test_valid_names_are_sent_stripped(server: OllamaTestServer) -> None:
    GenerateAPI(server.url, model="  llama3.2  ").generate("hi")
    assert server.last_request.json["model"] == "llama3.2"
