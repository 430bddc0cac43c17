"""Schema writing: a Python type as a JSON schema (for ``format=`` and tool definitions)."""

from __future__ import annotations

import enum
import uuid
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from typing import Any, Literal, get_args, get_origin

from ..errors import RequestError
from .type_forms import (
    ARRAYS,
    MAPPINGS,
    NONE_TYPE,
    FieldSpec,
    class_description,
    is_class,
    is_dataclass_type,
    is_fixed_tuple,
    is_pydantic_model,
    is_typeddict,
    is_union,
    object_fields,
    type_name,
    unwrap,
)

_SCALAR_SCHEMAS: dict[Any, dict[str, str]] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    float: {"type": "number"},
    bool: {"type": "boolean"},
    datetime: {"type": "string", "format": "date-time"},
    date: {"type": "string", "format": "date"},
    time: {"type": "string", "format": "time"},
    uuid.UUID: {"type": "string", "format": "uuid"},
}
# The server drops "format" from tool schemas, so for tools the hint moves into the description.
FORMAT_HINTS = {
    "date-time": "ISO 8601 date-time, e.g. 2025-01-31T14:30:00Z",
    "date": "ISO 8601 date, e.g. 2025-01-31",
    "time": "ISO 8601 time, e.g. 14:30:00",
    "uuid": "a UUID",
}
_SUPPORTED = (
    "str, int, float, bool, None, Any, list[...], tuple[...], set[...], dict[str, ...], Literal[...], Enum, "
    "Optional/Union, datetime, date, time, UUID, dataclasses, TypedDicts and pydantic models"
)


# -- schemas -------------------------------------------------------------------------------------
class SchemaWriter:
    """Builds JSON schemas for type hints, in one of two dialects.

    ``for_tools=False`` (``format=``): ``Optional[T]`` is ``anyOf [T, null]``, ``dict[str, T]`` has
    ``additionalProperties``, dates keep their ``format``. ``for_tools=True``: ``Optional[T]`` is the
    schema of ``T`` (the field is simply not required), and keys the server drops from tool schemas
    (``additionalProperties``, ``format``) are left out, a ``format`` becoming a description hint.
    Nested objects are always inlined (no ``$ref``); a type that contains itself is refused.
    """

    def __init__(self, *, for_tools: bool, argument: str) -> None:
        """Start a writer.

        Args:
            for_tools: Write the tool-parameter dialect instead of the ``format=`` one.
            argument: The call argument named by errors (``"tools"`` or ``"format"``).
        """
        self.for_tools = for_tools
        self.argument = argument
        self._open: list[type] = []
        self._depth = 0

    def schema(self, tp: Any, where: str, description: str | None = None) -> dict[str, Any]:
        """The JSON schema of ``tp``.

        Args:
            tp: A type hint.
            where: What is being described, for error messages (``"parameter 'city' of f()"``).
            description: A description to use when ``Annotated`` gives none.

        Raises:
            RequestError: ``tp`` (or something inside it) cannot be described.
        """
        inner, annotated = unwrap(tp)
        self._depth += 1
        try:
            result = self._schema(inner, where)
        finally:
            self._depth -= 1
        text = annotated or description
        if text:
            result["description"] = text
        if self.for_tools and "format" in result:
            hint = FORMAT_HINTS.get(result.pop("format"), "")
            if hint:
                result["description"] = f"{text} ({hint})" if text else hint
        return result

    def object_schema(self, fields: Sequence[FieldSpec], where: str, noun: str = "field") -> dict[str, Any]:
        """``{"type": "object", "properties": ..., "required": [...]}`` for a list of fields."""
        self._depth += 1
        try:
            properties = {
                field.name: self.schema(field.type, f"{noun} {field.name!r} of {where}", field.description)
                for field in fields
            }
        finally:
            self._depth -= 1
        required = [field.name for field in fields if field.is_required(self.for_tools)]
        return {"type": "object", "properties": properties, "required": required}

    def _schema(self, tp: Any, where: str) -> dict[str, Any]:
        if tp is Any or tp is object:
            return {}
        if tp is None or tp is NONE_TYPE:
            return {"type": "null"}
        origin = get_origin(tp)
        if is_union(origin):
            return self._union(get_args(tp), where)
        if origin is Literal:
            return self._literal(get_args(tp), where)
        if is_class(tp):
            found = self._class(tp, where)
            if found is not None:
                return found
        base = origin or tp
        if base in ARRAYS:
            return self._array(base, get_args(tp), where)
        if base in MAPPINGS:
            return self._mapping(get_args(tp), where)
        raise self._unsupported(tp, where)

    def _class(self, tp: type, where: str) -> dict[str, Any] | None:
        if issubclass(tp, enum.Enum):
            return _enum_schema(tp)
        if tp in _SCALAR_SCHEMAS:
            return dict(_SCALAR_SCHEMAS[tp])
        if is_pydantic_model(tp):
            return self._pydantic(tp, where)
        if is_dataclass_type(tp) or is_typeddict(tp):
            return self._object(tp, where)
        return None

    def _union(self, members: tuple[Any, ...], where: str) -> dict[str, Any]:
        schemas = [self.schema(member, where) for member in members if member is not NONE_TYPE]
        if len(schemas) < len(members) and not self.for_tools:
            schemas.append({"type": "null"})
        return schemas[0] if len(schemas) == 1 else {"anyOf": schemas}

    def _literal(self, values: tuple[Any, ...], where: str) -> dict[str, Any]:
        plain = [value.value if isinstance(value, enum.Enum) else value for value in values]
        if not all(is_json_scalar(value) for value in plain):
            raise RequestError(
                f"cannot describe {where}: Literal values must be str, int, float, bool, None or Enum members, "
                f"got {values!r}",
                argument=self.argument,
            )
        return {**_json_type(plain), "enum": plain}

    def _array(self, base: Any, args: tuple[Any, ...], where: str) -> dict[str, Any]:
        result: dict[str, Any] = {"type": "array"}
        if is_fixed_tuple(base, args):
            result["prefixItems"] = [self.schema(arg, f"item {i} of {where}") for i, arg in enumerate(args)]
            result["minItems"] = result["maxItems"] = len(args)
        elif args and args[0] is not Any:
            result["items"] = self.schema(args[0], f"items of {where}")
        return result

    def _mapping(self, args: tuple[Any, ...], where: str) -> dict[str, Any]:
        result: dict[str, Any] = {"type": "object"}
        if len(args) == 2 and args[1] is not Any:
            values = self.schema(args[1], f"values of {where}")
            if not self.for_tools:
                result["additionalProperties"] = values
        return result

    def _object(self, tp: type, where: str) -> dict[str, Any]:
        if tp in self._open:
            chain = " -> ".join(type_name(t) for t in [*self._open, tp])
            raise RequestError(
                f"cannot describe {where}: {type_name(tp)} contains itself ({chain}); recursive types "
                "cannot be written as an inline schema",
                argument=self.argument,
            )
        self._open.append(tp)
        try:
            label = type_name(tp) if self._depth == 1 else f"{type_name(tp)} (in {where})"
            result = self.object_schema(object_fields(tp, self.argument), label)
        finally:
            self._open.pop()
        description = class_description(tp)
        return {"type": "object", "description": description, **result} if description else result

    def _pydantic(self, tp: type, where: str) -> dict[str, Any]:
        make = getattr(tp, "model_json_schema", None) or tp.schema  # type: ignore[attr-defined]
        raw: dict[str, Any] = make()
        try:
            inlined: dict[str, Any] = _inline_refs(raw, raw.get("$defs") or raw.get("definitions") or {}, ())
            return inlined
        except _RecursiveRef as error:
            if not self.for_tools and self._depth == 1:
                return raw  # the server resolves local $refs in format schemas
            raise RequestError(
                f"cannot describe {where}: pydantic model {type_name(tp)} contains itself ({error}); recursive "
                "models cannot be written as an inline schema",
                argument=self.argument,
            ) from None

    def _unsupported(self, tp: Any, where: str) -> RequestError:
        return RequestError(
            f"cannot describe {where}: unsupported type {type_name(tp)}; supported are {_SUPPORTED}",
            argument=self.argument,
        )


