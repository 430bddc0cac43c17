"""Download a model with a progress bar per layer, like ``ollama pull``.

    pip install tqdm   # for the bars
    OLLAMA_HOST=http://localhost:11434 python examples/pull_with_progress.py [model]

The model is the first argument, else OLLAMA_MODEL (default: llama3.2). Pulling a model that
is already up to date only checks its layers. Without tqdm, the progress is printed as text.
"""

import os
import sys

from ollama_python import MissingDependencyError, ModelManagementAPI

name = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("OLLAMA_MODEL", "llama3.2")

with ModelManagementAPI() as models:
    try:
        final = models.pull(name, progress=True)  # bars on stderr (widgets in Jupyter)
    except MissingDependencyError:
        # Without tqdm: read the progress stream yourself.
        for report in models.pull(name, stream=True):
            if report.total and report.completed is not None:
                print(f"{report.status}: {report.completed / report.total:.0%} of {report.total / 1e6:.1f} MB")
            else:
                print(report.status)
            final = report

print(f"{name}: {final.status}")
