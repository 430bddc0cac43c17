"""Typed structured output: JSON schemas from types for ``format=``, and replies parsed back into them."""

import dataclasses
import enum
import json
import pickle
import subprocess
import sys
from datetime import datetime, timezone
from types import ModuleType
from typing import Any, Literal, Optional, TypedDict

import pytest

from ollama_python import GenerateAPI, OllamaError, RequestError
from ollama_python.structured import StructuredOutputError, json_schema, parse_structured
from ollama_python.testing import OllamaTestServer


class Mood(enum.Enum):
    HAPPY = "happy"
    SAD = "sad"


@dataclasses.dataclass
class Address:
    """A postal address.

    Attributes:
        street: Street and number.
        zip: Postal code.
    """

    street: str
    zip: int


@dataclasses.dataclass
class Person:
    name: str
    age: int
    address: Address
    mood: Mood
    role: Literal["admin", "user"]
    tags: list[str]
    nickname: Optional[str] = None  # noqa: UP045 (the typing spelling is tested on purpose)
    score: float = 0.0


class Pet(TypedDict):
    name: str
    legs: int


class PetExtras(Pet, total=False):
    owner: str


@dataclasses.dataclass
class Event:
    at: datetime
    counts: dict[str, int]
    pair: tuple[int, str]
    maybe: int | None


@dataclasses.dataclass
class Loop:
    next: "Loop | None"


# -- schemas ----------------------------------------------------------------------------------------


def test_dataclass_schema_is_an_inline_object_with_required_fields() -> None:
    address = {
        "type": "object",
        "description": "A postal address.",
        "properties": {
            "street": {"type": "string", "description": "Street and number."},
            "zip": {"type": "integer", "description": "Postal code."},
        },
        "required": ["street", "zip"],
    }
    assert json_schema(Person) == {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "age": {"type": "integer"},
            "address": address,
            "mood": {"type": "string", "enum": ["happy", "sad"]},
            "role": {"type": "string", "enum": ["admin", "user"]},
            "tags": {"type": "array", "items": {"type": "string"}},
            "nickname": {"anyOf": [{"type": "string"}, {"type": "null"}]},
            "score": {"type": "number"},
        },
        "required": ["name", "age", "address", "mood", "role", "tags"],
    }


def test_typeddict_schema_uses_required_keys() -> None:
    assert json_schema(Pet) == {
        "type": "object",
        "properties": {"name": {"type": "string"}, "legs": {"type": "integer"}},
        "required": ["name", "legs"],
    }
    schema = json_schema(PetExtras)
    assert list(schema["properties"]) == ["name", "legs", "owner"]
    assert schema["required"] == ["name", "legs"]


def test_dates_dicts_tuples_and_optional_without_default() -> None:
    assert json_schema(Event) == {
        "type": "object",
        "properties": {
            "at": {"type": "string", "format": "date-time"},
            "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
            "pair": {
                "type": "array",
                "prefixItems": [{"type": "integer"}, {"type": "string"}],
                "minItems": 2,
                "maxItems": 2,
            },
            "maybe": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
        },
        "required": ["at", "counts", "pair", "maybe"],
    }


def test_schemas_of_type_hints_other_than_classes() -> None:
    assert json_schema(list[Pet])["items"]["required"] == ["name", "legs"]
    assert json_schema(Literal["yes", "no"]) == {"type": "string", "enum": ["yes", "no"]}
    assert json_schema(Mood) == {"type": "string", "enum": ["happy", "sad"]}
    assert json_schema(Optional[int]) == {"anyOf": [{"type": "integer"}, {"type": "null"}]}  # noqa: UP045


def test_unsupported_and_recursive_types_and_non_types_are_refused() -> None:
    @dataclasses.dataclass
    class Blob:
        data: bytes

    with pytest.raises(RequestError, match=r"field 'data' of Blob: unsupported type bytes") as caught:
        json_schema(Blob)
    assert caught.value.argument == "format"
    with pytest.raises(RequestError, match="Loop contains itself"):
        json_schema(Loop)
    with pytest.raises(RequestError, match="class or type hint"):
        json_schema({"type": "object"})


