"""Python types as JSON schemas, and JSON values checked and converted back into those types.

Shared by ``tools`` (function parameters become a tool definition; the arguments of
a tool call become Python values) and ``structured`` (a ``format=`` type becomes a
JSON schema; the model's JSON becomes an instance). Describing a type and checking a value against
it are one walk over the same type forms, so both live here, next to the docstring parser that
supplies the descriptions.

Supported type forms: ``str``, ``int``, ``float``, ``bool``, ``None``, ``Any``/``object``,
``list``/``Sequence``/``set``/``frozenset``/``tuple`` (``tuple[T, ...]`` and fixed ``tuple[A, B]``),
``dict``/``Mapping``, ``Literal``, ``Enum`` subclasses, ``Optional``/``Union``/``X | Y``,
``datetime``/``date``/``time``/``UUID`` (strings with a ``format``), dataclasses, ``TypedDict``,
pydantic models (only looked at when pydantic is already imported), ``Annotated[T, "description"]``,
``NewType`` and ``type`` aliases.
"""

from __future__ import annotations

import collections.abc as abc
import dataclasses
import enum
import inspect
import json
import math
import re
import sys
import types
import typing
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, time
from typing import Any, Literal, TypeGuard, Union, get_args, get_origin

from .errors import RequestError
from .types._model import parse_timestamp

__all__ = [
    "ConversionError",
    "Converter",
    "Docstring",
    "FieldSpec",
    "Issue",
    "SchemaWriter",
    "accepts_none",
    "is_optional",
    "convert",
    "convert_fields",
    "json_schema",
    "object_fields",
    "parse_docstring",
    "type_hints",
    "type_name",
    "unwrap",
]

