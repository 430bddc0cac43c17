"""``WireModel``: the base of every request and response dataclass.

Fields are configured the way dataclasses-json reads them (``metadata={"dataclasses_json": ...}``:
names on the wire, per-field decoders and encoders), and dataclasses-json supplies
``to_json``/``from_json``/``schema`` for users. Its generic decoder costs about 100 us per object,
far too slow for a stream of thousands of chunks, so this module compiles the same field
configuration, once per class, into a ``_Schema`` (wire key -> attribute and converter) that
``WireModel.from_wire`` walks in about a microsecond. dataclasses-json itself (with marshmallow,
about 40 ms) is imported only when one of its methods is first called, not by ``import ollama_python``.

Unknown keys from newer servers land in ``extra`` and stay reachable (``r.extra["k"]``,
``r["k"]``) and are sent back by ``to_wire``; nothing the server sends is dropped.
"""

import dataclasses
import json
import re
import types
import typing
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any, ClassVar, TypeVar

from ..errors import MissingFieldError, bounded_repr

__all__ = [
    "WireModel",
    "extra_field",
    "format_timestamp",
    "local_field",
    "parse_timestamp",
    "timestamp_field",
    "wire_name",
]

_M = TypeVar("_M", bound="WireModel")
_Converter = Callable[[Any], Any]
_Kinds = tuple[type, ...]
_Entry = tuple[str, _Converter | None, _Kinds | None, Callable[[Any], None] | None]


class FieldTypeError(TypeError):
    """A field of a reply holds a value of the wrong JSON type (``"done": "yes"``, ``"embeddings": "x"``).

    Raised by ``from_wire``/``from_dict``; a reply read from a server turns it into an
    ``InvalidResponseError`` that names the field. ``path`` is the field's dotted wire name.
    """

    def __init__(self, path: str, value: Any, expected: str) -> None:
        self.path = path
        self.value = value
        self.expected = expected
        super().__init__(self._text())

    def _text(self) -> str:
        shown = bounded_repr(self.value, 60)
        where = f"field {self.path!r}" if self.path else "the value"
        return f"{where} holds {shown} ({_kind_name(type(self.value))}) where {self.expected} was expected"

    def under(self, key: str) -> "FieldTypeError":
        """The same error one level up: ``key`` prefixed to the path."""
        self.path = f"{key}.{self.path}" if self.path else key
        self.args = (self._text(),)
        return self


_FRACTION = re.compile(r"\.(\d+)")


def parse_timestamp(value: Any) -> Any:
    """Parse RFC 3339 text with up to nine fractional digits and ``Z`` or an offset.

    A value that is not a parsable string is returned unchanged: a surprising timestamp from a
    newer server must not make the whole response unreadable.
    """
    if not isinstance(value, str):
        return value
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        pass
    # Python < 3.11 accepts neither "Z" nor fractions of other than 3 or 6 digits.
    normalised = _FRACTION.sub(lambda m: "." + m.group(1)[:6].ljust(6, "0"), re.sub(r"[Zz]$", "+00:00", value), 1)
    try:
        return datetime.fromisoformat(normalised)
    except ValueError:
        return value


def format_timestamp(value: Any) -> Any:
    """RFC 3339 text for a datetime (UTC written as ``Z``); other values pass through."""
    if not isinstance(value, datetime):
        return value
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def timestamp_field() -> Any:
    """A ``datetime | None`` field read from RFC 3339 text."""
    return dataclasses.field(
        default=None, metadata={"dataclasses_json": {"decoder": parse_timestamp, "encoder": format_timestamp}}
    )


def wire_name(name: str) -> dict[str, Any]:
    """Field metadata for a wire name that is not the attribute's (``dataclasses_json.config(field_name=...)``)."""
    return {"dataclasses_json": {"letter_case": lambda _: name}}


def _always(_: Any) -> bool:
    return True


_LOCAL = {"dataclasses_json": {"exclude": _always}, "ollama_python": {"local": True}}


def extra_field() -> Any:
    """The ``extra`` field that keeps unknown keys (never sent, never read as a wire key)."""
    return dataclasses.field(default_factory=dict, kw_only=True, repr=False, metadata=_LOCAL)


def local_field() -> Any:
    """A field the SDK fills in on this side (like ``parsed``): not part of the wire format."""
    return dataclasses.field(default=None, kw_only=True, compare=False, metadata=_LOCAL)


