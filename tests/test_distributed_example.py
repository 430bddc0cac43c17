"""examples/distributed: a 20,000-text corpus embedded by Dask workers across two servers behind nginx,
one of them killed mid-job; every text gets exactly its own vector."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "distributed" / "embed_corpus.py"
sys.path.insert(0, str(EXAMPLE.parent))
from local_servers import nginx_path  # noqa: E402

pytestmark = [
    pytest.mark.skipif(
        importlib.util.find_spec("distributed") is None or importlib.util.find_spec("numpy") is None,
        reason="dask.distributed is not installed (pip install 'ollama-python[distributed]')",
    ),
    pytest.mark.skipif(nginx_path() is None, reason="nginx is not installed (Debian package nginx-light)"),
]


@pytest.mark.timeout(180)
def test_corpus_survives_a_server_killed_mid_job() -> None:
    env = {**os.environ, "PYTHONPATH": str(EXAMPLE.parent.parent.parent)}
    done = subprocess.run(
        [sys.executable, str(EXAMPLE), "--demo", "--texts", "20000", "--workers", "2"],
        capture_output=True,
        text=True,
        timeout=170,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert re.fullmatch(r"2 worker\(s\): [\d,]+ texts/s \(20,000 texts, 2 servers\)", lines[0]), lines
    assert re.fullmatch(r"killed server 0 after 13 of 40 parts", lines[1]), lines
    assert re.fullmatch(
        r"with a server killed: 20,000 vectors, [\d,]+ texts/s, sample matches: True, all distinct: True", lines[2]
    ), lines
