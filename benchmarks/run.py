"""Run the whole benchmark once: fixtures, nginx, every case in its own pinned process, the report.

Called by ``benchmarks/run.sh`` after it has installed nginx and the virtualenvs:

    python benchmarks/run.py [--reps 7] [--import-reps 30] [--seconds 0.6] [--profile]

Writes ``benchmarks/results/latest.json`` and ``docs/performance.md``. With ``--profile`` it runs
only the cProfile pass for our SDK's generate and chat cases and writes
``benchmarks/results/profile-*.txt``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import pstats
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import fixtures  # noqa: E402
import report  # noqa: E402
import server  # noqa: E402

CASES_PY = HERE / "cases.py"
FIXTURES = HERE / ".fixtures"
RESULTS = HERE / "results"
VENVS = {"fast": HERE / ".venv-ours-fast", "std": HERE / ".venv-ours-std", "official": HERE / ".venv-official"}


@dataclass(frozen=True)
class Spec:
    """One row of a table: which case, under which label, run by which interpreter with which client."""

    case: str
    label: str
    venv: str
    client: str


SPECS = [
    *(
        Spec(case, label, venv, client)
        for case in ("generate", "chat", "embed")
        for label, venv, client in (
            ("raw http.client + json", "official", "raw"),
            ("ollama_python (orjson)", "fast", "ours"),
            ("ollama_python (no orjson)", "std", "ours"),
            ("ollama (official)", "official", "official"),
        )
    ),
    Spec("embed", "ollama_python as_numpy=True", "fast", "ours-numpy"),
]
OURS_AIOHTTP = "ollama_python (orjson, aiohttp)"
OURS_HTTPX = "ollama_python (httpx only, no orjson)"
OFFICIAL = "ollama (official)"
CONCURRENT_SPECS = [
    *(
        Spec(case, label, venv, client)
        for case in ("async_chat", "streams", "calls")
        for label, venv, client in (
            (OURS_AIOHTTP, "fast", "ours"),
            (OURS_HTTPX, "std", "ours"),
            (OFFICIAL, "official", "official"),
        )
    ),
    Spec("async_chat", "ollama_python AsyncGenerateAPI (orjson, aiohttp)", "fast", "ours-api"),
    Spec("threads", "ollama_python (orjson)", "fast", "ours"),
    Spec("threads", "ollama_python (no orjson)", "std", "ours"),
    Spec("threads", OFFICIAL, "official", "official"),
]
BATCH_SPECS = [
    Spec("embed_batch", "ollama_python embed_batch as_numpy=True", "fast", "ours"),
    Spec("embed_batch", "ollama_python embed_batch (lists)", "fast", "ours-list"),
    Spec("embed_batch", "ollama (official), one embed call per text", "official", "official"),
]
ROW_KEYS = {
    "generate": ["rate"],
    "chat": ["rate"],
    "embed": ["seconds", "peak_rss_mib", "vm_hwm_mib", "rss_before_call_mib", "parse_seconds"],
    "import": ["seconds"],
    "async_chat": ["rate", "cpu_us_per_chunk"],
    "streams": ["rate", "cpu_us_per_chunk"],
    "calls": ["rate", "first_burst_seconds", "cpu_us_per_call"],
    "threads": ["rate", "cpu_us_per_call"],
    "embed_batch": ["rate", "seconds", "peak_rss_mib"],
}
IMPORT_SPECS = [
    Spec("import", "python startup only", "fast", "none"),
    Spec("import", "import ollama_python (orjson)", "fast", "ollama_python"),
    Spec("import", "from ollama_python.endpoints import GenerateAPI", "fast", "ollama_python.endpoints"),
    Spec("import", "import ollama_python (no orjson)", "std", "ollama_python"),
    Spec("import", "import ollama (official)", "official", "ollama"),
    Spec("import", "import ollama_python + Client()", "fast", "ollama_python+client"),
]


def python_of(venv: str) -> str:
    """The interpreter of one of the benchmark's virtualenvs."""
    path = VENVS[venv] / "bin" / "python"
    if not path.exists():
        raise SystemExit(f"{path} is missing: run benchmarks/run.sh, which creates the virtualenvs")
    return str(path)


