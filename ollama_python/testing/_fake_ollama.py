"""Default behaviour of the test server: a small, deterministic fake Ollama."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from . import _cloud, _inference, _management
from ._gowire import ApiError
from ._names import parse_model_name
from ._recording import RecordedRequest
from ._replies import JSONReply, RawReply, Reply
from ._store import FakeModel, ModelStore, build_model

__all__ = ["FakeOllama", "DEFAULT_MODELS", "not_found", "method_not_allowed"]

DEFAULT_MODELS = ("llama3.2", "qwen3", "all-minilm")
"""Models installed when ``OllamaTestServer`` is created without ``models``."""

Handler = Callable[[ModelStore, RecordedRequest], Reply]


def not_found() -> RawReply:
    """Gin's plain-text ``404 page not found``."""
    return RawReply(b"404 page not found", status=404, content_type="text/plain")


def method_not_allowed() -> RawReply:
    """Gin's plain-text ``405 method not allowed``."""
    return RawReply(b"405 method not allowed", status=405, content_type="text/plain")


def _bearer(handler: Handler) -> Handler:
    def wrapped(store: ModelStore, request: RecordedRequest) -> Reply:
        _cloud.requires_bearer(request)
        return handler(store, request)

    return wrapped


class FakeOllama:
    """Route table plus state; turns a ``RecordedRequest`` into a reply specification.

    Args:
        version: Value reported by ``/api/version``.
        models: Names of the models installed at start.
    """

    def __init__(self, *, version: str, models: Iterable[str]) -> None:
        self.version = version
        self.store = ModelStore()
        for name in models:
            self.add_model(name)
        self._routes: dict[str, dict[str, Handler]] = {
            "/": {"GET": self._root, "HEAD": self._root},
            "/api/version": {"GET": self._version, "HEAD": self._version},
            "/api/generate": {"POST": _inference.generate},
            "/api/chat": {"POST": _inference.chat},
            "/api/embed": {"POST": _inference.embed},
            "/api/embeddings": {"POST": _inference.embeddings},
            "/api/tags": {"GET": _management.tags, "HEAD": _management.tags},
            "/api/show": {"POST": _management.show},
            "/api/copy": {"POST": _management.copy_model},
            "/api/delete": {"DELETE": _management.delete},
            "/api/pull": {"POST": _management.pull},
            "/api/push": {"POST": _management.push},
            "/api/create": {"POST": _management.create},
            "/api/ps": {"GET": _management.ps},
            "/api/status": {"GET": _cloud.status},
            "/api/me": {"POST": _cloud.me},
            "/api/signout": {"POST": _cloud.signout},
            "/api/experimental/web_search": {"POST": _cloud.web_search},
            "/api/experimental/web_fetch": {"POST": _cloud.web_fetch},
            "/api/experimental/model-recommendations": {"GET": _cloud.recommendations},
            "/api/web_search": {"POST": _bearer(_cloud.web_search)},
            "/api/web_fetch": {"POST": _bearer(_cloud.web_fetch)},
        }
        self._prefix_routes: tuple[tuple[str, dict[str, Handler]], ...] = (
            ("/api/blobs/", {"HEAD": _management.blob_head, "POST": _management.blob_post}),
            ("/api/user/keys/", {"DELETE": _cloud.signout}),
        )

    def add_model(self, name: str, **fields: object) -> FakeModel:
        """Install a model built by ``build_model`` (see ``OllamaTestServer.add_model``).

        Raises:
            ValueError: ``name`` is not a valid Ollama model name.
        """
        parsed = parse_model_name(name.strip()) if isinstance(name, str) else None
        if parsed is None:
            raise ValueError(f"invalid model name: {name!r}")
        with self.store.lock:
            existing = self.store.get(parsed.full)
            if existing is not None:
                self.store.remove(existing)
            return self.store.put(build_model(parsed, **fields))  # type: ignore[arg-type]

    def _route(self, path: str) -> dict[str, Handler] | None:
        methods = self._routes.get(path)
        if methods is not None:
            return methods
        for prefix, prefix_methods in self._prefix_routes:
            if path.startswith(prefix):
                rest = path[len(prefix) :]
                return prefix_methods if rest and "/" not in rest else None
        return None

    def handle(self, request: RecordedRequest) -> Reply:
        """Answer ``request`` like Ollama would.

        Returns:
            The reply specification to send. Unexpected exceptions propagate to the caller.
        """
        methods = self._route(request.path)
        if methods is None:
            return not_found()
        handler = methods.get(request.method)
        if handler is None:
            return method_not_allowed()
        try:
            with self.store.lock:
                return handler(self.store, request)
        except ApiError as error:
            return JSONReply(error.body(), status=error.status)

    def _root(self, store: ModelStore, request: RecordedRequest) -> Reply:
        return RawReply(b"Ollama is running")

    def _version(self, store: ModelStore, request: RecordedRequest) -> Reply:
        return JSONReply({"version": self.version})
