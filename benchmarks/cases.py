"""One measurement in this process, printed as one JSON object on stdout.

    python benchmarks/cases.py generate|chat|embed CLIENT --url URL --fixtures DIR [--seconds S]
    python benchmarks/cases.py import TARGET
    python benchmarks/cases.py versions

CLIENT is ``raw`` (``http.client`` + ``json``), ``ours`` (this SDK), ``official`` (the ``ollama``
package) or, for ``embed`` only, ``ours-numpy`` (``EmbeddingAPI.embed(..., as_numpy=True)``).
Which ``ours`` is measured (with or without orjson) depends on the virtualenv running this file.

The ``import`` case must see a fresh interpreter, so nothing but ``sys`` and ``time`` is imported
at module level (not even ``typing``: annotations use builtins only) and everything else is imported
inside the functions that need it.
"""

import sys
import time

CLIENTS = ("raw", "ours", "official", "ours-numpy")
IMPORT_TARGETS = ("none", "ollama_python", "ollama_python.endpoints", "ollama", "ollama_python+client")
CONCURRENT_CASES = ("async_chat", "streams", "calls", "threads", "embed_batch")
CONCURRENT_CLIENTS = ("ours", "ours-api", "ours-list", "official")
BATCH = 25  # calls between clock reads in the generate loop
PENDING_NUMPY = "pending: as_numpy not available"


# -- case 4: cold import -------------------------------------------------------------------------
def measure_import(target: str) -> dict:
    """Seconds to import ``target`` in this (fresh) interpreter, and how many modules it loaded."""
    before = len(sys.modules)
    start = time.perf_counter()
    if target == "ollama_python":
        import ollama_python
    elif target == "ollama_python.endpoints":
        from ollama_python.endpoints import GenerateAPI  # noqa: F401  (what a user of the endpoint classes writes)
    elif target == "ollama":
        import ollama  # noqa: F401
    elif target == "ollama_python+client":
        import ollama_python

        ollama_python.Client()
    elif target != "none":
        raise SystemExit(f"unknown import target {target!r}")
    elapsed = time.perf_counter() - start
    module = sys.modules.get(target.split("+")[0].split(".")[0])
    return {"seconds": elapsed, "modules_loaded": len(sys.modules) - before, "file": getattr(module, "__file__", None)}


# -- the three clients ---------------------------------------------------------------------------
class Raw:
    """The baseline: ``http.client`` on one kept-alive connection, ``json.loads`` into dicts."""

    def __init__(self, url: str) -> None:
        import http.client
        import json
        from urllib.parse import urlsplit

        parts = urlsplit(url)
        self._json = json
        self._conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port)
        self._headers = {"Content-Type": "application/json", "Accept": "application/json"}

    def _post(self, path: str, body: dict) -> object:
        self._conn.request("POST", path, self._json.dumps(body).encode(), self._headers)
        response = self._conn.getresponse()
        if response.status != 200:
            raise RuntimeError(f"{path}: HTTP {response.status}")
        return response

    def generate(self, model: str, prompt: str) -> dict:
        return self._json.loads(self._post("/api/generate", {"model": model, "prompt": prompt, "stream": False}).read())  # type: ignore[attr-defined]

    def chat(self, model: str, messages: list) -> object:
        response = self._post("/api/chat", {"model": model, "messages": messages, "stream": True})
        loads = self._json.loads
        for line in response:  # type: ignore[attr-defined]
            yield loads(line)

    def embed(self, model: str, texts: list) -> dict:
        return self._json.loads(self._post("/api/embed", {"model": model, "input": texts}).read())  # type: ignore[attr-defined]


class Ours:
    """This SDK's endpoint classes, as the issue specifies them."""

    def __init__(self, url: str) -> None:
        from ollama_python import EmbeddingAPI, GenerateAPI

        self._generate = GenerateAPI(url)
        self._embedding = EmbeddingAPI(url)

    def generate(self, model: str, prompt: str) -> object:
        return self._generate.generate(prompt, model=model)

    def chat(self, model: str, messages: list) -> object:
        return self._generate.chat(messages, model=model, stream=True)

    def embed(self, model: str, texts: list, **options: object) -> object:
        return self._embedding.embed(texts, model=model, **options)  # type: ignore[call-overload]


class Official:
    """The official ``ollama`` package's ``Client``."""

    def __init__(self, url: str) -> None:
        import ollama

        self._client = ollama.Client(host=url)

    def generate(self, model: str, prompt: str) -> object:
        return self._client.generate(model=model, prompt=prompt)

    def chat(self, model: str, messages: list) -> object:
        return self._client.chat(model=model, messages=messages, stream=True)

    def embed(self, model: str, texts: list) -> object:
        return self._client.embed(model=model, input=texts)


