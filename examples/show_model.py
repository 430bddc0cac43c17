"""Show what a model is: family, size, quantization, context length, capabilities, settings.

    OLLAMA_HOST=http://localhost:11434 python examples/show_model.py [model]

The model is the first argument, else OLLAMA_MODEL (default: llama3.2).
"""

import os
import sys

import ollama_python as ollama

name = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("OLLAMA_MODEL", "llama3.2")
info = ollama.show(name)

architecture = info.model_info.get("general.architecture", info.details.family)
context_length = info.model_info.get(f"{architecture}.context_length")

print(f"Model:          {name}")
print(f"Architecture:   {architecture}")
print(f"Parameters:     {info.details.parameter_size}")
print(f"Quantization:   {info.details.quantization_level}")
print(f"Context length: {context_length or 'unknown'}")
print(f"Capabilities:   {', '.join(info.capabilities or []) or 'unknown'}")
if info.parameters:
    print("Default parameters:")
    for line in info.parameters.splitlines():
        print(f"  {line}")
if info.system:
    print(f"System prompt:  {info.system}")
