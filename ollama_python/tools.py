"""Plain Python functions as tools: their definitions, and running the calls a model asks for.

```python
def get_weather(city: str, unit: Literal["celsius", "fahrenheit"] = "celsius") -> str:
    \"\"\"Get the current weather in a city.

    Args:
        city: The city, e.g. "Toronto".
        unit: The temperature unit.
    \"\"\"
    ...

messages = [{"role": "user", "content": "What is the weather in Toronto?"}]
response = api.chat(messages, tools=[tool_definition(get_weather)])
messages.append(response.message)
messages.extend(run_tool_calls(response, [get_weather]))
response = api.chat(messages, tools=[tool_definition(get_weather)])
```

Parameter schemas come from type hints (see ``_schema`` for the supported types)
and descriptions from the docstring (Google, NumPy or reST style). A parameter without a type hint
takes the type of its default when that is a ``str``, ``int``, ``float`` or ``bool``, and is
otherwise "any value" (``{}`` in the schema, passed to the function unchanged).
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import inspect
import json
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time
from typing import Any

from . import _json
from ._schema import ConversionError, FieldSpec, SchemaWriter, convert_fields, parse_docstring, type_hints
from .errors import RequestError
from .types import ChatResponse, Message, Tool

__all__ = ["ToolCallsInput", "ToolFunctions", "arun_tool_calls", "run_tool_calls", "tool_definition"]

ToolCallsInput = ChatResponse | Message | Mapping[str, Any] | Iterable[Any] | None
"""A response, its message, or its ``tool_calls`` (``ToolCall`` objects or dicts)."""
ToolFunctions = Mapping[str, Callable[..., Any]] | Iterable[Any] | Callable[..., Any]
"""Functions as a list (tool dicts and ``Tool`` objects in it are skipped) or a ``{name: function}`` map."""

_UNANNOTATED_DEFAULT_TYPES = (str, int, float, bool)


@dataclasses.dataclass(frozen=True)
class _Spec:
    """What is needed to describe and call one function."""

    name: str
    function: Callable[..., Any]
    fields: tuple[FieldSpec, ...]
    positional: tuple[FieldSpec, ...]  # positional-only parameters, in order
    description: str


def tool_definition(
    fn: Callable[..., Any], *, name: str | None = None, description: str | None = None
) -> dict[str, Any]:
    """The tool definition (``tools=[...]`` entry) of a Python function.

    ``self``/``cls`` of bound methods, ``*args`` and ``**kwargs`` are left out. Parameters with a
    default, or whose type accepts None (``Optional[T]``, ``T | None``), are not required.

    Args:
        fn: A function, bound method, ``functools.partial`` or callable object.
        name: The tool's name; defaults to the function's ``__name__``.
        description: The tool's description; defaults to the docstring without its sections.

    Returns:
        ``{"type": "function", "function": {"name", "description", "parameters"}}``, where
        ``parameters`` is ``{"type": "object", "properties": {...}, "required": [...]}``
        (``description`` is left out when there is none).

    Raises:
        RequestError: A parameter's type cannot be described, or the function has no usable name.
    """
    spec = _spec(fn, name)
    writer = SchemaWriter(for_tools=True, argument="tools")
    function: dict[str, Any] = {"name": spec.name}
    text = spec.description if description is None else description
    if text:
        function["description"] = text
    function["parameters"] = writer.object_schema(spec.fields, f"{spec.name}()", noun="parameter")
    return {"type": "function", "function": function}


def run_tool_calls(tool_calls: ToolCallsInput, functions: ToolFunctions) -> list[dict[str, Any]]:
    """Run the calls a model asked for; the ``tool`` messages to append to the conversation.

    Arguments are checked and converted to the parameters' types first (``"3"`` → ``3``, text →
    Enum member, object → dataclass...). Nothing a model does raises: an unknown tool, invalid
    arguments or an exception inside the function become a message starting with ``error:`` that
    the model can read and act on. Coroutine functions are refused (use ``arun_tool_calls``).

    Args:
        tool_calls: A ``ChatResponse``, its ``Message``, or the ``tool_calls`` list (``ToolCall``
            objects or dicts); dict forms of the response and message work too. None: no calls.
        functions: The implementations: a list of functions (tool dicts or ``Tool`` objects in it
            are skipped, so the list given to ``tools=`` works), a ``{name: function}`` mapping,
            or one function.

    Returns:
        One message per call, in order: ``{"role": "tool", "content": ..., "tool_name": ...,
        "tool_call_id": ...}`` (``tool_call_id`` only when the call had an id). ``content`` is the
        function's result: a ``str`` as it is, anything else JSON-encoded (dataclasses and pydantic
        models as objects, enums as their values, dates as ISO text, other objects by ``str()``).

    Raises:
        RequestError: ``tool_calls`` or ``functions`` are not of a supported shape (a programming
            error, not something the model did).
    """
    registry = _registry(functions)
    messages = []
    for call in _calls(tool_calls):
        prepared = _prepare(call, registry)
        messages.append(prepared if isinstance(prepared, dict) else _run(prepared))
    return messages


async def arun_tool_calls(tool_calls: ToolCallsInput, functions: ToolFunctions) -> list[dict[str, Any]]:
    """``run_tool_calls`` for asyncio: coroutine functions are awaited, others called directly.

    Calls run one after another, in the order the model gave them.

    Args:
        tool_calls: As for ``run_tool_calls``.
        functions: As for ``run_tool_calls``; async and sync functions may be mixed.

    Returns:
        The ``tool`` messages, one per call, in order.

    Raises:
        RequestError: ``tool_calls`` or ``functions`` are not of a supported shape.
    """
    registry = _registry(functions)
    messages = []
    for call in _calls(tool_calls):
        prepared = _prepare(call, registry)
        messages.append(prepared if isinstance(prepared, dict) else await _arun(prepared))
    return messages


# -- describing functions ------------------------------------------------------------------------
def _spec(fn: Callable[..., Any], name: str | None = None) -> _Spec:
    if not callable(fn):
        raise RequestError(f"a tool function must be callable, got {type(fn).__name__}", argument="tools")
    tool_name = name or _function_name(fn)
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError) as error:
        raise RequestError(f"cannot read the signature of {tool_name}(): {error}", argument="tools") from error
    hints = type_hints(_hint_owner(fn), f"{tool_name}()", "tools")
    doc = parse_docstring(inspect.getdoc(fn))
    fields: list[FieldSpec] = []
    positional: list[FieldSpec] = []
    for index, parameter in enumerate(signature.parameters.values()):
        if _skipped(index, parameter):
            continue
        field = _parameter_field(parameter, hints, doc.params)
        fields.append(field)
        if parameter.kind is inspect.Parameter.POSITIONAL_ONLY:
            positional.append(field)
    return _Spec(tool_name, fn, tuple(fields), tuple(positional), doc.description)


def _function_name(fn: Callable[..., Any]) -> str:
    target = fn.func if isinstance(fn, functools.partial) else fn
    name = getattr(target, "__name__", None) or type(target).__name__
    if not name.isidentifier():
        raise RequestError(
            f"cannot use {name} as a tool name: define the function with def, or pass name=...", argument="tools"
        )
    return name


def _hint_owner(fn: Any) -> Any:
    """The object whose annotations describe ``fn``'s parameters."""
    while isinstance(fn, functools.partial):
        fn = fn.func
    if isinstance(fn, type):
        return fn.__init__  # type: ignore[misc]
    if not (inspect.isfunction(fn) or inspect.ismethod(fn) or inspect.isbuiltin(fn)):
        return type(fn).__call__
    return fn


