"""Messages and what they carry: tool calls, tool definitions, images, log probabilities."""

from dataclasses import dataclass, field
from os import PathLike
from typing import Any

from .. import _json
from ._model import FieldTypeError, WireModel, wire_name

__all__ = [
    "Image",
    "ImageInput",
    "Logprob",
    "Message",
    "TokenLogprob",
    "Tool",
    "ToolCall",
    "ToolCallFunction",
    "ToolFunction",
    "ToolParameters",
]


@dataclass(frozen=True)
class Image:
    """An image for a vision model: raw bytes, a file path, or base64 text.

    The SDK encodes it as the plain base64 the server expects when the request is built.
    """

    value: str | bytes | PathLike[str]


ImageInput = str | bytes | PathLike[str] | Image
"""Anything accepted where an image is expected."""


def _arguments_object(value: Any) -> Any:
    """A tool call's arguments: a JSON object, or JSON text of one (as OpenAI-style servers send
    them), read as a dict; anything else is a ``FieldTypeError``.
    """
    if isinstance(value, str):
        try:
            value = _json.loads(value) if value.strip() else {}
        except ValueError:
            raise FieldTypeError("", value, "an object (or JSON text of one)") from None
    if not isinstance(value, dict):
        raise FieldTypeError("", value, "an object (or JSON text of one)")
    return value


@dataclass(repr=False)
class ToolCallFunction(WireModel):
    """The function part of a tool call.

    Attributes:
        name: The tool's name.
        arguments: Arguments as a JSON object.
        index: Position of the call among the calls of one assistant turn (0 is real data).
    """

    name: str = ""
    arguments: dict[str, Any] = field(
        default_factory=dict, metadata={"dataclasses_json": {"decoder": _arguments_object}}
    )
    index: int | None = None


@dataclass(repr=False)
class ToolCall(WireModel):
    """A call the model wants to make (``message.tool_calls``).

    Attributes:
        function: Which function, with what arguments.
        id: The call's identifier; echo it as ``tool_call_id`` in the ``tool`` message answering it.
    """

    function: ToolCallFunction = field(default_factory=ToolCallFunction)
    id: str | None = None

    Function = ToolCallFunction


@dataclass(repr=False)
class ToolParameters(WireModel):
    """JSON schema of a tool's parameters (keys the server does not model go to ``extra``)."""

    type: str = "object"
    properties: dict[str, Any] = field(default_factory=dict)
    required: list[str] | None = None
    defs: dict[str, Any] | None = field(default=None, metadata=wire_name("$defs"))
    items: dict[str, Any] | None = None


@dataclass(repr=False)
class ToolFunction(WireModel):
    """A function the model may call."""

    name: str = ""
    description: str | None = None
    parameters: ToolParameters | dict[str, Any] | None = None

    Parameters = ToolParameters


@dataclass(repr=False)
class Tool(WireModel):
    """A tool definition for ``tools=`` (plain dicts of the same shape are accepted too)."""

    type: str = "function"
    function: ToolFunction | None = None

    Function = ToolFunction


@dataclass(repr=False)
class Message(WireModel):
    """One chat message, in a request or in a response.

    Attributes:
        role: ``system``, ``user``, ``assistant`` or ``tool``.
        content: The text (always a string; may be empty).
        thinking: The model's reasoning trace, when thinking is on.
        images: Images for vision models; in requests bytes, paths or base64 text.
        tool_calls: Calls the model asks for (responses), or the replayed assistant turn (requests).
        tool_name: On ``tool`` messages: the tool whose result this is.
        tool_call_id: On ``tool`` messages: the ``id`` of the call this answers.
    """

    role: str = ""
    content: str = ""
    thinking: str | None = None
    images: list[Any] | None = None  # ImageInput items; list[Any] keeps schema() working
    tool_calls: list[ToolCall] | None = None
    tool_name: str | None = None
    tool_call_id: str | None = None

    ToolCall = ToolCall


@dataclass(repr=False)
class TokenLogprob(WireModel):
    """A token with its log probability; ``bytes`` is its UTF-8 encoding as integers."""

    token: str = ""
    logprob: float = 0.0
    bytes: list[int] | None = None


@dataclass(repr=False)
class Logprob(TokenLogprob):
    """A generated token's log probability and, when requested, the most likely alternatives."""

    top_logprobs: list[TokenLogprob] | None = None
