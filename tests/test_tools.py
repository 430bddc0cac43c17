"""Python functions as tools: definitions from hints and docstrings, and running the model's calls."""

from __future__ import annotations

import asyncio
import dataclasses
import enum
import functools
import json
import warnings
from collections.abc import Sequence
from datetime import date, datetime
from typing import Annotated, Any, Literal, Optional, TypedDict

import pytest

from ollama_python import ChatResponse, GenerateAPI, Message, RequestError, ToolCall
from ollama_python.testing import OllamaTestServer
from ollama_python.tools import arun_tool_calls, run_tool_calls, tool_definition
from ollama_python.types import ToolCallFunction

# -- types and functions used below (module level, so string annotations resolve) ------------------


class Unit(enum.Enum):
    CELSIUS = "celsius"
    FAHRENHEIT = "fahrenheit"


class Priority(enum.IntEnum):
    LOW = 1
    HIGH = 2


@dataclasses.dataclass
class Location:
    """A place on Earth.

    Attributes:
        city: The city name.
        country: Two-letter country code.
    """

    city: str
    country: str = "CA"


@dataclasses.dataclass
class Trip:
    origin: Location
    stops: list[Location]
    when: date


class Filters(TypedDict, total=False):
    min_temp: float
    tags: list[str]


class Strict(TypedDict):
    key: str


class Opaque:
    """Not describable as JSON."""


@dataclasses.dataclass
class Node:
    value: int
    children: list[Node]


def weather(city: str, unit: Unit = Unit.CELSIUS) -> str:
    """Get the current weather.

    Args:
        city: The city, e.g. Toronto.
        unit: Temperature unit.
    """
    return f"22 degrees {unit.value} in {city}"


def weather_numpy(city: str, days: int = 1) -> str:
    """Forecast the weather.

    Looks a few days ahead.

    Parameters
    ----------
    city : str
        The city to forecast,
        in English.
    days : int, optional
        How many days ahead.

    Returns
    -------
    str
        The forecast.
    """
    return city * days


def weather_rest(city: str, days: int = 1) -> str:
    """Forecast the weather.

    :param city: The city to forecast,
        in English.
    :type city: str
    :param int days: How many days ahead.
    :returns: The forecast.
    :rtype: str
    """
    return city * days


def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b


def fail(reason: str) -> str:
    """Always fails."""
    raise ValueError(f"cannot do it: {reason}")


def plan(trip: Trip, priority: Priority = Priority.LOW) -> Trip:
    """Plan a trip."""
    return trip


# -- tool_definition: schemas ----------------------------------------------------------------------


def test_google_docstring_gives_description_and_parameter_descriptions() -> None:
    assert tool_definition(weather) == {
        "type": "function",
        "function": {
            "name": "weather",
            "description": "Get the current weather.",
            "parameters": {
                "type": "object",
                "properties": {
                    "city": {"type": "string", "description": "The city, e.g. Toronto."},
                    "unit": {"type": "string", "enum": ["celsius", "fahrenheit"], "description": "Temperature unit."},
                },
                "required": ["city"],
            },
        },
    }


@pytest.mark.parametrize("fn", [weather_numpy, weather_rest], ids=["numpy", "rest"])
def test_numpy_and_rest_docstrings(fn: Any) -> None:
    function = tool_definition(fn)["function"]

    assert function["description"].startswith("Forecast the weather.")
    assert "Returns" not in function["description"] and ":param" not in function["description"]
    assert function["parameters"]["properties"] == {
        "city": {"type": "string", "description": "The city to forecast, in English."},
        "days": {"type": "integer", "description": "How many days ahead."},
    }
    assert function["parameters"]["required"] == ["city"]


def test_google_sections_variants_and_typed_entries() -> None:
    def search(query: str, limit: int = 10) -> list[str]:
        """Search the web.

        Arguments:
            query (str): What to look for.
            limit (int, optional): At most this many
                results.

        Raises:
            RuntimeError: never.
        """
        return []

    function = tool_definition(search)["function"]

    assert function["description"] == "Search the web."
    assert function["parameters"]["properties"]["query"]["description"] == "What to look for."
    assert function["parameters"]["properties"]["limit"]["description"] == "At most this many results."


