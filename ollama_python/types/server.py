"""Responses of the local server's status, account and experimental endpoints.

Every field reads as None when the server did not send it: these endpoints are young and change.
"""

from dataclasses import dataclass, field

from ._model import WireModel

__all__ = [
    "CloudStatus",
    "ModelRecommendation",
    "ModelRecommendationsResponse",
    "ServerStatusResponse",
    "UserResponse",
]


@dataclass(repr=False)
class CloudStatus(WireModel):
    """Whether this server may use ollama.com (cloud models, web tools).

    Attributes:
        disabled: True when cloud features are turned off (``OLLAMA_NO_CLOUD`` or the server's
            config file).
        source: What turned them off: ``none``, ``env``, ``config`` or ``both``.
    """

    disabled: bool | None = None
    source: str | None = None


@dataclass(repr=False)
class ServerStatusResponse(WireModel):
    """The reply of ``GET /api/status``: ``status.cloud.disabled``, ``status.cloud.source``."""

    cloud: CloudStatus | None = None


@dataclass(repr=False)
class UserResponse(WireModel):
    """The ollama.com account this machine is signed in to (``POST /api/me``).

    Attributes:
        id: The account's id.
        email: Its e-mail address.
        name: The user name.
        bio: Profile text.
        avatarurl: Profile picture URL.
        firstname: First name.
        lastname: Last name.
        plan: The subscription plan (``free``, ...).
    """

    id: str | None = None
    email: str | None = None
    name: str | None = None
    bio: str | None = None
    avatarurl: str | None = None
    firstname: str | None = None
    lastname: str | None = None
    plan: str | None = None


@dataclass(repr=False)
class ModelRecommendation(WireModel):
    """One suggested model.

    Attributes:
        model: Its name, e.g. ``glm-5.1:cloud``.
        description: What it is good at.
        context_length: Context window in tokens.
        max_output_tokens: Longest answer in tokens.
        vram_bytes: Memory it needs locally.
        required_plan: The ollama.com plan it needs.
    """

    model: str | None = None
    description: str | None = None
    context_length: int | None = None
    max_output_tokens: int | None = None
    vram_bytes: int | None = None
    required_plan: str | None = None


@dataclass(repr=False)
class ModelRecommendationsResponse(WireModel):
    """The reply of ``GET /api/experimental/model-recommendations`` (experimental)."""

    recommendations: list[ModelRecommendation] = field(default_factory=list)
