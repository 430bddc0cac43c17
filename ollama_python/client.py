"""``Client`` and ``AsyncClient``: the official ``ollama`` package's one-object API on our endpoints.

Methods keep the official names, positional order, keywords and defaults, and put the same JSON
on the wire as the official client (``"stream": false``, an empty ``"tools"`` list, ``"insecure":
false``, message fields with empty values left out). Every call is forwarded to the endpoint
classes, which share this client's single transport; nothing here talks HTTP itself.
"""

from __future__ import annotations

from collections.abc import Coroutine, Iterable, Mapping, Sequence
from os import PathLike
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, overload

from . import _payloads
from ._config import TimeoutLike
from ._params import (
    ClientChatParams,
    ClientCreateParams,
    ClientGenerateParams,
    EmbedOptions,
    KeepAliveInput,
    MessageInput,
    OptionsInput,
    TransportOptions,
)
from ._streaming import AsyncStream, Stream
from .endpoints._base import AsyncEndpoint, Endpoint, SyncEndpoint, Transport
from .endpoints.embedding import AsyncEmbeddingAPI, EmbeddingAPI
from .endpoints.generate import AsyncGenerateAPI, GenerateAPI
from .endpoints.model_management import AsyncModelManagementAPI, ModelManagementAPI
from .errors import RequestError
from .types import (
    ChatResponse,
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
    WireModel,
)

if TYPE_CHECKING:
    from typing_extensions import Unpack

__all__ = ["AsyncClient", "Client"]

OLLAMA_COM = _payloads.OLLAMA_COM

_Gen = TypeVar("_Gen")
_GenStream = TypeVar("_GenStream")
_Chat = TypeVar("_Chat")
_ChatStream = TypeVar("_ChatStream")
_Embed = TypeVar("_Embed")
_Embeddings = TypeVar("_Embeddings")
_Progress = TypeVar("_Progress")
_ProgressStream = TypeVar("_ProgressStream")
_Digest = TypeVar("_Digest")
_Status = TypeVar("_Status")
_List = TypeVar("_List")
_Show = TypeVar("_Show")
_Ps = TypeVar("_Ps")
_Version = TypeVar("_Version")
_Search = TypeVar("_Search")
_Fetch = TypeVar("_Fetch")


