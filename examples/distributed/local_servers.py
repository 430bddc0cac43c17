"""Fake Ollama servers (``python -m ollama_python.testing``) behind nginx, on 127.0.0.1.

What a deployment has in real life (several ``ollama serve`` behind a load balancer), small
enough for a laptop or CI: each server is its own process, so one can be killed mid-job.
nginx (Debian: ``apt-get install nginx-light``) balances round-robin; a server that refuses
connections is skipped (``proxy_next_upstream``) and left out for 30 s (``max_fails``).
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path


def nginx_path() -> str | None:
    """The nginx binary, or None when it is not installed."""
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


@dataclass
class BalancedServers:
    """The balancer's URL and the servers behind it."""

    url: str
    servers: list[subprocess.Popen[str]] = field(default_factory=list)

    def kill(self, index: int) -> None:
        """Kill server ``index`` at once (SIGKILL): its connections drop mid-request."""
        self.servers[index].kill()
        self.servers[index].wait()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start_server() -> tuple[subprocess.Popen[str], int]:
    process = subprocess.Popen(
        [sys.executable, "-m", "ollama_python.testing", "--model", "all-minilm"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    url = process.stdout.readline().strip()  # the first line is the server's URL
    if not url.startswith("http://"):
        process.kill()
        raise RuntimeError(f"the test server did not start: {url!r}")
    return process, int(url.rsplit(":", 1)[1])


def _config(work: Path, port: int, upstreams: list[int]) -> str:
    servers = "\n".join(f"        server 127.0.0.1:{up} max_fails=1 fail_timeout=30s;" for up in upstreams)
    temps = "\n".join(
        f"    {kind}_temp_path {work / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""daemon off;
worker_processes 1;
pid {work / "nginx.pid"};
error_log {work / "error.log"} crit;
events {{ worker_connections 256; }}
http {{
    access_log off;
{temps}
    upstream ollama {{
{servers}
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 64m;
        client_body_buffer_size 4m;
        location / {{
            proxy_pass http://ollama;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_read_timeout 60s;
            proxy_next_upstream error timeout;
        }}
    }}
}}
"""


@contextlib.contextmanager
def balanced_servers(count: int) -> Iterator[BalancedServers]:
    """``count`` fake servers behind nginx; everything is stopped on exit."""
    nginx = nginx_path()
    if nginx is None:
        raise RuntimeError("nginx is not installed (Debian: apt-get install nginx-light)")
    with tempfile.TemporaryDirectory(prefix="ollama-balancer-") as tmp:
        work = Path(tmp)
        cluster = BalancedServers(url="")
        balancer = None
        try:
            ports = []
            for _ in range(count):
                process, server_port = _start_server()
                cluster.servers.append(process)
                ports.append(server_port)
            port = _free_port()
            (work / "nginx.conf").write_text(_config(work, port, ports))
            balancer = subprocess.Popen(
                [nginx, "-p", str(work), "-e", str(work / "error.log"), "-c", str(work / "nginx.conf")],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            deadline = time.monotonic() + 10
            while True:
                with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
                if balancer.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"nginx did not start on 127.0.0.1:{port}")
                time.sleep(0.05)
            cluster.url = f"http://127.0.0.1:{port}"
            yield cluster
        finally:
            for process in [*cluster.servers, *([balancer] if balancer is not None else [])]:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
