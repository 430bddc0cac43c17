"""In-memory model store of the fake Ollama: installed models, blobs and loaded models."""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ._gowire import INFINITE_NS, now_ns, rfc3339
from ._names import ModelName, parse_model_name

__all__ = ["FakeModel", "LoadedModel", "ModelStore", "build_model", "parameter_count", "DEFAULT_KEEP_ALIVE_NS"]

DEFAULT_KEEP_ALIVE_NS = 5 * 60 * 1_000_000_000
"""Ollama's default keep-alive (``OLLAMA_KEEP_ALIVE=5m``)."""


@dataclass
class FakeModel:
    """A model installed in the fake server's store.

    Instances returned by ``OllamaTestServer.models`` are live: changing a field (for
    example ``capabilities``) changes how the fake server treats the model.

    Attributes:
        name: Shortest display name, e.g. ``"llama3.2:latest"``.
        full_name: Fully qualified name, e.g. ``"registry.ollama.ai/library/llama3.2:latest"``.
        family: Architecture / family, e.g. ``"llama"``.
        parameter_size: Human label, e.g. ``"3.2B"``.
        quantization_level: e.g. ``"Q4_K_M"`` or ``"F16"``.
        capabilities: e.g. ``["completion", "tools"]``.
        size: Size in bytes of all layers.
        digest: Manifest digest (64 lowercase hex characters, no prefix).
        context_length: Trained context length.
        embedding_length: Embedding width (also the length of ``/api/embed`` vectors).
        modified_at_ns: Modification time in Unix nanoseconds.
        format: ``"gguf"`` or ``"safetensors"``.
        families: All families (``None`` is sent as JSON ``null``).
        parent_model: Parent model name (usually empty).
        system: Stored system prompt.
        template: Stored prompt template.
        parameters: Stored default parameters (``options`` keys).
        messages: Stored Modelfile messages.
        license: Stored license texts.
        layers: ``(digest, size)`` of every layer, digests as ``"sha256:<hex>"``.
    """

    name: str
    full_name: str
    family: str
    parameter_size: str
    quantization_level: str
    capabilities: list[str]
    size: int
    digest: str
    context_length: int
    embedding_length: int
    modified_at_ns: int
    format: str = "gguf"
    families: list[str] | None = None
    parent_model: str = ""
    system: str = ""
    template: str = ""
    parameters: dict[str, Any] = field(default_factory=dict)
    messages: list[dict[str, Any]] = field(default_factory=list)
    license: list[str] = field(default_factory=list)
    layers: list[tuple[str, int]] = field(default_factory=list)

    @property
    def modified_at(self) -> str:
        """Modification time as an RFC 3339 timestamp with nanoseconds."""
        return rfc3339(self.modified_at_ns)

    def supports(self, capability: str) -> bool:
        """Return whether the model has ``capability`` (e.g. ``"tools"``)."""
        return capability in self.capabilities

    def details(self, *, lengths: bool = False) -> dict[str, Any]:
        """Return the ``details`` object (ModelDetails).

        Args:
            lengths: Include ``context_length`` / ``embedding_length`` (as ``/api/tags`` does).
        """
        details: dict[str, Any] = {
            "parent_model": self.parent_model,
            "format": self.format,
            "family": self.family,
            "families": list(self.families) if self.families is not None else None,
            "parameter_size": self.parameter_size,
            "quantization_level": self.quantization_level,
        }
        if lengths:
            if self.context_length:
                details["context_length"] = self.context_length
            if self.embedding_length:
                details["embedding_length"] = self.embedding_length
        return details


@dataclass
class LoadedModel:
    """A model "in memory" as reported by ``/api/ps``."""

    model: FakeModel
    expires_ns: int
    context_length: int
    keep_alive_ns: int


