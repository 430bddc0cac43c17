"""The endpoint-grouped API: one class per group of endpoints, sync and async."""

from .embedding import AsyncEmbeddingAPI, EmbeddingAPI
from .generate import AsyncGenerateAPI, GenerateAPI
from .model_management import AsyncModelManagementAPI, ModelManagementAPI

__all__ = [
    "AsyncEmbeddingAPI",
    "AsyncGenerateAPI",
    "AsyncModelManagementAPI",
    "EmbeddingAPI",
    "GenerateAPI",
    "ModelManagementAPI",
]