def test_no_docstring_leaves_description_out() -> None:
    def ping(host: str) -> bool:
        return True

    function = tool_definition(ping)["function"]

    assert "description" not in function
    assert function["parameters"] == {
        "type": "object",
        "properties": {"host": {"type": "string"}},
        "required": ["host"],
    }


def test_literal_enum_and_intenum_become_enums_with_their_json_type() -> None:
    def configure(
        mode: Literal["fast", "slow"], level: Literal[1, 2, 3], flag: Literal["auto", True], unit: Unit, p: Priority
    ) -> None:
        """Configure."""

    properties = tool_definition(configure)["function"]["parameters"]["properties"]

    assert properties["mode"] == {"type": "string", "enum": ["fast", "slow"]}
    assert properties["level"] == {"type": "integer", "enum": [1, 2, 3]}
    assert properties["flag"] == {"type": ["string", "boolean"], "enum": ["auto", True]}
    assert properties["unit"] == {"type": "string", "enum": ["celsius", "fahrenheit"]}
    assert properties["p"] == {"type": "integer", "enum": [1, 2]}


def test_lists_tuples_sets_and_dicts() -> None:
    def collect(
        ids: list[int],
        names: Sequence[str],
        pairs: list[tuple[str, int]],
        grid: list[list[float]],
        tags: set[str],
        rest: tuple[int, ...],
        scores: dict[str, int],
        anything: list,  # type: ignore[type-arg]
    ) -> None:
        """Collect."""

    properties = tool_definition(collect)["function"]["parameters"]["properties"]

    assert properties["ids"] == {"type": "array", "items": {"type": "integer"}}
    assert properties["names"] == {"type": "array", "items": {"type": "string"}}
    assert properties["pairs"]["items"]["prefixItems"] == [{"type": "string"}, {"type": "integer"}]
    assert properties["grid"] == {"type": "array", "items": {"type": "array", "items": {"type": "number"}}}
    assert properties["tags"] == {"type": "array", "items": {"type": "string"}}
    assert properties["rest"] == {"type": "array", "items": {"type": "integer"}}
    # The server drops additionalProperties from tool schemas, so it is not written for tools.
    assert properties["scores"] == {"type": "object"}
    assert properties["anything"] == {"type": "array"}


def test_nested_dataclasses_and_typeddicts_are_inline_objects() -> None:
    def book(trip: Trip, filters: Filters, strict: Strict) -> None:
        """Book it."""

    properties = tool_definition(book)["function"]["parameters"]["properties"]

    location = {
        "type": "object",
        "description": "A place on Earth.",
        "properties": {
            "city": {"type": "string", "description": "The city name."},
            "country": {"type": "string", "description": "Two-letter country code."},
        },
        "required": ["city"],
    }
    assert properties["trip"] == {
        "type": "object",
        "properties": {
            "origin": location,
            "stops": {"type": "array", "items": location},
            "when": {"type": "string", "description": "ISO 8601 date, e.g. 2025-01-31"},
        },
        "required": ["origin", "stops", "when"],
    }
    assert properties["filters"] == {
        "type": "object",
        "properties": {"min_temp": {"type": "number"}, "tags": {"type": "array", "items": {"type": "string"}}},
        "required": [],
    }
    assert properties["strict"]["required"] == ["key"]


def test_optional_and_defaults_are_not_required_and_optional_is_the_inner_type() -> None:
    def find(a: str, b: Optional[int], c: int | None = None, d: str = "x", e: bool = False) -> None:  # noqa: UP045
        """Find."""

    parameters = tool_definition(find)["function"]["parameters"]

    assert parameters["required"] == ["a"]
    assert parameters["properties"]["b"] == {"type": "integer"}
    assert parameters["properties"]["c"] == {"type": "integer"}
    assert list(parameters["properties"]) == ["a", "b", "c", "d", "e"]


def test_unions_become_any_of() -> None:
    def pick(value: int | str, maybe: int | str | None = None) -> None:
        """Pick."""

    properties = tool_definition(pick)["function"]["parameters"]["properties"]

    assert properties["value"] == {"anyOf": [{"type": "integer"}, {"type": "string"}]}
    assert properties["maybe"] == {"anyOf": [{"type": "integer"}, {"type": "string"}]}


