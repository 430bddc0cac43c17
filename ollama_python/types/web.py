"""Responses of ollama.com's web tools: ``web_search`` and ``web_fetch``."""

from dataclasses import dataclass, field

from ._model import WireModel

__all__ = ["WebFetchResponse", "WebSearchResponse", "WebSearchResult"]


@dataclass(repr=False)
class WebSearchResult(WireModel):
    """One search hit."""

    title: str | None = None
    url: str | None = None
    content: str | None = None


@dataclass(repr=False)
class WebSearchResponse(WireModel):
    """Search hits for a query."""

    results: list[WebSearchResult] = field(default_factory=list)


@dataclass(repr=False)
class WebFetchResponse(WireModel):
    """A fetched page: its title, main text and outgoing links."""

    title: str | None = None
    content: str | None = None
    links: list[str] | None = None
