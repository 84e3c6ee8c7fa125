"""dartfit's SHA-256 (CPython's own, not OpenSSL's) gives hashlib's digest."""

from __future__ import annotations

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from dartfit.digest import sha256_hex


@given(st.binary(max_size=4096))
def test_the_digest_is_hashlibs(data: bytes) -> None:
    assert sha256_hex(data) == hashlib.sha256(data).hexdigest()


def test_the_digest_of_nothing_and_of_a_long_text() -> None:
    assert sha256_hex(b"") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    long = bytes(range(256)) * 4096  # past any one block
    assert sha256_hex(long) == hashlib.sha256(long).hexdigest()