_NONE_TYPE = type(None)
_QUALIFIERS = frozenset({"Required", "NotRequired", "ReadOnly", "Final", "ClassVar"})
_ARRAYS: frozenset[Any] = frozenset(
    {
        list,
        tuple,
        set,
        frozenset,
        abc.Sequence,
        abc.MutableSequence,
        abc.Set,
        abc.MutableSet,
        abc.Iterable,
        abc.Collection,
    }
)
_SETS: frozenset[Any] = frozenset({set, frozenset, abc.Set, abc.MutableSet})
_MAPPINGS: frozenset[Any] = frozenset({dict, abc.Mapping, abc.MutableMapping})
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
_FORMAT_HINTS = {
    "date-time": "ISO 8601 date-time, e.g. 2025-01-31T14:30:00Z",
    "date": "ISO 8601 date, e.g. 2025-01-31",
    "time": "ISO 8601 time, e.g. 14:30:00",
    "uuid": "a UUID",
}
_SUPPORTED = (
    "str, int, float, bool, None, Any, list[...], tuple[...], set[...], dict[str, ...], Literal[...], Enum, "
    "Optional/Union, datetime, date, time, UUID, dataclasses, TypedDicts and pydantic models"
)
_INTEGER = re.compile(r"^\s*[-+]?\d+\s*$")
_NUMBER = re.compile(r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$")


# -- type forms ----------------------------------------------------------------------------------
def unwrap(tp: Any) -> tuple[Any, str | None]:
    """Strip ``Annotated``, ``NewType``, ``type`` aliases and TypedDict qualifiers.

    Args:
        tp: A type hint.

    Returns:
        The underlying type and the description from ``Annotated[T, "description"]`` (or None).
    """
    description: str | None = None
    while True:
        origin = get_origin(tp)
        if origin is typing.Annotated:
            description = description or _annotated_description(tp.__metadata__)
            tp = tp.__origin__
        elif origin is not None and getattr(origin, "_name", None) in _QUALIFIERS:
            tp = get_args(tp)[0]
        elif callable(tp) and hasattr(tp, "__supertype__"):  # typing.NewType
            tp = tp.__supertype__
        elif type(tp).__name__ == "TypeAliasType":  # `type X = ...` (Python 3.12+)
            tp = tp.__value__
        else:
            return tp, description


def _annotated_description(metadata: Iterable[Any]) -> str | None:
    for item in metadata:
        if isinstance(item, str):
            return item
        text = getattr(item, "description", None)  # e.g. pydantic.Field(description=...)
        if isinstance(text, str):
            return text
    return None


def accepts_none(tp: Any) -> bool:
    """Whether ``None`` is a valid value of ``tp`` (``Optional``, ``Any``, ``None``)."""
    tp, _ = unwrap(tp)
    if tp is Any or tp is object or tp is None or tp is _NONE_TYPE:
        return True
    if _is_union(get_origin(tp)):
        return any(accepts_none(member) for member in get_args(tp))
    return get_origin(tp) is Literal and None in get_args(tp)


def is_optional(tp: Any) -> bool:
    """Whether ``tp`` explicitly allows None (``Optional[T]``, ``T | None``), unlike ``Any``.

    Such a field is not required in tool schemas, and a missing one without a default is None.
    """
    tp, _ = unwrap(tp)
    if tp is None or tp is _NONE_TYPE:
        return True
    if _is_union(get_origin(tp)):
        return any(is_optional(member) for member in get_args(tp))
    return get_origin(tp) is Literal and None in get_args(tp)


def _is_union(origin: Any) -> bool:
    return origin is Union or origin is types.UnionType


def _is_class(tp: Any) -> TypeGuard[type]:
    """A plain class; not ``list[int]``, which Python 3.10 also reports as a ``type``."""
    return isinstance(tp, type) and get_origin(tp) is None


def _is_typeddict(tp: Any) -> bool:
    return _is_class(tp) and issubclass(tp, dict) and hasattr(tp, "__required_keys__")


def _is_dataclass_type(tp: Any) -> bool:
    return _is_class(tp) and dataclasses.is_dataclass(tp)


def _is_pydantic_model(tp: Any) -> bool:
    """True for pydantic models; pydantic is never imported here (a model implies it is loaded)."""
    pydantic = sys.modules.get("pydantic")
    base = getattr(pydantic, "BaseModel", None)
    return _is_class(tp) and isinstance(base, type) and issubclass(tp, base) and tp is not base


def _is_fixed_tuple(base: Any, args: tuple[Any, ...]) -> bool:
    return base is tuple and bool(args) and not (len(args) == 2 and args[1] is Ellipsis)


def type_name(tp: Any) -> str:
    """A short readable name for a type hint, for messages (``list[int]``, ``Person``)."""
    if _is_class(tp):
        return tp.__qualname__.rsplit("<locals>.", 1)[-1]
    return repr(tp).replace("typing.", "").replace("collections.abc.", "")


def type_hints(owner: Any, what: str, argument: str) -> dict[str, Any]:
    """``typing.get_type_hints`` with extras; an unresolvable hint becomes a ``RequestError``.

    Args:
        owner: A function, dataclass or TypedDict.
        what: How to name it in the error, e.g. ``"get_weather()"``.
        argument: The call argument to blame (``"tools"`` or ``"format"``).
    """
    try:
        return typing.get_type_hints(owner, include_extras=True)
    except Exception as error:  # NameError for forward refs, TypeError for odd objects
        raise RequestError(f"cannot read the type hints of {what}: {error}", argument=argument) from error


# -- fields of objects ---------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class FieldSpec:
    """One named member of an object: a dataclass field, TypedDict key or function parameter.

    Attributes:
        name: The JSON key.
        type: Its type hint (may be ``Annotated``).
        has_default: True when it may be left out (a default, or a non-required TypedDict key).
        description: Text for the schema, from the docstring or field metadata.
        default: The default value (None when there is none, or when it comes from a factory).
    """

    name: str
    type: Any
    has_default: bool = False
    description: str | None = None
    default: Any = None

    def is_required(self, for_tools: bool) -> bool:
        """Listed in ``required``: no default, and (for tools) not ``Optional``."""
        return not self.has_default and not (for_tools and is_optional(self.type))


def object_fields(tp: type, argument: str = "format") -> list[FieldSpec]:
    """The fields of a dataclass or TypedDict, with descriptions from its docstring.

    Args:
        tp: A dataclass or TypedDict class.
        argument: The call argument to blame when a hint cannot be resolved.
    """
    hints = type_hints(tp, type_name(tp), argument)
    docs = parse_docstring(_own_docstring(tp)).params
    if _is_typeddict(tp):
        required = tp.__required_keys__  # type: ignore[attr-defined]
        return [FieldSpec(name, hint, name not in required, docs.get(name)) for name, hint in hints.items()]
    specs = []
    for field in dataclasses.fields(tp):
        if not field.init:
            continue
        has_default = field.default is not dataclasses.MISSING or field.default_factory is not dataclasses.MISSING
        description = field.metadata.get("description") or docs.get(field.name)
        default = None if field.default is dataclasses.MISSING else field.default
        specs.append(FieldSpec(field.name, hints.get(field.name, Any), has_default, description, default))
    return specs


def _own_docstring(tp: type) -> str | None:
    """The class's own docstring; not inherited, and not the signature dataclasses invent."""
    doc = tp.__dict__.get("__doc__")
    if not isinstance(doc, str) or (_is_dataclass_type(tp) and doc.startswith(f"{tp.__name__}(")):
        return None
    return doc


def _class_description(tp: type) -> str | None:
    return parse_docstring(_own_docstring(tp)).description or None


# -- docstrings ----------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Docstring:
    """What a docstring says, split into the free text and the per-parameter descriptions.

    Attributes:
        description: The summary and description: everything before the first section.
        params: Parameter (or attribute) name to description.
    """

    description: str = ""
    params: dict[str, str] = dataclasses.field(default_factory=dict)


_GOOGLE_HEADER = re.compile(
    r"^(args|arguments|parameters|params|keyword args|keyword arguments|kwargs|other parameters|attributes|"
    r"returns?|raises|yields?|examples?|notes?|warnings?|todo|see also|references|methods)\s*:\s*$",
    re.IGNORECASE,
)
_GOOGLE_PARAM_SECTIONS = frozenset(
    {"args", "arguments", "parameters", "params", "keyword args", "keyword arguments", "kwargs", "other parameters"}
    | {"attributes"}
)
_GOOGLE_ENTRY = re.compile(r"^\*{0,2}(?P<name>\w+)\s*(\([^)]*\))?\s*:\s*(?P<text>.*)$")
_NUMPY_RULE = re.compile(r"^\s*-{3,}\s*$")
_NUMPY_PARAM_SECTIONS = frozenset({"parameters", "other parameters", "attributes", "keyword arguments", "params"})
_NUMPY_ENTRY = re.compile(r"^(?P<names>\*{0,2}\w+(\s*,\s*\*{0,2}\w+)*)\s*(:.*)?$")
_REST_FIELD = re.compile(r"^:(?P<kind>\w+)(?P<words>[^:]*):\s*(?P<text>.*)$")
_REST_PARAM_KINDS = frozenset({"param", "parameter", "arg", "argument", "key", "keyword", "ivar", "var", "cvar"})


def parse_docstring(doc: str | None) -> Docstring:
    """Split a Google, NumPy or reST docstring into its description and parameter descriptions.

    Args:
        doc: The docstring (raw or cleaned), or None.

    Returns:
        The free text before the first section, and a name → description map read from Google
        ``Args:``/``Arguments:``/``Attributes:`` sections, NumPy ``Parameters``/``Attributes``
        sections and reST ``:param x:``/``:ivar x:`` fields. Types written in the docstring
        (``x (int):``, ``x : int``, ``:type x:``) are ignored: type hints are the source of types.
    """
    if not doc:
        return Docstring()
    lines = inspect.cleandoc(doc).expandtabs().splitlines()
    description: list[str] = []
    params: dict[str, str] = {}
    index, in_sections = 0, False
    while index < len(lines):
        next_index = _section(lines, index, params)
        if next_index is not None:
            index, in_sections = next_index, True
            continue
        if not in_sections:
            description.append(lines[index])
        index += 1
    return Docstring("\n".join(description).strip(), params)


def _section(lines: list[str], index: int, params: dict[str, str]) -> int | None:
    """Parse the section starting at ``lines[index]``; the index after it, or None if none starts."""
    line = lines[index]
    stripped = line.strip()
    if stripped and index + 1 < len(lines) and _NUMPY_RULE.match(lines[index + 1]) and not _NUMPY_RULE.match(line):
        return _numpy_section(lines, index, params)
    if _GOOGLE_HEADER.match(stripped):
        return _google_section(lines, index, params)
    if _REST_FIELD.match(stripped):
        return _rest_field(lines, index, params)
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _google_section(lines: list[str], index: int, params: dict[str, str]) -> int:
    header = lines[index]
    is_params = header.strip().rstrip(":").strip().lower() in _GOOGLE_PARAM_SECTIONS
    base = _indent(header)
    end = index + 1
    while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > base):
        end += 1
    if is_params:
        _read_entries(lines[index + 1 : end], params, _google_names)
    return end