def _skipped(index: int, parameter: inspect.Parameter) -> bool:
    if parameter.kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD):
        return True
    # An unbound method given by mistake: its receiver is not a tool parameter.
    return index == 0 and parameter.name in ("self", "cls") and parameter.annotation is inspect.Parameter.empty


def _parameter_field(parameter: inspect.Parameter, hints: Mapping[str, Any], docs: Mapping[str, str]) -> FieldSpec:
    has_default = parameter.default is not inspect.Parameter.empty
    default = parameter.default if has_default else None
    hint = hints.get(parameter.name)
    if hint is None:
        hint = type(default) if isinstance(default, _UNANNOTATED_DEFAULT_TYPES) else Any
    return FieldSpec(parameter.name, hint, has_default, docs.get(parameter.name), default)


# -- which calls, which functions ----------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class _Call:
    name: str
    arguments: Any
    id: str | None


@dataclasses.dataclass(frozen=True)
class _Prepared:
    call: _Call
    spec: _Spec
    args: tuple[Any, ...]
    kwargs: dict[str, Any]


def _registry(functions: ToolFunctions) -> dict[str, _Spec]:
    if isinstance(functions, Mapping):
        entries: list[tuple[str | None, Any]] = [(str(key), fn) for key, fn in functions.items()]
    elif callable(functions):
        entries = [(None, functions)]
    elif isinstance(functions, (str, bytes)) or not isinstance(functions, Iterable):
        raise RequestError(
            f"functions must be a list of functions or a {{name: function}} dict, got {type(functions).__name__}",
            argument="functions",
        )
    else:
        entries = [(None, fn) for fn in functions if not isinstance(fn, (Mapping, Tool))]
    registry: dict[str, _Spec] = {}
    for name, fn in entries:
        if not callable(fn):
            raise RequestError(f"functions must be callables, got {type(fn).__name__}", argument="functions")
        spec = _spec(fn, name)
        if spec.name in registry and registry[spec.name].function is not fn:
            raise RequestError(
                f"two functions are named {spec.name!r}; pass a {{name: function}} dict", argument="functions"
            )
        registry[spec.name] = spec
    return registry