_PRESETS: dict[str, dict[str, Any]] = {
    "llama3.2": dict(
        family="llama",
        parameter_size="3.2B",
        quantization_level="Q4_K_M",
        size=2019393189,
        capabilities=["completion", "tools"],
        context_length=131072,
        embedding_length=3072,
        parameters={"stop": ["<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>"]},
    ),
    "qwen3": dict(
        family="qwen3",
        parameter_size="8.2B",
        quantization_level="Q4_K_M",
        size=5225376047,
        capabilities=["completion", "tools", "thinking"],
        context_length=40960,
        embedding_length=4096,
        parameters={
            "repeat_penalty": 1,
            "stop": ["<|im_start|>", "<|im_end|>"],
            "temperature": 0.6,
            "top_k": 20,
            "top_p": 0.95,
        },
    ),
    "all-minilm": dict(
        family="bert",
        parameter_size="23M",
        quantization_level="F16",
        size=45960996,
        capabilities=["embedding"],
        context_length=512,
        embedding_length=384,
    ),
}

_BYTES_PER_PARAM = {"Q4": 0.6, "Q5": 0.7, "Q6": 0.82, "Q8": 1.07, "F16": 2.0, "BF16": 2.0, "F32": 4.0}


def parameter_count(label: str) -> int:
    """Convert a label like ``"3.2B"`` / ``"23M"`` to a parameter count (0 if unparsable)."""
    match = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*([KMBT]?)\s*", label or "", re.IGNORECASE)
    if not match:
        return 0
    scale = {"": 1, "K": 10**3, "M": 10**6, "B": 10**9, "T": 10**12}[match.group(2).upper()]
    return round(float(match.group(1)) * scale)


def _guess_capabilities(model: str) -> list[str]:
    lowered = model.lower()
    if any(word in lowered for word in ("embed", "minilm", "bge", "e5-", "gte")):
        return ["embedding"]
    caps = ["completion"]
    if any(word in lowered for word in ("qwen3", "deepseek-r1", "gpt-oss", "think", "reason")):
        caps += ["tools", "thinking"]
    elif lowered.startswith(("llama3.1", "llama3.2", "llama3.3", "mistral", "qwen2.5", "tool")):
        caps.append("tools")
    if any(word in lowered for word in ("code", "coder", "fim", "insert")):
        caps.append("insert")
    if any(word in lowered for word in ("llava", "vision", "-vl", "gemma3")):
        caps.append("vision")
    return caps


def _default_template(capabilities: Iterable[str]) -> str:
    caps = set(capabilities)
    if caps == {"embedding"}:
        return ""
    parts = ["{{- if .System }}<|system|>{{ .System }}<|end|>{{ end }}"]
    if "tools" in caps:
        parts.append("{{- if .Tools }}<|tools|>{{ json .Tools }}<|end|>{{ end }}")
    parts.append("<|user|>{{ .Prompt }}<|end|><|assistant|>")
    if "thinking" in caps:
        parts.append("{{- if .Think }}<think>{{ end }}")
    if "insert" in caps:
        parts.append("{{- if .Suffix }}<|suffix|>{{ .Suffix }}{{ end }}")
    return "".join(parts)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def build_model(
    name: ModelName,
    *,
    capabilities: Iterable[str] | None = None,
    family: str | None = None,
    parameter_size: str | None = None,
    quantization_level: str | None = None,
    size: int | None = None,
    embedding_length: int | None = None,
    context_length: int | None = None,
    modified_at_ns: int | None = None,
) -> FakeModel:
    """Create a ``FakeModel``, filling unset fields from presets or name heuristics."""
    preset = _PRESETS.get(name.model.lower(), {})
    caps = (
        list(capabilities)
        if capabilities is not None
        else list(preset.get("capabilities") or _guess_capabilities(name.model))
    )
    embedding_only = caps == ["embedding"]
    family = family or preset.get("family") or ("bert" if embedding_only else "llama")
    parameter_size = parameter_size or preset.get("parameter_size") or ("23M" if embedding_only else "3.2B")
    quantization_level = (
        quantization_level or preset.get("quantization_level") or ("F16" if embedding_only else "Q4_K_M")
    )
    if size is None:
        size = preset.get("size")
    if size is None:
        per_param = next(
            (value for prefix, value in _BYTES_PER_PARAM.items() if quantization_level.upper().startswith(prefix)),
            1.0,
        )
        size = int(parameter_count(parameter_size) * per_param) + 1_000_000
    if context_length is None:
        context_length = preset.get("context_length") or (512 if embedding_only else 4096)
    if embedding_length is None:
        embedding_length = preset.get("embedding_length") or (384 if embedding_only else 8)
    template = preset.get("template") or _default_template(caps)
    weights = "sha256:" + _sha(f"weights:{name.key}")
    layers = [(weights, max(size - 2048, 1))]
    if template:
        layers.append(("sha256:" + _sha(template), len(template)))
    parameters = dict(preset.get("parameters") or {})
    if parameters:
        layers.append(("sha256:" + _sha(repr(sorted(parameters.items()))), 100 + len(parameters)))
    return FakeModel(
        name=name.display,
        full_name=name.full,
        family=family,
        families=[family],
        parameter_size=parameter_size,
        quantization_level=quantization_level,
        capabilities=caps,
        size=int(size),
        digest=_sha(f"manifest:{name.key}:{family}:{quantization_level}"),
        context_length=int(context_length),
        embedding_length=int(embedding_length),
        modified_at_ns=modified_at_ns if modified_at_ns is not None else now_ns(),
        template=template,
        parameters=parameters,
        layers=layers,
    )