@dataclasses.dataclass(frozen=True)
class _Schema:
    """What a class needs for the wire, computed once from its fields and type hints."""

    decode: dict[str, _Entry]  # wire key -> (attribute, converter, JSON kinds accepted, items check)
    encode: tuple[tuple[str, str, _Converter | None], ...]  # (attribute, wire key, encoder)
    lookup: dict[str, str]  # wire key, attribute name or read-only property -> attribute


def _mixin() -> Any:
    """dataclasses-json's mixin, imported on first use; ``WireModel`` registered as its subclass
    (so its schemas nest our classes)."""
    from dataclasses_json import DataClassJsonMixin

    DataClassJsonMixin.register(WireModel)
    return DataClassJsonMixin


@dataclasses.dataclass(repr=False)
class WireModel:
    """Base class of the SDK's dataclasses.

    Besides attributes, every instance reads like the official client's models:
    ``r["message"]["content"]``, ``"thinking" in r``, ``r.get("done_reason")``, ``dict(r)``.
    A key is "in" a model when its value is not None, or when it is an unknown key the server sent.

    Attributes:
        extra: Keys the server sent that this version of the SDK does not know (keyword-only).
    """

    extra: dict[str, Any] = extra_field()
    _schemas: ClassVar[dict[type, _Schema]] = {}

    @classmethod
    def _schema(cls) -> _Schema:
        schema = cls._schemas.get(cls)
        if schema is None:
            schema = cls._schemas[cls] = _compile(cls)
        return schema

    # -- decoding and encoding -------------------------------------------------------------
    @classmethod
    def from_wire(cls: type[_M], data: dict[str, Any]) -> _M:
        """Build an instance from a decoded JSON object; unknown keys go to ``extra``."""
        if type(data) is not dict and not isinstance(data, dict):
            raise FieldTypeError("", data, "an object")
        plan = (cls._schemas.get(cls) or cls._schema()).decode
        kwargs: dict[str, Any] = {}
        extra: dict[str, Any] | None = None
        key = ""
        try:
            for key, value in data.items():
                entry = plan.get(key)
                if entry is None:
                    if extra is None:
                        extra = {}
                    extra[key] = value
                elif value is not None:  # null (older servers: "models": null) keeps the default
                    name, convert, kinds, items = entry
                    # A value of the wrong JSON type would be a silent wrong answer ("done": "yes" is truthy).
                    if kinds is not None and type(value) not in kinds:
                        _check_kind(value, kinds)
                    if items is not None:
                        items(value)
                    kwargs[name] = value if convert is None else convert(value)
        except FieldTypeError as error:
            raise error.under(key) from None
        if extra is not None:
            kwargs["extra"] = extra
        return cls(**kwargs)

    def to_json(
        self,
        *,
        skipkeys: bool = False,
        ensure_ascii: bool = True,
        check_circular: bool = True,
        allow_nan: bool = True,
        indent: int | str | None = None,
        separators: tuple[str, str] | None = None,
        default: Callable[[Any], Any] | None = None,
        sort_keys: bool = False,
        **kw: Any,
    ) -> str:
        """JSON text of ``to_dict()`` (dataclasses-json's ``to_json``; the options are ``json.dumps``'s)."""
        options: dict[str, Any] = {"skipkeys": skipkeys, "ensure_ascii": ensure_ascii, "allow_nan": allow_nan}
        options.update(check_circular=check_circular, indent=indent, separators=separators, default=default)
        return _mixin().to_json(self, sort_keys=sort_keys, **options, **kw)  # type: ignore[no-any-return]

    @classmethod
    def from_json(
        cls: type[_M],
        s: str | bytes | bytearray,
        *,
        parse_float: Callable[[str], Any] | None = None,
        parse_int: Callable[[str], Any] | None = None,
        parse_constant: Callable[[str], Any] | None = None,
        infer_missing: bool = False,
        **kw: Any,
    ) -> _M:
        """An instance from JSON text (dataclasses-json's ``from_json``; the options are ``json.loads``'s)."""
        options = dict(parse_float=parse_float, parse_int=parse_int, parse_constant=parse_constant)
        return _mixin().from_json.__func__(cls, s, infer_missing=infer_missing, **options, **kw)  # type: ignore[no-any-return]

    @classmethod
    def schema(
        cls,
        *,
        infer_missing: bool = False,
        only: Any = None,
        exclude: Any = (),
        many: bool = False,
        context: Any = None,
        load_only: Any = (),
        dump_only: Any = (),
        partial: bool = False,
        unknown: Any = None,
    ) -> Any:
        """A marshmallow schema of this class (dataclasses-json's ``schema``)."""
        return _mixin().schema.__func__(
            cls,
            infer_missing=infer_missing,
            only=only,
            exclude=exclude,
            many=many,
            context=context,
            load_only=load_only,
            dump_only=dump_only,
            partial=partial,
            unknown=unknown,
        )

    @classmethod
    def from_dict(cls: type[_M], kvs: Any, *, infer_missing: bool = False) -> _M:
        """The same as ``from_wire``, under dataclasses-json's name (also used by ``from_json``)."""
        return cls.from_wire(kvs)

    def to_wire(self) -> dict[str, Any]:
        """The JSON object to send: unset (None) fields left out, unknown keys kept."""
        return self._encode(keep_none=False)

    def to_dict(self, encode_json: bool = False) -> dict[str, Any]:
        """What the server sent, by wire name: set fields plus unknown keys (``to_json`` uses it).

        Fields the server did not send are None and left out, so the output never shows a value
        nobody sent; ``model_dump()`` lists every field, None included.
        """
        return self._encode(keep_none=False)

    def model_dump(self, *, exclude_none: bool = False) -> dict[str, Any]:
        """Pydantic-style dump, for code written against the official client's models."""
        return self._encode(keep_none=not exclude_none)

    def model_dump_json(self, *, indent: int | None = None, exclude_none: bool = False) -> str:
        """Pydantic-style JSON text: the same as ``to_json()`` (``exclude_none`` leaves out unset fields)."""
        if not exclude_none:
            return self.to_json(indent=indent)
        from dataclasses_json.core import _ExtendedEncoder  # here: dataclasses-json loads on first use

        return json.dumps(self.model_dump(exclude_none=True), indent=indent, cls=_ExtendedEncoder)

    @classmethod
    def model_validate(cls: type[_M], obj: Any) -> _M:
        """Pydantic-style construction: the same as ``from_dict(obj)``; an instance is returned as is."""
        if isinstance(obj, cls):
            return obj
        if isinstance(obj, WireModel):
            obj = obj.to_dict()
        if not isinstance(obj, dict):
            raise TypeError(f"{cls.__name__}.model_validate() needs a dict, got {type(obj).__name__}")
        return cls.from_dict(obj)

    def _encode(self, keep_none: bool) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, wire_name, encoder in self._schema().encode:
            value = getattr(self, name)
            if value is None and not keep_none:
                continue
            out[wire_name] = encoder(value) if encoder else _encode_value(value, keep_none)
        out.update(self.extra)
        return out

    # -- dict-style access -----------------------------------------------------------------
    def __getitem__(self, key: str) -> Any:
        name = self._schema().lookup.get(key)
        if name is not None:
            return getattr(self, name)
        if key in self.extra:
            return self.extra[key]
        raise MissingFieldError(f"{type(self).__name__} has no field {key!r}")

    def __setitem__(self, key: str, value: Any) -> None:
        name = self._schema().lookup.get(key)
        if name is None:
            self.extra[key] = value
        elif isinstance(getattr(type(self), name, None), property):
            raise MissingFieldError(f"{type(self).__name__}.{name} is computed and cannot be set")
        else:
            setattr(self, name, value)

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        name = self._schema().lookup.get(key)
        if name is None:
            return key in self.extra
        return getattr(self, name) is not None

    def get(self, key: str, default: Any = None) -> Any:
        """The value for ``key``, or ``default`` when it is missing or None."""
        if key not in self:
            return default
        return self[key]

    def keys(self) -> list[str]:
        """Wire names of the fields that are set, then unknown keys (so ``dict(r)`` works)."""
        names = [wire for name, wire, _ in self._schema().encode if getattr(self, name) is not None]
        return names + list(self.extra)

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        """``(key, value)`` pairs of the set fields, the way pydantic models iterate."""
        return iter([(key, self[key]) for key in self.keys()])

    def __repr__(self) -> str:
        parts = [
            f"{field.name}={getattr(self, field.name)!r}"
            for field in dataclasses.fields(self)
            if field.repr and getattr(self, field.name) is not None
        ]
        if self.extra:
            parts.append(f"extra={self.extra!r}")
        return f"{type(self).__name__}({', '.join(parts)})"


