"""A student's pasted text reaches the game as text, never as keys.

A terminal brackets a paste (ESC [200~ … ESC [201~) and strips ESC from what it pastes, so
nothing pasted can end the paste or act as a key. A client over SSH or a websocket need not:
Textual's parser, given an escape sequence inside a paste, replays its characters as keys
(the digits of `ESC [31m` would answer a question). The host does what a terminal does: it
drops ESC inside a paste. Outside one every byte passes at once (a lone ESC is a key).
"""

from __future__ import annotations

from dartfit.steady.pastes import may_begin

START, END = b"\x1b[200~", b"\x1b[201~"


class PasteGuard:
    """Feed it a client's input chunk by chunk; it returns what the game may read."""

    def __init__(self) -> None:
        self.inside = False
        self._seen = b""  # outside: the last bytes passed, for a start split across chunks
        self._held = b""  # inside: bytes that may begin the end marker, held back

    def feed(self, data: bytes) -> bytes:
        out = bytearray()
        while data:
            if not self.inside:
                look = self._seen + data
                at = look.find(START)
                if at < 0:
                    out += data
                    self._seen = look[-(len(START) - 1) :]
                    return bytes(out)
                split = at + len(START) - len(self._seen)  # where the start ends in data
                out += data[:split]
                data, self._seen, self.inside = data[split:], b"", True
            else:
                look = self._held + data
                at = look.find(END)
                if at < 0:
                    keep = may_begin(look, END)
                    out += look[: len(look) - keep].replace(b"\x1b", b"")
                    self._held = look[len(look) - keep :]
                    return bytes(out)
                out += look[:at].replace(b"\x1b", b"") + END
                data, self._held, self.inside = look[at + len(END) :], b"", False
        return bytes(out)
