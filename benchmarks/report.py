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
IMPORT_OFFICIAL = "import ollama (official)"


def _row(results: dict[str, Any], case: str, label: str) -> dict[str, Any]:
    return next(row for row in results["rows"] if row["case"] == case and row["label"] == label)


def _median(row: dict[str, Any], key: str) -> float | None:
    return None if "pending" in row else float(row[key]["median"])


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target of the issue with the measured ratio (ours / official, medians) and whether it is met."""
    specs = [
        ("1", "generate calls/s", "generate", OURS, "rate", ">=", 1.0),
        ("2", "chat chunks/s", "chat", OURS, "rate", ">=", 2.0),
        ("3", "embed seconds (list result)", "embed", OURS, "seconds", "<=", 0.5),
        ("3", "embed seconds (as_numpy float32)", "embed", OURS_NUMPY, "seconds", "<=", 0.5),
        ("3", "embed peak RSS (as_numpy float32)", "embed", OURS_NUMPY, "peak_rss_mib", "<=", 0.5),
        ("4", "cold import seconds", "import", IMPORT_OURS, "seconds", "<=", 0.6),
    ]
    out = []
    for number, what, case, label, key, sense, bound in specs:
        ours = _row(results, case, label)
        official = _row(results, case, IMPORT_OFFICIAL if case == "import" else OFFICIAL)
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
    rows.append(["`.embeddings` is a", *[f"`{column.get('embeddings_type', '')}`" for column in columns]])
    return _table(["", *labels], rows)


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

## 4. Cold import

Seconds spent in the `import` statement, timed inside a fresh interpreter (`time.perf_counter()`
around it). The whole-process column also includes interpreter startup and exit.
`import ollama` also builds the official module's default client, so
`import ollama_python + Client()` is the like-for-like comparison.

{_import_table(results)}

## Reproduce

```sh
benchmarks/run.sh                 # installs nginx and the venvs if needed, then measures everything
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
