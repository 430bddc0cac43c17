"""Header names and values checked before anything is sent.

The HTTP libraries refuse some values only while sending (a key ending in a newline, a
non-string value), and then report it as a broken connection quoting the whole header, secret
included. Checked here first, the error names the header and never shows its value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..errors import RequestError

# RFC 9110 token characters for names; values are visible ASCII/Latin-1 and inner spaces or tabs.
_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_VALUE = re.compile(r"(?:[\x21-\x7e\x80-\xff](?:[ \t]*[\x21-\x7e\x80-\xff])*)?")


def checked_headers(headers: Any, source: str = "headers=") -> dict[str, str]:
    """``headers`` as a dict of strings, or a ``RequestError`` naming the bad header (not its value).

    Args:
        headers: A mapping of header names to values.
        source: Where the headers came from, for the message.
    """
    if not isinstance(headers, Mapping):
        raise RequestError(
            f"{source} must be a mapping of header names to strings, got {type(headers).__name__}", argument="headers"
        )
    for name, value in headers.items():
        check_header(name, value, source)
    return dict(headers)


def check_header(name: Any, value: Any, source: str = "headers=") -> None:
    """Raise ``RequestError`` if ``name: value`` cannot be sent as it is; the value is never shown."""
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise RequestError(f"invalid header name {_shown_name(name)} in {source}", argument="headers")
    if isinstance(value, bytes):  # the HTTP libraries send bytes as they are (Latin-1)
        value = value.decode("latin-1")
    if not isinstance(value, str):
        raise RequestError(
            f"header {name!r} in {source} must be a string, got {type(value).__name__}", argument="headers"
        )
    if not _VALUE.fullmatch(value):
        raise RequestError(
            f"header {name!r} in {source} cannot be sent: its value has a line break, a control character, a character "
            "outside Latin-1, or leading/trailing whitespace (value not shown; check the API key or header)",
            argument="headers",
        )


def _shown_name(name: Any) -> str:
    if isinstance(name, str):
        return repr(name[:60])
    return f"of type {type(name).__name__}"
