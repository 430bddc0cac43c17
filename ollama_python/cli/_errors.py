"""Exit codes, and every failure turned into one readable line on stderr."""

from __future__ import annotations

import builtins
import sys
from typing import IO

from ..errors import ConnectionError, RequestError, ResponseError

__all__ = [
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_REFUSED",
    "EXIT_UNREACHABLE",
    "EXIT_USAGE",
    "describe",
    "exit_code",
    "report",
]

EXIT_OK = 0
"""The command did what it was asked."""
EXIT_REFUSED = 1
"""The server said no (model not found, bad request, error inside a stream...), or another failure."""
EXIT_USAGE = 2
"""Bad command-line usage, or input the SDK refused to send (a missing Modelfile, a bad host...)."""
EXIT_UNREACHABLE = 3
"""The server could not be reached, dropped the connection or timed out."""
EXIT_INTERRUPTED = 130
"""Ctrl-C (128 + SIGINT, as shells report it)."""


def exit_code(error: BaseException) -> int:
    """The exit status that reports ``error``."""
    if isinstance(error, KeyboardInterrupt):
        return EXIT_INTERRUPTED
    if isinstance(error, (ConnectionError, builtins.ConnectionError, builtins.TimeoutError)):
        return EXIT_UNREACHABLE
    if isinstance(error, RequestError):
        return EXIT_USAGE
    return EXIT_REFUSED


def describe(error: BaseException) -> str:
    """``error`` as one line of text (no traceback, no line breaks)."""
    if isinstance(error, ResponseError) and error.status_code < 0:
        text = error.error  # reported inside a stream: "(status code: -1)" would only confuse
    elif isinstance(error, (ResponseError, RequestError, ConnectionError, OSError)):
        text = str(error)
    else:
        text = f"{type(error).__name__}: {error}"
    line = " ".join(part.strip() for part in text.splitlines() if part.strip()) or type(error).__name__
    for python, cli in _CLI_WORDS:
        line = line.replace(python, cli)
    return line


# The SDK's advice names Python arguments; on the command line the same fix is an option.
_CLI_WORDS = (
    ("timeout=Timeout(read=...)", "--timeout SECONDS"),
    ("OLLAMA_HOST (or base_url)", "OLLAMA_HOST (or --host)"),
    ("OLLAMA_HOST or base_url", "OLLAMA_HOST or --host"),
    ("point base_url at", "point --host at"),
    ("or pass verify=", "or pass --cacert FILE (or --no-verify)"),
    (" (or pass headers={'Authorization': 'Bearer <key>'})", ""),
    ("pass via='server'", "pass --via server"),
    ("web_search() calls", "web-search calls"),
    ("web_fetch() calls", "web-fetch calls"),
)


def report(error: BaseException, stream: IO[str] | None = None) -> int:
    """Print ``error: <description>`` on stderr; return the matching exit status."""
    print(f"error: {describe(error)}", file=stream if stream is not None else sys.stderr, flush=True)
    return exit_code(error)
