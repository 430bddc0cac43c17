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

``generate_chunk``, ``generate_final``, ``chat_chunk``, ``chat_final`` and ``generate_stream``
build the replies a real server sends; ``free_port`` gives a port where nothing listens.

Run ``python -m ollama_python.testing`` to start the fake server in the foreground.
"""

from ._builders import chat_chunk, chat_final, free_port, generate_chunk, generate_final, generate_stream
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
    # reference replies
    "generate_chunk",
    "generate_final",
    "generate_stream",
    "chat_chunk",
    "chat_final",
    "free_port",
]
