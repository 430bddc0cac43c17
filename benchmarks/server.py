"""The benchmark's server: Debian's nginx with its own configuration, serving the fixtures.

* ``POST /api/generate``, ``POST /api/embed``: static files. nginx's static handler answers POST with
  405, so ``error_page 405 =200 $uri`` re-runs the request internally as a GET of the same URI
  (nginx discards the request body first, so the kept-alive connection stays usable).
* ``GET /api/tags``: a static file.
* ``POST /api/chat``: the njs handler in ``chat_stream.js`` sends the preloaded lines one
  ``r.send()`` each, i.e. one HTTP chunk per NDJSON line, as Ollama does.
* a second port (``batch_port``) answers ``POST /api/embed`` with one vector per input text, from
  the njs handler ``embed`` (for ``embed_batch`` and the one-text-per-call loop);
* ``GET /nginx_status``: nginx's counters; :func:`accepted_connections` reads how many connections
  a measured process opened (1 proves it kept its connection alive).

:func:`check_server` proves all of that from the raw socket bytes before anything is measured.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = ["accepted_connections", "check_server", "free_port", "nginx_config", "running_nginx", "split_chunked"]

HERE = Path(__file__).resolve().parent
JS_MODULE = Path("/usr/lib/nginx/modules/ngx_http_js_module.so")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def nginx_config(work: Path, fixtures: Path, port: int, js_dir: Path = HERE, batch_port: int | None = None) -> str:
    """nginx.conf text: one worker, everything (pid, logs, temp files) under ``work``."""
    static = "\n".join(
        f"""        location = /api/{name} {{
            default_type application/json;
            alias {fixtures / f"{name}.json"};
        }}"""
        for name in ("generate", "embed", "tags")
    )
    temp_paths = "\n".join(
        f"    {kind}_temp_path {work / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    batch = (
        f"""
    js_preload_object embed_rows from {fixtures / "embed_rows.json"};
    server {{
        listen 127.0.0.1:{batch_port};
        location = /api/embed {{
            js_content ollama.embed;
        }}
    }}"""
        if batch_port is not None
        else ""
    )
    return f"""# Written by benchmarks/server.py; runs in the foreground, owned by the benchmark.
