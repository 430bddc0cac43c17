"""Ask a model one question with the chat endpoint.

    OLLAMA_HOST=http://localhost:11434 python examples/chat.py

The model comes from OLLAMA_MODEL (default: llama3.2).
"""

import os

import ollama_python as ollama

model = os.environ.get("OLLAMA_MODEL", "llama3.2")
messages = [{"role": "user", "content": "Why is the sky blue? Answer in one sentence."}]

response = ollama.chat(model, messages=messages)

print(f"{model}: {response.message.content}")
# The official client's dict style works too: response["message"]["content"]