def run_case(spec: Spec, cpu: int | None, extra: list[str], port: int | None = None) -> dict[str, Any]:
    """Run one case in a fresh process (pinned to ``cpu``); its JSON result, the process's wall time
    and, given the server's ``port``, how many connections the process opened."""
    command = [python_of(spec.venv), str(CASES_PY), spec.case, spec.client, *extra]
    if cpu is not None:
        command = ["taskset", "-c", str(cpu), *command]
    accepted = server.accepted_connections(port) if port is not None else 0
    start = time.perf_counter()
    # cwd outside the repository: nothing there may shadow the installed packages
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=tempfile.gettempdir())
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_seconds"] = wall
    if port is not None:  # minus 1: the second status query's own connection
        result["connections"] = server.accepted_connections(port) - accepted - 1
    return result


def summarize(values: list[float]) -> dict[str, float]:
    """min / median / max of the repetitions."""
    return {"min": min(values), "median": statistics.median(values), "max": max(values)}


def _field(path: Path, name: str, separator: str) -> str:
    """The value of the first ``name<separator>value`` line of a text file."""
    return next(line.split(separator, 1)[1].strip() for line in path.read_text().splitlines() if line.startswith(name))


def machine_info() -> dict[str, Any]:
    """What the numbers were measured on."""
    cpu = "unknown"
    memory = "unknown"
    os_name = platform.platform()
    try:
        cpu = _field(Path("/proc/cpuinfo"), "model name", ":")
        memory = f"{int(_field(Path('/proc/meminfo'), 'MemTotal', ':').split()[0]) / 1024 / 1024:.1f} GiB"
        os_name = _field(Path("/etc/os-release"), "PRETTY_NAME", "=").strip('"')
    except (OSError, StopIteration):
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "os": os_name,
        "kernel": platform.release(),
        "server": server.nginx_version(),
    }


def check_venvs() -> dict[str, dict[str, str]]:
    """Package versions in each virtualenv; refuses to run if a venv is not what its rows claim."""
    found = {}
    for venv in VENVS:
        done = subprocess.run([python_of(venv), str(CASES_PY), "versions"], capture_output=True, text=True, check=True)
        found[venv] = json.loads(done.stdout)
    problems = []
    if any(name not in found["fast"] for name in ("ollama-python", "orjson", "aiohttp", "httpx")):
        problems.append(".venv-ours-fast must have ollama-python, orjson, httpx and aiohttp")
    if "orjson" in found["std"] or "aiohttp" in found["std"] or "ollama-python" not in found["std"]:
        problems.append(".venv-ours-std must have ollama-python and httpx, and neither orjson nor aiohttp")
    if "ollama" not in found["official"] or "ollama-python" in found["official"]:
        problems.append(".venv-official must have ollama and not ollama-python")
    if problems:
        raise SystemExit("; ".join(problems) + ": run benchmarks/run.sh")
    return found


def source_state() -> str:
    """The commit measured, and whether ollama_python/ had uncommitted changes (run.sh installs the working tree)."""
    try:
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--", "ollama_python", "setup.cfg"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return f"{commit} with uncommitted changes in {len(dirty.splitlines())} file(s)" if dirty else commit


