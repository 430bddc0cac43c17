"""Responses of the model-management endpoints: list, show, ps, progress, status, version."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ._model import WireModel, timestamp_field
from .chat import Message

__all__ = [
    "ListResponse",
    "ListedModel",
    "ModelDetails",
    "ProcessResponse",
    "ProgressResponse",
    "RunningModel",
    "ShowResponse",
    "StatusResponse",
    "TensorInfo",
    "ThinkingLevels",
    "VersionResponse",
]


@dataclass(repr=False)
class ModelDetails(WireModel):
    """What a model is: format, architecture family, size label, quantization."""

    parent_model: str | None = None
    format: str | None = None
    family: str | None = None
    families: list[str] | None = None
    parameter_size: str | None = None
    quantization_level: str | None = None
    context_length: int | None = None
    embedding_length: int | None = None


@dataclass(repr=False)
class ListedModel(WireModel):
    """One installed model in ``/api/tags``.

    Attributes:
        name: Display name, e.g. ``llama3.2:latest`` (``model`` holds the same).
        modified_at: When its manifest last changed.
        size: Bytes on disk, all layers.
        digest: Manifest hash (bare hex, no ``sha256:`` prefix).
        capabilities: e.g. ``completion``, ``tools``, ``vision``, ``embedding``, ``thinking``.
    """

    name: str | None = None
    model: str | None = None
    modified_at: datetime | None = timestamp_field()
    size: int | None = None
    digest: str | None = None
    details: ModelDetails | None = None
    capabilities: list[str] | None = None
    remote_model: str | None = None
    remote_host: str | None = None


@dataclass(repr=False)
class ListResponse(WireModel):
    """Installed models (``/api/tags``), newest first."""

    models: list[ListedModel] = field(default_factory=list)

    Model = ListedModel

    def _repr_html_(self) -> str:
        """An HTML table of the models, for Jupyter (name, size, modified, details, capabilities)."""
        from ._html import list_table

        return list_table(self.models)


@dataclass(repr=False)
class TensorInfo(WireModel):
    """One tensor of a model: name, type and shape."""

    name: str = ""
    type: str = ""
    shape: list[int] | None = None


@dataclass(repr=False)
class ThinkingLevels(WireModel):
    """The thinking levels a model supports (``show().thinking``, newer servers).

    Attributes:
        values: The levels ``think=`` accepts for this model, e.g. ``["low", "medium", "high"]``.
        default: The level used when ``think=True`` (or an unknown level) is asked for.
    """

    values: list[str] | None = None
    default: str | None = None


@dataclass(repr=False)
class ShowResponse(WireModel):
    """Details of one model (``/api/show``).

    ``model_info`` holds the GGUF key/values (``general.architecture``,
    ``<arch>.context_length``...); ``parameters`` is text with one ``key value`` line each.
    """

    modelfile: str | None = None
    parameters: str | None = None
    template: str | None = None
    system: str | None = None
    license: str | None = None
    renderer: str | None = None
    parser: str | None = None
    details: ModelDetails | None = None
    messages: list[Message] | None = None
    model_info: dict[str, Any] | None = None
    projector_info: dict[str, Any] | None = None
    tensors: list[TensorInfo] | None = None
    capabilities: list[str] | None = None
    modified_at: datetime | None = timestamp_field()
    requires: str | None = None
    remote_model: str | None = None
    remote_host: str | None = None
    thinking: ThinkingLevels | None = None

    @property
    def modelinfo(self) -> dict[str, Any] | None:
        """``model_info`` under the official client's attribute name."""
        return self.model_info

    def _repr_html_(self) -> str:
        """A compact HTML table for Jupyter: family, parameters, quantization, context, capabilities, license."""
        from ._html import show_table

        return show_table(self)


@dataclass(repr=False)
class RunningModel(WireModel):
    """A model loaded in memory (``/api/ps``).

    Attributes:
        size: Bytes of memory used (RAM and VRAM).
        size_vram: Bytes in GPU memory (equal to ``size`` when fully on GPU, 0 on CPU only).
        expires_at: When it will be unloaded if it stays idle.
        context_length: Context size it was loaded with.
    """

    name: str | None = None
    model: str | None = None
    size: int | None = None
    size_vram: int | None = None
    digest: str | None = None
    details: ModelDetails | None = None
    expires_at: datetime | None = timestamp_field()
    context_length: int | None = None


@dataclass(repr=False)
class ProcessResponse(WireModel):
    """Models currently in memory (``/api/ps``)."""

    models: list[RunningModel] = field(default_factory=list)

    Model = RunningModel

    def _repr_html_(self) -> str:
        """An HTML table of the loaded models, for Jupyter (name, size, processor, until, details)."""
        from ._html import ps_table

        return ps_table(self.models)


@dataclass(repr=False)
class ProgressResponse(WireModel):
    """One progress report of pull, push or create.

    Attributes:
        status: A human-readable step (``pulling manifest``, ``success``...).
        digest: The layer being transferred, if any (``sha256:...``).
        total: Bytes in that layer.
        completed: Bytes done so far.
    """

    status: str | None = None
    digest: str | None = None
    total: int | None = None
    completed: int | None = None

    def _repr_markdown_(self) -> str:
        """One line for Jupyter: ``pulling 6a0746a1ec1a: 45% (1.2 GB of 2.0 GB)``, or the status."""
        from ._html import progress_markdown

        return progress_markdown(self)


@dataclass(repr=False)
class StatusResponse(WireModel):
    """The result of an operation that returns no body (copy, delete): ``status == "success"``."""

    status: str = "success"


@dataclass(repr=False)
class VersionResponse(WireModel):
    """The server's version (``0.0.0`` for builds from source)."""

    version: str | None = None
