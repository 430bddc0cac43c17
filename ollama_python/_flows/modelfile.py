"""Modelfiles, parsed client-side into the JSON form of ``/api/create``.

Servers since v0.5.5 ignore the old ``modelfile`` field, so Modelfile text (from older tutorials,
or a file on disk) is read here: ``FROM``/``ADAPTER`` naming local files become uploaded blobs,
the other instructions become ``template``, ``system``, ``parameters`` (typed like ``options``),
``messages``, ``license`` and ``requires``. Relative paths are resolved against the Modelfile's
folder, and a missing file is reported before anything is uploaded.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import _payloads
from .._request import Flow
from ..errors import RequestError
from ..types import Options, ProgressResponse
from . import blob_upload
from .model_files import model_files
from .progress_bars import stream_flag, with_bars

logger = logging.getLogger("ollama_python")

_INSTRUCTIONS = ("FROM", "ADAPTER", "TEMPLATE", "SYSTEM", "PARAMETER", "MESSAGE", "LICENSE", "REQUIRES")
_WEIGHT_SUFFIXES = (".gguf", ".bin", ".safetensors", ".ggml")
_ROLES = ("system", "user", "assistant", "tool")


@dataclass
class Modelfile:
    """What a Modelfile says, with local files still as paths."""

    from_model: str | None = None
    from_path: str | None = None
    adapter_paths: list[str] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)


def load(source: Any) -> Modelfile:
    """Parse Modelfile text, or the Modelfile at a path."""
    if not isinstance(source, (str, os.PathLike)):
        raise RequestError(
            f"model_file must be Modelfile text or a path, got {type(source).__name__}", argument="model_file"
        )
    text = os.fspath(source)
    if "\n" not in text and os.path.isfile(text):
        with open(text, encoding="utf-8") as file:
            return parse(file.read(), os.path.dirname(os.path.abspath(text)))
    if "\n" not in text and _first_word(text).upper() not in _INSTRUCTIONS:
        raise RequestError(
            f"no such Modelfile: {text!r} (pass a path to a file or the Modelfile's text)", argument="model_file"
        )
    return parse(text, os.getcwd())


def parse(text: str, base_dir: str) -> Modelfile:
    """Parse Modelfile text; relative paths are resolved against ``base_dir``."""
    modelfile = Modelfile()
    parameters: dict[str, Any] = {}
    for line_number, instruction, argument in _instructions(text):
        if instruction == "FROM":
            _set_from(modelfile, argument, base_dir, line_number)
        elif instruction == "ADAPTER":
            modelfile.adapter_paths.append(_existing_path(argument, base_dir, line_number))
        elif instruction == "PARAMETER":
            name, value = _split_pair(argument, line_number, "PARAMETER needs a name and a value")
            _add_parameter(parameters, name.lower(), _unquote(value))
        elif instruction == "MESSAGE":
            role, content = _split_pair(argument, line_number, "MESSAGE needs a role and a text")
            if role.lower() not in _ROLES:
                raise RequestError(
                    f"Modelfile line {line_number}: unknown MESSAGE role {role!r}", argument="model_file"
                )
            modelfile.fields.setdefault("messages", []).append({"role": role.lower(), "content": _unquote(content)})
        elif instruction == "LICENSE":
            modelfile.fields.setdefault("license", []).append(argument)
        else:
            modelfile.fields[instruction.lower()] = argument
    if parameters:
        modelfile.fields["parameters"] = parameters
    if modelfile.from_model is None and modelfile.from_path is None:
        raise RequestError("the Modelfile has no FROM line", argument="model_file")
    return modelfile


def create_flow(
    name: str | None, stream: bool, params: Mapping[str, Any], source: Any, progress: bool = False
) -> Flow[Any]:
    """Upload the Modelfile's local files, then create the model (explicit arguments win)."""
    modelfile = load(source)
    upload = {"timeout": params.get("timeout"), "progress": progress, "extra_headers": params.get("extra_headers")}
    fields: dict[str, Any] = dict(modelfile.fields)
    if modelfile.from_path is not None:
        fields["files"] = yield from _upload_all(modelfile.from_path, upload)
    else:
        fields["from_"] = modelfile.from_model
    if modelfile.adapter_paths:
        adapters: dict[str, str] = {}
        for path in modelfile.adapter_paths:
            adapters.update((yield from _upload_all(path, upload)))
        fields["adapters"] = adapters
    fields.update({key: value for key, value in params.items() if value is not None})
    request = _payloads.create(name, stream_flag(stream, progress), fields)
    if progress:
        return (yield from with_bars(request))
    result: ProgressResponse = yield request
    return result


