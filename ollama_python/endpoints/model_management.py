"""``ModelManagementAPI``: create, blobs, list, show, copy, delete, pull, push, ps, version.

Generated from ``ollama_python/endpoints/async_model_management.py`` by ``scripts/unasync.py``: edit that file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from os import PathLike
from typing import Any, Literal, TypeVar, overload

from .. import _payloads
from .._config import TimeoutLike
from .._flows import blob_upload, modelfile, progress_bars
from .._params import MessageInput, OptionsInput
from .._request import ApiRequest
from .._streaming import Stream
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
from ._base import SyncEndpoint, fields

__all__ = ["ModelManagementAPI"]

T = TypeVar("T")


class ModelManagementAPI(SyncEndpoint):
    """Model management: everything but inference.

    The constructor takes the server and the transport options, like ``GenerateAPI``'s
    (there is no default model here).

    Examples:
        >>> models = ModelManagementAPI()
        >>> print((models.show("llama3.2")).capabilities)
    """

    # -- create and blobs -----------------------------------------------------------------
    @overload
    def create(
        self,
        name: str | None = None,
        *,
        stream: Literal[False] = False,
        progress: bool = False,
        model: str | None = None,
        from_: str | None = None,
        files: Mapping[str, str] | None = None,
        adapters: Mapping[str, str] | None = None,
        template: str | None = None,
        license: str | Sequence[str] | None = None,
        system: str | None = None,
        parameters: OptionsInput | None = None,
        messages: Sequence[MessageInput] | None = None,
        quantize: str | None = None,
        renderer: str | None = None,
        parser: str | None = None,
        requires: str | None = None,
        remote_host: str | None = None,
        info: Mapping[str, Any] | None = None,
        draft_files: Mapping[str, str] | None = None,
        draft_quantize: str | None = None,
        model_file: str | PathLike[str] | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> ProgressResponse: ...
    @overload
    def create(
        self,
        name: str | None = None,
        *,
        stream: Literal[True],
        progress: Literal[False] = False,
        model: str | None = None,
        from_: str | None = None,
        files: Mapping[str, str] | None = None,
        adapters: Mapping[str, str] | None = None,
        template: str | None = None,
        license: str | Sequence[str] | None = None,
        system: str | None = None,
        parameters: OptionsInput | None = None,
        messages: Sequence[MessageInput] | None = None,
        quantize: str | None = None,
        renderer: str | None = None,
        parser: str | None = None,
        requires: str | None = None,
        remote_host: str | None = None,
        info: Mapping[str, Any] | None = None,
        draft_files: Mapping[str, str] | None = None,
        draft_quantize: str | None = None,
        model_file: str | PathLike[str] | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Stream[ProgressResponse]: ...
    @overload
    def create(
        self,
        name: str | None = None,
        *,
        stream: bool,
        progress: bool = False,
        model: str | None = None,
        from_: str | None = None,
        files: Mapping[str, str] | None = None,
        adapters: Mapping[str, str] | None = None,
        template: str | None = None,
        license: str | Sequence[str] | None = None,
        system: str | None = None,
        parameters: OptionsInput | None = None,
        messages: Sequence[MessageInput] | None = None,
        quantize: str | None = None,
        renderer: str | None = None,
        parser: str | None = None,
        requires: str | None = None,
        remote_host: str | None = None,
        info: Mapping[str, Any] | None = None,
        draft_files: Mapping[str, str] | None = None,
        draft_quantize: str | None = None,
        model_file: str | PathLike[str] | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> ProgressResponse | Stream[ProgressResponse]: ...
    def create(
        self,
        name: str | None = None,
        *,
        stream: bool = False,
        progress: bool = False,
        model: str | None = None,
        from_: str | None = None,
        files: Mapping[str, str] | None = None,
        adapters: Mapping[str, str] | None = None,
        template: str | None = None,
        license: str | Sequence[str] | None = None,
        system: str | None = None,
        parameters: OptionsInput | None = None,
        messages: Sequence[MessageInput] | None = None,
        quantize: str | None = None,
        renderer: str | None = None,
        parser: str | None = None,
        requires: str | None = None,
        remote_host: str | None = None,
        info: Mapping[str, Any] | None = None,
        draft_files: Mapping[str, str] | None = None,
        draft_quantize: str | None = None,
        model_file: str | PathLike[str] | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> ProgressResponse | Stream[ProgressResponse]:
        """Create a model (``POST /api/create``) from an existing one or from uploaded files.

        Args:
            name: The new model's name (or pass ``model=``).
            stream: Return a stream of progress reports instead of the final one.
            progress: Draw progress bars while it runs and return the final report
                (``pip install 'ollama-python[progress]'``).
            model: The new model's name.
            from_: The base model (sent as ``from``).
            files: File name -> blob digest of the weights (see ``create_blob``).
            adapters: File name -> blob digest of LoRA adapters.
            template: The prompt template.
            license: The license text, or a list of them.
            system: The system prompt.
            parameters: Model parameters: a dict or ``Options``.
            messages: A conversation the model starts from.
            quantize: Quantize the weights (``"q4_K_M"``, ``"q8_0"``...).
            renderer: The prompt renderer.
            parser: The output parser.
            requires: The lowest server version the model needs.
            remote_host: A remote host the model runs on.
            info: Free-form information about the model.
            draft_files: File name -> blob digest of a draft model for speculative decoding.
            draft_quantize: Quantize the draft model.
            model_file: Modelfile text or a path to one, parsed here (servers since v0.5.5 ignore
                Modelfile text): its local ``FROM``/``ADAPTER`` files are uploaded as blobs first,
                and explicit arguments win over its lines.
            timeout: Overrides the client's timeout for this call: seconds, ``(connect, read)`` or a
                ``Timeout``.
            extra_body: JSON fields this SDK does not know yet, added to the body as they are. A
                field the SDK sends wins: every named argument you passed (not None), and ``model``
                and ``stream``, which decide how the reply is read; ``extra_body`` fills in every
                other key.
            extra_headers: Headers for this request only (they win over the client's ``headers``).

        Returns:
            The final ``ProgressResponse`` (``status == "success"``),
            or a stream of progress reports.
        """
        params = fields(locals(), "name", "stream", "progress", "model_file")
        if model_file is not None:
            flow = modelfile.create_flow(name, stream, params, model_file, progress)
            result: ProgressResponse | Stream[ProgressResponse] = self._run(flow)
            return result
        request = _payloads.create(name, progress_bars.stream_flag(stream, progress), params)
        return self._send_with_progress(request, stream, progress)

    def check_blob_exists(
        self, digest: str, *, timeout: TimeoutLike | None = None, extra_headers: Mapping[str, str] | None = None
    ) -> bool:
        """Whether the server has a blob (``HEAD /api/blobs/<digest>``)."""
        return self._send(_payloads.with_extras(_payloads.check_blob(digest, timeout), None, extra_headers))

    def create_blob(
        self,
        path: str | PathLike[str],
        *,
        progress: bool = False,
        timeout: TimeoutLike | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> str:
        """Upload a file as a blob unless the server already has it; returns ``"sha256:<hex>"``.

        The file is hashed while it is read (never loaded whole into memory), the server is
        asked first (``HEAD``), and only a missing blob is uploaded. ``progress=True`` shows
        hashing and upload bars (``pip install 'ollama-python[progress]'``).

        Args:
            path: The file to upload.
            progress: Draw hashing and upload bars.
            timeout: Overrides the client's timeout for each request: seconds, ``(connect, read)``
                or a ``Timeout``.
            extra_headers: Headers for the ``HEAD`` and the upload only (they win over the
                client's ``headers``).
        """
        return self._run(blob_upload.upload_flow(path, timeout, progress, extra_headers))

    def _send_with_progress(
        self, request: ApiRequest[ProgressResponse], stream: bool, progress: bool
    ) -> ProgressResponse | Stream[ProgressResponse]:
        """Send a progress request; with ``progress``, draw its bars and return the final report."""
        if progress:
            return self._run(progress_bars.with_bars(request))
        if stream:
            return self._stream(request)
        return self._send(request)

    # -- inspect --------------------------------------------------------------------------
    def list_local_models(
        self, *, timeout: TimeoutLike | None = None, extra_headers: Mapping[str, str] | None = None
    ) -> ListResponse:
        """Installed models, newest first (``GET /api/tags``); also ``list``."""
        return self._send(_payloads.with_extras(_payloads.list_models(timeout), None, extra_headers))

    def show(
        self,
        name: str | None = None,
        *,
        model: str | None = None,
        verbose: bool | None = None,
        system: str | None = None,
        options: OptionsInput | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> ShowResponse:
        """Details of one model (``POST /api/show``).

        Args:
            name: The model (or pass ``model=``).
            model: The model, instead of ``name``.
            verbose: Include full-length metadata arrays (tokenizer vocabularies...).
            system: Show the model as if this system prompt were set.
            options: Merge these parameters into the reconstructed Modelfile.
            timeout: Overrides the client's timeout.
            extra_body: JSON fields this SDK does not know yet (a field the SDK sends wins).
            extra_headers: Headers for this request only.
        """
        request = _payloads.show(name, model, verbose, system, options, timeout)
        return self._send(_payloads.with_extras(request, extra_body, extra_headers))

    def list_running_models(
        self, *, timeout: TimeoutLike | None = None, extra_headers: Mapping[str, str] | None = None
    ) -> ProcessResponse:
        """Models loaded in memory (``GET /api/ps``); also ``ps``."""
        return self._send(_payloads.with_extras(_payloads.list_running(timeout), None, extra_headers))

    def version(
        self, *, timeout: TimeoutLike | None = None, extra_headers: Mapping[str, str] | None = None
    ) -> VersionResponse:
        """The server's version (``GET /api/version``)."""
        return self._send(_payloads.with_extras(_payloads.version(timeout), None, extra_headers))

    # -- change ---------------------------------------------------------------------------
    def copy(
        self,
        source: str,
        destination: str,
        *,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> StatusResponse:
        """Copy a model under a new name (``POST /api/copy``); an existing destination is replaced."""
        request = _payloads.copy(source, destination, timeout)
        return self._send(_payloads.with_extras(request, extra_body, extra_headers))

    def delete(
        self,
        name: str | None = None,
        *,
        model: str | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> StatusResponse:
        """Delete a model (``DELETE /api/delete``)."""
        request = _payloads.delete(name, model, timeout)
        return self._send(_payloads.with_extras(request, extra_body, extra_headers))

    @overload
    def pull(
        self,
        name: str | None = None,
        *,
        stream: Literal[False] = False,
        progress: bool = False,
        model: str | None = None,
        insecure: bool | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> ProgressResponse: ...
    @overload
    def pull(
        self,
        name: str | None = None,
        *,
        stream: Literal[True],
        progress: Literal[False] = False,
        model: str | None = None,
        insecure: bool | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Stream[ProgressResponse]: ...
    @overload
    def pull(
        self,
        name: str | None = None,
        *,
        stream: bool,
        progress: bool = False,
        model: str | None = None,
        insecure: bool | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> ProgressResponse | Stream[ProgressResponse]: ...
    def pull(
        self,
        name: str | None = None,
        *,
        stream: bool = False,
        progress: bool = False,
        model: str | None = None,
        insecure: bool | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> ProgressResponse | Stream[ProgressResponse]:
        """Download a model from a registry (``POST /api/pull``).

        Args:
            name: The model (or pass ``model=``), e.g. ``"llama3.2"`` or ``"host/ns/model:tag"``.
            stream: Return a stream of progress reports (``.status .digest .total .completed``).
            progress: Draw a bar per layer (bytes, rate, ETA) and return the final report
                (``pip install 'ollama-python[progress]'``).
            model: The model, e.g. ``"llama3.2"`` or ``"host/namespace/model:tag"``.
            insecure: Allow plain-HTTP registries.
            timeout: Overrides the client's timeout for this call: seconds, ``(connect, read)`` or a
                ``Timeout``.
            extra_body: JSON fields this SDK does not know yet, added to the body as they are. A
                field the SDK sends wins: every named argument you passed (not None), and ``model``
                and ``stream``, which decide how the reply is read; ``extra_body`` fills in every
                other key.
            extra_headers: Headers for this request only (they win over the client's ``headers``).
        """
        params = fields(locals(), "name", "stream", "progress")
        request = _payloads.transfer("pull", name, progress_bars.stream_flag(stream, progress), params)
        return self._send_with_progress(request, stream, progress)

    @overload
    def push(
        self,
        name: str | None = None,
        *,
        stream: Literal[False] = False,
        progress: bool = False,
        model: str | None = None,
        insecure: bool | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> ProgressResponse: ...
    @overload
    def push(
        self,
        name: str | None = None,
        *,
        stream: Literal[True],
        progress: Literal[False] = False,
        model: str | None = None,
        insecure: bool | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Stream[ProgressResponse]: ...
    @overload
    def push(
        self,
        name: str | None = None,
        *,
        stream: bool,
        progress: bool = False,
        model: str | None = None,
        insecure: bool | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> ProgressResponse | Stream[ProgressResponse]: ...
    def push(
        self,
        name: str | None = None,
        *,
        stream: bool = False,
        progress: bool = False,
        model: str | None = None,
        insecure: bool | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> ProgressResponse | Stream[ProgressResponse]:
        """Upload a model to a registry (``POST /api/push``); name it ``<namespace>/<model>:<tag>``.

        Args:
            name: The model (or pass ``model=``).
            stream: Return a stream of progress reports (``.status .digest .total .completed``).
            progress: Draw a bar per layer (bytes, rate, ETA) and return the final report
                (``pip install 'ollama-python[progress]'``).
            model: The model, e.g. ``"llama3.2"`` or ``"host/namespace/model:tag"``.
            insecure: Allow plain-HTTP registries.
            timeout: Overrides the client's timeout for this call: seconds, ``(connect, read)`` or a
                ``Timeout``.
            extra_body: JSON fields this SDK does not know yet, added to the body as they are. A
                field the SDK sends wins: every named argument you passed (not None), and ``model``
                and ``stream``, which decide how the reply is read; ``extra_body`` fills in every
                other key.
            extra_headers: Headers for this request only (they win over the client's ``headers``).
        """
        params = fields(locals(), "name", "stream", "progress")
        request = _payloads.transfer("push", name, progress_bars.stream_flag(stream, progress), params)
        return self._send_with_progress(request, stream, progress)

    # -- the local server: status, account, recommendations, web tools -----------------------
    def status(
        self, *, timeout: TimeoutLike | None = None, extra_headers: Mapping[str, str] | None = None
    ) -> ServerStatusResponse:
        """Whether this server may use ollama.com (``GET /api/status``, servers since ~v0.16).

        Returns:
            ``status.cloud.disabled`` and ``status.cloud.source`` (``none``, ``env``, ``config``, ``both``).

        Raises:
            EndpointNotFoundError: An older server without this endpoint.
        """
        return self._send(_payloads.with_extras(_payloads.server_status(timeout), None, extra_headers))

    def whoami(
        self, *, timeout: TimeoutLike | None = None, extra_headers: Mapping[str, str] | None = None
    ) -> UserResponse:
        """The ollama.com account this machine is signed in to (``POST /api/me``).

        Raises:
            AuthenticationError: Not signed in; ``signin_url`` is the link to open in a browser,
                and the message says so.
        """
        return self._send(_payloads.with_extras(_payloads.whoami(timeout), None, extra_headers))

    def signout(self, *, timeout: TimeoutLike | None = None, extra_headers: Mapping[str, str] | None = None) -> None:
        """Unlink this machine from its ollama.com account (``POST /api/signout``).

        Raises:
            AuthenticationError: The machine was not signed in.
        """
        self._send(_payloads.with_extras(_payloads.signout(timeout), None, extra_headers))

    def model_recommendations(
        self, *, timeout: TimeoutLike | None = None, extra_headers: Mapping[str, str] | None = None
    ) -> ModelRecommendationsResponse:
        """Models the server suggests (``GET /api/experimental/model-recommendations``; experimental).

        Raises:
            EndpointNotFoundError: A server older than ~v0.22.
        """
        request = _payloads.model_recommendations(timeout)
        return self._send(_payloads.with_extras(request, None, extra_headers))

    def web_search(
        self,
        query: str,
        max_results: int = 3,
        *,
        via: Literal["server"] | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> WebSearchResponse:
        """Search the web.

        Args:
            query: What to search for.
            max_results: How many results to ask for (the server bounds it; ollama.com allows 10).
            via: None asks ollama.com (an API key in ``OLLAMA_API_KEY`` or an ``Authorization``
                header; a connection per call); ``"server"`` asks this server's
                ``/api/experimental/web_search`` with the machine's sign-in, sending no API key.
            timeout: Overrides the client's timeout.
            extra_body: JSON fields this SDK does not know yet (a field the SDK sends wins).
            extra_headers: Headers for this request only.
        """
        request = _payloads.web_search(query, max_results, timeout, via_server=_payloads.web_via(via))
        return self._web_call("web_search", _payloads.with_extras(request, extra_body, extra_headers), via)

    def web_fetch(
        self,
        url: str,
        *,
        via: Literal["server"] | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> WebFetchResponse:
        """Fetch a web page's title, text and links (``via`` as for ``web_search``).

        Args:
            url: The page.
            via: None asks ollama.com with an API key; ``"server"`` asks this server's
                ``/api/experimental/web_fetch`` with the machine's sign-in.
            timeout: Overrides the client's timeout.
            extra_body: JSON fields this SDK does not know yet (a field the SDK sends wins).
            extra_headers: Headers for this request only.
        """
        request = _payloads.web_fetch(url, timeout, via_server=_payloads.web_via(via))
        return self._web_call("web_fetch", _payloads.with_extras(request, extra_body, extra_headers), via)

    def _web_call(self, call: str, request: ApiRequest[T], via: str | None) -> T:
        """On this server with ``via="server"``; else on ollama.com, through a connection of its own."""
        if via == "server":
            return self._send(request)
        _payloads.require_web_key(call, self._options.get("headers"))
        transport = self._new_transport(_payloads.OLLAMA_COM, **self._options)
        try:
            result: T = transport.send(request)
            return result
        finally:
            transport.close()

    list = list_local_models
    ps = list_running_models
