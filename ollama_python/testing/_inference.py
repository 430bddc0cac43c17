"""Fake inference endpoints: ``/api/generate``, ``/api/chat``, ``/api/embed``, ``/api/embeddings``."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from . import _generation as gen
from ._gowire import ApiError, base64_error, check_fields, decode_body, now_ns, parse_keep_alive, parse_think, rfc3339
from ._names import parse_model_name
from ._recording import RecordedRequest
from ._replies import JSONReply, NDJSONReply, Reply
from ._store import FakeModel, ModelStore

__all__ = ["generate", "chat", "embed", "embeddings"]

_GENERATE_FIELDS = {
    "model": "s", "prompt": "s", "suffix": "s", "system": "s", "template": "s", "context": "[]i",
    "stream": "b", "raw": "b", "format": "*", "keep_alive": "*", "images": "[]img", "options": "o",
    "think": "*", "truncate": "b", "shift": "b", "logprobs": "b", "top_logprobs": "i",
    "_debug_render_only": "b",
}  # fmt: skip
_CHAT_FIELDS = {
    "model": "s", "messages": "[]msg", "stream": "b", "format": "*", "keep_alive": "*", "tools": "[]tool",
    "options": "o", "think": "*", "truncate": "b", "shift": "b", "logprobs": "b", "top_logprobs": "i",
    "_debug_render_only": "b",
}  # fmt: skip
_EMBED_FIELDS = {"model": "s", "input": "*", "truncate": "b", "dimensions": "i", "keep_alive": "*", "options": "o"}
_EMBEDDINGS_FIELDS = {"model": "s", "prompt": "s", "keep_alive": "*", "options": "o"}

_INT_OPTIONS = {
    "num_ctx", "num_batch", "num_gpu", "main_gpu", "num_thread", "draft_num_predict", "num_keep", "seed",
    "num_predict", "top_k", "repeat_last_n",
}  # fmt: skip
_FLOAT_OPTIONS = {
    "top_p", "min_p", "typical_p", "temperature", "repeat_penalty", "presence_penalty", "frequency_penalty",
}  # fmt: skip


# ---------------------------------------------------------------------------------------------
# shared helpers


def _decode(request: RecordedRequest, struct: str, fields: Mapping[str, str]) -> dict[str, Any]:
    body = decode_body(request.body, struct)
    check_fields(body, struct, fields)
    parse_keep_alive(body.get("keep_alive"))
    parse_think(body.get("think"))
    return body


def _check_images(images: Any) -> int:
    count = 0
    for image in images or []:
        if image is None:
            continue
        problem = base64_error(image)
        if problem:
            raise ApiError(400, problem)
        count += 1
    return count


def _check_options(options: Mapping[str, Any] | None) -> dict[str, Any]:
    """Validate ``options`` like ``api.Options.FromMap`` (failures are HTTP 500)."""
    result: dict[str, Any] = {}
    for key, value in (options or {}).items():
        if value is None:
            continue
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if key in _INT_OPTIONS and not number:
            raise ApiError(500, f'option "{key}" must be of type integer')
        if key in _FLOAT_OPTIONS and not number:
            raise ApiError(500, f'option "{key}" must be of type float32')
        if key == "use_mmap" and not isinstance(value, bool):
            raise ApiError(500, f'option "{key}" must be of type boolean')
        if key == "stop":
            if not isinstance(value, list):
                raise ApiError(500, f'option "{key}" must be of type array')
            if not all(isinstance(item, str) for item in value):
                raise ApiError(500, f'option "{key}" must be of an array of strings')
        result[key] = int(value) if key in _INT_OPTIONS else value
    return result


def _check_format(value: Any) -> Any:
    """Return ``None``, ``"json"`` or a schema dict; anything else is a 500 like the runner's."""
    if value is None or value == "" or value == "json" or isinstance(value, dict):
        return value or None
    raw = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    raise ApiError(500, f'invalid format: {json.dumps(raw)}; expected "json" or a valid JSON Schema object')


def _check_top_logprobs(body: Mapping[str, Any]) -> int:
    top = body.get("top_logprobs") or 0
    if not 0 <= top <= 20:
        raise ApiError(400, "top_logprobs must be between 0 and 20")
    return int(top)


def _is_zero_keep_alive(body: Mapping[str, Any]) -> bool:
    return parse_keep_alive(body.get("keep_alive")) == 0


def _thinking_enabled(model: FakeModel, think: Any) -> bool:
    if think is None:
        return model.supports("thinking")
    return think is not False


def _check_think(body: Mapping[str, Any], model: FakeModel, raw_name: str) -> bool:
    think = parse_think(body.get("think"))
    if think is not None and think is not False and not model.supports("thinking"):
        raise ApiError(400, f"{json.dumps(raw_name)} does not support thinking")
    return _thinking_enabled(model, think)


