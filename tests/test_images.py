"""_images.encode_image / encode_images: everything users pass as an image becomes plain base64."""

from __future__ import annotations

import base64
import io
import os
from pathlib import Path
from typing import Any

import pytest

from ollama_python import Image, OllamaError, RequestError
from ollama_python._images import encode_image, encode_images

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(7))  # 23 bytes: its base64 ends with "="
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01"
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00"
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 "
WAV = b"RIFF\x24\x08\x00\x00WAVEfmt "
BMP = b"BM" + bytes(20)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def refused(image: Any, argument: str = "images[0]") -> RequestError:
    with pytest.raises(RequestError) as caught:
        encode_image(image, argument)
    error = caught.value
    assert error.argument == argument
    assert isinstance(error, ValueError) and isinstance(error, OllamaError)
    assert str(error).startswith(argument)
    return error


# -- raw bytes and files -------------------------------------------------------------------------
@pytest.mark.parametrize("value", [PNG, bytearray(PNG), memoryview(PNG)], ids=["bytes", "bytearray", "memoryview"])
def test_bytes_like(value: bytes | bytearray | memoryview) -> None:
    assert encode_image(value, "images[0]") == b64(PNG)


def test_bytes_are_encoded_whatever_they_contain() -> None:
    # Raw bytes are the caller's explicit data: no signature check.
    assert encode_image(b"not an image", "images[0]") == b64(b"not an image")


@pytest.fixture
def png_file(tmp_path: Path) -> Path:
    path = tmp_path / "cat.png"
    path.write_bytes(PNG)
    return path


def test_path_object(png_file: Path) -> None:
    assert encode_image(png_file, "images[0]") == b64(PNG)


def test_str_path(png_file: Path) -> None:
    assert encode_image(str(png_file), "images[0]") == b64(PNG)


def test_file_without_image_signature_is_sent(tmp_path: Path) -> None:
    path = tmp_path / "audio.raw"
    path.write_bytes(b"\x01\x02\x03")
    assert encode_image(str(path), "images[0]") == b64(b"\x01\x02\x03")


def test_open_binary_file(png_file: Path) -> None:
    with png_file.open("rb") as file:
        assert encode_image(file, "images[0]") == b64(PNG)
    assert encode_image(io.BytesIO(JPEG), "images[0]") == b64(JPEG)


def test_text_mode_file_refused(png_file: Path, tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with text.open("r") as file:
        error = refused(file)
    assert "'rb'" in str(error)
    error = refused(io.StringIO("iVBORw0KGgo="))
    assert "binary mode" in str(error)


def test_closed_file_refused(png_file: Path) -> None:
    file = png_file.open("rb")
    file.close()
    refused(file)


def test_write_only_file_refused(tmp_path: Path) -> None:
    with (tmp_path / "out.png").open("wb") as file:
        refused(file)


def test_missing_path_object(tmp_path: Path) -> None:
    error = refused(tmp_path / "missing.png")
    assert "missing.png" in str(error)


@pytest.mark.parametrize("name", ["missing.png", "photos/cat.jpg", "C:\\pics\\cat.jpeg", "./x.webp"])
def test_missing_str_path(name: str) -> None:
    error = refused(name)
    assert "no such image file" in str(error)
    assert name in str(error) or repr(name)[1:-1] in str(error)


def test_directory_refused(tmp_path: Path) -> None:
    refused(tmp_path)


# -- Image wrapper -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "make",
    [
        lambda path: Image(PNG),
        lambda path: Image(path),
        lambda path: Image(str(path)),
        lambda path: Image(b64(PNG)),
        lambda path: Image("data:image/png;base64," + b64(PNG)),
    ],
    ids=["bytes", "Path", "str-path", "base64", "data-url"],
)
def test_image_wrapper(png_file: Path, make: Any) -> None:
    assert encode_image(make(png_file), "images[0]") == b64(PNG)


def test_image_wrapper_with_bad_value() -> None:
    refused(Image(5))  # type: ignore[arg-type]
    refused(Image("hello"))


# -- base64 text ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "data",
    [PNG, JPEG, GIF, WEBP, WAV, BMP, b"GIF87a" + bytes(6), b"\xff\xd8\xff\xdb" + bytes(8)],
    ids=["png", "jpeg", "gif89", "webp", "wav", "bmp", "gif87", "jpeg-dqt"],
)
def test_base64_of_known_signatures_passed_through(data: bytes) -> None:
    text = b64(data)
    assert encode_image(text, "images[0]") == text


