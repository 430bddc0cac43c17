"""``python -m ollama_python``: the ``ollama-python`` command line (see :mod:`ollama_python.cli`)."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
