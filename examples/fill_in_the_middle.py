"""Fill in the middle: the model writes the code between a prefix (prompt) and a suffix.

    OLLAMA_HOST=http://localhost:11434 python examples/fill_in_the_middle.py

Needs a code model whose template supports insertion, e.g. qwen2.5-coder or codellama:code
(``ollama show <model>`` lists "insert" among its capabilities). The model comes from
OLLAMA_MODEL (default: qwen2.5-coder).
"""

import os
import sys

import ollama_python as ollama

model = os.environ.get("OLLAMA_MODEL", "qwen2.5-coder")
try:
    capabilities = ollama.show(model).capabilities or []
except ollama.NotFoundError:
    sys.exit(f"{model} is not installed: run `ollama pull {model}`")
if "insert" not in capabilities:
    sys.exit(f"{model} cannot fill in the middle; try OLLAMA_MODEL=qwen2.5-coder")

prefix = 'def celsius_to_fahrenheit(celsius: float) -> float:\n    """'
suffix = "\n    return fahrenheit\n"

response = ollama.generate(model, prompt=prefix, suffix=suffix, options={"temperature": 0, "num_predict": 128})

print(prefix + response.response + suffix)
