"""The request fields of each endpoint, declared once.

The payload builders accept exactly these keys (anything else is refused), and
``tests/test_signatures.py`` checks that every method sending to an endpoint (endpoint classes,
``Client``, ``AsyncClient``, module functions) names each of its fields as a parameter, so a new
field cannot miss a face. ``None`` always means "not sent": the server's default applies.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import timedelta
from os import PathLike
from typing import Any, Literal, TypedDict

from ._config import TimeoutLike
from .types import ImageInput, Message, Options, Tool

FormatInput = Literal["", "json"] | Mapping[str, Any] | type
"""``"json"``, a JSON-schema dict, or a type (dataclass, TypedDict, pydantic model) to derive one from."""
OptionsInput = Mapping[str, Any] | Options
ThinkInput = bool | Literal["low", "medium", "high", "max"] | str
"""True/False, or a level: the known ones, or any other string a server may accept (it validates)."""
KeepAliveInput = float | int | str | timedelta
"""Seconds, a Go duration string (``"10m"``, ``"1h30m"``), or a timedelta; negative keeps it loaded."""
MessageInput = Mapping[str, Any] | Message
ToolInput = Mapping[str, Any] | Tool | Callable[..., Any]


class TransportOptions(TypedDict, total=False):
    """Client configuration shared by every endpoint class and ``Client``."""

    timeout: TimeoutLike | None
    """Default timeout: seconds, ``(connect, read)`` or a ``Timeout``."""
    headers: Mapping[str, str] | None
    """Extra headers for every request (they win over the defaults)."""
    max_retries: int | None
    """Retries after connection failures, 429 and 503 (never once a reply body was read)."""
    session: Any
    """A ``requests.Session`` (sync) or ``httpx.AsyncClient`` (async) to send through; not closed by us."""
    verify: bool | str | None
    """TLS verification: True, False, or a CA bundle path."""
    follow_redirects: bool
    """Follow redirects that keep the method (307/308, or any for GET/HEAD); default True."""


class CallParams(TypedDict, total=False):
    """Accepted by every call."""

    timeout: TimeoutLike | None
    """Overrides the client's timeout for this call."""
    extra_body: Mapping[str, Any] | None
    """Fields added to the JSON body as they are (for fields this SDK does not know yet). A field
    the SDK sends wins: every named argument you passed, plus ``model`` and ``stream``, which
    decide how the reply is read; ``extra_body`` fills in only the keys the SDK leaves out."""
    extra_headers: Mapping[str, str] | None
    """Headers added to this request (they win over the client's headers)."""


class LoadParams(CallParams, total=False):
    """How the model is loaded and kept: shared by every inference call."""

    options: OptionsInput | None
    keep_alive: KeepAliveInput | None


class SamplingParams(LoadParams, total=False):
    """How to generate: shared by generate and chat."""

    format: FormatInput | None
    think: ThinkInput | None
    truncate: bool | None
    shift: bool | None
    logprobs: bool | None
    top_logprobs: int | None


class PromptParams(TypedDict, total=False):
    """What goes around a generate prompt."""

    system: str | None
    template: str | None
    context: Sequence[int] | None
    images: Sequence[ImageInput] | None
    raw: bool | None
    width: int | None
    """Image generation: the image's width in pixels."""
    height: int | None
    """Image generation: the image's height in pixels."""
    steps: int | None
    """Image generation: the number of diffusion steps."""


class InferenceParams(SamplingParams, total=False):
    """Keywords of the endpoint classes' generate and chat (where ``model`` is a keyword)."""

    model: str | None
    debug_render_only: bool | None


class GenerateParams(InferenceParams, PromptParams, total=False):
    """Keywords of ``GenerateAPI.generate``."""

    suffix: str | None


class ChatParams(InferenceParams, total=False):
    """Keywords of ``GenerateAPI.chat``."""

    tools: Sequence[ToolInput] | None


class ModelContents(CallParams, total=False):
    """What a created model is made of: the fields both ``create`` forms take."""

    quantize: str | None
    from_: str | None
    files: Mapping[str, str] | None
    adapters: Mapping[str, str] | None
    template: str | None
    license: str | Sequence[str] | None
    system: str | None
    parameters: OptionsInput | None
    messages: Sequence[MessageInput] | None


class EmbedOptions(LoadParams, total=False):
    """How to embed: shared by ``embed`` and ``Client.embed_batch``."""

    truncate: bool | None
    dimensions: int | None


class EmbedParams(EmbedOptions, total=False):
    """Keywords of ``EmbeddingAPI.embed`` (besides ``as_numpy``)."""

    model: str | None


class EmbeddingsParams(LoadParams, total=False):
    """Keywords of the legacy ``embeddings``."""

    model: str | None


class CreateParams(ModelContents, total=False):
    """Keywords of ``create`` (the current JSON form of ``/api/create``)."""

    model: str | None
    renderer: str | None
    parser: str | None
    requires: str | None
    remote_host: str | None
    info: Mapping[str, Any] | None
    draft_files: Mapping[str, str] | None
    draft_quantize: str | None
    model_file: str | PathLike[str] | None
    """Modelfile text or a path to one; parsed client-side, its local files uploaded as blobs."""


class TransferParams(CallParams, total=False):
    """Keywords of ``pull`` and ``push``."""

    model: str | None
    insecure: bool | None