def _get(item: object, *path: str) -> object:
    """``item[a][b]`` for dicts, ``item.a.b`` for typed objects."""
    for key in path:
        item = item[key] if isinstance(item, dict) else getattr(item, key)
    return item


# -- case 1: sequential non-streamed generate ----------------------------------------------------
def measure_generate(client: object, expect: dict, seconds: float) -> dict:
    """Calls per second of ``generate`` over one kept-alive connection."""
    model, prompt = expect["chat_model"], expect["prompt"]
    call = client.generate  # type: ignore[attr-defined]
    for _ in range(3 * BATCH):  # warm-up: connection, caches
        result = call(model, prompt)
    if _get(result, "response") != expect["generate_text"] or _get(result, "done") is not True:
        raise AssertionError(f"unexpected generate result: {result!r}"[:500])
    calls = 0
    start = time.perf_counter()
    while True:
        for _ in range(BATCH):
            call(model, prompt)
        calls += BATCH
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            break
    return {"rate": calls / elapsed, "calls": calls, "seconds": elapsed, "result_type": _type_name(result)}


# -- case 2: a streamed chat ---------------------------------------------------------------------
def _read_chat(client: object, expect: dict) -> tuple:
    """Read one whole stream; returns (chunks, characters of content, final chunk, first chunk)."""
    chunks = characters = 0
    first = chunk = None
    for chunk in client.chat(expect["chat_model"], [{"role": "user", "content": expect["prompt"]}]):  # type: ignore[attr-defined]
        if first is None:
            first = chunk
        chunks += 1
        characters += len(_get(chunk, "message", "content"))  # type: ignore[arg-type]
    return chunks, characters, chunk, first


def measure_chat(client: object, expect: dict, seconds: float) -> dict:
    """Parsed chunks per second of a streamed chat (whole streams until ``seconds`` have passed)."""
    chunks, _, final, first = _read_chat(client, expect)  # warm-up
    if chunks != expect["chat_chunks"] or _get(final, "done") is not True:
        raise AssertionError(f"expected {expect['chat_chunks']} chunks ending with done, got {chunks}: {final!r}"[:500])
    if _get(final, "eval_count") != expect["chat_chunks"] - 1:
        raise AssertionError(f"final chunk lacks its metrics: {final!r}"[:500])
    total = streams = 0
    start = time.perf_counter()
    while True:
        total += _read_chat(client, expect)[0]
        streams += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            break
    return {
        "rate": total / elapsed,
        "streams": streams,
        "chunks": total,
        "seconds": elapsed,
        "result_type": _type_name(first),
    }


# -- case 3: one big embed in a fresh process ----------------------------------------------------
def measure_embed(client: object, name: str, expect: dict, fixtures: object = None) -> dict:
    """Seconds for one parsed ``embed`` of EMBED_INPUTS texts, and this process's peak RSS.

    For this SDK's list result it also times, after the call, the JSON parse alone of the same
    reply with the same library (``parse_seconds``): the floor no transport work can go under.
    """
    import resource

    texts = [f"document {index}: why is the sky blue?" for index in range(expect["embed_inputs"])]
    options = {"as_numpy": True} if name == "ours-numpy" else {}
    if name == "ours-numpy":
        import numpy  # noqa: F401  (imported before the call, like any user of the result would)
    rss_before = _proc_status_kib("VmRSS")
    start = time.perf_counter()
    try:
        result = client.embed(expect["embed_model"], texts, **options)  # type: ignore[attr-defined]
    except Exception as error:
        if options and "as_numpy" in str(error):
            return {"pending": PENDING_NUMPY, "error": f"{type(error).__name__}: {error}"}
        raise
    elapsed = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    hwm_kib = _proc_status_kib("VmHWM")
    vectors = _get(result, "embeddings")
    shape = getattr(vectors, "shape", None)
    if options and shape is None:
        return {"pending": PENDING_NUMPY, "error": "as_numpy=True was accepted but .embeddings is not an array"}
    rows, dims = shape if shape is not None else (len(vectors), len(vectors[0]))  # type: ignore[arg-type,index]
    if (rows, dims) != (expect["embed_inputs"], expect["embed_dims"]):
        raise AssertionError(f"embeddings have shape {(rows, dims)}")
    first = float(vectors[0][0])  # type: ignore[index]
    if abs(first - expect["embed_first"]) > 1e-9:
        raise AssertionError(f"embeddings[0][0] is {first}, expected {expect['embed_first']}")
    parse_seconds = None
    if name == "ours" and fixtures is not None:
        from ollama_python import _json

        body = (fixtures / "embed.json").read_bytes()  # type: ignore[operator]
        start = time.perf_counter()
        _json.loads(body)
        parse_seconds = time.perf_counter() - start
    return {
        "seconds": elapsed,
        "parse_seconds": parse_seconds,
        "peak_rss_mib": peak_kib / 1024,
        # Cross-check: ru_maxrss survives execve, so a big parent could inflate it; VmHWM cannot.
        "vm_hwm_mib": None if hwm_kib is None else hwm_kib / 1024,
        "rss_before_call_mib": None if rss_before is None else rss_before / 1024,  # imports + client
        "result_type": _type_name(result),
        "embeddings_type": _type_name(vectors) + (f"[{vectors.dtype}]" if shape is not None else ""),  # type: ignore[attr-defined]
    }


