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

from .conversion import ConversionError, Converter, Issue, convert, convert_fields
from .docstrings import Docstring, parse_docstring
from .schema_writer import SchemaWriter, json_schema
from .type_forms import FieldSpec, accepts_none, is_optional, object_fields, type_hints, type_name, unwrap

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
