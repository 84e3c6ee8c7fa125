"""What a paste's marker needs: a marker looked for across reads, at the cost of a few
searches of each read. No Textual here: the class host's own paste guard uses it too (what
text pasted without a paste's marks costs: `floods`)."""

from __future__ import annotations

from typing import AnyStr


def may_begin(data: AnyStr, marker: AnyStr) -> int:
    """How many characters (or bytes) at the end of `data` could begin `marker`."""
    for keep in range(min(len(marker) - 1, len(data)), 0, -1):
        if marker.startswith(data[-keep:]):
            return keep
    return 0