def _google_names(text: str) -> tuple[list[str], str] | None:
    match = _GOOGLE_ENTRY.match(text)
    return ([match["name"]], match["text"]) if match else None


def _numpy_section(lines: list[str], index: int, params: dict[str, str]) -> int:
    is_params = lines[index].strip().lower() in _NUMPY_PARAM_SECTIONS
    end = index + 2
    while end < len(lines) and not (end + 1 < len(lines) and lines[end].strip() and _NUMPY_RULE.match(lines[end + 1])):
        end += 1
    if is_params:
        _read_entries(lines[index + 2 : end], params, _numpy_names)
    return end


def _numpy_names(text: str) -> tuple[list[str], str] | None:
    match = _NUMPY_ENTRY.match(text)
    if not match:
        return None
    return [name.strip().lstrip("*") for name in match["names"].split(",")], ""


def _read_entries(body: list[str], params: dict[str, str], read: Callable[[str], tuple[list[str], str] | None]) -> None:
    """Entries start at the body's smallest indentation; deeper lines continue the current one."""
    filled = [line for line in body if line.strip()]
    if not filled:
        return
    base = min(_indent(line) for line in filled)
    names: list[str] = []
    for line in filled:
        if _indent(line) == base:
            entry = read(line.strip())
            names = entry[0] if entry else []
            for name in names:
                params[name] = entry[1].strip() if entry else ""
        else:
            for name in names:
                params[name] = f"{params[name]} {line.strip()}".strip()


