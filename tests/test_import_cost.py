"""What `import ollama_python` loads: nothing heavy until it is needed (start-up time of scripts and the CLI)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("dataclasses_json", "marshmallow", "requests", "urllib3", "httpx", "numpy", "tqdm", "email.utils")

PROBE = """
import json, sys
{statement}
print(json.dumps(sorted(name for name in {heavy!r} if name in sys.modules)))
"""


@pytest.mark.parametrize(
    "statement",
    ["import ollama_python", "from ollama_python.endpoints import GenerateAPI", "from ollama_python import Client"],
)
def test_import_loads_nothing_heavy(statement: str) -> None:
    probe = PROBE.format(statement=statement, heavy=HEAVY)
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(done.stdout) == []


def test_dataclasses_json_methods_load_it_on_first_use() -> None:
    probe = (
        "import sys\nfrom ollama_python import VersionResponse\n"
        "assert 'dataclasses_json' not in sys.modules\n"
        "text = VersionResponse(version='0.9.0').to_json()\n"
        "assert VersionResponse.from_json(text).version == '0.9.0'\n"
        "assert 'version' in VersionResponse.schema().fields\n"
        "print(text)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(done.stdout) == {"version": "0.9.0"}