def _context_length(model: FakeModel, options: Mapping[str, Any]) -> int:
    requested = options.get("num_ctx")
    if isinstance(requested, int) and requested > 0:
        return requested
    return min(model.context_length or 4096, 4096)


def _omit_zero(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value}


def _metrics(prompt_tokens: int, eval_tokens: int) -> dict[str, int]:
    load = 1_250_000
    prompt_eval = 125_000 * max(prompt_tokens, 1)
    evaluation = 8_000_000 * max(eval_tokens, 1)
    return _omit_zero(
        {
            "total_duration": load + prompt_eval + evaluation + 375_000,
            "load_duration": load,
            "prompt_eval_count": prompt_tokens,
            "prompt_eval_duration": prompt_eval,
            "eval_count": eval_tokens,
            "eval_duration": evaluation,
        }
    )


@dataclass
class _Output:
    """What the fake model "generated" for one request."""

    thinking: list[str] = field(default_factory=list)
    content: list[str] = field(default_factory=list)
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    done_reason: str = "stop"
    prompt_tokens: int = 0

    @property
    def eval_tokens(self) -> int:
        return len(self.thinking) + len(self.content) + 4 * len(self.tool_calls)


def _answer_text(base: str, fmt: Any) -> str:
    if fmt == "json":
        return gen.dumps_answer({"answer": base})
    if isinstance(fmt, dict):
        return gen.dumps_answer(gen.schema_value(fmt))
    return base


def _apply_limits(text: str, options: Mapping[str, Any]) -> tuple[list[str], str]:
    done_reason = "stop"
    for stop in options.get("stop") or []:
        if stop and stop in text:
            text = text[: text.index(stop)]
    tokens = gen.tokenize(text)
    limit = options.get("num_predict")
    if isinstance(limit, int) and limit >= 0 and len(tokens) > limit:
        tokens = tokens[:limit]
        done_reason = "length"
    return tokens, done_reason


def _images_note(count: int) -> str:
    if not count:
        return ""
    return f" (with {count} image{'s' if count != 1 else ''})"


def _logprobs(tokens: list[str], body: Mapping[str, Any], top: int) -> list[dict[str, Any]] | None:
    if not body.get("logprobs"):
        return None
    return [gen.logprob_entry(token, top) for token in tokens]


def _require_model(store: ModelStore, raw_name: str) -> FakeModel:
    """Find the model or fail with 404 ``model '<name>' not found`` (also for invalid names)."""
    model = store.get(raw_name.strip())
    if model is None:
        raise ApiError(404, f"model '{raw_name}' not found")
    return model


# ---------------------------------------------------------------------------------------------
# /api/generate


def generate(store: ModelStore, request: RecordedRequest) -> Reply:
    """Handle ``POST /api/generate``."""
    body = _decode(request, "GenerateRequest", _GENERATE_FIELDS)
    image_count = _check_images(body.get("images"))
    raw_name = body.get("model") or ""
    model = _require_model(store, raw_name)
    top = _check_top_logprobs(body)
    if body.get("raw") and (body.get("template") or body.get("system") or body.get("context")):
        raise ApiError(400, "raw mode does not support template, system, or context")
    prompt = body.get("prompt") or ""
    stamp = rfc3339(now_ns())
    if not prompt and _is_zero_keep_alive(body):
        store.unload(model)
        return JSONReply(
            {"model": raw_name, "created_at": stamp, "response": "", "done": True, "done_reason": "unload"}
        )
    thinking = _check_think(body, model, raw_name)
    if not model.supports("completion"):
        raise ApiError(400, f"{json.dumps(raw_name)} does not support generate")
    if body.get("suffix") and not model.supports("insert"):
        raise ApiError(400, f"{model.full_name} does not support insert")
    options = _check_options({**model.parameters, **(body.get("options") or {})})
    store.touch(model, parse_keep_alive(body.get("keep_alive")), _context_length(model, options))
    if body.get("_debug_render_only"):
        system = body.get("system") or ""
        rendered = f"<|system|>{system}\n<|user|>{prompt}\n" if system else f"<|user|>{prompt}\n"
        return _rendered_only("response", "", raw_name, rendered, image_count)
    if not prompt:
        return JSONReply({"model": raw_name, "created_at": stamp, "response": "", "done": True, "done_reason": "load"})
    fmt = _check_format(body.get("format"))

    output = _Output(prompt_tokens=len(gen.tokenize(prompt)) + len(gen.tokenize(body.get("system") or "")) + 4)
    if thinking:
        output.thinking = gen.tokenize(f"Thinking about: {prompt}")
    text = _answer_text(f"You said: {prompt}{_images_note(image_count)}", fmt)
    output.content, output.done_reason = _apply_limits(text, options)

    final: dict[str, Any] = {"model": raw_name, "created_at": "", "response": "", "done": True}
    final["done_reason"] = output.done_reason
    if not body.get("raw"):
        final["context"] = (
            list(body.get("context") or []) + gen.token_ids(prompt) + gen.token_ids("".join(output.content))
        )
    final.update(_metrics(output.prompt_tokens, output.eval_tokens))

    if body.get("stream") is False:
        reply = dict(final, created_at=rfc3339(now_ns()), response="".join(output.content))
        if output.thinking:
            reply = _insert_after(reply, "response", "thinking", "".join(output.thinking))
        logprobs = _logprobs(output.thinking + output.content, body, top)
        if logprobs is not None:
            reply["logprobs"] = logprobs
        return JSONReply(reply)

    lines: list[dict[str, Any]] = []
    for kind, token in [("thinking", t) for t in output.thinking] + [("response", t) for t in output.content]:
        chunk: dict[str, Any] = {"model": raw_name, "created_at": rfc3339(now_ns()), "response": ""}
        if kind == "thinking":
            chunk["thinking"] = token
        else:
            chunk["response"] = token
        chunk["done"] = False
        logprobs = _logprobs([token], body, top)
        if logprobs is not None:
            chunk["logprobs"] = logprobs
        lines.append(chunk)
    final["created_at"] = rfc3339(now_ns())
    lines.append(final)
    return NDJSONReply(lines)


