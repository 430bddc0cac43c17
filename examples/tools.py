"""Let the model call a Python function (tool calling), then answer with its result.

    OLLAMA_HOST=http://localhost:11434 python examples/tools.py

Needs a model that supports tools; it comes from OLLAMA_MODEL (default: qwen3).
"""

import os
from typing import Any

from ollama_python import GenerateAPI
from ollama_python.tools import run_tool_calls


def get_temperature(city: str) -> str:
    """Get the current temperature in a city.

    Args:
        city: The name of the city, e.g. "Paris".
    """
    return f"It is 21 degrees Celsius in {city}."  # a real tool would ask a weather service


gen = GenerateAPI(model=os.environ.get("OLLAMA_MODEL", "qwen3"))
messages: list[Any] = [{"role": "user", "content": "What is the temperature in Paris right now?"}]

# A plain function is a tool: its schema comes from the type hints and the docstring.
response = gen.chat(messages, tools=[get_temperature])
messages.append(response.message)
for call in response.message.tool_calls or []:
    print(f"The model calls {call.function.name}({call.function.arguments})")
messages.extend(run_tool_calls(response, [get_temperature]))  # one "tool" message per call

final = gen.chat(messages, tools=[get_temperature])
print(f"Answer: {final.message.content}")
gen.close()