@pytest.mark.parametrize(
    "prefix",
    [
        "data:image/png;base64,",
        "DATA:IMAGE/PNG;BASE64,",
        "data:image/png;charset=utf-8;base64,",
        "data:audio/wav;base64,",
    ],
)
def test_data_url_prefix_stripped(prefix: str) -> None:
    assert encode_image(prefix + b64(PNG), "images[0]") == b64(PNG)


def test_url_safe_base64_converted() -> None:
    data = b"\xff\xd8\xff" + bytes([0xFB, 0xEF, 0xBE, 0xFF, 0xFF]) * 3
    url_safe = base64.urlsafe_b64encode(data).decode()
    assert "-" in url_safe or "_" in url_safe
    assert encode_image(url_safe, "images[0]") == b64(data)
    assert encode_image(url_safe.rstrip("="), "images[0]") == b64(data)


def test_whitespace_and_newlines_removed() -> None:
    text = b64(PNG + bytes(60))
    wrapped = "\n".join(text[i : i + 16] for i in range(0, len(text), 16))
    assert encode_image(wrapped + "\n", "images[0]") == text
    assert encode_image("  " + text[:10] + " \t " + text[10:] + "\r\n", "images[0]") == text
    assert encode_image(base64.encodebytes(PNG + bytes(60)).decode(), "images[0]") == text


@pytest.mark.parametrize("strip", [1, 2])
def test_padding_added(strip: int) -> None:
    data = PNG if strip == 1 else PNG + b"\x00\x00"
    text = b64(data)
    assert text.endswith("=" * strip) and not text.endswith("=" * (strip + 1))
    assert encode_image(text.rstrip("="), "images[0]") == text


def test_result_is_standard_base64_the_server_accepts() -> None:
    data = b"\xff\xd8\xff" + os.urandom(64)
    result = encode_image("data:image/jpeg;base64," + base64.urlsafe_b64encode(data).decode().rstrip("="), "x")
    assert base64.b64decode(result, validate=True) == data
    assert len(result) % 4 == 0


@pytest.mark.parametrize(
    "data",
    [b"hello world, this is not an image at all", bytes(range(1, 40)), b"%PDF-1.7\n" + bytes(10)],
    ids=["text", "random", "pdf"],
)
def test_base64_of_unrecognised_bytes_is_left_to_the_server(data: bytes) -> None:
    # Was refused; a server may read formats we do not recognise (AVIF, HEIC, documents).
    assert encode_image(b64(data), "images[0]") == b64(data)


@pytest.mark.parametrize(
    "text", ["hello", "", "   ", "!!!!", "nope", "iVBORw0KGgo*AAAA", "photo.png", "dir/a", b64(bytes(12))]
)
def test_text_that_is_neither_file_nor_base64_refused(text: str) -> None:
    refused(text)


# -- lists ---------------------------------------------------------------------------------------
def test_encode_images_mixed_list(png_file: Path) -> None:
    result = encode_images([PNG, png_file, str(png_file), b64(JPEG), Image(GIF), io.BytesIO(WEBP)], "images")
    assert result == [b64(PNG), b64(PNG), b64(PNG), b64(JPEG), b64(GIF), b64(WEBP)]


def test_encode_images_accepts_tuples_and_generators() -> None:
    assert encode_images((PNG,), "images") == [b64(PNG)]
    assert encode_images((item for item in [JPEG, GIF]), "images") == [b64(JPEG), b64(GIF)]
    assert encode_images([], "images") == []


@pytest.mark.parametrize(
    ("images", "argument"),
    [
        ([PNG, "hello"], "images[1]"),
        ([PNG, JPEG, 5], "images[2]"),
        (["missing.png"], "images[0]"),
        ([PNG, io.StringIO("x")], "images[1]"),
    ],
)
def test_error_names_the_list_item(images: list[Any], argument: str) -> None:
    with pytest.raises(RequestError) as caught:
        encode_images(images, "images")
    assert caught.value.argument == argument
    assert str(caught.value).startswith(argument)


def test_item_index_under_a_message_argument() -> None:
    with pytest.raises(RequestError) as caught:
        encode_images([PNG, "nope"], "messages[3].images")
    assert caught.value.argument == "messages[3].images[1]"


@pytest.mark.parametrize("images", [PNG, b64(PNG), Path("x.png"), Image(PNG), 5, None])
def test_encode_images_needs_a_list(images: Any) -> None:
    with pytest.raises(RequestError) as caught:
        encode_images(images, "images")
    assert caught.value.argument == "images"
    assert "list of images" in str(caught.value)


@pytest.mark.parametrize("value", [5, 1.5, None, ["nested"], {"data": b64(PNG)}, object()])
def test_wrong_type_refused(value: Any) -> None:
    error = refused(value)
    assert type(value).__name__ in str(error)
