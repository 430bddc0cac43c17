"""Behind a real load balancer: nginx round-robin over two test servers, one of them failing.

nginx (Debian's ``nginx-light``) is started by the test with its own configuration, pid file,
logs and temporary paths in a temporary directory, listening on a free port of 127.0.0.1. Its
upstream is two ``OllamaTestServer``: one healthy, one answering every call with Ollama's own
503 "server busy". ``proxy_next_upstream off`` makes nginx hand that 503 to the client instead
of retrying it itself, so the calls succeed only through the SDK's retries. Streaming goes
through unbuffered (``proxy_buffering off``), as a deployment in front of Ollama must be set up.
"""

from __future__ import annotations

import contextlib
import itertools
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ollama_python import Client, GenerateAPI, ServerBusyError
from ollama_python.testing import JSONReply, NDJSONReply, OllamaTestServer, free_port, generate_chunk, generate_final

NGINX = shutil.which("nginx") or next(
    (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).exists()), None
)
pytestmark = pytest.mark.skipif(
    NGINX is None, reason="nginx is not installed (Debian package nginx-light: apt-get install -y nginx-light)"
)

BUSY = "server busy, please try again.  maximum pending requests exceeded"
# Round-robin sends every other attempt to the failing server, so about every call is retried
# once, after the default backoff (0.25-0.5 s: Ollama's 503 has no Retry-After): 20 calls take
# about 8 s.
CALLS = 20


def nginx_config(work: Path, port: int, upstreams: list[int]) -> str:
    servers = "\n".join(f"        server 127.0.0.1:{upstream};" for upstream in upstreams)
    temp_paths = "\n".join(
        f"    {kind}_temp_path {work / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""# Written by tests/test_load_balancer.py for one test run.
daemon off;
worker_processes 1;
pid {work / "nginx.pid"};
error_log {work / "error.log"} warn;
events {{ worker_connections 256; }}
http {{
    access_log {work / "access.log"};
{temp_paths}
    upstream ollama {{
        # Round-robin (the default): requests alternate between the two servers.
{servers}
        keepalive 8;
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 64m;
        client_body_buffer_size 1m;  # bodies stay in memory: no temporary files
        location / {{
            proxy_pass http://ollama;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_buffering off;
            proxy_read_timeout 30s;
            # The 503 reaches the client: only the client's retries can get past it.
            proxy_next_upstream off;
        }}
    }}
}}
"""


@contextlib.contextmanager
def running_nginx(work: Path, upstreams: list[int]) -> Iterator[str]:
    """Start nginx in the foreground (``daemon off``) on a free port; yields its URL, stops it after."""
    assert NGINX is not None
    port = free_port()
    conf = work / "nginx.conf"
    conf.write_text(nginx_config(work, port, upstreams))
    process = subprocess.Popen(
        [NGINX, "-p", str(work), "-e", str(work / "error.log"), "-c", str(conf)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            if process.poll() is not None:
                errors = process.stderr.read().decode() if process.stderr else ""
                log = (work / "error.log").read_text() if (work / "error.log").exists() else ""
                pytest.fail(f"nginx exited with {process.returncode}:\n{errors}\n{log}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
            if time.monotonic() > deadline:
                pytest.fail(f"nginx did not listen on 127.0.0.1:{port} within 10 s")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()  # SIGTERM: nginx's fast shutdown of the master and its worker
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stderr is not None:
            process.stderr.close()


@dataclass
class Cluster:
    url: str
    healthy: OllamaTestServer
    failing: OllamaTestServer
    work: Path


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    with OllamaTestServer() as healthy, OllamaTestServer() as failing:
        busy = JSONReply({"error": BUSY}, status=503)  # as Ollama answers: no Retry-After
        for method, path in (("POST", "/api/generate"), ("POST", "/api/chat"), ("GET", "/api/version")):
            failing.enqueue(method, path, busy, times=None)
        with running_nginx(tmp_path, [healthy.port, failing.port]) as url:
            yield Cluster(url, healthy, failing, tmp_path)


def test_calls_keep_succeeding_through_retries_when_one_upstream_fails(cluster: Cluster) -> None:
    answers: list[str] = []
    with Client(cluster.url, timeout=10) as client:  # the default retry policy
        for index in range(CALLS):
            prompt = f"call {index}"
            if index % 2:
                answers.append(client.chat("llama3.2", [{"role": "user", "content": prompt}]).message.content)
            else:
                answers.append(client.generate("llama3.2", prompt).response)

    assert answers == [f"You said: call {index}" for index in range(CALLS)]
    healthy = [
        r.json["prompt"] if r.path == "/api/generate" else r.json["messages"][0]["content"]
        for r in cluster.healthy.requests
    ]
    assert healthy == [f"call {index}" for index in range(CALLS)]  # each reached the healthy one once
    # The failing server really was asked, and every 503 it gave was retried past.
    refused = len(cluster.failing.requests)
    assert refused >= CALLS // 4
    # nginx passed each of those 503s on to the client, which sent the call again.
    statuses = logged_statuses(cluster, expected=refused + CALLS)
    assert statuses.count(503) == refused
    assert statuses.count(200) == CALLS
    assert len(statuses) == CALLS + refused


def logged_statuses(cluster: Cluster, expected: int) -> list[int]:
    """The status of every request in nginx's access log (combined format: after the request
    line's closing quote). nginx writes a request's line only after sending its reply, so the
    client can be done first: wait (briefly) until ``expected`` lines are there.
    """
    deadline = time.monotonic() + 5
    while True:
        lines = (cluster.work / "access.log").read_text().splitlines()
        if len(lines) >= expected or time.monotonic() > deadline:
            return [int(line.split('"')[2].split()[0]) for line in lines]
        time.sleep(0.02)


def test_without_retries_the_503_reaches_the_caller(cluster: Cluster) -> None:
    errors = 0
    with GenerateAPI(cluster.url, model="llama3.2", timeout=10, max_retries=0) as gen:
        for index in range(6):
            try:
                assert gen.generate(f"no retry {index}").response == f"You said: no retry {index}"
            except ServerBusyError as error:
                assert error.status_code == 503
                assert error.error == BUSY
                errors += 1
    assert errors == len(cluster.failing.requests) >= 2  # round-robin sent some to the failing one


def test_streaming_through_nginx_arrives_line_by_line(cluster: Cluster) -> None:
    lines = [generate_chunk(f"{index} ") for index in range(5)]
    lines.append(generate_final(created_at="2025-10-26T17:15:25Z", done_reason=None))
    cluster.healthy.enqueue(
        "POST",
        "/api/chat",
        NDJSONReply(
            [
                {
                    "model": "llama3.2",
                    "message": {"role": "assistant", "content": line["response"]},
                    "done": line["done"],
                }
                for line in lines
            ],
            interval=0.25,
        ),
    )

    arrivals: list[float] = []
    with GenerateAPI(cluster.url, model="llama3.2", timeout=10) as gen:
        started = time.monotonic()
        text = ""
        for part in gen.chat([{"role": "user", "content": "count"}], stream=True):
            arrivals.append(time.monotonic() - started)
            text += part.message.content

    assert text == "0 1 2 3 4 "
    assert len(arrivals) == 6
    # Line by line as the server wrote them (0.25 s apart), not all at once when nginx's buffer filled.
    assert arrivals[-1] - arrivals[0] >= 1.0
    assert all(later - earlier >= 0.1 for earlier, later in itertools.pairwise(arrivals))