def _rest_field(lines: list[str], index: int, params: dict[str, str]) -> int:
    match = _REST_FIELD.match(lines[index].strip())
    assert match is not None
    base = _indent(lines[index])
    end = index + 1
    text = [match["text"].strip()]
    while end < len(lines) and lines[end].strip() and _indent(lines[end]) > base:
        text.append(lines[end].strip())
        end += 1
    words = match["words"].split()
    if match["kind"].lower() in _REST_PARAM_KINDS and words:
        params[words[-1].lstrip("*")] = " ".join(part for part in text if part)
    return end


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
            hint = _FORMAT_HINTS.get(result.pop("format"), "")
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
        if tp is None or tp is _NONE_TYPE:
            return {"type": "null"}
        origin = get_origin(tp)
        if _is_union(origin):
            return self._union(get_args(tp), where)
        if origin is Literal:
            return self._literal(get_args(tp), where)
        if _is_class(tp):
            found = self._class(tp, where)
            if found is not None:
                return found
        base = origin or tp
        if base in _ARRAYS:
            return self._array(base, get_args(tp), where)
        if base in _MAPPINGS:
            return self._mapping(get_args(tp), where)
        raise self._unsupported(tp, where)

    def _class(self, tp: type, where: str) -> dict[str, Any] | None:
        if issubclass(tp, enum.Enum):
            return _enum_schema(tp)
        if tp in _SCALAR_SCHEMAS:
            return dict(_SCALAR_SCHEMAS[tp])
        if _is_pydantic_model(tp):
            return self._pydantic(tp, where)
        if _is_dataclass_type(tp) or _is_typeddict(tp):
            return self._object(tp, where)
        return None

    def _union(self, members: tuple[Any, ...], where: str) -> dict[str, Any]:
        schemas = [self.schema(member, where) for member in members if member is not _NONE_TYPE]
        if len(schemas) < len(members) and not self.for_tools:
            schemas.append({"type": "null"})
        return schemas[0] if len(schemas) == 1 else {"anyOf": schemas}

    def _literal(self, values: tuple[Any, ...], where: str) -> dict[str, Any]:
        plain = [value.value if isinstance(value, enum.Enum) else value for value in values]
        if not all(_is_json_scalar(value) for value in plain):
            raise RequestError(
                f"cannot describe {where}: Literal values must be str, int, float, bool, None or Enum members, "
                f"got {values!r}",
                argument=self.argument,
            )
        return {**_json_type(plain), "enum": plain}

    def _array(self, base: Any, args: tuple[Any, ...], where: str) -> dict[str, Any]:
        result: dict[str, Any] = {"type": "array"}
        if _is_fixed_tuple(base, args):
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
        description = _class_description(tp)
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