class _ClientMethods(
    Endpoint,
    Generic[
        _Gen,
        _GenStream,
        _Chat,
        _ChatStream,
        _Embed,
        _Embeddings,
        _Progress,
        _ProgressStream,
        _Digest,
        _Status,
        _List,
        _Show,
        _Ps,
        _Version,
        _Search,
        _Fetch,
    ],
):
    _generate_api: type[Any]
    _embedding_api: type[Any]
    _model_api: type[Any]

    def __init__(
        self, host: str | None = None, *, web_host: str = OLLAMA_COM, **options: Unpack[TransportOptions]
    ) -> None:
        super().__init__(host, **options)
        self._web_host = web_host
        self._web: Transport | None = None
        self._generation = self._generate_api._sharing(self._transport, model=None)
        self._embedding = self._embedding_api._sharing(self._transport, model=None)
        self._models = self._model_api._sharing(self._transport)

    # -- inference ------------------------------------------------------------------------
    @overload
    def generate(
        self,
        model: str = "",
        prompt: str | None = None,
        suffix: str | None = None,
        *,
        stream: Literal[False] = False,
        **params: Unpack[ClientGenerateParams],
    ) -> _Gen: ...
    @overload
    def generate(
        self,
        model: str = "",
        prompt: str | None = None,
        suffix: str | None = None,
        *,
        stream: Literal[True],
        **params: Unpack[ClientGenerateParams],
    ) -> _GenStream: ...
    def generate(
        self,
        model: str = "",
        prompt: str | None = None,
        suffix: str | None = None,
        *,
        stream: bool = False,
        **params: Unpack[ClientGenerateParams],
    ) -> Any:
        """Complete a prompt: ``generate(model, prompt=None, suffix=None, *, system, template, context,
        stream, think, raw, format, images, options, keep_alive, logprobs, top_logprobs, truncate,
        shift, timeout)``; see ``GenerateAPI.generate <ollama_python.GenerateAPI.generate>``.

        Returns a ``GenerateResponse``, or a stream of them when
        ``stream=True``.
        """
        if not params.get("images"):
            params.pop("images", None)  # the official client leaves an empty list out
        return self._generation.generate(prompt, model=model, suffix=suffix, stream=stream, **params)

    @overload
    def chat(
        self,
        model: str = "",
        messages: Sequence[MessageInput] | None = None,
        *,
        stream: Literal[False] = False,
        **params: Unpack[ClientChatParams],
    ) -> _Chat: ...
    @overload
    def chat(
        self,
        model: str = "",
        messages: Sequence[MessageInput] | None = None,
        *,
        stream: Literal[True],
        **params: Unpack[ClientChatParams],
    ) -> _ChatStream: ...
    def chat(
        self,
        model: str = "",
        messages: Sequence[MessageInput] | None = None,
        *,
        stream: bool = False,
        **params: Unpack[ClientChatParams],
    ) -> Any:
        """Continue a conversation: ``chat(model, messages=None, *, tools, stream, think, format,
        options, keep_alive, logprobs, top_logprobs, truncate, shift, timeout)``; see
        ``GenerateAPI.chat <ollama_python.GenerateAPI.chat>``.

        Returns a ``ChatResponse`` (``.message`` is the reply), or a
        stream of them when ``stream=True``.
        """
        params["tools"] = list(params.get("tools") or [])  # always sent, as the official client does
        return self._generation.chat(_without_empty_fields(messages), model=model, stream=stream, **params)

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
    ) -> _Embed:
        """Embed one text or a list of texts (``/api/embed``); vectors are L2-normalised."""
        return self._embedding.embed(  # type: ignore[no-any-return]
            input,
            model=model,
            truncate=truncate,
            options=options,
            keep_alive=keep_alive,
            dimensions=dimensions,
            timeout=timeout,
        )

    def embed_batch(
        self,
        model: str,
        texts: Iterable[str],
        *,
        batch_size: int = 64,
        concurrency: int = 4,
        progress: bool = False,
        as_numpy: bool = False,
        **params: Unpack[EmbedOptions],
    ) -> Any:
        """Embed many texts in batches with bounded concurrency; vectors in input order.

        See ``EmbeddingAPI.embed_batch <ollama_python.EmbeddingAPI.embed_batch>``.
        """
        return self._embedding.embed_batch(
            texts,
            model=model,
            batch_size=batch_size,
            concurrency=concurrency,
            progress=progress,
            as_numpy=as_numpy,
            **params,
        )

    def embeddings(
        self,
        model: str = "",
        prompt: str | None = None,
        options: OptionsInput | None = None,
        keep_alive: KeepAliveInput | None = None,
        *,
        timeout: TimeoutLike | None = None,
    ) -> _Embeddings:
        """Embed one text with the legacy ``/api/embeddings`` (prefer ``embed``)."""
        return self._embedding.embeddings(  # type: ignore[no-any-return]
            prompt, model=model, options=options, keep_alive=keep_alive, timeout=timeout
        )

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
    ) -> _Progress: ...
    @overload
    def pull(
        self, model: str, *, insecure: bool = False, stream: Literal[True], timeout: TimeoutLike | None = None
    ) -> _ProgressStream: ...
    def pull(
        self,
        model: str,
        *,
        insecure: bool = False,
        stream: bool = False,
        progress: bool = False,
        timeout: TimeoutLike | None = None,
    ) -> Any:
        """Download a model; ``stream=True`` yields progress (``.status .digest .total .completed``),
        ``progress=True`` draws a bar per layer and returns the final report.
        """
        return self._models.pull(model, insecure=insecure, stream=stream, progress=progress, timeout=timeout)

    @overload
    def push(
        self,
        model: str,
        *,
        insecure: bool = False,
        stream: Literal[False] = False,
        progress: bool = False,
        timeout: TimeoutLike | None = None,
    ) -> _Progress: ...
    @overload
    def push(
        self, model: str, *, insecure: bool = False, stream: Literal[True], timeout: TimeoutLike | None = None
    ) -> _ProgressStream: ...
    def push(
        self,
        model: str,
        *,
        insecure: bool = False,
        stream: bool = False,
        progress: bool = False,
        timeout: TimeoutLike | None = None,
    ) -> Any:
        """Upload a model to a registry (``<namespace>/<model>:<tag>``); ``progress=True`` draws bars."""
        return self._models.push(model, insecure=insecure, stream=stream, progress=progress, timeout=timeout)

    @overload
    def create(
        self, model: str, *args: Any, stream: Literal[False] = False, **params: Unpack[ClientCreateParams]
    ) -> _Progress: ...
    @overload
    def create(
        self, model: str, *args: Any, stream: Literal[True], **params: Unpack[ClientCreateParams]
    ) -> _ProgressStream: ...
    def create(self, model: str, *args: Any, stream: bool = False, **params: Unpack[ClientCreateParams]) -> Any:
        """Create a model: ``create(model, quantize=None, from_=None, files=None, adapters=None,
        template=None, license=None, system=None, parameters=None, messages=None, *, stream=False,
        progress=False, modelfile=None, path=None, timeout=None)``.

        ``modelfile`` (Modelfile text, as older tutorials pass it) and ``path`` (a Modelfile on
        disk) are parsed here into the current request form; local ``FROM``/``ADAPTER`` files are
        uploaded as blobs first. Explicit arguments win over the Modelfile's lines.
        """
        fields: dict[str, Any] = dict(_positional("create", _CREATE_POSITIONAL, args, params))
        modelfile, path = fields.pop("modelfile", None), fields.pop("path", None)
        if modelfile is not None and path is not None:
            raise RequestError("create() got both modelfile= and path=; pass one", argument="modelfile")
        fields["model_file"] = modelfile if modelfile is not None else path
        return self._models.create(model, stream=stream, **fields)

    def create_blob(self, path: str | PathLike[str], *, progress: bool = False) -> _Digest:
        """Upload a file as a blob unless the server has it; returns ``"sha256:<hex>"``."""
        return self._models.create_blob(path, progress=progress)  # type: ignore[no-any-return]

    def delete(self, model: str) -> _Status:
        """Delete a model."""
        return self._models.delete(model)  # type: ignore[no-any-return]

    def copy(self, source: str, destination: str) -> _Status:
        """Copy a model under a new name."""
        return self._models.copy(source, destination)  # type: ignore[no-any-return]

    def list(self) -> _List:
        """Installed models, newest first."""
        return self._models.list()  # type: ignore[no-any-return]

    def show(self, model: str) -> _Show:
        """Details of one model (template, parameters, ``modelinfo``, capabilities...)."""
        return self._models.show(model)  # type: ignore[no-any-return]

    def ps(self) -> _Ps:
        """Models loaded in memory."""
        return self._models.ps()  # type: ignore[no-any-return]

    def version(self) -> _Version:
        """The server's version."""
        return self._models.version()  # type: ignore[no-any-return]

    # -- web tools: ollama.com with an API key, or the signed-in local server -------------
    def web_search(self, query: str, max_results: int = 3, *, via: Literal["server"] | None = None) -> _Search:
        """Search the web.

        Args:
            query: What to search for.
            max_results: How many results to ask for (the server bounds it; ollama.com allows 10).
            via: None (the default) asks ollama.com, which needs an API key in ``OLLAMA_API_KEY``
                (or an ``Authorization`` header); ``"server"`` asks the local server's
                ``/api/experimental/web_search``, which uses the machine's ollama.com sign-in
                (no API key; servers since ~v0.18).
        """
        request = _payloads.web_search(query, max_results, via_server=_payloads.web_via(via))
        transport = self._transport if via == "server" else self._web_transport("web_search")
        return transport.send(request)  # type: ignore[no-any-return]

    def web_fetch(self, url: str, *, via: Literal["server"] | None = None) -> _Fetch:
        """Fetch a web page's title, text and links.

        Args:
            url: The page.
            via: None (the default) asks ollama.com with an API key; ``"server"`` asks the local
                server's ``/api/experimental/web_fetch`` with the machine's sign-in.
        """
        request = _payloads.web_fetch(url, via_server=_payloads.web_via(via))
        transport = self._transport if via == "server" else self._web_transport("web_fetch")
        return transport.send(request)  # type: ignore[no-any-return]

    def _web_transport(self, call: str) -> Transport:
        _payloads.require_web_key(call, self._options.get("headers"))
        if self._web is None:
            self._web = self._new_transport(self._web_host, **self._options)
        return self._web


