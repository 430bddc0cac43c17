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


# What each import must leave unloaded: the modules only some calls need. `import ollama_python`
# loads no submodule with a public name in it (each is imported on first access); one sync
# endpoint class loads neither the async classes, nor the other endpoint groups, nor the Client.
NOT_LOADED_BY = {
    "import ollama_python": (
        "ollama_python.client",
        "ollama_python.async_client",
        "ollama_python._client_base",
        "ollama_python._default_client",
        "ollama_python._functions",
        "ollama_python._payloads",
        "ollama_python._streaming",
        "ollama_python._flows",
        "ollama_python.endpoints",
        "ollama_python.types",
        "ollama_python.errors",
        "logging",
        "inspect",
        "dataclasses",
        "asyncio",
        "threading",
    ),
    "from ollama_python.endpoints import GenerateAPI": (
        "ollama_python.client",
        "ollama_python.async_client",
        "ollama_python._client_base",
        "ollama_python._functions",
        "ollama_python.endpoints.async_generate",
        "ollama_python.endpoints.async_embedding",
        "ollama_python.endpoints.async_model_management",
        "ollama_python.endpoints.embedding",
        "ollama_python.endpoints.model_management",
        "ollama_python._flows",
        "ollama_python._schema",
        "ollama_python.tools",
        "ollama_python.progress",
        "logging",
        "asyncio",
    ),
}


@pytest.mark.parametrize("statement", sorted(NOT_LOADED_BY))
def test_import_leaves_what_it_does_not_need_unloaded(statement: str) -> None:
    probe = PROBE.format(statement=statement, heavy=NOT_LOADED_BY[statement])
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(done.stdout) == []


def test_lazy_names_resolve_to_their_modules_and_cover_the_module_functions() -> None:
    probe = (
        "import json, ollama_python as o, ollama_python._functions as f\n"
        "names = [n for n in o.__all__ if n != '__version__']\n"
        "assert all(getattr(o, n).__name__ == n for n in names if not n.startswith('_'))\n"
        "print(json.dumps([sorted(f.__all__), sorted(o._FUNCTIONS), sorted(set(names) - set(dir(o)))]))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    generated, listed, missing_from_dir = json.loads(done.stdout)
    assert listed == generated  # a Client method added to _functions.py must be listed in __init__._FUNCTIONS
    assert missing_from_dir == []


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
