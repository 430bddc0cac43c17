"""What every endpoint class shares: its transport, configuration and lifetime.

Each endpoint class is written once, generic in what its methods return. A method builds an
``ApiRequest`` and hands it to the transport: the sync transport
returns the result, the async one a coroutine of it. ``SyncEndpoint`` and ``AsyncEndpoint`` only
choose the transport and the ``with`` / ``async with`` protocol.
"""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from .._params import TransportOptions
from .._request import ApiRequest, Flow

if TYPE_CHECKING:
    from typing_extensions import Unpack

_E = TypeVar("_E", bound="Endpoint")


class Transport(Protocol):
    """The interface endpoint classes need from a transport."""

    root: str

    def send(self, request: ApiRequest[Any]) -> Any: ...

    def run(self, flow: Flow[Any]) -> Any: ...

    def abort(self) -> None: ...

    def close(self) -> Any: ...


class Endpoint:
    """Binds a server (and a transport) to a group of API methods."""

    _transport: Transport
    _owns_transport: bool
    _options: dict[str, Any]  # the constructor's options, for a transport to ollama.com

    def __init__(self, base_url: str | None = None, **options: Unpack[TransportOptions]) -> None:
        self._transport = self._new_transport(base_url, **options)
        self._owns_transport = True
        self._options = dict(options)

    @classmethod
    def _sharing(cls: type[_E], transport: Transport, **bindings: Any) -> _E:
        """An instance that uses an existing transport (how ``Client`` shares one)."""
        endpoint = cls.__new__(cls)
        endpoint._transport = transport
        endpoint._owns_transport = False
        endpoint._options = {}
        for name, value in bindings.items():
            setattr(endpoint, name, value)
        return endpoint

    @staticmethod
    def _new_transport(base_url: str | None, **options: Any) -> Transport:
        raise NotImplementedError

    @property
    def base_url(self) -> str:
        """The API's base URL, e.g. ``http://127.0.0.1:11434/api``."""
        return self._transport.root + "/api"

    def abort(self) -> None:
        """Close every stream opened through this client; their readers get ``AbortedError``."""
        self._transport.abort()

    def __repr__(self) -> str:
        model = getattr(self, "model", None)
        bound = f", model={model!r}" if model else ""
        return f"{type(self).__name__}(base_url={self.base_url!r}{bound})"


class ModelBoundEndpoint(Endpoint):
    """An endpoint group with a default model that each call may override with ``model=``."""

    model: str | None

    def __init__(
        self, base_url: str | None = None, model: str | None = None, **options: Unpack[TransportOptions]
    ) -> None:
        super().__init__(base_url, **options)
        self.model = model


class SyncEndpoint(Endpoint):
    """Blocking I/O through ``requests``."""

    @staticmethod
    def _new_transport(base_url: str | None, **options: Any) -> Transport:
        # Imported here: requests adds ~50 ms to `import ollama_python` otherwise.
        from .._transport.sync_transport import SyncTransport

        return SyncTransport(base_url, **options)

    def close(self) -> None:
        """Close open streams and pooled connections."""
        if self._owns_transport:
            self._transport.close()

    def __enter__(self: _E) -> _E:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


class AsyncEndpoint(Endpoint):
    """Non-blocking I/O through ``httpx`` (``pip install ollama-python[async]``)."""

    @staticmethod
    def _new_transport(base_url: str | None, **options: Any) -> Transport:
        from .._transport.async_transport import AsyncTransport

        return AsyncTransport(base_url, **options)

    async def aclose(self) -> None:
        """Close open streams and pooled connections (also available as ``close``)."""
        if self._owns_transport:
            await self._transport.close()

    close = aclose

    async def __aenter__(self: _E) -> _E:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()
