"""Copy a model under a new name, then delete the copy.

    OLLAMA_HOST=http://localhost:11434 python examples/copy_delete.py

The model comes from OLLAMA_MODEL (default: llama3.2). A copy shares the original's layers,
so it takes no extra disk space.
"""

import os

import ollama_python as ollama

source = os.environ.get("OLLAMA_MODEL", "llama3.2")
copy = f"{source.split(':')[0]}-copy-example:latest"


def installed() -> set[str]:
    return {model.name for model in ollama.list().models}


ollama.copy(source, copy)
print(f"Copied {source} to {copy}: listed = {copy in installed()}")

ollama.delete(copy)
print(f"Deleted {copy}: listed = {copy in installed()}")
