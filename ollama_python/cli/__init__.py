"""``ollama-python``: the command line of the SDK (also ``python -m ollama_python``).

Commands: ``list``, ``ps``, ``show``, ``pull``, ``push``, ``create``, ``cp``, ``rm``, ``run``, ``stop``, ``chat``,
``generate``, ``embed``, ``version``, ``status``, ``whoami``, ``signout``, ``recommendations``, ``web-search``,
``web-fetch``; ``ollama-python COMMAND --help`` describes each. They
talk to ``--host`` (default: ``OLLAMA_HOST``, else ``127.0.0.1:11434``) through the public
``Client``.

Output: tables and text for people on stdout; with ``--json`` one compact JSON value per line
(streaming commands print every chunk, NDJSON). Progress and errors go to stderr, errors as one
line ``error: ...``.

Exit status: 0 ok; 1 the server refused (``ResponseError``); 2 usage error
or bad input (``RequestError``); 3 the server could not be reached or timed
out (``ConnectionError``); 130 Ctrl-C.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

from ._errors import EXIT_INTERRUPTED, EXIT_OK, EXIT_REFUSED, EXIT_UNREACHABLE, EXIT_USAGE, report

__all__ = ["EXIT_INTERRUPTED", "EXIT_OK", "EXIT_REFUSED", "EXIT_UNREACHABLE", "EXIT_USAGE", "main"]

_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for `... | head`


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit status (never raises, never prints a traceback).

    Args:
        argv: The arguments after the program name (default: ``sys.argv[1:]``).
    """
    from ._parser import build_parser

    try:
        args = build_parser().parse_args(None if argv is None else list(argv))
    except SystemExit as exit:  # --help, --version, usage errors
        return exit.code if isinstance(exit.code, int) else EXIT_USAGE
    try:
        return _run(args)
    except KeyboardInterrupt:
        print(file=sys.stderr, flush=True)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return _BROKEN_PIPE
    except Exception as error:
        return report(error)


def _run(args: Any) -> int:
    from ..client import Client
    from ._commands import COMMANDS
    from ._output import Output

    options: dict[str, Any] = {"max_retries": args.retries}
    if args.timeout is not None:
        options["timeout"] = args.timeout
    if args.no_verify or args.cacert:
        options["verify"] = False if args.no_verify else args.cacert
    with Client(args.host, **options) as client:
        return COMMANDS[args.command](client, args, Output(args.json))


def _silence_stdout() -> None:
    """After a closed pipe, stop Python's final flush of stdout from complaining."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
