"""Pure request builders: call arguments in, ``ApiRequest`` out.

Shared by the sync and async clients. Everything a user can get wrong is checked here, before a
byte is sent, and reported as ``RequestError`` naming the argument.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any

from . import names
from ._accumulate import ChatAccumulator, GenerateAccumulator, LastItem
from ._config import Timeout, as_timeout
from ._formats import ParsingAccumulator, format_type, format_value, parsing
from ._images import encode_images
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
from .errors import RequestError
from .types import (
    ChatResponse,
    EmbedArrayResponse,
    EmbeddingsResponse,
    EmbedResponse,
    GenerateResponse,
    ListResponse,
    Message,
    Options,
    ProcessResponse,
    ProgressResponse,
    ShowResponse,
    StatusResponse,
    Tool,
    ToolCall,
    VersionResponse,
    WebFetchResponse,
    WebSearchResponse,
    WireModel,
)

_THINK_LEVELS = ("low", "medium", "high", "max")
_GO_DURATION = re.compile(r"^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$")
_DIGEST = re.compile(r"^sha256:[0-9a-f]{64}$")
_WIRE_NAMES = {"from_": "from", "debug_render_only": "_debug_render_only"}
_TYPES: dict[str, tuple[type, ...]] = {
    **dict.fromkeys(
        (
            "suffix",
            "system",
            "template",
            "quantize",
            "renderer",
            "parser",
            "requires",
            "remote_host",
            "draft_quantize",
            "from_",
        ),
        (str,),
    ),
    **dict.fromkeys(("raw", "truncate", "shift", "logprobs", "insecure", "debug_render_only"), (bool,)),
    "dimensions": (int,),
}


def _is_done(chunk: GenerateResponse | ChatResponse) -> bool:
    return chunk.done


def _is_success(progress: ProgressResponse) -> bool:
    return progress.status == "success"


# -- inference ---------------------------------------------------------------------------------
def generate(
    default_model: str | None, prompt: str | None, stream: bool, params: GenerateParams
) -> ApiRequest[GenerateResponse]:
    """``POST /api/generate``."""
    body = _body("generate", params, _GENERATE_KEYS, default_model)
    if prompt is not None:
        body["prompt"] = _text(prompt, "prompt")
    body["stream"] = _flag(stream, "stream")
    return _inference(
        "/api/generate", GenerateResponse.from_wire, body, stream, params, GenerateAccumulator, _response_text
    )


def chat(default_model: str | None, messages: Any, stream: bool, params: ChatParams) -> ApiRequest[ChatResponse]:
    """``POST /api/chat``."""
    body = _body("chat", params, _CHAT_KEYS, default_model)
    if messages is not None:
        body["messages"] = convert_messages(messages, "messages")
    body["stream"] = _flag(stream, "stream")
    return _inference("/api/chat", ChatResponse.from_wire, body, stream, params, ChatAccumulator, _message_text)


def embed(default_model: str | None, input: Any, params: EmbedParams, as_numpy: bool = False) -> ApiRequest[Any]:
    """``POST /api/embed``; with ``as_numpy`` the vectors are parsed into a float32 array."""
    body = _body("embed", params, _EMBED_KEYS, default_model)
    if input is not None:
        body["input"] = _embed_input(input)
    if not _flag(as_numpy, "as_numpy"):
        return ApiRequest("POST", "/api/embed", EmbedResponse.from_wire, body=body, timeout=_timeout(params))
    require_numpy()  # before sending: the missing extra is reported, not a wasted request
    rows = len(body["input"]) if isinstance(body.get("input"), list) else 1
    return ApiRequest(
        "POST",
        "/api/embed",
        EmbedArrayResponse.from_wire,
        body=body,
        timeout=_timeout(params),
        reader=functools.partial(EmbeddingArrayReader, rows),
    )


def embeddings(
    default_model: str | None, prompt: str | None, params: EmbeddingsParams
) -> ApiRequest[EmbeddingsResponse]:
    """``POST /api/embeddings`` (legacy)."""
    body = _body("embeddings", params, _EMBEDDINGS_KEYS, default_model)
    if prompt is not None:
        body["prompt"] = _text(prompt, "prompt")
    return ApiRequest("POST", "/api/embeddings", EmbeddingsResponse.from_wire, body=body, timeout=_timeout(params))


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
    )


def _response_text(response: GenerateResponse) -> str:
    return response.response


def _message_text(response: ChatResponse) -> str:
    return response.message.content


# -- model management --------------------------------------------------------------------------
def create(name: str | None, stream: bool, params: CreateParams) -> ApiRequest[ProgressResponse]:
    """``POST /api/create`` (the JSON form servers since v0.5.5 understand)."""
    fields: dict[str, Any] = {**params, "model": model_name(name, params.get("model"), "create")}
    body = _body("create", fields, _CREATE_KEYS, None)
    body["stream"] = _flag(stream, "stream")
    return _progress("/api/create", body, stream, fields)


def transfer(operation: str, name: str | None, stream: bool, params: TransferParams) -> ApiRequest[ProgressResponse]:
    """``POST /api/pull`` or ``POST /api/push``."""
    fields: dict[str, Any] = {**params, "model": model_name(name, params.get("model"), operation)}
    body = _body(operation, fields, _TRANSFER_KEYS, None)
    body["stream"] = _flag(stream, "stream")
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
    )


def check_blob(digest: str, timeout: Any = None) -> ApiRequest[bool]:
    """``HEAD /api/blobs/<digest>``: True when the server has the blob."""
    path = f"/api/blobs/{blob_digest(digest)}"
    return ApiRequest("HEAD", path, bool, status_results={200: True, 404: False}, timeout=call_timeout(timeout))


def list_models(timeout: Any = None) -> ApiRequest[ListResponse]:
    """``GET /api/tags``."""
    return ApiRequest("GET", "/api/tags", ListResponse.from_wire, timeout=call_timeout(timeout))


def show(
    name: str | None, model: str | None, verbose: bool | None, system: str | None, options: Any, timeout: Any
) -> ApiRequest[ShowResponse]:
    """``POST /api/show``."""
    body: dict[str, Any] = {"model": model_name(name, model, "show")}
    if verbose is not None:
        body["verbose"] = _flag(verbose, "verbose")
    if system is not None:
        body["system"] = _text(system, "system")
    if options is not None:
        body["options"] = convert_options(options, "options")
    return ApiRequest("POST", "/api/show", ShowResponse.from_wire, body=body, timeout=call_timeout(timeout))


def copy(source: str, destination: str, timeout: Any = None) -> ApiRequest[StatusResponse]:
    """``POST /api/copy`` (answers 200 with an empty body)."""
    body = {"source": _model_text(source, "source"), "destination": _model_text(destination, "destination")}
    return _no_content("POST", "/api/copy", body, timeout)


def delete(name: str | None, model: str | None, timeout: Any = None) -> ApiRequest[StatusResponse]:
    """``DELETE /api/delete`` with a JSON body (answers 200 with an empty body)."""
    return _no_content("DELETE", "/api/delete", {"model": model_name(name, model, "delete")}, timeout)


def _no_content(method: str, path: str, body: dict[str, Any], timeout: Any) -> ApiRequest[StatusResponse]:
    return ApiRequest(
        method, path, StatusResponse.from_wire, body=body, empty_result=StatusResponse(), timeout=call_timeout(timeout)
    )


def list_running(timeout: Any = None) -> ApiRequest[ProcessResponse]:
    """``GET /api/ps``."""
    return ApiRequest("GET", "/api/ps", ProcessResponse.from_wire, timeout=call_timeout(timeout))


def version(timeout: Any = None) -> ApiRequest[VersionResponse]:
    """``GET /api/version``."""
    return ApiRequest("GET", "/api/version", VersionResponse.from_wire, timeout=call_timeout(timeout))


# -- ollama.com web tools ----------------------------------------------------------------------
def web_search(query: str, max_results: int | None, timeout: Any = None) -> ApiRequest[WebSearchResponse]:
    """``POST /api/web_search`` on ollama.com."""
    body: dict[str, Any] = {"query": _required_text(query, "query")}
    if max_results is not None:
        if isinstance(max_results, bool) or not isinstance(max_results, int) or max_results < 1:
            raise RequestError(f"max_results must be a positive integer, got {max_results!r}", argument="max_results")
        body["max_results"] = max_results
    return ApiRequest("POST", "/api/web_search", WebSearchResponse.from_wire, body=body, timeout=call_timeout(timeout))


def web_fetch(url: str, timeout: Any = None) -> ApiRequest[WebFetchResponse]:
    """``POST /api/web_fetch`` on ollama.com."""
    body = {"url": _required_text(url, "url")}
    return ApiRequest("POST", "/api/web_fetch", WebFetchResponse.from_wire, body=body, timeout=call_timeout(timeout))


# -- arguments ---------------------------------------------------------------------------------
def model_name(name: str | None, model: str | None, call: str) -> str:
    """The model a management call is about, given as ``name=`` or ``model=`` (not both)."""
    if name is not None and model is not None and name != model:
        raise RequestError(f"{call}() got name={name!r} and model={model!r}; pass only one", argument="model")
    return _model_text(name if name is not None else model, "model", f"{call}() needs a model name")


def blob_digest(digest: str) -> str:
    """A blob digest in the form the server stores: ``sha256:`` and 64 lowercase hex digits."""
    if not isinstance(digest, str):
        raise RequestError(
            f"digest must be a string like 'sha256:<64 hex digits>', got {type(digest).__name__}", argument="digest"
        )
    normalised = digest.strip().lower().replace("sha256-", "sha256:", 1)
    if not _DIGEST.match(normalised):
        raise RequestError(
            f"invalid blob digest {digest!r}: expected 'sha256:' followed by 64 hex digits", argument="digest"
        )
    return normalised


def convert_messages(messages: Any, argument: str) -> list[dict[str, Any]]:
    """Messages (dicts or ``Message``) as JSON objects, images encoded."""
    if isinstance(messages, (str, bytes, Mapping, Message)) or not hasattr(messages, "__iter__"):
        raise RequestError(
            f"{argument} must be a list of messages (dicts or Message), got {type(messages).__name__}",
            argument=argument,
        )
    return [_message(message, f"{argument}[{index}]") for index, message in enumerate(messages)]


def _message(message: Any, argument: str) -> dict[str, Any]:
    if isinstance(message, WireModel):
        data = message.to_wire()
    elif isinstance(message, Mapping):
        data = {key: value for key, value in message.items() if value is not None}
    else:
        raise RequestError(f"{argument} must be a dict or Message, got {type(message).__name__}", argument=argument)
    role = data.get("role")
    if not isinstance(role, str) or not role:
        raise RequestError(f"{argument} needs a 'role' (system, user, assistant or tool)", argument=argument)
    if not isinstance(data.get("content", ""), str):
        raise RequestError(
            f"{argument}.content must be a string (put images in the message's 'images' list)", argument=argument
        )
    if "images" in data:
        data["images"] = encode_images(data["images"], f"{argument}.images")
    if "tool_calls" in data:
        data["tool_calls"] = [
            _tool_call(call, f"{argument}.tool_calls[{i}]") for i, call in enumerate(data["tool_calls"])
        ]
    return data


def _tool_call(call: Any, argument: str) -> dict[str, Any]:
    data = call.to_wire() if isinstance(call, ToolCall) else dict(call) if isinstance(call, Mapping) else None
    if data is None:
        raise RequestError(f"{argument} must be a dict or ToolCall", argument=argument)
    function = dict(data.get("function") or {})
    arguments = function.get("arguments")
    if isinstance(arguments, str):  # OpenAI-style JSON text; the server wants an object
        try:
            function["arguments"] = json.loads(arguments) if arguments.strip() else {}
        except ValueError as error:
            raise RequestError(
                f"{argument}.function.arguments is not valid JSON: {error}", argument=argument
            ) from error
    data["function"] = function
    return data


def convert_tools(tools: Any, argument: str = "tools") -> list[dict[str, Any]]:
    """Tool definitions as JSON objects: dicts sent exactly as given, functions described from their
    type hints and docstrings.
    """
    if isinstance(tools, (str, bytes, Mapping)) or not hasattr(tools, "__iter__"):
        raise RequestError(f"{argument} must be a list of tools, got {type(tools).__name__}", argument=argument)
    converted = []
    for index, tool in enumerate(tools):
        if isinstance(tool, Tool):
            converted.append(tool.to_wire())
        elif isinstance(tool, Mapping):
            converted.append(dict(tool))
        elif callable(tool):
            from .tools import tool_definition  # the schema writer is loaded only when functions are given

            converted.append(tool_definition(tool))
        else:
            raise RequestError(
                f"{argument}[{index}] must be a dict, a Tool or a function, got {type(tool).__name__}",
                argument=argument,
            )
    return converted


def convert_options(options: Any, argument: str) -> dict[str, Any]:
    """Options from a dict or ``Options``; unknown keys kept, None values dropped."""
    if isinstance(options, Options):
        data = options.to_wire()
    elif isinstance(options, Mapping):
        data = {str(key): value for key, value in options.items() if value is not None}
    else:
        raise RequestError(f"{argument} must be a dict or Options, got {type(options).__name__}", argument=argument)
    if isinstance(data.get("stop"), str):  # the server only accepts a list of stop sequences
        data["stop"] = [data["stop"]]
    return data


def _think(value: Any, argument: str) -> Any:
    if isinstance(value, bool) or value in _THINK_LEVELS:
        return value
    raise RequestError(
        f"{argument} must be True, False or one of {', '.join(_THINK_LEVELS)}; got {value!r}", argument=argument
    )


def _keep_alive(value: Any, argument: str) -> Any:
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip()
        if _GO_DURATION.match(text) or text == "0":
            return text
        try:  # a unit-less number means seconds, as it does for JSON numbers
            return float(text) if "." in text else int(text)
        except ValueError:
            pass
    raise RequestError(
        f"{argument} must be seconds (a number), a duration like '10m' or '1h30m', or a timedelta; got {value!r}",
        argument=argument,
    )


def _top_logprobs(value: Any, argument: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 20:
        raise RequestError(f"{argument} must be an integer from 0 to 20, got {value!r}", argument=argument)
    return value


def _context(value: Any, argument: str) -> list[int]:
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise RequestError(f"{argument} must be a list of token ids", argument=argument)
    return list(value)


def _digest_map(value: Any, argument: str) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise RequestError(f"{argument} must map file names to blob digests", argument=argument)
    return {str(name): blob_digest(digest) for name, digest in value.items()}


def _license(value: Any, argument: str) -> Any:
    if isinstance(value, str):
        return value
    if hasattr(value, "__iter__") and all(isinstance(item, str) for item in value):
        return list(value)
    raise RequestError(f"{argument} must be a string or a list of strings", argument=argument)


_CONVERTERS: dict[str, Callable[[Any, str], Any]] = {
    "format": format_value,
    "options": convert_options,
    "parameters": convert_options,
    "think": _think,
    "keep_alive": _keep_alive,
    "top_logprobs": _top_logprobs,
    "images": encode_images,
    "context": _context,
    "messages": convert_messages,
    "tools": convert_tools,
    "files": _digest_map,
    "adapters": _digest_map,
    "draft_files": _digest_map,
    "license": _license,
    "info": lambda value, argument: dict(value),
}


def _body(call: str, params: Mapping[str, Any], allowed: frozenset[str], default_model: str | None) -> dict[str, Any]:
    """The JSON body from keyword arguments: checked, converted, None left out."""
    model = params.get("model")
    body: dict[str, Any] = {"model": _model_text(default_model if model is None else model, "model", _no_model(call))}
    for name, value in params.items():
        if name not in allowed:
            raise _unknown_argument(call, name, allowed)
        if value is None or name in ("model", "timeout"):
            continue
        convert = _CONVERTERS.get(name)
        if convert is not None:
            value = convert(value, name)
            if value is None:  # e.g. format="" means free text: nothing to send
                continue
        elif name in _TYPES and not _is_instance(value, _TYPES[name]):
            expected = " or ".join(kind.__name__ for kind in _TYPES[name])
            raise RequestError(f"{name} must be {expected}, got {type(value).__name__}", argument=name)
        body[_WIRE_NAMES.get(name, name)] = value
    return body


def _is_instance(value: Any, kinds: tuple[type, ...]) -> bool:
    """isinstance, except that True/False do not count as integers."""
    return isinstance(value, kinds) and not (isinstance(value, bool) and bool not in kinds)


def _model_text(value: Any, argument: str, missing: str | None = None) -> str:
    """A model name, stripped, checked against the server's name grammar before it is sent."""
    if not isinstance(value, str) or not value.strip():
        if value is None or value == "":
            raise RequestError(missing or f"{argument} is required", argument=argument)
        raise RequestError(f"{argument} must be a model name (a string), got {value!r}", argument=argument)
    try:
        return names.validate(value)
    except RequestError as error:
        raise RequestError(str(error), argument=argument) from None


