"""The async, concurrent and batch cases, one measurement per process (called by ``cases.py``).

    python benchmarks/cases.py async_chat|streams|calls|threads|embed_batch CLIENT --url URL --fixtures DIR

CLIENT is ``ours`` (``AsyncClient`` / ``Client`` / ``EmbeddingAPI.embed_batch``), ``ours-api``
(``AsyncGenerateAPI``, async_chat only), ``ours-list`` (embed_batch returning lists) or
``official`` (the ``ollama`` package, used the way its README shows). Every chunk is parsed into the
client's type and its ``message.content`` read; every result is checked against the fixtures.
Client CPU is ``time.process_time()`` of this process over the measured part only.
"""

import asyncio
import threading
import time

STREAMS = 100  # concurrent streamed chats through one AsyncClient
STREAM_CHUNKS = 500  # chunks per stream in that case (options.num_predict, see chat_stream.js)
CALLS = 200  # concurrent non-streamed generate calls through one AsyncClient
THREADS = 16  # threads sharing one sync Client
BATCH_TEXTS = 20_000
BATCH_SIZE = 64  # embed_batch's defaults, documented in docs/performance.md
BATCH_CONCURRENCY = 4


def _get(item: object, *path: str) -> object:
    for key in path:
        item = item[key] if isinstance(item, dict) else getattr(item, key)
    return item


def _type_name(value: object) -> str:
    kind = type(value)
    return f"{kind.__module__}.{kind.__qualname__}"


# -- async clients -------------------------------------------------------------------------------
class AsyncOurs:
    """``ollama_python.AsyncClient`` (or ``AsyncGenerateAPI`` with ``api=True``)."""

    def __init__(self, url: str, api: bool = False) -> None:
        import ollama_python

        self._api = api
        self._client = ollama_python.AsyncGenerateAPI(url) if api else ollama_python.AsyncClient(host=url)

    async def chat(self, model: str, messages: list, options: dict | None = None) -> object:
        if self._api:
            return await self._client.chat(messages, model=model, stream=True, options=options)
        return await self._client.chat(model=model, messages=messages, stream=True, options=options)

    async def generate(self, model: str, prompt: str) -> object:
        if self._api:
            return await self._client.generate(prompt, model=model)
        return await self._client.generate(model=model, prompt=prompt)


class AsyncOfficial:
    """The official ``ollama.AsyncClient``."""

    def __init__(self, url: str) -> None:
        import ollama

        self._client = ollama.AsyncClient(host=url)

    async def chat(self, model: str, messages: list, options: dict | None = None) -> object:
        return await self._client.chat(model=model, messages=messages, stream=True, options=options)

    async def generate(self, model: str, prompt: str) -> object:
        return await self._client.generate(model=model, prompt=prompt)


def async_client(name: str, url: str) -> object:
    if name == "official":
        return AsyncOfficial(url)
    return AsyncOurs(url, api=name == "ours-api")


async def _read_stream(client: object, expect: dict, chunks: int | None) -> tuple:
    """Read one whole streamed chat; (chunks, final chunk, first chunk)."""
    options = None if chunks is None else {"num_predict": chunks - 1}
    messages = [{"role": "user", "content": expect["prompt"]}]
    count = characters = 0
    first = chunk = None
    async for chunk in await client.chat(expect["chat_model"], messages, options):  # type: ignore[attr-defined]
        if first is None:
            first = chunk
        count += 1
        characters += len(_get(chunk, "message", "content"))  # type: ignore[arg-type]
    want = expect["chat_chunks"] if chunks is None else chunks
    if count != want or _get(chunk, "done") is not True:
        raise AssertionError(f"expected {want} chunks ending with done, got {count}: {chunk!r}"[:500])
    return count, chunk, first


# -- async single stream ---------------------------------------------------------------------------
async def _async_chat(name: str, url: str, expect: dict, seconds: float) -> dict:
    client = async_client(name, url)
    await _read_stream(client, expect, None)  # warm-up
    total = streams = 0
    cpu, start = time.process_time(), time.perf_counter()
    while True:
        count, _, first = await _read_stream(client, expect, None)
        total += count
        streams += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            break
    cpu = time.process_time() - cpu
    return {
        "rate": total / elapsed,
        "cpu_us_per_chunk": cpu / total * 1e6,
        "chunks": total,
        "streams": streams,
        "seconds": elapsed,
        "result_type": _type_name(first),
    }


# -- 100 concurrent streams --------------------------------------------------------------------------
async def _streams(name: str, url: str, expect: dict, seconds: float) -> dict:
    client = async_client(name, url)

    async def round_of_streams() -> tuple:
        results = await asyncio.gather(*(_read_stream(client, expect, STREAM_CHUNKS) for _ in range(STREAMS)))
        return sum(result[0] for result in results), results[0][2]

    await round_of_streams()  # warm-up: opens the connections
    total = rounds = 0
    cpu, start = time.process_time(), time.perf_counter()
    while True:
        count, first = await round_of_streams()
        total += count
        rounds += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            break
    cpu = time.process_time() - cpu
    return {
        "rate": total / elapsed,
        "cpu_us_per_chunk": cpu / total * 1e6,
        "chunks": total,
        "rounds": rounds,
        "seconds": elapsed,
        "result_type": _type_name(first),
    }


