"""Timeouts, retry policy and the defaults for both, in one place."""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone

from .errors import RequestError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 11434
DEFAULT_CONNECT_TIMEOUT = 10.0
# Generous: the first byte of a reply can wait for a multi-gigabyte model to load.
DEFAULT_READ_TIMEOUT = 600.0
# Quick calls (list, ps, show, version, copy, delete, blob checks) load no model: a server that
# has not answered one of these in half a minute is stuck, not busy.
DEFAULT_QUICK_READ_TIMEOUT = 30.0
DEFAULT_MAX_RETRIES = 2
# A streamed line larger than this is refused rather than buffered without bound.
MAX_LINE_BYTES = 64 * 1024 * 1024
# The largest reply body (after decompression) a non-streamed call reads, in MiB; the environment
# variable OLLAMA_MAX_REPLY_MB changes it. Generous: 1,000 embeddings of 4,096 dimensions are ~80 MiB.
DEFAULT_MAX_REPLY_MB = 1024
# Connections a client keeps open for reuse (requests' default of 10 discards more under load).
POOL_SIZE = 100


@dataclass(frozen=True)
class Timeout:
    """How long to wait, in seconds.

    Attributes:
        connect: To open the TCP (and TLS) connection.
        read: For the response to start, and then for each complete message: the whole body of a
            non-streamed reply, or each line of a stream. ``None`` means no limit.
        quick_read: ``read`` for the quick calls that load no model (list, ps, show, version,
            copy, delete, blob checks) when this ``Timeout`` is a client's default; never longer
            than ``read``. ``None`` means ``read`` applies to them too.
    """

    connect: float | None = DEFAULT_CONNECT_TIMEOUT
    read: float | None = DEFAULT_READ_TIMEOUT
    quick_read: float | None = DEFAULT_QUICK_READ_TIMEOUT

    def __post_init__(self) -> None:
        for name in ("connect", "read", "quick_read"):
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value) or value <= 0:
                raise RequestError(
                    f"timeout {name} must be a positive number of seconds or None, got {value!r}",
                    argument="timeout",
                )
            if math.isinf(value):  # "wait forever", spelled the way sockets understand it
                object.__setattr__(self, name, None)

    def for_quick_call(self) -> Timeout:
        """This timeout as it applies to a quick call: ``read`` shortened to ``quick_read``."""
        if self.quick_read is None or (self.read is not None and self.read <= self.quick_read):
            return self
        return Timeout(connect=self.connect, read=self.quick_read, quick_read=None)


TimeoutLike = Timeout | float | int | tuple[float | None, float | None]


def as_timeout(value: TimeoutLike | None, default: Timeout) -> Timeout:
    """Normalise a user's ``timeout=`` (seconds, ``(connect, read)`` or ``Timeout``).

    Seconds or a tuple apply to every call, quick ones included; only a ``Timeout`` (or the
    default) has a separate ``quick_read``.
    """
    if value is None:
        return default
    if isinstance(value, Timeout):
        return value
    if isinstance(value, tuple) and len(value) == 2:
        return Timeout(connect=value[0], read=value[1], quick_read=None)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Timeout(connect=float(value), read=float(value), quick_read=None)
    raise RequestError(
        f"timeout must be seconds, a (connect, read) tuple or a Timeout, got {value!r}",
        argument="timeout",
    )


@dataclass(frozen=True)
class RetryPolicy:
    """Capped, jittered exponential backoff.

    Attributes:
        max_retries: Attempts after the first one. ``0`` disables retries.
        backoff: Delay before the first retry; doubles with every further one.
        max_backoff: Upper bound of a computed delay.
        max_retry_after: The longest ``Retry-After`` we agree to wait; longer asks are not retried.
    """

    max_retries: int = DEFAULT_MAX_RETRIES
    backoff: float = 0.5
    max_backoff: float = 8.0
    max_retry_after: float = 60.0

    def delay(self, attempt: int, retry_after: float | None) -> float | None:
        """Seconds to sleep before retry number ``attempt`` (0-based), or None to give up."""
        if attempt >= self.max_retries:
            return None
        if retry_after is not None:
            return retry_after if retry_after <= self.max_retry_after else None
        import random  # here, not at import time: `import ollama_python` stays fast

        computed = min(self.max_backoff, math.ldexp(self.backoff, attempt))
        return computed * (0.5 + random.random() / 2)


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"[0-9]+(\.[0-9]+)?", value):
        return float(value)
    from email.utils import parsedate_to_datetime  # rarely needed; costs ~7 ms to import

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def max_reply_bytes() -> int:
    """The reply size limit in bytes: ``OLLAMA_MAX_REPLY_MB`` (MiB) if set to a positive number, else 1 GiB."""
    value = os.environ.get("OLLAMA_MAX_REPLY_MB", "")
    try:
        megabytes = float(value) if value.strip() else DEFAULT_MAX_REPLY_MB
    except ValueError:
        megabytes = DEFAULT_MAX_REPLY_MB
    if not megabytes > 0 or math.isinf(megabytes):
        megabytes = DEFAULT_MAX_REPLY_MB
    return int(megabytes * 1024 * 1024)
