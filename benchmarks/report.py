"""Turn ``benchmarks/results/latest.json`` into ``docs/performance.md``.

``benchmarks/run.py`` calls :func:`render` at the end of a run; to re-render the last results:

    python benchmarks/report.py [benchmarks/results/latest.json] [docs/performance.md]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

__all__ = ["render", "summary", "targets"]

OURS = "ollama_python (orjson)"
OURS_STD = "ollama_python (no orjson)"
OURS_NUMPY = "ollama_python as_numpy=True"
OFFICIAL = "ollama (official)"
RAW = "raw http.client + json"
IMPORT_OURS = "import ollama_python (orjson)"
IMPORT_ENDPOINTS = "from ollama_python.endpoints import GenerateAPI"
IMPORT_OFFICIAL = "import ollama (official)"
OURS_AIOHTTP = "ollama_python (orjson, aiohttp)"
OURS_HTTPX = "ollama_python (httpx only, no orjson)"
OURS_ASYNC_API = "ollama_python AsyncGenerateAPI (orjson, aiohttp)"
BATCH_OURS = "ollama_python embed_batch as_numpy=True"
BATCH_OURS_LIST = "ollama_python embed_batch (lists)"
BATCH_NAIVE = "ollama (official), one embed call per text"


def _row(results: dict[str, Any], case: str, label: str) -> dict[str, Any]:
    return next(row for row in results["rows"] if row["case"] == case and row["label"] == label)


def _median(row: dict[str, Any], key: str) -> float | None:
    return None if "pending" in row or key not in row else float(row[key]["median"])


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target of the issue with the measured ratio (ours / official, medians) and whether it is met."""
    specs = [
        ("1", "generate calls/s", "generate", OURS, "rate", ">=", 1.0),
        ("2", "chat chunks/s", "chat", OURS, "rate", ">=", 2.0),
        ("3", "embed seconds (list result)", "embed", OURS, "seconds", "<=", 0.5),
        ("3", "embed seconds (as_numpy float32)", "embed", OURS_NUMPY, "seconds", "<=", 0.5),
        ("3", "embed peak RSS (as_numpy float32)", "embed", OURS_NUMPY, "peak_rss_mib", "<=", 0.5),
        ("4", "import ollama_python seconds", "import", IMPORT_OURS, "seconds", "<=", 0.3),
        (
            "4",
            "from ollama_python.endpoints import GenerateAPI seconds",
            "import",
            IMPORT_ENDPOINTS,
            "seconds",
            "<=",
            0.5,
        ),
        ("5", "async single stream chunks/s (AsyncClient)", "async_chat", OURS_AIOHTTP, "rate", ">=", 2.0),
        ("5", "async single stream chunks/s (AsyncGenerateAPI)", "async_chat", OURS_ASYNC_API, "rate", ">=", 2.0),
        ("6", "100 concurrent streams chunks/s", "streams", OURS_AIOHTTP, "rate", ">=", 2.0),
        ("6", "100 concurrent streams CPU per chunk", "streams", OURS_AIOHTTP, "cpu_us_per_chunk", "<=", 0.5),
        ("7", "200 concurrent generate calls/s", "calls", OURS_AIOHTTP, "rate", ">=", 1.5),
        ("7", "200 concurrent: first burst on a fresh client", "calls", OURS_AIOHTTP, "first_burst_seconds", "<=", 1.0),
        ("8", "16 threads, one Client: calls/s", "threads", OURS, "rate", ">=", 1.5),
        ("9", "embed_batch 20,000 texts: texts/s vs the naive loop", "embed_batch", BATCH_OURS, "rate", ">=", 3.0),
    ]
    baselines = {"import": IMPORT_OFFICIAL, "embed_batch": BATCH_NAIVE}
    out = []
    for number, what, case, label, key, sense, bound in specs:
        ours = _row(results, case, label)
        official = _row(results, case, baselines.get(case, OFFICIAL))
        mine, theirs = _median(ours, key), _median(official, key)
        item: dict[str, Any] = {
            "number": number,
            "what": what,
            "target": f"{sense} {bound:g}x official",
            "ours": mine,
            "official": theirs,
        }
        if mine is None or theirs is None:
            item.update(ratio=None, met=None, status=ours.get("pending", "no data"))
        else:
            ratio = mine / theirs
            met = ratio >= bound if sense == ">=" else ratio <= bound
            paired = sorted(a[key] / b[key] for a, b in zip(ours["runs"], official["runs"], strict=True))
            item["paired"] = (paired[0], paired[-1])
            if met:
                status = "met"
            elif sense == ">=":
                status = f"not met: {ratio:.2f}x, needs {bound / ratio - 1:+.0%} more"
            else:
                status = f"not met: {ratio:.2f}x, needs {bound / ratio - 1:+.0%}"
            item.update(ratio=ratio, met=met, status=status, unit=key)
        out.append(item)
    return out


