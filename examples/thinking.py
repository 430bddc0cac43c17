"""Thinking models: get the reasoning and the answer separately, streamed.

    OLLAMA_HOST=http://localhost:11434 python examples/thinking.py

Needs a model that can think; it comes from OLLAMA_MODEL (default: qwen3). ``think`` takes
True/False, or "low"/"medium"/"high" for models with levels (gpt-oss).
"""

import os

from ollama_python import GenerateAPI

gen = GenerateAPI(model=os.environ.get("OLLAMA_MODEL", "qwen3"))
messages = [{"role": "user", "content": "How many letters r are in the word strawberry?"}]

section = None
with gen.chat(messages, think=True, stream=True) as stream:
    for chunk in stream:
        for name, text in (("Thinking", chunk.message.thinking), ("Answer", chunk.message.content)):
            if text:
                if name != section:  # a heading whenever the model switches from one to the other
                    print(f"\n=== {name} ===" if section else f"=== {name} ===")
                    section = name
                print(text, end="", flush=True)
print()

whole = stream.response
assert whole is not None
print(f"\n({len(whole.message.thinking or '')} characters of thinking, {len(whole.message.content)} of answer)")
gen.close()
