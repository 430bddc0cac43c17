"""Numbers and times as people read them, worded like the ``ollama`` command line.

Shared by the command line's tables and the notebook (HTML) tables.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

_BYTE_UNITS = (("TB", 1000**4), ("GB", 1000**3), ("MB", 1000**2), ("KB", 1000))
_TIME_UNITS = (
    ("year", 365 * 86400),
    ("month", 30 * 86400),
    ("week", 7 * 86400),
    ("day", 86400),
    ("hour", 3600),
    ("minute", 60),
    ("second", 1),
)
_FOREVER = 10 * 365 * 86400  # keep_alive=-1 expires centuries ahead


def human_size(size: int | None) -> str:
    """Decimal units as ``ollama list`` shows them: ``2.0 GB``, ``46 MB``, ``155 B``; None gives ``""``."""
    if size is None or size < 0:
        return ""
    for unit, scale in _BYTE_UNITS:
        if size >= scale:
            value = size / scale
            return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"
    return f"{size} B"


def relative_time(when: Any, now: datetime | None = None) -> str:
    """``3 days ago``, ``4 minutes from now``, ``just now``.

    A naive datetime is read as UTC; text (a timestamp the SDK could not parse) is shown as is.
    """
    if not isinstance(when, datetime):
        return "" if when is None else str(when)
    seconds = (_utc(now) - _utc(when)).total_seconds()
    suffix = "ago" if seconds >= 0 else "from now"
    seconds = abs(seconds)
    for unit, scale in _TIME_UNITS:
        if seconds >= scale:
            count = int(seconds // scale)
            if count == 1:
                return f"{'an' if unit == 'hour' else 'a'} {unit} {suffix}"
            return f"{count} {unit}s {suffix}"
    return "just now"


def until(expires_at: Any, now: datetime | None = None) -> str:
    """When a loaded model will be unloaded, as ``ollama ps`` says it: ``4 minutes from now``,
    ``Forever`` (``keep_alive=-1``) or ``Stopping...`` (already due).
    """
    if not isinstance(expires_at, datetime):
        return relative_time(expires_at, now)
    remaining = (_utc(expires_at) - _utc(now)).total_seconds()
    if remaining > _FOREVER:
        return "Forever"
    if remaining <= 0:
        return "Stopping..."
    return relative_time(expires_at, now)


def processor(size: int, size_vram: int) -> str:
    """Where a loaded model lives: ``100% GPU``, ``100% CPU`` or ``25%/75% CPU/GPU``."""
    if size <= 0:
        return ""
    if size_vram <= 0:
        return "100% CPU"
    if size_vram >= size:
        return "100% GPU"
    cpu = round((size - size_vram) * 100 / size)
    return f"{cpu}%/{100 - cpu}% CPU/GPU"


def _utc(moment: datetime | None) -> datetime:
    if moment is None:
        return datetime.now(timezone.utc)
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment
