"""Chat from asyncio code: one awaited reply, then a streamed one.

    pip install httpx
    OLLAMA_HOST=http://localhost:11434 python examples/async_chat.py

The model comes from OLLAMA_MODEL (default: llama3.2).
"""

import asyncio
import os

from ollama_python import AsyncClient

MODEL = os.environ.get("OLLAMA_MODEL", "llama3.2")


async def main() -> None:
    async with AsyncClient() as client:
        response = await client.chat(MODEL, messages=[{"role": "user", "content": "Say hello in French."}])
        print(f"Reply: {response.message.content}")

        print("Streamed: ", end="")
        stream = await client.chat(MODEL, messages=[{"role": "user", "content": "Count to five."}], stream=True)
        async for part in stream:
            print(part.message.content, end="", flush=True)
        print()


asyncio.run(main())
