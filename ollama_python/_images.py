"""Turn what users pass as an image into the plain base64 text the server accepts.

Accepted: bytes, a path (``str`` or ``PathLike``), an open binary file, base64 text, a
``data:...;base64,`` URL, or ``Image`` wrapping any of those. The
server rejects ``data:`` prefixes and the URL-safe alphabet, and a typo in a file name would
otherwise be sent as "base64", so both are handled here, before anything is sent.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from typing import Any

from .errors import RequestError
from .types import Image

# Leading bytes of the formats vision and audio models take (the images field carries audio too).
_SIGNATURES = (
    b"\x89PNG",  # PNG
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",  # GIF
    b"BM",  # BMP
    b"II*\x00",  # TIFF, little-endian
    b"MM\x00*",  # TIFF, big-endian
    b"\x00\x00\x01\x00",  # ICO
    b"RIFF",  # WebP, WAV
    b"ID3",  # MP3 with tags
    b"\xff\xfb",  # MP3 frame
    b"\xff\xf3",
    b"\xff\xf2",
    b"fLaC",  # FLAC
    b"OggS",  # Ogg
)
_DATA_URL = re.compile(r"^data:[\w.+-]+/[\w.+-]+(;[\w-]+=[^;,]*)*;base64,", re.IGNORECASE)
_MAX_PATH_LENGTH = 4096
_MIN_MEDIA_BYTES = 16  # shorter "base64" is a word like "nope", not an image in any format


def encode_images(images: Any, argument: str) -> list[str]:
    """Encode a sequence of images; errors name the offending item (``images[2]``)."""
    if isinstance(images, (str, bytes, os.PathLike, Image)) or not hasattr(images, "__iter__"):
        raise RequestError(f"{argument} must be a list of images, got {type(images).__name__}", argument=argument)
    return [encode_image(image, f"{argument}[{index}]") for index, image in enumerate(images)]


def encode_image(image: Any, argument: str) -> str:
    """Plain standard base64 for one image."""
    value = image.value if isinstance(image, Image) else image
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, os.PathLike):
        return base64.b64encode(_read_file(os.fspath(value), argument)).decode("ascii")
    if hasattr(value, "read"):
        return _encode_file_object(value, argument)
    if isinstance(value, str):
        return _encode_text(value, argument)
    raise RequestError(
        f"{argument} must be bytes, a path, a binary file or base64 text, got {type(value).__name__}",
        argument=argument,
    )


def _encode_text(text: str, argument: str) -> str:
    if len(text) < _MAX_PATH_LENGTH and os.path.isfile(text):
        return base64.b64encode(_read_file(text, argument)).decode("ascii")
    payload = _DATA_URL.sub("", text.strip(), count=1)
    payload = "".join(payload.split()).replace("-", "+").replace("_", "/")
    payload += "=" * (-len(payload) % 4)
    try:
        decoded = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        decoded = b""
    if decoded.startswith(_SIGNATURES):
        return payload
    if len(text) < _MAX_PATH_LENGTH and ("/" in text or "\\" in text or "." in text[-6:]):
        raise RequestError(f"{argument}: no such image file: {text!r}", argument=argument)
    if (
        len(decoded) >= _MIN_MEDIA_BYTES
    ):  # base64 of a format we do not recognise (AVIF, HEIC, a PDF...): the server decides
        return payload
    raise RequestError(
        f"{argument} is neither an existing file nor base64 text (of an image, or audio for audio models)",
        argument=argument,
    )


def _encode_file_object(file: Any, argument: str) -> str:
    try:
        data = file.read()
    except (OSError, ValueError) as error:  # ValueError: the file was already closed
        raise RequestError(f"{argument}: could not read the file object: {error}", argument=argument) from error
    if not isinstance(data, (bytes, bytearray)):
        raise RequestError(f"{argument}: open the file in binary mode ('rb')", argument=argument)
    return base64.b64encode(data).decode("ascii")


def _read_file(path: str, argument: str) -> bytes:
    try:
        with open(path, "rb") as file:
            return file.read()
    except OSError as error:
        raise RequestError(
            f"{argument}: cannot read image file {path!r}: {error.strerror}", argument=argument
        ) from error