load_module {JS_MODULE};
daemon off;
worker_processes 1;
pid {work / "nginx.pid"};
error_log {work / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
{temp_paths}
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_requests 10000000;
    keepalive_timeout 600s;
    client_body_buffer_size 1m;
    client_max_body_size 64m;
    charset utf-8;
    charset_types application/json;
    etag off;
    js_path {js_dir};
    js_import ollama from chat_stream.js;
    js_preload_object chat_lines from {fixtures / "chat_lines.json"};
    server {{
        listen 127.0.0.1:{port};
        error_page 405 =200 $uri;
{static}
        location = /api/chat {{
            js_content ollama.chat;
        }}
        location = /nginx_status {{
            stub_status;
        }}
    }}{batch}
}}
"""


@contextlib.contextmanager
def running_nginx(work: Path, fixtures: Path, cpu: int | None, batch_port: int | None = None) -> Iterator[int]:
    """Start nginx (pinned to ``cpu`` when given) on a free port (and the batch embedding server on
    ``batch_port``); yields the port, stops it after."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    port = free_port()
    conf = work / "nginx.conf"
    conf.write_text(nginx_config(work, fixtures, port, batch_port=batch_port))
    command = [nginx, "-p", str(work), "-e", str(work / "error.log"), "-c", str(conf)]
    if cpu is not None:
        command = ["taskset", "-c", str(cpu), *command]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_listening(port, process, work)
        yield port
    finally:
        process.terminate()  # SIGTERM: nginx's fast shutdown of master and worker
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_listening(port: int, process: subprocess.Popen[bytes], work: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            errors = process.stderr.read().decode() if process.stderr else ""
            log = (work / "error.log").read_text() if (work / "error.log").exists() else ""
            raise RuntimeError(f"nginx exited with {process.returncode}:\n{errors}\n{log}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return
        time.sleep(0.05)
    raise RuntimeError(f"nginx did not listen on 127.0.0.1:{port} within 10 s")


def accepted_connections(port: int) -> int:
    """How many connections nginx has accepted so far (this query's own connection included)."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", "/nginx_status")
        text = connection.getresponse().read().decode()
    finally:
        connection.close()
    # "Active connections: 1 \nserver accepts handled requests\n 5 5 9 \nReading: ..."
    return int(text.splitlines()[2].split()[0])


# -- the startup check ---------------------------------------------------------------------------
def split_chunked(raw: bytes) -> tuple[int, dict[str, str], list[bytes]]:
    """Parse one complete HTTP/1.1 response with a chunked body, exactly as it came off the socket.

    Returns the status, the headers (lower-cased names) and the chunks' payloads in order. Raises
    ValueError if the bytes are not a well-formed chunked response.
    """
    head, separator, body = raw.partition(b"\r\n\r\n")
    if not separator:
        raise ValueError("no end of headers")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    status = int(status_line.split()[1])
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() != "chunked":
        raise ValueError(f"not chunked: {headers}")
    chunks: list[bytes] = []
    position = 0
    while True:
        end = body.index(b"\r\n", position)
        size = int(body[position:end].split(b";")[0], 16)
        start = end + 2
        if size == 0:
            if body[start:] != b"\r\n":
                raise ValueError(f"unexpected bytes after the last chunk: {body[start : start + 40]!r}")
            return status, headers, chunks
        chunks.append(body[start : start + size])
        if body[start + size : start + size + 2] != b"\r\n":
            raise ValueError(f"chunk at byte {position} is not followed by CRLF")
        position = start + size + 2


def _raw_exchange(port: int, request: bytes) -> bytes:
    """Send raw request bytes on a fresh socket and read until the server closes it."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(request)
        parts = []
        while data := sock.recv(1 << 20):
            parts.append(data)
    return b"".join(parts)


def _post(path: str, body: bytes, connection: str) -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: {connection}\r\n\r\n"
    ).encode() + body


def check_server(port: int, fixtures: Path) -> dict[str, Any]:
    """Verify from raw socket bytes what the benchmark relies on; raises AssertionError otherwise.

    * ``POST /api/chat`` is chunked with exactly one chunk per NDJSON line, byte-identical to the
      fixture lines, in order, as ``application/x-ndjson``;
    * ``POST /api/generate`` and ``/api/embed`` and ``GET /api/tags`` return the fixture bytes as
      ``application/json; charset=utf-8`` with status 200;
    * two POSTs with bodies on one connection both succeed (keep-alive survives the 405 detour).
    """
    expected = (fixtures / "chat.ndjson").read_bytes().splitlines(keepends=True)
    raw = _raw_exchange(port, _post("/api/chat", b'{"model":"llama3.2","messages":[]}', "close"))
    status, headers, chunks = split_chunked(raw)
    assert status == 200, f"/api/chat answered {status}"
    assert headers.get("content-type") == "application/x-ndjson", headers
    assert len(chunks) == len(expected), f"{len(chunks)} chunks for {len(expected)} lines"
    mismatched = [index for index, (chunk, line) in enumerate(zip(chunks, expected, strict=True)) if chunk != line]
    assert not mismatched, f"chunks differ from lines at {mismatched[:5]}"
    sizes = sorted(len(chunk) for chunk in chunks)

    replies = {}
    for name, method in (("generate", "POST"), ("embed", "POST"), ("tags", "GET")):
        body = b'{"model":"x"}' if method == "POST" else b""
        request = (
            _post(f"/api/{name}", body, "keep-alive") * 2
            if method == "POST"
            else f"GET /api/{name} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
        )
        request += b"GET /api/tags HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        data = _raw_exchange(port, request)  # pipelined: every reply must come back on one socket
        want = (fixtures / f"{name}.json").read_bytes()
        count = 2 if method == "POST" else 1
        for _ in range(count):
            head, _, data = data.partition(b"\r\n\r\n")
            assert head.startswith(b"HTTP/1.1 200 "), f"/api/{name}: {head[:200]!r}"
            assert b"\r\nContent-Type: application/json; charset=utf-8\r\n" in head + b"\r\n", head
            assert f"\r\nContent-Length: {len(want)}".encode() in head, head
            assert data[: len(want)] == want, f"/api/{name} body differs from the fixture"
            data = data[len(want) :]
        assert data.startswith(b"HTTP/1.1 200 "), f"connection not kept alive after /api/{name}"
        replies[name] = len(want)

    return {
        "chat_chunks": len(chunks),
        "chat_chunks_equal_lines": True,
        "chat_chunk_bytes": {"min": sizes[0], "median": sizes[len(sizes) // 2], "max": sizes[-1]},
        "chat_headers": {key: headers[key] for key in ("content-type", "transfer-encoding")},
        "static_reply_bytes": replies,
        "keepalive_after_post": True,
    }


def nginx_version() -> str:
    """``nginx/1.22.1`` and the njs package version."""
    nginx = subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr.strip().split(": ")[-1]
    njs = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Version}", "libnginx-mod-http-js"], capture_output=True, text=True
    ).stdout.strip()
    return f"{nginx} (njs module {njs or 'unknown'})"


def main(argv: list[str]) -> None:
    """``check PORT FIXTURES``: run :func:`check_server` and print its JSON (run.py does this in a
    separate process to keep its own memory small); ``serve FIXTURES``: serve until Ctrl-C or SIGTERM."""
    import json
    import sys
    import tempfile

    if len(argv) == 3 and argv[0] == "check":
        print(json.dumps(check_server(int(argv[1]), Path(argv[2]))))
    elif len(argv) == 2 and argv[0] == "serve":
        import signal

        def stop(signum: int, frame: object) -> None:
            raise KeyboardInterrupt  # leave the with-blocks below, which stop nginx

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)  # even when started in the background with SIGINT ignored
        fixtures_dir = Path(argv[1]).resolve()
        with (
            tempfile.TemporaryDirectory(prefix="bench-nginx-") as tmp,
            running_nginx(Path(tmp), fixtures_dir, None) as port,
        ):
            print(json.dumps(check_server(port, fixtures_dir)))
            print(f"serving on http://127.0.0.1:{port}; Ctrl-C or SIGTERM stops", flush=True)
            with contextlib.suppress(KeyboardInterrupt):
                while True:
                    time.sleep(3600)
    else:
        sys.exit("usage: python benchmarks/server.py check PORT FIXTURES | serve FIXTURES")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
