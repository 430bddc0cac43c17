"""What every endpoint class shares: its transport, configuration and lifetime.

The async endpoint classes are written by hand; the sync ones are generated from them by
``scripts/unasync.py``. A method builds an ``ApiRequest`` (or a flow) and hands it to
``_send``/``_stream``/``_run``: ``SyncEndpoint`` returns the result, ``AsyncEndpoint`` is awaited
for it. The two also choose the transport and the ``with`` / ``async with`` protocol.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import TracebackType
from typing import Any, NoReturn, Protocol, TypeVar

from .._config import TimeoutLike
from .._params import TransportOptions
from .._request import ApiRequest, Flow
from .._streaming import AsyncStream, Stream

_E = TypeVar("_E", bound="Endpoint")
T = TypeVar("T")


def fields(arguments: dict[str, Any], *leave_out: str) -> dict[str, Any]:
    """A method's request fields from its ``locals()``: the parameters but ``self`` and ``leave_out``.

    Called first thing in a method, so the parameter list is the one place a field is named.
    Parameters left at None are left out: None means "not sent" everywhere.
    """
    return {
        name: value
        for name, value in arguments.items()
        if value is not None and name != "self" and name not in leave_out
    }


OPTIONS = frozenset(TransportOptions.__optional_keys__)


def transport_options(arguments: dict[str, Any]) -> dict[str, Any]:
    """A constructor's transport options from its ``locals()``, with the keywords it did not know.

    The unknown ones go on to the transport settings, whose ``TypeError`` lists what is supported.
    """
    return {**{name: arguments[name] for name in OPTIONS}, **arguments.get("unsupported", {})}


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

    def __init__(
        self,
        base_url: str | None = None,
        *,
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
            base_url: The server, e.g. ``http://localhost:11434/api`` (``/api`` optional); defaults
                to ``OLLAMA_HOST``, else ``http://127.0.0.1:11434``.
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
        self._connect(base_url, transport_options(locals()))

    def _connect(self, base_url: str | None, options: dict[str, Any]) -> None:
        self._transport = self._new_transport(base_url, **options)
        self._owns_transport = True
        self._options = options

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
        self,
        base_url: str | None = None,
        model: str | None = None,
        *,
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
            base_url: The server, e.g. ``http://localhost:11434/api`` (``/api`` optional); defaults
                to ``OLLAMA_HOST``, else ``http://127.0.0.1:11434``.
            model: The model calls use unless they pass ``model=``.
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
        self._connect(base_url, transport_options(locals()))
        self.model = model


class SyncEndpoint(Endpoint):
    """Blocking I/O through ``requests``."""

    @staticmethod
    def _new_transport(base_url: str | None, **options: Any) -> Transport:
        # Imported here: requests adds ~50 ms to `import ollama_python` otherwise.
        from .._transport.sync_transport import SyncTransport

        return SyncTransport(base_url, **options)

    def _send(self, request: ApiRequest[T]) -> T:
        result: T = self._transport.send(request)
        return result

    def _stream(self, request: ApiRequest[T]) -> Stream[T]:
        result: Stream[T] = self._transport.send(request)
        return result

    def _run(self, flow: Flow[T]) -> T:
        result: T = self._transport.run(flow)
        return result

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

    async def _send(self, request: ApiRequest[T]) -> T:
        result: T = await self._transport.send(request)
        return result

    async def _stream(self, request: ApiRequest[T]) -> AsyncStream[T]:
        result: AsyncStream[T] = await self._transport.send(request)
        return result

    async def _run(self, flow: Flow[T]) -> T:
        result: T = await self._transport.run(flow)
        return result

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