# -- formatting ----------------------------------------------------------------------------------
def _fmt(key: str, value: float) -> str:
    if key == "rate":
        return f"{value:,.0f}"
    if key.startswith("cpu_us"):
        return f"{value:,.1f} us"
    if key.endswith("_mib"):
        return f"{value:.1f} MiB"
    if value < 1:
        return f"{value * 1000:.1f} ms"
    return f"{value:.2f} s"


def _triple(row: dict[str, Any], key: str) -> list[str]:
    if "pending" in row:
        return [row["pending"], "", ""]
    return [_fmt(key, row[key][part]) for part in ("min", "median", "max")]


def _ratio(row: dict[str, Any], base: dict[str, Any], key: str) -> str:
    mine, theirs = _median(row, key), _median(base, key)
    return "" if mine is None or theirs is None else f"{mine / theirs:.2f}x"


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _rate_table(results: dict[str, Any], case: str, unit: str) -> str:
    official = _row(results, case, OFFICIAL)
    raw = _row(results, case, RAW)
    rows = []
    for label in (RAW, OURS, OURS_STD, OFFICIAL):
        row = _row(results, case, label)
        rows.append(
            [
                label,
                *_triple(row, "rate"),
                _ratio(row, official, "rate"),
                _ratio(row, raw, "rate"),
                _connections(row),
                f"`{row.get('result_type', '')}`",
            ]
        )
    return _table(
        [
            "client",
            f"min {unit}",
            f"**median {unit}**",
            f"max {unit}",
            "median / official",
            "median / raw",
            "connections per run",
            "one result is a",
        ],
        rows,
    )


def _connections(row: dict[str, Any]) -> str:
    """How many TCP connections each run opened, as nginx counted them (e.g. ``1`` or ``1-2``)."""
    counts = sorted({run["connections"] for run in row["runs"] if "connections" in run})
    if not counts:
        return ""
    return str(counts[0]) if len(counts) == 1 else f"{counts[0]}-{counts[-1]}"


def _embed_table(results: dict[str, Any]) -> str:
    labels = [RAW, OFFICIAL, OURS, OURS_NUMPY, OURS_STD]
    columns = [_row(results, "embed", label) for label in labels]
    official = _row(results, "embed", OFFICIAL)
    rows = []
    for key, name in (("seconds", "seconds"), ("peak_rss_mib", "peak RSS")):
        for index, part in enumerate(("min", "median", "max")):
            cells = [_triple(column, key)[index] if "pending" not in column or index == 0 else "" for column in columns]
            rows.append([f"**{name} {part}**" if part == "median" else f"{name} {part}", *cells])
        rows.append([f"{name}: median / official", *[_ratio(column, official, key) for column in columns]])
    rows.append(["VmHWM cross-check, median", *(_triple(column, "vm_hwm_mib")[1] for column in columns)])
    rows.append(
        [
            "RSS before the call (imports + client), median",
            *(_triple(column, "rss_before_call_mib")[1] for column in columns),
        ]
    )
    rows.append(
        [
            "of which the JSON parse alone, median (same library, same reply)",
            *(_triple(column, "parse_seconds")[1] if _median(column, "parse_seconds") else "" for column in columns),
        ]
    )
    rows.append(["`.embeddings` is a", *[f"`{column.get('embeddings_type', '')}`" for column in columns]])
    return _table(["", *labels], rows)


