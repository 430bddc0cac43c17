"""``Client``: the official ``ollama`` package's one-object API on our endpoints.

Generated from ``ollama_python/async_client.py`` by ``scripts/unasync.py``: edit that file.

Methods keep the official names, positional order, keywords and defaults, and put the same JSON
on the wire as the official client (``"stream": false``, an empty ``"tools"`` list, ``"insecure":
false``, message fields with empty values left out). Every call is forwarded to the endpoint
classes, which share this client's single transport.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from os import PathLike
from typing import Any, Literal, overload

from . import _payloads
from ._client_base import SyncClientBase, without_empty_fields
from ._config import TimeoutLike
from ._params import FormatInput, KeepAliveInput, MessageInput, OptionsInput, ThinkInput, ToolInput
from ._streaming import Stream
from .endpoints._base import fields
from .endpoints.embedding import EmbeddingAPI
from .endpoints.generate import GenerateAPI
from .endpoints.model_management import ModelManagementAPI
from .errors import RequestError
from .types import (
    ChatResponse,
    EmbedArrayResponse,
    EmbeddingsResponse,
    EmbedResponse,
    GenerateResponse,
    ImageInput,
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

__all__ = ["Client"]


class Client(SyncClientBase):
    """One object for the whole API, with the official ``ollama`` client's methods.

    The constructor takes ``host`` (parsed like ``OLLAMA_HOST``, which is the default),
    ``web_host`` and the transport options the official client passes to httpx (``timeout``,
    ``headers``, ``verify``, ``cert``, ``proxy``, ``proxies``, ``trust_env``, ``follow_redirects``),
    plus ``max_retries`` and ``session``; any other keyword is a ``TypeError``.

    Examples:
        >>> client = Client()
        >>> reply = client.chat("llama3.2", messages=[{"role": "user", "content": "Hi"}])
        >>> print(reply["message"]["content"])
    """

    _generate_api = GenerateAPI
    _embedding_api = EmbeddingAPI
    _model_api = ModelManagementAPI
    _generation: GenerateAPI
    _embedding: EmbeddingAPI
    _models: ModelManagementAPI

    # -- inference ------------------------------------------------------------------------
    @overload
    def generate(
        self,
        model: str = "",
        prompt: str | None = None,
        suffix: str | None = None,
        *,
        system: str | None = None,
        template: str | None = None,
        context: Sequence[int] | None = None,
        stream: Literal[False] = False,
        think: ThinkInput | None = None,
        raw: bool | None = None,
        format: FormatInput | None = None,
        images: Sequence[ImageInput] | None = None,
        options: OptionsInput | None = None,
        keep_alive: KeepAliveInput | None = None,
        logprobs: bool | None = None,
        top_logprobs: int | None = None,
        truncate: bool | None = None,
        shift: bool | None = None,
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
        model: str = "",
        prompt: str | None = None,
        suffix: str | None = None,
        *,
        system: str | None = None,
        template: str | None = None,
        context: Sequence[int] | None = None,
        stream: Literal[True],
        think: ThinkInput | None = None,
        raw: bool | None = None,
        format: FormatInput | None = None,
        images: Sequence[ImageInput] | None = None,
        options: OptionsInput | None = None,
        keep_alive: KeepAliveInput | None = None,
        logprobs: bool | None = None,
        top_logprobs: int | None = None,
        truncate: bool | None = None,
        shift: bool | None = None,
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
        model: str = "",
        prompt: str | None = None,
        suffix: str | None = None,
        *,
        system: str | None = None,
        template: str | None = None,
        context: Sequence[int] | None = None,
        stream: bool,
        think: ThinkInput | None = None,
        raw: bool | None = None,
        format: FormatInput | None = None,
        images: Sequence[ImageInput] | None = None,
        options: OptionsInput | None = None,
        keep_alive: KeepAliveInput | None = None,
        logprobs: bool | None = None,
        top_logprobs: int | None = None,
        truncate: bool | None = None,
        shift: bool | None = None,
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
        model: str = "",
        prompt: str | None = None,
        suffix: str | None = None,
        *,
        system: str | None = None,
        template: str | None = None,
        context: Sequence[int] | None = None,
        stream: bool = False,
        think: ThinkInput | None = None,
        raw: bool | None = None,
        format: FormatInput | None = None,
        images: Sequence[ImageInput] | None = None,
        options: OptionsInput | None = None,
        keep_alive: KeepAliveInput | None = None,
        logprobs: bool | None = None,
        top_logprobs: int | None = None,
        truncate: bool | None = None,
        shift: bool | None = None,
        debug_render_only: bool | None = None,
        width: int | None = None,
        height: int | None = None,
        steps: int | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> GenerateResponse | Stream[GenerateResponse]:
        """Complete a prompt (``POST /api/generate``).

        Args:
            model: The model (the endpoint classes default to the model they were created with).
            prompt: The prompt. Empty or None only loads the model (and with ``keep_alive=0``
                unloads it).
            suffix: Text after the completion (fill-in-the-middle, for models with the ``insert``
                capability).
            system: System prompt, instead of the model's.
            template: Prompt template, instead of the model's.
            context: Deprecated by the server: the ``context`` of an earlier reply, to continue it.
            stream: Return a stream of chunks instead of one aggregated response.
            think: Thinking: True/False, or a level (``"low"``, ``"medium"``, ``"high"``, ``"max"``,
                or any other level the server accepts).
            raw: Send the prompt as it is, without the template.
            format: ``"json"``, a JSON schema, or a type (dataclass, TypedDict, pydantic model)
                whose schema is sent and into which the answer is parsed (``.parsed``).
            images: Images for vision models: bytes, paths or base64 strings.
            options: Model parameters: a dict or ``Options`` (``temperature``, ``num_ctx``,
                ``seed``...).
            keep_alive: How long the model stays loaded afterwards: seconds, ``"10m"``, a timedelta;
                0 unloads it, a negative value keeps it loaded.
            logprobs: Return the log probability of each generated token.
            top_logprobs: How many likely alternatives to return for each token (with ``logprobs``).
            truncate: False makes input that exceeds the context an error instead of shortening it.
            shift: False stops the context window from sliding when it fills up during generation.
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
            A ``GenerateResponse``, or a stream of them when ``stream=True``.
        """
        params = fields(locals(), "prompt", "stream")
        params["images"] = images or None  # the official client leaves an empty list out
        return self._generation.generate(prompt, stream=stream, **params)

    @overload
    def chat(
        self,
        model: str = "",
        messages: Sequence[MessageInput] | None = None,
        *,
        tools: Sequence[ToolInput] | None = None,
        stream: Literal[False] = False,
        think: ThinkInput | None = None,
        logprobs: bool | None = None,
        top_logprobs: int | None = None,
        format: FormatInput | None = None,
        options: OptionsInput | None = None,
        keep_alive: KeepAliveInput | None = None,
        truncate: bool | None = None,
        shift: bool | None = None,
        debug_render_only: bool | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> ChatResponse: ...
    @overload
    def chat(
        self,
        model: str = "",
        messages: Sequence[MessageInput] | None = None,
        *,
        tools: Sequence[ToolInput] | None = None,
        stream: Literal[True],
        think: ThinkInput | None = None,
        logprobs: bool | None = None,
        top_logprobs: int | None = None,
        format: FormatInput | None = None,
        options: OptionsInput | None = None,
        keep_alive: KeepAliveInput | None = None,
        truncate: bool | None = None,
        shift: bool | None = None,
        debug_render_only: bool | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Stream[ChatResponse]: ...
    @overload
    def chat(
        self,
        model: str = "",
        messages: Sequence[MessageInput] | None = None,
        *,
        tools: Sequence[ToolInput] | None = None,
        stream: bool,
        think: ThinkInput | None = None,
        logprobs: bool | None = None,
        top_logprobs: int | None = None,
        format: FormatInput | None = None,
        options: OptionsInput | None = None,
        keep_alive: KeepAliveInput | None = None,
        truncate: bool | None = None,
        shift: bool | None = None,
        debug_render_only: bool | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> ChatResponse | Stream[ChatResponse]: ...
    def chat(
        self,
        model: str = "",
        messages: Sequence[MessageInput] | None = None,
        *,
        tools: Sequence[ToolInput] | None = None,
        stream: bool = False,
        think: ThinkInput | None = None,
        logprobs: bool | None = None,
        top_logprobs: int | None = None,
        format: FormatInput | None = None,
        options: OptionsInput | None = None,
        keep_alive: KeepAliveInput | None = None,
        truncate: bool | None = None,
        shift: bool | None = None,
        debug_render_only: bool | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> ChatResponse | Stream[ChatResponse]:
        """Continue a conversation (``POST /api/chat``).

        Args:
            model: The model (the endpoint classes default to the model they were created with).
            messages: The conversation so far: dicts or ``Message``. Empty or None only loads
                the model.
            tools: Tools the model may call: dicts, ``Tool`` objects or plain Python functions.
            stream: Return a stream of chunks instead of one aggregated response.
            think: Thinking: True/False, or a level (``"low"``, ``"medium"``, ``"high"``, ``"max"``,
                or any other level the server accepts).
            logprobs: Return the log probability of each generated token.
            top_logprobs: How many likely alternatives to return for each token (with ``logprobs``).
            format: ``"json"``, a JSON schema, or a type (dataclass, TypedDict, pydantic model)
                whose schema is sent and into which the answer is parsed (``.parsed``).
            options: Model parameters: a dict or ``Options`` (``temperature``, ``num_ctx``,
                ``seed``...).
            keep_alive: How long the model stays loaded afterwards: seconds, ``"10m"``, a timedelta;
                0 unloads it, a negative value keeps it loaded.
            truncate: False makes input that exceeds the context an error instead of shortening it.
            shift: False stops the context window from sliding when it fills up during generation.
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
            A ``ChatResponse`` (``.message`` is the reply), or a stream of them when ``stream=True``.
        """
        params = fields(locals(), "messages", "stream")
        params["tools"] = tools or []  # always sent, as the official client does; checked later
        return self._generation.chat(without_empty_fields(messages), stream=stream, **params)

    def embed(
        self,
        model: str = "",
        input: str | Sequence[str] = "",
        truncate: bool | None = None,
        options: OptionsInput | None = None,
        keep_alive: KeepAliveInput | None = None,
        dimensions: int | None = None,
        *,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> EmbedResponse:
        """Embed one text or a list of texts (``POST /api/embed``); vectors are L2-normalised.

        Args:
            model: The model (the endpoint class defaults to the model it was created with).
            input: A string or a list of strings.
            truncate: False makes an input that exceeds the context an error instead of cutting it.
            options: Model parameters: a dict or ``Options`` (``temperature``, ``num_ctx``,
                ``seed``...).
            keep_alive: How long the model stays loaded afterwards: seconds, ``"10m"``, a timedelta;
                0 unloads it, a negative value keeps it loaded.
            dimensions: Shorten the vectors to this many dimensions.
            timeout: Overrides the client's timeout for this call: seconds, ``(connect, read)`` or a
                ``Timeout``.
            extra_body: JSON fields this SDK does not know yet, added to the body as they are. A
                field the SDK sends wins: every named argument you passed (not None), and ``model``
                and ``stream``, which decide how the reply is read; ``extra_body`` fills in every
                other key.
            extra_headers: Headers for this request only (they win over the client's ``headers``).
        """
        result: EmbedResponse = self._embedding.embed(input, **fields(locals(), "input"))
        return result

    @overload
    def embed_batch(
        self,
        model: str,
        texts: Iterable[str],
        *,
        batch_size: int = 64,
        concurrency: int = 4,
        progress: bool = False,
        as_numpy: Literal[False] = False,
        truncate: bool | None = None,
        dimensions: int | None = None,
        options: OptionsInput | None = None,
        keep_alive: KeepAliveInput | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> EmbedResponse: ...
    @overload
    def embed_batch(
        self,
        model: str,
        texts: Iterable[str],
        *,
        batch_size: int = 64,
        concurrency: int = 4,
        progress: bool = False,
        as_numpy: Literal[True],
        truncate: bool | None = None,
        dimensions: int | None = None,
        options: OptionsInput | None = None,
        keep_alive: KeepAliveInput | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> EmbedArrayResponse: ...
    @overload
    def embed_batch(
        self,
        model: str,
        texts: Iterable[str],
        *,
        batch_size: int = 64,
        concurrency: int = 4,
        progress: bool = False,
        as_numpy: bool,
        truncate: bool | None = None,
        dimensions: int | None = None,
        options: OptionsInput | None = None,
        keep_alive: KeepAliveInput | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> EmbedResponse | EmbedArrayResponse: ...
    def embed_batch(
        self,
        model: str,
        texts: Iterable[str],
        *,
        batch_size: int = 64,
        concurrency: int = 4,
        progress: bool = False,
        as_numpy: bool = False,
        truncate: bool | None = None,
        dimensions: int | None = None,
        options: OptionsInput | None = None,
        keep_alive: KeepAliveInput | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> EmbedResponse | EmbedArrayResponse:
        """Embed many texts in batches with bounded concurrency; vectors in input order.

        Args:
            model: The model (the endpoint class defaults to the model it was created with).
            texts: The texts.
            batch_size: Texts per request.
            concurrency: Requests in flight at once (threads when sync, tasks when async).
            progress: Show a progress bar (``pip install 'ollama-python[progress]'``).
            as_numpy: Vectors as one float32 NumPy array (an ``EmbedArrayResponse``).
            truncate: False makes an input that exceeds the context an error instead of cutting it.
            dimensions: Shorten the vectors to this many dimensions.
            options: Model parameters: a dict or ``Options`` (``temperature``, ``num_ctx``,
                ``seed``...).
            keep_alive: How long the model stays loaded afterwards: seconds, ``"10m"``, a timedelta;
                0 unloads it, a negative value keeps it loaded.
            timeout: Overrides the client's timeout for this call: seconds, ``(connect, read)`` or a
                ``Timeout``.
            extra_body: JSON fields this SDK does not know yet, added to the body as they are. A
                field the SDK sends wins: every named argument you passed (not None), and ``model``
                and ``stream``, which decide how the reply is read; ``extra_body`` fills in every
                other key.
            extra_headers: Headers for this request only (they win over the client's ``headers``).
        """
        result: EmbedResponse | EmbedArrayResponse = self._embedding.embed_batch(texts, **fields(locals(), "texts"))
        return result

    def embeddings(
        self,
        model: str = "",
        prompt: str | None = None,
        options: OptionsInput | None = None,
        keep_alive: KeepAliveInput | None = None,
        *,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> EmbeddingsResponse:
        """Embed one text with the legacy ``/api/embeddings`` (prefer ``embed``).

        Args:
            model: The model (the endpoint class defaults to the model it was created with).
            prompt: The text.
            options: Model parameters: a dict or ``Options`` (``temperature``, ``num_ctx``,
                ``seed``...).
            keep_alive: How long the model stays loaded afterwards: seconds, ``"10m"``, a timedelta;
                0 unloads it, a negative value keeps it loaded.
            timeout: Overrides the client's timeout for this call: seconds, ``(connect, read)`` or a
                ``Timeout``.
            extra_body: JSON fields this SDK does not know yet, added to the body as they are. A
                field the SDK sends wins: every named argument you passed (not None), and ``model``
                and ``stream``, which decide how the reply is read; ``extra_body`` fills in every
                other key.
            extra_headers: Headers for this request only (they win over the client's ``headers``).
        """
        return self._embedding.embeddings(prompt, **fields(locals(), "prompt"))

    # -- model management -----------------------------------------------------------------
    @overload
    def pull(
        self,
        model: str,
        *,
        insecure: bool = False,
        stream: Literal[False] = False,
        progress: bool = False,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> ProgressResponse: ...
    @overload
    def pull(
        self,
        model: str,
        *,
        insecure: bool = False,
        stream: Literal[True],
        progress: Literal[False] = False,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Stream[ProgressResponse]: ...
    @overload
    def pull(
        self,
        model: str,
        *,
        insecure: bool = False,
        stream: bool,
        progress: bool = False,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> ProgressResponse | Stream[ProgressResponse]: ...
    def pull(
        self,
        model: str,
        *,
        insecure: bool = False,
        stream: bool = False,
        progress: bool = False,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> ProgressResponse | Stream[ProgressResponse]:
        """Download a model from a registry (``POST /api/pull``).

        Args:
            model: The model, e.g. ``"llama3.2"`` or ``"host/namespace/model:tag"``.
            insecure: Allow plain-HTTP registries.
            stream: Return a stream of progress reports (``.status .digest .total .completed``).
            progress: Draw a bar per layer and return the final report.
            timeout: Overrides the client's timeout for this call: seconds, ``(connect, read)`` or a
                ``Timeout``.
            extra_body: JSON fields this SDK does not know yet, added to the body as they are. A
                field the SDK sends wins: every named argument you passed (not None), and ``model``
                and ``stream``, which decide how the reply is read; ``extra_body`` fills in every
                other key.
            extra_headers: Headers for this request only (they win over the client's ``headers``).
        """
        result: ProgressResponse | Stream[ProgressResponse] = self._models.pull(**fields(locals()))
        return result

    @overload
    def push(
        self,
        model: str,
        *,
        insecure: bool = False,
        stream: Literal[False] = False,
        progress: bool = False,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> ProgressResponse: ...
    @overload
    def push(
        self,
        model: str,
        *,
        insecure: bool = False,
        stream: Literal[True],
        progress: Literal[False] = False,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Stream[ProgressResponse]: ...
    @overload
    def push(
        self,
        model: str,
        *,
        insecure: bool = False,
        stream: bool,
        progress: bool = False,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> ProgressResponse | Stream[ProgressResponse]: ...
    def push(
        self,
        model: str,
        *,
        insecure: bool = False,
        stream: bool = False,
        progress: bool = False,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> ProgressResponse | Stream[ProgressResponse]:
        """Upload a model to a registry (``POST /api/push``); name it ``<namespace>/<model>:<tag>``.

        Args:
            model: The model, e.g. ``"llama3.2"`` or ``"host/namespace/model:tag"``.
            insecure: Allow plain-HTTP registries.
            stream: Return a stream of progress reports.
            progress: Draw a bar per layer and return the final report.
            timeout: Overrides the client's timeout for this call: seconds, ``(connect, read)`` or a
                ``Timeout``.
            extra_body: JSON fields this SDK does not know yet, added to the body as they are. A
                field the SDK sends wins: every named argument you passed (not None), and ``model``
                and ``stream``, which decide how the reply is read; ``extra_body`` fills in every
                other key.
            extra_headers: Headers for this request only (they win over the client's ``headers``).
        """
        result: ProgressResponse | Stream[ProgressResponse] = self._models.push(**fields(locals()))
        return result

    @overload
    def create(
        self,
        model: str,
        quantize: str | None = None,
        from_: str | None = None,
        files: Mapping[str, str] | None = None,
        adapters: Mapping[str, str] | None = None,
        template: str | None = None,
        license: str | Sequence[str] | None = None,
        system: str | None = None,
        parameters: OptionsInput | None = None,
        messages: Sequence[MessageInput] | None = None,
        *,
        stream: Literal[False] = False,
        progress: bool = False,
        modelfile: str | None = None,
        path: str | PathLike[str] | None = None,
        renderer: str | None = None,
        parser: str | None = None,
        requires: str | None = None,
        remote_host: str | None = None,
        info: Mapping[str, Any] | None = None,
        draft_files: Mapping[str, str] | None = None,
        draft_quantize: str | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> ProgressResponse: ...
    @overload
    def create(
        self,
        model: str,
        quantize: str | None = None,
        from_: str | None = None,
        files: Mapping[str, str] | None = None,
        adapters: Mapping[str, str] | None = None,
        template: str | None = None,
        license: str | Sequence[str] | None = None,
        system: str | None = None,
        parameters: OptionsInput | None = None,
        messages: Sequence[MessageInput] | None = None,
        *,
        stream: Literal[True],
        progress: Literal[False] = False,
        modelfile: str | None = None,
        path: str | PathLike[str] | None = None,
        renderer: str | None = None,
        parser: str | None = None,
        requires: str | None = None,
        remote_host: str | None = None,
        info: Mapping[str, Any] | None = None,
        draft_files: Mapping[str, str] | None = None,
        draft_quantize: str | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Stream[ProgressResponse]: ...
    @overload
    def create(
        self,
        model: str,
        quantize: str | None = None,
        from_: str | None = None,
        files: Mapping[str, str] | None = None,
        adapters: Mapping[str, str] | None = None,
        template: str | None = None,
        license: str | Sequence[str] | None = None,
        system: str | None = None,
        parameters: OptionsInput | None = None,
        messages: Sequence[MessageInput] | None = None,
        *,
        stream: bool,
        progress: bool = False,
        modelfile: str | None = None,
        path: str | PathLike[str] | None = None,
        renderer: str | None = None,
        parser: str | None = None,
        requires: str | None = None,
        remote_host: str | None = None,
        info: Mapping[str, Any] | None = None,
        draft_files: Mapping[str, str] | None = None,
        draft_quantize: str | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> ProgressResponse | Stream[ProgressResponse]: ...
    def create(
        self,
        model: str,
        quantize: str | None = None,
        from_: str | None = None,
        files: Mapping[str, str] | None = None,
        adapters: Mapping[str, str] | None = None,
        template: str | None = None,
        license: str | Sequence[str] | None = None,
        system: str | None = None,
        parameters: OptionsInput | None = None,
        messages: Sequence[MessageInput] | None = None,
        *,
        stream: bool = False,
        progress: bool = False,
        modelfile: str | None = None,
        path: str | PathLike[str] | None = None,
        renderer: str | None = None,
        parser: str | None = None,
        requires: str | None = None,
        remote_host: str | None = None,
        info: Mapping[str, Any] | None = None,
        draft_files: Mapping[str, str] | None = None,
        draft_quantize: str | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> ProgressResponse | Stream[ProgressResponse]:
        """Create a model (``POST /api/create``) from an existing one or from uploaded files.

        Args:
            model: The new model's name.
            quantize: Quantize the weights (``"q4_K_M"``, ``"q8_0"``...).
            from_: The base model (sent as ``from``).
            files: File name -> blob digest of the weights (see ``create_blob``).
            adapters: File name -> blob digest of LoRA adapters.
            template: The prompt template.
            license: The license text, or a list of them.
            system: The system prompt.
            parameters: Model parameters: a dict or ``Options``.
            messages: A conversation the model starts from.
            stream: Return a stream of progress reports instead of the final one.
            progress: Draw progress bars while it runs and return the final report.
            modelfile: Modelfile text, as older tutorials pass it: parsed here into the current
                request form, its local ``FROM``/``ADAPTER`` files uploaded as blobs first;
                explicit arguments win over its lines.
            path: A Modelfile on disk, read like ``modelfile``.
            renderer: The prompt renderer.
            parser: The output parser.
            requires: The lowest server version the model needs.
            remote_host: A remote host the model runs on.
            info: Free-form information about the model.
            draft_files: File name -> blob digest of a draft model for speculative decoding.
            draft_quantize: Quantize the draft model.
            timeout: Overrides the client's timeout for this call: seconds, ``(connect, read)`` or a
                ``Timeout``.
            extra_body: JSON fields this SDK does not know yet, added to the body as they are. A
                field the SDK sends wins: every named argument you passed (not None), and ``model``
                and ``stream``, which decide how the reply is read; ``extra_body`` fills in every
                other key.
            extra_headers: Headers for this request only (they win over the client's ``headers``).
        """
        params = fields(locals(), "modelfile", "path")
        if modelfile is not None and path is not None:
            raise RequestError("create() got both modelfile= and path=; pass one", argument="modelfile")
        params["model_file"] = modelfile if modelfile is not None else path
        result: ProgressResponse | Stream[ProgressResponse] = self._models.create(**params)
        return result

    def create_blob(
        self,
        path: str | PathLike[str],
        *,
        progress: bool = False,
        timeout: TimeoutLike | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> str:
        """Upload a file as a blob unless the server has it; returns ``"sha256:<hex>"``.

        Args:
            path: The file to upload.
            progress: Draw hashing and upload bars.
            timeout: Overrides the client's timeout for each request: seconds, ``(connect, read)``
                or a ``Timeout``.
            extra_headers: Headers for the ``HEAD`` and the upload only (they win over the
                client's ``headers``).
        """
        return self._models.create_blob(**fields(locals()))

    def delete(
        self,
        model: str,
        *,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> StatusResponse:
        """Delete a model."""
        return self._models.delete(**fields(locals()))

    def copy(
        self,
        source: str,
        destination: str,
        *,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> StatusResponse:
        """Copy a model under a new name."""
        return self._models.copy(**fields(locals()))

    def list(self, *, extra_headers: Mapping[str, str] | None = None) -> ListResponse:
        """Installed models, newest first."""
        return self._models.list(extra_headers=extra_headers)

    def show(
        self,
        model: str,
        *,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> ShowResponse:
        """Details of one model (template, parameters, ``modelinfo``, capabilities...)."""
        return self._models.show(**fields(locals()))

    def ps(self, *, extra_headers: Mapping[str, str] | None = None) -> ProcessResponse:
        """Models loaded in memory."""
        return self._models.ps(extra_headers=extra_headers)

    def version(self, *, extra_headers: Mapping[str, str] | None = None) -> VersionResponse:
        """The server's version."""
        return self._models.version(extra_headers=extra_headers)

    # -- web tools: ollama.com with an API key, or the signed-in local server -------------
    def web_search(
        self,
        query: str,
        max_results: int = 3,
        *,
        via: Literal["server"] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> WebSearchResponse:
        """Search the web.

        Args:
            query: What to search for.
            max_results: How many results to ask for (the server bounds it; ollama.com allows 10).
            via: None (the default) asks ollama.com, which needs an API key in ``OLLAMA_API_KEY``
                (or an ``Authorization`` header); ``"server"`` asks the local server's
                ``/api/experimental/web_search``, which uses the machine's ollama.com sign-in
                (no API key; servers since ~v0.18).
            extra_body: JSON fields this SDK does not know yet (a field the SDK sends wins).
            extra_headers: Headers for this request only.
        """
        request = _payloads.web_search(query, max_results, via_server=_payloads.web_via(via))
        request = _payloads.with_extras(request, extra_body, extra_headers)
        transport = self._transport if via == "server" else self._web_transport("web_search")
        result: WebSearchResponse = transport.send(request)
        return result

    def web_fetch(
        self,
        url: str,
        *,
        via: Literal["server"] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> WebFetchResponse:
        """Fetch a web page's title, text and links.

        Args:
            url: The page.
            via: None (the default) asks ollama.com with an API key; ``"server"`` asks the local
                server's ``/api/experimental/web_fetch`` with the machine's sign-in.
            extra_body: JSON fields this SDK does not know yet (a field the SDK sends wins).
            extra_headers: Headers for this request only.
        """
        request = _payloads.with_extras(
            _payloads.web_fetch(url, via_server=_payloads.web_via(via)), extra_body, extra_headers
        )
        transport = self._transport if via == "server" else self._web_transport("web_fetch")
        result: WebFetchResponse = transport.send(request)
        return result

    # -- the local server: status, account, recommendations --------------------------------
    def status(self, *, extra_headers: Mapping[str, str] | None = None) -> ServerStatusResponse:
        """Whether the server may use ollama.com (``GET /api/status``): ``.cloud.disabled``, ``.cloud.source``."""
        return self._models.status(extra_headers=extra_headers)

    def whoami(self, *, extra_headers: Mapping[str, str] | None = None) -> UserResponse:
        """The ollama.com account the server's machine is signed in to (``POST /api/me``).

        Raises:
            AuthenticationError: Not signed in; open ``error.signin_url`` in a browser.
        """
        return self._models.whoami(extra_headers=extra_headers)

    def signout(self, *, extra_headers: Mapping[str, str] | None = None) -> None:
        """Unlink the server's machine from its ollama.com account (``POST /api/signout``)."""
        self._models.signout(extra_headers=extra_headers)

    def model_recommendations(self, *, extra_headers: Mapping[str, str] | None = None) -> ModelRecommendationsResponse:
        """Models the server suggests (``GET /api/experimental/model-recommendations``; experimental)."""
        return self._models.model_recommendations(extra_headers=extra_headers)
