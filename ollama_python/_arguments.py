"""Argument checks and conversions: what a caller passed, as the JSON the server reads.

Pure and shared by every request builder. A check here refuses only what no server could accept
(a wrong Python type, an unreadable file, a digest that is not a digest) and names the argument.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import timedelta
from typing import Any

from . import _json
from ._config import Timeout, as_timeout
from ._formats import format_value
from ._images import encode_images
from .errors import RequestError
from .types import Message, Options, Tool, ToolCall, WireModel

_THINK_LEVELS = ("low", "medium", "high", "max")
_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)$")
_DIGEST = re.compile(r"^sha256:[0-9a-f]{64}$")
PLAIN_TYPES: dict[str, tuple[type, ...]] = {
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
    **dict.fromkeys(("dimensions", "width", "height", "steps"), (int,)),
}


def model_name(name: str | None, model: str | None, call: str) -> str:
    """The model a management call is about, given as ``name=`` or ``model=`` (not both)."""
    if name is not None and model is not None and name != model:
        raise RequestError(f"{call}() got name={name!r} and model={model!r}; pass only one", argument="model")
    return model_text(name if name is not None else model, "model", f"{call}() needs a model name")


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
    return [convert_message(message, f"{argument}[{index}]") for index, message in enumerate(messages)]


def convert_message(message: Any, argument: str) -> dict[str, Any]:
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
        calls = data["tool_calls"]
        if isinstance(calls, (str, bytes, Mapping, ToolCall)) or not isinstance(calls, Iterable):
            raise RequestError(
                f"{argument}.tool_calls must be a list of tool calls, got {type(calls).__name__}", argument=argument
            )
        data["tool_calls"] = [convert_tool_call(call, f"{argument}.tool_calls[{i}]") for i, call in enumerate(calls)]
    return data


def convert_tool_call(call: Any, argument: str) -> dict[str, Any]:
    data = call.to_wire() if isinstance(call, ToolCall) else dict(call) if isinstance(call, Mapping) else None
    if data is None:
        raise RequestError(f"{argument} must be a dict or ToolCall", argument=argument)
    function = data.get("function") or {}
    if not isinstance(function, Mapping):
        raise RequestError(
            f"{argument}.function must be a dict with 'name' and 'arguments', got {type(function).__name__}",
            argument=argument,
        )
    function = dict(function)
    arguments = function.get("arguments")
    if isinstance(arguments, str):  # OpenAI-style JSON text; the server wants an object
        try:
            function["arguments"] = arguments = _json.loads(arguments) if arguments.strip() else {}
        except ValueError as error:
            raise RequestError(
                f"{argument}.function.arguments is not valid JSON: {error}", argument=argument
            ) from error
    if arguments is not None and not isinstance(arguments, Mapping):
        raise RequestError(
            f"{argument}.function.arguments must be an object (a dict, or JSON text of one), "
            f"got {type(arguments).__name__}",
            argument=argument,
        )
    data["function"] = function
    return data


def convert_tools(tools: Any, argument: str = "tools") -> list[dict[str, Any]]:
    """Tool definitions as JSON objects: dicts sent exactly as given, functions described from their
    type hints and docstrings.
    """
    if isinstance(tools, (str, bytes, Mapping)) or not hasattr(tools, "__iter__"):
        one = isinstance(tools, (Mapping, Tool)) or callable(tools)
        hint = f": for a single tool, pass {argument}=[tool]" if one else ""
        raise RequestError(f"{argument} must be a list of tools, got {type(tools).__name__}{hint}", argument=argument)
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


def convert_think(value: Any, argument: str) -> Any:
    # Any string is sent: servers add per-model levels, and the server names the ones it accepts.
    if isinstance(value, (bool, str)):
        return value
    raise RequestError(
        f"{argument} must be True, False or a level (a string such as {', '.join(_THINK_LEVELS)}); got {value!r}",
        argument=argument,
    )


def convert_keep_alive(value: Any, argument: str) -> Any:
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    if isinstance(value, str):  # '10m', '-1', '1h30m' or whatever else the server understands
        text = value.strip()
        if _NUMBER.match(text) and text != "0":  # a unit-less number means seconds, as it does for JSON numbers
            return float(text) if "." in text else int(text)
        return text
    raise RequestError(
        f"{argument} must be seconds (a number), a duration like '10m' or '1h30m', or a timedelta; got {value!r}",
        argument=argument,
    )


def convert_top_logprobs(value: Any, argument: str) -> int:
    # The bound (0..20 on Ollama today) is the server's to enforce: its error reaches the caller.
    if isinstance(value, bool) or not isinstance(value, int):
        raise RequestError(f"{argument} must be an integer, got {value!r}", argument=argument)
    return value


def convert_context(value: Any, argument: str) -> list[int]:
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise RequestError(f"{argument} must be a list of token ids", argument=argument)
    return list(value)


def convert_digest_map(value: Any, argument: str) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise RequestError(f"{argument} must map file names to blob digests", argument=argument)
    return {str(name): blob_digest(digest) for name, digest in value.items()}


def convert_license(value: Any, argument: str) -> Any:
    if isinstance(value, str):
        return value
    if hasattr(value, "__iter__") and all(isinstance(item, str) for item in value):
        return list(value)
    raise RequestError(f"{argument} must be a string or a list of strings", argument=argument)


CONVERTERS: dict[str, Callable[[Any, str], Any]] = {
    "format": format_value,
    "options": convert_options,
    "parameters": convert_options,
    "think": convert_think,
    "keep_alive": convert_keep_alive,
    "top_logprobs": convert_top_logprobs,
    "images": encode_images,
    "context": convert_context,
    "messages": convert_messages,
    "tools": convert_tools,
    "files": convert_digest_map,
    "adapters": convert_digest_map,
    "draft_files": convert_digest_map,
    "license": convert_license,
    "info": lambda value, argument: dict(value),
}


def is_instance(value: Any, kinds: tuple[type, ...]) -> bool:
    """isinstance, except that True/False do not count as integers."""
    return isinstance(value, kinds) and not (isinstance(value, bool) and bool not in kinds)


def model_text(value: Any, argument: str, missing: str | None = None) -> str:
    """A model name, sent as given (without surrounding spaces): only the server knows which names it serves.

    Third-party servers serve names such as ``/models/x.gguf`` or ``name@2024-10-22`` that Ollama's
    own grammar refuses, so nothing but "not a string" and "empty" is refused here
    (``ollama_python.names.ModelName`` parses and checks names for callers who want that).
    """
    if not isinstance(value, str) or not value.strip():
        if value is None or (isinstance(value, str) and not value.strip()):
            raise RequestError(missing or f"{argument} is required", argument=argument)
        raise RequestError(f"{argument} must be a model name (a string), got {value!r}", argument=argument)
    return value.strip()


def no_model_message(call: str) -> str:
    return f"{call}() needs a model: pass model='llama3.2', or bind a default model when creating the client"


def text(value: Any, argument: str) -> str:
    if not isinstance(value, str):
        raise RequestError(f"{argument} must be a string, got {type(value).__name__}", argument=argument)
    return value


def required_text(value: Any, argument: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RequestError(f"{argument} must be a non-empty string, got {value!r}", argument=argument)
    return value


def flag(value: Any, argument: str) -> bool:
    if not isinstance(value, bool):
        raise RequestError(f"{argument} must be True or False, got {value!r}", argument=argument)
    return value


def embed_input(value: Any) -> Any:
    if isinstance(value, str):
        return value
    if hasattr(value, "__iter__") and not isinstance(value, (bytes, Mapping)):
        items = list(value)
        for index, item in enumerate(items):
            if not isinstance(item, str):
                raise RequestError(f"input[{index}] must be a string, got {type(item).__name__}", argument="input")
        return items
    raise RequestError(f"input must be a string or a list of strings, got {type(value).__name__}", argument="input")


def extra_body(value: Any) -> dict[str, Any]:
    """``extra_body``: a mapping of JSON fields (or None)."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise RequestError(f"extra_body must be a dict, got {type(value).__name__}", argument="extra_body")
    return {str(key): item for key, item in value.items()}


def extra_headers(value: Any) -> dict[str, str] | None:
    """``extra_headers``: a mapping of header names to string values (or None)."""
    if value is None:
        return None
    if not isinstance(value, Mapping) or not all(isinstance(item, str) for item in value.values()):
        raise RequestError("extra_headers must be a dict of header names to strings", argument="extra_headers")
    return {str(name): item for name, item in value.items()}


def call_timeout(value: Any) -> Timeout | None:
    """A per-call timeout override; None keeps the client's."""
    return None if value is None else as_timeout(value, Timeout())


def unknown_argument(call: str, name: str, allowed: frozenset[str]) -> RequestError:
    import difflib  # only for this error's hint: ~6 ms to import

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