def _calls(tool_calls: ToolCallsInput) -> list[_Call]:
    if tool_calls is None:
        return []
    if isinstance(tool_calls, ChatResponse):
        tool_calls = tool_calls.message
    if isinstance(tool_calls, Message):
        return [_read_call(item) for item in tool_calls.tool_calls or []]
    if isinstance(tool_calls, Mapping):
        if isinstance(tool_calls.get("message"), (Mapping, Message)):
            return _calls(tool_calls["message"])
        if "function" in tool_calls:
            return [_read_call(tool_calls)]
        return [_read_call(item) for item in tool_calls.get("tool_calls") or []]
    if isinstance(tool_calls, (str, bytes)) or not isinstance(tool_calls, Iterable):
        raise RequestError(
            f"tool_calls must be a response, a message or a list of tool calls, got {type(tool_calls).__name__}",
            argument="tool_calls",
        )
    return [_read_call(item) for item in tool_calls]


def _read_call(item: Any) -> _Call:
    """Name, arguments and id of a ``ToolCall`` (or any object shaped like one) or a dict."""
    if isinstance(item, Mapping):
        function = item.get("function")
        function = function if isinstance(function, Mapping) else item
        name, arguments, call_id = function.get("name"), function.get("arguments"), item.get("id")
    elif hasattr(item, "function"):
        function = item.function
        name, arguments = getattr(function, "name", None), getattr(function, "arguments", None)
        call_id = getattr(item, "id", None)
    else:
        raise RequestError(
            f"a tool call must be a ToolCall or a dict, got {type(item).__name__}", argument="tool_calls"
        )
    return _Call(str(name or ""), arguments, str(call_id) if call_id else None)


