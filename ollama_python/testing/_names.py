"""Ollama model-name grammar: ``[[scheme://]host/][namespace/]model[:tag]``."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ModelName", "parse_model_name", "DEFAULT_HOST", "DEFAULT_NAMESPACE", "DEFAULT_TAG"]

DEFAULT_HOST = "registry.ollama.ai"
DEFAULT_NAMESPACE = "library"
DEFAULT_TAG = "latest"

_HOST = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.:-]{0,349}")
_NAMESPACE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]{0,79}")
_MODEL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,79}")
_TAG = _MODEL


@dataclass(frozen=True)
class ModelName:
    """A fully qualified model name (all parts filled with defaults)."""

    host: str
    namespace: str
    model: str
    tag: str

    @property
    def full(self) -> str:
        """``host/namespace/model:tag``, e.g. ``registry.ollama.ai/library/llama3.2:latest``."""
        return f"{self.host}/{self.namespace}/{self.model}:{self.tag}"

    @property
    def display(self) -> str:
        """Shortest display form: default host and namespace dropped, tag always shown."""
        if self.host.lower() != DEFAULT_HOST:
            return f"{self.host}/{self.namespace}/{self.model}:{self.tag}"
        if self.namespace.lower() != DEFAULT_NAMESPACE:
            return f"{self.namespace}/{self.model}:{self.tag}"
        return f"{self.model}:{self.tag}"

    @property
    def key(self) -> str:
        """Case-insensitive lookup key."""
        return self.full.lower()


def parse_model_name(text: str) -> ModelName | None:
    """Parse and validate a model name like Ollama's ``types/model`` package.

    Args:
        text: The name as sent by a client (``"llama3.2"``, ``"mattw/pygmalion:latest"``...).

    Returns:
        The name with defaults filled in, or ``None`` when it is invalid.
    """
    if not isinstance(text, str) or not text or not text.isascii():
        return None
    rest = text
    if "://" in rest:
        _, rest = rest.split("://", 1)
    tag = DEFAULT_TAG
    colon, slash = rest.rfind(":"), rest.rfind("/")
    if colon > slash:
        rest, tag = rest[:colon], rest[colon + 1 :]
    parts = rest.split("/")
    if len(parts) == 1:
        host, namespace, model = DEFAULT_HOST, DEFAULT_NAMESPACE, parts[0]
    elif len(parts) == 2:
        host, (namespace, model) = DEFAULT_HOST, parts
    elif len(parts) == 3:
        host, namespace, model = parts
    else:
        return None
    if not (
        _HOST.fullmatch(host) and _NAMESPACE.fullmatch(namespace) and _MODEL.fullmatch(model) and _TAG.fullmatch(tag)
    ):
        return None
    return ModelName(host, namespace, model, tag)
