"""Embedding many texts: batches sent with bounded concurrency, results merged in input order."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .. import _payloads
from .._request import Flow, Parallel
from .._vectors import require_numpy
from ..errors import RequestError
from ..types import EmbedArrayResponse, EmbedResponse


def embed_batches(
    default_model: str | None,
    texts: Iterable[str],
    batch_size: int,
    concurrency: int,
    as_numpy: bool,
    progress: bool,
    params: Mapping[str, Any],
) -> Flow[EmbedResponse | EmbedArrayResponse]:
    """A flow that embeds ``texts`` in batches and returns one response for all of them."""
    items = _texts(texts)
    size, workers = _positive(batch_size, "batch_size"), _positive(concurrency, "concurrency")
    batches = [items[start : start + size] for start in range(0, len(items), size)] or [[]]
    requests = [_payloads.embed(default_model, batch, params, as_numpy) for batch in batches]
    bar = _progress_bar(len(items)) if progress else None
    try:
        results = yield Parallel(requests, workers, (lambda index, _: bar.update(len(batches[index]))) if bar else None)
    finally:
        if bar is not None:
            bar.close()
    return merge(results)


def merge(results: list[Any]) -> EmbedResponse | EmbedArrayResponse:
    """One response from per-batch responses (in order); durations and token counts are summed."""
    first: EmbedResponse | EmbedArrayResponse = results[0]
    if isinstance(first, EmbedArrayResponse):
        np = require_numpy()
        arrays = [result.embeddings for result in results if result.embeddings.size]
        embeddings: Any = np.concatenate(arrays) if arrays else first.embeddings
    else:
        embeddings = [vector for result in results for vector in result.embeddings]
    return type(first)(
        model=first.model,
        embeddings=embeddings,
        total_duration=_sum(result.total_duration for result in results),
        load_duration=_sum(result.load_duration for result in results),
        prompt_eval_count=_sum(result.prompt_eval_count for result in results),
    )


def _texts(texts: Iterable[str]) -> list[str]:
    if isinstance(texts, (str, bytes)) or not hasattr(texts, "__iter__"):
        raise RequestError(f"texts must be a list of strings, got {type(texts).__name__}", argument="texts")
    items = list(texts)
    for index, item in enumerate(items):
        if not isinstance(item, str):
            raise RequestError(f"texts[{index}] must be a string, got {type(item).__name__}", argument="texts")
    return items


def _positive(value: Any, argument: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise RequestError(f"{argument} must be a positive integer, got {value!r}", argument=argument)
    return value


def _sum(values: Iterable[int | None]) -> int | None:
    present = [value for value in values if value is not None]
    return sum(present) if present else None


def _progress_bar(total: int) -> Any:
    from ..progress import progress_file, require_tqdm  # only when progress=True: tqdm is an optional extra

    return require_tqdm()(total=total, unit="text", desc="embedding", file=progress_file())
