"""Keyword parameters of each call, declared once.

The endpoint methods take ``**params: Unpack[...]`` of these, so the sync and async classes share
one declaration, type checkers and IDEs see every keyword, and the payload builders know which
keywords exist (a misspelt one is refused with a suggestion instead of being sent). ``None``
always means "not sent": the server's default applies.
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
ThinkInput = bool | Literal["low", "medium", "high", "max"]
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
    cert: str | tuple[str, str] | None
    """A client certificate: a PEM file path, or ``(certificate, key)`` paths."""
    proxy: str | None
    """One proxy URL for every request."""
    proxies: str | Mapping[str, str] | None
    """Proxies by URL pattern (``{"https://": url}``, httpx's older spelling), or one URL."""
    trust_env: bool
    """Read proxies and CA bundles from the environment; default True."""


class CallParams(TypedDict, total=False):
    """Accepted by every call."""

    timeout: TimeoutLike | None
    """Overrides the client's timeout for this call."""


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


class ClientGenerateParams(SamplingParams, PromptParams, total=False):
    """Keyword-only parameters of ``Client.generate`` (model, prompt, suffix are positional)."""


class ClientChatParams(SamplingParams, total=False):
    """Keyword-only parameters of ``Client.chat`` (model, messages are positional)."""

    tools: Sequence[ToolInput] | None


class ClientCreateParams(ModelContents, total=False):
    """Parameters of ``Client.create`` (also accepted positionally in the official order)."""

    modelfile: str | None
    """Modelfile text, as older tutorials pass it."""
    path: str | PathLike[str] | None
    """A Modelfile on disk."""
    progress: bool
    """Draw progress bars (blob uploads, then the create steps) and return the final report."""


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
