"""Module-level functions (``ollama_python.chat(...)``) bound to a default ``Client``.

The client is created on first use, not at import, so ``OLLAMA_HOST`` and ``OLLAMA_API_KEY`` are
read when the first call needs them and importing the package stays cheap.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .client import Client

_lock = threading.Lock()
_client: Client | None = None


def default_client() -> Client:
    """The client behind the module-level functions (created on first use)."""
    global _client
    if _client is None:
        with _lock:
            if _client is None:
                _client = Client()
    return _client


def _forward(name: str) -> Callable[..., Any]:
    method = getattr(Client, name)

    @functools.wraps(method)
    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(default_client(), name)(*args, **kwargs)

    return call


FUNCTIONS = (
    "chat", "generate", "embed", "embeddings", "pull", "push", "create", "create_blob", "delete", "copy",
    "list", "show", "ps", "version", "web_search", "web_fetch", "abort",
    "status", "whoami", "signout", "model_recommendations",
)  # fmt: skip

if TYPE_CHECKING:  # type checkers see the exact (overloaded) signatures of the Client's methods
    _typed = Client()
    chat = _typed.chat
    generate = _typed.generate
    embed = _typed.embed
    embeddings = _typed.embeddings
    pull = _typed.pull
    push = _typed.push
    create = _typed.create
    create_blob = _typed.create_blob
    delete = _typed.delete
    copy = _typed.copy
    list = _typed.list
    show = _typed.show
    ps = _typed.ps
    version = _typed.version
    web_search = _typed.web_search
    web_fetch = _typed.web_fetch
    abort = _typed.abort
    status = _typed.status
    whoami = _typed.whoami
    signout = _typed.signout
    model_recommendations = _typed.model_recommendations
else:
    globals().update({name: _forward(name) for name in FUNCTIONS})
