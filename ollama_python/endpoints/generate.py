"""``GenerateAPI``: text generation (``/api/generate``) and chat (``/api/chat``)."""

from __future__ import annotations

from collections.abc import Coroutine, Sequence
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, overload

from .. import _payloads
from .._params import ChatParams, GenerateParams, MessageInput
from .._streaming import AsyncStream, Stream
from ..types import ChatResponse, GenerateResponse
from ._base import AsyncEndpoint, ModelBoundEndpoint, SyncEndpoint

if TYPE_CHECKING:
    from typing_extensions import Unpack

__all__ = ["AsyncGenerateAPI", "GenerateAPI"]

_GenR = TypeVar("_GenR")
_GenS = TypeVar("_GenS")
_ChatR = TypeVar("_ChatR")
_ChatS = TypeVar("_ChatS")


class _GenerateMethods(ModelBoundEndpoint, Generic[_GenR, _GenS, _ChatR, _ChatS]):
    @overload
    def generate(
        self, prompt: str | None = None, *, stream: Literal[False] = False, **params: Unpack[GenerateParams]
    ) -> _GenR: ...
    @overload
    def generate(
        self, prompt: str | None = None, *, stream: Literal[True], **params: Unpack[GenerateParams]
    ) -> _GenS: ...
    @overload
    def generate(
        self, prompt: str | None = None, *, stream: bool, **params: Unpack[GenerateParams]
    ) -> _GenR | _GenS: ...
    def generate(self, prompt: str | None = None, *, stream: bool = False, **params: Unpack[GenerateParams]) -> Any:
        """Complete a prompt (``POST /api/generate``).

        Args:
            prompt: The prompt. Empty or None only loads the model (and with ``keep_alive=0``
                unloads it).
            stream: Return a stream of chunks instead of one aggregated response.
            **params: ``model`` (default: the bound model), ``suffix`` (fill-in-the-middle),
                ``system``, ``template``, ``context`` (deprecated), ``images`` (bytes, paths or
                base64), ``format`` (``"json"`` or a JSON schema), ``options`` (dict or
                ``Options``), ``think`` (bool or ``"low"``/``"medium"``/
                ``"high"``/``"max"``), ``raw``, ``keep_alive`` (seconds, ``"10m"``, timedelta),
                ``truncate``, ``shift``, ``logprobs``, ``top_logprobs``, ``debug_render_only``,
                ``timeout``. None (or leaving one out) means "not sent": the server's default applies.

        Returns:
            A ``GenerateResponse``, or a stream of them.

        Raises:
            RequestError: An argument is invalid (nothing was sent).
            NotFoundError: The model is not installed.
            ResponseError: The server refused the request or failed while generating.
            ConnectionError: The server could not be reached (``TimeoutError`` when too slow).
        """
        return self._transport.send(_payloads.generate(self.model, prompt, stream, params))

    @overload
    def generate_chat_completion(
        self,
        messages: Sequence[MessageInput] | None = None,
        *,
        stream: Literal[False] = False,
        **params: Unpack[ChatParams],
    ) -> _ChatR: ...
    @overload
    def generate_chat_completion(
        self, messages: Sequence[MessageInput] | None = None, *, stream: Literal[True], **params: Unpack[ChatParams]
    ) -> _ChatS: ...
    @overload
    def generate_chat_completion(
        self, messages: Sequence[MessageInput] | None = None, *, stream: bool, **params: Unpack[ChatParams]
    ) -> _ChatR | _ChatS: ...
    def generate_chat_completion(
        self, messages: Sequence[MessageInput] | None = None, *, stream: bool = False, **params: Unpack[ChatParams]
    ) -> Any:
        """Continue a conversation (``POST /api/chat``); also available as ``chat``.

        Args:
            messages: The conversation so far: dicts or ``Message``.
                Empty or None only loads the model (and with ``keep_alive=0`` unloads it).
            stream: Return a stream of chunks instead of one aggregated response.
            **params: ``model`` (default: the bound model), ``tools`` (dicts or
                ``Tool``), ``format``, ``options``, ``think``,
                ``keep_alive``, ``truncate``, ``shift``, ``logprobs``, ``top_logprobs``,
                ``debug_render_only``, ``timeout``; see ``generate``.

        Returns:
            A ``ChatResponse`` (``.message`` holds the reply), or a
            stream of them.

        Raises:
            RequestError: An argument is invalid (nothing was sent).
            NotFoundError: The model is not installed.
            ResponseError: The server refused the request or failed while generating.
            ConnectionError: The server could not be reached (``TimeoutError`` when too slow).
        """
        return self._transport.send(_payloads.chat(self.model, messages, stream, params))

    chat = generate_chat_completion


class GenerateAPI(
    _GenerateMethods[GenerateResponse, Stream[GenerateResponse], ChatResponse, Stream[ChatResponse]], SyncEndpoint
):
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
        session (requests.Session): A session to send through (not closed by ``close``).
        verify (bool | str): TLS verification: True, False or a CA bundle path.
        follow_redirects (bool): Follow redirects that keep the method (307/308, any for GET/HEAD).

    Examples:
        >>> gen = GenerateAPI(model="llama3.2")
        >>> print(gen.generate("Why is the sky blue?").response)
    """


class AsyncGenerateAPI(
    _GenerateMethods[
        Coroutine[Any, Any, GenerateResponse],
        Coroutine[Any, Any, AsyncStream[GenerateResponse]],
        Coroutine[Any, Any, ChatResponse],
        Coroutine[Any, Any, AsyncStream[ChatResponse]],
    ],
    AsyncEndpoint,
):
    """``GenerateAPI`` for asyncio: methods are awaited, streams are ``async for`` loops.

    ``session`` is an ``httpx.AsyncClient``. Needs ``pip install ollama-python[async]``.
    """