def _is_json_scalar(value: Any) -> bool:
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


def _enum_values(tp: type[enum.Enum]) -> list[Any]:
    """Member values when they are JSON scalars, else member names (both are accepted back)."""
    values = [member.value for member in tp]
    return values if all(_is_json_scalar(value) for value in values) else [member.name for member in tp]


def _enum_schema(tp: type[enum.Enum]) -> dict[str, Any]:
    values = _enum_values(tp)
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


# -- checking and converting values -------------------------------------------------------------
Path = tuple[str | int, ...]


@dataclasses.dataclass(frozen=True)
class Issue:
    """One thing wrong with a value.

    Attributes:
        path: Where, from the root: keys and list indexes.
        message: What, e.g. ``expected an integer, got the string 'abc'``.
    """

    path: Path
    message: str

    def __str__(self) -> str:
        return f"{format_path(self.path)}: {self.message}" if self.path else self.message


def format_path(path: Path) -> str:
    """``("items", 0, "name")`` as ``items[0].name``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part.isidentifier():
            text += f".{part}" if text else part
        else:
            text += f"[{json.dumps(part, ensure_ascii=False)}]"
    return text


class ConversionError(ValueError):
    """A value did not match its type; ``issues`` lists every problem found.

    Attributes:
        issues: The problems, each with the path to the offending value.
    """

    def __init__(self, issues: Sequence[Issue]) -> None:
        """Collect issues (at least one)."""
        self.issues = tuple(issues)
        super().__init__(self.summary())

    def summary(self, limit: int = 5) -> str:
        """The issues joined with ``; `` (at most ``limit`` of them)."""
        shown = "; ".join(str(issue) for issue in self.issues[:limit])
        hidden = len(self.issues) - limit
        return f"{shown}; and {hidden} more" if hidden > 0 else shown

    @property
    def first_path(self) -> str:
        """The path of the first issue, as text (``""`` for the root)."""
        return format_path(self.issues[0].path) if self.issues else ""


def describe_value(value: Any) -> str:
    """A short description of a JSON value, e.g. ``the string 'abc'`` or ``an array``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        preview = value if len(value) <= 40 else value[:37] + "..."
        return f"the string {preview!r}"
    if isinstance(value, (list, tuple)):
        return f"an array of {len(value)} item{'s' if len(value) != 1 else ''}"
    if isinstance(value, Mapping):
        return "an object"
    return f"a {type(value).__name__}"


def _expected_phrase(tp: Any) -> str:
    """``an integer``, ``an object (Person)``, ``one of "a", "b"``: what a value of ``tp`` looks like."""
    tp, _ = unwrap(tp)
    origin = get_origin(tp)
    if _is_union(origin):
        return " or ".join(_expected_phrase(member) for member in get_args(tp))
    if origin is Literal:
        return _one_of([value.value if isinstance(value, enum.Enum) else value for value in get_args(tp)])
    if tp is None or tp is _NONE_TYPE:
        return "null"
    if _is_class(tp) and issubclass(tp, enum.Enum):
        return _one_of(_enum_values(tp))
    phrases = {str: "a string", int: "an integer", float: "a number", bool: "a boolean (true or false)"}
    if tp in phrases:
        return phrases[tp]
    if tp in _FORMAT_HINTS_BY_TYPE:
        return f"a string with {_FORMAT_HINTS_BY_TYPE[tp]}"
    if (origin or tp) in _ARRAYS:
        return "an array"
    if (origin or tp) in _MAPPINGS:
        return "an object"
    return f"an object ({type_name(tp)})" if _is_class(tp) else f"a {type_name(tp)}"


_FORMAT_HINTS_BY_TYPE: dict[Any, str] = {
    datetime: "an " + _FORMAT_HINTS["date-time"],
    date: "an " + _FORMAT_HINTS["date"],
    time: "an " + _FORMAT_HINTS["time"],
    uuid.UUID: _FORMAT_HINTS["uuid"],
}


def _mismatch(expected: str, value: Any, path: Path) -> ConversionError:
    return ConversionError([Issue(path, f"expected {expected}, got {describe_value(value)}")])


