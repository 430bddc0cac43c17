"""Reading replies, without I/O: error bodies and JSON bodies (shared by both transports)."""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from typing import Any, TypeVar
from urllib.parse import urlsplit

from .. import _json
from .._config import Timeout, max_reply_bytes, parse_retry_after
from .._request import ApiRequest, BodyReader
from ..errors import (
    EndpointNotFoundError,
    InvalidResponseError,
    OllamaError,
    ResponseError,
    ServerBusyError,
    TimeoutError,
    bounded_repr,
    error_class_for,
)
from .foreign import one_line

T = TypeVar("T")

MAX_ERROR_BODY = 1024 * 1024
MAX_HTML_SCAN = 64 * 1024  # an HTML page's title or first text is in its beginning
_TITLE_TEXT = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_INVISIBLE = re.compile(r"<(script|style|head)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>?")
_ROUTE_NOT_FOUND = re.compile(r"^(404\s*:?\s*)?(page\s+)?not\s+found\.?$")


def error_from_reply(
    status: int, reason: str, headers: Mapping[str, str], body: bytes | bytearray, url: str, method: str = ""
) -> ResponseError:
    """The exception for an HTTP error reply, with a readable message whatever the body is."""
    body = bytes(body)
    message, signin_url, data = _error_message(status, reason, headers, body, url)
    if status == 404 and _route_missing(headers, body, data):
        path = urlsplit(url).path or "/"
        message = (
            f"the server at {url} does not implement {method or 'this request'} {path}: it is an older Ollama "
            "or an Ollama-compatible server without this endpoint (check the server, or base_url's path)"
        )
        return EndpointNotFoundError(message, status, body=body, headers=dict(headers))
    error = error_class_for(status)(message, status, body=body, headers=dict(headers), signin_url=signin_url)
    if isinstance(error, ServerBusyError):
        error.retry_after = parse_retry_after(headers.get("Retry-After"))
    return error


def _route_missing(headers: Mapping[str, str], body: bytes, data: Any) -> bool:
    """Whether a 404 is about the route rather than a model: Go's mux, FastAPI, a web server's page."""
    if isinstance(data, Mapping):
        return data.get("detail") == "Not Found" and "error" not in data
    text = body.decode("utf-8", "replace").strip().lower()
    return bool(_ROUTE_NOT_FOUND.match(text)) or is_html(body, headers.get("Content-Type", ""))


def _error_message(
    status: int, reason: str, headers: Mapping[str, str], body: bytes, url: str
) -> tuple[str, str | None, Any]:
    """The message, the sign-in link (if any) and the decoded JSON body (None when not JSON)."""
    text = body.decode("utf-8", "replace").strip()
    try:
        data = _json.loads(body) if text else None
    except ValueError:
        data = None
    if isinstance(data, Mapping):
        message = json_message(data)
        if message is not None:
            signin_url = data.get("signin_url")
            return message, signin_url if isinstance(signin_url, str) else None, data
    status_text = f"{status} {reason}".strip()
    if not text:
        return _empty_body_message(status, status_text, url), None, data
    summary = html_summary(body, headers.get("Content-Type", ""))
    if summary is not None:
        if str(status) not in summary:
            summary = f"{status_text}: {summary}" if summary else status_text
        return (
            f"{summary} (an HTML page answered {url}: a proxy or another web server is in front of it, not Ollama)",
            None,
            data,
        )
    return one_line(text, 2000), None, data


def json_message(data: Mapping[str, Any]) -> str | None:
    """The message of a JSON error body, in the shapes servers use.

    Ollama ``{"error": "..."}``; OpenAI-style ``{"error": {"message": ...}}``; FastAPI
    ``{"detail": "..."}`` or ``{"detail": [{"loc": [...], "msg": ...}]}``; ``{"message": ...}``.
    """
    if "error" in data:
        error = data["error"]
        if isinstance(error, Mapping):
            error = error.get("message", error)
        return str(error)
    detail = data.get("detail")
    if isinstance(detail, str):
        return detail
    if isinstance(detail, list) and detail:
        return "; ".join(_detail_item(item) for item in detail)
    message = data.get("message")
    if isinstance(message, str):
        return message
    return None


def _detail_item(item: Any) -> str:
    """One FastAPI validation problem: ``body.model: Field required``."""
    if not isinstance(item, Mapping):
        return str(item)
    where = ".".join(str(part) for part in item.get("loc") or ())
    what = str(item.get("msg", item))
    return f"{where}: {what}" if where else what


def is_html(body: bytes | bytearray, content_type: str) -> bool:
    """Whether a reply is an HTML page (by its type, or by how it starts)."""
    return "html" in content_type.lower() or bytes(body[:64]).lstrip().lower().startswith((b"<!doctype", b"<html"))


def html_summary(body: bytes | bytearray, content_type: str = "") -> str | None:
    """For an HTML page: its title, else its first text, without markup (at most 200 characters);
    "" when it has neither; None when the body is not HTML.
    """
    if not is_html(body, content_type):
        return None
    import html  # only for HTML error pages: ~5 ms to import

    head = bytes(body[:MAX_HTML_SCAN]).decode("utf-8", "replace")
    title = _TITLE_TEXT.search(head)
    text = title.group(1) if title else _INVISIBLE.sub(" ", head)
    words = html.unescape(_TAG.sub(" ", text)).split()
    return " ".join(words)[:200]


