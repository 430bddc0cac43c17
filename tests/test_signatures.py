"""The API's surface as editors, notebooks, ``inspect``, type checkers and mocks see it.

Every public method lists its parameters (no ``**params``), returns a concrete type, and is a
coroutine function when it is async. Each method that sends to an endpoint names exactly the
request fields declared for it in ``_params`` (and accepted by its payload builder), so a field
added to one face and forgotten on another fails here.
"""

from __future__ import annotations

import asyncio
import inspect
import subprocess
import sys
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

import jedi
import pytest

import ollama_python
from ollama_python import (
    AsyncClient,
    AsyncEmbeddingAPI,
    AsyncGenerateAPI,
    AsyncModelManagementAPI,
    AsyncStream,
    Client,
    EmbeddingAPI,
    GenerateAPI,
    GenerateResponse,
    ModelManagementAPI,
    Stream,
    _default_client,
    _functions,
    _params,
    _payloads,
)
from ollama_python._transport.transport_config import SUPPORTED_OPTIONS, TransportSettings
from ollama_python.testing import JSONReply, OllamaTestServer

REPO_ROOT = Path(__file__).resolve().parents[1]
CLASSES = (
    GenerateAPI,
    AsyncGenerateAPI,
    EmbeddingAPI,
    AsyncEmbeddingAPI,
    ModelManagementAPI,
    AsyncModelManagementAPI,
    Client,
    AsyncClient,
)
ASYNC_CLASSES = (AsyncGenerateAPI, AsyncEmbeddingAPI, AsyncModelManagementAPI, AsyncClient)
FUNCTIONS = [
    getattr(ollama_python, name) for name in ollama_python.__all__ if inspect.isfunction(getattr(ollama_python, name))
]


def public_methods(cls: type) -> list[tuple[str, Callable[..., Any]]]:
    return [(name, member) for name, member in inspect.getmembers(cls, inspect.isfunction) if not name.startswith("_")]


def every_callable() -> list[tuple[str, Callable[..., Any]]]:
    methods = [(f"{cls.__name__}.{name}", member) for cls in CLASSES for name, member in public_methods(cls)]
    return methods + [(f"ollama_python.{function.__name__}", function) for function in FUNCTIONS]


# -- what each method sends: declared once, named everywhere -------------------------------------
def keys(declaration: type) -> set[str]:
    return set(declaration.__optional_keys__) | set(declaration.__required_keys__)  # type: ignore[attr-defined]


# (method, its request-field declaration, parameters that are not request fields, fields it renames)
GENERATE = (_params.GenerateParams, {"prompt", "stream"})
CHAT = (_params.ChatParams, {"messages", "stream"})
EMBED = (_params.EmbedParams, {"input", "as_numpy"})
EMBED_BATCH = (_params.EmbedParams, {"texts", "batch_size", "concurrency", "progress", "as_numpy"})
EMBEDDINGS = (_params.EmbeddingsParams, {"prompt"})
CREATE = (_params.CreateParams, {"name", "stream", "progress"})
TRANSFER = (_params.TransferParams, {"name", "stream", "progress"})
# Client.create takes Modelfile text as modelfile= or path= where the endpoint class has model_file=.
CLIENT_CREATE = (_params.CreateParams, {"stream", "progress", "modelfile", "path"})
FACES: dict[str, tuple[type, set[str]]] = {
    "generate": GENERATE,
    "generate_chat_completion": CHAT,
    "chat": CHAT,
    "embed": EMBED,
    "embed_batch": EMBED_BATCH,
    "get_embedding": EMBEDDINGS,
    "embeddings": EMBEDDINGS,
    "create": CREATE,
    "pull": TRANSFER,
    "push": TRANSFER,
}
BUILDER_KEYS = {
    _params.GenerateParams: _payloads._GENERATE_KEYS,
    _params.ChatParams: _payloads._CHAT_KEYS,
    _params.EmbedParams: _payloads._EMBED_KEYS,
    _params.EmbeddingsParams: _payloads._EMBEDDINGS_KEYS,
    _params.CreateParams: _payloads._CREATE_KEYS,
    _params.TransferParams: _payloads._TRANSFER_KEYS,
}


