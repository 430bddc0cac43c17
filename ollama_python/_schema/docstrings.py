"""Docstring parsing: a summary and per-parameter descriptions (Google, NumPy and reST styles)."""

from __future__ import annotations

import dataclasses
import inspect
import re
from collections.abc import Callable


# -- docstrings ----------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Docstring:
    """What a docstring says, split into the free text and the per-parameter descriptions.

    Attributes:
        description: The summary and description: everything before the first section.
        params: Parameter (or attribute) name to description.
    """

    description: str = ""
    params: dict[str, str] = dataclasses.field(default_factory=dict)


_GOOGLE_HEADER = re.compile(
    r"^(args|arguments|parameters|params|keyword args|keyword arguments|kwargs|other parameters|attributes|"
    r"returns?|raises|yields?|examples?|notes?|warnings?|todo|see also|references|methods)\s*:\s*$",
    re.IGNORECASE,
)
_GOOGLE_PARAM_SECTIONS = frozenset(
    {"args", "arguments", "parameters", "params", "keyword args", "keyword arguments", "kwargs", "other parameters"}
    | {"attributes"}
)
_GOOGLE_ENTRY = re.compile(r"^\*{0,2}(?P<name>\w+)\s*(\([^)]*\))?\s*:\s*(?P<text>.*)$")
_NUMPY_RULE = re.compile(r"^\s*-{3,}\s*$")
_NUMPY_PARAM_SECTIONS = frozenset({"parameters", "other parameters", "attributes", "keyword arguments", "params"})
_NUMPY_ENTRY = re.compile(r"^(?P<names>\*{0,2}\w+(\s*,\s*\*{0,2}\w+)*)\s*(:.*)?$")
_REST_FIELD = re.compile(r"^:(?P<kind>\w+)(?P<words>[^:]*):\s*(?P<text>.*)$")
_REST_PARAM_KINDS = frozenset({"param", "parameter", "arg", "argument", "key", "keyword", "ivar", "var", "cvar"})


def parse_docstring(doc: str | None) -> Docstring:
    """Split a Google, NumPy or reST docstring into its description and parameter descriptions.

    Args:
        doc: The docstring (raw or cleaned), or None.

    Returns:
        The free text before the first section, and a name → description map read from Google
        ``Args:``/``Arguments:``/``Attributes:`` sections, NumPy ``Parameters``/``Attributes``
        sections and reST ``:param x:``/``:ivar x:`` fields. Types written in the docstring
        (``x (int):``, ``x : int``, ``:type x:``) are ignored: type hints are the source of types.
    """
    if not doc:
        return Docstring()
    lines = inspect.cleandoc(doc).expandtabs().splitlines()
    description: list[str] = []
    params: dict[str, str] = {}
    index, in_sections = 0, False
    while index < len(lines):
        next_index = _section(lines, index, params)
        if next_index is not None:
            index, in_sections = next_index, True
            continue
        if not in_sections:
            description.append(lines[index])
        index += 1
    return Docstring("\n".join(description).strip(), params)


def _section(lines: list[str], index: int, params: dict[str, str]) -> int | None:
    """Parse the section starting at ``lines[index]``; the index after it, or None if none starts."""
    line = lines[index]
    stripped = line.strip()
    if stripped and index + 1 < len(lines) and _NUMPY_RULE.match(lines[index + 1]) and not _NUMPY_RULE.match(line):
        return _numpy_section(lines, index, params)
    if _GOOGLE_HEADER.match(stripped):
        return _google_section(lines, index, params)
    if _REST_FIELD.match(stripped):
        return _rest_field(lines, index, params)
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _google_section(lines: list[str], index: int, params: dict[str, str]) -> int:
    header = lines[index]
    is_params = header.strip().rstrip(":").strip().lower() in _GOOGLE_PARAM_SECTIONS
    base = _indent(header)
    end = index + 1
    while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > base):
        end += 1
    if is_params:
        _read_entries(lines[index + 1 : end], params, _google_names)
    return end


def _google_names(text: str) -> tuple[list[str], str] | None:
    match = _GOOGLE_ENTRY.match(text)
    return ([match["name"]], match["text"]) if match else None


def _numpy_section(lines: list[str], index: int, params: dict[str, str]) -> int:
    is_params = lines[index].strip().lower() in _NUMPY_PARAM_SECTIONS
    end = index + 2
    while end < len(lines) and not (end + 1 < len(lines) and lines[end].strip() and _NUMPY_RULE.match(lines[end + 1])):
        end += 1
    if is_params:
        _read_entries(lines[index + 2 : end], params, _numpy_names)
    return end


def _numpy_names(text: str) -> tuple[list[str], str] | None:
    match = _NUMPY_ENTRY.match(text)
    if not match:
        return None
    return [name.strip().lstrip("*") for name in match["names"].split(",")], ""


def _read_entries(body: list[str], params: dict[str, str], read: Callable[[str], tuple[list[str], str] | None]) -> None:
    """Entries start at the body's smallest indentation; deeper lines continue the current one."""
    filled = [line for line in body if line.strip()]
    if not filled:
        return
    base = min(_indent(line) for line in filled)
    names: list[str] = []
    for line in filled:
        if _indent(line) == base:
            entry = read(line.strip())
            names = entry[0] if entry else []
            for name in names:
                params[name] = entry[1].strip() if entry else ""
        else:
            for name in names:
                params[name] = f"{params[name]} {line.strip()}".strip()


def _rest_field(lines: list[str], index: int, params: dict[str, str]) -> int:
    match = _REST_FIELD.match(lines[index].strip())
    assert match is not None
    base = _indent(lines[index])
    end = index + 1
    text = [match["text"].strip()]
    while end < len(lines) and lines[end].strip() and _indent(lines[end]) > base:
        text.append(lines[end].strip())
        end += 1
    words = match["words"].split()
    if match["kind"].lower() in _REST_PARAM_KINDS and words:
        params[words[-1].lstrip("*")] = " ".join(part for part in text if part)
    return end
