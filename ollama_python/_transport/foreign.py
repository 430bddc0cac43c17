"""The last-resort net at each transport boundary: no exception of an HTTP, JSON or compression
library reaches the user (shared by both transports).

The transports translate every failure they expect (timeouts, refused or dropped connections,
bad chunks, corrupt compression, odd redirects) into a precise message of ours. This net catches
what a library may still raise for a reply nobody foresaw, and says what happened in our terms,
keeping the original as ``__cause__``. It recognises a foreign exception by where it comes from:
its class is defined in one of those libraries, or a plain ``ValueError``, ``UnicodeError``,
``LookupError``, ``AssertionError``, ``RecursionError`` or ``ExceptionGroup`` was raised inside one
of them. Anything else (our own exceptions, a bug in our code such as a ``TypeError``,
``KeyboardInterrupt``, ``CancelledError``, ``GeneratorExit``) passes through untouched.
"""

from __future__ import annotations

import builtins

from ..errors import ConnectionError, InvalidResponseError, OllamaError

# Modules whose exceptions the user must never see: the HTTP stacks (both transports, the aiohttp
# backend), URL and header parsing under them, JSON and decompression.
FOREIGN_MODULES = (
    "requests",
    "urllib3",
    "http",
    "urllib",
    "email",
    "httpx",
    "httpcore",
    "h11",
    "h2",
    "anyio",
    "aiohttp",
    "yarl",
    "multidict",
    "json",
    "orjson",
    "zlib",
    "gzip",
    "brotli",
    "zstandard",
    "compression",
    "ssl",
    "_ssl",
    "socket",
    "idna",
    "encodings",
)
# Builtin classes a library raises for input it cannot handle (an AssertionError: aiohttp on a proxy
# scheme it does not know; an ExceptionGroup: anyio's task groups under httpcore). Counted as foreign
# only when raised inside a library; a TypeError never is (it is a wrong call, a bug to see).
_PLAIN: tuple[type[Exception], ...] = (ValueError, UnicodeError, LookupError, AssertionError, RecursionError)
_GROUP = vars(builtins).get("ExceptionGroup")  # Python 3.11+
_PLAIN += (_GROUP,) if _GROUP is not None else ()
MAX_DETAIL = 300


def _foreign_module(name: str) -> bool:
    return name.partition(".")[0] in FOREIGN_MODULES


def is_foreign(error: BaseException) -> bool:
    """Whether ``error`` is a library's exception that must not reach the user as it is."""
    if isinstance(error, OllamaError) or not isinstance(error, Exception):
        return False
    if _foreign_module(type(error).__module__):
        return True
    if type(error).__module__ == "builtins" and isinstance(error, _PLAIN):
        return _raised_inside_a_library(error)
    return False


def _raised_inside_a_library(error: BaseException) -> bool:
    """Whether the innermost frame of the traceback belongs to one of the foreign modules."""
    tb = error.__traceback__
    if tb is None:
        return False
    while tb.tb_next is not None:
        tb = tb.tb_next
    return _foreign_module(str(tb.tb_frame.f_globals.get("__name__", "")))


def one_line(detail: object, limit: int = MAX_DETAIL) -> str:
    """``detail`` as one printable line of at most ``limit`` characters (library messages span lines)."""
    text = " ".join(str(detail).split())
    text = "".join(char if char.isprintable() else "?" for char in text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def translated(error: BaseException, url: str) -> OllamaError | None:
    """Our exception for a foreign ``error`` met while talking to ``url``; None when it is not foreign."""
    if not is_foreign(error):
        return None
    kind = type(error)
    what = one_line(f"{kind.__module__}.{kind.__qualname__}: {error}")
    inner = getattr(error, "exceptions", None) or ()  # an ExceptionGroup: what it groups
    if isinstance(error, OSError) or any(isinstance(item, OSError) for item in inner):
        return ConnectionError(f"lost the connection to {url} ({what}); retry, or check the server and any proxy")
    return InvalidResponseError(
        f"could not read the reply of {url}: the HTTP library failed on it ({what}); the server, or a proxy in "
        "front of it, sent something that is not valid HTTP or JSON: check base_url and the proxy"
    )


def reraise_translated(error: BaseException, url: str) -> None:
    """Raise our exception for a foreign ``error`` (from it); return when ``error`` is not foreign."""
    ours = translated(error, url)
    if ours is not None:
        raise ours from error
