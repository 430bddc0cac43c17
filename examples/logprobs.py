"""Log probabilities: how sure the model was of each token, and what else it considered.

    OLLAMA_HOST=http://localhost:11434 python examples/logprobs.py

The model comes from OLLAMA_MODEL (default: llama3.2). Needs Ollama 0.12.11 or newer.
"""

import math
import os

import ollama_python as ollama

model = os.environ.get("OLLAMA_MODEL", "llama3.2")
response = ollama.generate(
    model,
    prompt="Complete the sentence: The capital of France is",
    logprobs=True,
    top_logprobs=3,  # also the 3 most likely tokens at each position
    options={"num_predict": 8, "temperature": 0},
)

print(f"Text: {response.response!r}\n")
print(f"{'token':<16} {'probability':>11}   alternatives")
for entry in response.logprobs or []:
    alternatives = ", ".join(f"{alt.token!r} {math.exp(alt.logprob):.0%}" for alt in entry.top_logprobs or [])
    print(f"{entry.token!r:<16} {math.exp(entry.logprob):>11.1%}   {alternatives}")
