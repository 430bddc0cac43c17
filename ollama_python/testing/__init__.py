"""Test helpers for applications using the Ollama REST API.

``OllamaTestServer`` runs an Ollama-compatible HTTP/1.1 server on ``127.0.0.1`` in a
background thread. Without scripting it behaves like a small, deterministic Ollama (a model
store, fake generation, progress streams, blobs...); tests can queue replies and transport
faults per route and inspect every request received.

Examples:
    >>> from ollama_python.testing import OllamaTestServer, JSONReply   # doctest: +SKIP
    >>> with OllamaTestServer() as server:
    ...     server.enqueue("POST", "/api/chat", JSONReply({"error": "overloaded"}, status=503))
    ...     ...  # point your client at server.url
    ...     assert server.last_request.path == "/api/chat"

Run ``python -m ollama_python.testing`` to start the fake server in the foreground.
"""

from ._recording import Headers, RecordedRequest
from ._replies import DropReply, HangReply, JSONReply, NDJSONReply, RawReply, Reply, ResetReply, TrickleReply
from ._server import OllamaTestServer
from ._store import FakeModel

__all__ = [
    "OllamaTestServer",
    "RecordedRequest",
    "Headers",
    "FakeModel",
    "Reply",
    "JSONReply",
    "NDJSONReply",
    "RawReply",
    "HangReply",
    "TrickleReply",
    "DropReply",
    "ResetReply",
]
