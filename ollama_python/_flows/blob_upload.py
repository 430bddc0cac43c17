"""Blob uploads: hash a file while reading it, ask the server first, upload only if it lacks it."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import IO, Any

from .. import _arguments, _payloads
from .._request import ApiRequest, Blocking, Flow, Upload
from ..errors import RequestError, ResponseError
from .progress_bars import bytes_bar

_CHUNK = 1 << 20


def file_digest(path: str, on_read: Callable[[int], Any] | None = None) -> str:
    """``sha256:<hex>`` of a file, read in 1 MiB pieces (model files are gigabytes)."""
    import hashlib  # here, not at import time: `import ollama_python` stays fast

    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(_CHUNK), b""):
            digest.update(chunk)
            if on_read is not None:
                on_read(len(chunk))
    return "sha256:" + digest.hexdigest()


def upload_flow(path: Any, timeout: Any = None, progress: bool = False, extra_headers: Any = None) -> Flow[str]:
    """Make sure the server has the blob for ``path``; the result is its digest.

    The file is hashed, the server asked (``HEAD``), the bytes uploaded only if it lacks them.
    ``HEAD`` is only an optimisation: any answer but 200 (404, 405, 500, a proxy's page) means
    "upload". Once the server confirmed the upload (201/200) nothing more is sent for it: the
    server checks the bytes against the digest in the path. With ``progress``, hashing and
    uploading each show a byte bar. ``extra_headers`` go with both the ``HEAD`` and the upload.
    """
    filename = _readable_file(path)
    headers = _arguments.extra_headers(extra_headers)  # checked before a gigabyte file is hashed
    size, label = os.path.getsize(filename), os.path.basename(filename)
    hashing = bytes_bar(f"hashing {label}", size, progress)
    try:
        digest: str = yield Blocking(lambda: file_digest(filename, hashing.update if hashing else None))
    finally:
        _close(hashing)
    try:
        present = yield _payloads.with_extras(_payloads.check_blob(digest, timeout), None, headers)
    except ResponseError:  # a server or proxy without HEAD support: upload anyway
        present = False
    if present:
        return digest
    uploading = bytes_bar(f"uploading {label}", size, progress)
    try:
        yield ApiRequest(
            "POST",
            f"/api/blobs/{digest}",
            bool,
            upload=Upload(open=lambda: _open(filename, uploading), size=size),
            status_results={200: True, 201: True},
            timeout=_arguments.call_timeout(timeout),
            headers=headers,
        )
    finally:
        _close(uploading)
    return digest


def _open(filename: str, bar: Any) -> IO[bytes]:
    """The file for one upload attempt (the transport closes it after sending)."""
    if bar is not None:
        bar.reset()  # a retried attempt starts again from zero
    try:
        file = open(filename, "rb")  # noqa: SIM115 - closed by the transport
    except OSError as error:
        raise _unreadable(filename, error) from error
    return UploadReader(file, filename, None if bar is None else bar.update)  # type: ignore[return-value]


class UploadReader:
    """The file being uploaded, as the transports read it: a failing read (the file removed or
    its disk gone during the upload) is our ``RequestError`` naming the file, not a lost
    connection; ``on_read`` counts the bytes for an upload bar.
    """

    def __init__(self, file: IO[bytes], filename: str, on_read: Any = None) -> None:
        self._file = file
        self._filename = filename
        self._on_read = on_read

    def read(self, size: int = -1) -> bytes:
        try:
            data = self._file.read(size)
        except OSError as error:
            raise _unreadable(self._filename, error) from error
        if self._on_read is not None:
            self._on_read(len(data))
        return data

    def __enter__(self) -> UploadReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.close()

    def __getattr__(self, name: str) -> Any:  # fileno, seek, tell, close: the file's own
        return getattr(self._file, name)


def _unreadable(filename: str, error: OSError) -> RequestError:
    return RequestError(
        f"could not read {filename!r} while uploading it ({error.strerror or error}); was it moved or changed?",
        argument="path",
    )


def _close(bar: Any) -> None:
    if bar is not None:
        bar.close()


def _readable_file(path: Any) -> str:
    if not isinstance(path, (str, os.PathLike)):
        raise RequestError(f"path must be a file path, got {type(path).__name__}", argument="path")
    filename = os.fspath(path)
    if not os.path.isfile(filename):
        raise RequestError(f"no such file: {filename!r}", argument="path")
    if not os.access(filename, os.R_OK):
        raise RequestError(f"cannot read {filename!r}: permission denied", argument="path")
    return filename