def _one_of(values: Sequence[Any]) -> str:
    return "one of " + ", ".join(json.dumps(value, ensure_ascii=False, default=str) for value in values)


def _same_json_value(a: Any, b: Any) -> bool:
    """Equal, and not merely because ``True == 1``."""
    return bool(a == b) and isinstance(a, bool) == isinstance(b, bool)


class Converter:
    """Checks a JSON value against a type hint and converts it (dict → dataclass, str → Enum...).

    Conversions made when the meaning is unambiguous (``coerce=True``): numeric strings to numbers,
    ``"true"``/``"false"`` to booleans, numbers to strings, integral floats (``3.0``) to ``int``, an
    Enum member's name to the member, and JSON text holding an array or object to that array or
    object (small models sometimes quote them). ``int`` is accepted where ``float`` is expected.
    Unions try every member without these conversions first, so ``int | str`` keeps ``"3"`` a string.
    """

    def __init__(self, *, forbid_extra: bool, coerce: bool = True) -> None:
        """Set the rules.

        Args:
            forbid_extra: Report keys an object does not declare (else they are dropped).
            coerce: Make the conversions listed in the class docstring.
        """
        self.forbid_extra = forbid_extra
        self.coerce = coerce

    def convert(self, tp: Any, value: Any, path: Path = ()) -> Any:
        """``value`` as a ``tp``.

        Raises:
            ConversionError: It does not match; every problem found is listed with its path.
        """
        tp, _ = unwrap(tp)
        if tp is Any or tp is object:
            return value
        if tp is None:
            tp = _NONE_TYPE
        origin = get_origin(tp)
        if _is_union(origin):
            return self._union(get_args(tp), value, path)
        if origin is Literal:
            return self._literal(get_args(tp), value, path)
        if _is_class(tp):
            return self._class(tp, value, path)
        base = origin or tp
        if base in _ARRAYS:
            return self._array(base, get_args(tp), value, path)
        if base in _MAPPINGS:
            return self._mapping(get_args(tp), value, path)
        raise ConversionError([Issue(path, f"cannot check a value against the type {type_name(tp)}")])

    def fields(self, fields: Sequence[FieldSpec], value: Mapping[str, Any], path: Path, noun: str) -> dict[str, Any]:
        """The converted members of an object (missing ones with defaults left out).

        A missing ``Optional`` member without a default becomes None (an ``Any`` one is required); ``null`` for a member that
        has a default but does not accept None is treated as missing.

        Args:
            fields: What the object declares.
            value: The JSON object.
            path: Where the object is.
            noun: ``"field"`` or ``"argument"``, for messages.

        Raises:
            ConversionError: Missing, unexpected or mismatched members (all of them).
        """
        issues: list[Issue] = []
        result: dict[str, Any] = {}
        for field in fields:
            item = value.get(field.name)
            if field.name not in value or (item is None and field.has_default and not accepts_none(field.type)):
                if not field.has_default:
                    if is_optional(field.type):
                        result[field.name] = None
                    else:
                        issues.append(Issue((*path, field.name), f"missing required {noun}"))
                continue
            try:
                result[field.name] = self.convert(field.type, item, (*path, field.name))
            except ConversionError as error:
                issues.extend(error.issues)
        if self.forbid_extra:
            issues.extend(self._unexpected(fields, value, path, noun))
        if issues:
            raise ConversionError(issues)
        return result

    @staticmethod
    def _unexpected(fields: Sequence[FieldSpec], value: Mapping[str, Any], path: Path, noun: str) -> list[Issue]:
        known = [field.name for field in fields]
        expected = f"expected {', '.join(known)}" if known else f"no {noun}s are expected"
        return [Issue((*path, str(key)), f"unexpected {noun} ({expected})") for key in value if key not in known]

    @staticmethod
    def _fail(tp: Any, value: Any, path: Path) -> ConversionError:
        return _mismatch(_expected_phrase(tp), value, path)

    # -- by kind of type -------------------------------------------------------------------------
    def _class(self, tp: type, value: Any, path: Path) -> Any:
        if tp is _NONE_TYPE:
            if value is None:
                return None
            raise self._fail(tp, value, path)
        if issubclass(tp, enum.Enum):
            return self._enum(tp, value, path)
        scalar = _SCALAR_CONVERTERS.get(tp)
        if scalar is not None:
            converted = scalar(value, self.coerce)
            if converted is _NO_MATCH:
                raise self._fail(tp, value, path)
            return converted
        if _is_typeddict(tp):  # no isinstance() with TypedDicts
            return self._object(tp, value, path)
        if isinstance(value, tp):
            return value
        if _is_pydantic_model(tp):
            return self._pydantic(tp, value, path)
        if _is_dataclass_type(tp):
            return self._object(tp, value, path)
        raise _mismatch(f"a {type_name(tp)}", value, path)

    def _union(self, members: tuple[Any, ...], value: Any, path: Path) -> Any:
        if value is None and any(accepts_none(member) for member in members):
            return None
        candidates = [member for member in members if member is not _NONE_TYPE]
        last: ConversionError | None = None
        for converter in (Converter(forbid_extra=self.forbid_extra, coerce=False), self):
            for member in candidates:
                try:
                    return converter.convert(member, value, path)
                except ConversionError as error:
                    last = error
            if not self.coerce:
                break
        if len(candidates) == 1 and last is not None:
            raise last  # Optional[T]: T's own, more precise, message
        raise _mismatch(" or ".join(_expected_phrase(member) for member in members), value, path)

    def _literal(self, options: tuple[Any, ...], value: Any, path: Path) -> Any:
        for option in options:
            plain = option.value if isinstance(option, enum.Enum) else option
            if _same_json_value(plain, value) or (
                self.coerce and isinstance(value, str) and not isinstance(plain, str) and value == json.dumps(plain)
            ):
                return option
        raise _mismatch(
            _one_of([option.value if isinstance(option, enum.Enum) else option for option in options]), value, path
        )

    def _enum(self, tp: type[enum.Enum], value: Any, path: Path) -> Any:
        if isinstance(value, tp):
            return value
        for member in tp:
            if _same_json_value(member.value, value):
                return member
        if self.coerce and isinstance(value, str):
            if value in tp.__members__:
                return tp.__members__[value]
            for member in tp:
                if (
                    not isinstance(member.value, str)
                    and _is_json_scalar(member.value)
                    and value == json.dumps(member.value)
                ):
                    return member
        raise self._fail(tp, value, path)

    def _container(self, value: Any, kind: type) -> Any:
        """JSON text holding an array/object, decoded when coercing; otherwise ``value``."""
        if self.coerce and isinstance(value, str) and value.strip()[:1] in ("[", "{"):
            try:
                decoded = json.loads(value)
            except ValueError:
                return value
            return decoded if isinstance(decoded, kind) else value
        return value

    def _array(self, base: Any, args: tuple[Any, ...], value: Any, path: Path) -> Any:
        value = self._container(value, list)
        if not isinstance(value, (list, tuple)):
            raise ConversionError([Issue(path, f"expected an array, got {describe_value(value)}")])
        if _is_fixed_tuple(base, args):
            if len(value) != len(args):
                raise ConversionError([Issue(path, f"expected an array of {len(args)} items, got {len(value)}")])
            item_types = list(args)
        else:
            item_types = [args[0] if args else Any] * len(value)
        items = self._each(zip(range(len(value)), item_types, value, strict=True), path)
        if base in _SETS:
            try:
                return frozenset(items) if base is frozenset else set(items)
            except TypeError as error:
                raise ConversionError([Issue(path, f"items cannot be put in a set: {error}")]) from error
        return tuple(items) if base is tuple else items

    def _each(self, entries: Iterable[tuple[str | int, Any, Any]], path: Path) -> list[Any]:
        issues: list[Issue] = []
        items: list[Any] = []
        for key, tp, item in entries:
            try:
                items.append(self.convert(tp, item, (*path, key)))
            except ConversionError as error:
                issues.extend(error.issues)
        if issues:
            raise ConversionError(issues)
        return items

    def _mapping(self, args: tuple[Any, ...], value: Any, path: Path) -> Any:
        value = self._container(value, dict)
        if not isinstance(value, Mapping):
            raise ConversionError([Issue(path, f"expected an object, got {describe_value(value)}")])
        key_type, value_type = args if len(args) == 2 else (Any, Any)
        keys = self._each(((str(key), key_type, key) for key in value), path)
        values = self._each(((str(key), value_type, item) for key, item in value.items()), path)
        return dict(zip(keys, values, strict=True))

    def _object(self, tp: type, value: Any, path: Path) -> Any:
        value = self._container(value, dict)
        if not isinstance(value, Mapping):
            raise self._fail(tp, value, path)
        members = self.fields(object_fields(tp), value, path, "field")
        if _is_typeddict(tp):
            return members
        try:
            return tp(**members)
        except Exception as error:  # __post_init__ checks, a custom __init__
            raise ConversionError([Issue(path, f"invalid {type_name(tp)}: {error}")]) from error

    def _pydantic(self, tp: type, value: Any, path: Path) -> Any:
        value = self._container(value, dict)
        validate = getattr(tp, "model_validate", None) or tp.parse_obj  # type: ignore[attr-defined]
        try:
            return validate(value)
        except Exception as error:  # pydantic.ValidationError, without importing pydantic
            raise ConversionError(_pydantic_issues(error, path)) from error


