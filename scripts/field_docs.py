"""Write the ``Args`` entries of request fields and transport options into hand-written methods.

A request field or transport option is documented once, by the docstring under its declaration
in ``ollama_python/_params.py``. Every method that sends that field (and every constructor taking
the option) gets the same text in its ``Args`` section, written here; the entries of other parameters (``prompt``, ``stream``...) are
kept as written. ``unasync.py`` runs this before generating the sync code.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "ollama_python"
PARAMS = PACKAGE / "_params.py"
WIDTH = 100

# hand-written file -> method -> the declaration of the fields it sends
FACES = {
    PACKAGE / "endpoints" / "async_generate.py": {
        "generate": "GenerateParams",
        "generate_chat_completion": "ChatParams",
    },
    PACKAGE / "endpoints" / "async_embedding.py": {
        "embed": "EmbedParams",
        "embed_batch": "EmbedParams",
        "get_embedding": "EmbeddingsParams",
    },
    PACKAGE / "endpoints" / "async_model_management.py": {
        "create": "CreateParams",
        "pull": "TransferParams",
        "push": "TransferParams",
    },
    # The constructors: their transport options are declared once, in TransportOptions.
    PACKAGE / "endpoints" / "_base.py": {"__init__": "TransportOptions"},
    PACKAGE / "_client_base.py": {"__init__": "TransportOptions"},
    PACKAGE / "async_client.py": {
        "generate": "GenerateParams",
        "chat": "ChatParams",
        "embed": "EmbedParams",
        "embed_batch": "EmbedParams",
        "embeddings": "EmbeddingsParams",
        "create": "CreateParams",
        "pull": "TransferParams",
        "push": "TransferParams",
    },
}


def declared_docs(source: str) -> dict[str, dict[str, str]]:
    """Declaration name -> field -> its docstring, including the fields of its bases."""
    classes = {node.name: node for node in ast.parse(source).body if isinstance(node, ast.ClassDef)}

    def fields(name: str) -> dict[str, str]:
        node = classes[name]
        found: dict[str, str] = {}
        for base in node.bases:
            if isinstance(base, ast.Name) and base.id in classes:
                found.update(fields(base.id))
        for statement, following in zip(node.body, node.body[1:], strict=False):
            if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
                text = following.value.value if isinstance(following, ast.Expr) else None
                if isinstance(text, str):
                    found[statement.target.id] = " ".join(inspect.cleandoc(text).split())
        return found

    return {name: fields(name) for name in classes}


def fill(source: str, faces: dict[str, str], docs: dict[str, dict[str, str]], origin: Path) -> str:
    """``source`` with the field entries of each face's ``Args`` section rewritten from ``docs``."""
    lines = source.splitlines(keepends=True)
    sections = []
    for method in _methods(ast.parse(source)):
        if method.name in faces:
            where = f"{origin.name}: {method.name}"
            sections.append((*_args_section(lines, method, where), method, docs[faces[method.name]], where))
    for start, end, method, fields, where in sorted(sections, key=lambda section: section[0], reverse=True):
        lines[start:end] = _entries(lines[start:end], method, fields, where)
    return "".join(lines)


def _methods(tree: ast.Module) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [
        node
        for cls in tree.body
        if isinstance(cls, ast.ClassDef)
        for node in cls.body
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and not any(isinstance(d, ast.Name) and d.id == "overload" for d in node.decorator_list)
    ]


def _args_section(lines: list[str], method: ast.FunctionDef | ast.AsyncFunctionDef, where: str) -> tuple[int, int]:
    """The line range of the entries under the docstring's ``Args:`` header."""
    docstring = method.body[0]
    if not (isinstance(docstring, ast.Expr) and isinstance(docstring.value, ast.Constant)):
        raise SystemExit(f"{where}: no docstring")
    first, last = docstring.lineno - 1, docstring.end_lineno or docstring.lineno
    header = next((index for index in range(first, last) if lines[index].strip() == "Args:"), None)
    if header is None:
        raise SystemExit(f"{where}: the docstring needs an Args: section")
    indent = _indent(lines[header])
    end = header + 1
    while end < last and (not lines[end].strip() or _indent(lines[end]) > indent):
        end += 1
    while not lines[end - 1].strip():  # keep the blank line before the next section
        end -= 1
    return header + 1, end


def _entries(
    section: list[str], method: ast.FunctionDef | ast.AsyncFunctionDef, fields: dict[str, str], where: str
) -> list[str]:
    indent = " " * _indent(section[0])
    written: dict[str, list[str]] = {}
    for line in section:
        if _indent(line) == len(indent) and ":" in line:
            name = line.strip().split(":", 1)[0].lstrip("*")
            written[name] = []
        written[name].append(line)
    arguments = method.args
    listed = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs, *filter(None, [arguments.kwarg])]
    names = [argument.arg for argument in listed]
    entries: list[str] = []
    for name in names[1:]:  # self
        if name in fields:
            text = textwrap.fill(
                f"{name}: {fields[name]}", WIDTH, initial_indent=indent, subsequent_indent=indent + "    "
            )
            entries.extend(line + "\n" for line in text.splitlines())
        elif name in written:
            entries.extend(written[name])
        else:
            raise SystemExit(f"{where}: parameter {name!r} is neither a declared field nor in Args:")
    return entries


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())