# -- running -------------------------------------------------------------------------------------
def _prepare(call: _Call, registry: Mapping[str, _Spec]) -> _Prepared | dict[str, Any]:
    """The checked call, or the ``tool`` message explaining why it cannot be made."""
    spec = registry.get(call.name)
    if spec is None:
        return _message(call, _unknown_tool(call.name, registry))
    arguments = _argument_object(call.arguments)
    if isinstance(arguments, str):
        return _message(call, f"error: invalid arguments for {call.name}: {arguments}. {_expected(spec)}")
    try:
        values = convert_fields(spec.fields, arguments, forbid_extra=True, noun="argument")
    except ConversionError as error:
        return _message(call, f"error: invalid arguments for {call.name}: {error.summary()}. {_expected(spec)}")
    positional = tuple(values.pop(field.name, field.default) for field in spec.positional)
    return _Prepared(call, spec, positional, values)


def _argument_object(arguments: Any) -> dict[str, Any] | str:
    """The arguments as a dict, or the reason they are not an object."""
    if arguments is None:
        return {}
    if isinstance(arguments, str):  # OpenAI style: JSON text
        try:
            arguments = _json.loads(arguments) if arguments.strip() else {}  # also nesting too deep
        except ValueError as error:
            return f"the arguments are not valid JSON ({error})"
    if not isinstance(arguments, Mapping):
        return f"the arguments must be a JSON object, got {type(arguments).__name__}"
    return dict(arguments)


def _unknown_tool(name: str, registry: Mapping[str, _Spec]) -> str:
    available = ", ".join(registry) if registry else "none"
    called = f"unknown tool {name!r}" if name else "the tool call names no tool"
    return f"error: {called}; available tools: {available}"


def _expected(spec: _Spec) -> str:
    if not spec.fields:
        return f"{spec.name} takes no arguments"
    names = [f"{field.name} (required)" if field.is_required(for_tools=True) else field.name for field in spec.fields]
    return f"Expected arguments: {', '.join(names)}"


def _run(prepared: _Prepared) -> dict[str, Any]:
    if _is_async(prepared.spec.function):
        return _message(prepared.call, f"error: {prepared.spec.name} is async and cannot be run by run_tool_calls")
    try:
        result = prepared.spec.function(*prepared.args, **prepared.kwargs)
    except Exception as error:
        return _message(prepared.call, _exception_text(error))
    if inspect.isawaitable(result):
        if inspect.iscoroutine(result):
            result.close()
        return _message(prepared.call, f"error: {prepared.spec.name} returned an awaitable; use arun_tool_calls")
    return _message(prepared.call, _result_text(result))


async def _arun(prepared: _Prepared) -> dict[str, Any]:
    try:
        result = prepared.spec.function(*prepared.args, **prepared.kwargs)
        if inspect.isawaitable(result):
            result = await result
    except Exception as error:
        return _message(prepared.call, _exception_text(error))
    return _message(prepared.call, _result_text(result))


def _is_async(fn: Any) -> bool:
    while isinstance(fn, functools.partial):
        fn = fn.func
    if inspect.iscoroutinefunction(fn):
        return True
    return not inspect.isroutine(fn) and not isinstance(fn, type) and inspect.iscoroutinefunction(type(fn).__call__)


def _exception_text(error: Exception) -> str:
    return f"error: {type(error).__name__}: {error}"


def _message(call: _Call, content: str) -> dict[str, Any]:
    message = {"role": "tool", "content": content, "tool_name": call.name}
    if call.id:
        message["tool_call_id"] = call.id
    return message


def _result_text(result: Any) -> str:
    """A tool function's result as message text: a ``str`` as it is, anything else as JSON.

    Dataclasses become objects, pydantic models their ``model_dump(mode="json")``, enums their
    values, dates and times ISO 8601 text, sets and tuples arrays, other objects ``str()``.

    Args:
        result: What the function returned.
    """
    if isinstance(result, str):
        return result
    try:
        return json.dumps(result, default=_json_default, ensure_ascii=False)
    except (TypeError, ValueError):  # circular references, unencodable keys
        return str(result)


def _json_default(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    dump = getattr(value, "model_dump", None)
    if callable(dump) and not isinstance(value, type):
        try:
            return dump(mode="json")
        except TypeError:
            return dump()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return list(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)
