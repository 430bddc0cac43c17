"""Every RequestError the request builders raise, through the public endpoint classes.

Each refused call is made against a real loopback server, so the tests can check that nothing at
all was sent. The accepted spellings that the builders convert are checked on the wire.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from ollama_python import (
    BadRequestError,
    EmbeddingAPI,
    GenerateAPI,
    Message,
    ModelManagementAPI,
    OllamaError,
    Options,
    RequestError,
    ResponseError,
    Timeout,
    ToolCall,
)
from ollama_python.testing import JSONReply, OllamaTestServer
from ollama_python.types import ToolCallFunction

HEX = "0a8c266910232fd3291e71e5ba1e058cc5af9d411192cf88b6d30e92b6e73163"
DIGEST = f"sha256:{HEX}"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(32))
USER = [{"role": "user", "content": "hi"}]


def refused(server: OllamaTestServer, call: Callable[[], Any], argument: str) -> RequestError:
    """Run ``call``: it must raise RequestError naming ``argument`` before anything is sent."""
    with pytest.raises(RequestError) as caught:
        call()
    error = caught.value
    assert isinstance(error, ValueError)
    assert isinstance(error, OllamaError)
    assert error.argument == argument, str(error)
    assert server.requests == []
    return error


@pytest.fixture
def gen(server: OllamaTestServer) -> GenerateAPI:
    return GenerateAPI(server.url, model="llama3.2", max_retries=0)


@pytest.fixture
def unbound(server: OllamaTestServer) -> GenerateAPI:
    return GenerateAPI(server.url, max_retries=0)


@pytest.fixture
def emb(server: OllamaTestServer) -> EmbeddingAPI:
    return EmbeddingAPI(server.url, model="all-minilm", max_retries=0)


@pytest.fixture
def models(server: OllamaTestServer) -> ModelManagementAPI:
    return ModelManagementAPI(server.url, max_retries=0)


# -- model -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("api", "method", "args"),
    [
        (GenerateAPI, "generate", ("hi",)),
        (GenerateAPI, "chat", (USER,)),
        (GenerateAPI, "generate_chat_completion", (USER,)),
        (EmbeddingAPI, "embed", ("hi",)),
        (EmbeddingAPI, "get_embedding", ("hi",)),
    ],
)
def test_missing_model_tells_how_to_bind_one(
    server: OllamaTestServer, api: type[GenerateAPI] | type[EmbeddingAPI], method: str, args: tuple[Any, ...]
) -> None:
    client = api(server.url)
    error = refused(server, lambda: getattr(client, method)(*args), "model")
    message = str(error)
    assert "model=" in message
    assert "bind" in message and "default model" in message


@pytest.mark.parametrize("model", ["", "   ", "\t\n", 5, ["llama3.2"]])
def test_empty_whitespace_or_non_string_model(server: OllamaTestServer, unbound: GenerateAPI, model: Any) -> None:
    refused(server, lambda: unbound.generate("hi", model=model), "model")


@pytest.mark.parametrize("model", ["   ", 5])
def test_bad_model_not_replaced_by_the_bound_one(server: OllamaTestServer, gen: GenerateAPI, model: Any) -> None:
    refused(server, lambda: gen.chat(USER, model=model), "model")


def test_explicit_empty_model_not_replaced_by_the_bound_one(server: OllamaTestServer, gen: GenerateAPI) -> None:
    # "" is a value the caller gave (unlike None); silently using the bound model hides the mistake.
    refused(server, lambda: gen.generate("hi", model=""), "model")


@pytest.mark.parametrize(
    "call",
    [
        lambda m: m.pull(""),
        lambda m: m.pull("   "),
        lambda m: m.push(None),
        lambda m: m.show(),
        lambda m: m.delete(model=""),
        lambda m: m.create(None, from_="llama3.2"),
    ],
    ids=["pull-empty", "pull-blank", "push-none", "show-none", "delete-empty", "create-none"],
)
def test_management_calls_need_a_model(
    server: OllamaTestServer, models: ModelManagementAPI, call: Callable[[ModelManagementAPI], Any]
) -> None:
    error = refused(server, lambda: call(models), "model")
    assert "model" in str(error)


@pytest.mark.parametrize(
    ("source", "destination", "argument"),
    [("", "backup", "source"), ("llama3.2", "  ", "destination"), (5, "backup", "source")],
)
def test_copy_needs_both_names(
    server: OllamaTestServer, models: ModelManagementAPI, source: Any, destination: Any, argument: str
) -> None:
    refused(server, lambda: models.copy(source, destination), argument)


@pytest.mark.parametrize(
    ("method", "kwargs"),
    [
        ("pull", {}),
        ("push", {}),
        ("show", {}),
        ("delete", {}),
        ("create", {"from_": "llama3.2"}),
    ],
)
def test_name_and_model_both_given_differently(
    server: OllamaTestServer, models: ModelManagementAPI, method: str, kwargs: dict[str, Any]
) -> None:
    error = refused(server, lambda: getattr(models, method)("a", model="b", **kwargs), "model")
    assert "'a'" in str(error) and "'b'" in str(error)


@pytest.mark.parametrize(("method", "path"), [("pull", "/api/pull"), ("show", "/api/show"), ("delete", "/api/delete")])
def test_name_and_model_both_given_equal_is_fine(
    server: OllamaTestServer, models: ModelManagementAPI, method: str, path: str
) -> None:
    getattr(models, method)("llama3.2", model="llama3.2")
    (request,) = server.requests
    assert request.path == path
    assert request.json["model"] == "llama3.2"
    assert "name" not in request.json


# -- prompt and messages -------------------------------------------------------------------------
@pytest.mark.parametrize("prompt", [5, b"bytes", ["hi"], {"text": "hi"}])
def test_non_string_prompt(server: OllamaTestServer, gen: GenerateAPI, prompt: Any) -> None:
    error = refused(server, lambda: gen.generate(prompt), "prompt")
    assert type(prompt).__name__ in str(error)


def test_non_string_prompt_for_legacy_embeddings(server: OllamaTestServer, emb: EmbeddingAPI) -> None:
    refused(server, lambda: emb.get_embedding(5), "prompt")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "messages",
    ["hi", b"hi", {"role": "user", "content": "hi"}, Message(role="user", content="hi"), 5],
    ids=["str", "bytes", "dict", "Message", "int"],
)
def test_messages_not_a_list(server: OllamaTestServer, gen: GenerateAPI, messages: Any) -> None:
    error = refused(server, lambda: gen.chat(messages), "messages")
    assert "list of messages" in str(error)


@pytest.mark.parametrize(
    ("messages", "argument", "fragment"),
    [
        ([{"content": "hi"}], "messages[0]", "role"),
        ([{"role": "", "content": "hi"}], "messages[0]", "role"),
        ([{"role": None, "content": "hi"}], "messages[0]", "role"),
        ([{"role": 5, "content": "hi"}], "messages[0]", "role"),
        ([Message(content="hi")], "messages[0]", "role"),
        (
            [*USER, {"role": "user", "content": [{"type": "text", "text": "hi"}]}],
            "messages[1]",
            "content must be a string",
        ),
        ([{"role": "user", "content": 5}], "messages[0]", "content must be a string"),
        ([*USER, 5], "messages[1]", "must be a dict or Message"),
        (["hi"], "messages[0]", "must be a dict or Message"),
        ([("user", "hi")], "messages[0]", "must be a dict or Message"),
    ],
)
def test_bad_message_items(
    server: OllamaTestServer, gen: GenerateAPI, messages: list[Any], argument: str, fragment: str
) -> None:
    error = refused(server, lambda: gen.chat(messages), argument)
    assert fragment in str(error)


def test_bad_messages_in_create(server: OllamaTestServer, models: ModelManagementAPI) -> None:
    refused(server, lambda: models.create("new", from_="llama3.2", messages=[{"content": "x"}]), "messages[0]")


# -- images ---------------------------------------------------------------------------------------
def test_image_missing_file(server: OllamaTestServer, gen: GenerateAPI, tmp_path: Path) -> None:
    missing = tmp_path / "nope.png"
    error = refused(server, lambda: gen.generate("what is this?", images=[str(missing)]), "images[0]")
    assert "nope.png" in str(error)
    refused(server, lambda: gen.generate("what is this?", images=[missing]), "images[0]")


def test_image_str_neither_file_nor_base64(server: OllamaTestServer, gen: GenerateAPI) -> None:
    error = refused(server, lambda: gen.generate("x", images=[PNG, "hello"]), "images[1]")
    assert "base64" in str(error)


@pytest.mark.parametrize("image", [5, 1.5, None, ["nested"], {"data": "x"}])
def test_image_wrong_type(server: OllamaTestServer, gen: GenerateAPI, image: Any) -> None:
    refused(server, lambda: gen.generate("x", images=[image]), "images[0]")


@pytest.mark.parametrize("images", [PNG, "iVBORw0KGgo=", Path("x.png"), 5])
def test_images_must_be_a_list(server: OllamaTestServer, gen: GenerateAPI, images: Any) -> None:
    refused(server, lambda: gen.generate("x", images=images), "images")


def test_image_errors_inside_messages_name_the_message(server: OllamaTestServer, gen: GenerateAPI) -> None:
    messages = [*USER, {"role": "user", "content": "and this?", "images": [PNG, "/no/such/file.jpg"]}]
    error = refused(server, lambda: gen.chat(messages), "messages[1].images[1]")
    assert "/no/such/file.jpg" in str(error)


@pytest.mark.parametrize("value", ["xml", "JSON"])
def test_unknown_format_names_are_the_servers_to_refuse(server: OllamaTestServer, gen: GenerateAPI, value: str) -> None:
    # Were refused before sending; a server may know format names we do not.
    with pytest.raises(ResponseError) as caught:
        gen.generate("x", format=value)
    assert server.last_request.json["format"] == value
    assert "format" in caught.value.error


# -- format, think, keep_alive, top_logprobs, options --------------------------------------------
@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ('{"type": "object"}', "json.loads"),
        ('  {"type":"object","properties":{}}', "json.loads"),
        (5, "5"),
        (["json"], "['json']"),
    ],
)
def test_bad_format(server: OllamaTestServer, gen: GenerateAPI, value: Any, fragment: str) -> None:
    error = refused(server, lambda: gen.generate("x", format=value), "format")
    assert fragment in str(error)
    refused(server, lambda: gen.chat(USER, format=value), "format")


@pytest.mark.parametrize("value", [1, 0, ["low"], 0.5])
def test_bad_think(server: OllamaTestServer, gen: GenerateAPI, value: Any) -> None:
    # Only what is neither a flag nor a level is refused; unknown string levels go to the server.
    error = refused(server, lambda: gen.generate("x", think=value), "think")
    assert "low, medium, high, max" in str(error)


@pytest.mark.parametrize("value", [True, [5], {"s": 1}])
def test_bad_keep_alive(server: OllamaTestServer, gen: GenerateAPI, emb: EmbeddingAPI, value: Any) -> None:
    error = refused(server, lambda: gen.generate("x", keep_alive=value), "keep_alive")
    assert "10m" in str(error)
    refused(server, lambda: emb.embed("x", keep_alive=value), "keep_alive")


@pytest.mark.parametrize(
    ("value", "wire"),
    [
        ("300", 300),
        ("-1", -1),
        ("0", "0"),
        ("0.5", 0.5),
        ("10m", "10m"),
        ("1h30m", "1h30m"),
        ("300ms", "300ms"),
        ("-1m", "-1m"),
        (" 10m ", "10m"),
        (timedelta(minutes=5), 300),
        (timedelta(seconds=1.5), 1.5),
        (3600, 3600),
        (0.5, 0.5),
        (-1, -1),
    ],
)
def test_keep_alive_sent_as(server: OllamaTestServer, gen: GenerateAPI, value: Any, wire: Any) -> None:
    gen.generate("x", keep_alive=value)
    sent = server.last_request.json["keep_alive"]
    assert sent == wire
    assert isinstance(sent, str) == isinstance(wire, str)


def test_unitless_keep_alive_text_sent_as_a_json_number(server: OllamaTestServer, gen: GenerateAPI) -> None:
    gen.generate("x", keep_alive="300")
    assert b'"keep_alive":300' in server.last_request.body.replace(b" ", b"")


@pytest.mark.parametrize("value", ["5 minutes", "forever", "1d", ""])
def test_unusual_keep_alive_text_is_left_to_the_server(server: OllamaTestServer, gen: GenerateAPI, value: str) -> None:
    # Was refused before sending; which durations a server understands is the server's business.
    with pytest.raises(BadRequestError) as caught:
        gen.generate("x", keep_alive=value)
    assert server.last_request.json["keep_alive"] == value.strip()
    assert caught.value.status_code == 400


@pytest.mark.parametrize("value", [True, False, 1.5, "3"])
def test_bad_top_logprobs(server: OllamaTestServer, gen: GenerateAPI, value: Any) -> None:
    error = refused(server, lambda: gen.chat(USER, logprobs=True, top_logprobs=value), "top_logprobs")
    assert "integer" in str(error)


@pytest.mark.parametrize("value", [21, -1, 100])
def test_top_logprobs_bound_is_the_servers(server: OllamaTestServer, gen: GenerateAPI, value: int) -> None:
    # Was refused before sending; the server's own bound and its message reach the caller.
    with pytest.raises(BadRequestError) as caught:
        gen.chat(USER, logprobs=True, top_logprobs=value)
    assert server.last_request.json["top_logprobs"] == value
    assert "top_logprobs" in caught.value.error


@pytest.mark.parametrize("value", [0, 20])
def test_top_logprobs_bounds_accepted(server: OllamaTestServer, gen: GenerateAPI, value: int) -> None:
    gen.generate("x", logprobs=True, top_logprobs=value)
    assert server.last_request.json["top_logprobs"] == value


@pytest.mark.parametrize("value", [[("temperature", 0)], "temperature=0", 5, True])
def test_options_not_a_dict(server: OllamaTestServer, gen: GenerateAPI, emb: EmbeddingAPI, value: Any) -> None:
    error = refused(server, lambda: gen.generate("x", options=value), "options")
    assert "dict or Options" in str(error)
    refused(server, lambda: emb.embed("x", options=value), "options")


def test_show_options_not_a_dict(server: OllamaTestServer, models: ModelManagementAPI) -> None:
    refused(server, lambda: models.show("llama3.2", options=["num_ctx"]), "options")


def test_create_parameters_not_a_dict(server: OllamaTestServer, models: ModelManagementAPI) -> None:
    refused(server, lambda: models.create("new", from_="llama3.2", parameters="temperature 0"), "parameters")


def test_options_converted_on_the_wire(server: OllamaTestServer, gen: GenerateAPI) -> None:
    gen.generate("x", options={"temperature": 0, "stop": "\n\n", "seed": None, "future": 1})
    assert server.last_request.json["options"] == {"temperature": 0, "stop": ["\n\n"], "future": 1}
    gen.generate("x", options=Options(num_ctx=4096, stop=["END"]))
    assert server.last_request.json["options"] == {"num_ctx": 4096, "stop": ["END"]}


# -- other argument types ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"stream": "yes"}, "stream"),
        ({"stream": 1}, "stream"),
        ({"raw": "true"}, "raw"),
        ({"suffix": 5}, "suffix"),
        ({"system": ["be nice"]}, "system"),
        ({"template": b"{{ .Prompt }}"}, "template"),
        ({"truncate": 0}, "truncate"),
        ({"shift": "no"}, "shift"),
        ({"logprobs": 1}, "logprobs"),
        ({"context": "1,2,3"}, "context"),
        ({"context": 5}, "context"),
    ],
)
def test_generate_argument_types(
    server: OllamaTestServer, gen: GenerateAPI, kwargs: dict[str, Any], argument: str
) -> None:
    refused(server, lambda: gen.generate("x", **kwargs), argument)


@pytest.mark.parametrize(
    ("tools", "argument"),
    [({"type": "function"}, "tools"), ("get_weather", "tools"), ([{"type": "function"}, 5], "tools")],
)
def test_bad_tools(server: OllamaTestServer, gen: GenerateAPI, tools: Any, argument: str) -> None:
    refused(server, lambda: gen.chat(USER, tools=tools), argument)


def test_show_verbose_must_be_bool(server: OllamaTestServer, models: ModelManagementAPI) -> None:
    refused(server, lambda: models.show("llama3.2", verbose="yes"), "verbose")  # type: ignore[arg-type]


def test_pull_insecure_must_be_bool(server: OllamaTestServer, models: ModelManagementAPI) -> None:
    refused(server, lambda: models.pull("llama3.2", insecure="yes"), "insecure")


# -- misspelt keywords ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("method", "args", "keyword"),
    [
        ("generate", ("x",), "temprature"),
        ("generate", ("x",), "temperature"),
        ("generate", ("x",), "num_ctx"),
        ("generate", ("x",), "seed"),
        ("chat", (USER,), "temprature"),
        ("chat", (USER,), "temperature"),
        ("chat", (USER,), "top_k"),
    ],
)
def test_model_option_given_as_keyword_is_pythons_type_error(
    server: OllamaTestServer, gen: GenerateAPI, method: str, args: tuple[Any, ...], keyword: str
) -> None:
    with pytest.raises(TypeError, match=f"unexpected keyword argument {keyword!r}"):
        getattr(gen, method)(*args, **{keyword: 0.5})
    assert server.requests == []


def test_model_option_given_to_embed_is_pythons_type_error(server: OllamaTestServer, emb: EmbeddingAPI) -> None:
    with pytest.raises(TypeError, match="unexpected keyword argument 'num_ctx'"):
        emb.embed("x", num_ctx=512)  # type: ignore[call-arg]
    assert server.requests == []


@pytest.mark.parametrize(
    ("call", "keyword", "suggestion"),
    [
        (lambda g, e, m: g.generate("x", sytem="be brief"), "sytem", "system"),
        (lambda g, e, m: g.generate("x", imgaes=[PNG]), "imgaes", "images"),
        (lambda g, e, m: g.generate("x", keepalive="5m"), "keepalive", "keep_alive"),
        (lambda g, e, m: g.chat(USER, tols=[]), "tols", "tools"),
        (lambda g, e, m: g.chat(USER, formt="json"), "formt", "format"),
        (lambda g, e, m: e.embed("x", dimension=3), "dimension", "dimensions"),
        (lambda g, e, m: m.pull("llama3.2", insecur=True), "insecur", "insecure"),
        (lambda g, e, m: m.create("new", from_="llama3.2", sytem="x"), "sytem", "system"),
        (lambda g, e, m: m.create("new", fro="llama3.2"), "fro", None),  # too far for Python to suggest
    ],
    ids=["sytem", "imgaes", "keepalive", "tols", "formt", "dimension", "insecur", "create-sytem", "fro"],
)
def test_misspelt_keyword_suggests_the_right_one(
    server: OllamaTestServer,
    gen: GenerateAPI,
    emb: EmbeddingAPI,
    models: ModelManagementAPI,
    call: Callable[..., Any],
    keyword: str,
    suggestion: str | None,
) -> None:
    with pytest.raises(TypeError, match=f"unexpected keyword argument {keyword!r}") as caught:
        call(gen, emb, models)
    assert server.requests == []
    if suggestion is not None and sys.version_info >= (3, 13):  # Python itself suggests since 3.13
        assert f"Did you mean {suggestion!r}" in str(caught.value)


# -- blobs ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "digest",
    [
        "abc",
        "",
        HEX,
        f"sha256:{HEX[:-1]}",
        f"sha256:{HEX}0",
        f"sha256:{'g' * 64}",
        f"sha512:{HEX}",
        f"md5:{HEX[:32]}",
        f"sha256{HEX}",
        f"sha256:{HEX[:32]} {HEX[32:]}",
        5,
        None,
    ],
)
def test_invalid_blob_digest(server: OllamaTestServer, models: ModelManagementAPI, digest: Any) -> None:
    error = refused(server, lambda: models.check_blob_exists(digest), "digest")
    assert "sha256:" in str(error)


def test_invalid_digest_in_create_files(server: OllamaTestServer, models: ModelManagementAPI) -> None:
    refused(server, lambda: models.create("new", files={"model.gguf": "abc"}), "digest")
    refused(server, lambda: models.create("new", files=["model.gguf"]), "files")


@pytest.mark.parametrize(
    "digest",
    [DIGEST, DIGEST.upper(), f"sha256-{HEX}", f"SHA256-{HEX.upper()}", f"  {DIGEST}\n"],
)
def test_blob_digest_normalised_on_the_wire(server: OllamaTestServer, models: ModelManagementAPI, digest: str) -> None:
    assert models.check_blob_exists(digest) is False
    (request,) = server.requests
    assert (request.method, request.path) == ("HEAD", f"/api/blobs/{DIGEST}")


def test_digests_in_create_normalised_on_the_wire(server: OllamaTestServer, models: ModelManagementAPI) -> None:
    server.enqueue("POST", "/api/create", JSONReply({"status": "success"}))
    result = models.create("new", files={"model.gguf": f"SHA256-{HEX.upper()}"}, adapters={"a.gguf": f"sha256-{HEX}"})
    assert result.status == "success"
    body = server.last_request.json
    assert body["files"] == {"model.gguf": DIGEST}
    assert body["adapters"] == {"a.gguf": DIGEST}


def test_create_sends_from_on_the_wire(server: OllamaTestServer, models: ModelManagementAPI) -> None:
    models.create("mario", from_="llama3.2", system="You are Mario.")
    assert server.last_request.json == {
        "model": "mario",
        "from": "llama3.2",
        "system": "You are Mario.",
        "stream": False,
    }


def test_create_blob_missing_path(server: OllamaTestServer, models: ModelManagementAPI, tmp_path: Path) -> None:
    missing = tmp_path / "model.gguf"
    error = refused(server, lambda: models.create_blob(missing), "path")
    assert "model.gguf" in str(error)
    refused(server, lambda: models.create_blob(str(missing)), "path")


def test_create_blob_directory(server: OllamaTestServer, models: ModelManagementAPI, tmp_path: Path) -> None:
    error = refused(server, lambda: models.create_blob(tmp_path), "path")
    assert str(tmp_path) in str(error)


@pytest.mark.parametrize("path", [5, None, b"/tmp/x"])
def test_create_blob_path_type(server: OllamaTestServer, models: ModelManagementAPI, path: Any) -> None:
    refused(server, lambda: models.create_blob(path), "path")


# -- timeout and max_retries ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "timeout", [-1, 0, -0.5, "5", "30s", True, (1, -1), (0, 5), (1, 2, 3), [1, 2], float("nan"), (True, 5)]
)
def test_bad_client_timeout(server: OllamaTestServer, timeout: Any) -> None:
    refused(server, lambda: GenerateAPI(server.url, model="llama3.2", timeout=timeout), "timeout")
    refused(server, lambda: ModelManagementAPI(server.url, timeout=timeout), "timeout")


@pytest.mark.parametrize("timeout", [-1, "5", (5, -1)])
def test_bad_call_timeout(server: OllamaTestServer, gen: GenerateAPI, models: ModelManagementAPI, timeout: Any) -> None:
    refused(server, lambda: gen.generate("x", timeout=timeout), "timeout")
    refused(server, lambda: gen.chat(USER, timeout=timeout), "timeout")
    refused(server, lambda: models.list_local_models(timeout=timeout), "timeout")
    refused(server, lambda: models.version(timeout=timeout), "timeout")


@pytest.mark.parametrize("timeout", [5, 2.5, (3, None), Timeout(connect=1, read=None)])
def test_good_timeouts_accepted(server: OllamaTestServer, timeout: Any) -> None:
    gen = GenerateAPI(server.url, model="llama3.2", timeout=timeout)
    assert gen.generate("x", timeout=timeout).done is True
    assert len(server.requests) == 1


@pytest.mark.parametrize("timeout", [float("inf"), (float("inf"), float("inf"))])
def test_infinite_timeout_is_no_limit_or_refused(server: OllamaTestServer, timeout: Any) -> None:
    # Either refused up front, or it must work like None (no limit); never a raw OverflowError.
    try:
        gen = GenerateAPI(server.url, model="llama3.2", timeout=timeout)
    except RequestError as error:
        assert error.argument == "timeout"
        assert server.requests == []
        return
    assert gen.generate("x").done is True
    assert len(server.requests) == 1


@pytest.mark.parametrize("max_retries", [-1, True, 1.5, "2"])
def test_bad_max_retries(server: OllamaTestServer, max_retries: Any) -> None:
    error = refused(server, lambda: GenerateAPI(server.url, max_retries=max_retries), "max_retries")
    assert "non-negative integer" in str(error)
    refused(server, lambda: EmbeddingAPI(server.url, max_retries=max_retries), "max_retries")


# -- embed input --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (["a", 1], "input[1]"),
        (["a", None], "input[1]"),
        ([b"a"], "input[0]"),
        ([["nested"]], "input[0]"),
        (5, "int"),
        (b"bytes", "bytes"),
        ({"text": "a"}, "dict"),
    ],
)
def test_bad_embed_input(server: OllamaTestServer, emb: EmbeddingAPI, value: Any, fragment: str) -> None:
    error = refused(server, lambda: emb.embed(value), "input")
    assert fragment in str(error)


def test_embed_input_tuple_sent_as_list(server: OllamaTestServer, emb: EmbeddingAPI) -> None:
    result = emb.embed(("a", "b"))
    assert server.last_request.json["input"] == ["a", "b"]
    assert len(result.embeddings) == 2


@pytest.mark.parametrize("dimensions", ["3", 1.5])
def test_bad_embed_dimensions(server: OllamaTestServer, emb: EmbeddingAPI, dimensions: Any) -> None:
    refused(server, lambda: emb.embed("x", dimensions=dimensions), "dimensions")


# -- tool call arguments -------------------------------------------------------------------------
def _assistant_turn(arguments: Any) -> list[dict[str, Any]]:
    call = {"id": "call_1", "function": {"index": 0, "name": "get_weather", "arguments": arguments}}
    return [
        {"role": "user", "content": "Weather in Toronto?"},
        {"role": "assistant", "content": "", "tool_calls": [call]},
        {"role": "tool", "content": "11 degrees", "tool_name": "get_weather", "tool_call_id": "call_1"},
    ]


@pytest.mark.parametrize(
    ("arguments", "wire"),
    [
        ('{"city": "Toronto", "units": ["c", "f"]}', {"city": "Toronto", "units": ["c", "f"]}),
        ("", {}),
        ("  ", {}),
        ({"city": "Toronto"}, {"city": "Toronto"}),
    ],
)
def test_tool_call_arguments_sent_as_an_object(
    server: OllamaTestServer, gen: GenerateAPI, arguments: Any, wire: dict[str, Any]
) -> None:
    gen.chat(_assistant_turn(arguments))
    sent = server.last_request.json["messages"]
    assert sent[1]["tool_calls"] == [
        {"id": "call_1", "function": {"index": 0, "name": "get_weather", "arguments": wire}}
    ]
    assert sent[2] == {"role": "tool", "content": "11 degrees", "tool_name": "get_weather", "tool_call_id": "call_1"}


def test_tool_call_object_with_json_text_arguments(server: OllamaTestServer, gen: GenerateAPI) -> None:
    call = ToolCall(function=ToolCallFunction(name="f", arguments='{"a": 1}'), id="call_9")  # type: ignore[arg-type]
    gen.chat([*USER, Message(role="assistant", content="", tool_calls=[call])])
    assert server.last_request.json["messages"][1]["tool_calls"] == [
        {"function": {"name": "f", "arguments": {"a": 1}}, "id": "call_9"}
    ]


@pytest.mark.parametrize("arguments", ["{city: Toronto}", '{"city": "Toronto"', "not json"])
def test_tool_call_arguments_invalid_json_text(server: OllamaTestServer, gen: GenerateAPI, arguments: str) -> None:
    error = refused(server, lambda: gen.chat(_assistant_turn(arguments)), "messages[1].tool_calls[0]")
    assert "not valid JSON" in str(error)


@pytest.mark.parametrize("call", ["get_weather", 5, ["f"]])
def test_tool_call_of_wrong_type(server: OllamaTestServer, gen: GenerateAPI, call: Any) -> None:
    messages = [*USER, {"role": "assistant", "content": "", "tool_calls": [call]}]
    refused(server, lambda: gen.chat(messages), "messages[1].tool_calls[0]")
