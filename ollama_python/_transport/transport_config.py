"""What both transports are configured with: server, timeout, retries, headers, TLS, redirects."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from .._config import RetryPolicy, Timeout, TimeoutLike, as_timeout
from .._host import ServerAddress, resolve_base_url
from .._params import TransportOptions
from .._request import ApiRequest
from ..errors import RequestError
from .header_checks import checked_headers
from .retries import Attempts


class TransportSettings:
    """The configuration a transport is built with, checked once.

    Args:
        base_url: Server URL, with or without ``/api``; defaults to ``OLLAMA_HOST``.
        timeout: Default ``Timeout`` (or seconds) for every call.
        headers: Extra headers for every request (they win over the defaults).
        max_retries: Retries for connection failures, 429 and 503 (0 disables them).
        session: A ``requests.Session`` (sync) or ``httpx.AsyncClient`` (async) to send through;
            closing the transport leaves it open.
        verify: TLS verification: True, False, or a CA bundle path (default: the session's).
        follow_redirects: Follow redirects that keep the method (307/308, any for GET/HEAD).
        cert: A client certificate: a PEM file path, or ``(certificate, key)`` paths.
        proxy: One proxy URL for every request (httpx's ``proxy``).
        proxies: Proxies by URL pattern, ``{"http://": url, "https://": url, "all://": url}``
            (httpx's older spelling; requests' ``{"http": url}`` keys work too), or one URL.
        trust_env: Read proxies and CA bundles from the environment (default True).
    """

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
        **unknown: Any,
    ) -> None:
        if unknown:
            raise _unsupported(next(iter(unknown)))
        self.address: ServerAddress = resolve_base_url(base_url)
        self.root = self.address.root
        self.timeout = as_timeout(timeout, Timeout())
        self.retry = RetryPolicy() if max_retries is None else RetryPolicy(max_retries=_check_retries(max_retries))
        self._given_headers = checked_headers(headers) if headers is not None else {}
        self._given_session = session
        self._verify = _check_verify(verify)
        self._follow_redirects = follow_redirects
        self._cert = cert
        self._proxies = _proxy_patterns(proxy, proxies)
        self._trust_env = bool(trust_env)

    def _attempts(self, request: ApiRequest[Any]) -> Attempts:
        """Retry and redirect bookkeeping for one call."""
        return Attempts(self.retry, request, self.root, self._follow_redirects)


def _check_verify(value: Any) -> bool | str | None:
    """``verify``: a flag, or the path of a CA bundle (file or folder) that exists."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if not isinstance(value, str):
        raise RequestError(
            f"verify must be True, False or the path of a CA bundle, got {type(value).__name__}", argument="verify"
        )
    if not os.path.exists(value):
        raise RequestError(f"verify={value!r}: no CA bundle at this path (no such file or folder)", argument="verify")
    return value


SUPPORTED_OPTIONS = tuple(TransportOptions.__annotations__)  # declared once, in _params


def _unsupported(name: str) -> TypeError:
    return TypeError(
        f"got an unexpected keyword argument {name!r}; the client accepts {', '.join(SUPPORTED_OPTIONS)}. "
        "For any other transport setting, configure your own session and pass it as session= "
        "(a requests.Session for Client, an httpx.AsyncClient for AsyncClient)"
    )


def _proxy_patterns(proxy: str | None, proxies: str | Mapping[str, str] | None) -> dict[str, str]:
    """Proxies as httpx URL patterns (``"all://"``, ``"https://"``, ``"all://host"``) -> proxy URL."""
    if proxy is not None and proxies is not None:
        raise RequestError("pass proxy= or proxies=, not both", argument="proxy")
    given = proxy if proxy is not None else proxies
    if given is None:
        return {}
    if isinstance(given, Mapping):
        return {key if "://" in key else f"{key}://": str(url) for key, url in given.items()}
    return {"all://": str(given)}


def requests_proxies(patterns: Mapping[str, str]) -> dict[str, str]:
    """httpx patterns as requests' proxy keys: ``"https://"`` -> ``"https"``, ``"all://h"`` stays."""
    return {key[:-3] if key.endswith("://") else key: url for key, url in patterns.items()}


def _check_retries(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RequestError(f"max_retries must be a non-negative integer, got {value!r}", argument="max_retries")
    return value
