"""The exception family: everything the SDK raises derives from ``OllamaError``.

```
OllamaError
├── ResponseError                 the server (or something in front of it) said no
│   ├── BadRequestError           400
│   ├── AuthenticationError       401 / 403
│   ├── NotFoundError             404
│   │   └── EndpointNotFoundError the server has no such route (older Ollama, compatible server)
│   ├── ServerBusyError           429 / 503 (carries ``retry_after``)
│   ├── StreamError               an ``{"error": ...}`` line inside a 200 stream
│   └── InvalidResponseError      a reply we could not read (not JSON, wrong shape, cut short)
├── RequestError (ValueError)     bad input we refused to send
├── ConnectionError (builtin ConnectionError)   the server could not be reached or dropped us
│   ├── TimeoutError (builtin TimeoutError)     it took longer than the configured timeout
│   └── AbortedError              the client's ``abort()`` closed the stream
├── StructuredOutputError (ValueError)  the model's text does not fit the ``format=`` type
├── MissingFieldError (KeyError)  ``response["no_such_field"]``
└── MissingDependencyError (ImportError)  an optional extra is not installed
```
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any

__all__ = [
    "AbortedError",
    "AuthenticationError",
    "BadRequestError",
    "EndpointNotFoundError",
    "ConnectionError",
    "InvalidResponseError",
    "MissingDependencyError",
    "MissingFieldError",
    "NotFoundError",
    "OllamaError",
    "RequestError",
    "ResponseError",
    "ServerBusyError",
    "StreamError",
    "StructuredOutputError",
    "TimeoutError",
]


class OllamaError(Exception):
    """Base class of every exception raised by ``ollama_python``."""


class ResponseError(OllamaError):
    """The server answered with an error.

    Attributes:
        error: The server's message (the ``error`` field of its JSON body, or the body's text).
        status_code: The HTTP status, or ``-1`` when the error arrived inside a stream that had
            already started with ``200`` (as the official client reports it).
        body: The raw response body, when there was one.
        headers: The response headers.
        signin_url: For ``401`` from a local server that is not signed in to ollama.com: the link
            that connects this machine to an account.
    """

    def __init__(
        self,
        error: str,
        status_code: int = -1,
        *,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        signin_url: str | None = None,
    ) -> None:
        super().__init__(error)
        self.error = error
        self.status_code = status_code
        self.body = body
        self.headers: Mapping[str, str] = headers or {}
        self.signin_url = signin_url

    def __str__(self) -> str:
        text = f"{self.error} (status code: {self.status_code})"
        if self.signin_url:
            text += f"; open {self.signin_url} in a browser to sign this machine in to ollama.com"
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.__dict__))


def _rebuild(cls: type[ResponseError], state: dict[str, Any]) -> ResponseError:
    """Unpickle a ResponseError subclass whose __init__ takes keyword-only arguments."""
    error = cls.__new__(cls)
    OllamaError.__init__(error, state.get("error", ""))
    error.__dict__.update(state)
    return error


class BadRequestError(ResponseError):
    """HTTP 400: the server rejected the request (bad field value, model lacks a capability...)."""


class AuthenticationError(ResponseError):
    """HTTP 401 or 403: missing or refused credentials, cloud features disabled, or a blocked host."""


class NotFoundError(ResponseError):
    """HTTP 404: usually a model that is not installed (``ollama pull`` it first)."""


class EndpointNotFoundError(NotFoundError):
    """HTTP 404 for a route the server does not have, not for a missing model.

    Go's ``404 page not found``, FastAPI's ``{"detail": "Not Found"}`` or a web server's HTML
    page: the server is an older Ollama or an Ollama-compatible server without this endpoint.
    The message names the method and path.
    """


class ServerBusyError(ResponseError):
    """HTTP 429 or 503: the server or an upstream is overloaded; try again later.

    Attributes:
        retry_after: Seconds the server asked us to wait (from ``Retry-After``), if it said.
    """

    retry_after: float | None = None


class StreamError(ResponseError):
    """The server reported an error inside a stream after it had answered ``200``."""


class InvalidResponseError(ResponseError):
    """The reply could not be understood: not JSON, an unexpected shape, or a stream cut short."""


class RequestError(OllamaError, ValueError):
    """Bad input that the SDK refused to send.

    Attributes:
        argument: The name of the offending argument, when there is one.
    """

    def __init__(self, message: str, *, argument: str | None = None) -> None:
        super().__init__(message)
        self.argument = argument


class ConnectionError(OllamaError, builtins.ConnectionError):
    """The server could not be reached, or it dropped the connection.

    Also a builtin ``ConnectionError``, so ``except ConnectionError:`` written for the official
    client keeps working.
    """


class TimeoutError(ConnectionError, builtins.TimeoutError):
    """The server did not answer (or finish a message) within the configured timeout."""


class AbortedError(ConnectionError):
    """The stream was closed by the client's ``abort()`` while it was being read."""


class MissingFieldError(OllamaError, KeyError):
    """Dict-style access to a field that the response does not have."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class StructuredOutputError(OllamaError, ValueError):
    """The model's output is not valid JSON, or does not match the requested type.

    Attributes:
        reason: What did not match, without the preview of the text.
        raw: The model's text, unchanged.
        type: The type the text was parsed into.
        path: Where the (first) mismatch is, e.g. ``address.zip`` or ``items[2]``; ``""`` for the
            whole value or for invalid JSON.
    """

    def __init__(self, message: str, *, raw: str, type: Any, path: str = "") -> None:
        """Describe the failure.

        Args:
            message: What did not match (the raw text's preview is appended).
            raw: The model's text.
            type: The type asked for.
            path: Where the first mismatch is.
        """
        super().__init__(f"{message}; model output: {_preview(raw)}")
        self.reason = message
        self.raw = raw
        self.type = type
        self.path = path

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_structured, (type(self), self.reason, self.raw, self.type, self.path))


def _rebuild_structured(
    cls: type[StructuredOutputError], reason: str, raw: str, tp: Any, path: str
) -> StructuredOutputError:
    """Unpickle a ``StructuredOutputError`` (its ``__init__`` takes keyword-only arguments)."""
    return cls(reason, raw=raw, type=tp, path=path)


def _preview(raw: str) -> str:
    text = raw if len(raw) <= 200 else raw[: 200 - 3] + "..."
    return repr(text)


def bounded_repr(value: Any, limit: int = 200) -> str:
    """``repr(value)`` cut to ``limit`` characters, for messages; a value nested too deeply to
    print (a reply nesting a thousand levels) is described instead of raising ``RecursionError``.
    """
    try:
        text = repr(value)
    except RecursionError:
        return f"<{type(value).__name__} nested too deeply to show>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


class MissingDependencyError(OllamaError, ImportError):
    """A feature needs an optional extra that is not installed; the message says which."""


ASYNC_EXTRA_MESSAGE = "the async API (AsyncClient, Async*API) needs httpx: pip install httpx (the [async] extra)"


_STATUS_CLASSES: dict[int, type[ResponseError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: AuthenticationError,
    404: NotFoundError,
    429: ServerBusyError,
    503: ServerBusyError,
}


def error_class_for(status_code: int) -> type[ResponseError]:
    """The most specific ``ResponseError`` subclass for an HTTP status."""
    return _STATUS_CLASSES.get(status_code, ResponseError)