def informational_reply(url: str, status: int) -> InvalidResponseError:
    """The exception for a 1xx reply the HTTP library handed over as if it were the answer."""
    return InvalidResponseError(
        f"{url} answered {status}, an informational reply, where the HTTP library expected the final one (it "
        "skips only 100 Continue); turn off Early Hints on the server or proxy, or use AsyncClient, which skips them",
        status,
    )


def _empty_body_message(status: int, status_text: str, url: str) -> str:
    if status == 403:
        return (
            f"{status_text} with an empty body from {url}: Ollama refuses requests whose Host header is "
            "not local when it listens on loopback; set OLLAMA_HOST=0.0.0.0 on the server or fix the proxy"
        )
    return f"{status_text} with an empty body from {url}"


class BodyCollector:
    """Gathers a reply body from whatever reads arrive, within the read timeout and a size limit.

    A server that trickles bytes cannot hold a call beyond the timeout: the deadline is checked
    after every read. With a ``BodyReader``, bytes are handed on instead of kept. A body
    that arrives in several reads grows one buffer in place, so it is never held twice.
    """

    def __init__(
        self, url: str, read_timeout: float | None, limit: int | None = None, reader: BodyReader[Any] | None = None
    ) -> None:
        self._url = url
        self._read_timeout = read_timeout
        self._deadline = time.monotonic() + read_timeout if read_timeout else None
        self._limit = limit
        self._max_size = max_reply_bytes()
        self._reader = reader
        self._body: bytes | bytearray = b""
        self._size = 0

    def add(self, data: bytes | bytearray) -> bool:
        """Take one read; True once the size limit is reached (stop reading)."""
        self._size += len(data)
        if self._size > self._max_size:
            self._body = b""  # let the memory go at once
            raise InvalidResponseError(
                f"the reply from {self._url} is larger than {self._max_size / 2**20:g} MiB once decompressed; "
                "refusing to read it (a decompression bomb, or set OLLAMA_MAX_REPLY_MB higher if it is expected)"
            )
        if self._reader is not None:
            self._reader.feed(data)
        elif not self._body:
            self._body = data  # usually the whole reply: kept without a copy
        else:
            if isinstance(self._body, bytes):
                self._body = bytearray(self._body)
            self._body += data
        if self._deadline is not None and time.monotonic() > self._deadline:
            raise TimeoutError(f"{self._url} did not finish its reply within {self._read_timeout:g} s (timeout)")
        return self._limit is not None and self._size >= self._limit

    def takes_whole(self, size: int) -> bool:
        """Whether a body of ``size`` bytes may be received in one piece: it is kept whole (no
        reader, no limit) and within the size limit (else reading it piece by piece raises).
        """
        return self._reader is None and self._limit is None and not self._body and size <= self._max_size

    def body(self) -> bytes | bytearray:
        """Everything gathered."""
        return self._body

    def result(self, request: ApiRequest[T], status: int, content_type: str) -> T:
        """The typed result of a complete, successful, non-streamed reply."""
        if self._reader is not None:
            return self._reader.finish()  # type: ignore[no-any-return]
        return json_result(request, status, content_type, self.body(), self._url)


def body_collector(request: ApiRequest[Any], status: int, url: str, timeout: Timeout) -> BodyCollector:
    """A collector for a reply: a size-limited one for errors, the request's reader for success."""
    if status >= 300 or request.status_results is not None:
        return BodyCollector(url, timeout.read, limit=MAX_ERROR_BODY)
    return BodyCollector(url, timeout.read, reader=request.reader() if request.reader is not None else None)


def json_result(request: ApiRequest[T], status: int, content_type: str, body: bytes | bytearray, url: str) -> T:
    """The typed result of a complete, successful, non-streamed reply."""
    if not body or body.isspace():  # not strip(): that would copy a 12 MB body to look at its ends
        if request.empty_result is not None:
            return request.empty_result  # type: ignore[no-any-return]
        raise InvalidResponseError(
            f"the server sent an empty reply: {url} answered {status} with an empty body where JSON was expected",
            status,
        )
    try:
        data = _json.loads(body)
    except ValueError as error:
        raise InvalidResponseError(
            _not_json(url, status, content_type, body), status, body=bytes(body[:MAX_ERROR_BODY])
        ) from error
    return decode_object(request, data, status)


def decode_object(request: ApiRequest[T], data: Any, status: int) -> T:
    """Run the request's decoder, turning surprises in the reply's shape into our error."""
    if not isinstance(data, dict):
        raise InvalidResponseError(f"expected a JSON object from {request.path}, got {_preview(data)}", status)
    try:
        return request.decode(data)
    except OllamaError:  # e.g. StructuredOutputError: already says what went wrong
        raise
    except (TypeError, ValueError, AttributeError, KeyError) as error:
        raise InvalidResponseError(
            f"could not read the reply of {request.path} ({error}): {_preview(data)}", status
        ) from error


def _not_json(url: str, status: int, content_type: str, body: bytes | bytearray) -> str:
    kind = f" ({content_type})" if content_type else ""
    summary = html_summary(body, content_type)
    if summary is not None:
        return (
            f"{url} answered {status} with an HTML page{kind}, not JSON: {summary or 'untitled'}. A proxy, a "
            "login page or another web server is in front of Ollama; check base_url and the proxy"
        )
    return f"{url} answered {status} with a body that is not JSON{kind}: {body[:200]!r}; is it an Ollama server?"


def _preview(data: Any) -> str:
    return bounded_repr(data, 203)
