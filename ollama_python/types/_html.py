"""HTML tables of installed and running models, for Jupyter's rich display (``_repr_html_``).

``ListResponse`` renders like ``ollama list`` and ``ProcessResponse`` like ``ollama ps``, with a
few more columns. Every value that came from the server is escaped: a model name is text, never
markup.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from .._humanize import human_size, processor, relative_time, until

if TYPE_CHECKING:
    from .models import ListedModel, ModelDetails, RunningModel

__all__ = ["Cell", "Column", "list_table", "ps_table", "table"]

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
            Cell(model.name or model.model or ""),
            Cell(human_size(model.size), title=_bytes(model.size)),
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
            Cell(model.name or model.model or ""),
            Cell(human_size(model.size), title=_bytes(model.size)),
            Cell(processor(model.size or 0, model.size_vram or 0), title=_bytes(model.size_vram, " in GPU memory")),
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
    return Cell(details.family or ""), Cell(details.parameter_size or ""), Cell(details.quantization_level or "")


def _bytes(size: int | None, where: str = "") -> str | None:
    """A tooltip with the exact byte count; none when the server did not say."""
    return None if size is None else f"{size:,} bytes{where}"


def _cell(cell: Cell, style: str) -> str:
    title = f' title="{html.escape(str(cell.title))}"' if cell.title else ""
    return f'<td style="{style}"{title}>{html.escape(str(cell.text))}</td>'


def _count(count: int, state: str) -> str:
    return f"{count} model{'' if count == 1 else 's'} {state}"


def _timestamp(when: datetime | None) -> str | None:
    return when.isoformat(sep=" ", timespec="seconds") if isinstance(when, datetime) else None