def test_annotated_description_wins_over_the_docstring() -> None:
    def greet(name: Annotated[str, "Who to greet"], when: Annotated[datetime, "Send time"]) -> str:
        """Greet someone.

        Args:
            name: Overridden by Annotated.
        """
        return name

    properties = tool_definition(greet)["function"]["parameters"]["properties"]

    assert properties["name"] == {"type": "string", "description": "Who to greet"}
    # "format" is dropped by the server for tools, so the hint moves into the description.
    assert properties["when"] == {
        "type": "string",
        "description": "Send time (ISO 8601 date-time, e.g. 2025-01-31T14:30:00Z)",
    }


def test_any_and_unannotated_parameters() -> None:
    def loose(x, y=3, z="a", w: Any = None, v=None):  # type: ignore[no-untyped-def]
        """Loose."""

    parameters = tool_definition(loose)["function"]["parameters"]

    assert parameters["properties"] == {"x": {}, "y": {"type": "integer"}, "z": {"type": "string"}, "w": {}, "v": {}}
    assert parameters["required"] == ["x"]


def test_varargs_self_partial_callable_objects_and_overrides() -> None:
    class Service:
        def lookup(self, key: str, *args: Any, **kwargs: Any) -> str:
            """Look a key up."""
            return key

    class Callable:
        """Callable object."""

        def __call__(self, n: int) -> int:
            return n

    assert tool_definition(Service().lookup)["function"]["parameters"]["properties"] == {"key": {"type": "string"}}
    assert list(tool_definition(Service.lookup)["function"]["parameters"]["properties"]) == ["key"]
    partial = tool_definition(functools.partial(add, b=2))["function"]
    assert partial["name"] == "add"
    assert partial["parameters"]["required"] == ["a"]
    assert tool_definition(Callable())["function"]["parameters"]["required"] == ["n"]
    named = tool_definition(add, name="plus", description="Sum.")["function"]
    assert (named["name"], named["description"]) == ("plus", "Sum.")


def test_unsupported_types_raise_request_error_naming_the_parameter_and_type() -> None:
    def broken(city: str, handle: Opaque) -> None:
        """Broken."""

    with pytest.raises(RequestError) as caught:
        tool_definition(broken)

    message = str(caught.value)
    assert "parameter 'handle' of broken()" in message and "Opaque" in message
    assert caught.value.argument == "tools"


def test_unsupported_type_nested_in_a_dataclass_names_the_path() -> None:
    @dataclasses.dataclass
    class Holder:
        raw: bytes

    def store(holder: Holder) -> None:
        """Store."""

    store.__annotations__ = {"holder": Holder, "return": None}

    with pytest.raises(RequestError, match=r"field 'raw' of Holder \(in parameter 'holder' of store\(\)\).*bytes"):
        tool_definition(store)


def test_recursive_and_unresolvable_types_and_lambdas_are_refused() -> None:
    def walk(node: Node) -> None:
        """Walk."""

    def later(thing: NotDefinedAnywhere) -> None:  # type: ignore[name-defined]  # noqa: F821
        """Refers to a missing name."""

    with pytest.raises(RequestError, match="Node contains itself"):
        tool_definition(walk)
    with pytest.raises(RequestError, match="cannot read the type hints of later"):
        tool_definition(later)
    with pytest.raises(RequestError, match="name="):
        tool_definition(lambda x: x)


# -- run_tool_calls ---------------------------------------------------------------------------------


def call(name: str, arguments: Any = None, id: str | None = None) -> dict[str, Any]:
    return {"id": id, "function": {"name": name, "arguments": arguments if arguments is not None else {}}}


def test_arguments_are_converted_to_the_hinted_types() -> None:
    seen: list[Any] = []

    def record(count: int, ratio: float, on: bool, unit: Unit, priority: Priority, day: date, ids: list[int]) -> str:
        """Record."""
        seen.append((count, ratio, on, unit, priority, day, ids))
        return "ok"

    arguments = {
        "count": "3",
        "ratio": 2,
        "on": "true",
        "unit": "FAHRENHEIT",
        "priority": "2",
        "day": "2025-01-31",
        "ids": ["1", 2.0, 3],
    }
    (message,) = run_tool_calls([call("record", arguments, "call_1")], [record])

    assert message == {"role": "tool", "content": "ok", "tool_name": "record", "tool_call_id": "call_1"}
    assert seen == [(3, 2.0, True, Unit.FAHRENHEIT, Priority.HIGH, date(2025, 1, 31), [1, 2, 3])]
    assert type(seen[0][1]) is float


