"""The command line's grammar: global options and one subparser per command (argparse).

Global options (``--host``, ``--json``, ``--timeout``) are accepted before or after the
command name: ``ollama-python --json list`` and ``ollama-python list --json`` are the same.
Usage errors are one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
from typing import Any, NoReturn

from .. import _json
from .._version import __version__
from ._render import SHOW_SECTIONS

__all__ = ["build_parser"]

_DESCRIPTION = "Manage and try models on an Ollama server (any host) from the command line."
_EPILOG = (
    "exit status: 0 ok, 1 the server refused (e.g. model not found), 2 usage error or bad input, "
    "3 server unreachable or timed out, 130 interrupted"
)


class _Parser(argparse.ArgumentParser):
    """argparse with one-line usage errors."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"error: {message} (see '{self.prog} --help')\n")


def _option_pair(text: str) -> tuple[str, Any]:
    """``KEY=VALUE`` for ``--option``; the value is read as JSON when it parses (numbers, lists...)."""
    key, sep, raw = text.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    try:
        value: Any = _json.loads(raw)
    except ValueError:
        value = raw
    return key.strip(), value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seconds, got {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got {text!r}")
    return value


def _global_options(parser: argparse.ArgumentParser, suppress: bool) -> None:
    """Add --host/--json/--timeout/--retries/--cacert/--no-verify; on subparsers their defaults must
    not override the main ones."""

    def default(value: Any) -> Any:
        return argparse.SUPPRESS if suppress else value

    parser.add_argument(
        "--host",
        default=default(None),
        help="server, e.g. 127.0.0.1:11434 or https://host/ollama (default: $OLLAMA_HOST)",
    )
    parser.add_argument(
        "--json", action="store_true", default=default(False), help="machine-readable output: one JSON value per line"
    )
    parser.add_argument(
        "--timeout",
        type=_positive_float,
        default=default(None),
        metavar="SECONDS",
        help="give up when the server is silent this long (default: 30 s for quick commands, 600 s otherwise)",
    )
    parser.add_argument(
        "--retries",
        type=int,
        default=default(0),
        metavar="N",
        help="retry a refused connection or a busy server N times (default: 0, report at once)",
    )
    parser.add_argument("--cacert", default=default(None), metavar="FILE", help="trust this CA bundle for https://")
    parser.add_argument(
        "--no-verify", action="store_true", default=default(False), help="do not verify the server's TLS certificate"
    )


def _model_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--system", help="system prompt")
    parser.add_argument(
        "-o",
        "--option",
        dest="options",
        action="append",
        type=_option_pair,
        metavar="KEY=VALUE",
        help="model option, repeatable (e.g. -o temperature=0 -o num_ctx=8192)",
    )


def _think_value(text: str) -> bool | str:
    """``--think`` alone is True; ``--think=false`` turns it off; a level (``high``) is sent as is."""
    lowered = text.lower()
    return {"true": True, "false": False}.get(lowered, text)


def _format_value(text: str) -> Any:
    """``json``, or a JSON schema given inline."""
    if text.lstrip().startswith("{"):
        try:
            return _json.loads(text)
        except ValueError as error:
            raise argparse.ArgumentTypeError(f"--format: not valid JSON: {error}") from None
    return text


def _conversation_options(parser: argparse.ArgumentParser) -> None:
    _model_options(parser)
    parser.add_argument(
        "--think",
        nargs="?",
        const=True,
        type=_think_value,
        metavar="LEVEL",
        help="let a thinking model think (optionally: false, low, medium, high)",
    )
    parser.add_argument("--hidethinking", action="store_true", help="do not print the model's thinking")
    parser.add_argument("--format", type=_format_value, help="answer format: json, or a JSON schema")
    parser.add_argument("--keepalive", metavar="DURATION", help="how long the model stays loaded, e.g. 5m or 0")
    parser.add_argument("--verbose", action="store_true", help="print timings and tokens/s after each answer")


def build_parser() -> argparse.ArgumentParser:
    """The ``ollama-python`` parser; ``args.command`` names the chosen command."""
    parser = _Parser(prog="ollama-python", description=_DESCRIPTION, epilog=_EPILOG)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _global_options(parser, suppress=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True, parser_class=_Parser)

    def command(name: str, help: str, aliases: tuple[str, ...] = ()) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = commands.add_parser(name, help=help, description=help, aliases=list(aliases))
        sub.set_defaults(command=name)
        _global_options(sub, suppress=True)
        return sub

    command("list", "list installed models", ("ls",))
    command("ps", "list models loaded in memory")

    show = command("show", "show a model's details")
    show.add_argument("model", metavar="MODEL")
    sections = show.add_mutually_exclusive_group()
    for section in SHOW_SECTIONS:
        sections.add_argument(
            f"--{section}", dest="section", action="store_const", const=section, help=f"print only the {section}"
        )
    show.add_argument("--metadata", action="store_true", help="also list the model's metadata (model_info)")

    for name, verb in (("pull", "download a model from a registry"), ("push", "upload a model to a registry")):
        transfer = command(name, verb)
        transfer.add_argument("model", metavar="MODEL")
        transfer.add_argument("--insecure", action="store_true", help="allow a registry over plain HTTP")

    create = command("create", "create a model from a Modelfile")
    create.add_argument("name", metavar="NAME")
    create.add_argument("-f", "--file", default="Modelfile", help="the Modelfile (default: ./Modelfile)")
    create.add_argument("-q", "--quantize", metavar="TYPE", help="quantize the weights, e.g. q4_K_M or q8_0")

    copy = command("cp", "copy a model under a new name", ("copy",))
    copy.add_argument("source", metavar="SOURCE")
    copy.add_argument("destination", metavar="DESTINATION")

    remove = command("rm", "remove models", ("delete",))
    remove.add_argument("models", metavar="MODEL", nargs="+")

    run = command("run", "run a model: one answer for PROMPT (or piped stdin), else an interactive chat")
    run.add_argument("model", metavar="MODEL")
    run.add_argument("prompt", metavar="PROMPT", nargs="*", help="ask this once and exit")
    _conversation_options(run)

    stop = command("stop", "unload a model from memory now")
    stop.add_argument("model", metavar="MODEL")

    chat = command("chat", "chat with a model: one answer for PROMPT, else one message per input line (/bye quits)")
    chat.add_argument("model", metavar="MODEL")
    chat.add_argument("prompt", metavar="PROMPT", nargs="*", help="ask this once and exit")
    _conversation_options(chat)

    generate = command("generate", "complete a prompt, streaming the answer")
    generate.add_argument("model", metavar="MODEL")
    generate.add_argument("prompt", metavar="PROMPT", nargs="*", help="the prompt (default: read stdin)")
    _model_options(generate)

    embed = command("embed", "embed texts: one vector per text")
    embed.add_argument("model", metavar="MODEL")
    embed.add_argument("texts", metavar="TEXT", nargs="+")
    embed.add_argument("--dimensions", type=int, metavar="N", help="shorten the vectors to N dimensions")

    command("version", "show the client's and the server's versions")
    command("status", "whether the server may use ollama.com (cloud models, web tools), and what turned that off")
    command("whoami", "the ollama.com account the server's machine is signed in to")
    command("signout", "sign the server's machine out of its ollama.com account")
    command("recommendations", "models the server suggests (experimental)")

    search = command("web-search", "search the web (ollama.com with OLLAMA_API_KEY, or --via server)")
    search.add_argument("query", metavar="QUERY", nargs="+")
    search.add_argument("--max-results", type=int, default=3, metavar="N", help="how many results (default: 3)")
    _via_option(search)
    fetch = command("web-fetch", "fetch a web page's title, text and links (ollama.com, or --via server)")
    fetch.add_argument("url", metavar="URL")
    _via_option(fetch)
    return parser


def _via_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--via",
        choices=["server"],
        help="ask the --host server, which uses its machine's ollama.com sign-in (default: ollama.com, "
        "which needs OLLAMA_API_KEY)",
    )
