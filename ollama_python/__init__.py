"""ollama-python: a fast, typed Python SDK for the Ollama REST API.

Endpoint-grouped classes::

    from ollama_python import GenerateAPI
    print(GenerateAPI(model="llama3.2").generate("Why is the sky blue?").response)

or the official ``ollama`` package's style, which runs unchanged::

    import ollama_python as ollama
    ollama.chat("llama3.2", messages=[{"role": "user", "content": "Hi"}])["message"]["content"]
"""

from importlib.util import find_spec as _find_spec
from typing import TYPE_CHECKING, Any

from . import _functions
from ._config import Timeout
from ._default_client import abort
from ._functions import *  # noqa: F403 - one function per Client method (generated)
from ._streaming import AsyncStream, Stream
from ._version import __version__
from .client import Client
from .endpoints import EmbeddingAPI, GenerateAPI, ModelManagementAPI
from .errors import (
    ASYNC_EXTRA_MESSAGE,
    AbortedError,
    AuthenticationError,
    BadRequestError,
    ConnectionError,
    EndpointNotFoundError,
    InvalidResponseError,
    MissingDependencyError,
    MissingFieldError,
    NotFoundError,
    OllamaError,
    RequestError,
    ResponseError,
    ServerBusyError,
    StreamError,
    StructuredOutputError,
    TimeoutError,
)
from .types import (
    ChatResponse,
    EmbeddingsResponse,
    EmbedResponse,
    GenerateResponse,
    Image,
    ListResponse,
    Message,
    ModelRecommendationsResponse,
    Options,
    ProcessResponse,
    ProgressResponse,
    ServerStatusResponse,
    ShowResponse,
    StatusResponse,
    Tool,
    ToolCall,
    UserResponse,
    VersionResponse,
    WebFetchResponse,
    WebSearchResponse,
)

if TYPE_CHECKING:
    from .async_client import AsyncClient as AsyncClient
    from .endpoints import AsyncEmbeddingAPI as AsyncEmbeddingAPI
    from .endpoints import AsyncGenerateAPI as AsyncGenerateAPI
    from .endpoints import AsyncModelManagementAPI as AsyncModelManagementAPI

_ASYNC_NAMES = ("AsyncClient", "AsyncEmbeddingAPI", "AsyncGenerateAPI", "AsyncModelManagementAPI")


def __getattr__(name: str) -> Any:
    """The async classes, available when the ``async`` extra (httpx) is installed."""
    if name not in _ASYNC_NAMES:
        raise AttributeError(f"module 'ollama_python' has no attribute {name!r}")
    if _find_spec("httpx") is None:
        raise MissingDependencyError(ASYNC_EXTRA_MESSAGE)
    from . import async_client, endpoints

    value = getattr(async_client if name == "AsyncClient" else endpoints, name)
    globals()[name] = value
    return value


__all__ = [
    # endpoint-grouped API
    "GenerateAPI",
    "EmbeddingAPI",
    "ModelManagementAPI",
    # one-object API and module functions, as in the official package
    "Client",
    *_functions.__all__,
    "abort",
    # configuration and streams
    "Timeout",
    "Stream",
    "AsyncStream",
    # types
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
    # errors
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
    "__version__",
]
if _find_spec("httpx") is not None:  # `from ollama_python import *` must not fail without the extra
    __all__ += _ASYNC_NAMES
