"""Textual 8 kept the drawn lines of every widget ever drawn (up to 1,024 of them) alive in a
cache keyed on them (`dartfit.mend`): a screen closed is forgotten whole."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from dartfit import mend
from dartfit.app import make_app
from dartfit.dialogs.help import HelpScreen
from tests.conftest import SHIPPED


async def test_the_lines_a_closed_screen_drew_are_not_kept(tmp_path: Path) -> None:
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        drawn = [weakref.ref(w._styles_cache) for w in help_screen.query("*")]
        assert drawn
        await pilot.press("escape")
        del help_screen
        # the closed screen's widgets are removed over the next few turns of the loop (more
        # of them under load): wait for that, not a fixed time; a leak keeps them for ever
        for _ in range(200):
            await pilot.pause()
            gc.collect()
            if all(ref() is None for ref in drawn):
                break
        assert [ref for ref in drawn if ref() is not None] == []


def test_the_mend_is_applied_only_to_the_leaking_method() -> None:
    """A newer Textual without the leak is left as it is (and this says so)."""
    mend.mend_textual()
    assert not mend.leaking()
    mend.mend_textual()  # again: nothing more
    assert not mend.leaking()