def _compile(cls: type[WireModel]) -> _Schema:
    hints = typing.get_type_hints(cls)
    decode: dict[str, _Entry] = {}
    encode: list[tuple[str, str, _Converter | None]] = []
    lookup: dict[str, str] = {}
    for field in dataclasses.fields(cls):
        if field.metadata.get("ollama_python", {}).get("local"):
            continue
        options = field.metadata.get("dataclasses_json", {})
        wire_name = options["letter_case"](field.name) if "letter_case" in options else field.name
        decoder = options.get("decoder")
        kinds, items = (None, None) if decoder else (_kinds_for(hints[field.name]), _items_check(hints[field.name]))
        decode[wire_name] = (field.name, decoder or _converter_for(hints[field.name]), kinds, items)
        encode.append((field.name, wire_name, options.get("encoder")))
        lookup[wire_name] = lookup[field.name] = field.name
    for name in dir(cls):  # properties such as ShowResponse.modelinfo read like fields
        if isinstance(getattr(cls, name, None), property) and name not in lookup:
            lookup[name] = name
    return _Schema(decode, tuple(encode), lookup)


def _encode_value(value: Any, keep_none: bool) -> Any:
    if isinstance(value, WireModel):
        return value._encode(keep_none)
    if isinstance(value, (list, tuple)):
        return [_encode_value(item, keep_none) for item in value]
    if isinstance(value, dict):
        return {key: _encode_value(item, keep_none) for key, item in value.items()}
    return value