# The official client's create() takes these positionally, in this order.
_CREATE_POSITIONAL = (
    "quantize",
    "from_",
    "files",
    "adapters",
    "template",
    "license",
    "system",
    "parameters",
    "messages",
)


def _positional(call: str, names: tuple[str, ...], args: tuple[Any, ...], params: Mapping[str, Any]) -> dict[str, Any]:
    """Keyword arguments from arguments given by position, refusing duplicates."""
    if len(args) > len(names):
        raise RequestError(f"{call}() takes at most {len(names) + 1} positional arguments", argument=names[-1])
    given = dict(zip(names, args, strict=False))
    clash = sorted(given.keys() & params.keys())
    if clash:
        raise RequestError(f"{call}() got {clash[0]!r} both by position and by keyword", argument=clash[0])
    return {**given, **params}


def _without_empty_fields(messages: Any) -> Any:
    """Messages as the official client sends them: a list, fields with empty values left out."""
    if messages is None:
        return []
    if isinstance(messages, (str, bytes, Mapping)) or not hasattr(messages, "__iter__"):
        return messages  # the payload builder reports the mistake
    return [_compact(message) for message in messages]


def _compact(message: Any) -> Any:
    data = message.to_wire() if isinstance(message, WireModel) else message
    if not isinstance(data, Mapping):
        return message
    return {key: value for key, value in data.items() if value}


