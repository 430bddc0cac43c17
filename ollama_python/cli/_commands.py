"""One function per subcommand: call the SDK, hand the result to the output.

Every command takes the shared ``Client``, the parsed arguments and the
``Output``, and returns the exit status. Errors are raised, not printed: the entry point
turns them into one line on stderr and an exit code.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from .._version import __version__
from ..client import Client
from ..errors import RequestError, ResponseError
from . import _render
from ._chat import ChatSettings, Conversation, run_chat
from ._errors import EXIT_OK, report
from ._output import Output
from ._transfer import bars_available, follow

__all__ = ["COMMANDS", "Command"]

Command = Callable[[Client, argparse.Namespace, Output], int]


def _now() -> datetime:
    return datetime.now(timezone.utc)


def list_models(client: Client, args: argparse.Namespace, output: Output) -> int:
    """``list``: installed models."""
    response = client.list()
    if output.json:
        output.record(response)
    else:
        output.lines(_render.models_table(response, _now()))
    return EXIT_OK


def running_models(client: Client, args: argparse.Namespace, output: Output) -> int:
    """``ps``: models loaded in memory."""
    response = client.ps()
    if output.json:
        output.record(response)
    else:
        output.lines(_render.running_table(response, _now()))
    return EXIT_OK


def show(client: Client, args: argparse.Namespace, output: Output) -> int:
    """``show MODEL``: a summary, or one section with ``--modelfile`` and friends."""
    response = client.show(args.model)
    if args.section is None:
        if output.json:
            output.record(response)
        else:
            output.lines(_render.show_summary(response, metadata=args.metadata))
        return EXIT_OK
    text = _render.show_section(response, args.section)
    if output.json:
        output.record({args.section: text})
    elif text:
        output.block(text)
    return EXIT_OK


def pull(client: Client, args: argparse.Namespace, output: Output) -> int:
    """``pull MODEL``: download, with progress."""
    with client.pull(args.model, insecure=args.insecure, stream=True) as reports:
        follow(reports, output)
    return EXIT_OK


def push(client: Client, args: argparse.Namespace, output: Output) -> int:
    """``push MODEL``: upload to a registry, with progress."""
    with client.push(args.model, insecure=args.insecure, stream=True) as reports:
        follow(reports, output)
    return EXIT_OK


def create(client: Client, args: argparse.Namespace, output: Output) -> int:
    """``create NAME -f Modelfile``: local files are uploaded as blobs first."""
    if not os.path.isfile(args.file):
        raise RequestError(f"no such Modelfile: {args.file!r} (pass one with -f)", argument="file")
    params: dict[str, Any] = {"path": args.file}
    if args.quantize:
        params["quantize"] = args.quantize
    if not output.json and bars_available():
        # progress=True also draws the hashing and upload of local weights, which a stream cannot show
        client.create(args.name, progress=True, **params)
        return EXIT_OK
    with client.create(args.name, stream=True, **params) as reports:
        follow(reports, output)
    return EXIT_OK


def copy(client: Client, args: argparse.Namespace, output: Output) -> int:
    """``cp SOURCE DESTINATION``."""
    status = client.copy(args.source, args.destination)
    if output.json:
        output.record({"source": args.source, "destination": args.destination, **status.to_wire()})
    else:
        output.line(f"copied '{args.source}' to '{args.destination}'")
    return EXIT_OK


def remove(client: Client, args: argparse.Namespace, output: Output) -> int:
    """``rm MODEL...``: every model is tried; a refusal is reported and the others still go."""
    worst = EXIT_OK
    for name in args.models:
        try:
            status = client.delete(name)
        except ResponseError as error:  # a connection failure stops the loop instead
            worst = max(worst, report(error))
            continue
        if output.json:
            output.record({"model": name, **status.to_wire()})
        else:
            output.line(f"deleted '{name}'")
    return worst


def _settings(args: argparse.Namespace) -> ChatSettings:
    return ChatSettings(
        model=args.model,
        system=args.system,
        options=_options(args) or {},
        think=args.think,
        format=args.format,
        keep_alive=args.keepalive,
        verbose=args.verbose,
        hide_thinking=args.hidethinking,
    )


def chat(client: Client, args: argparse.Namespace, output: Output) -> int:
    """``chat MODEL [PROMPT]``: one answer, or an interactive conversation (piped lines are messages)."""
    conversation = Conversation(client, _settings(args))
    prompt = " ".join(args.prompt).strip()
    if prompt:
        conversation.ask(prompt, output)
        return EXIT_OK
    return run_chat(conversation, output)


def run_model(client: Client, args: argparse.Namespace, output: Output) -> int:
    """``run MODEL [PROMPT]``: as ``ollama run``: one answer for a prompt (or piped stdin), else interactive."""
    conversation = Conversation(client, _settings(args))
    prompt = " ".join(args.prompt).strip()
    if sys.stdin is not None and not sys.stdin.isatty():
        piped = sys.stdin.read().strip()
        prompt = f"{prompt}\n\n{piped}" if prompt and piped else prompt or piped
        if not prompt:
            raise RequestError("run needs a PROMPT when stdin is not a terminal; stdin was empty", argument="prompt")
    if prompt:
        conversation.ask(prompt, output)
        return EXIT_OK
    return run_chat(conversation, output)


def stop(client: Client, args: argparse.Namespace, output: Output) -> int:
    """``stop MODEL``: unload it from memory now (a generate request with ``keep_alive=0``)."""
    response = client.generate(args.model, keep_alive=0)
    if output.json:
        output.record(response)
    return EXIT_OK


def generate(client: Client, args: argparse.Namespace, output: Output) -> int:
    """``generate MODEL PROMPT``: stream a completion (the prompt may come on stdin)."""
    prompt = " ".join(args.prompt).strip() or _stdin_text()
    extra: dict[str, Any] = {"system": args.system, "options": _options(args)}
    wrote = False
    with client.generate(args.model, prompt, stream=True, **extra) as chunks:
        for chunk in chunks:
            if output.json:
                output.record(chunk)
            else:
                output.piece(chunk.response)
                wrote = wrote or bool(chunk.response)
    if wrote:
        output.line()
    return EXIT_OK


def _stdin_text() -> str:
    if sys.stdin is None or sys.stdin.isatty():
        raise RequestError("generate needs a PROMPT (as arguments or on stdin)", argument="prompt")
    text = sys.stdin.read().strip()
    if not text:
        raise RequestError("generate needs a PROMPT; stdin was empty", argument="prompt")
    return text


def _options(args: argparse.Namespace) -> dict[str, Any] | None:
    pairs: list[tuple[str, Any]] = args.options or []
    return dict(pairs) or None


def embed(client: Client, args: argparse.Namespace, output: Output) -> int:
    """``embed MODEL TEXT...``: one vector per text."""
    response = client.embed(args.model, list(args.texts), dimensions=args.dimensions)
    if output.json:
        output.record(response)
    else:
        for vector in response.embeddings:
            output.line(_json_array(vector))
    return EXIT_OK


def _json_array(vector: list[float]) -> str:
    return json.dumps(vector, separators=(",", ":"))


def version(client: Client, args: argparse.Namespace, output: Output) -> int:
    """``version``: this package's version and the server's."""
    if not output.json:
        output.line(f"client version: {__version__}")
    response = client.version()
    if output.json:
        output.record({**response.to_wire(), "client_version": __version__})
    else:
        output.line(f"server version: {response.version}")
    return EXIT_OK


def status(client: Client, args: argparse.Namespace, output: Output) -> int:
    """``status``: whether cloud features are on, and what turned them off."""
    response = client.status()
    if output.json:
        output.record(response)
    else:
        output.lines(_render.status_lines(response))
    return EXIT_OK


def whoami(client: Client, args: argparse.Namespace, output: Output) -> int:
    """``whoami``: the signed-in account; signed out, the error names the link to open in a browser."""
    response = client.whoami()
    if output.json:
        output.record(response)
    else:
        output.lines(_render.user_lines(response))
    return EXIT_OK


def signout(client: Client, args: argparse.Namespace, output: Output) -> int:
    """``signout``: unlink the server's machine from ollama.com (``--json`` prints nothing: the reply is empty)."""
    client.signout()
    if not output.json:
        output.line("signed out of ollama.com")
    return EXIT_OK


