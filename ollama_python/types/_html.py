"""Rich display in notebooks (``_repr_html_``, ``_repr_markdown_``) for the responses people look at.

``ListResponse`` renders like ``ollama list`` and ``ProcessResponse`` like ``ollama ps``, with a
few more columns; ``ShowResponse`` as a compact table of facts instead of the Modelfile dump.
Generated answers render as Markdown (the model writes Markdown), with the thinking folded away
and the metrics in one small line; embeddings as their shape; progress as one line. Every value
that is not the model's answer is escaped: a model name is text, never markup.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from .._humanize import human_size, processor, relative_time, until

if TYPE_CHECKING:
    from .chat import ToolCall
    from .generation import GenerationMetrics
    from .models import ListedModel, ModelDetails, ProgressResponse, RunningModel, ShowResponse

__all__ = [
    "Cell",
    "Column",
    "answer_markdown",
    "list_table",
    "metrics_line",
    "progress_markdown",
    "ps_table",
    "shape_markdown",
    "show_table",
    "table",
]

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


# -- show --------------------------------------------------------------------------------------
_LICENSE_HEAD = 80  # characters of the license shown; the whole text is in the tooltip


def show_table(show: ShowResponse) -> str:
    """The facts of ``/api/show`` people look for: family, size, quantization, context, capabilities, license."""
    from .models import ModelDetails

    info = show.model_info or {}
    details = show.details or ModelDetails()  # a server may send no details: nothing is shown for them
    arch = str(info.get("general.architecture") or details.family or "")
    context = info.get(f"{arch}.context_length", details.context_length)
    license_text = (show.license or "").strip()
    head = license_text.splitlines()[0] if license_text else ""
    if len(head) > _LICENSE_HEAD:
        head = head[: _LICENSE_HEAD - 3] + "..."
    facts = [
        ("Family", Cell(details.family or arch)),
        ("Parameters", Cell(details.parameter_size or "")),
        ("Quantization", Cell(details.quantization_level or "")),
        ("Context length", Cell("" if context is None else str(context))),
        ("Capabilities", Cell(", ".join(show.capabilities or []))),
        ("License", Cell(head, title=license_text or None)),
    ]
    rows = [(Cell(name), cell) for name, cell in facts if cell.text]
    return table((Column(""), Column("")), rows, "Model details", "No details.")


# -- answers -----------------------------------------------------------------------------------
def metrics_line(metrics: GenerationMetrics, model: str | None = None, done_reason: str | None = None) -> str:
    """``llama3.2 · 42 tokens · 35.1 tokens/s · 1.20 s`` (what is known of it)."""
    parts = [model] if model else []
    if metrics.eval_count is not None:
        parts.append(f"{metrics.eval_count} tokens")
    rate = metrics.tokens_per_second
    if rate is not None:
        parts.append(f"{rate:.1f} tokens/s")
    total = metrics.total_seconds
    if total is not None:
        parts.append(f"{total:.2f} s")
    if done_reason and done_reason != "stop":
        parts.append(f"stopped: {done_reason}")
    return " · ".join(parts)


def answer_markdown(
    text: str,
    thinking: str | None,
    tool_calls: list[ToolCall] | None,
    metrics: GenerationMetrics,
    model: str | None,
    done_reason: str | None,
) -> str:
    """An answer as Markdown: thinking collapsed above it, tool calls, then one small line of metrics."""
    blocks = []
    if thinking:
        body = html.escape(thinking.strip()).replace("\n", "<br>")
        blocks.append(f"<details><summary>Thinking</summary><p>{body}</p></details>")
    if text:
        blocks.append(text)
    for call in tool_calls or []:
        arguments = ", ".join(f"{name}={value!r}" for name, value in (call.function.arguments or {}).items())
        blocks.append(f"Tool call: `{call.function.name}({arguments})`")
    line = metrics_line(metrics, model, done_reason)
    if line:
        blocks.append(f"<sub>{html.escape(line)}</sub>")
    return "\n\n".join(blocks)


# -- embeddings and progress -------------------------------------------------------------------
def shape_markdown(kind: str, rows: int, dimensions: int | None, model: str | None) -> str:
    """``EmbedResponse: 3 vectors x 384 dimensions (all-minilm)``."""
    size = f"{rows} vector{'' if rows == 1 else 's'}"
    if dimensions is not None:
        size += f" x {dimensions} dimensions"
    return f"**{kind}**: {size}" + (f" ({html.escape(model)})" if model else "")


def progress_markdown(progress: ProgressResponse) -> str:
    """``pulling 6a0746a1ec1a: 45% (1.2 GB of 2.0 GB)``, or the status alone."""
    status = html.escape(progress.status or "")
    if not progress.digest or not progress.total:
        return status
    done = progress.completed or 0
    percent = min(100, done * 100 // progress.total)
    return f"{status}: {percent}% ({human_size(done)} of {human_size(progress.total)})"
