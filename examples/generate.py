"""Complete a single prompt with the generate endpoint (no conversation).

    OLLAMA_HOST=http://localhost:11434 python examples/generate.py

The model comes from OLLAMA_MODEL (default: llama3.2).
"""

import os

from ollama_python import GenerateAPI

with GenerateAPI(model=os.environ.get("OLLAMA_MODEL", "llama3.2")) as gen:
    response = gen.generate(
        "List three uses of a paperclip.",
        system="You answer with a short bulleted list.",
        options={"temperature": 0, "num_predict": 200},
    )

print(response.response)
print(f"\n[done_reason={response.done_reason}, {response.eval_count} tokens", end="")
print(f" in {response.total_seconds:.2f} s]" if response.total_seconds is not None else "]")
