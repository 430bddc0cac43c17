"""Stream a reply: print each piece as soon as the server sends it.

    OLLAMA_HOST=http://localhost:11434 python examples/streaming.py

The model comes from OLLAMA_MODEL (default: llama3.2). In a notebook, the one-liner
``gen.chat(messages, stream=True).collect(echo=True)`` prints the same way and returns the reply.
"""

import os

from ollama_python import GenerateAPI

gen = GenerateAPI(model=os.environ.get("OLLAMA_MODEL", "llama3.2"))
messages = [{"role": "user", "content": "Write a haiku about the sea."}]

# Leaving the `with` block (even through break or an exception) closes the connection,
# which tells the server to stop generating.
with gen.chat(messages, stream=True) as stream:
    for chunk in stream:
        print(chunk.message.content, end="", flush=True)
print()

whole = stream.response  # the chunks gathered into one ChatResponse
assert whole is not None
print(f"\n[{whole.eval_count} tokens, done_reason={whole.done_reason}]")
if whole.tokens_per_second:
    print(f"[{whole.tokens_per_second:.1f} tokens/s]")
gen.close()
