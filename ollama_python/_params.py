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
    """Default timeout for every call: seconds, ``(connect, read)`` or a ``Timeout``."""
    headers: Mapping[str, str] | None
    """Extra headers for every request (they win over the defaults)."""
    max_retries: int | None
    """Retries after connection failures, 429 and 503 (never once a reply body was read); 0
    disables them."""
    session: Any
    """A ``requests.Session`` (sync classes) or ``httpx.AsyncClient`` (async ones) to send through;
    ``close`` leaves it open. Configure any other transport setting on it."""
    verify: bool | str | None
    """TLS verification: True, False, or a CA bundle path (default: the session's)."""
    follow_redirects: bool
    """Follow redirects that keep the method (307/308, or any for GET/HEAD)."""
    cert: str | tuple[str, str] | None
    """A client certificate: a PEM file path, or ``(certificate, key)`` paths."""
    proxy: str | None
    """One proxy URL for every request."""
    proxies: str | Mapping[str, str] | None
    """Proxies by URL pattern (``{"https://": url}``, httpx's older spelling; requests'
    ``{"https": url}`` keys work too), or one URL."""
    trust_env: bool
    """Read proxies and CA bundles from the environment (``*_PROXY`` and the like)."""


class CallParams(TypedDict, total=False):
    """Accepted by every call."""

    timeout: TimeoutLike | None
    """Overrides the client's timeout for this call: seconds, ``(connect, read)`` or a ``Timeout``."""
    extra_body: Mapping[str, Any] | None
    """JSON fields this SDK does not know yet, added to the body as they are. A field the SDK
    sends wins: every named argument you passed (not None), and ``model`` and ``stream``, which
    decide how the reply is read; ``extra_body`` fills in every other key."""
    extra_headers: Mapping[str, str] | None
    """Headers for this request only (they win over the client's ``headers``)."""


class LoadParams(CallParams, total=False):
    """How the model is loaded and kept: shared by every inference call."""

    options: OptionsInput | None
    """Model parameters: a dict or ``Options`` (``temperature``, ``num_ctx``, ``seed``...)."""
    keep_alive: KeepAliveInput | None
    """How long the model stays loaded afterwards: seconds, ``"10m"``, a timedelta; 0 unloads it,
    a negative value keeps it loaded."""


class SamplingParams(LoadParams, total=False):
    """How to generate: shared by generate and chat."""

    format: FormatInput | None
    """``"json"``, a JSON schema, or a type (dataclass, TypedDict, pydantic model) whose schema is
    sent and into which the answer is parsed (``.parsed``)."""
    think: ThinkInput | None
    """Thinking: True/False, or a level (``"low"``, ``"medium"``, ``"high"``, ``"max"``, or any
    other level the server accepts)."""
    truncate: bool | None
    """False makes input that exceeds the context an error instead of shortening it."""
    shift: bool | None
    """False stops the context window from sliding when it fills up during generation."""
    logprobs: bool | None
    """Return the log probability of each generated token."""
    top_logprobs: int | None
    """How many likely alternatives to return for each token (with ``logprobs``)."""


class PromptParams(TypedDict, total=False):
    """What goes around a generate prompt."""

    system: str | None
    """System prompt, instead of the model's."""
    template: str | None
    """Prompt template, instead of the model's."""
    context: Sequence[int] | None
    """Deprecated by the server: the ``context`` of an earlier reply, to continue it."""
    images: Sequence[ImageInput] | None
    """Images for vision models: bytes, paths or base64 strings."""
    raw: bool | None
    """Send the prompt as it is, without the template."""
    width: int | None
    """Image generation: the image's width in pixels."""
    height: int | None
    """Image generation: the image's height in pixels."""
    steps: int | None
    """Image generation: the number of diffusion steps."""


class InferenceParams(SamplingParams, total=False):
    """Keywords of generate and chat."""

    model: str | None
    """The model (the endpoint classes default to the model they were created with)."""
    debug_render_only: bool | None
    """Only render the prompt, without generating (sent as ``_debug_render_only``)."""


class GenerateParams(InferenceParams, PromptParams, total=False):
    """Fields of ``/api/generate``."""

    suffix: str | None
    """Text after the completion (fill-in-the-middle, for models with the ``insert`` capability)."""


class ChatParams(InferenceParams, total=False):
    """Fields of ``/api/chat``."""

    tools: Sequence[ToolInput] | None
    """Tools the model may call: dicts, ``Tool`` objects or plain Python functions."""


class ModelContents(CallParams, total=False):
    """What a created model is made of."""

    quantize: str | None
    """Quantize the weights (``"q4_K_M"``, ``"q8_0"``...)."""
    from_: str | None
    """The base model (sent as ``from``)."""
    files: Mapping[str, str] | None
    """File name -> blob digest of the weights (see ``create_blob``)."""
    adapters: Mapping[str, str] | None
    """File name -> blob digest of LoRA adapters."""
    template: str | None
    """The prompt template."""
    license: str | Sequence[str] | None
    """The license text, or a list of them."""
    system: str | None
    """The system prompt."""
    parameters: OptionsInput | None
    """Model parameters: a dict or ``Options``."""
    messages: Sequence[MessageInput] | None
    """A conversation the model starts from."""


class EmbedOptions(LoadParams, total=False):
    """How to embed."""

    truncate: bool | None
    """False makes an input that exceeds the context an error instead of cutting it."""
    dimensions: int | None
    """Shorten the vectors to this many dimensions."""


class EmbedParams(EmbedOptions, total=False):
    """Fields of ``/api/embed``."""

    model: str | None
    """The model (the endpoint class defaults to the model it was created with)."""


class EmbeddingsParams(LoadParams, total=False):
    """Fields of the legacy ``/api/embeddings``."""

    model: str | None
    """The model (the endpoint class defaults to the model it was created with)."""


class CreateParams(ModelContents, total=False):
    """Fields of ``/api/create`` (its JSON form, servers since v0.5.5)."""

    model: str | None
    """The new model's name."""
    renderer: str | None
    """The prompt renderer."""
    parser: str | None
    """The output parser."""
    requires: str | None
    """The lowest server version the model needs."""
    remote_host: str | None
    """A remote host the model runs on."""
    info: Mapping[str, Any] | None
    """Free-form information about the model."""
    draft_files: Mapping[str, str] | None
    """File name -> blob digest of a draft model for speculative decoding."""
    draft_quantize: str | None
    """Quantize the draft model."""
    model_file: str | PathLike[str] | None
    """Modelfile text or a path to one, parsed here (servers since v0.5.5 ignore Modelfile text):
    its local ``FROM``/``ADAPTER`` files are uploaded as blobs first, and explicit arguments win
    over its lines."""


class TransferParams(CallParams, total=False):
    """Fields of ``/api/pull`` and ``/api/push``."""

    model: str | None
    """The model, e.g. ``"llama3.2"`` or ``"host/namespace/model:tag"``."""
    insecure: bool | None
    """Allow plain-HTTP registries."""
