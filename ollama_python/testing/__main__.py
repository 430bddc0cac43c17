"""Run the fake Ollama server in the foreground.

Usage::

    python -m ollama_python.testing [--host 127.0.0.1] [--port 11434] [--model NAME ...]

The first line printed on stdout is the server URL. Stop it with Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from ._server import OllamaTestServer

__all__ = ["main"]


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m ollama_python.testing", description="Run a deterministic fake Ollama server."
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="TCP port (default: 0 = pick a free port)")
    parser.add_argument(
        "--model",
        action="append",
        dest="models",
        metavar="NAME",
        help="model to preinstall (repeatable; default: llama3.2, qwen3, all-minilm)",
    )
    parser.add_argument("--version", dest="server_version", default="0.32.15", help="version reported by /api/version")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Start the server, print its URL and block until Ctrl-C or SIGTERM.

    Args:
        argv: Command-line arguments (defaults to ``sys.argv[1:]``).

    Returns:
        The process exit status.
    """
    args = _parse_args(argv)
    stop = threading.Event()
    server = OllamaTestServer(models=args.models, version=args.server_version, host=args.host, port=args.port)
    try:
        server.start()
    except OSError as error:
        print(f"error: cannot listen on {args.host}:{args.port}: {error}", file=sys.stderr)
        return 1
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print(server.url, flush=True)
    print(
        f"fake Ollama {server.version} listening; try: OLLAMA_HOST={server.host}  (Ctrl-C to stop)",
        file=sys.stderr,
        flush=True,
    )
    try:
        while not stop.wait(0.2):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