class ModelStore:
    """Thread-safe state of the fake server. Hold ``lock`` while using several methods."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._models: dict[str, FakeModel] = {}
        self.blobs: dict[str, bytes] = {}
        self.loaded: dict[str, LoadedModel] = {}
        self.account: dict[str, Any] | None = None  # the signed-in ollama.com user; None: signed out
        self.cloud_disabled_by: str = "none"  # what disabled cloud features: none, env, config, both

    def put(self, model: FakeModel) -> FakeModel:
        """Install or replace ``model`` (keyed case-insensitively by full name)."""
        with self.lock:
            self._models[model.full_name.lower()] = model
            return model

    def get(self, name: str) -> FakeModel | None:
        """Find an installed model by any accepted spelling of its name."""
        parsed = parse_model_name(name)
        if parsed is None:
            return None
        with self.lock:
            return self._models.get(parsed.key)

    def remove(self, model: FakeModel) -> None:
        """Uninstall ``model`` (and unload it)."""
        with self.lock:
            self._models.pop(model.full_name.lower(), None)
            self.loaded.pop(model.full_name.lower(), None)

    def all(self) -> list[FakeModel]:
        """Return installed models, newest first."""
        with self.lock:
            return sorted(self._models.values(), key=lambda m: m.modified_at_ns, reverse=True)

    def by_display_name(self) -> dict[str, FakeModel]:
        """Return ``{display name: model}`` (a new dict; the models are live)."""
        with self.lock:
            return {m.name: m for m in self.all()}

    def touch(self, model: FakeModel, keep_alive_ns: int | None, context_length: int) -> None:
        """Mark ``model`` as loaded after a request, applying ``keep_alive`` semantics.

        Args:
            model: The model used by the request.
            keep_alive_ns: Requested keep-alive (``None`` keeps the current/default value,
                0 unloads right away, negative keeps it loaded forever).
            context_length: Context size the instance runs with.
        """
        key = model.full_name.lower()
        with self.lock:
            current = self.loaded.get(key)
            if keep_alive_ns is None:
                keep_alive_ns = current.keep_alive_ns if current else DEFAULT_KEEP_ALIVE_NS
            if keep_alive_ns == 0:
                self.loaded.pop(key, None)
                return
            now = now_ns()
            expires = now + INFINITE_NS if keep_alive_ns < 0 else now + keep_alive_ns
            self.loaded[key] = LoadedModel(model, expires, context_length, keep_alive_ns)

    def unload(self, model: FakeModel) -> None:
        """Remove ``model`` from the loaded set (no error when it was not loaded)."""
        with self.lock:
            self.loaded.pop(model.full_name.lower(), None)

    def running(self) -> list[LoadedModel]:
        """Return loaded models that have not expired, latest expiry first."""
        now = now_ns()
        with self.lock:
            for key in [k for k, v in self.loaded.items() if v.expires_ns <= now]:
                del self.loaded[key]
            return sorted(self.loaded.values(), key=lambda item: item.expires_ns, reverse=True)
