"""Where the server is and what every request carries: ``OLLAMA_HOST``, base URLs, default headers."""

from __future__ import annotations

import base64
import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, unquote

from ._config import DEFAULT_HOST, DEFAULT_PORT
from ._version import __version__
from .errors import RequestError

_SCHEME_PORTS = {"http": 80, "https": 443}
_HOST_CHARS = re.compile(r"^[A-Za-z0-9._~-]*$")
_PORT = re.compile(r"[0-9]{1,5}")  # ASCII digits only: str.isdigit() also accepts superscripts
# Addresses a server listens on that a client cannot connect to as such.
_CONNECTABLE = {"0.0.0.0": "127.0.0.1", "::": "::1"}


@dataclass(frozen=True)
class ServerAddress:
    """A parsed server location.

    Attributes:
        root: ``scheme://host:port[/prefix]`` without credentials or trailing slash; API paths
            (``/api/chat``) are appended to it.
        username: User name given in the URL (``http://user:pass@host``), if any.
        password: Password given in the URL, if any.
    """

    root: str
    username: str | None = None
    password: str | None = None

    @property
    def basic_auth(self) -> str | None:
        """An ``Authorization: Basic`` value built from URL credentials, if the URL had them."""
        if self.username is None:
            return None
        token = f"{self.username}:{self.password or ''}".encode()
        return "Basic " + base64.b64encode(token).decode("ascii")


def parse_host(value: str | None) -> ServerAddress:
    """Parse a host the way ``OLLAMA_HOST`` is read by the official clients.

    Surrounding whitespace and quotes are stripped; a missing scheme means ``http`` with port
    11434, ``http://`` defaults to port 80 and ``https://`` to 443; an invalid port falls back to
    the default; a missing host is ``127.0.0.1``; IPv6 literals may come with or without brackets;
    a path is kept as a prefix for every API path; the bare value ``ollama.com`` means
    ``https://ollama.com:443``. Listen-all addresses (``0.0.0.0``, ``::``) are rewritten to
    loopback so that a server's own ``OLLAMA_HOST`` also works for its clients.

    Raises:
        RequestError: The value has a scheme other than http/https or characters no host can have.
    """
    text = (value or "").strip().strip("'\"").strip()
    if text.lower() == "ollama.com":
        return ServerAddress("https://ollama.com:443")
    scheme, separator, rest = text.partition("://")
    if separator:
        scheme = scheme.lower()
        if scheme not in _SCHEME_PORTS:
            raise RequestError(
                f"unsupported scheme {scheme!r} in host {_mask(text)!r}: use http:// or https://",
                argument="host",
            )
        default_port = _SCHEME_PORTS[scheme]
    else:
        scheme, rest, default_port = "http", text, DEFAULT_PORT
    rest = re.split(r"[?#]", rest, maxsplit=1)[0]
    authority, _, path = rest.partition("/")
    userinfo, at, hostport = authority.rpartition("@")
    host, port = _split_host_port(hostport, default_port, text)
    root = f"{scheme}://{host}:{port}"
    if path.strip("/"):
        # Percent-encode what cannot stand in a URL path (spaces, CR/LF...): never sent raw.
        root += "/" + quote(path.strip("/"), safe="/%:@!$&'()*+,;=-._~")
    if not at:
        return ServerAddress(root)
    username, _, password = userinfo.partition(":")
    return ServerAddress(root, unquote(username), unquote(password) if password else None)


def resolve_base_url(base_url: str | None) -> ServerAddress:
    """The server for a client: ``base_url``, else ``OLLAMA_HOST``, else ``127.0.0.1:11434``.

    A trailing ``/api`` is accepted and removed, so ``http://localhost:11434/api`` and
    ``http://localhost:11434`` name the same server.
    """
    if base_url is not None and not isinstance(base_url, str):
        raise RequestError(
            f"host must be a string such as 'http://localhost:11434', got {type(base_url).__name__}",
            argument="host",
        )
    address = parse_host(base_url if base_url is not None else os.environ.get("OLLAMA_HOST"))
    if address.root.endswith("/api"):
        return ServerAddress(address.root[: -len("/api")], address.username, address.password)
    return address


def _split_host_port(hostport: str, default_port: int, original: str) -> tuple[str, int]:
    """Split ``host[:port]`` (IPv6 with or without brackets) and validate the host."""
    port_text = ""
    if hostport.startswith("["):
        host, _, tail = hostport[1:].partition("]")
        port_text = tail[1:] if tail.startswith(":") else ""
    elif hostport.count(":") > 1:
        host = hostport  # a bare IPv6 literal: every colon belongs to the address
    else:
        host, _, port_text = hostport.partition(":")
    port = int(port_text) if _PORT.fullmatch(port_text) and int(port_text) <= 65535 else default_port
    host = _CONNECTABLE.get(host, host) or DEFAULT_HOST
    if ":" in host:
        return f"[{_valid_ipv6(host, original)}]", port
    if not _HOST_CHARS.match(host):
        raise RequestError(f"invalid host name in {_mask(original)!r}", argument="host")
    return host, port


def _valid_ipv6(host: str, original: str) -> str:
    address, _, zone = host.partition("%")
    try:
        ipaddress.IPv6Address(address)
    except ValueError:
        raise RequestError(f"invalid IPv6 address in {_mask(original)!r}", argument="host") from None
    if zone.startswith("25"):  # already percent-encoded ("%25eth0")
        zone = zone[2:]
    return host if not zone else f"{address}%25{zone}"


def _mask(text: str) -> str:
    """Hide a password written into a URL (with or without a scheme) before it goes into a message."""
    return re.sub(r"^((?:[A-Za-z][A-Za-z0-9+.-]*://)?[^/@:]*:)[^/@]*@", r"\1***@", text)


@lru_cache(maxsize=1)
def user_agent() -> str:
    """``ollama-python/<version> (<arch> <os>) Python/<version>``."""
    import platform  # here, not at import time: `import ollama_python` stays fast

    return (
        f"ollama-python/{__version__} ({platform.machine()} {platform.system().lower()}) "
        f"Python/{platform.python_version()}"
    )


def default_headers(address: ServerAddress, headers: dict[str, str] | None) -> dict[str, str]:
    """Headers sent with every request: the caller's, completed with our defaults.

    ``Authorization`` comes from, in order: the caller's headers, credentials in the URL,
    ``OLLAMA_API_KEY`` (as ``Bearer``).
    """
    given = dict(headers or {})
    given_names = {name.lower() for name in given}
    defaults = {"Accept": "application/json", "Content-Type": "application/json", "User-Agent": user_agent()}
    merged = {name: value for name, value in defaults.items() if name.lower() not in given_names}
    merged.update(given)
    if "authorization" not in given_names:
        api_key = os.environ.get("OLLAMA_API_KEY")
        credential = address.basic_auth or (f"Bearer {api_key}" if api_key else None)
        if credential:
            merged["Authorization"] = credential
    return merged


def bearer_token(headers: Mapping[str, str] | None) -> str | None:
    """The bearer token requests will carry: from an ``Authorization`` header, else ``OLLAMA_API_KEY``."""
    for name, value in (headers or {}).items():
        if name.lower() == "authorization":
            return value[7:] if value.startswith("Bearer ") and len(value) > 7 else None
    return os.environ.get("OLLAMA_API_KEY") or None
