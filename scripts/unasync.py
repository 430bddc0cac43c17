"""Write the sync endpoint classes and ``Client`` from their async originals (httpcore's way).

The async classes are written by hand; their sync twins are the same code with the async words
taken out (``async def`` -> ``def``, ``await x`` -> ``x``, ``AsyncStream`` -> ``Stream``...), then
formatted with ruff. One module function per ``Client`` method is written too. First, the
``Args`` entries of request fields in the async originals are refreshed from their declarations
(``field_docs.py``). The output is committed, so readers, debuggers and type checkers see plain
code. ``python scripts/unasync.py --check`` fails when anything is stale (CI runs it).
"""

from __future__ import annotations

import argparse
import ast
import copy
import re
import shutil
import subprocess
import sys
from pathlib import Path

import field_docs

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "ollama_python"

# async original -> generated sync twin
FILES = {
    PACKAGE / "endpoints" / "async_generate.py": PACKAGE / "endpoints" / "generate.py",
    PACKAGE / "endpoints" / "async_embedding.py": PACKAGE / "endpoints" / "embedding.py",
    PACKAGE / "endpoints" / "async_model_management.py": PACKAGE / "endpoints" / "model_management.py",
    PACKAGE / "async_client.py": PACKAGE / "client.py",
}

# Whole words renamed; ``httpx.AsyncClient`` (a session type named in docstrings) is left alone.
NAMES = {
    "AsyncGenerateAPI": "GenerateAPI",
    "AsyncEmbeddingAPI": "EmbeddingAPI",
    "AsyncModelManagementAPI": "ModelManagementAPI",
    "AsyncClient": "Client",
    "AsyncStream": "Stream",
    "AsyncEndpoint": "SyncEndpoint",
    "AsyncClientBase": "SyncClientBase",
    "async_generate": "generate",
    "async_embedding": "embedding",
    "async_model_management": "model_management",
    "async_client": "client",
    "aclose": "close",
}
WORDS = re.compile(r"(?<!httpx\.)\b(" + "|".join(NAMES) + r")\b")
ASYNC_KEYWORDS = re.compile(r"\basync (def|with|for)\b")
AWAIT = re.compile(r"\bawait ")
ORIGIN = re.compile(r"Written by hand; ``scripts/unasync.py`` generates the sync twin from it\.")


def unasync(source: str, origin: Path) -> str:
    """The sync twin of an async module's text."""
    note = f"Generated from ``{origin.relative_to(ROOT).as_posix()}`` by ``scripts/unasync.py``: edit that file."
    if not ORIGIN.search(source):
        raise SystemExit(f"{origin}: its docstring must say it is the hand-written original")
    text = WORDS.sub(lambda match: NAMES[match.group(1)], source)
    text = ORIGIN.sub(note, text)
    text = ASYNC_KEYWORDS.sub(r"\1", text)
    return _formatted(AWAIT.sub("", text), origin)


FUNCTIONS = PACKAGE / "_functions.py"
FUNCTIONS_DOC = '''"""The module functions (``ollama_python.chat(...)``): ``Client``'s methods on a default client.

Generated from ``ollama_python/async_client.py`` (through ``client.py``) by ``scripts/unasync.py``:
edit that file. Each function has its method's signature, overloads and docstring.
"""
'''


def module_functions(client_source: str) -> str:
    """``_functions.py``: one function per public ``Client`` method, calling the default client."""
    tree = ast.parse(client_source)
    imports = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
    client = next(node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == "Client")
    functions = [_function(node) for node in client.body if _is_public_method(node)]
    names = ast.parse(f"__all__ = {sorted({function.name for function in functions})!r}").body
    body = [*imports, ast.parse("from ._default_client import default_client").body[0], *names, *functions]
    text = FUNCTIONS_DOC + "\n" + "\n\n".join(ast.unparse(node) for node in body) + "\n"
    return _formatted(text, FUNCTIONS)


def _is_public_method(node: ast.stmt) -> bool:
    return isinstance(node, ast.FunctionDef) and not node.name.startswith("_")


def _function(method: ast.stmt) -> ast.FunctionDef:
    function = copy.deepcopy(method)
    assert isinstance(function, ast.FunctionDef)
    function.args.args = function.args.args[1:]  # self
    if any(isinstance(decorator, ast.Name) and decorator.id == "overload" for decorator in function.decorator_list):
        return function
    names = [argument.arg for argument in [*function.args.args, *function.args.kwonlyargs]]
    forward = ", ".join(f"{name}={name}" for name in names)
    call = ast.parse(f"return default_client().{function.name}({forward})").body
    docstring = function.body[:1] if ast.get_docstring(function) is not None else []
    function.body = [*docstring, *call]
    return function


def _formatted(text: str, origin: Path) -> str:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        raise SystemExit("ruff is needed to format the generated code: pip install -e '.[dev]'")
    name = str(origin.with_name("generated.py"))
    for command in ([ruff, "check", "--select", "I,F401", "--fix-only", "--quiet"], [ruff, "format", "--quiet"]):
        done = subprocess.run([*command, "--stdin-filename", name, "-"], input=text, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"{command[1]} failed on the code generated from {origin}:\n{done.stderr}")
        text = done.stdout
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a generated file is out of date")
    check = parser.parse_args(argv).check
    stale = []
    docs = field_docs.declared_docs(field_docs.PARAMS.read_text(encoding="utf-8"))
    originals = {origin: origin.read_text(encoding="utf-8") for origin in FILES}
    documented = {
        origin: field_docs.fill(source, field_docs.FACES.get(origin, {}), docs, origin)
        for origin, source in originals.items()
    }
    outputs = {origin: documented[origin] for origin in FILES if documented[origin] != originals[origin]}
    outputs.update({target: unasync(documented[origin], origin) for origin, target in FILES.items()})
    outputs[FUNCTIONS] = module_functions(outputs[PACKAGE / "client.py"])
    for target, generated in outputs.items():
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if generated == current:
            continue
        stale.append(target.relative_to(ROOT).as_posix())
        if not check:
            target.write_text(generated, encoding="utf-8")
    if check and stale:
        print(f"out of date (run python scripts/unasync.py): {', '.join(stale)}", file=sys.stderr)
        return 1
    for name in stale:
        print(f"wrote {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