def _embed_floor(results: dict[str, Any]) -> str:
    """What the list result's time is made of: the JSON parse, against the official client's total."""
    parse = _median(_row(results, "embed", OURS), "parse_seconds")
    total = _median(_row(results, "embed", OURS), "seconds")
    official = _median(_row(results, "embed", OFFICIAL), "seconds")
    if not parse or not total or not official:
        return ""
    return f"""
For the list result, turning the reply's {results["fixtures"]["files"]["embed.json"]["bytes"]:,} bytes of JSON into a
million Python floats takes {_fmt("seconds", parse)} with orjson alone, measured in the same process after the call:
{parse / official:.2f}x the official client's whole call. {_share(parse, total)} A list result cannot go
under the parse; `as_numpy=True` parses the rows into float32 as they arrive instead.
"""


def _share(part: float, whole: float) -> str:
    """``part`` as a share of ``whole``; medians of separate measurements, so "about all" when
    the difference is within the run's noise."""
    if part >= whole * 0.95:
        return "It is about all of our call: the rest (request, body, response object) is within the noise."
    rest = _fmt("seconds", whole - part)
    return f"It is {part / whole:.0%} of our call; the rest (request, body, response object) is {rest}."


def _rss_warning(results: dict[str, Any]) -> str:
    """A warning when ru_maxrss and VmHWM disagree by more than 1 MiB in any run."""
    bad = [
        row["label"]
        for row in results["rows"]
        if row["case"] == "embed"
        for run in row["runs"]
        if run.get("vm_hwm_mib") is not None and abs(run["peak_rss_mib"] - run["vm_hwm_mib"]) > 1
    ]
    if not bad:
        return " The two agree within 1 MiB in every run."
    return f" **Warning: they disagree by more than 1 MiB for {', '.join(sorted(set(bad)))}.**"


