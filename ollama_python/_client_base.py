"""What ``Client`` and ``AsyncClient`` share: the endpoint objects they forward to, the web host.

``AsyncClient`` is written by hand in ``async_client.py``; ``Client`` is generated from it by
``scripts/unasync.py``. Both forward every call to the endpoint classes, which share the client's
single transport; nothing here talks HTTP itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from . import _payloads
from ._params import TransportOptions
from .endpoints._base import AsyncEndpoint, Endpoint, SyncEndpoint, Transport
from .types import WireModel

if TYPE_CHECKING:
    from typing_extensions import Unpack

OLLAMA_COM = _payloads.OLLAMA_COM


class ClientBase(Endpoint):
    """The endpoint objects a client forwards to, sharing its transport, and the web transport."""

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
