"""Blob uploads: hash a file while reading it, ask the server first, upload only if it lacks it."""

from __future__ import annotations

import hashlib
import os
from typing import Any

from . import _payloads
from ._request import ApiRequest, Blocking, Flow, Upload
from .errors import RequestError

_CHUNK = 1 << 20


def file_digest(path: str) -> str:
    """``sha256:<hex>`` of a file, read in 1 MiB pieces (model files are gigabytes)."""
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(_CHUNK), b""):
            digest.update(chunk)
    return "sha256:" + digest.hexdigest()


def upload_flow(path: Any, timeout: Any = None) -> Flow[str]:
    """Make sure the server has the blob for ``path``; the result is its digest."""
    filename = _readable_file(path)
    digest: str = yield Blocking(lambda: file_digest(filename))
    if not (yield _payloads.check_blob(digest, timeout)):
        yield ApiRequest(
            "POST",
            f"/api/blobs/{digest}",
            bool,
            # The transport opens the file for each attempt and closes it after sending.
            upload=Upload(open=lambda: open(filename, "rb"), size=os.path.getsize(filename)),  # noqa: SIM115
            status_results={200: True, 201: True},
            timeout=_payloads.call_timeout(timeout),
        )
    return digest


def _readable_file(path: Any) -> str:
    if not isinstance(path, (str, os.PathLike)):
        raise RequestError(f"path must be a file path, got {type(path).__name__}", argument="path")
    filename = os.fspath(path)
    if not os.path.isfile(filename):
        raise RequestError(f"no such file: {filename!r}", argument="path")
    if not os.access(filename, os.R_OK):
        raise RequestError(f"cannot read {filename!r}: permission denied", argument="path")
    return filename
