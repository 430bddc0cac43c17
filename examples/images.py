"""Show a picture to a vision model: pass file paths, bytes or base64 text in ``images``.

    OLLAMA_HOST=http://localhost:11434 python examples/images.py [path/to/picture.png]

Needs a vision model; it comes from OLLAMA_MODEL (default: gemma3). Without an argument the
example sends examples/assets/red_circle.png.
"""

import os
import sys
from pathlib import Path

import ollama_python as ollama

model = os.environ.get("OLLAMA_MODEL", "gemma3")
picture = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "assets" / "red_circle.png"

message = {
    "role": "user",
    "content": "Describe this picture in one sentence. What shape and colour do you see?",
    "images": [picture],  # paths, bytes or base64 text; the SDK reads and encodes files
}
try:
    response = ollama.chat(model, messages=[message])
except ollama.NotFoundError:
    sys.exit(f"{model} is not installed: run `ollama pull {model}` (or set OLLAMA_MODEL to a vision model)")
print(f"{picture.name}: {response.message.content}")