# -- parsing ----------------------------------------------------------------------------------------

PERSON = {
    "name": "Ada",
    "age": 36,
    "address": {"street": "1 Main St", "zip": 12345},
    "mood": "happy",
    "role": "admin",
    "tags": ["math", "engines"],
}


def test_parse_builds_nested_dataclasses_enums_and_defaults() -> None:
    person = parse_structured(Person, json.dumps(PERSON))

    assert person == Person(
        name="Ada",
        age=36,
        address=Address(street="1 Main St", zip=12345),
        mood=Mood.HAPPY,
        role="admin",
        tags=["math", "engines"],
    )


def test_parse_converts_unambiguous_values_and_drops_unknown_keys() -> None:
    text = json.dumps({**PERSON, "age": "36", "score": 3, "nickname": None, "extra": "ignored"})

    person = parse_structured(Person, text)

    assert (person.age, person.score, person.nickname) == (36, 3.0, None)
    assert type(person.score) is float


def test_parse_typeddicts_lists_dates_and_code_fences() -> None:
    pets = parse_structured(list[PetExtras], '```json\n[{"name": "Rex", "legs": "4", "owner": "Ann"}]\n```')
    event = parse_structured(
        Event, '{"at": "2025-01-31T14:30:00Z", "counts": {"a": 1}, "pair": [1, "x"], "maybe": null}'
    )

    assert pets == [{"name": "Rex", "legs": 4, "owner": "Ann"}]
    assert event == Event(datetime(2025, 1, 31, 14, 30, tzinfo=timezone.utc), {"a": 1}, (1, "x"), None)


def test_invalid_json_raises_with_the_raw_text() -> None:
    raw = '{"name": "Ada", "age": '

    with pytest.raises(StructuredOutputError) as caught:
        parse_structured(Person, raw)

    error = caught.value
    assert isinstance(error, OllamaError) and isinstance(error, ValueError)
    assert error.raw == raw and error.type is Person and error.path == ""
    assert "not valid JSON for Person" in str(error)
    assert repr(raw) in str(error)


def test_error_survives_pickling() -> None:
    with pytest.raises(StructuredOutputError) as caught:
        parse_structured(Person, "[]")

    copy = pickle.loads(pickle.dumps(caught.value))

    assert (str(copy), copy.raw, copy.type, copy.path) == (str(caught.value), "[]", Person, "")


def test_empty_output_says_so() -> None:
    with pytest.raises(StructuredOutputError, match="model output is empty"):
        parse_structured(Person, "  ")


def test_missing_field() -> None:
    raw = json.dumps({key: value for key, value in PERSON.items() if key != "age"})

    with pytest.raises(StructuredOutputError, match="age: missing required field") as caught:
        parse_structured(Person, raw)

    assert caught.value.path == "age"
    assert caught.value.raw == raw


def test_wrong_types_with_paths_to_nested_fields() -> None:
    raw = json.dumps({**PERSON, "address": {"street": "x", "zip": "ABC"}, "mood": "angry", "tags": ["a", 3, None]})

    with pytest.raises(StructuredOutputError) as caught:
        parse_structured(Person, raw)

    message = str(caught.value)
    assert message.startswith("model output does not match Person: ")
    assert "address.zip: expected an integer, got the string 'ABC'" in message
    assert 'mood: expected one of "happy", "sad", got the string \'angry\'' in message
    assert "tags[2]: expected a string, got null" in message
    assert caught.value.path == "address.zip"
    assert caught.value.raw == raw


def test_wrong_top_level_shape_and_long_raw_text_preview() -> None:
    raw = json.dumps(["not", "an", "object"] * 50)

    with pytest.raises(StructuredOutputError) as caught:
        parse_structured(Person, raw)

    message = str(caught.value)
    assert "expected an object (Person), got an array of 150 items" in message
    assert message.endswith("...'")
    assert len(message) < 400
    assert caught.value.raw == raw


