"""Responses of the inference endpoints: generate, chat, embed, embeddings."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Optional

from ._model import WireModel, local_field, timestamp_field, wire_name
from .chat import Logprob, Message, ToolCall

if TYPE_CHECKING:  # numpy is an optional extra: its types are for type checkers only
    import numpy
    from numpy.typing import NDArray

__all__ = [
    "ChatResponse",
    "DebugInfo",
    "EmbedArrayResponse",
    "EmbedMetrics",
    "EmbedResponse",
    "EmbeddingsResponse",
    "GenerateResponse",
    "GenerationMetrics",
]

_NS = 1e9


def _seconds(nanoseconds: int | None) -> float | None:
    return None if nanoseconds is None else nanoseconds / _NS


def _rate(count: int | None, nanoseconds: int | None) -> float | None:
    return None if not count or not nanoseconds else count * _NS / nanoseconds


@dataclass(repr=False)
class GenerationMetrics(WireModel):
    """Timings and token counts, sent on the final chunk of a generation.

    Durations are integer nanoseconds, as on the wire; the ``*_seconds`` properties convert them.
    Every value is None on chunks that do not carry it.
    """

    total_duration: int | None = None
    load_duration: int | None = None
    prompt_eval_count: int | None = None
    prompt_eval_duration: int | None = None
    eval_count: int | None = None
    eval_duration: int | None = None

    @property
    def total_seconds(self) -> float | None:
        """Wall time of the whole request, including loading the model."""
        return _seconds(self.total_duration)

    @property
    def load_seconds(self) -> float | None:
        """Time spent getting the model loaded."""
        return _seconds(self.load_duration)

    @property
    def prompt_eval_seconds(self) -> float | None:
        """Time spent processing the prompt."""
        return _seconds(self.prompt_eval_duration)

    @property
    def eval_seconds(self) -> float | None:
        """Time spent generating."""
        return _seconds(self.eval_duration)

    @property
    def tokens_per_second(self) -> float | None:
        """Generation speed: ``eval_count / eval_duration``."""
        return _rate(self.eval_count, self.eval_duration)

    @property
    def prompt_tokens_per_second(self) -> float | None:
        """Prompt processing speed: ``prompt_eval_count / prompt_eval_duration``."""
        return _rate(self.prompt_eval_count, self.prompt_eval_duration)


@dataclass(repr=False)
class DebugInfo(WireModel):
    """What the server rendered instead of generating (``debug_render_only=True``).

    Attributes:
        rendered_template: The prompt exactly as the model would have seen it.
        image_count: How many images the prompt carried.
    """

    rendered_template: str | None = None
    image_count: int | None = None


def _debug_info_field() -> Any:
    """``debug_info``, sent as ``_debug_info``."""
    return field(default=None, metadata=wire_name("_debug_info"))


@dataclass(repr=False)
class GenerateResponse(GenerationMetrics):
    """A reply (or one streamed chunk) of ``/api/generate``.

    Attributes:
        model: The model name as sent in the request.
        created_at: When the chunk was produced.
        response: Generated text (a delta when streaming).
        thinking: Reasoning text (a delta when streaming), for thinking models.
        done: True on the final chunk (None when the server did not say).
        done_reason: Why generation ended: ``stop``, ``length``, ``load``, ``unload``, or others.
        context: Token ids for the deprecated ``context`` continuation feature.
        logprobs: Per-token log probabilities, when requested.
        tool_calls: Tool calls some models report on the final chunk.
        remote_model: For remote (cloud) models: the model that served the request.
        remote_host: For remote (cloud) models: the host that served the request.
        debug_info: With ``debug_render_only=True``: the rendered prompt (``_debug_info`` on the wire).
        image: Image generation (servers v0.14.3 to v0.32.5): the generated image, base64-encoded.
        completed: Image generation: steps done so far (streamed progress).
        total: Image generation: steps in all.
        parsed: With ``format=<a type>``: ``response`` parsed into an instance of it (on a
            complete reply, or on a stream's whole answer).
    """

    model: str | None = None
    created_at: datetime | None = timestamp_field()
    response: str = ""
    thinking: str | None = None
    done: bool | None = None
    done_reason: str | None = None
    context: list[int] | None = None
    logprobs: list[Logprob] | None = None
    tool_calls: list[ToolCall] | None = None
    remote_model: str | None = None
    remote_host: str | None = None
    debug_info: DebugInfo | None = _debug_info_field()
    image: str | None = None
    completed: int | None = None
    total: int | None = None
    parsed: Optional[Any] = local_field()  # noqa: UP045 - dataclasses-json's schema() needs Optional

    def _repr_markdown_(self) -> str:
        """The answer as Markdown for Jupyter: thinking collapsed, metrics in one small line."""
        from ._html import answer_markdown

        return answer_markdown(self.response, self.thinking, self.tool_calls, self, self.model, self.done_reason)


@dataclass(repr=False)
class ChatResponse(GenerationMetrics):
    """A reply (or one streamed chunk) of ``/api/chat``.

    Attributes:
        model: The model name as sent in the request.
        created_at: When the chunk was produced.
        message: The assistant message (deltas of content and thinking when streaming).
        done: True on the final chunk (None when the server did not say).
        done_reason: Why generation ended: ``stop``, ``length``, ``load``, ``unload``, or others.
        logprobs: Per-token log probabilities, when requested.
        remote_model: For remote (cloud) models: the model that served the request.
        remote_host: For remote (cloud) models: the host that served the request.
        debug_info: With ``debug_render_only=True``: the rendered prompt (``_debug_info`` on the wire).
        parsed: With ``format=<a type>``: ``message.content`` parsed into an instance of it (on
            a complete reply, or on a stream's whole answer).
    """

    model: str | None = None
    created_at: datetime | None = timestamp_field()
    message: Message = field(default_factory=lambda: Message(role="assistant"))
    done: bool | None = None
    done_reason: str | None = None
    logprobs: list[Logprob] | None = None
    remote_model: str | None = None
    remote_host: str | None = None
    debug_info: DebugInfo | None = _debug_info_field()
    parsed: Optional[Any] = local_field()  # noqa: UP045 - dataclasses-json's schema() needs Optional

    def _repr_markdown_(self) -> str:
        """The answer as Markdown for Jupyter: thinking collapsed, tool calls, metrics in one small line."""
        from ._html import answer_markdown

        message = self.message
        return answer_markdown(
            message.content, message.thinking, message.tool_calls, self, self.model, self.done_reason
        )


@dataclass(repr=False)
class EmbedMetrics(WireModel):
    """What every ``/api/embed`` reply carries besides the vectors."""

    model: str | None = None
    total_duration: int | None = None
    load_duration: int | None = None
    prompt_eval_count: int | None = None


@dataclass(repr=False)
class EmbedResponse(EmbedMetrics):
    """The reply of ``/api/embed``: one L2-normalised vector per input, in input order."""

    embeddings: list[list[float]] = field(default_factory=list)

    def _repr_markdown_(self) -> str:
        """Its shape, for Jupyter: ``3 vectors x 384 dimensions`` (not thousands of numbers)."""
        from ._html import shape_markdown

        dimensions = len(self.embeddings[0]) if self.embeddings else None
        return shape_markdown("EmbedResponse", len(self.embeddings), dimensions, self.model)


@dataclass(repr=False)
class EmbedArrayResponse(EmbedMetrics):
    """``/api/embed`` with ``as_numpy=True``: ``embeddings`` is a float32 NumPy array of shape
    ``(inputs, dimensions)``, parsed without building Python floats (a quarter of the memory).
    """

    if TYPE_CHECKING:
        embeddings: NDArray[numpy.float32] | None = None
    else:
        embeddings: Optional[Any] = None  # noqa: UP045 - dataclasses-json's schema() needs the Optional spelling

    def _repr_markdown_(self) -> str:
        """Its shape and dtype, for Jupyter."""
        from ._html import shape_markdown

        shape = getattr(self.embeddings, "shape", None) or (0, None)
        text = shape_markdown("EmbedArrayResponse", shape[0], shape[1] if len(shape) > 1 else None, self.model)
        dtype = getattr(self.embeddings, "dtype", None)
        return text if dtype is None else f"{text}, {dtype}"


@dataclass(repr=False)
class EmbeddingsResponse(WireModel):
    """The reply of the legacy ``/api/embeddings``: one vector, not normalised."""

    embedding: list[float] = field(default_factory=list)
