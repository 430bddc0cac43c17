"""``python -m ollama_python``: the ``ollama-python`` command line (see ``cli``)."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