def test_schema_dict_cannot_be_parsed_into() -> None:
    with pytest.raises(RequestError, match=r"json\.loads"):
        parse_structured({"type": "object"}, "{}")


# -- pydantic (optional) ----------------------------------------------------------------------------


@pytest.fixture
def pydantic() -> ModuleType:
    return pytest.importorskip("pydantic", reason="pydantic is not installed; its support is optional")


def test_pydantic_schema_is_inlined_and_parsed_by_pydantic(pydantic: Any) -> None:
    class Toy(pydantic.BaseModel):
        label: str

    class Dog(pydantic.BaseModel):
        name: str = pydantic.Field(description="The dog's name")
        toys: list[Toy]
        age: int | None = None

    schema = json_schema(Dog)

    assert "$defs" not in json.dumps(schema) and "$ref" not in json.dumps(schema)
    assert schema["properties"]["toys"]["items"]["properties"] == {"label": {"title": "Label", "type": "string"}}
    assert schema["properties"]["name"]["description"] == "The dog's name"
    assert schema["required"] == ["name", "toys"]
    dog = parse_structured(Dog, '{"name": "Rex", "toys": [{"label": "ball"}]}')
    assert isinstance(dog, Dog) and dog.toys[0].label == "ball"

    with pytest.raises(StructuredOutputError) as caught:
        parse_structured(Dog, '{"name": "Rex", "toys": [{"label": 5}]}')
    assert caught.value.path == "toys[0].label"
    assert "toys[0].label: Input should be a valid string" in str(caught.value)


def test_pydantic_model_nested_in_a_dataclass(pydantic: Any) -> None:
    class Inner(pydantic.BaseModel):
        size: int

    @dataclasses.dataclass
    class Outer:
        inner: Inner

    Outer.__annotations__["inner"] = Inner  # local class: make the hint resolvable

    assert json_schema(Outer)["properties"]["inner"]["properties"]["size"]["type"] == "integer"
    assert parse_structured(Outer, '{"inner": {"size": 2}}').inner == Inner(size=2)


def test_recursive_pydantic_model_keeps_its_refs_for_format(pydantic: Any) -> None:
    class Tree(pydantic.BaseModel):
        value: int
        children: "list[Tree]" = pydantic.Field(default_factory=list)

    Tree.model_rebuild()

    schema = json_schema(Tree)

    assert "$ref" in json.dumps(schema)
    assert parse_structured(Tree, '{"value": 1, "children": [{"value": 2}]}').children[0].value == 2


def test_pydantic_is_not_imported_for_other_types() -> None:
    code = (
        "import sys, dataclasses\n"
        "from ollama_python.structured import json_schema, parse_structured\n"
        "from ollama_python.tools import tool_definition, run_tool_calls\n"
        "@dataclasses.dataclass\n"
        "class P:\n"
        "    x: int\n"
        "def f(p: P) -> int:\n"
        "    return p.x\n"
        "json_schema(P); parse_structured(P, '{\"x\": 1}'); tool_definition(f)\n"
        "run_tool_calls([{'function': {'name': 'f', 'arguments': {'p': {'x': 1}}}}], [f])\n"
        "assert 'pydantic' not in sys.modules, 'pydantic was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


# -- on the wire ------------------------------------------------------------------------------------


def test_round_trip_on_the_wire(server: OllamaTestServer) -> None:
    schema = json_schema(Person)

    response = GenerateAPI(server.url, model="llama3.2").chat(
        [{"role": "user", "content": "Describe a person as JSON."}], format=schema
    )

    assert server.last_request is not None
    assert server.last_request.json["format"] == schema
    person = parse_structured(Person, response.message.content)
    assert isinstance(person, Person)
    assert isinstance(person.address, Address)
    assert person.mood is Mood.HAPPY
    assert person.role == "admin"
    assert person.nickname is None
