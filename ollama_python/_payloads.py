"""Pure request builders: call arguments in, ``ApiRequest`` out.

Shared by the sync and async clients. Each builder knows its endpoint's method, path, fields and
reply type; the checks and conversions of single arguments live in ``_arguments``.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from ._accumulate import ChatAccumulator, GenerateAccumulator, LastItem
from ._arguments import (
    CONVERTERS,
    PLAIN_TYPES,
    blob_digest,
    call_timeout,
    convert_messages,
    convert_options,
    embed_input,
    extra_body,
    extra_headers,
    flag,
    is_instance,
    model_name,
    model_text,
    no_model_message,
    required_text,
    text,
    unknown_argument,
)
from ._config import Timeout
from ._formats import ParsingAccumulator, format_type, parsing
from ._host import bearer_token
from ._params import (
    ChatParams,
    CreateParams,
    EmbeddingsParams,
    EmbedParams,
    GenerateParams,
    TransferParams,
)
from ._request import ApiRequest
from ._vectors import EmbeddingArrayReader, require_numpy
from .errors import InvalidResponseError, RequestError
from .types import (
    ChatResponse,
    EmbedArrayResponse,
    EmbeddingsResponse,
    EmbedResponse,
    GenerateResponse,
    ListResponse,
    ModelRecommendationsResponse,
    ProcessResponse,
    ProgressResponse,
    ServerStatusResponse,
    ShowResponse,
    StatusResponse,
    UserResponse,
    VersionResponse,
    WebFetchResponse,
    WebSearchResponse,
)

T = TypeVar("T")

_WIRE_NAMES = {"from_": "from", "debug_render_only": "_debug_render_only"}
_NOT_BODY = frozenset(("model", "timeout", "extra_body", "extra_headers"))


def _is_done(chunk: GenerateResponse | ChatResponse) -> bool:
    return chunk.done is True


def _is_success(progress: ProgressResponse) -> bool:
    return progress.status == "success"


# -- inference ---------------------------------------------------------------------------------
def generate(
    default_model: str | None, prompt: str | None, stream: bool, params: Mapping[str, Any]
) -> ApiRequest[GenerateResponse]:
    """``POST /api/generate``."""
    body = _body("generate", params, _GENERATE_KEYS, default_model)
    if prompt is not None:
        body["prompt"] = text(prompt, "prompt")
    body["stream"] = flag(stream, "stream")
    decode = _requiring("/api/generate", "response", GenerateResponse.from_wire)
    return _inference("/api/generate", decode, body, stream, params, GenerateAccumulator, _response_text)


def chat(default_model: str | None, messages: Any, stream: bool, params: Mapping[str, Any]) -> ApiRequest[ChatResponse]:
    """``POST /api/chat``."""
    body = _body("chat", params, _CHAT_KEYS, default_model)
    if messages is not None:
        body["messages"] = convert_messages(messages, "messages")
    body["stream"] = flag(stream, "stream")
    decode = _requiring("/api/chat", "message", ChatResponse.from_wire)
    return _inference("/api/chat", decode, body, stream, params, ChatAccumulator, _message_text)


def embed(default_model: str | None, input: Any, params: Mapping[str, Any], as_numpy: bool = False) -> ApiRequest[Any]:
    """``POST /api/embed``; with ``as_numpy`` the vectors are parsed into a float32 array."""
    body = _body("embed", params, _EMBED_KEYS, default_model)
    if input is not None:
        body["input"] = embed_input(input)
    if not flag(as_numpy, "as_numpy"):
        decode = _requiring("/api/embed", "embeddings", EmbedResponse.from_wire, final_may_omit=False)
        return ApiRequest("POST", "/api/embed", decode, body=body, timeout=_timeout(params), headers=_headers(params))
    require_numpy()  # before sending: the missing extra is reported, not a wasted request
    rows = len(body["input"]) if isinstance(body.get("input"), list) else 1
    return ApiRequest(
        "POST",
        "/api/embed",
        EmbedArrayResponse.from_wire,
        body=body,
        timeout=_timeout(params),
        reader=functools.partial(EmbeddingArrayReader, rows),
        headers=_headers(params),
    )


def embeddings(
    default_model: str | None, prompt: str | None, params: Mapping[str, Any]
) -> ApiRequest[EmbeddingsResponse]:
    """``POST /api/embeddings`` (legacy)."""
    body = _body("embeddings", params, _EMBEDDINGS_KEYS, default_model)
    if prompt is not None:
        body["prompt"] = text(prompt, "prompt")
    decode = _requiring("/api/embeddings", "embedding", EmbeddingsResponse.from_wire, final_may_omit=False)
    return ApiRequest("POST", "/api/embeddings", decode, body=body, timeout=_timeout(params), headers=_headers(params))


def _requiring(
    path: str, field: str, decode: Callable[[dict[str, Any]], T], *, final_may_omit: bool = True
) -> Callable[[dict[str, Any]], T]:
    """``decode``, refusing a reply without the field that carries the answer.

    A server (or mock) that sends ``{"model": ...}`` alone must not read as an empty answer. The
    final ``done`` chunk of a stream may omit the text: real servers send it with metrics only.
    """

    def read(data: dict[str, Any]) -> T:
        if data.get(field) is None and not (final_may_omit and data.get("done")):
            arrived = ", ".join(map(repr, data)) or "none"
            raise InvalidResponseError(
                f"the reply of {path} has no {field!r} field, which carries the answer (keys that arrived: {arrived}); "
                "is the server Ollama-compatible?",
                200,
            )
        return decode(data)

    return read


def _inference(
    path: str,
    decode: Callable[[Any], Any],
    body: dict[str, Any],
    stream: bool,
    params: Mapping[str, Any],
    accumulate: Callable[[], Any],
    text_of: Callable[[Any], str],
) -> ApiRequest[Any]:
    parse_as = format_type(params.get("format"))
    if parse_as is not None:  # format=<a type>: the reply (or the stream's whole answer) is parsed into it
        if stream:
            plain = accumulate
            accumulate = lambda: ParsingAccumulator(plain(), parse_as, text_of)  # noqa: E731
        else:
            decode = parsing(decode, parse_as, text_of)
    return ApiRequest(
        "POST",
        path,
        decode,
        body=body,
        stream=stream,
        is_last=_is_done,
        timeout=_timeout(params),
        accumulate=accumulate,
        headers=_headers(params),
    )


def _response_text(response: GenerateResponse) -> str:
    return response.response


def _message_text(response: ChatResponse) -> str:
    return response.message.content


# -- model management --------------------------------------------------------------------------
def create(name: str | None, stream: bool, params: Mapping[str, Any]) -> ApiRequest[ProgressResponse]:
    """``POST /api/create`` (the JSON form servers since v0.5.5 understand)."""
    fields: dict[str, Any] = {**params, "model": model_name(name, params.get("model"), "create")}
    body = _body("create", fields, _CREATE_KEYS, None)
    body["stream"] = flag(stream, "stream")
    return _progress("/api/create", body, stream, fields)


def transfer(operation: str, name: str | None, stream: bool, params: Mapping[str, Any]) -> ApiRequest[ProgressResponse]:
    """``POST /api/pull`` or ``POST /api/push``."""
    fields: dict[str, Any] = {**params, "model": model_name(name, params.get("model"), operation)}
    body = _body(operation, fields, _TRANSFER_KEYS, None)
    body["stream"] = flag(stream, "stream")
    return _progress(f"/api/{operation}", body, stream, fields)


def _progress(path: str, body: dict[str, Any], stream: bool, params: Mapping[str, Any]) -> ApiRequest[ProgressResponse]:
    return ApiRequest(
        "POST",
        path,
        ProgressResponse.from_wire,
        body=body,
        stream=stream,
        is_last=_is_success,
        timeout=_timeout(params),
        accumulate=LastItem,
        headers=_headers(params),
    )


def check_blob(digest: str, timeout: Any = None) -> ApiRequest[bool]:
    """``HEAD /api/blobs/<digest>``: True when the server has the blob."""
    path = f"/api/blobs/{blob_digest(digest)}"
    return ApiRequest(
        "HEAD", path, bool, status_results={200: True, 404: False}, timeout=call_timeout(timeout), quick=True
    )


def list_models(timeout: Any = None) -> ApiRequest[ListResponse]:
    """``GET /api/tags``."""
    return ApiRequest("GET", "/api/tags", ListResponse.from_wire, timeout=call_timeout(timeout), quick=True)


def show(
    name: str | None, model: str | None, verbose: bool | None, system: str | None, options: Any, timeout: Any
) -> ApiRequest[ShowResponse]:
    """``POST /api/show``."""
    body: dict[str, Any] = {"model": model_name(name, model, "show")}
    if verbose is not None:
        body["verbose"] = flag(verbose, "verbose")
    if system is not None:
        body["system"] = text(system, "system")
    if options is not None:
        body["options"] = convert_options(options, "options")
    return ApiRequest("POST", "/api/show", ShowResponse.from_wire, body=body, timeout=call_timeout(timeout), quick=True)


def copy(source: str, destination: str, timeout: Any = None) -> ApiRequest[StatusResponse]:
    """``POST /api/copy`` (answers 200 with an empty body)."""
    body = {"source": model_text(source, "source"), "destination": model_text(destination, "destination")}
    return _no_content("POST", "/api/copy", body, timeout)


def delete(name: str | None, model: str | None, timeout: Any = None) -> ApiRequest[StatusResponse]:
    """``DELETE /api/delete`` with a JSON body (answers 200 with an empty body)."""
    return _no_content("DELETE", "/api/delete", {"model": model_name(name, model, "delete")}, timeout)


def _no_content(method: str, path: str, body: dict[str, Any], timeout: Any) -> ApiRequest[StatusResponse]:
    return ApiRequest(
        method,
        path,
        StatusResponse.from_wire,
        body=body,
        empty_result=StatusResponse(),
        timeout=call_timeout(timeout),
        quick=True,
    )


def list_running(timeout: Any = None) -> ApiRequest[ProcessResponse]:
    """``GET /api/ps``."""
    return ApiRequest("GET", "/api/ps", ProcessResponse.from_wire, timeout=call_timeout(timeout), quick=True)


def version(timeout: Any = None) -> ApiRequest[VersionResponse]:
    """``GET /api/version``."""
    return ApiRequest("GET", "/api/version", VersionResponse.from_wire, timeout=call_timeout(timeout), quick=True)


# -- web tools: ollama.com with an API key, or the signed-in local server ---------------------
def web_search(
    query: str, max_results: int | None, timeout: Any = None, via_server: bool = False
) -> ApiRequest[WebSearchResponse]:
    """``POST /api/web_search`` on ollama.com, or ``/api/experimental/web_search`` on the local server."""
    body: dict[str, Any] = {"query": required_text(query, "query")}
    if max_results is not None:
        if isinstance(max_results, bool) or not isinstance(max_results, int):  # the server bounds it
            raise RequestError(f"max_results must be an integer, got {max_results!r}", argument="max_results")
        body["max_results"] = max_results
    path = "/api/experimental/web_search" if via_server else "/api/web_search"
    return ApiRequest(
        "POST", path, WebSearchResponse.from_wire, body=body, timeout=call_timeout(timeout), credentials=not via_server
    )


def web_fetch(url: str, timeout: Any = None, via_server: bool = False) -> ApiRequest[WebFetchResponse]:
    """``POST /api/web_fetch`` on ollama.com, or ``/api/experimental/web_fetch`` on the local server."""
    body = {"url": required_text(url, "url")}
    path = "/api/experimental/web_fetch" if via_server else "/api/web_fetch"
    return ApiRequest(
        "POST", path, WebFetchResponse.from_wire, body=body, timeout=call_timeout(timeout), credentials=not via_server
    )


OLLAMA_COM = "https://ollama.com"


def require_web_key(call: str, headers: Mapping[str, str] | None) -> None:
    """Refuse an ollama.com web tool call that would carry no API key (it could only fail)."""
    if bearer_token(headers) is None:
        official = f"Authorization header with Bearer token is required for {call.replace('_', ' ')}"
        raise RequestError(
            f"{official}: {call}() calls ollama.com and needs an API key: create one at "
            "https://ollama.com/settings/keys and set OLLAMA_API_KEY (or pass headers={'Authorization': "
            "'Bearer <key>'}), or pass via='server' to search through your signed-in local server",
            argument="OLLAMA_API_KEY",
        )


def web_via(via: Any) -> bool:
    """Whether ``via=`` asks for the local server (``"server"``) rather than ollama.com (None)."""
    if via is None:
        return False
    if via == "server":
        return True
    raise RequestError(f"via must be None (ollama.com, with an API key) or 'server', got {via!r}", argument="via")


# -- local server: status, account, recommendations -------------------------------------------
def server_status(timeout: Any = None) -> ApiRequest[ServerStatusResponse]:
    """``GET /api/status``: whether cloud features are enabled."""
    return ApiRequest("GET", "/api/status", ServerStatusResponse.from_wire, timeout=call_timeout(timeout), quick=True)


def whoami(timeout: Any = None) -> ApiRequest[UserResponse]:
    """``POST /api/me``: the ollama.com account this machine is signed in to."""
    return ApiRequest("POST", "/api/me", UserResponse.from_wire, timeout=call_timeout(timeout), quick=True)


def signout(timeout: Any = None) -> ApiRequest[None]:
    """``POST /api/signout``: unlink this machine from its account (answers 200 with ``null``)."""
    return ApiRequest(
        "POST", "/api/signout", _nothing, status_results=_SIGNED_OUT, timeout=call_timeout(timeout), quick=True
    )


def model_recommendations(timeout: Any = None) -> ApiRequest[ModelRecommendationsResponse]:
    """``GET /api/experimental/model-recommendations`` (experimental)."""
    return ApiRequest(
        "GET",
        "/api/experimental/model-recommendations",
        ModelRecommendationsResponse.from_wire,
        timeout=call_timeout(timeout),
        quick=True,
    )


_SIGNED_OUT = {200: None, 204: None}


def _nothing(data: Any) -> None:
    return None


def _body(call: str, params: Mapping[str, Any], allowed: frozenset[str], default_model: str | None) -> dict[str, Any]:
    """The JSON body from keyword arguments: checked, converted, None left out.

    ``extra_body`` fills in keys the named arguments left out; the builder's own keys (``prompt``,
    ``stream``...) are set after this and win as well.
    """
    model = params.get("model")
    body: dict[str, Any] = {
        "model": model_text(default_model if model is None else model, "model", no_model_message(call))
    }
    for name, value in params.items():
        if name not in allowed:
            raise unknown_argument(call, name, allowed)
        if value is None or name in _NOT_BODY:
            continue
        convert = CONVERTERS.get(name)
        if convert is not None:
            value = convert(value, name)
            if value is None:  # e.g. format="" means free text: nothing to send
                continue
        elif name in PLAIN_TYPES and not is_instance(value, PLAIN_TYPES[name]):
            expected = " or ".join(kind.__name__ for kind in PLAIN_TYPES[name])
            raise RequestError(f"{name} must be {expected}, got {type(value).__name__}", argument=name)
        body[_WIRE_NAMES.get(name, name)] = value
    return {**extra_body(params.get("extra_body")), **body}


def with_extras(request: ApiRequest[T], body: Any = None, headers: Any = None) -> ApiRequest[T]:
    """A request of a builder without keyword parameters, with the call's ``extra_body``/``extra_headers``."""
    extra = extra_body(body)
    if extra and request.body is not None:
        request = dataclasses.replace(request, body={**extra, **request.body})
    elif extra:
        raise RequestError(f"{request.method} {request.path} has no JSON body for extra_body", argument="extra_body")
    return dataclasses.replace(request, headers=extra_headers(headers))


def _timeout(params: Mapping[str, Any]) -> Timeout | None:
    return call_timeout(params.get("timeout"))


def _headers(params: Mapping[str, Any]) -> dict[str, str] | None:
    return extra_headers(params.get("extra_headers"))


def _keys(params: type) -> frozenset[str]:
    return frozenset(params.__optional_keys__) | frozenset(params.__required_keys__)  # type: ignore[attr-defined]


_GENERATE_KEYS = _keys(GenerateParams)
_CHAT_KEYS = _keys(ChatParams)
_EMBED_KEYS = _keys(EmbedParams)
_EMBEDDINGS_KEYS = _keys(EmbeddingsParams)
_CREATE_KEYS = _keys(CreateParams)
_TRANSFER_KEYS = _keys(TransferParams)
