"""Where a redirect goes, and which headers may follow it (shared by both transports)."""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from urllib.parse import urljoin, urlsplit

from ..errors import InvalidResponseError

# Sent only to the configured origin, whatever set them: our options, the environment, the URL,
# or a session/client passed in (its auth, headers or cookies).
CREDENTIAL_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})
_HOST = re.compile(r"[A-Za-z0-9_.-]+")


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
    problem = host_problem(parts.hostname) or _control_characters(target)
    if problem:
        raise InvalidResponseError(
            f"{url} redirected ({status}) to an invalid address {location[:200]!r} ({problem})", status
        )
    return target


def host_problem(host: str) -> str:
    """Why ``host`` (from a ``Location``) is not a usable host name; "" when it is."""
    if host.startswith("[") or ":" in host:  # an IPv6 literal: urlsplit has checked its brackets
        return ""
    try:
        ascii_host = host.encode("idna").decode("ascii")  # also checks label lengths (1 to 63)
    except UnicodeError:
        return "a host name label is empty or longer than 63 characters"
    if len(ascii_host) > 253 or not _HOST.fullmatch(ascii_host):
        return "not a valid host name"
    return ""


def _control_characters(url: str) -> str:
    return "control characters or spaces in the address" if any(ord(c) <= 0x20 or ord(c) == 0x7F for c in url) else ""


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
