"""Request and response types: dataclasses with attribute and dict-style access.

Every response field has a default, so replies from older servers decode; unknown fields from
newer servers are kept in ``extra`` and stay readable with ``response["field"]``.
"""

from ._model import WireModel, parse_timestamp
from .chat import (
    Image,
    ImageInput,
    Logprob,
    Message,
    TokenLogprob,
    Tool,
    ToolCall,
    ToolCallFunction,
    ToolFunction,
    ToolParameters,
)
from .generation import (
    ChatResponse,
    DebugInfo,
    EmbedArrayResponse,
    EmbeddingsResponse,
    EmbedResponse,
    GenerateResponse,
    GenerationMetrics,
)
from .models import (
    ListedModel,
    ListResponse,
    ModelDetails,
    ProcessResponse,
    ProgressResponse,
    RunningModel,
    ShowResponse,
    StatusResponse,
    TensorInfo,
    ThinkingLevels,
    VersionResponse,
)
from .options import Options
from .server import (
    CloudStatus,
    ModelRecommendation,
    ModelRecommendationsResponse,
    ServerStatusResponse,
    UserResponse,
)
from .web import WebFetchResponse, WebSearchResponse, WebSearchResult

__all__ = [
    "ChatResponse",
    "DebugInfo",
    "ThinkingLevels",
    "CloudStatus",
    "ModelRecommendation",
    "ModelRecommendationsResponse",
    "ServerStatusResponse",
    "UserResponse",
    "EmbedArrayResponse",
    "EmbedResponse",
    "EmbeddingsResponse",
    "GenerateResponse",
    "GenerationMetrics",
    "Image",
    "ImageInput",
    "ListResponse",
    "ListedModel",
    "Logprob",
    "Message",
    "ModelDetails",
    "Options",
    "ProcessResponse",
    "ProgressResponse",
    "RunningModel",
    "ShowResponse",
    "StatusResponse",
    "TensorInfo",
    "TokenLogprob",
    "Tool",
    "ToolCall",
    "ToolCallFunction",
    "ToolFunction",
    "ToolParameters",
    "VersionResponse",
    "WebFetchResponse",
    "WebSearchResponse",
    "WebSearchResult",
    "WireModel",
    "parse_timestamp",
]
