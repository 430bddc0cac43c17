"""Writing results to stdout: text for people, or one JSON value per line with ``--json``."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from typing import IO, Any

from ..types import WireModel

__all__ = ["Output", "to_json"]


def to_json(value: WireModel | Mapping[str, Any]) -> str:
    """Compact one-line JSON of a response (``to_wire()``: unset fields left out, RFC 3339 times)."""
    data = value.to_wire() if isinstance(value, WireModel) else dict(value)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)


class Output:
    """Where a command writes its results.

    Args:
        json_mode: ``--json`` was given: commands call ``record``, never ``line``.
        stream: Defaults to ``sys.stdout`` at construction time.
    """

    def __init__(self, json_mode: bool, stream: IO[str] | None = None) -> None:
        self.json = json_mode
        self._stream = stream if stream is not None else sys.stdout

    def line(self, text: str = "") -> None:
        """One line of text."""
        self._stream.write(text + "\n")
        self._stream.flush()

    def lines(self, texts: list[str]) -> None:
        """Several lines of text."""
        for text in texts:
            self._stream.write(text + "\n")
        self._stream.flush()

    def piece(self, text: str) -> None:
        """Streamed text, shown at once (no newline added)."""
        if text:
            self._stream.write(text)
            self._stream.flush()

    def block(self, text: str) -> None:
        """Text printed as is, ending with exactly one newline."""
        self._stream.write(text if text.endswith("\n") else text + "\n")
        self._stream.flush()

    def record(self, value: WireModel | Mapping[str, Any]) -> None:
        """One JSON object on its own line (NDJSON when called repeatedly)."""
        self.line(to_json(value))