def cpu_busy_seconds() -> float:
    """CPU seconds all processes on the machine have used since boot (from /proc/stat)."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds() -> float:
    """CPU seconds used by this process and its finished children (cases, nginx once stopped)."""
    import resource

    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def wait_for_quiet(limit: float = 60, threshold: float = 0.15) -> float:
    """Wait (up to ``limit`` s) until other processes use under ``threshold`` of one CPU; returns their last share."""
    deadline = time.monotonic() + limit
    while True:
        busy, own, start = cpu_busy_seconds(), own_cpu_seconds(), time.monotonic()
        time.sleep(1)
        share = (cpu_busy_seconds() - busy - (own_cpu_seconds() - own)) / (time.monotonic() - start)
        if share < threshold or time.monotonic() > deadline:
            return max(share, 0.0)  # jitter of the two clocks can make an idle machine read slightly negative
        print(f"other processes use {share:.0%} of a CPU; waiting for a quieter machine ...", flush=True)


def cpu_plan() -> tuple[int | None, int | None]:
    """(server core, client core): two different cores when there are two, else no pinning."""
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2:
        return None, None
    return cpus[0], cpus[1]


# Measured processes inherit this process's peak RSS: Linux keeps ru_maxrss across execve (and
# subprocess uses vfork). So everything memory-hungry that the orchestrator needs (writing the
# fixtures, reading 13 MB replies in the server check) runs in child processes of its own.
def ensure_fixtures() -> None:
    """Write the fixtures (in a child process) unless the current ones are up to date."""
    if not fixtures.fixtures_current(FIXTURES):
        print("writing fixtures ...", flush=True)
        subprocess.run(
            [sys.executable, str(HERE / "fixtures.py"), str(FIXTURES)], check=True, stdout=subprocess.DEVNULL
        )


def check_in_subprocess(port: int) -> dict[str, Any]:
    """:func:`server.check_server`, run in a child process; raises if the server is not as expected."""
    done = subprocess.run(
        [sys.executable, str(HERE / "server.py"), "check", str(port), str(FIXTURES)], capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"the server check failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def own_peak_rss_mib() -> float:
    """This orchestrator's peak RSS (a floor under every child's ru_maxrss, see above)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(args: argparse.Namespace) -> dict[str, Any]:
    """Everything, in one run; returns the results document."""
    started = datetime.now(timezone.utc)
    clock = time.perf_counter()
    versions = check_venvs()
    ensure_fixtures()
    server_cpu, client_cpu = cpu_plan()
    quiet_share = wait_for_quiet()
    load_before = os.getloadavg()
    busy_before, own_before, wall_before = cpu_busy_seconds(), own_cpu_seconds(), time.monotonic()
    raw: dict[str, list[dict[str, Any]]] = {}
    batch_port = server.free_port()
    with (
        tempfile.TemporaryDirectory(prefix="ollama-bench-nginx-") as work,
        server.running_nginx(Path(work), FIXTURES, server_cpu, batch_port) as port,
    ):
        check = check_in_subprocess(port)
        print(f"nginx on 127.0.0.1:{port}: {check['chat_chunks']} chunks, one per line: verified", flush=True)
        url = f"http://127.0.0.1:{port}"
        extra = ["--url", url, "--fixtures", str(FIXTURES), "--seconds", str(args.seconds)]
        for rep in range(args.reps):
            for spec in SPECS:
                result = run_case(spec, client_cpu, extra, port)
                raw.setdefault(f"{spec.case}|{spec.label}", []).append(result)
            print(f"repetition {rep + 1}/{args.reps} done ({time.perf_counter() - clock:.0f} s)", flush=True)
        for rep in range(args.reps):
            for spec in CONCURRENT_SPECS:
                raw.setdefault(f"{spec.case}|{spec.label}", []).append(run_case(spec, client_cpu, extra, port))
            print(f"concurrent repetition {rep + 1}/{args.reps} done ({time.perf_counter() - clock:.0f} s)", flush=True)
        batch_extra = ["--url", f"http://127.0.0.1:{batch_port}", *extra[2:]]
        for rep in range(args.batch_reps):
            for spec in BATCH_SPECS:
                raw.setdefault(f"{spec.case}|{spec.label}", []).append(run_case(spec, client_cpu, batch_extra, port))
            print(
                f"batch repetition {rep + 1}/{args.batch_reps} done ({time.perf_counter() - clock:.0f} s)", flush=True
            )
    for _rep in range(args.import_reps):  # no server needed
        for spec in IMPORT_SPECS:
            raw.setdefault(f"{spec.case}|{spec.label}", []).append(run_case(spec, client_cpu, []))
    print(f"imports done ({time.perf_counter() - clock:.0f} s)", flush=True)
    foreign = cpu_busy_seconds() - busy_before - (own_cpu_seconds() - own_before)
    foreign_share = max(foreign, 0.0) / (time.monotonic() - wall_before)

    rows = []
    for spec in [*SPECS, *CONCURRENT_SPECS, *BATCH_SPECS, *IMPORT_SPECS]:
        runs = raw[f"{spec.case}|{spec.label}"]
        row: dict[str, Any] = {"case": spec.case, "label": spec.label, "client": spec.client, "venv": spec.venv}
        pending = [run["pending"] for run in runs if "pending" in run]
        if pending:
            row["pending"] = pending[0]
            row["error"] = runs[0].get("error")
        else:
            for key in [*ROW_KEYS[spec.case], "process_seconds"]:
                values = [run[key] for run in runs if run.get(key) is not None]
                if values:  # parse_seconds: only this SDK's list result has it
                    row[key] = summarize(values)
            row["result_type"] = runs[0].get("result_type") or runs[0].get("file")
            if "embeddings_type" in runs[0]:
                row["embeddings_type"] = runs[0]["embeddings_type"]
        row["runs"] = runs
        rows.append(row)
    return {
        "date": started.strftime("%Y-%m-%d %H:%M UTC"),
        "command": "benchmarks/run.sh" + (f" {' '.join(args.passthrough)}" if args.passthrough else ""),
        "duration_seconds": time.perf_counter() - clock,
        "source": source_state(),
        "repetitions": args.reps,
        "import_repetitions": args.import_reps,
        "batch_repetitions": args.batch_reps,
        "min_measured_seconds": args.seconds,
        "pinning": {"server_cpu": server_cpu, "client_cpu": client_cpu},
        "load_average_before": load_before,
        "load_average_after": os.getloadavg(),
        "other_processes_cpu_share_before": quiet_share,
        "other_processes_cpu_share": foreign_share,
        "orchestrator_peak_rss_mib": own_peak_rss_mib(),
        "machine": machine_info(),
        "versions": versions,
        "server_check": check,
        "fixtures": json.loads((FIXTURES / "manifest.json").read_text()),
        "rows": rows,
    }