def _no_model(call: str) -> str:
    return f"{call}() needs a model: pass model='llama3.2', or bind a default model when creating the client"


def _text(value: Any, argument: str) -> str:
    if not isinstance(value, str):
        raise RequestError(f"{argument} must be a string, got {type(value).__name__}", argument=argument)
    return value


def _required_text(value: Any, argument: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RequestError(f"{argument} must be a non-empty string, got {value!r}", argument=argument)
    return value


def _flag(value: Any, argument: str) -> bool:
    if not isinstance(value, bool):
        raise RequestError(f"{argument} must be True or False, got {value!r}", argument=argument)
    return value


def _embed_input(value: Any) -> Any:
    if isinstance(value, str):
        return value
    if hasattr(value, "__iter__") and not isinstance(value, (bytes, Mapping)):
        items = list(value)
        for index, item in enumerate(items):
            if not isinstance(item, str):
                raise RequestError(f"input[{index}] must be a string, got {type(item).__name__}", argument="input")
        return items
    raise RequestError(f"input must be a string or a list of strings, got {type(value).__name__}", argument="input")


def _timeout(params: Mapping[str, Any]) -> Timeout | None:
    return call_timeout(params.get("timeout"))


def call_timeout(value: Any) -> Timeout | None:
    """A per-call timeout override; None keeps the client's."""
    return None if value is None else as_timeout(value, Timeout())


def _unknown_argument(call: str, name: str, allowed: frozenset[str]) -> RequestError:
    import difflib  # only for this error message

    options = Options.__dataclass_fields__
    close = difflib.get_close_matches(name, sorted(allowed | options.keys()), n=1)
    option = name if name in options else close[0] if close and close[0] in options else None
    if option is not None and "options" in allowed:
        hint = f"; {option!r} is a model option: pass options={{{option!r}: ...}}"
    elif close and close[0] in allowed:
        hint = f"; did you mean {close[0]!r}?"
    else:
        hint = ""
    return RequestError(f"{call}() got an unexpected keyword argument {name!r}{hint}", argument=name)


def _keys(params: type) -> frozenset[str]:
    return frozenset(params.__optional_keys__) | frozenset(params.__required_keys__)  # type: ignore[attr-defined]


_GENERATE_KEYS = _keys(GenerateParams)
_CHAT_KEYS = _keys(ChatParams)
_EMBED_KEYS = _keys(EmbedParams)
_EMBEDDINGS_KEYS = _keys(EmbeddingsParams)
_CREATE_KEYS = _keys(CreateParams)
_TRANSFER_KEYS = _keys(TransferParams)
