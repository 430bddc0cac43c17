"""What ``Client`` and ``AsyncClient`` share: the endpoint objects they forward to, the web host.

``AsyncClient`` is written by hand in ``async_client.py``; ``Client`` is generated from it by
``scripts/unasync.py``. Both forward every call to the endpoint classes, which share the client's
single transport; nothing here talks HTTP itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NoReturn

from . import _payloads
from ._config import TimeoutLike
from .endpoints._base import AsyncEndpoint, Endpoint, SyncEndpoint, Transport, transport_options
from .types import WireModel

OLLAMA_COM = _payloads.OLLAMA_COM


class ClientBase(Endpoint):
    """The endpoint objects a client forwards to, sharing its transport, and the web transport."""

    _generate_api: type[Any]
    _embedding_api: type[Any]
    _model_api: type[Any]

    def __init__(
        self,
        host: str | None = None,
        *,
        web_host: str = OLLAMA_COM,
        timeout: TimeoutLike | None = None,
        headers: Mapping[str, str] | None = None,
        max_retries: int | None = None,
        session: Any = None,
        verify: bool | str | None = None,
        follow_redirects: bool = True,
        cert: str | tuple[str, str] | None = None,
        proxy: str | None = None,
        proxies: str | Mapping[str, str] | None = None,
        trust_env: bool = True,
        **unsupported: NoReturn,
    ) -> None:
        """Connect to a server (nothing is sent until the first call).

        Args:
            host: The server, parsed like ``OLLAMA_HOST`` (which is the default), e.g.
                ``"localhost:11434"`` or ``"https://example.com/ollama"``.
            web_host: Where ``web_search``/``web_fetch`` go (ollama.com), with the same options.
            timeout: Default timeout for every call: seconds, ``(connect, read)`` or a ``Timeout``.
            headers: Extra headers for every request (they win over the defaults).
            max_retries: Retries after connection failures, 429 and 503 (never once a reply body was
                read); 0 disables them.
            session: A ``requests.Session`` (sync classes) or ``httpx.AsyncClient`` (async ones) to
                send through; ``close`` leaves it open. Configure any other transport setting on it.
            verify: TLS verification: True, False, or a CA bundle path (default: the session's).
            follow_redirects: Follow redirects that keep the method (307/308, or any for GET/HEAD).
            cert: A client certificate: a PEM file path, or ``(certificate, key)`` paths.
            proxy: One proxy URL for every request.
            proxies: Proxies by URL pattern (``{"https://": url}``, httpx's older spelling;
                requests' ``{"https": url}`` keys work too), or one URL.
            trust_env: Read proxies and CA bundles from the environment (``*_PROXY`` and the like).
            **unsupported: Any other keyword raises ``TypeError`` listing the options above; pass a
                ``session=`` configured as you need instead.
        """
        self._connect(host, transport_options(locals()))
        self._web_host = web_host
        self._web: Transport | None = None
        self._generation = self._generate_api._sharing(self._transport, model=None)
        self._embedding = self._embedding_api._sharing(self._transport, model=None)
        self._models = self._model_api._sharing(self._transport)

    def __getstate__(self) -> dict[str, Any]:
        # A session passed in (its auth, headers, cookies and sockets) is not pickled: the copy builds its own.
        state = self.__dict__.copy()
        state["_options"] = {name: value for name, value in self._options.items() if name != "session"}
        return state

    def _web_transport(self, call: str) -> Transport:
        _payloads.require_web_key(call, self._options.get("headers"))
        if self._web is None:
            self._web = self._new_transport(self._web_host, **self._options)
        return self._web


class SyncClientBase(ClientBase, SyncEndpoint):
    def close(self) -> None:
        """Close open streams and pooled connections."""
        super().close()
        if self._web is not None:
            self._web.close()


class AsyncClientBase(ClientBase, AsyncEndpoint):
    async def aclose(self) -> None:
        """Close open streams and pooled connections (also available as ``close``)."""
        await super().aclose()
        if self._web is not None:
            await self._web.close()

    close = aclose


def without_empty_fields(messages: Any) -> Any:
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