class Client(
    _ClientMethods[
        GenerateResponse,
        Stream[GenerateResponse],
        ChatResponse,
        Stream[ChatResponse],
        EmbedResponse,
        EmbeddingsResponse,
        ProgressResponse,
        Stream[ProgressResponse],
        str,
        StatusResponse,
        ListResponse,
        ShowResponse,
        ProcessResponse,
        VersionResponse,
        WebSearchResponse,
        WebFetchResponse,
    ],
    SyncEndpoint,
):
    """One object for the whole API, with the official ``ollama.Client``'s methods.

    Args:
        host: The server, parsed like ``OLLAMA_HOST`` (which is the default), e.g.
            ``"localhost:11434"`` or ``"https://example.com/ollama"``.
        web_host: Where ``web_search``/``web_fetch`` go (ollama.com).
        **options: ``timeout``, ``headers``, ``max_retries``, ``session`` (a
            ``requests.Session``), ``verify``, ``follow_redirects``.

    Examples:
        >>> client = Client()
        >>> client.chat("llama3.2", messages=[{"role": "user", "content": "Hi"}])["message"]["content"]
    """

    _generate_api = GenerateAPI
    _embedding_api = EmbeddingAPI
    _model_api = ModelManagementAPI

    def close(self) -> None:
        """Close open streams and pooled connections."""
        super().close()
        if self._web is not None:
            self._web.close()

    # -- local server: status, account, recommendations (issue 10) -----------------------------
    def status(self) -> ServerStatusResponse:
        """Whether the server may use ollama.com (``GET /api/status``): ``.cloud.disabled``, ``.cloud.source``."""
        return self._models.status()  # type: ignore[no-any-return]

    def whoami(self) -> UserResponse:
        """The ollama.com account the server's machine is signed in to (``POST /api/me``).

        Raises:
            AuthenticationError: Not signed in; open ``error.signin_url`` in a browser.
        """
        return self._models.whoami()  # type: ignore[no-any-return]

    def signout(self) -> None:
        """Unlink the server's machine from its ollama.com account (``POST /api/signout``)."""
        self._models.signout()

    def model_recommendations(self) -> ModelRecommendationsResponse:
        """Models the server suggests (``GET /api/experimental/model-recommendations``; experimental)."""
        return self._models.model_recommendations()  # type: ignore[no-any-return]

    # -- end of issue 10 block ---------------------------------------------------------------


class AsyncClient(
    _ClientMethods[
        Coroutine[Any, Any, GenerateResponse],
        Coroutine[Any, Any, AsyncStream[GenerateResponse]],
        Coroutine[Any, Any, ChatResponse],
        Coroutine[Any, Any, AsyncStream[ChatResponse]],
        Coroutine[Any, Any, EmbedResponse],
        Coroutine[Any, Any, EmbeddingsResponse],
        Coroutine[Any, Any, ProgressResponse],
        Coroutine[Any, Any, AsyncStream[ProgressResponse]],
        Coroutine[Any, Any, str],
        Coroutine[Any, Any, StatusResponse],
        Coroutine[Any, Any, ListResponse],
        Coroutine[Any, Any, ShowResponse],
        Coroutine[Any, Any, ProcessResponse],
        Coroutine[Any, Any, VersionResponse],
        Coroutine[Any, Any, WebSearchResponse],
        Coroutine[Any, Any, WebFetchResponse],
    ],
    AsyncEndpoint,
):
    """``Client`` for asyncio: ``await client.chat(...)``; ``async for part in await
    client.chat(..., stream=True)``. Needs ``pip install ollama-python[async]`` (httpx).
    """

    _generate_api = AsyncGenerateAPI
    _embedding_api = AsyncEmbeddingAPI
    _model_api = AsyncModelManagementAPI

    async def aclose(self) -> None:
        """Close open streams and pooled connections (also available as ``close``)."""
        await super().aclose()
        if self._web is not None:
            await self._web.close()

    close = aclose

    # -- local server: status, account, recommendations (issue 10) -----------------------------
    async def status(self) -> ServerStatusResponse:
        """Whether the server may use ollama.com (see ``Client.status``)."""
        return await self._models.status()  # type: ignore[no-any-return]

    async def whoami(self) -> UserResponse:
        """The ollama.com account the server's machine is signed in to (see ``Client.whoami``)."""
        return await self._models.whoami()  # type: ignore[no-any-return]

    async def signout(self) -> None:
        """Unlink the server's machine from its ollama.com account (see ``Client.signout``)."""
        await self._models.signout()

    async def model_recommendations(self) -> ModelRecommendationsResponse:
        """Models the server suggests (see ``Client.model_recommendations``)."""
        return await self._models.model_recommendations()  # type: ignore[no-any-return]

    # -- end of issue 10 block ---------------------------------------------------------------
