"""Hold a conversation: every request sends the whole history, so the model remembers it.

    OLLAMA_HOST=http://localhost:11434 python examples/chat_history.py

The model comes from OLLAMA_MODEL (default: llama3.2).
"""

import os
from typing import Any

from ollama_python import GenerateAPI

questions = [
    "My name is Ada and my favourite colour is green.",
    "What is my favourite colour?",
    "And what is my name?",
]

messages: list[Any] = [{"role": "system", "content": "You are a helpful assistant. Keep your answers short."}]
with GenerateAPI(model=os.environ.get("OLLAMA_MODEL", "llama3.2")) as gen:
    for question in questions:
        messages.append({"role": "user", "content": question})
        response = gen.chat(messages)
        messages.append(response.message)  # a Message can go back into the history as it is
        print(f"You:   {question}")
        print(f"Model: {response.message.content}\n")

print(f"The conversation has {len(messages)} messages.")
