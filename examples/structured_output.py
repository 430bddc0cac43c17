"""Structured output: describe the answer with a dataclass and get an instance back.

    OLLAMA_HOST=http://localhost:11434 python examples/structured_output.py

The model comes from OLLAMA_MODEL (default: llama3.2). TypedDicts and pydantic models work too.
"""

import os
from dataclasses import dataclass

from ollama_python import GenerateAPI


@dataclass
class Country:
    name: str
    capital: str
    population_millions: float
    languages: list[str]


with GenerateAPI(model=os.environ.get("OLLAMA_MODEL", "llama3.2")) as gen:
    response = gen.chat(
        [{"role": "user", "content": "Tell me about Canada."}],
        format=Country,  # sent as the dataclass's JSON schema
        options={"temperature": 0},
    )

country = response.parsed  # the reply parsed and checked into a Country
assert isinstance(country, Country)
print(f"Raw JSON: {response.message.content}")
print(f"Parsed:   {country!r}")
print(f"{country.name}'s capital is {country.capital}; languages: {', '.join(country.languages)}")
