"""``GenerateAPI``: text generation (``/api/generate``) and chat (``/api/chat``).

Generated from ``ollama_python/endpoints/async_generate.py`` by ``scripts/unasync.py``: edit that file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal, overload

from .. import _payloads
from .._config import TimeoutLike
from .._params import FormatInput, KeepAliveInput, MessageInput, OptionsInput, ThinkInput, ToolInput
from .._streaming import Stream
from ..types import ChatResponse, GenerateResponse, ImageInput
from ._base import ModelBoundEndpoint, SyncEndpoint, fields

__all__ = ["GenerateAPI"]


class GenerateAPI(ModelBoundEndpoint, SyncEndpoint):
    """Text generation and chat.

    The constructor takes the server, a default model and the transport options (``timeout``,
    ``headers``, ``max_retries``, ``session``, ``verify``, ``cert``, ``proxy``...), each listed
    with its type and default in the signature.

    Examples:
        >>> gen = GenerateAPI(model="llama3.2")
        >>> print((gen.generate("Why is the sky blue?")).response)
    """

    @overload
    def generate(
        self,
        prompt: str | None = None,
        *,
        stream: Literal[False] = False,
        model: str | None = None,
        suffix: str | None = None,
        system: str | None = None,
        template: str | None = None,
        context: Sequence[int] | None = None,
        images: Sequence[ImageInput] | None = None,
        format: FormatInput | None = None,
        options: OptionsInput | None = None,
        think: ThinkInput | None = None,
        raw: bool | None = None,
        keep_alive: KeepAliveInput | None = None,
        truncate: bool | None = None,
        shift: bool | None = None,
        logprobs: bool | None = None,
        top_logprobs: int | None = None,
        debug_render_only: bool | None = None,
        width: int | None = None,
        height: int | None = None,
        steps: int | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> GenerateResponse: ...
    @overload
    def generate(
        self,
        prompt: str | None = None,
        *,
        stream: Literal[True],
        model: str | None = None,
        suffix: str | None = None,
        system: str | None = None,
        template: str | None = None,
        context: Sequence[int] | None = None,
        images: Sequence[ImageInput] | None = None,
        format: FormatInput | None = None,
        options: OptionsInput | None = None,
        think: ThinkInput | None = None,
        raw: bool | None = None,
        keep_alive: KeepAliveInput | None = None,
        truncate: bool | None = None,
        shift: bool | None = None,
        logprobs: bool | None = None,
        top_logprobs: int | None = None,
        debug_render_only: bool | None = None,
        width: int | None = None,
        height: int | None = None,
        steps: int | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Stream[GenerateResponse]: ...
    @overload
    def generate(
        self,
        prompt: str | None = None,
        *,
        stream: bool,
        model: str | None = None,
        suffix: str | None = None,
        system: str | None = None,
        template: str | None = None,
        context: Sequence[int] | None = None,
        images: Sequence[ImageInput] | None = None,
        format: FormatInput | None = None,
        options: OptionsInput | None = None,
        think: ThinkInput | None = None,
        raw: bool | None = None,
        keep_alive: KeepAliveInput | None = None,
        truncate: bool | None = None,
        shift: bool | None = None,
        logprobs: bool | None = None,
        top_logprobs: int | None = None,
        debug_render_only: bool | None = None,
        width: int | None = None,
        height: int | None = None,
        steps: int | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> GenerateResponse | Stream[GenerateResponse]: ...
    def generate(
        self,
        prompt: str | None = None,
        *,
        stream: bool = False,
        model: str | None = None,
        suffix: str | None = None,
        system: str | None = None,
        template: str | None = None,
        context: Sequence[int] | None = None,
        images: Sequence[ImageInput] | None = None,
        format: FormatInput | None = None,
        options: OptionsInput | None = None,
        think: ThinkInput | None = None,
        raw: bool | None = None,
        keep_alive: KeepAliveInput | None = None,
        truncate: bool | None = None,
        shift: bool | None = None,
        logprobs: bool | None = None,
        top_logprobs: int | None = None,
        debug_render_only: bool | None = None,
        width: int | None = None,
        height: int | None = None,
        steps: int | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> GenerateResponse | Stream[GenerateResponse]:
        """Complete a prompt (``POST /api/generate``).

        None (or leaving an argument out) means "not sent": the server's default applies.

        Args:
            prompt: The prompt. Empty or None only loads the model (and with ``keep_alive=0``
                unloads it).
            stream: Return a stream of chunks instead of one aggregated response.
            model: The model (the endpoint classes default to the model they were created with).
            suffix: Text after the completion (fill-in-the-middle, for models with the ``insert``
                capability).
            system: System prompt, instead of the model's.
            template: Prompt template, instead of the model's.
            context: Deprecated by the server: the ``context`` of an earlier reply, to continue it.
            images: Images for vision models: bytes, paths or base64 strings.
            format: ``"json"``, a JSON schema, or a type (dataclass, TypedDict, pydantic model)
                whose schema is sent and into which the answer is parsed (``.parsed``).
            options: Model parameters: a dict or ``Options`` (``temperature``, ``num_ctx``,
                ``seed``...).
            think: Thinking: True/False, or a level (``"low"``, ``"medium"``, ``"high"``, ``"max"``,
                or any other level the server accepts).
            raw: Send the prompt as it is, without the template.
            keep_alive: How long the model stays loaded afterwards: seconds, ``"10m"``, a timedelta;
                0 unloads it, a negative value keeps it loaded.
            truncate: False makes input that exceeds the context an error instead of shortening it.
            shift: False stops the context window from sliding when it fills up during generation.
            logprobs: Return the log probability of each generated token.
            top_logprobs: How many likely alternatives to return for each token (with ``logprobs``).
            debug_render_only: Only render the prompt, without generating (sent as
                ``_debug_render_only``).
            width: Image generation: the image's width in pixels.
            height: Image generation: the image's height in pixels.
            steps: Image generation: the number of diffusion steps.
            timeout: Overrides the client's timeout for this call: seconds, ``(connect, read)`` or a
                ``Timeout``.
            extra_body: JSON fields this SDK does not know yet, added to the body as they are. A
                field the SDK sends wins: every named argument you passed (not None), and ``model``
                and ``stream``, which decide how the reply is read; ``extra_body`` fills in every
                other key.
            extra_headers: Headers for this request only (they win over the client's ``headers``).

        Returns:
            A ``GenerateResponse``, or a stream of them.

        Raises:
            RequestError: An argument is invalid (nothing was sent).
            NotFoundError: The model is not installed.
            ResponseError: The server refused the request or failed while generating.
            ConnectionError: The server could not be reached (``TimeoutError`` when too slow).
        """
        request = _payloads.generate(self.model, prompt, stream, fields(locals(), "prompt", "stream"))
        if stream:
            return self._stream(request)
        return self._send(request)

    @overload
    def generate_chat_completion(
        self,
        messages: Sequence[MessageInput] | None = None,
        *,
        stream: Literal[False] = False,
        model: str | None = None,
        tools: Sequence[ToolInput] | None = None,
        format: FormatInput | None = None,
        options: OptionsInput | None = None,
        think: ThinkInput | None = None,
        keep_alive: KeepAliveInput | None = None,
        truncate: bool | None = None,
        shift: bool | None = None,
        logprobs: bool | None = None,
        top_logprobs: int | None = None,
        debug_render_only: bool | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> ChatResponse: ...
    @overload
    def generate_chat_completion(
        self,
        messages: Sequence[MessageInput] | None = None,
        *,
        stream: Literal[True],
        model: str | None = None,
        tools: Sequence[ToolInput] | None = None,
        format: FormatInput | None = None,
        options: OptionsInput | None = None,
        think: ThinkInput | None = None,
        keep_alive: KeepAliveInput | None = None,
        truncate: bool | None = None,
        shift: bool | None = None,
        logprobs: bool | None = None,
        top_logprobs: int | None = None,
        debug_render_only: bool | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Stream[ChatResponse]: ...
    @overload
    def generate_chat_completion(
        self,
        messages: Sequence[MessageInput] | None = None,
        *,
        stream: bool,
        model: str | None = None,
        tools: Sequence[ToolInput] | None = None,
        format: FormatInput | None = None,
        options: OptionsInput | None = None,
        think: ThinkInput | None = None,
        keep_alive: KeepAliveInput | None = None,
        truncate: bool | None = None,
        shift: bool | None = None,
        logprobs: bool | None = None,
        top_logprobs: int | None = None,
        debug_render_only: bool | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> ChatResponse | Stream[ChatResponse]: ...
    def generate_chat_completion(
        self,
        messages: Sequence[MessageInput] | None = None,
        *,
        stream: bool = False,
        model: str | None = None,
        tools: Sequence[ToolInput] | None = None,
        format: FormatInput | None = None,
        options: OptionsInput | None = None,
        think: ThinkInput | None = None,
        keep_alive: KeepAliveInput | None = None,
        truncate: bool | None = None,
        shift: bool | None = None,
        logprobs: bool | None = None,
        top_logprobs: int | None = None,
        debug_render_only: bool | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> ChatResponse | Stream[ChatResponse]:
        """Continue a conversation (``POST /api/chat``); also available as ``chat``.

        Args:
            messages: The conversation so far: dicts or ``Message``.
                Empty or None only loads the model (and with ``keep_alive=0`` unloads it).
            stream: Return a stream of chunks instead of one aggregated response.
            model: The model (the endpoint classes default to the model they were created with).
            tools: Tools the model may call: dicts, ``Tool`` objects or plain Python functions.
            format: ``"json"``, a JSON schema, or a type (dataclass, TypedDict, pydantic model)
                whose schema is sent and into which the answer is parsed (``.parsed``).
            options: Model parameters: a dict or ``Options`` (``temperature``, ``num_ctx``,
                ``seed``...).
            think: Thinking: True/False, or a level (``"low"``, ``"medium"``, ``"high"``, ``"max"``,
                or any other level the server accepts).
            keep_alive: How long the model stays loaded afterwards: seconds, ``"10m"``, a timedelta;
                0 unloads it, a negative value keeps it loaded.
            truncate: False makes input that exceeds the context an error instead of shortening it.
            shift: False stops the context window from sliding when it fills up during generation.
            logprobs: Return the log probability of each generated token.
            top_logprobs: How many likely alternatives to return for each token (with ``logprobs``).
            debug_render_only: Only render the prompt, without generating (sent as
                ``_debug_render_only``).
            timeout: Overrides the client's timeout for this call: seconds, ``(connect, read)`` or a
                ``Timeout``.
            extra_body: JSON fields this SDK does not know yet, added to the body as they are. A
                field the SDK sends wins: every named argument you passed (not None), and ``model``
                and ``stream``, which decide how the reply is read; ``extra_body`` fills in every
                other key.
            extra_headers: Headers for this request only (they win over the client's ``headers``).

        Returns:
            A ``ChatResponse`` (``.message`` holds the reply), or a stream of them.

        Raises:
            RequestError: An argument is invalid (nothing was sent).
            NotFoundError: The model is not installed.
            ResponseError: The server refused the request or failed while generating.
            ConnectionError: The server could not be reached (``TimeoutError`` when too slow).
        """
        request = _payloads.chat(self.model, messages, stream, fields(locals(), "messages", "stream"))
        if stream:
            return self._stream(request)
        return self._send(request)

    chat = generate_chat_completion