def _upload_all(path: str, upload: dict[str, Any]) -> Flow[dict[str, str]]:
    """Blobs for a weights file, or for the model files of a folder: name -> digest.

    ``upload`` holds the call's ``timeout``, ``progress`` and ``extra_headers`` for each upload.
    """
    if os.path.isfile(path):
        return {os.path.basename(path): (yield from blob_upload.upload_flow(path, **upload))}
    names = model_files(path)
    _announce(path, names, upload["progress"])
    digests = {}
    for relative in names:
        digests[relative] = yield from blob_upload.upload_flow(os.path.join(path, relative), **upload)
    return digests


def _announce(folder: str, names: list[str], progress: bool) -> None:
    """Say which files are about to be uploaded (on standard error with progress=True), before any is sent."""
    size = sum(os.path.getsize(os.path.join(folder, name)) for name in names)
    text = f"uploading {len(names)} files ({size / 2**30:.2f} GiB) from {folder}: {', '.join(names)}"
    logger.info(text)
    if progress:
        print(text, file=sys.stderr, flush=True)


def _set_from(modelfile: Modelfile, argument: str, base_dir: str, line_number: int) -> None:
    if modelfile.from_model is not None or modelfile.from_path is not None:
        raise RequestError(f"Modelfile line {line_number}: more than one FROM", argument="model_file")
    if _looks_like_path(argument) or os.path.exists(_resolve(argument, base_dir)):
        modelfile.from_path = _existing_path(argument, base_dir, line_number)
    else:
        modelfile.from_model = argument


def _looks_like_path(value: str) -> bool:
    return value.startswith((".", "/", "~")) or value.lower().endswith(_WEIGHT_SUFFIXES)


def _existing_path(argument: str, base_dir: str, line_number: int) -> str:
    path = _resolve(argument, base_dir)
    if not os.path.exists(path):
        raise RequestError(f"Modelfile line {line_number}: no such file or folder: {path}", argument="model_file")
    return path


def _resolve(argument: str, base_dir: str) -> str:
    return os.path.normpath(os.path.join(base_dir, os.path.expanduser(argument)))


def _add_parameter(parameters: dict[str, Any], name: str, value: str) -> None:
    if name == "stop":
        parameters.setdefault("stop", []).append(value)
        return
    kind = Options.__dataclass_fields__[name].type if name in Options.__dataclass_fields__ else None
    parameters[name] = _typed(value, str(kind))


def _typed(value: str, kind: str) -> Any:
    """A PARAMETER value in the JSON type the server expects (as the ollama CLI converts them)."""
    lowered = value.lower()
    if "bool" in kind or (kind == "None" and lowered in ("true", "false")):
        if lowered not in ("true", "false"):
            raise RequestError(f"PARAMETER value {value!r} must be true or false", argument="model_file")
        return lowered == "true"
    for convert in (int, float) if "float" not in kind else (float,):
        try:
            return convert(value)
        except ValueError:
            continue
    if kind != "None":
        raise RequestError(f"PARAMETER value {value!r} is not a number", argument="model_file")
    return value


def _instructions(text: str) -> Iterator[tuple[int, str, str]]:
    """(line number, INSTRUCTION, argument) for each instruction; triple-quoted text may span lines."""
    position = 0
    while position < len(text):
        line_end = text.find("\n", position)
        line_end = len(text) if line_end == -1 else line_end
        line = text[position:line_end].strip()
        line_number = text.count("\n", 0, position) + 1
        if not line or line.startswith("#"):
            position = line_end + 1
            continue
        word = _first_word(line)
        instruction = word.upper()
        if instruction not in _INSTRUCTIONS:
            raise RequestError(f"Modelfile line {line_number}: unknown instruction {word!r}", argument="model_file")
        start = text.index(word, position) + len(word)
        argument, position = _argument(text, start, line_number)
        yield line_number, instruction, argument


def _argument(text: str, start: int, line_number: int) -> tuple[str, int]:
    """The instruction's argument and where the next line starts."""
    match = re.compile(r'[ \t]*(?:([^\n"]*?)[ \t]*)?"""').match(text, start)
    if match is not None:
        close = text.find('"""', match.end())
        if close == -1:
            raise RequestError(f'Modelfile line {line_number}: """ is never closed', argument="model_file")
        prefix = (match.group(1) or "").strip()
        body = text[match.end() : close]
        end = text.find("\n", close)
        return (f"{prefix} {body}" if prefix else body), (len(text) if end == -1 else end + 1)
    end = text.find("\n", start)
    end = len(text) if end == -1 else end
    return _unquote(text[start:end].strip()), end + 1


def _split_pair(argument: str, line_number: int, message: str) -> tuple[str, str]:
    parts = argument.split(None, 1)
    if len(parts) != 2:
        raise RequestError(f"Modelfile line {line_number}: {message}", argument="model_file")
    return parts[0], parts[1]


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1].replace('\\"', '"')
    return value


def _first_word(text: str) -> str:
    parts = text.split(None, 1)
    return parts[0] if parts else ""
