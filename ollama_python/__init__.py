"""ollama-python: a fast, typed Python SDK for the Ollama REST API.

Endpoint-grouped classes::

    from ollama_python import GenerateAPI
    print(GenerateAPI(model="llama3.2").generate("Why is the sky blue?").response)

or the official ``ollama`` package's style, which runs unchanged::

    import ollama_python as ollama
    ollama.chat("llama3.2", messages=[{"role": "user", "content": "Hi"}])["message"]["content"]
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING  # a local False would hide the imports below from jedi

from ._version import __version__

# Every public name lives in a submodule that is imported on first access (PEP 562), so
# `import ollama_python` stays cheap for scripts and the CLI. The imports below are for type
# checkers and editors (jedi, pyright), which read them statically; they do not run.
if TYPE_CHECKING:
    import builtins
    from typing import Any

    from ._config import Timeout as Timeout
    from ._default_client import abort as abort
    from ._functions import *  # noqa: F403 - one function per Client method (generated)
    from ._streaming import AsyncStream as AsyncStream
    from ._streaming import Stream as Stream
    from .async_client import AsyncClient as AsyncClient
    from .client import Client as Client
    from .endpoints.async_embedding import AsyncEmbeddingAPI as AsyncEmbeddingAPI
    from .endpoints.async_generate import AsyncGenerateAPI as AsyncGenerateAPI
    from .endpoints.async_model_management import AsyncModelManagementAPI as AsyncModelManagementAPI
    from .endpoints.embedding import EmbeddingAPI as EmbeddingAPI
    from .endpoints.generate import GenerateAPI as GenerateAPI
    from .endpoints.model_management import ModelManagementAPI as ModelManagementAPI
    from .errors import AbortedError as AbortedError
    from .errors import AuthenticationError as AuthenticationError
    from .errors import BadRequestError as BadRequestError
    from .errors import ConnectionError as ConnectionError
    from .errors import EndpointNotFoundError as EndpointNotFoundError
    from .errors import InvalidResponseError as InvalidResponseError
    from .errors import MissingDependencyError as MissingDependencyError
    from .errors import MissingFieldError as MissingFieldError
    from .errors import NotFoundError as NotFoundError
    from .errors import OllamaError as OllamaError
    from .errors import RequestError as RequestError
    from .errors import ResponseError as ResponseError
    from .errors import ServerBusyError as ServerBusyError
    from .errors import StreamError as StreamError
    from .errors import StructuredOutputError as StructuredOutputError
    from .errors import TimeoutError as TimeoutError
    from .types import ChatResponse as ChatResponse
    from .types import EmbeddingsResponse as EmbeddingsResponse
    from .types import EmbedResponse as EmbedResponse
    from .types import GenerateResponse as GenerateResponse
    from .types import Image as Image
    from .types import ListResponse as ListResponse
    from .types import Message as Message
    from .types import ModelRecommendationsResponse as ModelRecommendationsResponse
    from .types import Options as Options
    from .types import ProcessResponse as ProcessResponse
    from .types import ProgressResponse as ProgressResponse
    from .types import ServerStatusResponse as ServerStatusResponse
    from .types import ShowResponse as ShowResponse
    from .types import StatusResponse as StatusResponse
    from .types import Tool as Tool
    from .types import ToolCall as ToolCall
    from .types import UserResponse as UserResponse
    from .types import VersionResponse as VersionResponse
    from .types import WebFetchResponse as WebFetchResponse
    from .types import WebSearchResponse as WebSearchResponse

# The module functions, one per Client method (their names are generated with _functions.py).
from ._function_names import FUNCTION_NAMES as _FUNCTIONS

_ERRORS = (
    "OllamaError",
    "ResponseError",
    "BadRequestError",
    "AuthenticationError",
    "EndpointNotFoundError",
    "NotFoundError",
    "ServerBusyError",
    "StreamError",
    "InvalidResponseError",
    "StructuredOutputError",
    "RequestError",
    "ConnectionError",
    "TimeoutError",
    "AbortedError",
    "MissingFieldError",
    "MissingDependencyError",
)
_TYPES = (
    "ChatResponse",
    "EmbedResponse",
    "EmbeddingsResponse",
    "GenerateResponse",
    "Image",
    "ListResponse",
    "Message",
    "Options",
    "ProcessResponse",
    "ProgressResponse",
    "ShowResponse",
    "StatusResponse",
    "ServerStatusResponse",
    "UserResponse",
    "ModelRecommendationsResponse",
    "Tool",
    "ToolCall",
    "VersionResponse",
    "WebFetchResponse",
    "WebSearchResponse",
)
_ASYNC_NAMES = ("AsyncClient", "AsyncEmbeddingAPI", "AsyncGenerateAPI", "AsyncModelManagementAPI")

# public name -> the submodule (relative to this package) that defines it
_HOME: dict[str, str] = {
    **dict.fromkeys(_FUNCTIONS, "._functions"),
    **dict.fromkeys(_ERRORS, ".errors"),
    **dict.fromkeys(_TYPES, ".types"),
    "abort": "._default_client",
    "Timeout": "._config",
    "Stream": "._streaming",
    "AsyncStream": "._streaming",
    "Client": ".client",
    "AsyncClient": ".async_client",
    "GenerateAPI": ".endpoints.generate",
    "EmbeddingAPI": ".endpoints.embedding",
    "ModelManagementAPI": ".endpoints.model_management",
    "AsyncGenerateAPI": ".endpoints.async_generate",
    "AsyncEmbeddingAPI": ".endpoints.async_embedding",
    "AsyncModelManagementAPI": ".endpoints.async_model_management",
}


def _httpx_installed() -> bool:
    # importlib.util.find_spec's search for a top-level name, without importing importlib.util (~3 ms)
    if "httpx" in sys.modules:
        return sys.modules["httpx"] is not None
    finders = (getattr(finder, "find_spec", None) for finder in sys.meta_path)
    return any(find_spec is not None and find_spec("httpx", None) is not None for find_spec in finders)


def __getattr__(name: str) -> Any:
    """Import a public name's module on first access (the async classes need the ``async`` extra)."""
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'ollama_python' has no attribute {name!r}")
    if name in _ASYNC_NAMES and not _httpx_installed():
        from .errors import ASYNC_EXTRA_MESSAGE, MissingDependencyError

        raise MissingDependencyError(ASYNC_EXTRA_MESSAGE)
    from importlib import import_module

    value = getattr(import_module(home, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> builtins.list[str]:
    return sorted({*globals(), *__all__})


# `from ollama_python import *` must not fail without the async extra
__all__ = [*(name for name in _HOME if name not in _ASYNC_NAMES or _httpx_installed()), "__version__"]