def test_objects_become_dataclasses_and_results_are_json() -> None:
    arguments = {
        "trip": {
            "origin": {"city": "Toronto"},
            "stops": [{"city": "Paris", "country": "FR"}],
            "when": "2025-06-01",
        },
        "priority": 2,
    }
    (message,) = run_tool_calls([call("plan", arguments)], [plan])

    assert "tool_call_id" not in message
    assert json.loads(message["content"]) == {
        "origin": {"city": "Toronto", "country": "CA"},
        "stops": [{"city": "Paris", "country": "FR"}],
        "when": "2025-06-01",
    }


@pytest.mark.parametrize(
    ("result", "content"),
    [
        ("plain text", "plain text"),
        ({"temp": 22, "unit": Unit.CELSIUS}, '{"temp": 22, "unit": "celsius"}'),
        ([1, "é"], '[1, "é"]'),
        (None, "null"),
        (3.5, "3.5"),
        (datetime(2025, 1, 2, 3, 4, 5), '"2025-01-02T03:04:05"'),
        (Location("Oslo", "NO"), '{"city": "Oslo", "country": "NO"}'),
    ],
)
def test_results_are_strings_or_json(result: Any, content: str) -> None:
    def give() -> Any:
        """Give."""
        return result

    assert run_tool_calls([call("give")], [give])[0]["content"] == content


def test_unknown_tool_lists_the_available_ones() -> None:
    (message,) = run_tool_calls([call("get_time", {}, "call_9")], [weather, add])

    assert message == {
        "role": "tool",
        "content": "error: unknown tool 'get_time'; available tools: weather, add",
        "tool_name": "get_time",
        "tool_call_id": "call_9",
    }


def test_bad_missing_and_unexpected_arguments_are_reported_to_the_model() -> None:
    (bad, missing, unexpected, not_json) = run_tool_calls(
        [
            call("add", {"a": "three", "b": [1]}),
            call("add", {"a": 1}),
            call("add", {"a": 1, "b": 2, "c": 3}),
            call("add", "{not json"),
        ],
        [add],
    )

    assert bad["content"] == (
        "error: invalid arguments for add: a: expected an integer, got the string 'three'; "
        "b: expected an integer, got an array of 1 item. Expected arguments: a (required), b (required)"
    )
    assert "b: missing required argument" in missing["content"]
    assert "c: unexpected argument (expected a, b)" in unexpected["content"]
    assert not_json["content"].startswith("error: invalid arguments for add: the arguments are not valid JSON")


def test_nested_argument_errors_carry_their_path_and_enum_choices() -> None:
    arguments = {"trip": {"origin": {}, "stops": [{"city": 1}, {"city": ["x"]}], "when": "soon"}, "priority": 7}
    (message,) = run_tool_calls([call("plan", arguments)], [plan])

    content = message["content"]
    assert "trip.origin.city: missing required field" in content
    assert "trip.stops[1].city: expected a string, got an array of 1 item" in content
    assert "trip.when: expected a string with an ISO 8601 date" in content
    assert "priority: expected one of 1, 2, got the number 7" in content
    assert "trip.stops[0]" not in content  # 1 -> "1" is an unambiguous conversion


def test_exceptions_become_error_messages() -> None:
    (message,) = run_tool_calls([call("fail", {"reason": "no network"}, "c")], [fail])

    assert message["content"] == "error: ValueError: cannot do it: no network"
    assert message["tool_call_id"] == "c"


def test_optional_parameters_missing_or_null() -> None:
    def greet(name: str | None, greeting: str = "Hello") -> str:
        """Greet."""
        return f"{greeting}, {name}"

    assert run_tool_calls([call("greet", {"greeting": None})], [greet])[0]["content"] == "Hello, None"


def test_positional_only_parameters_are_passed_positionally() -> None:
    def power(base: int, exponent: int = 2, /, *, modulo: int | None = None) -> int:
        """Power."""
        result: int = base**exponent
        return result % modulo if modulo else result

    messages = run_tool_calls([call("power", {"base": "3"}), call("power", {"base": 3, "modulo": 5})], [power])

    assert [m["content"] for m in messages] == ["9", "4"]


