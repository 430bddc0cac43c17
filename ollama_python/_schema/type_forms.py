"""Type forms: what an annotation means (unions, optionals, containers, object fields)."""

from __future__ import annotations

import collections.abc as abc
import dataclasses
import sys
import types
import typing
from collections.abc import Iterable
from typing import Any, Literal, TypeGuard, Union, get_args, get_origin

from ..errors import RequestError
from .docstrings import parse_docstring

NONE_TYPE = type(None)
_QUALIFIERS = frozenset({"Required", "NotRequired", "ReadOnly", "Final", "ClassVar"})
ARRAYS: frozenset[Any] = frozenset(
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
SETS: frozenset[Any] = frozenset({set, frozenset, abc.Set, abc.MutableSet})
MAPPINGS: frozenset[Any] = frozenset({dict, abc.Mapping, abc.MutableMapping})


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
    if tp is Any or tp is object or tp is None or tp is NONE_TYPE:
        return True
    if is_union(get_origin(tp)):
        return any(accepts_none(member) for member in get_args(tp))
    return get_origin(tp) is Literal and None in get_args(tp)


def is_optional(tp: Any) -> bool:
    """Whether ``tp`` explicitly allows None (``Optional[T]``, ``T | None``), unlike ``Any``.

    Such a field is not required in tool schemas, and a missing one without a default is None.
    """
    tp, _ = unwrap(tp)
    if tp is None or tp is NONE_TYPE:
        return True
    if is_union(get_origin(tp)):
        return any(is_optional(member) for member in get_args(tp))
    return get_origin(tp) is Literal and None in get_args(tp)


def is_union(origin: Any) -> bool:
    return origin is Union or origin is types.UnionType


def is_class(tp: Any) -> TypeGuard[type]:
    """A plain class; not ``list[int]``, which Python 3.10 also reports as a ``type``."""
    return isinstance(tp, type) and get_origin(tp) is None


def is_typeddict(tp: Any) -> bool:
    return is_class(tp) and issubclass(tp, dict) and hasattr(tp, "__required_keys__")


def is_dataclass_type(tp: Any) -> bool:
    return is_class(tp) and dataclasses.is_dataclass(tp)


def is_pydantic_model(tp: Any) -> bool:
    """True for pydantic models; pydantic is never imported here (a model implies it is loaded)."""
    pydantic = sys.modules.get("pydantic")
    base = getattr(pydantic, "BaseModel", None)
    return is_class(tp) and isinstance(base, type) and issubclass(tp, base) and tp is not base


def is_fixed_tuple(base: Any, args: tuple[Any, ...]) -> bool:
    return base is tuple and bool(args) and not (len(args) == 2 and args[1] is Ellipsis)


def type_name(tp: Any) -> str:
    """A short readable name for a type hint, for messages (``list[int]``, ``Person``)."""
    if is_class(tp):
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
    if is_typeddict(tp):
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
    if not isinstance(doc, str) or (is_dataclass_type(tp) and doc.startswith(f"{tp.__name__}(")):
        return None
    return doc


def class_description(tp: type) -> str | None:
    return parse_docstring(_own_docstring(tp)).description or None