# -- 200 concurrent calls ----------------------------------------------------------------------------
async def _calls(name: str, url: str, expect: dict, seconds: float) -> dict:
    client = async_client(name, url)
    model, prompt = expect["chat_model"], expect["prompt"]

    async def burst() -> object:
        results = await asyncio.gather(*(client.generate(model, prompt) for _ in range(CALLS)))  # type: ignore[attr-defined]
        for result in results:
            if _get(result, "response") != expect["generate_text"] or _get(result, "done") is not True:
                raise AssertionError(f"unexpected generate result: {result!r}"[:500])
        return results[0]

    start = time.perf_counter()
    await burst()  # on a fresh client: every connection is opened here
    first_burst = time.perf_counter() - start
    calls = 0
    cpu, start = time.process_time(), time.perf_counter()
    while True:
        result = await burst()
        calls += CALLS
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            break
    cpu = time.process_time() - cpu
    return {
        "rate": calls / elapsed,
        "first_burst_seconds": first_burst,
        "cpu_us_per_call": cpu / calls * 1e6,
        "calls": calls,
        "seconds": elapsed,
        "result_type": _type_name(result),
    }


# -- 16 threads, one sync Client -----------------------------------------------------------------------
def _threads(name: str, url: str, expect: dict, seconds: float) -> dict:
    if name == "official":
        import ollama

        client = ollama.Client(host=url)
    else:
        import ollama_python

        client = ollama_python.Client(host=url)
    model, prompt = expect["chat_model"], expect["prompt"]
    sample = client.generate(model=model, prompt=prompt)
    counts = [0] * THREADS
    failures: list = []
    ready = threading.Barrier(THREADS + 1)
    stop = threading.Event()

    def worker(index: int) -> None:
        try:
            for _ in range(5):  # warm-up: this thread's connection
                result = client.generate(model=model, prompt=prompt)
            if _get(result, "response") != expect["generate_text"]:
                raise AssertionError(f"unexpected generate result: {result!r}"[:500])
            ready.wait()
            while not stop.is_set():
                client.generate(model=model, prompt=prompt)
                counts[index] += 1
        except BaseException as error:  # reported by the main thread
            failures.append(error)
            ready.abort()

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(THREADS)]
    for thread in threads:
        thread.start()
    ready.wait()
    cpu, start = time.process_time(), time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    if failures:
        raise failures[0]
    calls = sum(counts)
    return {
        "rate": calls / elapsed,
        "cpu_us_per_call": cpu / calls * 1e6,
        "calls": calls,
        "seconds": elapsed,
        "result_type": _type_name(sample),
    }


# -- embed_batch of 20,000 texts -------------------------------------------------------------------------
def _embed_batch(name: str, url: str, expect: dict) -> dict:
    import resource

    texts = [f"document {index}: why is the sky blue?" for index in range(BATCH_TEXTS)]
    model = expect["embed_model"]
    if name == "official":
        import ollama

        client = ollama.Client(host=url)
        start = time.perf_counter()
        vectors = [client.embed(model=model, input=text).embeddings[0] for text in texts]  # the obvious loop
    else:
        from ollama_python import EmbeddingAPI

        as_numpy = name == "ours"
        if as_numpy:
            import numpy  # noqa: F401  (imported before, like any user of the array)
        api = EmbeddingAPI(url)
        start = time.perf_counter()
        result = api.embed_batch(
            texts, model=model, batch_size=BATCH_SIZE, concurrency=BATCH_CONCURRENCY, as_numpy=as_numpy
        )
        vectors = result.embeddings
    elapsed = time.perf_counter() - start
    rows, dims = len(vectors), len(vectors[0])
    if (rows, dims) != (BATCH_TEXTS, expect["batch_dims"]):
        raise AssertionError(f"embed_batch returned {rows} x {dims}")
    return {
        "rate": BATCH_TEXTS / elapsed,
        "seconds": elapsed,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "result_type": _type_name(vectors),
    }


def run(case: str, name: str, url: str, expect: dict, seconds: float) -> dict:
    """One measurement of ``case`` with client ``name``."""
    if case == "async_chat":
        return asyncio.run(_async_chat(name, url, expect, seconds))
    if case == "streams":
        return asyncio.run(_streams(name, url, expect, seconds))
    if case == "calls":
        return asyncio.run(_calls(name, url, expect, seconds))
    if case == "threads":
        return _threads(name, url, expect, seconds)
    return _embed_batch(name, url, expect)
