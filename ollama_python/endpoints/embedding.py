"""``EmbeddingAPI``: vectors from ``/api/embed`` and the legacy ``/api/embeddings``."""

from __future__ import annotations

from collections.abc import Coroutine, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, overload

from .. import _payloads
from .._flows import embed_batches
from .._params import EmbeddingsParams, EmbedParams
from ..types import EmbedArrayResponse, EmbeddingsResponse, EmbedResponse
from ._base import AsyncEndpoint, ModelBoundEndpoint, SyncEndpoint

if TYPE_CHECKING:
    from typing_extensions import Unpack

__all__ = ["AsyncEmbeddingAPI", "EmbeddingAPI"]

_EmbedR = TypeVar("_EmbedR")
_EmbedArrayR = TypeVar("_EmbedArrayR")
_EmbeddingsR = TypeVar("_EmbeddingsR")


class _EmbeddingMethods(ModelBoundEndpoint, Generic[_EmbedR, _EmbedArrayR, _EmbeddingsR]):
    @overload
    def embed(
        self, input: str | Sequence[str] | None, *, as_numpy: Literal[False] = False, **params: Unpack[EmbedParams]
    ) -> _EmbedR: ...
    @overload
    def embed(
        self, input: str | Sequence[str] | None, *, as_numpy: Literal[True], **params: Unpack[EmbedParams]
    ) -> _EmbedArrayR: ...
    def embed(self, input: str | Sequence[str] | None, *, as_numpy: bool = False, **params: Unpack[EmbedParams]) -> Any:
        """Embed one text or a list of texts (``POST /api/embed``).

        Args:
            input: A string or a list of strings. Empty only loads the model.
            as_numpy: Return the vectors as one float32 NumPy array of shape (inputs, dimensions),
                parsed as the reply arrives: a quarter of the memory of Python floats
                (``pip install 'ollama-python[numpy]'``).
            **params: ``model`` (default: the bound model), ``truncate`` (cut inputs that exceed
                the context; False makes them an error), ``dimensions`` (shorten vectors),
                ``options``, ``keep_alive``, ``timeout``.

        Returns:
            An ``EmbedResponse``: ``.embeddings`` holds one
            L2-normalised vector per input, in order (an
            ``EmbedArrayResponse`` with ``as_numpy=True``).

        Raises:
            RequestError: An argument is invalid (nothing was sent).
            NotFoundError: The model is not installed.
            ResponseError: The server refused the request.
            ConnectionError: The server could not be reached.
        """
        return self._transport.send(_payloads.embed(self.model, input, params, as_numpy))

    @overload
    def embed_batch(
        self,
        texts: Iterable[str],
        *,
        batch_size: int = 64,
        concurrency: int = 4,
        progress: bool = False,
        as_numpy: Literal[False] = False,
        **params: Unpack[EmbedParams],
    ) -> _EmbedR: ...
    @overload
    def embed_batch(
        self,
        texts: Iterable[str],
        *,
        batch_size: int = 64,
        concurrency: int = 4,
        progress: bool = False,
        as_numpy: Literal[True],
        **params: Unpack[EmbedParams],
    ) -> _EmbedArrayR: ...
    def embed_batch(
        self,
        texts: Iterable[str],
        *,
        batch_size: int = 64,
        concurrency: int = 4,
        progress: bool = False,
        as_numpy: bool = False,
        **params: Unpack[EmbedParams],
    ) -> Any:
        """Embed many texts: batches of ``batch_size`` sent ``concurrency`` at a time.

        The result is one response for all texts, vectors in input order, durations and token
        counts summed over the batches. The first failing batch stops the others and raises.

        Args:
            texts: The texts.
            batch_size: Texts per request.
            concurrency: Requests in flight at once (threads when sync, tasks when async).
            progress: Show a progress bar (``pip install 'ollama-python[progress]'``).
            as_numpy: Vectors as one float32 NumPy array (see ``embed``).
            **params: As for ``embed``.
        """
        return self._transport.run(
            embed_batches.embed_batches(self.model, texts, batch_size, concurrency, as_numpy, progress, params)
        )

    def get_embedding(self, prompt: str | None, **params: Unpack[EmbeddingsParams]) -> _EmbeddingsR:
        """Embed one text with the legacy endpoint (``POST /api/embeddings``); also ``embeddings``.

        Prefer ``embed``: this endpoint returns one vector that is not normalised and has no
        truncation option.

        Args:
            prompt: The text. Empty only loads the model.
            **params: ``model``, ``options``, ``keep_alive``, ``timeout``.

        Returns:
            An ``EmbeddingsResponse`` with ``.embedding``.
        """
        return self._transport.send(_payloads.embeddings(self.model, prompt, params))  # type: ignore[no-any-return]

    embeddings = get_embedding


class EmbeddingAPI(_EmbeddingMethods[EmbedResponse, EmbedArrayResponse, EmbeddingsResponse], SyncEndpoint):
    """Embeddings. Takes the same arguments as ``GenerateAPI``.

    Examples:
        >>> emb = EmbeddingAPI(model="all-minilm")
        >>> vectors = emb.embed(["first text", "second text"]).embeddings
    """


class AsyncEmbeddingAPI(
    _EmbeddingMethods[
        Coroutine[Any, Any, EmbedResponse],
        Coroutine[Any, Any, EmbedArrayResponse],
        Coroutine[Any, Any, EmbeddingsResponse],
    ],
    AsyncEndpoint,
):
    """``EmbeddingAPI`` for asyncio (``pip install ollama-python[async]``)."""
