"""Typed structured output: a Python type as the ``format=`` schema, and the reply parsed back into it.

```python
@dataclass
class Person:
    name: str
    age: int

response = api.chat(messages, format=json_schema(Person))
person = parse_structured(Person, response.message.content)
```

Types accepted: dataclasses, ``TypedDict`` classes, pydantic models (when pydantic is installed), and
any type hint built from them and the basic types (``list[Person]``, ``Literal[...]``, enums...).
Schemas are written inline (no ``$ref``); ``Optional[T]`` becomes ``anyOf: [T, {"type": "null"}]``
and stays required unless the field has a default.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, overload

from . import _json, _schema
from .errors import RequestError, StructuredOutputError

__all__ = ["StructuredOutputError", "json_schema", "parse_structured"]

_T = TypeVar("_T")


def json_schema(tp: Any) -> dict[str, Any]:
    """The JSON schema of a type, for ``format=``.

    Args:
        tp: A dataclass, ``TypedDict`` or pydantic model class, or a type hint built from them
            and basic types (``list[Person]``, ``Literal["yes", "no"]``, an ``Enum``...).

    Returns:
        An inline JSON schema (nested objects written out, no ``$ref``; pydantic's own schema with
        its ``$defs`` resolved, or kept as it is for a model that contains itself).

    Raises:
        RequestError: The type (or one of its fields) cannot be described; the message says which.
    """
    if isinstance(tp, (str, bytes, Mapping)) or tp is None:
        raise RequestError(f"format type must be a class or type hint, got {tp!r}", argument="format")
    return _schema.json_schema(tp)


@overload
def parse_structured(tp: type[_T], text: str) -> _T: ...
@overload
def parse_structured(tp: Any, text: str) -> Any: ...
def parse_structured(tp: Any, text: str) -> Any:
    """Parse the model's JSON text into an instance of ``tp``.

    Values are checked against the type and converted: nested objects become their dataclasses
    (TypedDicts stay dicts), text becomes enum members and dates, lists are converted item by
    item. Keys the type does not declare are dropped. Pydantic models are validated by pydantic.
    Unambiguous conversions are made (``"3"`` for an ``int`` is 3); see ``_schema.Converter``.
    A single surrounding Markdown code fence (```` ```json ... ``` ````) is tolerated.

    Args:
        tp: The type passed to ``json_schema`` (a dataclass, TypedDict, pydantic model, or
            any supported type hint).
        text: The model's reply, e.g. ``response.message.content``.

    Returns:
        The instance (for a TypedDict: a checked dict).

    Raises:
        StructuredOutputError: The text is not JSON, or the value does not match ``tp``; the
            message says where and why, and ``.raw`` holds the text.
        RequestError: ``tp`` is a schema dict or not a type (there is nothing to build).
    """
    if isinstance(tp, (str, bytes, Mapping)) or tp is None:
        raise RequestError(
            "parse_structured needs the type the schema came from (a dataclass, TypedDict or pydantic model); "
            "for a schema dict use json.loads on the text",
            argument="tp",
        )
    if not isinstance(text, str):
        raise RequestError(f"text must be a string, got {type(text).__name__}", argument="text")
    value = _decode(tp, text)
    try:
        return _schema.convert(tp, value, forbid_extra=False)
    except _schema.ConversionError as error:
        where = error.first_path
        raise StructuredOutputError(
            f"model output does not match {_schema.type_name(tp)}: {error.summary()}", raw=text, type=tp, path=where
        ) from error


def _decode(tp: Any, text: str) -> Any:
    """The JSON value in ``text``; a single Markdown code fence around it is removed first."""
    body = _strip_fence(text)
    if not body:
        raise StructuredOutputError(
            f"model output is empty, expected JSON for {_schema.type_name(tp)} "
            "(was the reply cut short, or was format= not sent?)",
            raw=text,
            type=tp,
        )
    try:
        return _json.loads(body)  # ValueError also for JSON nested too deeply (RecursionError)
    except ValueError as error:
        raise StructuredOutputError(
            f"model output is not valid JSON for {_schema.type_name(tp)}: {error}", raw=text, type=tp
        ) from error


def _strip_fence(text: str) -> str:
    body = text.strip()
    if body.startswith("```") and body.endswith("```") and body.count("```") == 2:
        body = body[3:-3]
        first_line, _, rest = body.partition("\n")
        body = rest if first_line.strip().isalpha() or not first_line.strip() else body
    return body.strip()
