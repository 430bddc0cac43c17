"""What both transports are configured with: server, timeout, retries, headers, TLS, redirects."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from .._config import RetryPolicy, Timeout, TimeoutLike, as_timeout
from .._host import ServerAddress, _mask, resolve_base_url
from .._params import TransportOptions
from .._request import ApiRequest
from ..errors import RequestError
from .header_checks import checked_headers
from .redirects import host_problem
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
    patterns = (
        {key if "://" in key else f"{key}://": str(url) for key, url in given.items()}
        if isinstance(given, Mapping)
        else {"all://": str(given)}
    )
    check_proxies(patterns.values(), "proxy=" if proxy is not None else "proxies=")
    return patterns


PROXY_SCHEMES = frozenset({"http", "https", "socks4", "socks4a", "socks5", "socks5h"})


def check_proxies(urls: Iterable[str], source: str, hint: str = "") -> None:
    """Raise ``RequestError`` for a proxy URL no HTTP library can use (checked before any call:
    the libraries fail on one only while sending, some with an assertion or a task-group error).
    The message names where the proxy came from and hides a password in it.
    """
    for url in urls:
        problem = _proxy_problem(url)
        if problem:
            raise RequestError(
                f"the proxy {_mask(url)!r} from {source} is not a usable proxy URL ({problem}); fix or unset it{hint}",
                argument="proxy",
            )


def check_environment_proxies(root: str, every: bool = False) -> None:
    """``check_proxies`` for the ``*_PROXY`` environment variables, read as the HTTP libraries read
    them: those that apply to ``root`` (not when ``NO_PROXY`` exempts it), or ``every`` one (httpx
    parses them all when its client is built).
    """
    import urllib.request

    proxies = urllib.request.getproxies()
    parts = urlsplit(root)
    bypass = urllib.request.proxy_bypass_environment  # type: ignore[attr-defined]  # not in the stubs
    if not proxies or (not every and bypass(parts.netloc, proxies)):
        return
    for name in ("http", "https", "all") if every else (parts.scheme, "all"):
        url = proxies.get(name)
        if url:
            check_proxies([url], f"the {name.upper()}_PROXY environment variable", " (or pass trust_env=False)")


def _proxy_problem(url: str) -> str:
    """Why ``url`` is not a usable proxy URL; "" when it is (without a scheme it means http://)."""
    text = url.strip() if "://" in url else f"http://{url.strip()}"
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError on a port that is out of range or not a number
    except ValueError as error:
        return str(error)
    if parts.scheme.lower() not in PROXY_SCHEMES:
        return f"unknown scheme {parts.scheme!r}; use http://, https:// or socks5://"
    if not parts.hostname:
        return "no host"
    return host_problem(parts.hostname)


def requests_proxies(patterns: Mapping[str, str]) -> dict[str, str]:
    """httpx patterns as requests' proxy keys: ``"https://"`` -> ``"https"``, ``"all://h"`` stays."""
    return {key[:-3] if key.endswith("://") else key: url for key, url in patterns.items()}


def _check_retries(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RequestError(f"max_retries must be a non-negative integer, got {value!r}", argument="max_retries")
    return value