def _rendered_only(field: str, empty: Any, raw_name: str, rendered: str, images: int) -> Reply:
    """``_debug_render_only``: one JSON reply (even when streaming) with the rendered prompt."""
    return JSONReply(
        {
            "model": raw_name,
            "created_at": rfc3339(now_ns()),
            field: empty,
            "done": True,
            "_debug_info": {"rendered_template": rendered, "image_count": images},
        }
    )


def _insert_after(mapping: dict[str, Any], after: str, key: str, value: Any) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for existing, existing_value in mapping.items():
        result[existing] = existing_value
        if existing == after:
            result[key] = value
    return result


# ---------------------------------------------------------------------------------------------
# /api/chat


def _tool_function(tools: list[Any]) -> dict[str, Any] | None:
    for tool in tools:
        function = tool.get("function") if isinstance(tool, dict) else None
        if isinstance(function, dict) and function.get("name"):
            return function
    return None


def chat(store: ModelStore, request: RecordedRequest) -> Reply:
    """Handle ``POST /api/chat``."""
    body = _decode(request, "ChatRequest", _CHAT_FIELDS)
    messages = [m for m in body.get("messages") or [] if isinstance(m, dict)]
    image_counts = [_check_images(m.get("images")) for m in messages]
    raw_name = body.get("model") or ""
    if not raw_name:
        raise ApiError(400, "model is required")
    if parse_model_name(raw_name.strip()) is None:
        raise ApiError(400, "invalid model name")
    model = _require_model(store, raw_name)
    top = _check_top_logprobs(body)
    stamp = rfc3339(now_ns())
    empty_message = {"role": "assistant", "content": ""}
    if not messages and _is_zero_keep_alive(body):
        store.unload(model)
        return JSONReply(
            {"model": raw_name, "created_at": stamp, "message": empty_message, "done": True, "done_reason": "unload"}
        )
    thinking = _check_think(body, model, raw_name)
    if not model.supports("completion"):
        raise ApiError(400, f"{json.dumps(raw_name)} does not support chat")
    tools = body.get("tools") or []
    if tools and not model.supports("tools"):
        raise ApiError(400, f"{model.full_name} does not support tools")
    options = _check_options({**model.parameters, **(body.get("options") or {})})
    store.touch(model, parse_keep_alive(body.get("keep_alive")), _context_length(model, options))
    if body.get("_debug_render_only"):
        rendered = "".join(f"<|{m.get('role')}|>{m.get('content') or ''}\n" for m in messages)
        return _rendered_only("message", {"role": "assistant", "content": ""}, raw_name, rendered, sum(image_counts))
    if not messages:
        return JSONReply(
            {"model": raw_name, "created_at": stamp, "message": empty_message, "done": True, "done_reason": "load"}
        )
    fmt = _check_format(body.get("format"))

    last = messages[-1]
    role = str(last.get("role") or "").lower()
    content = last.get("content") or ""
    output = _Output(
        prompt_tokens=sum(len(gen.tokenize(m.get("content") or "")) + 4 for m in messages) + 16 * len(tools)
    )
    if thinking:
        output.thinking = gen.tokenize(f"Thinking about: {content}")
    function = _tool_function(tools) if tools else None
    if function is not None and role == "user":
        output.tool_calls = [
            {
                "id": gen.call_id(f"{function['name']}\x00{content}\x00{len(messages)}"),
                "function": {"index": 0, "name": function["name"], "arguments": gen.tool_arguments(function)},
            }
        ]
    else:
        if role == "tool":
            base = f"The tool result is: {content}"
        else:
            base = f"You said: {content}{_images_note(image_counts[-1])}"
        output.content, output.done_reason = _apply_limits(_answer_text(base, fmt), options)

    metrics = _metrics(output.prompt_tokens, output.eval_tokens)
    if body.get("stream") is False:
        message: dict[str, Any] = {"role": "assistant", "content": "".join(output.content)}
        if output.thinking:
            message["thinking"] = "".join(output.thinking)
        if output.tool_calls:
            message["tool_calls"] = output.tool_calls
        reply: dict[str, Any] = {
            "model": raw_name,
            "created_at": rfc3339(now_ns()),
            "message": message,
            "done": True,
            "done_reason": output.done_reason,
            **metrics,
        }
        logprobs = _logprobs(output.thinking + output.content, body, top)
        if logprobs is not None:
            reply["logprobs"] = logprobs
        return JSONReply(reply)

    lines: list[dict[str, Any]] = []
    for kind, token in [("thinking", t) for t in output.thinking] + [("content", t) for t in output.content]:
        delta: dict[str, Any] = {"role": "assistant", "content": ""}
        delta[kind] = token
        chunk: dict[str, Any] = {"model": raw_name, "created_at": rfc3339(now_ns()), "message": delta, "done": False}
        logprobs = _logprobs([token], body, top)
        if logprobs is not None:
            chunk["logprobs"] = logprobs
        lines.append(chunk)
    final_message: dict[str, Any] = {"role": "assistant", "content": ""}
    if output.tool_calls:
        final_message["tool_calls"] = output.tool_calls
    lines.append(
        {
            "model": raw_name,
            "created_at": rfc3339(now_ns()),
            "message": final_message,
            "done": True,
            "done_reason": output.done_reason,
            **metrics,
        }
    )
    return NDJSONReply(lines)