def recommendations(client: Client, args: argparse.Namespace, output: Output) -> int:
    """``recommendations``: the models the server suggests, as a table."""
    response = client.model_recommendations()
    if output.json:
        output.record(response)
    else:
        output.lines(_render.recommendations_table(response))
    return EXIT_OK


def web_search(client: Client, args: argparse.Namespace, output: Output) -> int:
    """``web-search QUERY``: ollama.com (API key) or, with ``--via server``, the local server."""
    response = client.web_search(" ".join(args.query), args.max_results, via=args.via)
    if output.json:
        output.record(response)
    else:
        output.lines(_render.search_lines(response))
    return EXIT_OK


def web_fetch(client: Client, args: argparse.Namespace, output: Output) -> int:
    """``web-fetch URL``: a page's title, text and links."""
    response = client.web_fetch(args.url, via=args.via)
    if output.json:
        output.record(response)
    else:
        output.lines(_render.page_lines(response))
    return EXIT_OK


COMMANDS: dict[str, Command] = {
    "list": list_models,
    "ps": running_models,
    "show": show,
    "pull": pull,
    "push": push,
    "create": create,
    "cp": copy,
    "rm": remove,
    "run": run_model,
    "stop": stop,
    "chat": chat,
    "generate": generate,
    "embed": embed,
    "version": version,
    "status": status,
    "whoami": whoami,
    "signout": signout,
    "recommendations": recommendations,
    "web-search": web_search,
    "web-fetch": web_fetch,
}
"""Each subcommand's function, by its canonical name."""