def is_json_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _json_type(values: Sequence[Any]) -> dict[str, Any]:
    """``{"type": ...}`` covering JSON scalar values (a list of types when they are mixed)."""
    names: list[str] = []
    for value in values:
        name = _json_type_name(value)
        if name not in names:
            names.append(name)
    if "integer" in names and "number" in names:
        names.remove("integer")
    return {"type": names[0] if len(names) == 1 else names} if names else {}


def _json_type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    return "number" if isinstance(value, float) else "string"


def enum_values(tp: type[enum.Enum]) -> list[Any]:
    """Member values when they are JSON scalars, else member names (both are accepted back)."""
    values = [member.value for member in tp]
    return values if all(is_json_scalar(value) for value in values) else [member.name for member in tp]


def _enum_schema(tp: type[enum.Enum]) -> dict[str, Any]:
    values = enum_values(tp)
    return {**_json_type(values), "enum": values}


class _RecursiveRef(Exception):
    """A ``$ref`` that leads back into itself."""


def _inline_refs(node: Any, defs: Mapping[str, Any], seen: tuple[str, ...]) -> Any:
    """Replace local ``$ref`` (``#/$defs/X``, ``#/definitions/X``) by the definitions themselves."""
    if isinstance(node, list):
        return [_inline_refs(item, defs, seen) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith(("#/$defs/", "#/definitions/")):
        name = ref.rsplit("/", 1)[1]
        if name in seen:
            raise _RecursiveRef(" -> ".join([*seen, name]))
        rest = {key: value for key, value in node.items() if key != "$ref"}
        return {**_inline_refs(defs.get(name, {}), defs, (*seen, name)), **_inline_refs(rest, defs, seen)}
    return {key: _inline_refs(value, defs, seen) for key, value in node.items() if key not in ("$defs", "definitions")}


def json_schema(
    tp: Any, *, for_tools: bool = False, argument: str = "format", where: str | None = None
) -> dict[str, Any]:
    """The JSON schema of a type hint.

    Args:
        tp: A type hint (a class, ``list[Person]``, ``Literal[...]``...).
        for_tools: Write the tool-parameter dialect (see ``SchemaWriter``).
        argument: The call argument named by errors.
        where: What is described, for error messages; defaults to ``"<argument> type <name>"``.

    Raises:
        RequestError: The type cannot be described; the message names the field and the type.
    """
    return SchemaWriter(for_tools=for_tools, argument=argument).schema(tp, where or f"{argument} type {type_name(tp)}")
