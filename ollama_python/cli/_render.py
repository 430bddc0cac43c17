"""Human-readable text for responses: tables, sizes, relative times, ``show`` sections.

Pure functions from responses (and "now") to lines of text; nothing here prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from .._humanize import human_size, processor, relative_time, until
from ..types import (
    ListResponse,
    ModelDetails,
    ModelRecommendation,
    ModelRecommendationsResponse,
    ProcessResponse,
    ServerStatusResponse,
    ShowResponse,
    UserResponse,
    WebFetchResponse,
    WebSearchResponse,
)

__all__ = [
    "SHOW_SECTIONS",
    "short_id",
    "models_table",
    "page_lines",
    "recommendations_table",
    "search_lines",
    "status_lines",
    "user_lines",
    "running_table",
    "show_section",
    "show_summary",
    "table",
]

SHOW_SECTIONS = ("modelfile", "parameters", "template", "system", "license")
"""Parts of ``show`` that a flag prints on their own (``--modelfile``...)."""

_ID_LENGTH = 12
_LICENSE_LINES = 2


def short_id(digest: str | None) -> str:
    """``ollama list``'s ID: the digest's first 12 hex characters, without ``sha256:``."""
    text = digest or ""
    return text.split(":", 1)[1][:_ID_LENGTH] if ":" in text else text[:_ID_LENGTH]


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Left-aligned columns separated by at least four spaces; trailing spaces removed."""
    widths = [len(header) for header in headers]
    for row in rows:
        widths = [max(width, len(cell)) for width, cell in zip(widths, row, strict=True)]
    return [
        "    ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in [list(headers), *rows]
    ]


def models_table(response: ListResponse, now: datetime) -> list[str]:
    """``ollama list``: NAME, ID, SIZE, MODIFIED."""
    rows = [
        [
            model.name or model.model or "",
            short_id(model.digest),
            human_size(model.size),
            relative_time(model.modified_at, now),
        ]
        for model in response.models
    ]
    return table(["NAME", "ID", "SIZE", "MODIFIED"], rows)


def running_table(response: ProcessResponse, now: datetime) -> list[str]:
    """``ollama ps``: NAME, ID, SIZE, PROCESSOR, CONTEXT, UNTIL."""
    rows = [
        [
            model.name or model.model or "",
            short_id(model.digest),
            human_size(model.size),
            processor(model.size or 0, model.size_vram or 0),
            "" if model.context_length is None else str(model.context_length),
            until(model.expires_at, now),
        ]
        for model in response.models
    ]
    return table(["NAME", "ID", "SIZE", "PROCESSOR", "CONTEXT", "UNTIL"], rows)


def _facts(show: ShowResponse) -> list[tuple[str, str]]:
    info = show.model_info or {}
    details = show.details or ModelDetails()  # the server sent none: every fact is missing
    arch = str(info.get("general.architecture") or details.family or "")
    context = info.get(f"{arch}.context_length", details.context_length)
    embedding = info.get(f"{arch}.embedding_length", details.embedding_length)
    facts = [
        ("architecture", arch),
        ("parameters", details.parameter_size or ""),
        ("context length", "" if context is None else str(context)),
        ("embedding length", "" if embedding is None else str(embedding)),
        ("quantization", details.quantization_level or ""),
    ]
    return [(name, value) for name, value in facts if value]


def _pairs(pairs: Sequence[tuple[str, str]]) -> list[str]:
    width = max((len(name) for name, _ in pairs), default=0)
    return [f"    {name.ljust(width)}    {value}".rstrip() for name, value in pairs]


def _parameter_pairs(text: str) -> list[tuple[str, str]]:
    pairs = []
    for line in text.splitlines():
        name, _, value = line.strip().partition(" ")
        if name:
            pairs.append((name, value.strip()))
    return pairs


def _text_lines(text: str, limit: int | None = None) -> list[str]:
    lines = [line.rstrip() for line in text.strip().splitlines()]
    shown = [f"    {line}".rstrip() for line in (lines if limit is None else lines[:limit])]
    if limit is not None and len(lines) > limit:
        shown.append("    ...")
    return shown