def test_tool_call_objects_messages_responses_and_dicts_are_accepted() -> None:
    calls = [
        ToolCall(function=ToolCallFunction(name="add", arguments={"a": 1, "b": 2}), id="call_a"),
        ToolCall(function=ToolCallFunction(name="add", arguments={"a": 3, "b": 4})),
    ]
    message = Message(role="assistant", content="", tool_calls=calls)
    response = ChatResponse(message=message, done=True)
    expected = [
        {"role": "tool", "content": "3", "tool_name": "add", "tool_call_id": "call_a"},
        {"role": "tool", "content": "7", "tool_name": "add"},
    ]
    as_dicts = [call("add", {"a": 1, "b": 2}, "call_a"), call("add", {"a": 3, "b": 4})]

    assert run_tool_calls(calls, [add]) == expected
    assert run_tool_calls(message, [add]) == expected
    assert run_tool_calls(response, [add]) == expected
    assert run_tool_calls(as_dicts, [add]) == expected
    assert run_tool_calls({"message": {"role": "assistant", "tool_calls": as_dicts}}, [add]) == expected
    assert run_tool_calls(Message(role="assistant", content="hi"), [add]) == []
    assert run_tool_calls(None, [add]) == []


def test_functions_as_mapping_or_mixed_with_tool_dicts() -> None:
    tools: list[Any] = [tool_definition(add), {"type": "function", "function": {"name": "remote"}}, add]

    assert run_tool_calls([call("plus", {"a": 1, "b": 1})], {"plus": add})[0]["content"] == "2"
    assert run_tool_calls([call("add", {"a": 1, "b": 1})], tools)[0]["content"] == "2"
    assert "available tools: add" in run_tool_calls([call("remote")], tools)[0]["content"]


def test_programming_errors_in_the_inputs_raise_request_error() -> None:
    with pytest.raises(RequestError):
        run_tool_calls([call("add")], [42])
    with pytest.raises(RequestError):
        run_tool_calls("add", [add])
    with pytest.raises(RequestError):
        run_tool_calls([object()], [add])


def test_async_functions_need_arun_tool_calls() -> None:
    async def slow_add(a: int, b: int) -> int:
        """Add slowly."""
        await asyncio.sleep(0)
        return a + b

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "coroutine was never awaited"
        (message,) = run_tool_calls([call("slow_add", {"a": 1, "b": 2})], [slow_add])

    assert message["content"].startswith("error: slow_add is async")


def test_arun_tool_calls_awaits_coroutines_and_runs_sync_functions() -> None:
    async def slow_add(a: int, b: int) -> int:
        """Add slowly."""
        await asyncio.sleep(0)
        return a + b

    async def broken(x: int) -> int:
        """Broken."""
        raise RuntimeError("boom")

    calls = [
        call("slow_add", {"a": "1", "b": 2}, "c1"),
        call("add", {"a": 2, "b": 2}, "c2"),
        call("broken", {"x": 1}, "c3"),
        call("missing", {}, "c4"),
    ]
    messages = asyncio.run(arun_tool_calls(calls, [slow_add, add, broken]))

    assert [(m["content"], m["tool_call_id"]) for m in messages] == [
        ("3", "c1"),
        ("4", "c2"),
        ("error: RuntimeError: boom", "c3"),
        ("error: unknown tool 'missing'; available tools: slow_add, add, broken", "c4"),
    ]


# -- on the wire ------------------------------------------------------------------------------------


def test_round_trip_on_the_wire(server: OllamaTestServer) -> None:
    definition = tool_definition(weather)
    api = GenerateAPI(server.url, model="qwen3")
    messages: list[Any] = [{"role": "user", "content": "What is the weather in Toronto?"}]

    response = api.chat(messages, tools=[definition])
    assert server.last_request is not None
    assert server.last_request.json["tools"] == [definition]
    (tool_call,) = response.message.tool_calls or []

    results = run_tool_calls(response.message.tool_calls, [weather])
    messages += [response.message, *results]
    api.chat(messages, tools=[definition])

    sent = server.last_request.json["messages"]
    assert sent[1]["tool_calls"][0]["function"]["name"] == "weather"
    assert sent[2] == {
        "role": "tool",
        "content": f"22 degrees celsius in {tool_call.function.arguments['city']}",
        "tool_name": "weather",
        "tool_call_id": tool_call.id,
    }
    assert tool_call.id
