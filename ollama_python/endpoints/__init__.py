"""The endpoint-grouped API: one class per group of endpoints, sync and async.

The async classes (``async_*.py``) are written by hand; the sync ones are generated from them by
``scripts/unasync.py``.
"""

from .async_embedding import AsyncEmbeddingAPI
from .async_generate import AsyncGenerateAPI
from .async_model_management import AsyncModelManagementAPI
from .embedding import EmbeddingAPI
from .generate import GenerateAPI
from .model_management import ModelManagementAPI

__all__ = [
    "AsyncEmbeddingAPI",
    "AsyncGenerateAPI",
    "AsyncModelManagementAPI",
    "EmbeddingAPI",
    "GenerateAPI",
    "ModelManagementAPI",
]