def _section(title: str, body: list[str]) -> list[str]:
    return [f"  {title}", *body, ""] if body else []


def show_summary(show: ShowResponse, metadata: bool = False) -> list[str]:
    """``ollama show``: Model facts, Capabilities, Parameters, System, License (and ``model_info``)."""
    lines = _section("Model", _pairs(_facts(show)))
    lines += _section("Capabilities", [f"    {name}" for name in show.capabilities or []])
    lines += _section("Parameters", _pairs(_parameter_pairs(show.parameters or "")))
    lines += _section("System", _text_lines(show.system or ""))
    lines += _section("License", _text_lines(show.license or "", _LICENSE_LINES))
    if metadata:
        lines += _section("Metadata", _pairs([(key, _short(value)) for key, value in (show.model_info or {}).items()]))
    return lines[:-1] if lines else lines


def _short(value: Any) -> str:
    if isinstance(value, list):
        return f"[{len(value)} items]" if len(value) > 5 else str(value)
    return str(value)


def show_section(show: ShowResponse, name: str) -> str | None:
    """One raw part of ``show`` (``modelfile``, ``parameters``, ``template``, ``system``, ``license``)."""
    if name not in SHOW_SECTIONS:
        raise ValueError(f"unknown show section {name!r}")
    value = getattr(show, name)
    return value if isinstance(value, str) else None


def status_lines(status: ServerStatusResponse) -> list[str]:
    """``status``: whether cloud features are on and, when off, what turned them off."""
    cloud = status.cloud
    if cloud is None or cloud.disabled is None:
        return ["cloud: unknown (the server did not say)"]
    if not cloud.disabled:
        return ["cloud: enabled"]
    return [f"cloud: disabled (by {cloud.source})" if cloud.source else "cloud: disabled"]


def user_lines(user: UserResponse) -> list[str]:
    """``whoami``: name, email and plan, as far as the server sent them."""
    pairs = [("name", user.name), ("email", user.email), ("plan", user.plan)]
    return [line.lstrip() for line in _pairs([(name, value) for name, value in pairs if value])]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


_RECOMMENDATION_HEADERS = ("MODEL", "DESCRIPTION", "CONTEXT", "MAX OUTPUT", "VRAM", "PLAN")


def _recommendation_row(item: ModelRecommendation) -> list[str]:
    vram = "" if item.vram_bytes is None else human_size(item.vram_bytes)
    return [
        _text(item.model),
        _text(item.description),
        _text(item.context_length),
        _text(item.max_output_tokens),
        vram,
        _text(item.required_plan),
    ]


def recommendations_table(response: ModelRecommendationsResponse) -> list[str]:
    """``recommendations``: MODEL, DESCRIPTION, CONTEXT, MAX OUTPUT, VRAM, PLAN (columns nobody sent left out)."""
    rows = [_recommendation_row(item) for item in response.recommendations]
    kept = [index for index in range(len(_RECOMMENDATION_HEADERS)) if index == 0 or any(row[index] for row in rows)]
    return table([_RECOMMENDATION_HEADERS[index] for index in kept], [[row[index] for index in kept] for row in rows])


def search_lines(response: WebSearchResponse) -> list[str]:
    """``web-search``: each hit's title, URL and text, a blank line between hits."""
    lines: list[str] = []
    for number, hit in enumerate(response.results, 1):
        lines.append(f"{number}. {hit.title or hit.url or ''}".rstrip())
        lines += [f"   {hit.url}"] if hit.title and hit.url else []
        lines += [f"   {line}".rstrip() for line in (hit.content or "").strip().splitlines()]
        lines.append("")
    return lines[:-1]


def page_lines(page: WebFetchResponse) -> list[str]:
    """``web-fetch``: the title, the text, then the links."""
    lines = [page.title, ""] if page.title else []
    lines += (page.content or "").strip().splitlines()
    if page.links:
        lines += ["", "Links:", *(f"  {link}" for link in page.links)]
    return lines