def faces() -> list[Any]:
    found = []
    for label, function in every_callable():
        name = label.rsplit(".", 1)[1]
        if name not in FACES:
            continue
        declaration, not_fields = FACES[name]
        if (name == "create" and "Client" in label) or label == "ollama_python.create":
            declaration, not_fields = CLIENT_CREATE
        found.append(pytest.param(label, function, declaration, not_fields, id=label))
    return found


@pytest.mark.parametrize(("label", "function", "declaration", "not_fields"), faces())
def test_every_face_names_exactly_its_endpoints_request_fields(
    label: str, function: Callable[..., Any], declaration: type, not_fields: set[str]
) -> None:
    parameters = set(inspect.signature(function).parameters) - {"self"}
    fields = parameters - not_fields
    expected = keys(declaration) - ({"model_file"} if not_fields is CLIENT_CREATE[1] else set())
    assert fields == expected, f"{label}: missing {sorted(expected - fields)}, undeclared {sorted(fields - expected)}"
    assert not any(p.kind is p.VAR_KEYWORD for p in inspect.signature(function).parameters.values()), label


def test_faces_cover_every_sending_method() -> None:
    labels = {face.values[0] for face in faces()}
    for cls in CLASSES:
        for name in FACES:
            if hasattr(cls, name):
                assert f"{cls.__name__}.{name}" in labels
    for name in ("generate", "chat", "embed", "embeddings", "create", "pull", "push"):
        assert f"ollama_python.{name}" in labels


@pytest.mark.parametrize("declaration", list(BUILDER_KEYS), ids=lambda d: d.__name__)
def test_payload_builders_accept_exactly_the_declared_fields(declaration: type) -> None:
    assert BUILDER_KEYS[declaration] == keys(declaration)


def declared_docs() -> dict[str, dict[str, str]]:
    sys.path.insert(0, str(REPO_ROOT / "scripts"))
    try:
        import field_docs
    finally:
        sys.path.remove(str(REPO_ROOT / "scripts"))
    return field_docs.declared_docs((REPO_ROOT / "ollama_python" / "_params.py").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("label", "function", "declaration", "not_fields"), faces())
def test_every_field_is_documented_on_every_face_by_its_declaration(
    label: str, function: Callable[..., Any], declaration: type, not_fields: set[str]
) -> None:
    docs = declared_docs()[declaration.__name__]
    text = " ".join((inspect.getdoc(function) or "").split())
    for name in set(inspect.signature(function).parameters) - not_fields - {"self"}:
        assert docs.get(name), f"{declaration.__name__}.{name} has no docstring in _params.py"
        assert f"{name}: {docs[name]}" in text, f"{label}: the Args entry of {name} is not its declared doc"


def test_a_field_missing_from_a_signature_is_reported() -> None:
    # What the parity test sees when a declared field was not added to a method.
    def generate(self: Any, prompt: str | None = None, *, stream: bool = False, model: str | None = None) -> None: ...

    fields = set(inspect.signature(generate).parameters) - {"self"} - GENERATE[1]
    assert fields != keys(_params.GenerateParams)
    assert "keep_alive" in keys(_params.GenerateParams) - fields


# -- inspect, typing, help -------------------------------------------------------------------------
@pytest.mark.parametrize(("label", "function"), [pytest.param(*pair, id=pair[0]) for pair in every_callable()])
def test_type_hints_resolve_to_concrete_types(label: str, function: Callable[..., Any]) -> None:
    hints = typing.get_type_hints(function)
    assert "return" in hints, label
    assert hints["return"] is not Any, label
    for name, parameter in inspect.signature(function).parameters.items():
        if name != "self" and parameter.kind is not parameter.VAR_KEYWORD:
            assert name in hints, f"{label}: {name} has no annotation"
    assert not any(isinstance(hint, typing.TypeVar) for hint in hints.values()), label
    assert not any(p.kind is p.VAR_KEYWORD for p in inspect.signature(function).parameters.values()), label


