"""Create a model from a Modelfile (a base model with a persona), then talk to it.

    OLLAMA_HOST=http://localhost:11434 python examples/create_from_modelfile.py

The Modelfile is examples/assets/Modelfile (FROM llama3.2); OLLAMA_MODEL overrides its base
model. The new model is called "pirate-example"; remove it with ``ollama rm pirate-example``.
"""

import os
from pathlib import Path

from ollama_python import GenerateAPI, ModelManagementAPI

NAME = "pirate-example"
modelfile = Path(__file__).parent / "assets" / "Modelfile"

with ModelManagementAPI() as models:
    # The SDK reads the Modelfile and sends its FROM, SYSTEM, PARAMETER and MESSAGE lines as
    # fields of /api/create; arguments given here win over the file's lines.
    for report in models.create(NAME, model_file=modelfile, from_=os.environ.get("OLLAMA_MODEL"), stream=True):
        print(f"  {report.status}")
    print(f"Created {NAME}; its system prompt: {models.show(NAME).system!r}")

with GenerateAPI(model=NAME) as gen:
    reply = gen.chat([{"role": "user", "content": "Where is the treasure?"}])
print(f"{NAME}: {reply.message.content}")
