"""A response body as the engine reads it: decoded layer by layer, under one byte cap.

The cap (``max_body_bytes``, or the probe's own) applies to the *decoded* bytes, and it applies
while decoding: each layer of ``Content-Encoding`` inflates at most `PIECE` bytes at a time, each
piece goes through the next layer at once, and decoding stops as soon as the decoded body passes
the cap. A gzip bomb — 1.8 kB of ``Content-Encoding: gzip, gzip`` that would inflate to 2 GB —
costs the cap and a few pieces of memory, never the 2 GB (httpx's own decoders inflate a whole
network chunk at once, so the cap came after the damage). The bytes on the wire are capped too
(at twice the cap, plus 64 kB: a stream that inflates to nothing cannot run forever either; the
request's deadline bounds its time).

Decoded: ``gzip`` (``x-gzip``) and ``deflate`` (zlib-wrapped, or raw as some servers send it),
stacked up to `MAX_LAYERS` deep; ``identity`` and tokens that name no compression are ignored, as
browsers and httpx do. ``br``, ``zstd`` and ``compress`` are never asked for (the engine sends
``Accept-Encoding: gzip, deflate``): a body in one of them is unreadable, as is one that does not
inflate (`BodyError`).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Sequence

__all__ = ["ACCEPT_ENCODING", "MAX_LAYERS", "PIECE", "Body", "BodyError"]

ACCEPT_ENCODING = "gzip, deflate"
MAX_LAYERS = 3  # real servers stack none or one; each layer costs a decompressor's window
PIECE = 64 * 1024  # bytes one layer may inflate before the next layer and the cap see them
_GZIP = frozenset({"gzip", "x-gzip"})
_UNSUPPORTED = frozenset({"br", "zstd", "compress", "x-compress"})


class BodyError(Exception):
    """The body cannot be decoded (an unsupported or broken ``Content-Encoding``)."""


class _Layer:
    """One ``Content-Encoding`` undone, a bounded piece at a time."""

    def __init__(self, coding: str) -> None:
        self.coding = coding
        # gzip has its header; deflate is zlib-wrapped by the standard, raw from some servers
        self._inflate = zlib.decompressobj(zlib.MAX_WBITS | 16 if coding in _GZIP else zlib.MAX_WBITS)
        self._raw_tried = coding in _GZIP

    def feed(self, data: bytes) -> Iterator[bytes]:
        while True:
            try:
                out = self._inflate.decompress(data, PIECE)
            except zlib.error as exc:
                if self._raw_tried:
                    raise BodyError(f"the {self.coding} body does not inflate: {exc}") from exc
                self._raw_tried = True  # a raw deflate stream: start again without the zlib header
                self._inflate = zlib.decompressobj(-zlib.MAX_WBITS)
                continue
            self._raw_tried = True
            data = self._inflate.unconsumed_tail
            if not out:
                return  # everything given is inflated (a full piece may leave more: ask again)
            yield out

    def flush(self) -> Iterator[bytes]:
        yield from self.feed(b"")
        try:
            rest = self._inflate.flush()
        except zlib.error as exc:  # pragma: no cover - zlib reports broken streams in decompress
            raise BodyError(f"the {self.coding} body does not inflate: {exc}") from exc
        if rest:
            yield rest


def _layers(content_encoding: str) -> list[_Layer]:
    codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
    unsupported = [c for c in codings if c in _UNSUPPORTED]
    if unsupported:
        raise BodyError(f"Content-Encoding {unsupported[0]!r} was not asked for ({ACCEPT_ENCODING})")
    layers = [_Layer(c) for c in reversed(codings) if c in _GZIP or c == "deflate"]  # last applied first
    if len(layers) > MAX_LAYERS:
        raise BodyError(f"{len(layers)} stacked Content-Encodings (at most {MAX_LAYERS} are read)")
    return layers


class Body:
    """Bytes from the wire in, the decoded body out, at most ``cap`` bytes of it."""

    def __init__(self, content_encoding: str, cap: int) -> None:
        self.cap = cap
        self.truncated = False
        self._layers = _layers(content_encoding)
        self._chunks: list[bytes] = []
        self._size = 0
        self._wire = 0
        # compressed bytes may outweigh what they decode to (headers, incompressible data): a margin
        self._wire_cap = 2 * cap + 65536 if self._layers else cap

    def feed(self, chunk: bytes) -> bool:
        """Take bytes from the wire; True once the cap is passed (read no more)."""
        self._wire += len(chunk)
        if self._wire > self._wire_cap:  # a stream that never inflates past the cap still ends here
            self.truncated = True
        self._take(_through(self._layers, 0, chunk))
        return self.truncated

    def close(self) -> bytes:
        """The end of the stream: what the layers still hold, then the decoded body."""
        if not self.truncated:
            for i, layer in enumerate(self._layers):
                self._take(piece for out in layer.flush() for piece in _through(self._layers, i + 1, out))
                if self.truncated:
                    break
        return b"".join(self._chunks)[: self.cap]

    def _take(self, pieces: Iterator[bytes]) -> None:
        for piece in pieces:
            if self._size > self.cap:
                break
            self._chunks.append(piece)
            self._size += len(piece)
            if self._size > self.cap:
                self.truncated = True
                break


def _through(layers: Sequence[_Layer], start: int, data: bytes) -> Iterator[bytes]:
    """``data`` through ``layers[start:]``, depth first: no layer runs ahead of what is taken."""
    if start == len(layers):
        if data:
            yield data
        return
    for piece in layers[start].feed(data):
        yield from _through(layers, start + 1, piece)
