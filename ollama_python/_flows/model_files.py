"""Which files of a folder named by ``FROM`` (or ``ADAPTER``) make up a model.

Selected the way ``ollama create`` selects them, never the whole folder: the weights of the first
kind found (``model*.safetensors``, ``consolidated*.safetensors``, ``pytorch_model*.bin``,
``consolidated*.pth``, ``*.gguf``, then ``*.bin``), the JSON configuration and tokenizer files,
``chat_template.jinja`` and ``tokenizer.model``. Only the folder itself is searched, plus one level
of subfolders for the few files models keep there (sharded safetensors, a nested ``config.json``,
``tokenizer.model``). A home or root folder is refused: it is never what a Modelfile meant.
"""

from __future__ import annotations

import fnmatch
import os

from ..errors import RequestError

# The first pattern with a match names the weights; the rest of the list is not looked at.
_WEIGHTS = (
    "model*.safetensors",
    "consolidated*.safetensors",
    "pytorch_model*.bin",
    "consolidated*.pth",
    "*.gguf",
    "*.bin",
)
_ALWAYS = ("*.json", "chat_template.jinja", "tokenizer.model")
_NESTED = ("*.json", "tokenizer.model")  # also one subfolder down


def model_files(folder: str) -> list[str]:
    """The files to upload for ``folder``, as ``/``-separated paths relative to it."""
    _refuse_broad(folder)
    top = _files(folder, "")
    nested = [path for sub in _subfolders(folder) for path in _files(folder, sub)]
    weights: list[str] = []
    for pattern in _WEIGHTS:
        weights = _matching(top, pattern)
        if weights:
            break
    if not weights:
        raise RequestError(
            f"the folder {folder!r} named in the Modelfile has no model weights (*.safetensors, *.gguf, "
            "*.bin, *.pth files)",
            argument="model_file",
        )
    if weights[0].startswith("model") and weights[0].endswith(".safetensors"):
        weights += _matching(nested, "model*.safetensors")
    for path in weights:
        _refuse_lfs_pointer(folder, path)
    extras = [path for pattern in _ALWAYS for path in _matching(top, pattern)]
    extras += [path for pattern in _NESTED for path in _matching(nested, pattern)]
    return list(dict.fromkeys(weights + extras))


def _files(folder: str, sub: str) -> list[str]:
    directory = os.path.join(folder, sub)
    names = sorted(entry.name for entry in os.scandir(directory) if entry.is_file() and not entry.name.startswith("."))
    return [f"{sub}/{name}" if sub else name for name in names]


def _subfolders(folder: str) -> list[str]:
    return sorted(entry.name for entry in os.scandir(folder) if entry.is_dir() and not entry.name.startswith("."))


def _matching(paths: list[str], pattern: str) -> list[str]:
    return [path for path in paths if fnmatch.fnmatchcase(path.rpartition("/")[2], pattern)]


def _refuse_lfs_pointer(folder: str, path: str) -> None:
    """A weights file that is still a Git LFS pointer (a clone without ``git lfs pull``) is no model."""
    full = os.path.join(folder, path)
    if os.path.getsize(full) > 1024:
        return
    with open(full, "rb") as file:
        if file.read(64).startswith(b"version https://git-lfs"):
            raise RequestError(
                f"{full} is a Git LFS pointer, not the weights: run `git lfs pull` in {folder!r} first",
                argument="model_file",
            )


def _refuse_broad(folder: str) -> None:
    real = os.path.realpath(folder)
    home = os.path.realpath(os.path.expanduser("~"))
    if real == home or os.path.dirname(real) == real:
        raise RequestError(
            f"the Modelfile names the folder {folder!r}, which is a home or root folder: name the folder "
            "that holds the model's files",
            argument="model_file",
        )
