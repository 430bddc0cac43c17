"""ollama-python: a fast, typed Python SDK for the Ollama REST API.

>>> from ollama_python import GenerateAPI
>>> GenerateAPI(model="llama3.2").generate("Why is the sky blue?").response
"""

from ._config import Timeout
from ._streaming import AsyncStream, Stream
from ._version import __version__
from .endpoints import (
    AsyncEmbeddingAPI,
    AsyncGenerateAPI,
    AsyncModelManagementAPI,
    EmbeddingAPI,
    GenerateAPI,
    ModelManagementAPI,
)
from .errors import (
    AbortedError,
    AuthenticationError,
    BadRequestError,
    ConnectionError,
    InvalidResponseError,
    MissingFieldError,
    NotFoundError,
    OllamaError,
    RequestError,
    ResponseError,
    ServerBusyError,
    StreamError,
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
    Options,
    ProcessResponse,
    ProgressResponse,
    ShowResponse,
    StatusResponse,
    Tool,
    ToolCall,
    VersionResponse,
)

__all__ = [
    "AbortedError",
    "AsyncEmbeddingAPI",
    "AsyncGenerateAPI",
    "AsyncModelManagementAPI",
    "AsyncStream",
    "AuthenticationError",
    "BadRequestError",
    "ChatResponse",
    "ConnectionError",
    "EmbedResponse",
    "EmbeddingAPI",
    "EmbeddingsResponse",
    "GenerateAPI",
    "GenerateResponse",
    "Image",
    "InvalidResponseError",
    "ListResponse",
    "Message",
    "MissingFieldError",
    "ModelManagementAPI",
    "NotFoundError",
    "OllamaError",
    "Options",
    "ProcessResponse",
    "ProgressResponse",
    "RequestError",
    "ResponseError",
    "ServerBusyError",
    "ShowResponse",
    "StatusResponse",
    "Stream",
    "StreamError",
    "Timeout",
    "TimeoutError",
    "Tool",
    "ToolCall",
    "VersionResponse",
    "__version__",
]
