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
    ProcessResponse,
    ProgressResponse,
    ShowResponse,
    StatusResponse,
    VersionResponse,
    WebFetchResponse,
    WebSearchResponse,
)

__all__ = ["Client"]


class Client(SyncClientBase):
    """One object for the whole API, with the official ``ollama`` client's methods.

    Args:
        host: The server, parsed like ``OLLAMA_HOST`` (which is the default), e.g.
            ``"localhost:11434"`` or ``"https://example.com/ollama"``.
        web_host: Where ``web_search``/``web_fetch`` go (ollama.com).
        **options: ``timeout``, ``headers``, ``max_retries``, ``session`` (a
            ``requests.Session`` for the sync client, an ``httpx.AsyncClient`` for the async
            one), ``verify``, ``follow_redirects``.

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
        """Complete a prompt; the arguments are documented at ``GenerateAPI.generate``.

        Returns a ``GenerateResponse``, or a stream of them when ``stream=True``.
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
        """Continue a conversation; the arguments are documented at ``GenerateAPI.chat``.

        Returns a ``ChatResponse`` (``.message`` is the reply), or a stream of them when
        ``stream=True``.
        """
        params = fields(locals(), "messages", "stream")
        params["tools"] = list(tools or [])  # always sent, as the official client does
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
        """Embed one text or a list of texts (``/api/embed``); vectors are L2-normalised.

        The arguments are documented at ``EmbeddingAPI.embed``.
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

        The arguments are documented at ``EmbeddingAPI.embed_batch``.
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
        """Embed one text with the legacy ``/api/embeddings`` (prefer ``embed``)."""
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
        """Download a model; ``stream=True`` yields progress (``.status .digest .total .completed``),
        ``progress=True`` draws a bar per layer and returns the final report.
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
        """Upload a model to a registry (``<namespace>/<model>:<tag>``); ``progress=True`` draws bars."""
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
        """Create a model; the arguments are documented at ``ModelManagementAPI.create``.

        ``modelfile`` (Modelfile text, as older tutorials pass it) and ``path`` (a Modelfile on
        disk) are parsed here into the current request form; local ``FROM``/``ADAPTER`` files are
        uploaded as blobs first. Explicit arguments win over the Modelfile's lines.
        """
        params = fields(locals(), "modelfile", "path")
        if modelfile is not None and path is not None:
            raise RequestError("create() got both modelfile= and path=; pass one", argument="modelfile")
        params["model_file"] = modelfile if modelfile is not None else path
        result: ProgressResponse | Stream[ProgressResponse] = self._models.create(**params)
        return result

    def create_blob(self, path: str | PathLike[str], *, progress: bool = False) -> str:
        """Upload a file as a blob unless the server has it; returns ``"sha256:<hex>"``."""
        return self._models.create_blob(path, progress=progress)

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

    # -- ollama.com web tools -------------------------------------------------------------
    def web_search(
        self,
        query: str,
        max_results: int = 3,
        *,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> WebSearchResponse:
        """Search the web through ollama.com (needs an API key in ``OLLAMA_API_KEY``)."""
        request = _payloads.with_extras(_payloads.web_search(query, max_results), extra_body, extra_headers)
        result: WebSearchResponse = self._web_transport("web_search").send(request)
        return result

    def web_fetch(
        self,
        url: str,
        *,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> WebFetchResponse:
        """Fetch a web page's title, text and links through ollama.com (needs an API key)."""
        request = _payloads.with_extras(_payloads.web_fetch(url), extra_body, extra_headers)
        result: WebFetchResponse = self._web_transport("web_fetch").send(request)
        return result
