"""``ModelManagementAPI``: create, blobs, list, show, copy, delete, pull, push, ps, version."""

from __future__ import annotations

from collections.abc import Coroutine
from os import PathLike
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, overload

from .. import _payloads
from .._config import TimeoutLike
from .._flows import blob_upload, modelfile, progress_bars
from .._params import CreateParams, OptionsInput, TransferParams
from .._request import ApiRequest
from .._streaming import AsyncStream, Stream
from ..types import (
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
from ._base import AsyncEndpoint, Endpoint, SyncEndpoint

if TYPE_CHECKING:
    from typing_extensions import Unpack

__all__ = ["AsyncModelManagementAPI", "ModelManagementAPI"]

_ProgressR = TypeVar("_ProgressR")
_ProgressS = TypeVar("_ProgressS")
_BoolR = TypeVar("_BoolR")
_StrR = TypeVar("_StrR")
_ListR = TypeVar("_ListR")
_ShowR = TypeVar("_ShowR")
_StatusR = TypeVar("_StatusR")
_PsR = TypeVar("_PsR")
_VersionR = TypeVar("_VersionR")


class _ModelManagementMethods(
    Endpoint, Generic[_ProgressR, _ProgressS, _BoolR, _StrR, _ListR, _ShowR, _StatusR, _PsR, _VersionR]
):
    # -- create and blobs -----------------------------------------------------------------
    @overload
    def create(
        self,
        name: str | None = None,
        *,
        stream: Literal[False] = False,
        progress: bool = False,
        **params: Unpack[CreateParams],
    ) -> _ProgressR: ...
    @overload
    def create(
        self, name: str | None = None, *, stream: Literal[True], **params: Unpack[CreateParams]
    ) -> _ProgressS: ...
    @overload
    def create(
        self, name: str | None = None, *, stream: bool, progress: bool = False, **params: Unpack[CreateParams]
    ) -> _ProgressR | _ProgressS: ...
    def create(
        self, name: str | None = None, *, stream: bool = False, progress: bool = False, **params: Unpack[CreateParams]
    ) -> Any:
        """Create a model (``POST /api/create``) from an existing one or from uploaded files.

        Args:
            name: The new model's name (or pass ``model=``).
            stream: Return a stream of progress reports instead of the final one.
            progress: Draw progress bars while it runs and return the final report
                (``pip install 'ollama-python[progress]'``).
            **params: ``from_`` (base model), ``files`` / ``adapters`` (file name -> blob digest,
                see ``create_blob``), ``template``, ``license``, ``system``, ``parameters``
                (dict or ``Options``), ``messages``, ``quantize``
                (``"q4_K_M"``, ``"q8_0"``...), ``renderer``, ``parser``, ``requires``,
                ``remote_host``, ``info``, ``draft_files``, ``draft_quantize``, ``timeout``, and
                ``model_file``: Modelfile text or a path to one, parsed here (servers since v0.5.5
                ignore Modelfile text); local ``FROM``/``ADAPTER`` files are uploaded as blobs
                first, and explicit arguments win over the Modelfile's lines.

        Returns:
            The final ``ProgressResponse`` (``status == "success"``),
            or a stream of progress reports.
        """
        source = params.pop("model_file", None)
        if source is not None:
            return self._transport.run(modelfile.create_flow(name, stream, params, source, progress))
        return self._send_drawn(_payloads.create(name, progress_bars.stream_flag(stream, progress), params), progress)

    def check_blob_exists(self, digest: str, *, timeout: TimeoutLike | None = None) -> _BoolR:
        """Whether the server has a blob (``HEAD /api/blobs/<digest>``)."""
        return self._transport.send(_payloads.check_blob(digest, timeout))  # type: ignore[no-any-return]

    def create_blob(
        self, path: str | PathLike[str], *, progress: bool = False, timeout: TimeoutLike | None = None
    ) -> _StrR:
        """Upload a file as a blob unless the server already has it; returns ``"sha256:<hex>"``.

        The file is hashed while it is read (never loaded whole into memory), the server is
        asked first (``HEAD``), and only a missing blob is uploaded. ``progress=True`` shows
        hashing and upload bars (``pip install 'ollama-python[progress]'``).
        """
        return self._transport.run(blob_upload.upload_flow(path, timeout, progress))  # type: ignore[no-any-return]

    def _send_drawn(self, request: ApiRequest[ProgressResponse], progress: bool) -> Any:
        """Send a progress request; with ``progress``, draw its bars and return the final report."""
        if progress:
            return self._transport.run(progress_bars.with_bars(request))
        return self._transport.send(request)

    # -- inspect --------------------------------------------------------------------------
    def list_local_models(self, *, timeout: TimeoutLike | None = None) -> _ListR:
        """Installed models, newest first (``GET /api/tags``); also ``list``."""
        return self._transport.send(_payloads.list_models(timeout))  # type: ignore[no-any-return]

    def show(
        self,
        name: str | None = None,
        *,
        model: str | None = None,
        verbose: bool | None = None,
        system: str | None = None,
        options: OptionsInput | None = None,
        timeout: TimeoutLike | None = None,
    ) -> _ShowR:
        """Details of one model (``POST /api/show``).

        Args:
            name: The model (or pass ``model=``).
            verbose: Include full-length metadata arrays (tokenizer vocabularies...).
            system: Show the model as if this system prompt were set.
            options: Merge these parameters into the reconstructed Modelfile.
            timeout: Overrides the client's timeout.
        """
        return self._transport.send(_payloads.show(name, model, verbose, system, options, timeout))  # type: ignore[no-any-return]

    def list_running_models(self, *, timeout: TimeoutLike | None = None) -> _PsR:
        """Models loaded in memory (``GET /api/ps``); also ``ps``."""
        return self._transport.send(_payloads.list_running(timeout))  # type: ignore[no-any-return]

    def version(self, *, timeout: TimeoutLike | None = None) -> _VersionR:
        """The server's version (``GET /api/version``)."""
        return self._transport.send(_payloads.version(timeout))  # type: ignore[no-any-return]

    # -- change ---------------------------------------------------------------------------
    def copy(self, source: str, destination: str, *, timeout: TimeoutLike | None = None) -> _StatusR:
        """Copy a model under a new name (``POST /api/copy``); an existing destination is replaced."""
        return self._transport.send(_payloads.copy(source, destination, timeout))  # type: ignore[no-any-return]

    def delete(
        self, name: str | None = None, *, model: str | None = None, timeout: TimeoutLike | None = None
    ) -> _StatusR:
        """Delete a model (``DELETE /api/delete``)."""
        return self._transport.send(_payloads.delete(name, model, timeout))  # type: ignore[no-any-return]

    @overload
    def pull(
        self,
        name: str | None = None,
        *,
        stream: Literal[False] = False,
        progress: bool = False,
        **params: Unpack[TransferParams],
    ) -> _ProgressR: ...
    @overload
    def pull(
        self, name: str | None = None, *, stream: Literal[True], **params: Unpack[TransferParams]
    ) -> _ProgressS: ...
    @overload
    def pull(
        self, name: str | None = None, *, stream: bool, progress: bool = False, **params: Unpack[TransferParams]
    ) -> _ProgressR | _ProgressS: ...
    def pull(
        self, name: str | None = None, *, stream: bool = False, progress: bool = False, **params: Unpack[TransferParams]
    ) -> Any:
        """Download a model from a registry (``POST /api/pull``).

        Args:
            name: The model (or pass ``model=``), e.g. ``"llama3.2"`` or ``"host/ns/model:tag"``.
            stream: Return a stream of progress reports (``.status .digest .total .completed``).
            progress: Draw a bar per layer (bytes, rate, ETA) and return the final report
                (``pip install 'ollama-python[progress]'``).
            **params: ``insecure`` (allow plain-HTTP registries), ``timeout``.
        """
        return self._send_drawn(
            _payloads.transfer("pull", name, progress_bars.stream_flag(stream, progress), params), progress
        )

    @overload
    def push(
        self,
        name: str | None = None,
        *,
        stream: Literal[False] = False,
        progress: bool = False,
        **params: Unpack[TransferParams],
    ) -> _ProgressR: ...
    @overload
    def push(
        self, name: str | None = None, *, stream: Literal[True], **params: Unpack[TransferParams]
    ) -> _ProgressS: ...
    @overload
    def push(
        self, name: str | None = None, *, stream: bool, progress: bool = False, **params: Unpack[TransferParams]
    ) -> _ProgressR | _ProgressS: ...
    def push(
        self, name: str | None = None, *, stream: bool = False, progress: bool = False, **params: Unpack[TransferParams]
    ) -> Any:
        """Upload a model to a registry (``POST /api/push``); name it ``<namespace>/<model>:<tag>``."""
        return self._send_drawn(
            _payloads.transfer("push", name, progress_bars.stream_flag(stream, progress), params), progress
        )

    list = list_local_models
    ps = list_running_models


class ModelManagementAPI(
    _ModelManagementMethods[
        ProgressResponse,
        Stream[ProgressResponse],
        bool,
        str,
        ListResponse,
        ShowResponse,
        StatusResponse,
        ProcessResponse,
        VersionResponse,
    ],
    SyncEndpoint,
):
    """Model management: everything but inference.

    Takes ``base_url``, ``timeout``, ``headers``, ``max_retries``, ``session`` and ``verify`` like
    ``GenerateAPI`` (there is no default model here).

    Examples:
        >>> models = ModelManagementAPI()
        >>> for progress in models.pull("llama3.2", stream=True):
        ...     print(progress.status, progress.completed, progress.total)
    """

    # -- local server: status, account, recommendations (issue 10) -----------------------------
    def status(self, *, timeout: TimeoutLike | None = None) -> ServerStatusResponse:
        """Whether this server may use ollama.com (``GET /api/status``, servers since ~v0.16).

        Returns:
            ``status.cloud.disabled`` and ``status.cloud.source`` (``none``, ``env``, ``config``, ``both``).

        Raises:
            EndpointNotFoundError: An older server without this endpoint.
        """
        result: ServerStatusResponse = self._transport.send(_payloads.server_status(timeout))
        return result

    def whoami(self, *, timeout: TimeoutLike | None = None) -> UserResponse:
        """The ollama.com account this machine is signed in to (``POST /api/me``).

        Raises:
            AuthenticationError: Not signed in; ``signin_url`` is the link to open in a browser,
                and the message says so.
        """
        result: UserResponse = self._transport.send(_payloads.whoami(timeout))
        return result

    def signout(self, *, timeout: TimeoutLike | None = None) -> None:
        """Unlink this machine from its ollama.com account (``POST /api/signout``).

        Raises:
            AuthenticationError: The machine was not signed in.
        """
        self._transport.send(_payloads.signout(timeout))

    def model_recommendations(self, *, timeout: TimeoutLike | None = None) -> ModelRecommendationsResponse:
        """Models the server suggests (``GET /api/experimental/model-recommendations``; experimental).

        Raises:
            EndpointNotFoundError: A server older than ~v0.22.
        """
        result: ModelRecommendationsResponse = self._transport.send(_payloads.model_recommendations(timeout))
        return result

    def web_search(
        self,
        query: str,
        max_results: int = 3,
        *,
        via: Literal["server"] | None = None,
        timeout: TimeoutLike | None = None,
    ) -> WebSearchResponse:
        """Search the web.

        Args:
            query: What to search for.
            max_results: How many results to ask for (the server bounds it; ollama.com allows 10).
            via: None asks ollama.com (an API key in ``OLLAMA_API_KEY`` or an ``Authorization``
                header; a connection per call); ``"server"`` asks this server's
                ``/api/experimental/web_search`` with the machine's sign-in, sending no API key.
            timeout: Overrides the client's timeout.
        """
        request = _payloads.web_search(query, max_results, timeout, via_server=_payloads.web_via(via))
        if via == "server":
            result: WebSearchResponse = self._transport.send(request)
            return result
        return self._on_ollama_com("web_search", request)  # type: ignore[no-any-return]

    def web_fetch(
        self, url: str, *, via: Literal["server"] | None = None, timeout: TimeoutLike | None = None
    ) -> WebFetchResponse:
        """Fetch a web page's title, text and links (``via`` as for ``web_search``)."""
        request = _payloads.web_fetch(url, timeout, via_server=_payloads.web_via(via))
        if via == "server":
            result: WebFetchResponse = self._transport.send(request)
            return result
        return self._on_ollama_com("web_fetch", request)  # type: ignore[no-any-return]

    def _on_ollama_com(self, call: str, request: ApiRequest[Any]) -> Any:
        _payloads.require_web_key(call, self._options.get("headers"))
        transport = self._new_transport(_payloads.OLLAMA_COM, **self._options)
        try:
            return transport.send(request)
        finally:
            transport.close()

    # -- end of issue 10 block ---------------------------------------------------------------


class AsyncModelManagementAPI(
    _ModelManagementMethods[
        Coroutine[Any, Any, ProgressResponse],
        Coroutine[Any, Any, AsyncStream[ProgressResponse]],
        Coroutine[Any, Any, bool],
        Coroutine[Any, Any, str],
        Coroutine[Any, Any, ListResponse],
        Coroutine[Any, Any, ShowResponse],
        Coroutine[Any, Any, StatusResponse],
        Coroutine[Any, Any, ProcessResponse],
        Coroutine[Any, Any, VersionResponse],
    ],
    AsyncEndpoint,
):
    """``ModelManagementAPI`` for asyncio (``pip install ollama-python[async]``)."""

    # -- local server: status, account, recommendations (issue 10) -----------------------------
    async def status(self, *, timeout: TimeoutLike | None = None) -> ServerStatusResponse:
        """Whether this server may use ollama.com (see ``ModelManagementAPI.status``)."""
        result: ServerStatusResponse = await self._transport.send(_payloads.server_status(timeout))
        return result

    async def whoami(self, *, timeout: TimeoutLike | None = None) -> UserResponse:
        """The ollama.com account this machine is signed in to (see ``ModelManagementAPI.whoami``)."""
        result: UserResponse = await self._transport.send(_payloads.whoami(timeout))
        return result

    async def signout(self, *, timeout: TimeoutLike | None = None) -> None:
        """Unlink this machine from its ollama.com account (see ``ModelManagementAPI.signout``)."""
        await self._transport.send(_payloads.signout(timeout))

    async def model_recommendations(self, *, timeout: TimeoutLike | None = None) -> ModelRecommendationsResponse:
        """Models the server suggests (see ``ModelManagementAPI.model_recommendations``)."""
        result: ModelRecommendationsResponse = await self._transport.send(_payloads.model_recommendations(timeout))
        return result

    async def web_search(
        self,
        query: str,
        max_results: int = 3,
        *,
        via: Literal["server"] | None = None,
        timeout: TimeoutLike | None = None,
    ) -> WebSearchResponse:
        """Search the web (see ``ModelManagementAPI.web_search``)."""
        request = _payloads.web_search(query, max_results, timeout, via_server=_payloads.web_via(via))
        if via == "server":
            result: WebSearchResponse = await self._transport.send(request)
            return result
        return await self._on_ollama_com("web_search", request)  # type: ignore[no-any-return]

    async def web_fetch(
        self, url: str, *, via: Literal["server"] | None = None, timeout: TimeoutLike | None = None
    ) -> WebFetchResponse:
        """Fetch a web page's title, text and links (see ``ModelManagementAPI.web_fetch``)."""
        request = _payloads.web_fetch(url, timeout, via_server=_payloads.web_via(via))
        if via == "server":
            result: WebFetchResponse = await self._transport.send(request)
            return result
        return await self._on_ollama_com("web_fetch", request)  # type: ignore[no-any-return]

    async def _on_ollama_com(self, call: str, request: ApiRequest[Any]) -> Any:
        _payloads.require_web_key(call, self._options.get("headers"))
        transport = self._new_transport(_payloads.OLLAMA_COM, **self._options)
        try:
            return await transport.send(request)
        finally:
            await transport.close()

    # -- end of issue 10 block ---------------------------------------------------------------
