"""Decompressing a gzip or deflate reply a bounded piece at a time.

A few kilobytes of gzip can inflate to hundreds of megabytes. Decoded in one call per network
read (as httpx does), one read alone can take tens of megabytes; decoded here, no piece is larger
than ``PIECE``, so the reply size limit is checked before memory grows.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator, Iterator

PIECE = 1 << 20
ENCODINGS = frozenset({"gzip", "x-gzip", "deflate"})


class BoundedDecoder:
    """Decodes one reply's ``Content-Encoding`` (gzip or deflate)."""

    def __init__(self, encoding: str) -> None:
        self._gzip = encoding != "deflate"
        self._engine = zlib.decompressobj(16 + zlib.MAX_WBITS if self._gzip else zlib.MAX_WBITS)
        self._started = False

    def pieces(self, data: bytes) -> Iterator[bytes]:
        """The decoded bytes of ``data``, at most ``PIECE`` at a time; ``zlib.error`` if corrupt."""
        if not self._started and not self._gzip:
            self._started = True
            if data and (data[0] & 0x0F) != 8:  # "deflate" sent without its zlib header, as some servers do
                self._engine = zlib.decompressobj(-zlib.MAX_WBITS)
        piece = self._engine.decompress(data, PIECE)
        while piece:
            yield piece
            piece = self._engine.decompress(self._engine.unconsumed_tail, PIECE)

    def end(self) -> bytes:
        """What is left once the body ended."""
        return self._engine.flush()


async def decoded(raw: AsyncIterator[bytes], encoding: str) -> AsyncIterator[bytes]:
    """``raw`` bytes of a reply, decoded a bounded piece at a time."""
    decoder = BoundedDecoder(encoding)
    async for data in raw:
        for piece in decoder.pieces(data):
            yield piece
    tail = decoder.end()
    if tail:
        yield tail