def _converter_for(hint: Any) -> _Converter | None:
    """How to turn a decoded JSON value into the field's type; None means "use it as is"."""
    hint = _strip_optional(hint)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    # On Python 3.10 list[X] passes isinstance(..., type), so look at plain classes only.
    if origin is None and isinstance(hint, type) and issubclass(hint, WireModel):
        return hint.from_wire
    item = _converter_for(args[-1]) if origin in (list, dict) and args else None
    if item is None:
        return None
    if origin is list:
        return lambda values: [None if value is None else item(value) for value in values]
    return lambda values: {key: None if value is None else item(value) for key, value in values.items()}


_NUMBER: _Kinds = (int, float)
_KIND_NAMES = {
    str: "a string",
    bool: "true or false",
    int: "a number",
    float: "a number",
    list: "an array",
    dict: "an object",
}


def _kind_name(kind: type) -> str:
    for known, name in _KIND_NAMES.items():
        if issubclass(kind, known) and not (known is int and kind is bool):
            return name
    return "null" if kind is type(None) else kind.__name__


def _kinds_for(hint: Any) -> _Kinds | None:
    """The JSON kinds (Python types after decoding) a field of type ``hint`` accepts; None: any.

    Numbers are numbers: an integer field takes ``1.0`` and a float field takes ``1``.
    """
    options = [_strip_optional(arg) for arg in typing.get_args(hint)] if _is_union(hint) else [hint]
    kinds: list[type] = []
    for option in options:
        origin = typing.get_origin(option) or option
        if origin is type(None):
            continue
        if origin is bool:
            kinds.append(bool)
        elif origin in (int, float):
            kinds += _NUMBER
        elif origin is str:
            kinds.append(str)
        elif origin is list:
            kinds.append(list)
        elif origin is dict or (isinstance(origin, type) and issubclass(origin, WireModel)):
            kinds.append(dict)
        else:  # Any, datetime without its decoder, anything unusual: not checked
            return None
    return tuple(dict.fromkeys(kinds)) or None


def _check_kind(value: Any, kinds: _Kinds) -> None:
    """Raise ``FieldTypeError`` unless ``value`` is of one of ``kinds`` (a subclass, but not a bool as a number)."""
    if isinstance(value, kinds) and not (type(value) is bool and bool not in kinds):
        return
    names = " or ".join(dict.fromkeys(_kind_name(kind) for kind in kinds))
    raise FieldTypeError("", value, names)


def _items_check(hint: Any) -> Callable[[Any], None] | None:
    """For ``list[X]`` with X a plain kind (``list[float]``, ``list[list[float]]``): a check of the
    first item (and its first item), which catches a wrong shape without walking a large array.
    """
    hint = _strip_optional(hint)
    if typing.get_origin(hint) is not list or not typing.get_args(hint):
        return None
    item = typing.get_args(hint)[0]
    kinds = _kinds_for(item)
    if kinds is None or kinds == (dict,):  # objects are checked by their own from_wire
        return None
    inner = _items_check(item)

    def check(values: list[Any]) -> None:
        if values and values[0] is not None:
            first = values[0]
            if type(first) not in kinds:
                _check_kind(first, kinds)
            if inner is not None:
                inner(first)

    return check


def _is_union(hint: Any) -> bool:
    return typing.get_origin(hint) in (typing.Union, types.UnionType)


def _strip_optional(hint: Any) -> Any:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        remaining = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        if len(remaining) == 1:
            return remaining[0]
    return hint
