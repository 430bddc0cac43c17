"""Offer the model several tools and keep answering its calls until it has a final answer.

    OLLAMA_HOST=http://localhost:11434 python examples/multiple_tools.py

Needs a model that supports tools; it comes from OLLAMA_MODEL (default: qwen3).
"""

import os
from typing import Any

import ollama_python as ollama
from ollama_python.tools import run_tool_calls


def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b


def multiply(a: int, b: int) -> int:
    """Multiply two integers."""
    return a * b


tools = [add, multiply]
model = os.environ.get("OLLAMA_MODEL", "qwen3")
messages: list[Any] = [{"role": "user", "content": "What is (3 + 4) * 6? Use the tools."}]

for _ in range(5):  # a bound, in case the model keeps calling tools
    response = ollama.chat(model, messages=messages, tools=tools)
    messages.append(response.message)
    if not response.message.tool_calls:
        break
    results = run_tool_calls(response, tools)  # runs every call, in order
    for call, result in zip(response.message.tool_calls, results, strict=True):
        print(f"  {call.function.name}({call.function.arguments}) = {result['content']}")
    messages.extend(results)

print(f"Answer: {response.message.content}")
