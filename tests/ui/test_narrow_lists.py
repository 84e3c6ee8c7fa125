"""A list squeezed to nothing: a key storm in a real terminal opened the command palette and
resized the terminal to 12 × 5 and back; the palette's list wrapped its options at its width
less their padding, 0, and rich's wrap raised "range() arg 3 must not be zero", ending the
game (a hostile pass). Every OptionList (the palette's, the level list) keeps room for a
letter."""

from __future__ import annotations

from pathlib import Path

import pytest

from dartfit.app import make_app


@pytest.mark.parametrize("start", ["first-throw", None], ids=["level", "title"])
async def test_the_palette_and_level_list_survive_any_narrow_terminal(
    tmp_path: Path, start: str | None
) -> None:
    app = make_app(data_dir=tmp_path, start=start, all_open=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        if start is None:
            await pilot.press("enter")  # the level list, under the palette
            await pilot.pause()
        await pilot.press("ctrl+p", "l")
        await pilot.pause()
        for width in range(1, 24):
            for height in (3, 5, 8):
                await pilot.resize_terminal(width, height)
                await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert app.is_running and getattr(app, "_exception", None) is None
