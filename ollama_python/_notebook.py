"""What changes inside a Jupyter kernel: answers shown live as Markdown, progress kept off stderr.

Nothing here imports IPython unless a kernel already did: outside notebooks it costs nothing,
and IPython stays optional.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from typing import Any

__all__ = ["LiveDisplay", "in_notebook", "widgets_available"]


def in_notebook() -> bool:
    """True inside a Jupyter (IPython) kernel, where rich displays are shown."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    try:
        shell = ipython.get_ipython()
    except Exception:  # a broken or partial IPython: behave as a plain script
        return False
    return shell is not None and getattr(shell, "kernel", None) is not None


def widgets_available() -> bool:
    """Whether ipywidgets (needed by tqdm's notebook bars) is installed."""
    return importlib.util.find_spec("ipywidgets") is not None


class LiveDisplay:
    """One notebook output that is replaced as an answer grows, at most every ``interval`` seconds.

    Args:
        interval: The shortest time between two updates (each one re-renders the Markdown).
    """

    def __init__(self, interval: float = 0.1) -> None:
        display: Any = importlib.import_module("IPython.display").display  # untyped: IPython is optional

        self._display = display
        self._handle: Any = None
        self._interval = interval
        self._last = 0.0

    def due(self) -> bool:
        """Whether enough time has passed since the last update to show a new one."""
        return time.monotonic() - self._last >= self._interval

    def show(self, value: Any) -> None:
        """Show ``value`` (anything with a rich representation) in place of the previous one."""
        if value is None:
            return
        if self._handle is None:
            self._handle = self._display(value, display_id=True)
        else:
            self._handle.update(value)
        self._last = time.monotonic()
