"""The default ``Client`` behind the module functions (``ollama_python.chat(...)``).

The client is created on first use, not at import, so ``OLLAMA_HOST`` and ``OLLAMA_API_KEY`` are
read when the first call needs them and importing the package stays cheap. The functions
themselves are generated into ``_functions.py``.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .client import Client

_lock = threading.Lock()
_client: Client | None = None


def default_client() -> Client:
    """The client behind the module-level functions (created on first use)."""
    global _client
    if _client is None:
        with _lock:
            if _client is None:
                from .client import Client  # imported here: it is the heavy part of the package

                _client = Client()
    return _client


def abort() -> None:
    """Close every stream opened through the module functions; their readers get ``AbortedError``."""
    default_client().abort()
