"""quitx._http.body: bodies decoded layer by layer, under one cap that applies while decoding."""

from __future__ import annotations

import gzip
import tracemalloc
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st
from testnet.hostile_world import gzip_bomb

from quitx._http.body import MAX_LAYERS, Body, BodyError


def deflate(data: bytes, *, raw: bool = False) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS if raw else zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


def encode(data: bytes, codings: list[str]) -> bytes:
    """``data`` with ``codings`` applied in order, as ``Content-Encoding: a, b`` says."""
    for coding in codings:
        data = gzip.compress(data) if coding == "gzip" else deflate(data)
    return data


def decode(wire: bytes, content_encoding: str, cap: int, chunk: int = 4096) -> tuple[bytes, bool]:
    body = Body(content_encoding, cap)
    for i in range(0, len(wire), chunk):
        if body.feed(wire[i : i + chunk]):
            break
    return body.close(), body.truncated


@pytest.mark.parametrize(
    "codings", [[], ["gzip"], ["deflate"], ["gzip", "gzip"], ["deflate", "gzip"], ["gzip", "deflate", "gzip"]]
)
def test_every_stack_of_encodings_decodes(codings: list[str]) -> None:
    data = b"<html>" + b"Universit\xc3\xa9 Exemple " * 5000 + b"</html>"
    assert decode(encode(data, codings), ", ".join(codings), cap=1_000_000) == (data, False)


def test_raw_deflate_as_some_servers_send_it() -> None:
    data = b"x" * 10_000
    assert decode(deflate(data, raw=True), "deflate", cap=100_000) == (data, False)


def test_identity_and_unknown_tokens_are_ignored() -> None:
    assert decode(b"plain", "identity, utf-8", cap=100) == (b"plain", False)


@given(st.binary(max_size=20_000), st.integers(1, 30_000), st.integers(1, 5000))
def test_any_body_any_cap_any_chunking(data: bytes, cap: int, chunk: int) -> None:
    got, truncated = decode(gzip.compress(data), "gzip", cap=cap, chunk=chunk)
    assert got == data[:cap]
    assert truncated is (len(data) > cap)


def test_the_cap_applies_while_decoding_a_stacked_bomb() -> None:
    bomb = gzip_bomb(1 << 30, layers=2)  # 1 GiB of zeros in a few kB, gzip over gzip
    assert len(bomb) < 10_000
    tracemalloc.start()
    try:
        got, truncated = decode(bomb, "gzip, gzip", cap=1_000_000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert truncated and got == bytes(1_000_000)
    assert peak < 8_000_000  # the cap and a few pieces, never the 1 GiB


def test_a_stream_that_never_inflates_past_the_cap_still_ends() -> None:
    # the wire itself counts: a gzip stream of empty blocks that inflates to nothing is cut too
    packer = zlib.compressobj(6, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    empty_blocks = b"".join(packer.compress(b"") + packer.flush(zlib.Z_FULL_FLUSH) for _ in range(100_000))
    body = Body("gzip", 1000)
    assert body.feed(empty_blocks) is True and body.close() == b"" and body.truncated


@pytest.mark.parametrize(
    ("encoding", "wire", "message"),
    [
        ("br", b"\x0b\x02\x80hello\x03", "was not asked for"),
        ("zstd", b"\x28\xb5\x2f\xfd", "was not asked for"),
        ("gzip", b"not gzip at all", "does not inflate"),
        ("deflate", b"\xff\xff\xff\xff", "does not inflate"),
        (", ".join(["gzip"] * (MAX_LAYERS + 1)), b"", "stacked"),
    ],
)
def test_bodies_that_cannot_be_decoded_are_errors(encoding: str, wire: bytes, message: str) -> None:
    with pytest.raises(BodyError, match=message):
        decode(wire, encoding, cap=1000)
