"""``format=``: what is sent, and ``response.parsed`` when a type was given.

``"json"`` and schema dicts are sent as they are; a type (dataclass, TypedDict, pydantic model, or
a hint built from them) is sent as its JSON schema, and the reply's text is parsed back into an
instance: at once for a single reply, on the whole answer (``stream.response``, ``collect()``)
for a stream, whose chunks are only fragments of the JSON.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

from .errors import RequestError

R = TypeVar("R")


def format_value(value: Any, argument: str = "format") -> Any:
    """What to send for ``format=``; None for ``""`` (free text: nothing is sent)."""
    if isinstance(value, Mapping):
        return dict(value)
    if value == "json":
        return value
    if value == "":
        return None
    if isinstance(value, str):
        if value.lstrip().startswith("{"):
            raise RequestError(
                f"{argument} must be a dict, not JSON text: pass json.loads(...) of the schema", argument=argument
            )
        return value  # a format name some server may know; the server says if it does not
    if format_type(value) is None:
        raise RequestError(f"{argument} must be 'json', a JSON schema dict or a type, got {value!r}", argument=argument)
    from .structured import json_schema  # only for types: the schema writer is not needed otherwise

    return json_schema(value)


def format_type(value: Any) -> Any:
    """The type a ``format=`` value asks the reply to be parsed into (a class, or a typing
    construct such as ``list[Person]``), or None.
    """
    if isinstance(value, type) or typing.get_origin(value) is not None:
        return value
    return None


def parsing(decode: Callable[[Any], R], tp: Any, text_of: Callable[[R], str]) -> Callable[[Any], R]:
    """``decode`` that also fills ``parsed`` on a complete reply."""
    from .structured import parse_structured

    def decode_and_parse(data: Any) -> R:
        response = decode(data)
        if getattr(response, "done", False):
            response.parsed = parse_structured(tp, text_of(response))  # type: ignore[attr-defined]
        return response

    return decode_and_parse


class ParsingAccumulator(Generic[R]):
    """Wraps a stream's accumulator: the whole answer gets ``parsed`` once the stream is done."""

    def __init__(self, inner: Any, tp: Any, text_of: Callable[[R], str]) -> None:
        from .structured import parse_structured

        self._inner = inner
        self._parse: Callable[[str], Any] = lambda text: parse_structured(tp, text)
        self._text_of = text_of
        self._parsed: Any = None

    def add(self, chunk: R) -> None:
        self._inner.add(chunk)

    def text(self, chunk: R) -> str:
        return self._inner.text(chunk)  # type: ignore[no-any-return]

    def result(self) -> R | None:
        result: R | None = self._inner.result()
        if result is not None and getattr(result, "done", False):
            if self._parsed is None:
                self._parsed = self._parse(self._text_of(result))
            result.parsed = self._parsed  # type: ignore[attr-defined]
        return result
