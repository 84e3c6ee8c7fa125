"""The host strips ESC inside a bracketed paste, as terminals do: nothing pasted acts as a
key, and outside a paste every byte passes at once."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dartfit.host.paste import END, START, PasteGuard

ESC = b"\x1b"


def _fed(chunks: list[bytes]) -> bytes:
    guard = PasteGuard()
    return b"".join(guard.feed(chunk) for chunk in chunks)


def _split(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts})
    return [data[a:b] for a, b in zip([0, *points], [*points, len(data)], strict=True)]


def test_an_escape_sequence_inside_a_paste_arrives_as_text() -> None:
    typed = b"\x1b[A" + START + b"x\x1b[31m2\x1b[201" + END + b"\x1b[B"
    assert _fed([typed]) == b"\x1b[A" + START + b"x[31m2[201" + END + b"\x1b[B"


def test_a_lone_escape_key_passes_at_once() -> None:
    guard = PasteGuard()
    assert guard.feed(ESC) == ESC  # not held back for a paste that may follow
    assert guard.feed(b"[200") == b"[200"


@given(
    st.lists(st.binary(max_size=12), max_size=6),
    st.lists(st.integers(min_value=0), max_size=8),
)
def test_any_split_of_the_input_gives_what_the_whole_gives(
    parts: list[bytes], cuts: list[int]
) -> None:
    """Pastes among ordinary keys, cut into chunks anywhere (even inside a marker): the same
    bytes come out, and no ESC is inside a paste."""
    data = b"".join(p if i % 2 == 0 else START + p + END for i, p in enumerate(parts))
    whole = _fed([data])
    assert _fed(_split(data, cuts)) == whole
    inside = False
    i = 0
    while i < len(whole):
        if whole.startswith(START, i):
            inside, i = True, i + len(START)
        elif whole.startswith(END, i):
            inside, i = False, i + len(END)
        else:
            assert not (inside and whole[i : i + 1] == ESC)
            i += 1
