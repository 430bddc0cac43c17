"""Free memory now: unload a model with ``keep_alive=0`` instead of waiting for it to expire.

    OLLAMA_HOST=http://localhost:11434 python examples/unload_model.py

The model comes from OLLAMA_MODEL (default: llama3.2). ``keep_alive`` also sets how long a
model stays loaded after a request: ``"10m"``, ``3600`` seconds, or ``-1`` to keep it forever.
"""

import os
import time

from ollama_python import GenerateAPI, ModelManagementAPI

model = os.environ.get("OLLAMA_MODEL", "llama3.2")
listed_as = model if ":" in model else f"{model}:latest"  # how /api/ps names it
gen, models = GenerateAPI(model=model), ModelManagementAPI()


def loaded() -> list[str]:
    return [running.name for running in models.ps().models]


print(f"load:   done_reason={gen.generate(keep_alive='10m').done_reason!r}, loaded: {loaded()}")

# No prompt and keep_alive=0: the server unloads the model right away.
print(f"unload: done_reason={gen.generate(keep_alive=0).done_reason!r}")
for _ in range(50):  # the server frees the memory in the background; give it a moment
    if listed_as not in loaded():
        break
    time.sleep(0.1)
print(f"{listed_as} is {'still loaded' if listed_as in loaded() else 'unloaded'}; loaded: {loaded()}")
gen.close()
models.close()
