"""Fake cloud-related endpoints: web search/fetch, status, account, model recommendations."""

from __future__ import annotations

import base64
import re
from typing import Any
from urllib.parse import quote

from ._gowire import ApiError, check_fields, decode_body
from ._recording import RecordedRequest
from ._replies import JSONReply, RawReply, Reply
from ._store import ModelStore

__all__ = ["web_search", "web_fetch", "status", "me", "signout", "recommendations", "requires_bearer"]

SIGNIN_URL = "https://ollama.com/connect?name=fake-ollama&key=" + base64.urlsafe_b64encode(
    b"ssh-ed25519 AAAAfakekeyfortests"
).decode("ascii").rstrip("=")


def requires_bearer(request: RecordedRequest) -> None:
    """Reject requests without ``Authorization: Bearer <token>`` (ollama.com behaviour).

    Raises:
        ApiError: 401 ``unauthorized``.
    """
    value = request.headers.get("Authorization") or ""
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "unauthorized")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "query"


def _through_local_server(store: ModelStore, request: RecordedRequest, tool: str) -> None:
    """The local server's experimental web tools need cloud features on and a signed-in machine."""
    if not request.path.startswith("/api/experimental/"):
        return
    if store.cloud_disabled_by != "none":
        raise ApiError(403, f"ollama cloud is disabled: {tool} is unavailable")
    if store.account is None:
        raise ApiError(401, "unauthorized", signin_url=SIGNIN_URL)


def web_search(store: ModelStore, request: RecordedRequest) -> Reply:
    """Handle ``POST /api/web_search`` and ``/api/experimental/web_search``."""
    _through_local_server(store, request, "web search")
    body = decode_body(request.body, "WebSearchRequest")
    check_fields(body, "WebSearchRequest", {"query": "s", "max_results": "i"})
    query = (body.get("query") or "").strip()
    if not query:
        raise ApiError(400, "query is required")
    wanted = body.get("max_results")
    count = 5 if not wanted or wanted < 1 else min(int(wanted), 10)
    slug = _slug(query)
    results = [
        {
            "title": f"{query} - result {index}",
            "url": f"https://example.com/{slug}/{index}?q={quote(query)}",
            "content": f"Result {index} for {query!r}: deterministic content from the fake Ollama web search.",
        }
        for index in range(1, count + 1)
    ]
    return JSONReply({"results": results})


def web_fetch(store: ModelStore, request: RecordedRequest) -> Reply:
    """Handle ``POST /api/web_fetch`` and ``/api/experimental/web_fetch``."""
    _through_local_server(store, request, "web fetch")
    body = decode_body(request.body, "WebFetchRequest")
    check_fields(body, "WebFetchRequest", {"url": "s"})
    url = (body.get("url") or "").strip()
    if not url:
        raise ApiError(400, "url is required")
    base = url.rstrip("/")
    return JSONReply(
        {
            "title": f"Fake page for {url}",
            "content": f"This is the deterministic content of {url} served by the fake Ollama.",
            "links": [f"{base}/about", f"{base}/contact"],
        }
    )


def status(store: ModelStore, request: RecordedRequest) -> Reply:
    """Handle ``GET /api/status``."""
    source = store.cloud_disabled_by
    return JSONReply({"cloud": {"disabled": source != "none", "source": source}})


def me(store: ModelStore, request: RecordedRequest) -> Reply:
    """Handle ``POST /api/me``: the account, or 401 with the sign-in link when signed out."""
    if store.account is None:
        return JSONReply({"error": "unauthorized", "signin_url": SIGNIN_URL}, status=401)
    return JSONReply({"plan": "free", **store.account})


def signout(store: ModelStore, request: RecordedRequest) -> Reply:
    """Handle ``POST /api/signout`` and ``DELETE /api/user/keys/:key`` (200 with ``null``)."""
    if store.account is None:
        return JSONReply({"error": "you are not currently signed in"}, status=401)
    store.account = None
    return RawReply(b"null", content_type="application/json")


def recommendations(store: ModelStore, request: RecordedRequest) -> Reply:
    """Handle ``GET /api/experimental/model-recommendations``."""
    items: dict[str, Any] = {
        "recommendations": [
            {"model": "qwen3", "description": "Reasoning and tool use", "context_length": 40960},
            {"model": "llama3.2", "description": "Small general-purpose model", "context_length": 131072},
        ]
    }
    return JSONReply(items)
