"""Where a redirect goes, and which headers may follow it (shared by both transports)."""

from __future__ import annotations

from collections.abc import MutableMapping
from urllib.parse import urljoin, urlsplit

from ..errors import InvalidResponseError

# Sent only to the configured origin, whatever set them: our options, the environment, the URL,
# or a session/client passed in (its auth, headers or cookies).
CREDENTIAL_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})


def redirect_target(url: str, location: str, status: int) -> str:
    """The absolute URL a ``Location`` points to; ``InvalidResponseError`` if it is not a usable URL."""
    try:
        target = urljoin(url, location)
        parts = urlsplit(target)
        parts.port  # noqa: B018 - raises ValueError on a port that is out of range or not a number
    except ValueError as error:
        raise InvalidResponseError(
            f"{url} redirected ({status}) to an invalid address {location[:200]!r} ({error})", status
        ) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidResponseError(
            f"{url} redirected ({status}) to {location[:200]!r}, which is not an http(s) URL", status
        )
    return target


def same_origin(first: str, second: str) -> bool:
    """Whether two URLs share scheme, host and port (credentials may go to that origin only)."""
    a, b = urlsplit(first), urlsplit(second)
    return (a.scheme, a.hostname, _port(a.scheme, a.port)) == (b.scheme, b.hostname, _port(b.scheme, b.port))


def _port(scheme: str, port: int | None) -> int | None:
    if port is not None:
        return port
    return {"http": 80, "https": 443}.get(scheme)


def without_credentials(headers: dict[str, str]) -> dict[str, str]:
    """A copy of ``headers`` without the credential headers."""
    return {name: value for name, value in headers.items() if name.lower() not in CREDENTIAL_HEADERS}


def drop_credentials(headers: MutableMapping[str, str]) -> None:
    """Remove the credential headers from a request's own (case-insensitive) header mapping."""
    for name in [name for name in headers if name.lower() in CREDENTIAL_HEADERS]:
        del headers[name]
