"""Show the models loaded in memory, like ``ollama ps``.

    OLLAMA_HOST=http://localhost:11434 python examples/running_models.py

If nothing is loaded, the example loads OLLAMA_MODEL (default: llama3.2) first, by sending a
request without a prompt, so that there is something to show.
"""

import os
from datetime import datetime, timezone

from ollama_python import GenerateAPI, ModelManagementAPI

models = ModelManagementAPI()
running = models.ps().models
if not running:
    name = os.environ.get("OLLAMA_MODEL", "llama3.2")
    print(f"Nothing is loaded; loading {name} for five minutes...")
    with GenerateAPI(model=name) as gen:
        gen.generate(keep_alive="5m")  # no prompt: only load the model
    running = models.ps().models

now = datetime.now(timezone.utc)
print(f"{'NAME':<28} {'MEMORY':>9} {'PROCESSOR':>15} {'CONTEXT':>8}  UNLOADS IN")
for model in running:
    gpu = model.size_vram / model.size if model.size else 0.0
    processor = "100% GPU" if gpu >= 1 else "100% CPU" if gpu == 0 else f"{1 - gpu:.0%}/{gpu:.0%} CPU/GPU"
    minutes = (model.expires_at - now).total_seconds() / 60 if model.expires_at else None
    until = "?" if minutes is None else "forever" if minutes > 1e6 else f"{minutes:.1f} min"
    print(f"{model.name:<28} {model.size / 1e9:>6.1f} GB {processor:>15} {model.context_length or '':>8}  {until}")
models.close()
