"""Value conversion: JSON values checked against a type and converted into it."""

from __future__ import annotations

import dataclasses
import enum
import json
import math
import re
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, time
from typing import Any, Literal, get_args, get_origin

from .. import _json
from ..types._model import parse_timestamp
from .schema_writer import FORMAT_HINTS, enum_values, is_json_scalar
from .type_forms import (
    ARRAYS,
    MAPPINGS,
    NONE_TYPE,
    SETS,
    FieldSpec,
    accepts_none,
    is_class,
    is_dataclass_type,
    is_fixed_tuple,
    is_optional,
    is_pydantic_model,
    is_typeddict,
    is_union,
    object_fields,
    type_name,
    unwrap,
)

_INTEGER = re.compile(r"^\s*[-+]?\d+\s*$")
_NUMBER = re.compile(r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$")


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
    if is_union(origin):
        return " or ".join(_expected_phrase(member) for member in get_args(tp))
    if origin is Literal:
        return _one_of([value.value if isinstance(value, enum.Enum) else value for value in get_args(tp)])
    if tp is None or tp is NONE_TYPE:
        return "null"
    if is_class(tp) and issubclass(tp, enum.Enum):
        return _one_of(enum_values(tp))
    phrases = {str: "a string", int: "an integer", float: "a number", bool: "a boolean (true or false)"}
    if tp in phrases:
        return phrases[tp]
    if tp in _FORMAT_HINTS_BY_TYPE:
        return f"a string with {_FORMAT_HINTS_BY_TYPE[tp]}"
    if (origin or tp) in ARRAYS:
        return "an array"
    if (origin or tp) in MAPPINGS:
        return "an object"
    return f"an object ({type_name(tp)})" if is_class(tp) else f"a {type_name(tp)}"


_FORMAT_HINTS_BY_TYPE: dict[Any, str] = {
    datetime: "an " + FORMAT_HINTS["date-time"],
    date: "an " + FORMAT_HINTS["date"],
    time: "an " + FORMAT_HINTS["time"],
    uuid.UUID: FORMAT_HINTS["uuid"],
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
            tp = NONE_TYPE
        origin = get_origin(tp)
        if is_union(origin):
            return self._union(get_args(tp), value, path)
        if origin is Literal:
            return self._literal(get_args(tp), value, path)
        if is_class(tp):
            return self._class(tp, value, path)
        base = origin or tp
        if base in ARRAYS:
            return self._array(base, get_args(tp), value, path)
        if base in MAPPINGS:
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
        if tp is NONE_TYPE:
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
        if is_typeddict(tp):  # no isinstance() with TypedDicts
            return self._object(tp, value, path)
        if isinstance(value, tp):
            return value
        if is_pydantic_model(tp):
            return self._pydantic(tp, value, path)
        if is_dataclass_type(tp):
            return self._object(tp, value, path)
        raise _mismatch(f"a {type_name(tp)}", value, path)

    def _union(self, members: tuple[Any, ...], value: Any, path: Path) -> Any:
        if value is None and any(accepts_none(member) for member in members):
            return None
        candidates = [member for member in members if member is not NONE_TYPE]
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
                    and is_json_scalar(member.value)
                    and value == json.dumps(member.value)
                ):
                    return member
        raise self._fail(tp, value, path)

    def _container(self, value: Any, kind: type) -> Any:
        """JSON text holding an array/object, decoded when coercing; otherwise ``value``."""
        if self.coerce and isinstance(value, str) and value.strip()[:1] in ("[", "{"):
            try:
                decoded = _json.loads(value)  # ValueError also for nesting too deep
            except ValueError:
                return value
            return decoded if isinstance(decoded, kind) else value
        return value

    def _array(self, base: Any, args: tuple[Any, ...], value: Any, path: Path) -> Any:
        value = self._container(value, list)
        if not isinstance(value, (list, tuple)):
            raise ConversionError([Issue(path, f"expected an array, got {describe_value(value)}")])
        if is_fixed_tuple(base, args):
            if len(value) != len(args):
                raise ConversionError([Issue(path, f"expected an array of {len(args)} items, got {len(value)}")])
            item_types = list(args)
        else:
            item_types = [args[0] if args else Any] * len(value)
        items = self._each(zip(range(len(value)), item_types, value, strict=True), path)
        if base in SETS:
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
        if is_typeddict(tp):
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
