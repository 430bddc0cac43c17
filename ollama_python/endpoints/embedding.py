"""``EmbeddingAPI``: vectors from ``/api/embed`` and the legacy ``/api/embeddings``."""

from __future__ import annotations

from collections.abc import Coroutine, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from .. import _payloads
from .._params import EmbeddingsParams, EmbedParams
from ..types import EmbeddingsResponse, EmbedResponse
from ._base import AsyncEndpoint, ModelBoundEndpoint, SyncEndpoint

if TYPE_CHECKING:
    from typing_extensions import Unpack

__all__ = ["AsyncEmbeddingAPI", "EmbeddingAPI"]

_EmbedR = TypeVar("_EmbedR")
_EmbeddingsR = TypeVar("_EmbeddingsR")


class _EmbeddingMethods(ModelBoundEndpoint, Generic[_EmbedR, _EmbeddingsR]):
    def embed(self, input: str | Sequence[str] | None, **params: Unpack[EmbedParams]) -> _EmbedR:
        """Embed one text or a list of texts (``POST /api/embed``).

        Args:
            input: A string or a list of strings. Empty only loads the model.
            **params: ``model`` (default: the bound model), ``truncate`` (cut inputs that exceed
                the context; False makes them an error), ``dimensions`` (shorten vectors),
                ``options``, ``keep_alive``, ``timeout``.

        Returns:
            An :class:`~ollama_python.types.EmbedResponse`: ``.embeddings`` holds one
            L2-normalised vector per input, in order.

        Raises:
            RequestError: An argument is invalid (nothing was sent).
            NotFoundError: The model is not installed.
            ResponseError: The server refused the request.
            ConnectionError: The server could not be reached.
        """
        return self._transport.send(_payloads.embed(self.model, input, params))  # type: ignore[no-any-return]

    def get_embedding(self, prompt: str | None, **params: Unpack[EmbeddingsParams]) -> _EmbeddingsR:
        """Embed one text with the legacy endpoint (``POST /api/embeddings``); also :meth:`embeddings`.

        Prefer :meth:`embed`: this endpoint returns one vector that is not normalised and has no
        truncation option.

        Args:
            prompt: The text. Empty only loads the model.
            **params: ``model``, ``options``, ``keep_alive``, ``timeout``.

        Returns:
            An :class:`~ollama_python.types.EmbeddingsResponse` with ``.embedding``.
        """
        return self._transport.send(_payloads.embeddings(self.model, prompt, params))  # type: ignore[no-any-return]

    embeddings = get_embedding


class EmbeddingAPI(_EmbeddingMethods[EmbedResponse, EmbeddingsResponse], SyncEndpoint):
    """Embeddings. Takes the same arguments as :class:`~ollama_python.GenerateAPI`.

    Example:
        >>> emb = EmbeddingAPI(model="all-minilm")
        >>> vectors = emb.embed(["first text", "second text"]).embeddings
    """


class AsyncEmbeddingAPI(
    _EmbeddingMethods[Coroutine[Any, Any, EmbedResponse], Coroutine[Any, Any, EmbeddingsResponse]], AsyncEndpoint
):
    """:class:`EmbeddingAPI` for asyncio (``pip install ollama-python[async]``)."""
