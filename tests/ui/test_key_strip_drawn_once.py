"""The key under a chart is drawn again only when what it names, or its size, changes: a
nudge that leaves the key's entries as they were draws no key (it drew the strip and
compared its rows again at every key, to find nothing changed)."""

from __future__ import annotations

from textual.app import App, ComposeResult

from dartfit.pictures.key_strip import KeyEntry
from dartfit.widgets import key_strip
from dartfit.widgets.key_strip import KeyStrip
from tests.ui.typing import settled

POINTS: KeyEntry = (("●",), "point", ("points",))
SQUARES: KeyEntry = (("□",), "square", ("area = miss²",))


class _Strip(App[None]):
    def compose(self) -> ComposeResult:
        yield KeyStrip(id="key")


async def test_the_same_entries_are_not_drawn_again_and_new_ones_are(monkeypatch) -> None:
    drawn: list[tuple[KeyEntry, ...]] = []
    draw_key = key_strip.draw_key

    def counted(entries, width, height):  # type: ignore[no-untyped-def]
        drawn.append(tuple(entries))
        return draw_key(entries, width, height)

    monkeypatch.setattr(key_strip, "draw_key", counted)
    app = _Strip()
    async with app.run_test(size=(60, 10)) as pilot:
        strip = app.query_one("#key", KeyStrip)
        await pilot.pause()
        strip.show_key([POINTS], lambda width: 1)
        await settled(pilot, lambda: strip.size.height == 1)  # the one row it keeps
        await pilot.pause()
        before = len(drawn)
        assert before and "points" in strip.text()
        for _ in range(3):  # nudges naming the same marks
            strip.show_key([POINTS], lambda width: 1)
        assert len(drawn) == before
        strip.show_key([POINTS, SQUARES], lambda width: 1)  # a square comes into view
        assert drawn[-1] == (POINTS, SQUARES)
        assert "area = miss²" in strip.text()
        strip.show_key([POINTS], lambda width: 1)  # and goes
        assert drawn[-1] == (POINTS,) and "area" not in strip.text()
        await pilot.resize_terminal(50, 10)
        await settled(pilot, lambda: strip.size.width == 50)
        await pilot.pause()
        resized = len(drawn)
        assert resized > before + 2  # drawn again at its new width
        assert strip.text().startswith("● points") and len(strip.text().split("\n")[0]) == 50
