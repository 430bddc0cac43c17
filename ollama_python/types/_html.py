"""HTML tables of installed and running models, for Jupyter's rich display (``_repr_html_``).

``ListResponse`` renders like ``ollama list`` and ``ProcessResponse`` like ``ollama ps``, with a
few more columns. Every value that came from the server is escaped: a model name is text, never
markup.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from .models import ListedModel, ModelDetails, RunningModel

__all__ = ["Cell", "Column", "human_size", "list_table", "processor", "ps_table", "relative_time", "table", "until"]

_SIZE_UNITS = ("B", "KB", "MB", "GB", "TB", "PB")
_FOREVER_SECONDS = 100 * 365 * 86400  # a "keep loaded forever" model expires centuries from now
_SPANS = (
    (365 * 86400, "year"),
    (30 * 86400, "month"),
    (7 * 86400, "week"),
    (86400, "day"),
    (3600, "hour"),
    (60, "minute"),
    (1, "second"),
)
_STYLE = "text-align:left;vertical-align:top"
_NUMBER_STYLE = "text-align:right;vertical-align:top;white-space:nowrap"


class Column(NamedTuple):
    """A table column: its header, and whether it holds numbers (aligned right)."""

    label: str
    numeric: bool = False


class Cell(NamedTuple):
    """One table cell: its text and an optional tooltip."""

    text: str
    title: str | None = None


_NAME = Column("Name")
_SIZE = Column("Size", numeric=True)
_DETAIL_COLUMNS = (Column("Family"), Column("Parameters", numeric=True), Column("Quantization"))


def human_size(size: int | None) -> str:
    """Bytes in decimal units, as the ``ollama`` CLI shows them: ``"2.0 GB"``, ``"46 MB"``.

    Args:
        size: A byte count; None or a negative count gives ``""``.
    """
    if size is None or size < 0:
        return ""
    value, unit = float(size), _SIZE_UNITS[0]
    for larger in _SIZE_UNITS[1:]:
        if value < 1000:
            break
        value, unit = value / 1000, larger
    if unit == "B" or value >= 10 or value.is_integer():
        return f"{value:.0f} {unit}"
    return f"{value:.1f} {unit}"


def relative_time(when: datetime | None, now: datetime | None = None) -> str:
    """``"3 days ago"`` or ``"in 4 minutes"``: the distance from ``now`` in its largest unit.

    Args:
        when: The moment; None gives ``""``.
        now: The reference (default: the current time, in ``when``'s kind of timezone).
    """
    if not isinstance(when, datetime):  # None, or a timestamp the SDK could not parse (kept as text)
        return "" if when is None else str(when)
    seconds = (when - _reference(when, now)).total_seconds()
    if abs(seconds) < 1:
        return "now"
    amount, unit = _largest_unit(abs(seconds))
    text = f"{amount} {unit}{'' if amount == 1 else 's'}"
    return f"in {text}" if seconds > 0 else f"{text} ago"


def until(expires_at: datetime | None, now: datetime | None = None) -> str:
    """When a loaded model will be unloaded: ``"in 4 minutes"``, ``"forever"``, ``"expired"``.

    Args:
        expires_at: ``RunningModel.expires_at``; None gives ``""``.
        now: The reference (default: the current time).
    """
    if not isinstance(expires_at, datetime):
        return "" if expires_at is None else str(expires_at)
    seconds = (expires_at - _reference(expires_at, now)).total_seconds()
    if seconds > _FOREVER_SECONDS:
        return "forever"
    if seconds < 0:
        return "expired"
    return relative_time(expires_at, now)


def processor(size: int, size_vram: int) -> str:
    """Where a loaded model lives, as ``ollama ps`` says it: ``"100% GPU"``, ``"25%/75% CPU/GPU"``.

    Args:
        size: Bytes of memory the model uses in all.
        size_vram: Of those, the bytes in GPU memory.
    """
    if size <= 0:
        return ""
    if size_vram <= 0:
        return "100% CPU"
    if size_vram >= size:
        return "100% GPU"
    gpu = round(100 * size_vram / size)
    return f"{100 - gpu}%/{gpu}% CPU/GPU"


def table(columns: Sequence[Column], rows: Iterable[Sequence[Cell]], caption: str, empty: str) -> str:
    """An HTML table with every text escaped.

    Args:
        columns: The columns, in order.
        rows: The cells of each row, one per column.
        caption: Text above the table.
        empty: Text of the single row shown when there are no rows.
    """
    styles = [_NUMBER_STYLE if column.numeric else _STYLE for column in columns]
    head = "".join(
        f'<th style="{style}">{html.escape(column.label)}</th>' for column, style in zip(columns, styles, strict=True)
    )
    body = [
        "<tr>" + "".join(_cell(cell, style) for cell, style in zip(row, styles, strict=True)) + "</tr>" for row in rows
    ]
    if not body:
        body = [f'<tr><td colspan="{len(columns)}" style="{_STYLE}"><em>{html.escape(empty)}</em></td></tr>']
    return (
        f'<table class="ollama-python">'
        f'<caption style="text-align:left">{html.escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def list_table(models: Sequence[ListedModel], now: datetime | None = None) -> str:
    """The table of installed models (``/api/tags``).

    Args:
        models: ``ListResponse.models``.
        now: The reference for "modified ... ago" (default: the current time).
    """
    columns = (_NAME, _SIZE, Column("Modified"), *_DETAIL_COLUMNS, Column("Capabilities"))
    rows = [
        (
            Cell(model.name or model.model),
            Cell(human_size(model.size), title=f"{model.size:,} bytes"),
            Cell(relative_time(model.modified_at, now), title=_timestamp(model.modified_at)),
            *_detail_cells(model.details),
            Cell(", ".join(model.capabilities or [])),
        )
        for model in models
    ]
    return table(columns, rows, _count(len(models), "installed"), "No models installed.")


def ps_table(models: Sequence[RunningModel], now: datetime | None = None) -> str:
    """The table of models loaded in memory (``/api/ps``).

    Args:
        models: ``ProcessResponse.models``.
        now: The reference for "unloads in ..." (default: the current time).
    """
    columns = (_NAME, _SIZE, Column("Processor"), Column("Until"), Column("Context", numeric=True), *_DETAIL_COLUMNS)
    rows = [
        (
            Cell(model.name or model.model),
            Cell(human_size(model.size), title=f"{model.size:,} bytes"),
            Cell(processor(model.size, model.size_vram), title=f"{model.size_vram:,} bytes in GPU memory"),
            Cell(until(model.expires_at, now), title=_timestamp(model.expires_at)),
            Cell("" if model.context_length is None else str(model.context_length)),
            *_detail_cells(model.details),
        )
        for model in models
    ]
    return table(columns, rows, _count(len(models), "loaded"), "No models loaded.")


def _detail_cells(details: ModelDetails | None) -> tuple[Cell, Cell, Cell]:
    if details is None:
        return Cell(""), Cell(""), Cell("")
    return Cell(details.family), Cell(details.parameter_size), Cell(details.quantization_level)


def _cell(cell: Cell, style: str) -> str:
    title = f' title="{html.escape(str(cell.title))}"' if cell.title else ""
    return f'<td style="{style}"{title}>{html.escape(str(cell.text))}</td>'


def _count(count: int, state: str) -> str:
    return f"{count} model{'' if count == 1 else 's'} {state}"


def _timestamp(when: datetime | None) -> str | None:
    return when.isoformat(sep=" ", timespec="seconds") if isinstance(when, datetime) else None


def _reference(when: datetime, now: datetime | None) -> datetime:
    """``now``, or the current time, comparable with ``when`` (both aware or both naive)."""
    if now is None:
        return datetime.now(timezone.utc) if when.tzinfo is not None else datetime.now()
    if (now.tzinfo is None) != (when.tzinfo is None):
        # One side has no timezone: read the naive one as UTC rather than fail.
        return (
            now.replace(tzinfo=timezone.utc)
            if now.tzinfo is None
            else now.astimezone(timezone.utc).replace(tzinfo=None)
        )
    return now


def _largest_unit(seconds: float) -> tuple[int, str]:
    for length, unit in _SPANS:
        if seconds >= length:
            return int(seconds // length), unit
    return 1, "second"  # pragma: no cover - callers pass at least one second
