"""The adapter the sync transport sends through: requests' own, minus two per-call costs.

``HTTPAdapter.send`` parses the URL and rebuilds the connection-pool key on every call to find a
pool it found last time, and copies every reply's cookies into a jar that nothing here reads
(the transport hands requests straight to the adapter, so no session ever stores them). Together
that is about a fifth of the CPU of a small call, which is what many threads sharing one client
spend. Everything else (pools, retries, TLS, proxies, the header deadline) is requests' and
``DeadlineAdapter``'s.
"""

from __future__ import annotations

from typing import Any

from requests import PreparedRequest, Response
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers

from .sync_deadlines import DeadlineAdapter


class LeanAdapter(DeadlineAdapter):
    """``DeadlineAdapter`` that remembers its connection pools and skips the reply-cookie jar."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pools: dict[tuple[Any, ...], Any] = {}

    def get_connection_with_tls_context(
        self, request: PreparedRequest, verify: Any, proxies: Any = None, cert: Any = None
    ) -> Any:
        key = (request.url, verify, cert if not isinstance(cert, list) else tuple(cert), _frozen(proxies))
        pool = self._pools.get(key)
        if pool is None or pool.pool is None:  # not yet looked up, or closed since (evicted, adapter closed)
            pool = super().get_connection_with_tls_context(request, verify, proxies, cert)
            if len(self._pools) > 64:  # many URLs (redirects, many hosts): keep the memo small
                self._pools.clear()
            self._pools[key] = pool
        return pool

    def build_response(self, req: PreparedRequest, resp: Any) -> Response:
        response = Response()
        response.status_code = resp.status
        response.headers = CaseInsensitiveDict(resp.headers)
        response.encoding = get_encoding_from_headers(response.headers)
        response.raw = resp
        response.reason = resp.reason
        response.url = req.url.decode("utf-8") if isinstance(req.url, bytes) else req.url  # type: ignore[assignment]
        response.request = req
        response.connection = self
        return response

    def close(self) -> None:
        self._pools.clear()
        super().close()


def _frozen(proxies: Any) -> Any:
    return tuple(sorted(proxies.items())) if proxies else None