# ---------------------------------------------------------------------------------------------
# /api/embed and /api/embeddings


def embed(store: ModelStore, request: RecordedRequest) -> Reply:
    """Handle ``POST /api/embed``."""
    body = _decode(request, "EmbedRequest", _EMBED_FIELDS)
    value = body.get("input")
    if isinstance(value, str):
        inputs = [value] if value else []
    elif isinstance(value, list):
        if not all(isinstance(item, str) for item in value):
            raise ApiError(400, "invalid input type")
        inputs = list(value)
    elif value is None:
        inputs = []
    else:
        raise ApiError(400, "invalid input type")
    raw_name = body.get("model") or ""
    if parse_model_name(raw_name.strip()) is None:
        raise ApiError(404, f"model '{raw_name}' not found")
    model = store.get(raw_name.strip())
    if model is None:
        raise ApiError(404, f"model {json.dumps(raw_name)} not found, try pulling it first")
    options = _check_options(body.get("options"))
    context_length = _context_length(model, options)
    store.touch(model, parse_keep_alive(body.get("keep_alive")), context_length)
    if not inputs:
        return JSONReply({"model": raw_name, "embeddings": []})
    counts = [len(gen.tokenize(text)) + 2 for text in inputs]
    if body.get("truncate") is False and any(count > context_length for count in counts):
        raise ApiError(400, "the input length exceeds the context length")
    dimensions = body.get("dimensions")
    vectors = [
        gen.embedding(text, model.embedding_length or 8, dimensions=int(dimensions) if dimensions else None)
        for text in inputs
    ]
    total_tokens = sum(min(count, context_length) for count in counts)
    return JSONReply(
        {
            "model": raw_name,
            "embeddings": vectors,
            "total_duration": 1_000_000 + 250_000 * total_tokens,
            "load_duration": 500_000,
            "prompt_eval_count": total_tokens,
        }
    )


def embeddings(store: ModelStore, request: RecordedRequest) -> Reply:
    """Handle the legacy ``POST /api/embeddings``."""
    body = _decode(request, "EmbeddingRequest", _EMBEDDINGS_FIELDS)
    raw_name = body.get("model") or ""
    if not raw_name:
        raise ApiError(400, "model is required")
    model = store.get(raw_name.strip()) if parse_model_name(raw_name.strip()) else None
    if model is None:
        raise ApiError(404, f"model {json.dumps(raw_name)} not found, try pulling it first")
    options = _check_options(body.get("options"))
    store.touch(model, parse_keep_alive(body.get("keep_alive")), _context_length(model, options))
    prompt = body.get("prompt") or ""
    if not prompt:
        return JSONReply({"embedding": []})
    return JSONReply({"embedding": gen.embedding(prompt, model.embedding_length or 8, normalised=False)})