def _proc_status_kib(field: str) -> int | None:
    """A memory field of /proc/self/status in KiB: ``VmRSS`` (now), ``VmHWM`` (peak since exec)."""
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith(field + ":"))
    except (OSError, StopIteration):
        return None


# -- plumbing ------------------------------------------------------------------------------------
def _type_name(value: object) -> str:
    kind = type(value)
    return f"{kind.__module__}.{kind.__qualname__}"


def versions() -> dict:
    """Versions of Python and of the packages that matter, as installed in this interpreter."""
    import contextlib
    import platform
    from importlib import metadata

    found = {"python": platform.python_version()}
    for name in (
        "ollama-python",
        "ollama",
        "orjson",
        "numpy",
        "requests",
        "urllib3",
        "dataclasses-json",
        "httpx",
        "aiohttp",
        "pydantic",
        "pydantic-core",
    ):
        with contextlib.suppress(metadata.PackageNotFoundError):
            found[name] = metadata.version(name)
    return found


def _profiled(run: object, output: str) -> object:
    """Run ``run()`` under cProfile, writing the stats to ``output``."""
    import cProfile

    profiler = cProfile.Profile()
    result: object = profiler.runcall(run)  # type: ignore[arg-type]
    profiler.dump_stats(output)
    return result


def main(argv: list) -> dict:
    """Parse the command line and run one case."""
    if len(argv) >= 1 and argv[0] == "import":
        if len(argv) != 2 or argv[1] not in IMPORT_TARGETS:
            raise SystemExit(f"usage: cases.py import {{{'|'.join(IMPORT_TARGETS)}}}")
        return measure_import(argv[1])
    import argparse
    import json
    from pathlib import Path

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("case", choices=("generate", "chat", "embed", "versions", *CONCURRENT_CASES))
    parser.add_argument("client", nargs="?", choices=CLIENTS + CONCURRENT_CLIENTS[1:])
    parser.add_argument("--url", help="the benchmark server, e.g. http://127.0.0.1:PORT")
    parser.add_argument("--fixtures", type=Path, help="directory written by fixtures.py (its manifest.json)")
    parser.add_argument("--seconds", type=float, default=0.6, help="minimum measured time (generate, chat)")
    parser.add_argument("--profile", metavar="FILE", help="write cProfile stats of the measured part to FILE")
    args = parser.parse_args(argv)
    if args.case == "versions":
        return versions()
    if args.client is None or args.url is None or args.fixtures is None:
        parser.error("generate, chat and embed need CLIENT, --url and --fixtures")
    expect = json.loads((args.fixtures / "manifest.json").read_text())["expect"]
    if args.case in CONCURRENT_CASES:
        import concurrent_cases

        run = lambda: concurrent_cases.run(args.case, args.client, args.url, expect, args.seconds)  # noqa: E731
        return _profiled(run, args.profile) if args.profile else run()  # type: ignore[return-value]
    kind = {"raw": Raw, "official": Official}.get(args.client, Ours)
    client = kind(args.url)
    if args.case == "generate":
        run = lambda: measure_generate(client, expect, args.seconds)  # noqa: E731
    elif args.case == "chat":
        run = lambda: measure_chat(client, expect, args.seconds)  # noqa: E731
    else:
        run = lambda: measure_embed(client, args.client, expect, args.fixtures)  # noqa: E731
    return _profiled(run, args.profile) if args.profile else run()  # type: ignore[return-value]


if __name__ == "__main__":
    outcome = main(sys.argv[1:])
    import json

    print(json.dumps(outcome))