def _pydantic_issues(error: Exception, path: Path) -> list[Issue]:
    errors = getattr(error, "errors", None)
    try:
        details = errors() if callable(errors) else None
    except Exception:
        details = None
    if not details:
        return [Issue(path, str(error))]
    return [
        Issue((*path, *tuple(detail.get("loc") or ())), str(detail.get("msg") or "invalid value")) for detail in details
    ]


class _NoMatch:
    """Marker: the value does not convert."""


_NO_MATCH: Any = _NoMatch()


def _to_str(value: Any, coerce: bool) -> Any:
    if isinstance(value, str):
        return value
    if coerce and isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return _NO_MATCH


def _to_int(value: Any, coerce: bool) -> Any:
    if isinstance(value, bool):
        return _NO_MATCH
    if isinstance(value, int):
        return value
    if coerce and isinstance(value, float) and value.is_integer():
        return int(value)
    if coerce and isinstance(value, str) and _INTEGER.match(value):
        return int(value)
    return _NO_MATCH


def _to_float(value: Any, coerce: bool) -> Any:
    if isinstance(value, bool):
        return _NO_MATCH
    if isinstance(value, (int, float)):
        return float(value)
    if coerce and isinstance(value, str) and _NUMBER.match(value):
        number = float(value)
        return number if math.isfinite(number) else _NO_MATCH
    return _NO_MATCH