def profile(args: argparse.Namespace) -> None:
    """cProfile our SDK's generate, chat and async cases (main thread); top functions to
    benchmarks/results/profile-*.txt."""
    check_venvs()
    ensure_fixtures()
    server_cpu, client_cpu = cpu_plan()
    RESULTS.mkdir(exist_ok=True)
    with (
        tempfile.TemporaryDirectory(prefix="ollama-bench-nginx-") as work,
        server.running_nginx(Path(work), FIXTURES, server_cpu) as port,
    ):
        check_in_subprocess(port)
        for case in ("generate", "chat", "async_chat", "streams", "calls"):
            for venv in ("fast", "std"):
                stats_file = Path(work) / f"{case}-{venv}.prof"
                extra = ["--url", f"http://127.0.0.1:{port}", "--fixtures", str(FIXTURES), "--seconds", "1.0"]
                result = run_case(Spec(case, "", venv, "ours"), client_cpu, [*extra, "--profile", str(stats_file)])
                text = io.StringIO()
                stats = pstats.Stats(str(stats_file), stream=text)
                unit = result.get("calls") or result.get("chunks")
                text.write(f"# {case}, ollama_python in .venv-ours-{venv}, under cProfile: {result}\n")
                text.write(f"# per {'chunk' if 'chunks' in result else 'call'}: divide times by {unit}\n")
                stats.sort_stats("tottime").print_stats(25)
                stats.sort_stats("cumulative").print_stats(35)
                output = RESULTS / f"profile-{case}-{venv}.txt"
                output.write_text(text.getvalue())
                print(f"wrote {output.relative_to(ROOT)}")


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(f"stopped by signal {signum}")  # unwinds the with-blocks: nginx is stopped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reps", type=int, default=7, help="repetitions of cases 1-3 (fresh process each)")
    parser.add_argument("--import-reps", type=int, default=30, help="repetitions of the import case")
    parser.add_argument("--batch-reps", type=int, default=3, help="repetitions of the 20,000-text embed_batch case")
    parser.add_argument("--seconds", type=float, default=0.6, help="minimum measured time per generate/chat run")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (3, 10 imports, 1 batch): a check")
    parser.add_argument("--profile", action="store_true", help="only profile our SDK (generate, chat, async cases)")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "performance.md")
    args, unknown = parser.parse_known_args()
    signal.signal(signal.SIGTERM, _stop)
    if unknown:
        parser.error(f"unknown arguments: {unknown}")
    args.passthrough = sys.argv[1:]
    if args.quick:
        args.reps, args.import_reps, args.batch_reps = min(args.reps, 3), min(args.import_reps, 10), 1
    if args.profile:
        profile(args)
        return
    results = measure(args)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=1))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(report.render(results))
    print(
        f"wrote {(RESULTS / 'latest.json').relative_to(ROOT)} and {args.output} in {results['duration_seconds']:.0f} s"
    )
    print(report.summary(results))


if __name__ == "__main__":
    main()
