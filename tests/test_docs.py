"""The documentation's examples run: every ```python block in docs/, and the CLI page's commands.

Each page's ```python blocks run in order, in one namespace, in a fresh interpreter whose
``OLLAMA_HOST`` points at a fresh :class:`~ollama_python.testing.OllamaTestServer` (the ``server``
fixture), so blocks may build on the ones before them, as a reader would run them. A block whose
first line is ``# doc: skip`` is left out (the page says why). Tracebacks name the page and line.

The server has its default models (llama3.2, qwen3, all-minilm) plus ``gemma3`` with vision, and
the working directory holds the files the examples treat as the reader's own: ``photo.png`` (a
tiny PNG image) and ``model.gguf`` (stand-in weights).

The ``$ `` lines of ```console blocks run in order through ``sh`` in that directory, with
``ollama-python`` meaning ``python -m ollama_python``; each must exit with status 0, or N when the
line ends in ``# exit status N``.
"""

from __future__ import annotations

import json
import os
import re
import struct
import subprocess
import sys
import textwrap
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from ollama_python.testing import OllamaTestServer

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SKIP = "# doc: skip"
FENCE = re.compile(r"^(?P<indent>[ \t]*)```(?P<lang>[\w-]*)[^\n]*\n(?P<body>.*?)^(?P=indent)```[ \t]*$", re.M | re.S)
EXPECTED_STATUS = re.compile(r"#\s*exit status (\d+)\s*$")

# Runs in the child interpreter: blocks arrive as JSON on stdin and run in one namespace. Their
# code is compiled with the page's path and padded to the block's line, so tracebacks point there.
RUNNER = """
import json, sys
namespace = {"__name__": "__main__"}
for block in json.load(sys.stdin):
    exec(compile("\\n" * block["line"] + block["source"], block["path"], "exec"), namespace)
"""


@dataclass(frozen=True)
class Block:
    """One fenced code block of a page."""

    lang: str
    line: int  # 0-based line of the block's first code line
    source: str

    @property
    def skipped(self) -> bool:
        return self.source.lstrip().startswith(SKIP)


def blocks(page: Path) -> list[Block]:
    """Every fenced block of ``page``, in order, dedented (blocks inside tabs are indented)."""
    text = page.read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(text):
        line = text.count("\n", 0, match.start("body"))
        found.append(Block(match["lang"], line, textwrap.dedent(match["body"])))
    return found


def pages_with(lang: str) -> list[Path]:
    return [page for page in sorted(DOCS.rglob("*.md")) if any(b.lang == lang for b in blocks(page))]


def page_id(page: Path) -> str:
    return page.relative_to(DOCS).as_posix()


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """The reader's files: an image and a weights file."""
    (tmp_path / "photo.png").write_bytes(_tiny_png())
    (tmp_path / "model.gguf").write_bytes(b"GGUF" + bytes(252))
    return tmp_path


@pytest.fixture
def docs_server(server: OllamaTestServer) -> OllamaTestServer:
    server.add_model("gemma3", capabilities=["completion", "vision"])
    return server


def _tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0\xff\0\0"))
        + chunk(b"IEND", b"")
    )


def _environment(server: OllamaTestServer) -> dict[str, str]:
    env = dict(
        os.environ,
        OLLAMA_HOST=server.url,
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    )
    env.pop("OLLAMA_API_KEY", None)
    return env


@pytest.mark.parametrize("page", pages_with("python"), ids=page_id)
def test_python_examples_run(page: Path, docs_server: OllamaTestServer, workdir: Path) -> None:
    runnable = [
        {"path": str(page), "line": block.line, "source": block.source}
        for block in blocks(page)
        if block.lang == "python" and not block.skipped
    ]
    result = subprocess.run(
        [sys.executable, "-c", RUNNER],
        input=json.dumps(runnable),
        capture_output=True,
        text=True,
        cwd=workdir,
        env=_environment(docs_server),
        timeout=60,
    )
    assert result.returncode == 0, f"{page_id(page)} failed:\n{result.stderr}\n--- stdout ---\n{result.stdout}"


@pytest.mark.parametrize("page", pages_with("console"), ids=page_id)
def test_console_commands_run(page: Path, docs_server: OllamaTestServer, workdir: Path) -> None:
    shim = workdir / "bin" / "ollama-python"
    shim.parent.mkdir()
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m ollama_python "$@"\n')
    shim.chmod(0o755)
    env = _environment(docs_server)
    env["PATH"] = f"{shim.parent}{os.pathsep}{env['PATH']}"
    commands = [
        line[2:]
        for block in blocks(page)
        if block.lang == "console" and not block.skipped
        for line in block.source.splitlines()
        if line.startswith("$ ")
    ]
    assert commands, f"{page_id(page)} has console blocks but no commands"
    for command in commands:
        expected = EXPECTED_STATUS.search(command)
        result = subprocess.run(
            ["sh", "-c", command],
            capture_output=True,
            text=True,
            cwd=workdir,
            env=env,
            stdin=subprocess.DEVNULL,
            timeout=60,
        )
        assert result.returncode == (int(expected[1]) if expected else 0), (
            f"{page_id(page)}: `{command}` exited {result.returncode}:\n{result.stderr}\n--- stdout ---\n{result.stdout}"
        )


def test_examples_are_found() -> None:
    """The extraction itself works: every guide has examples, and skipping stays rare."""
    python_blocks = [block for page in DOCS.rglob("*.md") for block in blocks(page) if block.lang == "python"]
    assert len(python_blocks) > 50
    assert sum(block.skipped for block in python_blocks) <= 5
