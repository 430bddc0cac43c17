"""``AsyncGenerateAPI``: text generation (``/api/generate``) and chat (``/api/chat``).

Written by hand; ``scripts/unasync.py`` generates the sync twin from it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal, overload

from .. import _payloads
from .._config import TimeoutLike
from .._params import FormatInput, KeepAliveInput, MessageInput, OptionsInput, ThinkInput, ToolInput
from .._streaming import AsyncStream
from ..types import ChatResponse, GenerateResponse, ImageInput
from ._base import AsyncEndpoint, ModelBoundEndpoint, fields

__all__ = ["AsyncGenerateAPI"]


class AsyncGenerateAPI(ModelBoundEndpoint, AsyncEndpoint):
    """Text generation and chat.

    Args:
        base_url: The server, e.g. ``http://localhost:11434/api`` (``/api`` optional); defaults to
            ``OLLAMA_HOST``, else ``http://127.0.0.1:11434``.
        model: The model calls use unless they pass ``model=``.

    Keyword Args:
        timeout (float | tuple | Timeout): Seconds, ``(connect, read)`` or a ``Timeout``.
        headers (Mapping[str, str]): Extra headers for every request.
        max_retries (int): Retries on connection failures, 429 and 503 (never once a reply has
            started).
        session (requests.Session | httpx.AsyncClient): A session to send through (not closed by
            ``close``): ``requests`` for the sync classes, ``httpx`` for the async ones.
        verify (bool | str): TLS verification: True, False or a CA bundle path.
        follow_redirects (bool): Follow redirects that keep the method (307/308, any for GET/HEAD).

    Examples:
        >>> gen = AsyncGenerateAPI(model="llama3.2")
        >>> print((await gen.generate("Why is the sky blue?")).response)
    """

    @overload
    async def generate(
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
    async def generate(
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
    ) -> AsyncStream[GenerateResponse]: ...
    @overload
    async def generate(
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
    ) -> GenerateResponse | AsyncStream[GenerateResponse]: ...
    async def generate(
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
    ) -> GenerateResponse | AsyncStream[GenerateResponse]:
        """Complete a prompt (``POST /api/generate``).

        None (or leaving an argument out) means "not sent": the server's default applies.

        Args:
            prompt: The prompt. Empty or None only loads the model (and with ``keep_alive=0``
                unloads it).
            stream: Return a stream of chunks instead of one aggregated response.
            model: The model (default: the bound model).
            suffix: Text after the insertion point (fill-in-the-middle).
            system: System prompt (overrides the Modelfile's).
            template: Prompt template (overrides the Modelfile's).
            context: Deprecated: the ``context`` of a previous reply, to continue it.
            images: Images for multimodal models: bytes, paths or base64 strings.
            format: ``"json"``, a JSON schema, or a type (dataclass, TypedDict, pydantic model)
                whose schema is sent and into which the answer is parsed (``.parsed``).
            options: Model parameters: a dict or ``Options`` (``temperature``, ``num_ctx``...).
            think: Thinking: True/False, or a level (``"low"``, ``"medium"``, ``"high"``,
                ``"max"``, or any level the server accepts).
            raw: Send the prompt without applying the template.
            keep_alive: How long the model stays loaded: seconds, ``"10m"``, a timedelta.
            truncate: Cut a prompt that exceeds the context (False: an error instead).
            shift: Shift the context when it fills up.
            logprobs: Return the log probability of each token.
            top_logprobs: How many likely alternatives to return per token.
            debug_render_only: Only render the prompt (sent as ``_debug_render_only``).
            width: Image generation: width in pixels.
            height: Image generation: height in pixels.
            steps: Image generation: diffusion steps.
            timeout: Overrides the client's timeout for this call.
            extra_body: JSON fields this SDK does not know yet, sent as they are. A field the
                SDK sends wins: named arguments you passed, and ``model``/``stream``.
            extra_headers: Headers for this request only.

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
            return await self._stream(request)
        return await self._send(request)

    @overload
    async def generate_chat_completion(
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
    async def generate_chat_completion(
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
    ) -> AsyncStream[ChatResponse]: ...
    @overload
    async def generate_chat_completion(
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
    ) -> ChatResponse | AsyncStream[ChatResponse]: ...
    async def generate_chat_completion(
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
    ) -> ChatResponse | AsyncStream[ChatResponse]:
        """Continue a conversation (``POST /api/chat``); also available as ``chat``.

        Args:
            messages: The conversation so far: dicts or ``Message``.
                Empty or None only loads the model (and with ``keep_alive=0`` unloads it).
            stream: Return a stream of chunks instead of one aggregated response.
            model: The model (default: the bound model).
            tools: Tools the model may call: dicts, ``Tool`` or plain Python functions.
            format: ``"json"``, a JSON schema, or a type to parse the answer into; see ``generate``.
            options: Model parameters: a dict or ``Options``.
            think: Thinking: True/False or a level; see ``generate``.
            keep_alive: How long the model stays loaded: seconds, ``"10m"``, a timedelta.
            truncate: Cut messages that exceed the context (False: an error instead).
            shift: Shift the context when it fills up.
            logprobs: Return the log probability of each token.
            top_logprobs: How many likely alternatives to return per token.
            debug_render_only: Only render the prompt (sent as ``_debug_render_only``).
            timeout: Overrides the client's timeout for this call.
            extra_body: JSON fields this SDK does not know yet; see ``generate``.
            extra_headers: Headers for this request only.

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
            return await self._stream(request)
        return await self._send(request)

    chat = generate_chat_completion
