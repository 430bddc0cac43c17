"""``EmbeddingAPI``: vectors from ``/api/embed`` and the legacy ``/api/embeddings``.

Generated from ``ollama_python/endpoints/async_embedding.py`` by ``scripts/unasync.py``: edit that file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal, overload

from .. import _payloads
from .._config import TimeoutLike
from .._flows import embed_batches
from .._params import KeepAliveInput, OptionsInput
from ..types import EmbedArrayResponse, EmbeddingsResponse, EmbedResponse
from ._base import ModelBoundEndpoint, SyncEndpoint, fields

__all__ = ["EmbeddingAPI"]


class EmbeddingAPI(ModelBoundEndpoint, SyncEndpoint):
    """Embeddings. Takes the same arguments as ``GenerateAPI``.

    Examples:
        >>> emb = EmbeddingAPI(model="all-minilm")
        >>> vectors = (emb.embed(["first text", "second text"])).embeddings
    """

    @overload
    def embed(
        self,
        input: str | Sequence[str] | None,
        *,
        as_numpy: Literal[False] = False,
        model: str | None = None,
        truncate: bool | None = None,
        dimensions: int | None = None,
        options: OptionsInput | None = None,
        keep_alive: KeepAliveInput | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> EmbedResponse: ...
    @overload
    def embed(
        self,
        input: str | Sequence[str] | None,
        *,
        as_numpy: Literal[True],
        model: str | None = None,
        truncate: bool | None = None,
        dimensions: int | None = None,
        options: OptionsInput | None = None,
        keep_alive: KeepAliveInput | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> EmbedArrayResponse: ...
    @overload
    def embed(
        self,
        input: str | Sequence[str] | None,
        *,
        as_numpy: bool,
        model: str | None = None,
        truncate: bool | None = None,
        dimensions: int | None = None,
        options: OptionsInput | None = None,
        keep_alive: KeepAliveInput | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> EmbedResponse | EmbedArrayResponse: ...
    def embed(
        self,
        input: str | Sequence[str] | None,
        *,
        as_numpy: bool = False,
        model: str | None = None,
        truncate: bool | None = None,
        dimensions: int | None = None,
        options: OptionsInput | None = None,
        keep_alive: KeepAliveInput | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> EmbedResponse | EmbedArrayResponse:
        """Embed one text or a list of texts (``POST /api/embed``).

        Args:
            input: A string or a list of strings. Empty only loads the model.
            as_numpy: Return an ``EmbedArrayResponse`` whose ``.embeddings`` is one float32 NumPy
                array of shape (inputs, dimensions), parsed as the reply arrives: a quarter of
                the memory of Python floats (``pip install 'ollama-python[numpy]'``).
            model: The model (the endpoint class defaults to the model it was created with).
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

        Returns:
            An ``EmbedResponse``: ``.embeddings`` holds one L2-normalised vector per input, in
            order (an ``EmbedArrayResponse`` with ``as_numpy=True``).

        Raises:
            RequestError: An argument is invalid (nothing was sent).
            NotFoundError: The model is not installed.
            ResponseError: The server refused the request.
            ConnectionError: The server could not be reached.
        """
        request = _payloads.embed(self.model, input, fields(locals(), "input", "as_numpy"), as_numpy)
        result: EmbedResponse | EmbedArrayResponse = self._send(request)
        return result

    @overload
    def embed_batch(
        self,
        texts: Iterable[str],
        *,
        batch_size: int = 64,
        concurrency: int = 4,
        progress: bool = False,
        as_numpy: Literal[False] = False,
        model: str | None = None,
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
        texts: Iterable[str],
        *,
        batch_size: int = 64,
        concurrency: int = 4,
        progress: bool = False,
        as_numpy: Literal[True],
        model: str | None = None,
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
        texts: Iterable[str],
        *,
        batch_size: int = 64,
        concurrency: int = 4,
        progress: bool = False,
        as_numpy: bool,
        model: str | None = None,
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
        texts: Iterable[str],
        *,
        batch_size: int = 64,
        concurrency: int = 4,
        progress: bool = False,
        as_numpy: bool = False,
        model: str | None = None,
        truncate: bool | None = None,
        dimensions: int | None = None,
        options: OptionsInput | None = None,
        keep_alive: KeepAliveInput | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> EmbedResponse | EmbedArrayResponse:
        """Embed many texts: batches of ``batch_size`` sent ``concurrency`` at a time.

        The result is one response for all texts, vectors in input order, durations and token
        counts summed over the batches. The first failing batch stops the others and raises.

        Args:
            texts: The texts.
            batch_size: Texts per request.
            concurrency: Requests in flight at once (threads when sync, tasks when async).
            progress: Show a progress bar (``pip install 'ollama-python[progress]'``).
            as_numpy: Vectors as one float32 NumPy array (an ``EmbedArrayResponse``; see ``embed``).
            model: The model (the endpoint class defaults to the model it was created with).
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
        params = fields(locals(), "texts", "batch_size", "concurrency", "progress", "as_numpy")
        flow = embed_batches.embed_batches(self.model, texts, batch_size, concurrency, as_numpy, progress, params)
        return self._run(flow)

    def get_embedding(
        self,
        prompt: str | None,
        *,
        model: str | None = None,
        options: OptionsInput | None = None,
        keep_alive: KeepAliveInput | None = None,
        timeout: TimeoutLike | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> EmbeddingsResponse:
        """Embed one text with the legacy endpoint (``POST /api/embeddings``); also ``embeddings``.

        Prefer ``embed``: this endpoint returns one vector that is not normalised and has no
        truncation option.

        Args:
            prompt: The text. Empty only loads the model.
            model: The model (the endpoint class defaults to the model it was created with).
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

        Returns:
            An ``EmbeddingsResponse`` with ``.embedding``.
        """
        return self._send(_payloads.embeddings(self.model, prompt, fields(locals(), "prompt")))

    embeddings = get_embedding