def _to_bool(value: Any, coerce: bool) -> Any:
    if isinstance(value, bool):
        return value
    if coerce and isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return _NO_MATCH


def _to_datetime(value: Any, coerce: bool) -> Any:
    if isinstance(value, datetime):
        return value
    parsed = parse_timestamp(value) if isinstance(value, str) else None
    return parsed if isinstance(parsed, datetime) else _NO_MATCH


def _from_text(parse: Callable[[str], Any], kind: type) -> Callable[[Any, bool], Any]:
    def convert(value: Any, coerce: bool) -> Any:
        if isinstance(value, kind) and not (kind is date and isinstance(value, datetime)):
            return value
        if not isinstance(value, str):
            return _NO_MATCH
        try:
            return parse(value.strip())
        except ValueError:
            return _NO_MATCH

    return convert


_SCALAR_CONVERTERS: dict[Any, Callable[[Any, bool], Any]] = {
    str: _to_str,
    int: _to_int,
    float: _to_float,
    bool: _to_bool,
    datetime: _to_datetime,
    date: _from_text(date.fromisoformat, date),
    time: _from_text(time.fromisoformat, time),
    uuid.UUID: _from_text(uuid.UUID, uuid.UUID),
}


def convert(tp: Any, value: Any, *, forbid_extra: bool) -> Any:
    """``value`` converted to ``tp`` with a coercing ``Converter``.

    Raises:
        ConversionError: It does not match.
    """
    return Converter(forbid_extra=forbid_extra).convert(tp, value)


def convert_fields(
    fields: Sequence[FieldSpec], value: Mapping[str, Any], *, forbid_extra: bool, noun: str = "field"
) -> dict[str, Any]:
    """The members of a JSON object converted to their declared types (see ``Converter.fields``).

    Raises:
        ConversionError: Missing, unexpected or mismatched members.
    """
    return Converter(forbid_extra=forbid_extra).fields(fields, value, (), noun)