OVERLOADED = [
    (GenerateAPI.generate, "stream", GenerateResponse, Stream[GenerateResponse]),
    (AsyncGenerateAPI.generate, "stream", GenerateResponse, AsyncStream[GenerateResponse]),
    (Client.chat, "stream", ollama_python.ChatResponse, Stream[ollama_python.ChatResponse]),
    (AsyncClient.chat, "stream", ollama_python.ChatResponse, AsyncStream[ollama_python.ChatResponse]),
    (ollama_python.pull, "stream", ollama_python.ProgressResponse, Stream[ollama_python.ProgressResponse]),
    (EmbeddingAPI.embed, "as_numpy", ollama_python.EmbedResponse, ollama_python.types.EmbedArrayResponse),
    (AsyncClient.embed_batch, "as_numpy", ollama_python.EmbedResponse, ollama_python.types.EmbedArrayResponse),
]


@pytest.mark.skipif(sys.version_info < (3, 11), reason="typing.get_overloads needs Python 3.11")
@pytest.mark.parametrize(("function", "flag", "when_false", "when_true"), OVERLOADED)
def test_overloads_give_the_exact_type_for_each_flag(
    function: Callable[..., Any], flag: str, when_false: Any, when_true: Any
) -> None:
    returns = {}
    for overload in typing.get_overloads(function):
        hints = typing.get_type_hints(overload)
        returns[hints[flag]] = hints["return"]
    assert returns[typing.Literal[False]] == when_false
    assert returns[typing.Literal[True]] == when_true
    assert returns[bool] == when_false | when_true


@pytest.mark.parametrize(
    ("function", "returns"),
    [
        (GenerateAPI.generate, GenerateResponse | Stream[GenerateResponse]),
        (AsyncGenerateAPI.generate, GenerateResponse | AsyncStream[GenerateResponse]),
        (Client.generate, GenerateResponse | Stream[GenerateResponse]),
        (ollama_python.generate, GenerateResponse | Stream[GenerateResponse]),
        (Client.list, ollama_python.ListResponse),
        (AsyncModelManagementAPI.show, ollama_python.ShowResponse),
    ],
)
def test_return_types_are_the_concrete_responses(function: Callable[..., Any], returns: Any) -> None:
    assert typing.get_type_hints(function)["return"] == returns


def test_help_shows_the_keywords() -> None:
    text = inspect.signature(Client.chat).format() if hasattr(inspect.Signature, "format") else ""
    text = text or str(inspect.signature(Client.chat))
    for keyword in ("model", "messages", "tools", "stream", "think", "format", "options", "keep_alive"):
        assert f"{keyword}:" in text
    assert list(inspect.signature(Client.chat).parameters)[:3] == ["self", "model", "messages"]
    assert list(inspect.signature(Client.generate).parameters)[:4] == ["self", "model", "prompt", "suffix"]


# -- async methods are coroutine functions -------------------------------------------------------
@pytest.mark.parametrize("cls", ASYNC_CLASSES, ids=lambda cls: cls.__name__)
def test_async_methods_are_coroutine_functions(cls: type) -> None:
    for name, method in public_methods(cls):
        sync_twin = getattr(Client if cls is AsyncClient else getattr(ollama_python, cls.__name__[5:]), name, None)
        if sync_twin is not None and name != "abort":
            assert inspect.iscoroutinefunction(method), f"{cls.__name__}.{name}"
    assert inspect.iscoroutinefunction(cls.__aenter__) and inspect.iscoroutinefunction(cls.aclose)


@pytest.mark.parametrize("cls", [AsyncClient, AsyncGenerateAPI], ids=lambda cls: cls.__name__)
def test_autospec_mocks_of_async_classes_are_awaitable(cls: type) -> None:
    instance = mock.create_autospec(cls, instance=True)
    for name in ("chat", "generate"):
        getattr(instance, name).return_value = "reply"
        call = getattr(instance, name)("llama3.2")
        assert inspect.isawaitable(call), name
        assert asyncio.run(call) == "reply"  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        instance.chat("llama3.2", temprature=0.1)  # misspelt: the mock checks the real signature


