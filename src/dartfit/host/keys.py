"""The class's keys (`dartfit host --keys FILE`): an authorized_keys file read line by line,
each line a public key or refused in a line that names it.

asyncssh's own reader skips a line it can't read without a word: a student's key pasted
in two pieces, or mistyped, left that student out of the class, and a file of no keys at
all (empty) started a class nobody could join.
"""

from __future__ import annotations

import re
from pathlib import Path

import asyncssh

from dartfit.files import NotRegular, TooBig, not_a_file, read_at_most, wide_text

MAX_KEYS_BYTES = 1 << 20
"""The largest authorized_keys file read (a class's keys are a few kilobytes)."""

LIMITS = ("from", "cert-authority", "principals", "expiry-time")
"""Options of an authorized_keys line that limit who may log in with its key: the host
lets a listed key in by its fingerprint alone, so a line that asks for one is refused
rather than read as letting in more than it says (`cert-authority` let the authority's
own key in, and none of the keys it signs)."""

_LINE_END = re.compile(r"\r\n|\r|\n")


def read_keys(path: Path) -> frozenset[str]:
    """The fingerprints of the keys an authorized_keys file lists: a regular file of UTF-8
    text, at most MAX_KEYS_BYTES (never /dev/zero read for ever, nor a FIFO waited on), of
    at least one key. Raises ValueError saying what is wrong with it (and on which line),
    OSError when it can't be read."""
    try:
        data = read_at_most(path, MAX_KEYS_BYTES)
    except NotRegular as odd:
        raise ValueError(not_a_file(odd.kind, "a file of keys")) from None
    except TooBig:
        raise ValueError(
            f"more than {MAX_KEYS_BYTES // 1024} KB: not an authorized_keys file"
        ) from None
    wide = wide_text(data)  # Notepad's "Unicode", named as what it is
    if wide is not None:
        raise ValueError(f"{wide}: save it as plain UTF-8")
    try:
        # a byte order mark first (Notepad's "UTF-8") made the first key no key: "no valid
        # entries found" for a file of one good key
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text: save it as plain UTF-8") from None
    found = set()
    for number, line in enumerate(_LINE_END.split(text), start=1):
        entry = line.strip()
        if entry and not entry.startswith("#"):
            found.add(_fingerprint(entry, number))
    if not found:
        raise ValueError("lists no public key: no student could join")
    return frozenset(found)


def _fingerprint(entry: str, number: int) -> str:
    """The fingerprint of the one key an authorized_keys line lists, or ValueError."""
    try:
        keys = asyncssh.import_authorized_keys(entry)
    except (ValueError, asyncssh.KeyImportError) as e:
        said = str(e)
        why = (
            "not a public key" if said == "No valid entries found" else said[:1].lower() + said[1:]
        )
        raise ValueError(
            f"line {number}: {why} (one key a line, as ssh-keygen writes it)"
        ) from None
    # asyncssh keeps its entries in private tables
    entries = [*getattr(keys, "_user_entries", []), *getattr(keys, "_ca_entries", [])]
    if len(entries) != 1 or getattr(entries[0], "key", None) is None:
        raise ValueError(
            f"line {number}: not one public key (one key a line, as ssh-keygen writes it)"
        )
    # sshd reads an option's name in any case (FROM= is from=); asyncssh keeps it as written
    named = {name.lower() for name in entries[0].options}
    limits = [option for option in LIMITS if option in named]
    if limits:
        raise ValueError(
            f"line {number}: its option {limits[0]} limits who may log in, which dartfit host"
            " does not check: list the key alone"
        )
    return str(entries[0].key.get_fingerprint())
