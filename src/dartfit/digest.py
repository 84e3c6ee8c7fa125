"""SHA-256 digests (file names in the cache, marks of paths), from CPython's own SHA-2 where
it has it, as `random` takes its sha512: hashlib's sha256 is OpenSSL's, and importing hashlib
sets OpenSSL's digests up, 0.6 MB of a game's resident memory for a few short digests a
start. The same digest either way; hashlib's where CPython was built without its own."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Protocol


class _Hash(Protocol):
    def hexdigest(self) -> str: ...


def _sha256() -> Callable[[bytes], _Hash]:
    """CPython's own SHA-256 (`_sha2` from 3.12, `_sha256` before), else hashlib's."""
    for name in ("_sha2", "_sha256"):
        try:
            found: Callable[[bytes], _Hash] = importlib.import_module(name).sha256
        except (ImportError, AttributeError):
            continue
        return found
    import hashlib

    return hashlib.sha256


_SHA256 = _sha256()


def sha256_hex(data: bytes) -> str:
    """The SHA-256 digest of `data`, in hex."""
    return _SHA256(data).hexdigest()