# -- jedi (Jupyter / IPython completion) ---------------------------------------------------------
@pytest.mark.parametrize(
    "code",
    [
        "from ollama_python import GenerateAPI\nGenerateAPI().generate(",
        "from ollama_python import GenerateAPI\nGenerateAPI().chat(",
        "from ollama_python import Client\nClient().chat(",
        "from ollama_python import AsyncClient\nAsyncClient().chat(",
        "import ollama_python\nollama_python.chat(",
    ],
    ids=["GenerateAPI.generate", "GenerateAPI.chat", "Client.chat", "AsyncClient.chat", "ollama_python.chat"],
)
def test_jedi_completes_the_keywords(code: str) -> None:
    names = {completion.name for completion in jedi.Script(code).complete()}
    assert {"keep_alive=", "think=", "options=", "format="} <= names


# -- the generated sync code ---------------------------------------------------------------------
def test_generated_sync_code_is_up_to_date() -> None:
    done = subprocess.run(
        [sys.executable, str(REPO_ROOT / "scripts" / "unasync.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


def test_generator_check_fails_on_a_stale_file(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO_ROOT / "scripts"))
    try:
        import unasync
    finally:
        sys.path.remove(str(REPO_ROOT / "scripts"))
    origin = REPO_ROOT / "ollama_python" / "endpoints" / "async_generate.py"
    generated = unasync.unasync(origin.read_text(encoding="utf-8"), origin)
    assert "async def" not in generated and "await " not in generated
    assert "class GenerateAPI(ModelBoundEndpoint, SyncEndpoint):" in generated
    assert generated == (REPO_ROOT / "ollama_python" / "endpoints" / "generate.py").read_text(encoding="utf-8")


# -- extra_body, extra_headers, think levels, image fields, on the wire -------------------------
GENERATED = {"model": "m", "response": "hi", "done": True}  # minimal on purpose: what a bare mock sends


def only_request(server: OllamaTestServer) -> Any:
    assert len(server.requests) == 1
    request = server.last_request
    assert request is not None and (request.method, request.path) == ("POST", "/api/generate")
    return request


def call_every_face(server: OllamaTestServer, **arguments: Any) -> None:
    """The same generate call through the endpoint class, both clients and the module function."""
    GenerateAPI(server.url).generate("p", model="m", **arguments)
    Client(server.url).generate("m", "p", **arguments)

    async def run() -> None:
        async with AsyncClient(server.url) as client:
            await client.generate("m", "p", **arguments)
        async with AsyncGenerateAPI(server.url) as api:
            await api.generate("p", model="m", **arguments)

    asyncio.run(run())
    with mock.patch.object(_default_client, "_client", Client(server.url)):
        ollama_python.generate("m", "p", **arguments)


def test_extra_body_fills_in_and_named_arguments_win(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/generate", JSONReply(GENERATED), times=None)
    call_every_face(
        server,
        options={"temperature": 0},
        extra_body={"options": {"seed": 1}, "stream": True, "model": "other", "new_field": [1, 2]},
    )
    assert len(server.requests) == 5
    for request in server.requests:
        assert request.json == {
            "model": "m",
            "prompt": "p",
            "stream": False,
            "options": {"temperature": 0},
            "new_field": [1, 2],
        }


def test_extra_body_key_left_at_none_is_sent_from_extra_body(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/generate", JSONReply(GENERATED))
    GenerateAPI(server.url, model="m").generate("p", think=None, extra_body={"think": "deep"})
    assert only_request(server).json["think"] == "deep"


def test_extra_headers_are_sent_with_that_request_only(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/generate", JSONReply(GENERATED), times=None)
    call_every_face(server, extra_headers={"X-Request-Id": "42", "User-Agent": "mine/1"})
    for request in server.requests:
        assert request.headers["X-Request-Id"] == "42"
        assert request.headers["User-Agent"] == "mine/1"
    GenerateAPI(server.url, model="m").generate("p")
    assert "X-Request-Id" not in server.requests[-1].headers


@pytest.mark.parametrize(
    "call",
    [
        lambda url: ModelManagementAPI(url).show("m", extra_body={"x": 1}, extra_headers={"X-A": "b"}),
        lambda url: Client(url).show("m", extra_body={"x": 1}, extra_headers={"X-A": "b"}),
        lambda url: EmbeddingAPI(url).embed("t", model="m", extra_body={"x": 1}, extra_headers={"X-A": "b"}),
        lambda url: Client(url).pull("m", extra_body={"x": 1}, extra_headers={"X-A": "b"}),
    ],
    ids=["ModelManagementAPI.show", "Client.show", "EmbeddingAPI.embed", "Client.pull"],
)
def test_extras_on_other_endpoints(server: OllamaTestServer, call: Callable[[str], Any]) -> None:
    server.enqueue("POST", "/api/show", JSONReply({}))
    server.enqueue("POST", "/api/embed", JSONReply({"model": "m", "embeddings": [[1.0]]}))
    server.enqueue("POST", "/api/pull", JSONReply({"status": "success"}))
    call(server.url)
    request = server.last_request
    assert request is not None
    assert request.json["x"] == 1 and request.json["model"] == "m"
    assert request.headers["X-A"] == "b"


def test_extra_headers_on_a_get(server: OllamaTestServer) -> None:
    server.enqueue("GET", "/api/version", JSONReply({"version": "0.20.0"}))
    assert Client(server.url).version(extra_headers={"X-A": "b"}).version == "0.20.0"
    assert server.last_request is not None and server.last_request.headers["X-A"] == "b"


@pytest.mark.parametrize(
    ("argument", "value"),
    [("extra_body", ["not", "a", "dict"]), ("extra_headers", {"X-A": 1}), ("extra_headers", "X-A: b")],
)
def test_extras_of_the_wrong_type_are_refused_before_sending(
    server: OllamaTestServer, argument: str, value: Any
) -> None:
    with pytest.raises(ollama_python.RequestError, match=argument):
        GenerateAPI(server.url, model="m").generate("p", **{argument: value})
    assert server.requests == []


def test_misspelt_keyword_is_pythons_type_error_everywhere(server: OllamaTestServer) -> None:
    for call in (
        lambda: GenerateAPI(server.url, model="m").generate("p", keepalive=1),
        lambda: Client(server.url).generate("m", "p", keepalive=1),
        lambda: ollama_python.generate("m", "p", keepalive=1),
        lambda: asyncio.run(AsyncClient(server.url).generate("m", "p", keepalive=1)),
    ):
        with pytest.raises(TypeError, match="unexpected keyword argument 'keepalive'"):
            call()
    assert server.requests == []


@pytest.mark.parametrize("think", [True, False, "high", "xhigh"])
def test_think_levels_go_to_the_server_as_given(server: OllamaTestServer, think: Any) -> None:
    server.enqueue("POST", "/api/generate", JSONReply(GENERATED), times=None)
    call_every_face(server, think=think)
    assert [request.json["think"] for request in server.requests] == [think] * 5


def test_image_generation_fields_are_sent_as_given(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/generate", JSONReply(GENERATED), times=None)
    call_every_face(server, width=1024, height=768, steps=20)
    for request in server.requests:
        assert (request.json["width"], request.json["height"], request.json["steps"]) == (1024, 768, 20)


def test_image_generation_fields_must_be_integers(server: OllamaTestServer) -> None:
    with pytest.raises(ollama_python.RequestError, match="width"):
        GenerateAPI(server.url, model="m").generate("p", width="1024")  # type: ignore[arg-type]
    assert server.requests == []


# -- embed(as_numpy=True): runtime, types and docs agree -----------------------------------------
def test_embed_as_numpy_returns_what_its_type_says(server: OllamaTestServer) -> None:
    np = pytest.importorskip("numpy", reason="the numpy extra is not installed")
    server.enqueue("POST", "/api/embed", JSONReply({"model": "m", "embeddings": [[0.6, 0.8], [1.0, 0.0]]}))
    result = EmbeddingAPI(server.url, model="m").embed(["a", "b"], as_numpy=True)
    assert isinstance(result, ollama_python.types.EmbedArrayResponse)
    assert isinstance(result.embeddings, np.ndarray) and result.embeddings.dtype == np.float32
    assert result.embeddings.shape == (2, 2)
    hints = typing.get_type_hints(EmbeddingAPI.embed)
    assert hints["return"] == ollama_python.EmbedResponse | ollama_python.types.EmbedArrayResponse
    assert "EmbedArrayResponse" in (EmbeddingAPI.embed.__doc__ or "")


def test_module_functions_are_the_clients_methods() -> None:
    for name in ("chat", "generate", "embed", "embeddings", "pull", "push", "create", "show", "list", "web_search"):
        function = getattr(_functions, name)
        method = getattr(Client, name)
        assert list(inspect.signature(function).parameters) == list(inspect.signature(method).parameters)[1:]
        assert inspect.getdoc(function) == inspect.getdoc(method)


# -- constructors: every transport option listed, typed and documented ---------------------------
CONSTRUCTED = CLASSES
OPTIONS = keys(_params.TransportOptions)


@pytest.mark.parametrize("cls", CONSTRUCTED, ids=lambda cls: cls.__name__)
def test_constructor_type_hints_resolve(cls: type) -> None:
    hints = typing.get_type_hints(cls.__init__)  # type: ignore[misc]
    for name in inspect.signature(cls).parameters:
        assert name in hints, f"{cls.__name__}: {name} has no annotation"
    assert hints["unsupported"] is typing.NoReturn


@pytest.mark.parametrize("cls", CONSTRUCTED, ids=lambda cls: cls.__name__)
def test_constructor_lists_every_transport_option(cls: type) -> None:
    """Parity with ``TransportOptions``: an option added there and missed on a constructor fails here."""
    parameters = inspect.signature(cls).parameters
    reference = inspect.signature(GenerateAPI).parameters
    assert set(parameters) >= OPTIONS, f"{cls.__name__}: missing {sorted(OPTIONS - set(parameters))}"
    for name in OPTIONS:
        assert parameters[name].kind is inspect.Parameter.KEYWORD_ONLY, name
        assert (parameters[name].annotation, parameters[name].default) == (
            reference[name].annotation,
            reference[name].default,
        ), f"{cls.__name__}.{name} differs from GenerateAPI's"
    settings = inspect.signature(TransportSettings).parameters
    for name in OPTIONS:
        assert parameters[name].default == settings[name].default, f"{cls.__name__}.{name}: not the transport's default"
    doc = " ".join((inspect.getdoc(cls.__init__) or "").split())  # type: ignore[misc]
    for name in [*OPTIONS, "unsupported"]:
        assert f"{name}: " in doc, f"{cls.__name__}: {name} is not documented"
    assert [p.name for p in parameters.values() if p.kind is p.VAR_KEYWORD] == ["unsupported"]


def test_transport_settings_take_exactly_the_declared_options() -> None:
    settings = set(inspect.signature(TransportSettings).parameters) - {"base_url", "unknown"}
    assert settings == OPTIONS
    assert set(SUPPORTED_OPTIONS) == OPTIONS


@pytest.mark.parametrize(
    "code",
    [
        "from ollama_python import Client\nClient(",
        "from ollama_python import GenerateAPI\nGenerateAPI(",
        "from ollama_python import AsyncClient\nAsyncClient(",
        "from ollama_python import ModelManagementAPI\nModelManagementAPI(",
    ],
    ids=["Client", "GenerateAPI", "AsyncClient", "ModelManagementAPI"],
)
def test_jedi_completes_the_constructor_options(code: str) -> None:
    names = {completion.name for completion in jedi.Script(code).complete()}
    assert {"timeout=", "headers=", "verify=", "max_retries=", "proxy="} <= names


def test_the_constructor_options_show_in_jedis_signature() -> None:
    (signature,) = jedi.Script("from ollama_python import Client\nClient(").get_signatures(2, 7)
    assert {"host", "web_host", "timeout", "headers", "verify", "session"} <= {p.name for p in signature.params}
