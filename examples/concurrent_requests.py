"""Send several requests at once with asyncio and collect the answers in order.

    pip install httpx
    OLLAMA_HOST=http://localhost:11434 python examples/concurrent_requests.py

The model comes from OLLAMA_MODEL (default: llama3.2). How many requests the server runs in
parallel is its own setting (OLLAMA_NUM_PARALLEL); the others wait in its queue.
"""

import asyncio
import os
import time

from ollama_python import AsyncGenerateAPI

PROMPTS = ["Name a prime number.", "Name a planet.", "Name a colour.", "Name a fruit.", "Name a river."]


async def ask(gen: AsyncGenerateAPI, limit: asyncio.Semaphore, prompt: str) -> str:
    async with limit:  # at most this many requests in flight from this program
        response = await gen.generate(prompt, options={"num_predict": 32})
        return response.response.strip()


async def main() -> None:
    started = time.perf_counter()
    limit = asyncio.Semaphore(4)
    async with AsyncGenerateAPI(model=os.environ.get("OLLAMA_MODEL", "llama3.2")) as gen:
        answers = await asyncio.gather(*(ask(gen, limit, prompt) for prompt in PROMPTS))
    for prompt, answer in zip(PROMPTS, answers, strict=True):
        print(f"{prompt:<22} -> {answer}")
    print(f"{len(answers)} answers in {time.perf_counter() - started:.2f} s")


asyncio.run(main())