def _import_table(results: dict[str, Any]) -> str:
    official = _row(results, "import", IMPORT_OFFICIAL)
    rows = []
    for row in (r for r in results["rows"] if r["case"] == "import"):
        modules = sorted(run["modules_loaded"] for run in row["runs"])[len(row["runs"]) // 2]
        rows.append(
            [
                row["label"],
                *_triple(row, "seconds"),
                _ratio(row, official, "seconds") if row["client"] != "none" else "",
                _fmt("seconds", row["process_seconds"]["median"]),
                str(modules),
            ]
        )
    return _table(
        ["what", "min", "**median**", "max", "median / official", "whole process (median wall)", "modules loaded"], rows
    )


def _case_table(results: dict[str, Any], case: str, columns: list[tuple[str, str]], baseline: str = OFFICIAL) -> str:
    """Medians (and min-max) of ``columns`` (key, heading) for every row of ``case``, with ratios to ``baseline``."""
    base = _row(results, case, baseline)
    rows = []
    for row in (r for r in results["rows"] if r["case"] == case):
        cells = [row["label"]]
        for key, _ in columns:
            low, median, high = _triple(row, key)
            cells += [f"**{median}** ({low} - {high})", _ratio(row, base, key)]
        cells += [_connections(row), f"`{row.get('result_type', '')}`"]
        rows.append(cells)
    header = ["client"]
    for _, heading in columns:
        header += [f"{heading}: median (min - max)", "/ " + ("naive loop" if baseline == BATCH_NAIVE else "official")]
    return _table([*header, "connections per run", "one result is a"], rows)


def _meaning(results: dict[str, Any]) -> str:
    """The section for users: what the client's cost buys, in their units."""
    streams = {label: _row(results, "streams", label) for label in (OURS_AIOHTTP, OURS_HTTPX, OFFICIAL)}
    cpu = {label: _median(row, "cpu_us_per_chunk") for label, row in streams.items()}
    imports = {label: _median(_row(results, "import", label), "seconds") for label in (IMPORT_OURS, IMPORT_OFFICIAL)}
    tokens = 50  # a typical local model's tokens per second per stream

    def per_core(label: str) -> str:
        value = cpu[label]
        return "?" if not value else f"{1e6 / (value * tokens):,.0f}"

    return f"""## What the numbers mean for you

- **One stream from a real model: the server sets the pace.** A model generating {tokens} tokens per
  second sends {tokens} chunks per second; every client here parses a chunk in microseconds, so one
  stream costs any of them well under 0.1% of a core. Switching clients will not make one answer
  arrive sooner.
- **Many streams in one process: client CPU per chunk is what limits you.** An application serving
  many users from one Python process pays the client's CPU for every chunk of every stream. With
  100 concurrent streams through one `AsyncClient` this run measured {_fmt("cpu_us", cpu[OURS_AIOHTTP] or 0)} of
  client CPU per chunk for this SDK with the `aiohttp` extra, {_fmt("cpu_us", cpu[OURS_HTTPX] or 0)} with httpx alone,
  and {_fmt("cpu_us", cpu[OFFICIAL] or 0)} for the official client. At {tokens} tokens/s per stream, one core
  saturates at about {per_core(OURS_AIOHTTP)} concurrent streams with ours (`aiohttp` extra), {per_core(OURS_HTTPX)} with
  httpx alone, and {per_core(OFFICIAL)} with the official client; what is left of the core is yours for the
  application itself.
- **Concurrent calls and threads:** bursts of non-streamed calls and threads sharing one client
  spend less time in the client per call (sections 7 and 8), which matters for request fan-out
  (retrieval, agents, evaluation runs) against fast or many servers.
- **Batch jobs:** `embed_batch` sends batches in parallel instead of one request per text; against a
  real server the speed-up comes from fewer round trips and from the server batching the work, and
  `as_numpy=True` keeps memory at 4 bytes per value (section 9).
- **Start-up:** `import ollama_python` took {_fmt("seconds", imports[IMPORT_OURS] or 0)} against
  {_fmt("seconds", imports[IMPORT_OFFICIAL] or 0)} for `import ollama`: scripts, command-line tools and
  serverless functions start sooner (dataclasses-json, requests and httpx load only when first used).
- These numbers come from a local nginx serving recorded replies, to measure the client alone.
  Your numbers depend on your CPU; the ratios in one run are the comparable part.
"""


def render(results: dict[str, Any]) -> str:
    """The Markdown of docs/performance.md."""
    machine, pin, check = results["machine"], results["pinning"], results["server_check"]
    versions = results["versions"]
    target_rows = []
    for item in targets(results):
        unit = item.get("unit", "seconds")
        target_rows.append(
            [
                f"({item['number']}) {item['what']}",
                item["target"],
                "" if item["ours"] is None else _fmt(unit, item["ours"]),
                "" if item["official"] is None else _fmt(unit, item["official"]),
                "" if item["ratio"] is None else f"{item['ratio']:.2f}x",
                "" if "paired" not in item else f"{item['paired'][0]:.2f}x - {item['paired'][1]:.2f}x",
                f"**{item['status']}**",
            ]
        )
    pinning = (
        f"nginx pinned to CPU {pin['server_cpu']}, every measured process to CPU {pin['client_cpu']} (`taskset`)"
        if pin["server_cpu"] is not None
        else "no pinning (fewer than two CPUs available)"
    )
    version_rows = [
        [venv, ", ".join(f"{name} {version}" for name, version in found.items())] for venv, found in versions.items()
    ]
    fx = results["fixtures"]
    expect = fx["expect"]
    sizes = {name: info["bytes"] for name, info in fx["files"].items()}
    load_before = ", ".join(f"{value:.2f}" for value in results["load_average_before"])
    load_after = ", ".join(f"{value:.2f}" for value in results["load_average_after"])
    return f"""# Performance

Measured by `{results["command"]}` on {results["date"]} in one run of {results["duration_seconds"]:.0f} s.
Every number on this page comes from that run; re-run the command to refresh it (the page is
generated, edit `benchmarks/report.py` instead). Medians of {results["repetitions"]} repetitions
({results["import_repetitions"]} for imports), each in a fresh process.

{_meaning(results)}
## Targets

Ratios are our median over the official client's median, from the same run. Repetitions run the
clients in turn (round-robin), so each repetition also gives a paired ratio; their range shows
how stable the comparison is.

{_table(["measure", "target", "ollama_python", "ollama (official)", "ratio", "ratio per repetition", "status"], target_rows)}

## Setup

- Code measured: commit {results["source"]} (`run.sh` installs the working tree as it is).
- Machine: {machine["cpu"]}, {machine["cores"]} CPUs, {machine["memory"]}; {machine["os"]}, Linux {machine["kernel"]}.
- {pinning}. Other processes on the machine (the benchmark does not stop them) used
  {max(results["other_processes_cpu_share"], 0.0):.0%} of one CPU on average during the measurements
  ({max(results["other_processes_cpu_share_before"], 0.0):.0%} just before; load average before / after: {load_before} / {load_after}).
  They compete with the pinned processes and widen the min-max spread; the medians and the per-repetition
  ratios are the robust numbers.
- Server: {machine["server"]} from Debian's packages, started by the benchmark with its own
  configuration on 127.0.0.1 (one worker, keep-alive for 10 million requests), serving pre-generated
  Ollama replies: `POST /api/generate` ({sizes["generate.json"]:,} bytes), `POST /api/chat`
  ({expect["chat_chunks"]:,} NDJSON lines, {sizes["chat.ndjson"]:,} bytes), `POST /api/embed`
  ({expect["embed_inputs"]} x {expect["embed_dims"]} float32 values, {sizes["embed.json"]:,} bytes), `GET /api/tags`.
- Chat framing: one HTTP chunk per NDJSON line, as Ollama sends it. The njs handler calls `r.send()`
  once per line, and nginx's chunked filter frames each call as its own chunk. Before measuring,
  the benchmark reads a raw socket and checks the framing: {check["chat_chunks"]:,} chunks, each
  byte-identical to one fixture line (chunk sizes {check["chat_chunk_bytes"]["min"]}-{check["chat_chunk_bytes"]["max"]}
  bytes), `{check["chat_headers"]["transfer-encoding"]}`, `{check["chat_headers"]["content-type"]}`.
- Fixtures: deterministic, with Ollama's shapes: RFC 3339 timestamps with nanoseconds and `Z`,
  metrics and `done_reason` on the final chunk, and float32 values written the way Go writes them.

Virtualenvs (under `benchmarks/`; the official package is never a dependency of ours):

{_table(["venv", "packages"], version_rows)}

## 1. Sequential non-streamed `generate` over one kept-alive connection

Calls per second. A run is a fresh process: {3 * 25} warm-up calls, then calls for at least
{results["min_measured_seconds"]} s. "Connections per run" is nginx's count of connections the process opened
(`stub_status`): 1 means every call went over one kept-alive connection. The clients are `GenerateAPI(url).generate(prompt, model=...)`,
`ollama.Client(host=url).generate(model=..., prompt=...)`, and `http.client` `POST` + `json.loads`.

{_rate_table(results, "generate", "calls/s")}

## 2. Streamed `chat`: chunks per second, each parsed into a typed object

A run is a fresh process: one warm-up stream, then whole {expect["chat_chunks"]:,}-chunk streams for at
least {results["min_measured_seconds"]} s. Each chunk's `message.content` is read.
Ours: `GenerateAPI(url).chat(messages, model=..., stream=True)` yields `ChatResponse` dataclasses
(with `created_at` parsed to `datetime`). Official: `Client.chat(..., stream=True)` yields pydantic
`ChatResponse`. Raw: `for line in response: json.loads(line)` gives dicts.

{_rate_table(results, "chat", "chunks/s")}

## 3. One `embed` of {expect["embed_inputs"]} x {expect["embed_dims"]}: seconds and peak memory, fresh process per run

Seconds of the `embed` call only (the client object already exists; for `as_numpy=True` numpy is
imported before the call, as a program using the array would, so its import time is not counted
but its memory is). Peak RSS is
`resource.getrusage(RUSAGE_SELF).ru_maxrss` of the whole process at the end, including the
interpreter and every import, with nothing subtracted. Linux keeps `ru_maxrss` across `execve`, so
the benchmark's orchestrator stays small (its own peak: {results["orchestrator_peak_rss_mib"]:.1f} MiB) and every run
also reports `VmHWM` from `/proc/self/status`, which starts afresh at `exec`.{_rss_warning(results)}

{_embed_table(results)}
{_embed_floor(results)}
## 4. Cold import

Seconds spent in the `import` statement, timed inside a fresh interpreter (`time.perf_counter()`
around it). The whole-process column also includes interpreter startup and exit.
`import ollama` also builds the official module's default client, so
`import ollama_python + Client()` is the like-for-like comparison.

{_import_table(results)}

## 5. Async: one streamed chat

`AsyncClient(host=url).chat(model=..., messages=..., stream=True)` (and `AsyncGenerateAPI(url).chat(...)`)
against the official `ollama.AsyncClient`, `async for` over whole {expect["chat_chunks"]:,}-chunk streams for
at least {results["min_measured_seconds"]} s after one warm-up stream; each chunk is parsed into the
client's type and its `message.content` read. Client CPU is `time.process_time()` of the process over
the measured part. "orjson, aiohttp" is this SDK with the `fast` and `aiohttp` extras; "httpx only"
is the `async` extra alone (httpx's own sockets, the standard library's JSON).

{_case_table(results, "async_chat", [("rate", "chunks/s"), ("cpu_us_per_chunk", "client CPU per chunk")])}

## 6. 100 concurrent streamed chats through one `AsyncClient`

`asyncio.gather` of 100 streamed chats of 500 chunks each (the server stops at `options.num_predict`,
as Ollama does), rounds of 100 after a warm-up round, for at least {results["min_measured_seconds"]} s: total chunks per
second and client CPU per chunk.

{_case_table(results, "streams", [("rate", "chunks/s"), ("cpu_us_per_chunk", "client CPU per chunk")])}

## 7. 200 concurrent non-streamed `generate` calls through one `AsyncClient`

The first burst of 200 runs on a fresh client (it opens the connections); then bursts of 200 for at
least {results["min_measured_seconds"]} s. Both clients keep at most 100 connections.

{_case_table(results, "calls", [("rate", "calls/s"), ("first_burst_seconds", "first burst"), ("cpu_us_per_call", "client CPU per call")])}

## 8. 16 threads sharing one sync `Client`

Non-streamed `generate` from 16 threads through one `Client` (ours: `ollama_python.Client(host=url)`),
for {results["min_measured_seconds"]} s after 5 warm-up calls per thread.

{_case_table(results, "threads", [("rate", "calls/s"), ("cpu_us_per_call", "client CPU per call")])}

## 9. `embed_batch` of 20,000 short texts against the loop a user writes

Ours: `EmbeddingAPI(url).embed_batch(texts, model=..., batch_size=64, concurrency=4, as_numpy=True)`
(the defaults, with the float32 result), and the same with lists. The baseline is the obvious code with
the official client: `[client.embed(model=..., input=text).embeddings[0] for text in texts]`. The server
answers one 384-value vector per text. Peak RSS is the whole process's `ru_maxrss`. Memory is bounded by
the result: at most `concurrency` replies are in flight, and with `as_numpy=True` each reply is parsed
straight into a float32 array (4 bytes a value instead of a 24-byte Python float plus its list slot),
then the batches are joined into one array, so the peak is about twice the 29 MiB float32 result plus
the interpreter and numpy; the list form holds every value as a Python float. Medians of {results.get("batch_repetitions", 1)} repetitions.

{_case_table(results, "embed_batch", [("rate", "texts/s"), ("seconds", "seconds"), ("peak_rss_mib", "peak RSS")], BATCH_NAIVE)}

## Reproduce

```sh
benchmarks/run.sh                 # installs nginx and the venvs if needed, then measures everything
benchmarks/run.sh --quick         # fewer repetitions (3, 1 for embed_batch): a check in ~3 minutes
benchmarks/run.sh --profile       # cProfile of our generate and chat hot paths -> benchmarks/results/
python benchmarks/report.py       # re-render this page from benchmarks/results/latest.json
```
"""


def summary(results: dict[str, Any]) -> str:
    """A few lines for the terminal."""
    lines = []
    for item in targets(results):
        ratio = "-" if item["ratio"] is None else f"{item['ratio']:.2f}x"
        lines.append(f"({item['number']}) {item['what']}: {ratio} (target {item['target']}): {item['status']}")
    return "\n".join(lines)


if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else here / "results" / "latest.json"
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else here.parent / "docs" / "performance.md"
    data = json.loads(source.read_text())
    target.write_text(render(data))
    print(f"wrote {target}")
    print(summary(data))
