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

from ..errors import MissingFieldError

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

    decode: dict[str, tuple[str, _Converter | None]]  # wire key -> (attribute, converter)
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
        plan = (cls._schemas.get(cls) or cls._schema()).decode
        kwargs: dict[str, Any] = {}
        extra: dict[str, Any] | None = None
        for key, value in data.items():
            entry = plan.get(key)
            if entry is None:
                if extra is None:
                    extra = {}
                extra[key] = value
            elif value is not None:  # null (older servers: "models": null) keeps the default
                name, convert = entry
                kwargs[name] = value if convert is None else convert(value)
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
    decode: dict[str, tuple[str, _Converter | None]] = {}
    encode: list[tuple[str, str, _Converter | None]] = []
    lookup: dict[str, str] = {}
    for field in dataclasses.fields(cls):
        if field.metadata.get("ollama_python", {}).get("local"):
            continue
        options = field.metadata.get("dataclasses_json", {})
        wire_name = options["letter_case"](field.name) if "letter_case" in options else field.name
        decode[wire_name] = (field.name, options.get("decoder") or _converter_for(hints[field.name]))
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


def _strip_optional(hint: Any) -> Any:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        remaining = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        if len(remaining) == 1:
            return remaining[0]
    return hint
