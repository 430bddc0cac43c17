"""The endpoint-grouped API: one class per group of endpoints, sync and async.

The async classes (``async_*.py``) are written by hand; the sync ones are generated from them by
``scripts/unasync.py``. Each class's module is imported on first access (PEP 562), so importing
one sync class loads neither the others nor the async ones.
"""

from __future__ import annotations

from typing import TYPE_CHECKING  # a local False would hide the imports below from jedi

if TYPE_CHECKING:  # for type checkers and editors, which read these statically
    from typing import Any

    from .async_embedding import AsyncEmbeddingAPI as AsyncEmbeddingAPI
    from .async_generate import AsyncGenerateAPI as AsyncGenerateAPI
    from .async_model_management import AsyncModelManagementAPI as AsyncModelManagementAPI
    from .embedding import EmbeddingAPI as EmbeddingAPI
    from .generate import GenerateAPI as GenerateAPI
    from .model_management import ModelManagementAPI as ModelManagementAPI

# class name -> the module that defines it
_HOME = {
    "AsyncEmbeddingAPI": ".async_embedding",
    "AsyncGenerateAPI": ".async_generate",
    "AsyncModelManagementAPI": ".async_model_management",
    "EmbeddingAPI": ".embedding",
    "GenerateAPI": ".generate",
    "ModelManagementAPI": ".model_management",
}

__all__ = [
    "AsyncEmbeddingAPI",
    "AsyncGenerateAPI",
    "AsyncModelManagementAPI",
    "EmbeddingAPI",
    "GenerateAPI",
    "ModelManagementAPI",
]


def __getattr__(name: str) -> Any:
    """Import a class's module on first access."""
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'ollama_python.endpoints' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(home, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
