"""Model names: ``[scheme://][host/][namespace/]model[:tag]``, parsed and normalised like the server.

>>> ModelName.parse("llama3.2")
ModelName(host='registry.ollama.ai', namespace='library', model='llama3.2', tag='latest')
>>> str(ModelName.parse("registry.ollama.ai/library/llama3.2"))
'llama3.2:latest'
>>> ModelName.parse("example.com:5000/team/model:q4").host
'example.com:5000'

Impossible names (``mm:``, ``/nn/mm``, ``m@sha256:...``, non-ASCII...) raise
``RequestError`` before any request is made.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import RequestError

__all__ = ["DEFAULT_HOST", "DEFAULT_NAMESPACE", "DEFAULT_TAG", "ModelName", "normalize", "validate"]

DEFAULT_HOST = "registry.ollama.ai"
DEFAULT_NAMESPACE = "library"
DEFAULT_TAG = "latest"

# (part, pattern, max length) from the server's name grammar.
_PARTS = {
    "host": (re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.:-]*"), 350),
    "namespace": (re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*"), 80),
    "model": (re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*"), 80),
    "tag": (re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*"), 80),
}
# Source suffixes the server strips before parsing: "x:cloud", "x:local".
_SOURCE_SUFFIXES = (":cloud", ":local")


@dataclass(frozen=True)
class ModelName:
    """A model name with every part filled in.

    Attributes:
        host: Registry host (with port), ``registry.ollama.ai`` by default.
        namespace: Owner, ``library`` by default.
        model: The model itself (required).
        tag: Variant, ``latest`` by default.
        scheme: ``http`` or ``https`` when the name was written with one (only ``http`` matters:
            it needs ``insecure=True`` for pull and push).
        source: ``cloud`` or ``local`` when the name ended in ``:cloud`` / ``:local``.
    """

    host: str
    namespace: str
    model: str
    tag: str
    scheme: str | None = None
    source: str | None = None

    @classmethod
    def parse(cls, text: str) -> ModelName:
        """Parse a name; missing parts get their defaults.

        Raises:
            RequestError: The name cannot be valid (the message says which part is wrong).
        """
        if not isinstance(text, str):
            raise RequestError(f"a model name must be a string, got {type(text).__name__}", argument="model")
        name = text.strip()
        if not name:
            raise RequestError("the model name is empty", argument="model")
        if not name.isascii():
            raise RequestError(f"model name {text!r} has non-ASCII characters", argument="model")
        if "@" in name:
            raise RequestError(f"model name {text!r}: '@digest' references are not supported", argument="model")
        name, source = _split_source(name)
        scheme, _, rest = name.rpartition("://")
        if scheme and scheme.lower() not in ("http", "https"):
            raise RequestError(f"model name {text!r} has an unknown scheme {scheme!r}", argument="model")
        path, tag = _split_tag(rest, text)
        parts = path.split("/")
        if len(parts) > 3:
            host, namespace, model = "/".join(parts[:-2]), parts[-2], parts[-1]
        else:
            host, namespace, model = ([DEFAULT_HOST, DEFAULT_NAMESPACE][: 3 - len(parts)] + parts)[-3:]
        parsed = cls(host, namespace, model, tag or DEFAULT_TAG, scheme.lower() or None, source)
        parsed._check(text)
        return parsed

    def _check(self, text: str) -> None:
        for part, (pattern, limit) in _PARTS.items():
            value = getattr(self, part)
            if not value:
                raise RequestError(f"model name {text!r} has an empty {part}", argument="model")
            if len(value) > limit or not pattern.fullmatch(value):
                raise RequestError(
                    f"model name {text!r}: {part} {value!r} is not allowed (letters, digits, '_', '-'"
                    f"{', ' + repr('.') if part != 'namespace' else ''}; at most {limit} characters)",
                    argument="model",
                )

    @property
    def full(self) -> str:
        """Every part: ``registry.ollama.ai/library/llama3.2:latest``."""
        return f"{self.host}/{self.namespace}/{self.model}:{self.tag}"

    @property
    def display(self) -> str:
        """The shortest form the server shows: default host and namespace dropped, tag kept."""
        prefix = ""
        if self.host != DEFAULT_HOST:
            prefix = f"{self.host}/{self.namespace}/"
        elif self.namespace != DEFAULT_NAMESPACE:
            prefix = f"{self.namespace}/"
        return f"{prefix}{self.model}:{self.tag}"

    def __str__(self) -> str:
        return self.display

    def __repr__(self) -> str:
        extra = "".join(f", {name}={getattr(self, name)!r}" for name in ("scheme", "source") if getattr(self, name))
        return f"ModelName(host={self.host!r}, namespace={self.namespace!r}, model={self.model!r}, tag={self.tag!r}{extra})"


def normalize(text: str) -> str:
    """The display form of a name (``llama3.2`` -> ``llama3.2:latest``), validated."""
    return ModelName.parse(text).display


def validate(text: str) -> str:
    """``text`` stripped of surrounding spaces, after checking it is a possible model name."""
    ModelName.parse(text)
    return text.strip()


def _split_source(name: str) -> tuple[str, str | None]:
    lowered = name.lower()
    for suffix in _SOURCE_SUFFIXES:
        if lowered.endswith(suffix) and len(name) > len(suffix):
            base = name[: -len(suffix)]
            if base.lower().endswith(_SOURCE_SUFFIXES):
                raise RequestError(f"model name {name!r}: use either :local or :cloud, not both", argument="model")
            return base, suffix[1:]
    return name, None


def _split_tag(rest: str, text: str) -> tuple[str, str | None]:
    """Split ``path:tag``; a ':' before the last '/' belongs to the host's port."""
    colon, slash = rest.rfind(":"), rest.rfind("/")
    if colon > slash:
        path, tag = rest[:colon], rest[colon + 1 :]
        if not tag:
            raise RequestError(f"model name {text!r} ends with ':' but has no tag", argument="model")
        return path, tag
    return rest, None
